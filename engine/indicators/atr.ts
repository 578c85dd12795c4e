/**
 * Average true range, Wilder's original definition.
 *
 * @module
 */

import { checkInt, checkSameLength, prepareOut } from "./_util.ts";
import { smoothInto } from "./_smooth.ts";
import { trueRange } from "./true_range.ts";
import { z } from "zod";
import { defineIndicator, period } from "./define_indicator.ts";

/**
 * Wilder's average true range. With `TR` the {@linkcode trueRange} (`TR[0]`
 * is NaN): `out[n] = fsum(TR[1..n]) / n` (the exact mean of the first `n`
 * true ranges), then for `i > n`
 * `out[i] = (out[i-1] * (n - 1) + TR[i]) / n`, evaluated exactly so in double
 * precision; `out[i]` is NaN for `i < n`.
 *
 * NaN handling: leading NaN true ranges are skipped (if the inputs start with
 * NaN bars, the first ATR is `n` bars after the first bar with a defined true
 * range); any later NaN true range makes that ATR and every later one NaN.
 *
 * @param high Bar highs.
 * @param low Bar lows (same length).
 * @param close Bar closes (same length).
 * @param n Period, an integer >= 1.
 * @param out Optional preallocated output of the same length; must not
 * overlap an input.
 * @returns `out`, or a new array.
 * @throws {RangeError} on a bad `n`, unequal lengths or a bad `out`.
 *
 * @example ATR(2) by hand
 * ```ts
 * import { atr } from "./atr.ts";
 * import assert from "node:assert/strict";
 * const high = new Float64Array([10, 11, 12, 13]);
 * const low = new Float64Array([9, 9, 11, 10]);
 * const close = new Float64Array([9.5, 10, 11.5, 12]);
 * // TR = [NaN, max(2, 1.5, 0.5) = 2, max(1, 2, 1) = 2, max(3, 1.5, 1.5) = 3]
 * // ATR[2] = (2 + 2) / 2 = 2; ATR[3] = (2 * 1 + 3) / 2 = 2.5
 * assert.deepEqual([...atr(high, low, close, 2)], [NaN, NaN, 2, 2.5]);
 * ```
 */
export function atr(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  n: number,
  out?: Float64Array,
): Float64Array {
  checkInt("atr", "n", n);
  const inputs = [high, low, close];
  const len = checkSameLength("atr", ["high", "low", "close"], inputs);
  const dst = prepareOut("atr", "out", out, len, inputs);
  trueRange(high, low, close, dst);
  smoothInto(dst, n, true, dst); // in place: TR becomes ATR
  return dst;
}

/**
 * Wilder's ATR as an indicator definition: `ind.atr(period = 14)`. backtrader's `AverageTrueRange` (the
 * `SmoothedMovingAverage` of the true range); first value at bar `period`. Risk sizing (`atrVolatility`) and the
 * ATR slippage model read the very same cached series.
 */
export const atrIndicator = defineIndicator({
  name: "atr",
  params: z.strictObject({ period: period(1, 14) }),
  args: ["period"],
  inputs: () => ["high", "low", "close"],
  warmup: (p) => p.period,
  compute: ([h, l, c], p, [out]) => {
    atr(h!, l!, c!, p.period, out);
  },
});
