/**
 * Chaikin's accumulation/distribution line.
 *
 * @module
 */

import { z } from "zod";
import { checkSameLength, prepareOut } from "./_util.ts";
import { defineIndicator } from "./define_indicator.ts";
import { ExactSum } from "./exact_sum.ts";

/**
 * Internal (shared with `cmf.ts`): Chaikin's money flow multiplier
 * `((close − low) − (high − close)) / (high − low)`, in [−1, 1] for a close
 * within the bar; 0 for a bar with `high = low`.
 */
export function moneyFlowMultiplier(high: number, low: number, close: number): number {
  return high === low ? 0 : ((close - low) - (high - close)) / (high - low);
}

/**
 * Marc Chaikin's accumulation/distribution line, as StockCharts ChartSchool
 * defines it. Each bar's money flow multiplier
 * `MFM = ((close − low) − (high − close)) / (high − low)` (0 when
 * `high = low`) times its volume is its money flow volume, and
 * `out[i] = out[i−1] + MFM[i] * volume[i]`, starting from 0 before the first
 * bar: `out[0] = MFM[0] * volume[0]` (warm-up 0).
 *
 * Every value is the exact sum of the exact products `MFM[j] × volume[j]`
 * for `j <= i`, correctly rounded once (no drift, however long the series).
 *
 * NaN handling: leading bars with a NaN high, low, close or volume are
 * skipped (the line starts on the first bar that has all four); after that a
 * NaN among them makes that bar and every later one NaN. Data without a
 * volume column has NaN volume, so its line is NaN throughout.
 *
 * @param high Bar highs.
 * @param low Bar lows (same length).
 * @param close Bar closes (same length).
 * @param volume Volumes (same length).
 * @param out Optional preallocated output of the input length; must not overlap an input.
 * @returns `out`, or a new array.
 * @throws {RangeError} on unequal lengths or a bad `out`.
 *
 * @example ADL by hand
 * ```ts
 * import assert from "node:assert/strict";
 * import { adl } from "./adl.ts";
 * const high = Float64Array.of(12, 12, 10);
 * const low = Float64Array.of(8, 10, 10);
 * const close = Float64Array.of(11, 10.5, 10);
 * const volume = Float64Array.of(1000, 400, 700);
 * // MFM: ((11 − 8) − (12 − 11)) / 4 = 0.5; ((10.5 − 10) − (12 − 10.5)) / 2 = −0.5; high = low: 0
 * // ADL: 0.5 × 1000 = 500; 500 − 0.5 × 400 = 300; 300 + 0
 * assert.deepEqual([...adl(high, low, close, volume)], [500, 300, 300]);
 * ```
 */
export function adl(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  volume: Float64Array,
  out?: Float64Array,
): Float64Array {
  const inputs = [high, low, close, volume];
  const len = checkSameLength("adl", ["high", "low", "close", "volume"], inputs);
  const dst = prepareOut("adl", "out", out, len, inputs);
  let started = false;
  const total = new ExactSum();
  for (let i = 0; i < len; i++) {
    const h = high[i]!, l = low[i]!, c = close[i]!, v = volume[i]!;
    if (h !== h || l !== l || c !== c || v !== v) {
      if (started) {
        dst.fill(NaN, i);
        return dst;
      }
      dst[i] = NaN;
      continue;
    }
    started = true;
    total.addProduct(moneyFlowMultiplier(h, l, c), v);
    dst[i] = total.value();
  }
  return dst;
}

/**
 * The accumulation/distribution line as an indicator definition: `ind.adl()`. Not in backtrader; Chaikin's line as
 * StockCharts defines it (cumulative money flow volume, from the first bar: warm-up 0). NaN throughout on data
 * without volume.
 */
export const adlIndicator = defineIndicator({
  name: "adl",
  params: z.strictObject({}),
  inputs: () => ["high", "low", "close", "volume"],
  warmup: () => 0,
  compute: ([h, l, c, v], _p, [out]) => {
    adl(h!, l!, c!, v!, out);
  },
});
