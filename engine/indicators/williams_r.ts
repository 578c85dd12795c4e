/**
 * Williams %R.
 *
 * @module
 */

import { checkInt, checkSameLength, prepareOut } from "./_util.ts";
import { rangeScan } from "./_range_scan.ts";
import { z } from "zod";
import { defineIndicator, period } from "./define_indicator.ts";

/**
 * Larry Williams' %R, backtrader's `WilliamsR`. With `HH` the highest `high`
 * and `LL` the lowest `low` over the last `n` bars `[i-n+1 .. i]`:
 *
 * `out[i] = -100 * (HH - close[i]) / (HH - LL)`, evaluated exactly so
 * (multiply, then divide, as backtrader does), between -100 (close at the
 * low) and -0 (close at the high) when the close lies within the window's
 * range; it is not clamped otherwise. A flat window (`HH = LL`), where
 * backtrader raises `ZeroDivisionError`, gives -50 (the stochastic's 50
 * minus 100, as in this library's {@linkcode stochastic}).
 *
 * The first value is at index `n - 1`; earlier values are NaN. HH and LL
 * come from monotonic deques: O(1) amortised per bar, whatever `n`.
 *
 * NaN handling: a NaN `high` or `low` makes `out` NaN for every window
 * containing that bar, a NaN `close` makes that bar's value NaN; values
 * resume afterwards. Infinities follow IEEE arithmetic.
 *
 * @param high Bar highs.
 * @param low Bar lows (same length).
 * @param close Bar closes (same length).
 * @param n Look-back in bars, an integer >= 1 (default 14).
 * @param out Optional preallocated output of the input length; must not
 * overlap an input.
 * @returns `out`, or a new array.
 * @throws {RangeError} on a bad `n`, unequal lengths or a bad `out`.
 *
 * @example Williams %R(3) by hand
 * ```ts
 * import { williamsR } from "./williams_r.ts";
 * import assert from "node:assert/strict";
 * const high = new Float64Array([10, 12, 11, 13]);
 * const low = new Float64Array([8, 9, 7, 10]);
 * const close = new Float64Array([9, 11, 8, 12]);
 * // bar 2: HH 12, LL 7: -100 * (12 - 8) / 5 = -80; bar 3: HH 13, LL 7: -100 * (13 - 12) / 6 = -100 / 6
 * assert.deepEqual([...williamsR(high, low, close, 3)], [NaN, NaN, -80, -100 / 6]);
 * ```
 */
export function williamsR(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  n = 14,
  out?: Float64Array,
): Float64Array {
  checkInt("williamsR", "n", n);
  const inputs = [high, low, close];
  const len = checkSameLength("williamsR", ["high", "low", "close"], inputs);
  const dst = prepareOut("williamsR", "out", out, len, inputs);
  rangeScan(high, low, close, n, dst, -50, (hh, ll, c) => -100 * (hh - c) / (hh - ll));
  return dst;
}

/**
 * Williams %R as an indicator definition: `ind.williamsR(period = 14)`, from −100 (close at the low) to 0. backtrader's
 * `WilliamsR` (`period`); first value at bar `period − 1`.
 */
export const williamsRIndicator = defineIndicator({
  name: "williamsR",
  params: z.strictObject({ period: period(1, 14) }),
  args: ["period"],
  inputs: () => ["high", "low", "close"],
  warmup: (p) => p.period - 1,
  compute: ([h, l, c], p, [out]) => {
    williamsR(h!, l!, c!, p.period, out);
  },
});
