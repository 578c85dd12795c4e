/**
 * Rolling population standard deviation.
 *
 * @module
 */

import { checkInt, prepareOut } from "./_util.ts";
import { stdAround } from "./_std_kernel.ts";
import { sma } from "./sma.ts";
import { z } from "zod";
import { defineIndicator, period, source } from "./define_indicator.ts";

/**
 * Rolling population standard deviation (divides by `n`), computed per window
 * in two passes about the exact mean: for `i >= n-1`, with
 * `m = sma(src, n)[i]` (the correctly rounded window sum divided by `n`),
 *
 * `out[i] = sqrt((sum_{j=i-n+1..i} (src[j] - m)^2) / n)`
 *
 * with the squared deviations summed left to right in double precision;
 * `out[i]` is NaN for `i < n-1`. Subtracting the mean before squaring avoids
 * the cancellation of the `E[x^2] - E[x]^2` form, so the relative error stays
 * within a few `n * 2^-53` even for prices far from zero; a constant window
 * gives 0. Cost O(n) per bar.
 *
 * A window containing any NaN or infinite value gives NaN.
 *
 * @param src Input series.
 * @param n Window length, an integer >= 1 (`n = 1` gives 0 for finite values).
 * @param out Optional preallocated output of length `src.length`; must not
 * overlap `src`.
 * @returns `out`, or a new array.
 * @throws {RangeError} on a bad `n` or `out`.
 *
 * @example The textbook population standard deviation
 * ```ts
 * import { stdev } from "./stdev.ts";
 * import assert from "node:assert/strict";
 * const out = stdev(new Float64Array([2, 4, 4, 4, 5, 5, 7, 9]), 8);
 * // mean 40/8 = 5; squared deviations 9+1+1+1+0+0+4+16 = 32; sqrt(32/8) = 2
 * assert.equal(out[7], 2);
 * assert.ok(Number.isNaN(out[6]));
 * ```
 */
export function stdev(
  src: Float64Array,
  n: number,
  out?: Float64Array,
): Float64Array {
  checkInt("stdev", "n", n);
  const dst = prepareOut("stdev", "out", out, src.length, [src]);
  sma(src, n, dst); // the exact window means, replaced in place below
  stdAround(src, n, dst, dst);
  return dst;
}

/**
 * The rolling population standard deviation as an indicator definition:
 * `ind.stdev(period = 20, source = "close")`. backtrader's `StandardDeviation` (population, about the SMA of the same
 * window); first value at bar `period − 1`.
 */
export const stdevIndicator = defineIndicator({
  name: "stdev",
  params: z.strictObject({ period: period(1, 20), source: source("close") }),
  args: ["period", "source"],
  inputs: (p) => [p.source],
  warmup: (p) => p.period - 1,
  compute: ([x], p, [out]) => {
    stdev(x!, p.period, out);
  },
});
