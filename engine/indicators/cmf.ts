/**
 * Chaikin money flow.
 *
 * @module
 */

import { z } from "zod";
import { checkInt, checkSameLength, prepareOut } from "./_util.ts";
import { volumeWeightedWindow } from "./_volume_window.ts";
import { moneyFlowMultiplier } from "./adl.ts";
import { defineIndicator, period } from "./define_indicator.ts";

/**
 * Marc Chaikin's money flow, as StockCharts ChartSchool defines it: over the
 * last `n` bars `[i−n+1 .. i]`,
 * `out[i] = Σ MFM[j] × volume[j] / Σ volume[j]`, with the money flow
 * multiplier `MFM = ((close − low) − (high − close)) / (high − low)` of
 * {@linkcode adl}; a bar with `high = low` contributes multiplier 0 (its
 * volume still counts in the denominator). Both sums are exact (the
 * numerator sums the exact products) and correctly rounded, then divided
 * once. First defined index `n − 1` (19 by default); earlier values are NaN.
 *
 * A window whose volumes sum to 0 gives NaN (no money flowed).
 *
 * NaN handling: a bar with a NaN (or infinite) high, low, close or volume
 * makes every window containing it NaN; later windows are unaffected. Data
 * without a volume column has NaN volume, so its CMF is NaN throughout.
 *
 * @param high Bar highs.
 * @param low Bar lows (same length).
 * @param close Bar closes (same length).
 * @param volume Volumes (same length).
 * @param n Window length, an integer >= 1 (default 20).
 * @param out Optional preallocated output of the input length; must not overlap an input.
 * @returns `out`, or a new array.
 * @throws {RangeError} on a bad `n`, unequal lengths or a bad `out`.
 *
 * @example CMF(2) by hand
 * ```ts
 * import assert from "node:assert/strict";
 * import { cmf } from "./cmf.ts";
 * const high = Float64Array.of(12, 12, 10);
 * const low = Float64Array.of(8, 10, 10);
 * const close = Float64Array.of(11, 10.5, 10);
 * const volume = Float64Array.of(1000, 400, 600);
 * // MFM 0.5, −0.5, 0 (high = low); money flow volume 500, −200, 0
 * // bar 1: (500 − 200) / (1000 + 400) = 300 / 1400; bar 2: (−200 + 0) / (400 + 600) = −0.2
 * assert.deepEqual([...cmf(high, low, close, volume, 2)], [NaN, 300 / 1400, -0.2]);
 * ```
 */
export function cmf(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  volume: Float64Array,
  n = 20,
  out?: Float64Array,
): Float64Array {
  checkInt("cmf", "n", n);
  const inputs = [high, low, close, volume];
  const len = checkSameLength("cmf", ["high", "low", "close", "volume"], inputs);
  const dst = prepareOut("cmf", "out", out, len, inputs);
  volumeWeightedWindow(volume, n, dst, (j) => {
    const h = high[j]!, l = low[j]!, c = close[j]!;
    return h - h === 0 && l - l === 0 && c - c === 0 ? moneyFlowMultiplier(h, l, c) : undefined;
  });
  return dst;
}

/**
 * Chaikin money flow as an indicator definition: `ind.cmf(period = 20)`. Not in backtrader; StockCharts' definition
 * (window sum of money flow volume over window sum of volume); first value at bar `period − 1`. NaN throughout on
 * data without volume.
 */
export const cmfIndicator = defineIndicator({
  name: "cmf",
  params: z.strictObject({ period: period(1, 20) }),
  args: ["period"],
  inputs: () => ["high", "low", "close", "volume"],
  warmup: (p) => p.period - 1,
  compute: ([h, l, c, v], p, [out]) => {
    cmf(h!, l!, c!, v!, p.period, out);
  },
});
