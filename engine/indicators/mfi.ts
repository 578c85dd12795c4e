/**
 * Money flow index (Gene Quong and Avrum Soudack).
 *
 * @module
 */

import { z } from "zod";
import { checkInt, checkSameLength, prepareOut } from "./_util.ts";
import { defineIndicator, period } from "./define_indicator.ts";
import { ExactSum } from "./exact_sum.ts";

/**
 * The money flow index, as StockCharts ChartSchool defines it: with the
 * typical price `tp = (high + low + close) / 3` (evaluated so) and the raw
 * money flow `tp × volume`, a bar `j >= 1` adds its raw money flow to the
 * positive flow when `tp[j] > tp[j−1]`, to the negative flow when
 * `tp[j] < tp[j−1]`, and to neither when they are equal. Over the last `n`
 * bars `[i−n+1 .. i]`, with `P` and `N` the positive and negative flow sums
 * (exact sums of the exact products, correctly rounded):
 *
 * `out[i] = 100 − 100 / (1 + P / N)`, evaluated exactly so, except that
 * **when `N = 0`** the ratio is undefined: the value is then 100 if `P > 0`
 * (only buying pressure, the limit of the formula) and 50 if `P = 0` too (no
 * flow either way, e.g. a flat typical price or zero volume; the same rule as
 * `rsi`'s flat series).
 *
 * First defined index `n` (14 by default: the first bar has no previous
 * typical price); earlier values are NaN.
 *
 * NaN handling: a bar `j` whose `tp[j]`, `tp[j−1]` or `volume[j]` is NaN (or
 * infinite) makes every window containing `j` NaN; later windows are
 * unaffected. Data without a volume column has NaN volume, so its MFI is NaN
 * throughout.
 *
 * @param high Bar highs.
 * @param low Bar lows (same length).
 * @param close Bar closes (same length).
 * @param volume Volumes (same length).
 * @param n Window length, an integer >= 1 (default 14).
 * @param out Optional preallocated output of the input length; must not overlap an input.
 * @returns `out`, or a new array.
 * @throws {RangeError} on a bad `n`, unequal lengths or a bad `out`.
 *
 * @example MFI(2) by hand
 * ```ts
 * import assert from "node:assert/strict";
 * import { mfi } from "./mfi.ts";
 * const high = Float64Array.of(11, 13, 12, 14);
 * const low = Float64Array.of(9, 11, 9, 12);
 * const close = Float64Array.of(10, 12, 9, 13);
 * const volume = Float64Array.of(100, 300, 200, 100);
 * // tp 10, 12, 10, 13; raw flow 1000, 3600, 2000, 1300
 * // bar 2: P = 3600 (bar 1 up), N = 2000 (bar 2 down): 100 − 100 / (1 + 1.8) ≈ 64.29
 * // bar 3: P = 1300 (bar 3 up), N = 2000 (bar 2 down): 100 − 100 / (1 + 0.65) ≈ 39.39
 * const out = mfi(high, low, close, volume, 2);
 * assert.deepEqual([...out], [NaN, NaN, 100 - 100 / (1 + 3600 / 2000), 100 - 100 / (1 + 1300 / 2000)]);
 * ```
 */
export function mfi(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  volume: Float64Array,
  n = 14,
  out?: Float64Array,
): Float64Array {
  checkInt("mfi", "n", n);
  const inputs = [high, low, close, volume];
  const len = checkSameLength("mfi", ["high", "low", "close", "volume"], inputs);
  const dst = prepareOut("mfi", "out", out, len, inputs);
  const pos = new ExactSum(), neg = new ExactSum();
  let bad = 0; // bars in the window whose flow is not defined
  const tp = (j: number) => (high[j]! + low[j]! + close[j]!) / 3;
  /** Adds (sign 1) or removes (sign −1) bar j's flow; false when it is not defined. */
  const step = (j: number, sign: number): boolean => {
    const t = tp(j), p = tp(j - 1), v = volume[j]!;
    if (!(t - t === 0 && p - p === 0 && v - v === 0)) return false;
    if (t > p) pos.addProduct(sign * t, v);
    else if (t < p) neg.addProduct(sign * t, v);
    return true;
  };
  if (len > 0) dst[0] = NaN;
  for (let i = 1; i < len; i++) {
    if (!step(i, 1)) bad++;
    if (i - n >= 1 && !step(i - n, -1)) bad--;
    if (i < n || bad > 0) {
      dst[i] = NaN;
      continue;
    }
    const p = pos.value(), q = neg.value();
    dst[i] = q === 0 ? (p === 0 ? 50 : 100) : 100 - 100 / (1 + p / q);
  }
  return dst;
}

/**
 * The money flow index as an indicator definition: `ind.mfi(period = 14)`. Not in backtrader; Quong and Soudack's
 * MFI as StockCharts defines it (100 when the negative flow is 0, 50 when both flows are); first value at bar
 * `period`. NaN throughout on data without volume.
 */
export const mfiIndicator = defineIndicator({
  name: "mfi",
  params: z.strictObject({ period: period(1, 14) }),
  args: ["period"],
  inputs: () => ["high", "low", "close", "volume"],
  warmup: (p) => p.period,
  compute: ([h, l, c, v], p, [out]) => {
    mfi(h!, l!, c!, v!, p.period, out);
  },
});
