/**
 * numpy's default percentile, private to the metric kernels.
 *
 * @module
 */
import { select } from "./select.ts";

/**
 * `np.percentile(sorted, q)` with numpy's default `method="linear"` on an
 * ascending, NaN-free array: virtual index `h = (n − 1)·q/100`, then
 * numpy's `_lerp` between the neighbours `a = sorted[⌊h⌋]` and
 * `b = sorted[⌊h⌋ + 1]` (`a + (b − a)·t`, or `b − (b − a)·(1 − t)` when
 * `t ≥ 0.5`, which keeps the result monotone and exact at the ends). NaN for
 * an empty array.
 */
export function percentileSorted(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  if (n === 0 || !(q >= 0 && q <= 100)) return NaN;
  const h = (n - 1) * (q / 100);
  const lo = Math.floor(h);
  const a = sorted[lo]!;
  if (lo >= n - 1) return a;
  const b = sorted[lo + 1]!;
  const t = h - lo;
  const d = b - a;
  return t >= 0.5 ? b - d * (1 - t) : a + d * t;
}

/** The non-NaN values of `values`, sorted ascending (a new array). */
export function sortedFinite(values: Float64Array): Float64Array {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) n++;
  const out = new Float64Array(n);
  let j = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (x === x) out[j++] = x;
  }
  return out.sort();
}

/**
 * The non-NaN values of `values` (a new array), ordered just enough for the
 * 5 % and 95 % tails: the first `⌊(n − 1)·0.05⌋ + 2` values are the smallest,
 * sorted ascending, and the positions `⌊(n − 1)·0.95⌋` and the one after hold
 * the values a full ascending sort puts there. What the tail ratio, VaR and
 * CVaR at their default cutoffs read is then exactly what they read from
 * {@linkcode sortedFinite}, in O(n) instead of a sort.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sortedFinite, tailOrderedFinite } from "./_percentile.ts";
 * const r = Float64Array.from({ length: 1000 }, (_, i) => Math.sin(i * 12.9898) * 0.01);
 * const full = sortedFinite(r), part = tailOrderedFinite(r);
 * const k = Math.floor(999 * 0.05), j = Math.floor(999 * 0.95);
 * assert.deepEqual(part.subarray(0, k + 2), full.subarray(0, k + 2));
 * assert.ok(part[j] === full[j] && part[j + 1] === full[j + 1]);
 * ```
 */
export function tailOrderedFinite(values: Float64Array): Float64Array {
  if (values.length >= BOUNDED_MIN) {
    const out = tailOrderedByBounds(values);
    if (out !== undefined) return out;
  }
  let n = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) n++;
  const out = new Float64Array(n);
  let m = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (x === x) out[m++] = x;
  }
  if (n < 64) return out.sort();
  const front = Math.floor((n - 1) * 0.05) + 1; // the last index of the sorted front
  const j = Math.floor((n - 1) * 0.95);
  select(out, front, 0, n - 1);
  out.subarray(0, front + 1).sort();
  if (j > front) {
    select(out, j, front + 1, n - 1);
    if (j + 1 < n) select(out, j + 1, j + 1, n - 1);
  }
  return out;
}

/** Below this many values, {@linkcode tailOrderedFinite} selects in place; from it on, it bounds the tails first. */
const BOUNDED_MIN = 65_536;
/** Values sampled (at a fixed stride) to bound the tails. */
const SAMPLES = 8192;

/**
 * {@linkcode tailOrderedFinite} for long series, in two passes and two small
 * sorts: bounds from a strided sample a little inside the 6.2 % and 93.8 %
 * quantiles (about 4 standard errors of the sample's 5 % quantile beyond
 * it), then the values strictly below the low bound (the smallest ones,
 * sorted) in front, those strictly above the high bound at the back (its two
 * positions selected), the rest between. Undefined when a bound misses its
 * tail (data whose sample misleads, e.g. many equal values): the caller then
 * selects in place.
 */
function tailOrderedByBounds(values: Float64Array): Float64Array | undefined {
  const stride = Math.floor(values.length / SAMPLES);
  const sample = new Float64Array(SAMPLES);
  let m = 0;
  for (let i = 0; i < SAMPLES; i++) {
    const x = values[i * stride]!;
    if (x === x) sample[m++] = x;
  }
  if (m < SAMPLES / 2) return undefined;
  const sorted = sample.subarray(0, m).sort();
  const lowBound = sorted[Math.floor(m * 0.062)]!, highBound = sorted[Math.ceil(m * 0.938)]!;
  if (!(lowBound < highBound)) return undefined;
  let n = 0, low = 0, high = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (x !== x) continue;
    n++;
    if (x < lowBound) low++;
    else if (x > highBound) high++;
  }
  const front = Math.floor((n - 1) * 0.05) + 1;
  const j = Math.floor((n - 1) * 0.95);
  if (low < front + 1 || high < n - j || j <= front) return undefined;
  const out = new Float64Array(n);
  let a = 0, mid = low, b = n - high;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (x !== x) continue;
    if (x < lowBound) out[a++] = x;
    else if (x > highBound) out[b++] = x;
    else out[mid++] = x;
  }
  out.subarray(0, low).sort();
  select(out, j, n - high, n - 1);
  if (j + 1 < n) select(out, j + 1, j + 1, n - 1);
  return out;
}
