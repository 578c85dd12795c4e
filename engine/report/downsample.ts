/**
 * Downsampling for charts: a 1M-bar run cannot be drawn point by point in a
 * small, quick HTML file, and the eye cannot see more than a few thousand
 * points anyway. The CSV and JSON files keep every bar.
 *
 * @module
 */

/**
 * Times (ms) and values of a downsampled curve.
 *
 * @example
 * ```ts
 * import type { Curve } from "./downsample.ts";
 * const c: Curve = { tsMs: Float64Array.of(0), values: Float64Array.of(1) };
 * console.log(c.values.length);
 * ```
 */
export interface Curve {
  readonly tsMs: Float64Array;
  readonly values: Float64Array;
}

/**
 * Keep at most about `maxPoints` points of a curve: split it into
 * `maxPoints / 2` buckets of consecutive bars and keep, in time order, each
 * bucket's lowest and highest point, so every peak and trough survives (the
 * max drawdown's trough is always drawn). A curve with at most `maxPoints`
 * points is returned whole; NaN values are skipped.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { minMaxDownsample } from "./downsample.ts";
 * const ts = Float64Array.from({ length: 8 }, (_, i) => i);
 * const c = minMaxDownsample(ts, Float64Array.of(5, 1, 7, 3, 2, 9, 4, 8), 4);
 * assert.deepEqual([...c.values], [1, 7, 2, 9]); // buckets [5,1,7,3] and [2,9,4,8]
 * assert.deepEqual([...c.tsMs], [1, 2, 4, 5]);
 * ```
 */
export function minMaxDownsample(tsMs: Float64Array, values: Float64Array, maxPoints: number): Curve {
  const n = Math.min(tsMs.length, values.length);
  if (n <= maxPoints) {
    let finite = 0;
    for (let i = 0; i < n; i++) if (values[i] === values[i]) finite++;
    if (finite === n) return { tsMs: tsMs.subarray(0, n), values: values.subarray(0, n) };
  }
  const buckets = Math.max(1, Math.floor(maxPoints / 2));
  const size = Math.max(1, Math.ceil(n / buckets));
  const outT: number[] = [], outV: number[] = [];
  for (let a = 0; a < n; a += size) {
    const b = Math.min(n, a + size);
    let lo = -1, hi = -1;
    for (let i = a; i < b; i++) {
      const v = values[i]!;
      if (v !== v) continue;
      if (lo < 0 || v < values[lo]!) lo = i;
      if (hi < 0 || v > values[hi]!) hi = i;
    }
    if (lo < 0) continue;
    const first = Math.min(lo, hi), second = Math.max(lo, hi);
    outT.push(tsMs[first]!);
    outV.push(values[first]!);
    if (second !== first) {
      outT.push(tsMs[second]!);
      outV.push(values[second]!);
    }
  }
  return { tsMs: Float64Array.from(outT), values: Float64Array.from(outV) };
}

/**
 * OHLC bars, possibly aggregated (see {@linkcode aggregateCandles}).
 *
 * @example
 * ```ts
 * import type { Candles } from "./downsample.ts";
 * const one = Float64Array.of(1);
 * const c: Candles = { tsMs: Float64Array.of(0), open: one, high: one, low: one, close: one, barsPerCandle: 1 };
 * console.log(c.barsPerCandle);
 * ```
 */
export interface Candles {
  /** Start time of each (aggregated) bar. */
  readonly tsMs: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  /** Bars per aggregated candle (1 when not aggregated). */
  readonly barsPerCandle: number;
  /** Volume of each candle (the sum of its bars'), when the bars had volume. */
  readonly volume?: Float64Array;
}

/**
 * Aggregate OHLC bars into at most `maxCandles` candles of `k` consecutive
 * bars each (`k` the smallest that fits): the first open, the highest high,
 * the lowest low, the last close, the summed volume (when given), stamped
 * with the first bar's time.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { aggregateCandles } from "./downsample.ts";
 * const c = aggregateCandles({
 *   tsMs: Float64Array.of(0, 1, 2, 3), open: Float64Array.of(1, 2, 3, 4), high: Float64Array.of(2, 5, 4, 6),
 *   low: Float64Array.of(0.5, 1, 2, 3), close: Float64Array.of(2, 3, 4, 5),
 * }, 2);
 * assert.equal(c.barsPerCandle, 2);
 * assert.deepEqual([...c.high], [5, 6]);
 * assert.deepEqual([...c.close], [3, 5]);
 * ```
 */
