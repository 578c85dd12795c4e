/**
 * Relative change over a number of bars.
 *
 * @module
 */

import { checkInt, prepareOut } from "./_util.ts";
import { z } from "zod";
import { defineIndicator, period, source } from "./define_indicator.ts";

/**
 * Relative change of the current value against the value `n` bars earlier,
 * as backtrader's `PercentChange` (alias `PctChange`). Despite the name it is
 * a fraction, not a percentage, exactly as in backtrader: 0.05 for a rise of
 * 5 %. For `i >= n`
 *
 * `out[i] = (src[i] - src[i-n]) / src[i-n]`
 *
 * and `out[i]` is NaN for `i < n`. backtrader writes `src[i] / src[i-n] - 1`;
 * the two are equal in exact arithmetic, and the difference form used here
 * avoids the cancellation of subtracting 1 from a ratio near 1 (for prices
 * within a factor 2 of each other the subtraction is exact), so each value is
 * within about an ulp of the true change.
 *
 * NaN handling: `out[i]` is NaN when `src[i]` or `src[i-n]` is NaN (leading
 * NaNs delay the first value by as many bars); other values are unaffected.
 * A zero `src[i-n]` gives `±Infinity`, or NaN when `src[i]` is 0 too (IEEE
 * division; backtrader raises ZeroDivisionError).
 *
 * @param src Input series.
 * @param n Look-back in bars, an integer >= 1 (default 30).
 * @param out Optional preallocated output of length `src.length`; must not
 * overlap `src`.
 * @returns `out`, or a new array.
 * @throws {RangeError} on a bad `n` or `out`.
 *
 * @example PercentChange(2) by hand
 * ```ts
 * import { percentChange } from "./percent_change.ts";
 * import assert from "node:assert/strict";
 * const out = percentChange(new Float64Array([80, 50, 100, 40]), 2);
 * // (100 - 80)/80 = 0.25; (40 - 50)/50 = -0.2
 * assert.deepEqual([...out], [NaN, NaN, 0.25, -0.2]);
 * ```
 */
export function percentChange(
  src: Float64Array,
  n = 30,
  out?: Float64Array,
): Float64Array {
  checkInt("percentChange", "n", n);
  const len = src.length;
  const dst = prepareOut("percentChange", "out", out, len, [src]);
  const warm = Math.min(n, len);
  dst.fill(NaN, 0, warm);
  for (let i = warm; i < len; i++) {
    const base = src[i - n]!;
    dst[i] = (src[i]! - base) / base;
  }
  return dst;
}

/**
 * The percent change as an indicator definition: `ind.percentChange(period = 30, source = "close")`. backtrader's
 * `PercentChange` (a fraction: `x / x(−period) − 1`); first value at bar `period`.
 */
export const percentChangeIndicator = defineIndicator({
  name: "percentChange",
  params: z.strictObject({ period: period(1, 30), source: source("close") }),
  args: ["period", "source"],
  inputs: (p) => [p.source],
  warmup: (p) => p.period,
  compute: ([x], p, [out]) => {
    percentChange(x!, p.period, out);
  },
});
