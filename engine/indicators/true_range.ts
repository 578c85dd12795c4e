/**
 * True range, the per-bar input of ATR.
 *
 * @module
 */

import { checkSameLength, prepareOut } from "./_util.ts";
import { z } from "zod";
import { defineIndicator } from "./define_indicator.ts";

/**
 * True range: for `i >= 1`
 * `out[i] = max(high[i] - low[i], |high[i] - close[i-1]|, |low[i] - close[i-1]|)`;
 * `out[0]` is NaN (there is no previous close). Any NaN among the four values
 * used makes that bar's true range NaN (it does not affect other bars).
 *
 * @param high Bar highs.
 * @param low Bar lows (same length).
 * @param close Bar closes (same length).
 * @param out Optional preallocated output of the same length; must not
 * overlap an input.
 * @returns `out`, or a new array.
 * @throws {RangeError} on unequal lengths or a bad `out`.
 *
 * @example A gap up: the range from the previous close dominates
 * ```ts
 * import { trueRange } from "./true_range.ts";
 * import assert from "node:assert/strict";
 * const tr = trueRange(
 *   new Float64Array([10, 15]), // high
 *   new Float64Array([8, 13]), // low
 *   new Float64Array([9, 14]), // close
 * );
 * // bar 1: max(15-13, |15-9|, |13-9|) = max(2, 6, 4) = 6
 * assert.deepEqual([...tr], [NaN, 6]);
 * ```
 */
export function trueRange(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  out?: Float64Array,
): Float64Array {
  const len = checkSameLength("trueRange", ["high", "low", "close"], [
    high,
    low,
    close,
  ]);
  const dst = prepareOut("trueRange", "out", out, len, [high, low, close]);
  if (len === 0) return dst;
  dst[0] = NaN;
  for (let i = 1; i < len; i++) {
    const h = high[i]!;
    const l = low[i]!;
    const pc = close[i - 1]!;
    // Math.max returns NaN if any argument is NaN.
    dst[i] = Math.max(h - l, Math.abs(h - pc), Math.abs(l - pc));
  }
  return dst;
}

/**
 * True range as an indicator definition: `ind.trueRange()`. backtrader's `TrueRange`; first value at bar 1.
 */
export const trueRangeIndicator = defineIndicator({
  name: "trueRange",
  params: z.strictObject({}),
  inputs: () => ["high", "low", "close"],
  warmup: () => 1,
  compute: ([h, l, c], _p, [out]) => {
    trueRange(h!, l!, c!, out);
  },
});
