/**
 * On-balance volume (Joseph Granville, 1963).
 *
 * @module
 */

import { z } from "zod";
import { checkSameLength, prepareOut } from "./_util.ts";
import { defineIndicator } from "./define_indicator.ts";
import { ExactSum } from "./exact_sum.ts";

/**
 * On-balance volume, as StockCharts ChartSchool defines it: a running total
 * of volume, adding a bar's volume when its close is above the previous
 * close, subtracting it when below, and leaving the total unchanged when the
 * closes are equal.
 *
 * **First bar.** The first bar has no previous close, so it moves nothing:
 * `out[0] = 0`, and `out[i]` for `i >= 1` is the exact sum of the signed
 * volumes of bars `1..i`, correctly rounded (no drift however long the
 * series; fractional volumes included). Only the changes of OBV carry
 * meaning; implementations that start from the first bar's volume (TA-Lib)
 * differ by that constant. Warm-up 0.
 *
 * NaN handling: leading bars with a NaN close or volume are skipped (the
 * line starts at 0 on the first bar that has both); after that a NaN close
 * or volume makes that bar and every later one NaN. Data without a volume
 * column has NaN volume, so its OBV is NaN throughout.
 *
 * @param close Closing prices.
 * @param volume Volumes (same length).
 * @param out Optional preallocated output of the input length; must not overlap an input.
 * @returns `out`, or a new array.
 * @throws {RangeError} on unequal lengths or a bad `out`.
 *
 * @example OBV by hand
 * ```ts
 * import assert from "node:assert/strict";
 * import { obv } from "./obv.ts";
 * const close = Float64Array.of(10, 11, 11, 10.5, 12);
 * const volume = Float64Array.of(100, 200, 300, 150, 50);
 * // up +200, flat (unchanged), down −150, up +50
 * assert.deepEqual([...obv(close, volume)], [0, 200, 200, 50, 100]);
 * ```
 */
export function obv(close: Float64Array, volume: Float64Array, out?: Float64Array): Float64Array {
  const len = checkSameLength("obv", ["close", "volume"], [close, volume]);
  const dst = prepareOut("obv", "out", out, len, [close, volume]);
  let s = 0;
  while (s < len && !(close[s] === close[s] && volume[s] === volume[s])) s++;
  dst.fill(NaN, 0, s);
  if (s >= len) return dst;
  dst[s] = 0;
  const total = new ExactSum();
  for (let i = s + 1; i < len; i++) {
    const c = close[i]!, p = close[i - 1]!, v = volume[i]!;
    if (c !== c || v !== v) {
      dst.fill(NaN, i);
      return dst;
    }
    if (c > p) total.add(v);
    else if (c < p) total.sub(v);
    dst[i] = total.value();
  }
  return dst;
}

/**
 * On-balance volume as an indicator definition: `ind.obv()`. Not in backtrader; Granville's OBV as StockCharts
 * defines it, 0 on the first bar (warm-up 0), an exact running total after. NaN throughout on data without volume.
 */
export const obvIndicator = defineIndicator({
  name: "obv",
  params: z.strictObject({}),
  inputs: () => ["close", "volume"],
  warmup: () => 0,
  compute: ([c, v], _p, [out]) => {
    obv(c!, v!, out);
  },
});