export function aggregateCandles(
  bars: {
    readonly tsMs: Float64Array;
    readonly open: Float64Array;
    readonly high: Float64Array;
    readonly low: Float64Array;
    readonly close: Float64Array;
    readonly volume?: Float64Array;
  },
  maxCandles: number,
): Candles {
  const n = bars.tsMs.length;
  const k = Math.max(1, Math.ceil(n / Math.max(1, maxCandles)));
  if (k === 1) return { ...bars, barsPerCandle: 1 };
  const m = Math.ceil(n / k);
  const tsMs = new Float64Array(m), open = new Float64Array(m), high = new Float64Array(m);
  const low = new Float64Array(m), close = new Float64Array(m);
  const vol = bars.volume, volume = vol === undefined ? undefined : new Float64Array(m);
  for (let j = 0; j < m; j++) {
    const a = j * k, b = Math.min(n, a + k);
    let h = -Infinity, l = Infinity, v = 0;
    for (let i = a; i < b; i++) {
      if (bars.high[i]! > h) h = bars.high[i]!;
      if (bars.low[i]! < l) l = bars.low[i]!;
    }
    if (vol !== undefined) { for (let i = a; i < b; i++) v += vol[i]!; }
    tsMs[j] = bars.tsMs[a]!;
    open[j] = bars.open[a]!;
    high[j] = h;
    low[j] = l;
    close[j] = bars.close[b - 1]!;
    if (volume !== undefined) volume[j] = v;
  }
  return { tsMs, open, high, low, close, barsPerCandle: k, ...(volume !== undefined && { volume }) };
}

/**
 * A per-bar series (an indicator) on candles of `barsPerCandle` bars: each
 * candle's value is its last bar's, the value at the candle's close, as the
 * candle's close is its last bar's close.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { lastPerCandle } from "./downsample.ts";
 * assert.deepEqual([...lastPerCandle(Float64Array.of(1, 2, 3, 4, 5), 2)], [2, 4, 5]);
 * ```
 */
export function lastPerCandle(values: Float64Array, barsPerCandle: number): Float64Array {
  if (barsPerCandle <= 1) return values;
  const n = values.length, m = Math.ceil(n / barsPerCandle);
  const out = new Float64Array(m);
  for (let j = 0; j < m; j++) out[j] = values[Math.min(n, (j + 1) * barsPerCandle) - 1]!;
  return out;
}

/**
 * The drawdown curve (`equity / peak − 1`, the peak starting at `initial`,
 * as {@linkcode drawdownSeries}) downsampled like
 * {@linkcode minMaxDownsample}, computed on the fly: a long curve never
 * becomes a full drawdown array.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { drawdownDownsample } from "./downsample.ts";
 * const ts = Float64Array.from({ length: 6 }, (_, i) => i);
 * const c = drawdownDownsample(ts, Float64Array.of(100, 75, 120, 90, 130, 117), 100, 4);
 * assert.deepEqual([...c.values], [0, -0.25, -0.25, 0]); // buckets of 3: [0, −0.25, 0] and [−0.25, 0, −0.1]
 * ```
 */
export function drawdownDownsample(
  tsMs: Float64Array,
  equity: Float64Array,
  initial: number,
  maxPoints: number,
): Curve {
  const n = Math.min(tsMs.length, equity.length);
  const buckets = n <= maxPoints ? n : Math.max(1, Math.floor(maxPoints / 2));
  const size = Math.max(1, Math.ceil(n / Math.max(1, buckets)));
  const outT: number[] = [], outV: number[] = [];
  let peak = initial > 0 && initial < Infinity ? initial : NaN;
  for (let a = 0; a < n; a += size) {
    const b = Math.min(n, a + size);
    let lo = -1, hi = -1, loV = 0, hiV = 0;
    for (let i = a; i < b; i++) {
      const e = equity[i]!;
      if (e > peak) peak = e;
      const d = peak > 0 ? e / peak - 1 : NaN;
      if (d !== d) continue;
      if (lo < 0 || d < loV) (lo = i), (loV = d);
      if (hi < 0 || d > hiV) (hi = i), (hiV = d);
    }
    if (lo < 0) continue;
    if (lo === hi || size === 1) {
      outT.push(tsMs[lo]!);
      outV.push(loV);
    } else {
      const [i1, v1, i2, v2] = lo < hi ? [lo, loV, hi, hiV] : [hi, hiV, lo, loV];
      outT.push(tsMs[i1]!, tsMs[i2]!);
      outV.push(v1, v2);
    }
  }
  return { tsMs: Float64Array.from(outT), values: Float64Array.from(outV) };
}
