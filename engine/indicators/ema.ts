/**
 * Exponential moving averages: the standard EMA (`alpha = 2/(n+1)`) and
 * Wilder's smoothing (`alpha = 1/n`, used by RSI and ATR), both seeded with
 * the exact SMA of the first `n` values.
 *
 * @module
 */

import { checkInt, prepareOut } from "./_util.ts";
import { smoothInto } from "./_smooth.ts";
import { z } from "zod";
import { defineIndicator, period, source } from "./define_indicator.ts";

/**
 * Exponential moving average with `alpha = 2 / (n + 1)`, seeded with the SMA.
 *
 * With no leading NaN: `out[n-1] = fsum(src[0..n-1]) / n` (the exact
 * {@linkcode sma} value), then for `i >= n`
 * `out[i] = alpha * src[i] + beta * out[i-1]`, evaluated exactly so in double
 * precision with `alpha = 2 / (n + 1)` and `beta = 1 - alpha`; `out[i]` is
 * NaN for `i < n-1`.
 *
 * Leading NaNs are skipped: if `src[s]` is the first non-NaN value, the seed
 * is the SMA of `src[s..s+n-1]`, written at index `s+n-1` (so the EMA of a
 * series with a NaN warm-up, such as another indicator, starts where its
 * first `n` defined values are). A NaN inside the seed window, or any NaN
 * after it, makes that output and every later one NaN (the recursion carries
 * it). If `s + n - 1 >= src.length` every output is NaN.
 *
 * @param src Input series.
 * @param n Period, an integer >= 1 (`n = 1` reproduces `src`).
 * @param out Optional preallocated output of length `src.length`; must not
 * overlap `src`.
 * @returns `out`, or a new array.
 * @throws {RangeError} on a bad `n` or `out`.
 *
 * @example EMA(3): alpha = 0.5, seeded with the SMA of the first 3 values
 * ```ts
 * import { ema } from "./ema.ts";
 * import assert from "node:assert/strict";
 * const out = ema(new Float64Array([2, 4, 6, 8, 12]), 3);
 * // seed (2+4+6)/3 = 4; then 0.5*8 + 0.5*4 = 6; 0.5*12 + 0.5*6 = 9
 * assert.deepEqual([...out], [NaN, NaN, 4, 6, 9]);
 * ```
 */
export function ema(
  src: Float64Array,
  n: number,
  out?: Float64Array,
): Float64Array {
  checkInt("ema", "n", n);
  const dst = prepareOut("ema", "out", out, src.length, [src]);
  smoothInto(src, n, false, dst);
  return dst;
}

/**
 * Wilder's smoothing (also called RMA or SMMA; an EMA with `alpha = 1/n`),
 * seeded with the SMA.
 *
 * With no leading NaN: `out[n-1] = fsum(src[0..n-1]) / n`, then for `i >= n`
 * `out[i] = (out[i-1] * (n - 1) + src[i]) / n`, evaluated exactly so in double
 * precision (Wilder's own form, as used by {@linkcode rsi} and
 * {@linkcode atr}); `out[i]` is NaN for `i < n-1`. Leading NaNs are skipped
 * and later NaNs propagate exactly as in {@linkcode ema}.
 *
 * @param src Input series.
 * @param n Period, an integer >= 1.
 * @param out Optional preallocated output of length `src.length`; must not
 * overlap `src`.
 * @returns `out`, or a new array.
 * @throws {RangeError} on a bad `n` or `out`.
 *
 * @example Wilder(3), seeded at index 2
 * ```ts
 * import { wilder } from "./ema.ts";
 * import assert from "node:assert/strict";
 * const out = wilder(new Float64Array([3, 6, 9, 12, 3]), 3);
 * // seed (3+6+9)/3 = 6; (6*2 + 12)/3 = 8; (8*2 + 3)/3 = 19/3
 * assert.deepEqual([...out], [NaN, NaN, 6, 8, 19 / 3]);
 * ```
 */
export function wilder(
  src: Float64Array,
  n: number,
  out?: Float64Array,
): Float64Array {
  checkInt("wilder", "n", n);
  const dst = prepareOut("wilder", "out", out, src.length, [src]);
  smoothInto(src, n, true, dst);
  return dst;
}

/**
 * The EMA as an indicator definition: `ind.ema(period = 30, source = "close")`.
 * backtrader's `ExponentialMovingAverage`: alpha 2 / (period + 1), seeded with the SMA of the first `period` values;
 * first value at bar `period − 1`.
 */
export const emaIndicator = defineIndicator({
  name: "ema",
  params: z.strictObject({ period: period(1, 30), source: source("close") }),
  args: ["period", "source"],
  inputs: (p) => [p.source],
  warmup: (p) => p.period - 1,
  compute: ([x], p, [out]) => {
    ema(x!, p.period, out);
  },
});
