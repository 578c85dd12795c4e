/**
 * Rolling volume-weighted average price.
 *
 * @module
 */

import { z } from "zod";
import { checkInt, checkSameLength, prepareOut } from "./_util.ts";
import { volumeWeightedWindow } from "./_volume_window.ts";
import { defineIndicator, period } from "./define_indicator.ts";

/**
 * Rolling volume-weighted average price over the last `n` bars
 * `[i−n+1 .. i]`: `out[i] = Σ tp[j] × volume[j] / Σ volume[j]`, with the
 * typical price `tp = (high + low + close) / 3` (evaluated so). Both sums are
 * exact (the numerator sums the exact products) and correctly rounded, then
 * divided once, so the value is bit-for-bit independent of history. First
 * defined index `n − 1`; earlier values are NaN. (For the VWAP that restarts
 * each trading day, see `sessionVwap` in `session_vwap.ts`.)
 *
 * A window whose volumes sum to 0 gives NaN (nothing traded).
 *
 * NaN handling: a bar with a NaN (or infinite) high, low, close or volume
 * makes every window containing it NaN; later windows are unaffected. Data
 * without a volume column has NaN volume, so its VWAP is NaN throughout.
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
 * @example VWAP(2) by hand
 * ```ts
 * import assert from "node:assert/strict";
 * import { vwap } from "./vwap.ts";
 * const high = Float64Array.of(11, 13, 12);
 * const low = Float64Array.of(9, 11, 9);
 * const close = Float64Array.of(10, 12, 9);
 * const volume = Float64Array.of(100, 300, 200);
 * // typical prices 10, 12, 10
 * // bar 1: (10 × 100 + 12 × 300) / 400 = 4600 / 400 = 11.5; bar 2: (12 × 300 + 10 × 200) / 500 = 5600 / 500 = 11.2
 * assert.deepEqual([...vwap(high, low, close, volume, 2)], [NaN, 11.5, 11.2]);
 * ```
 */
export function vwap(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  volume: Float64Array,
  n = 20,
  out?: Float64Array,
): Float64Array {
  checkInt("vwap", "n", n);
  const inputs = [high, low, close, volume];
  const len = checkSameLength("vwap", ["high", "low", "close", "volume"], inputs);
  const dst = prepareOut("vwap", "out", out, len, inputs);
  volumeWeightedWindow(volume, n, dst, (j) => {
    const tp = (high[j]! + low[j]! + close[j]!) / 3;
    return tp - tp === 0 ? tp : undefined;
  });
  return dst;
}

/**
 * The rolling VWAP as an indicator definition: `ind.vwap(period = 20)`. Not in backtrader: Σ(typical price ×
 * volume) / Σ volume over the last `period` bars, with exact sums; first value at bar `period − 1`. NaN throughout
 * on data without volume.
 */
export const vwapIndicator = defineIndicator({
  name: "vwap",
  params: z.strictObject({ period: period(1, 20) }),
  args: ["period"],
  inputs: () => ["high", "low", "close", "volume"],
  warmup: (p) => p.period - 1,
  compute: ([h, l, c, v], p, [out]) => {
    vwap(h!, l!, c!, v!, p.period, out);
  },
});
