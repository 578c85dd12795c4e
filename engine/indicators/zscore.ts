/**
 * Rolling z-score: the distance of the current value from its trailing mean,
 * in trailing standard deviations.
 *
 * @module
 */

import { checkInt, prepareOut } from "./_util.ts";
import { sma } from "./sma.ts";
import { stdAround } from "./_std_kernel.ts";
import { z } from "zod";
import { defineIndicator, period, source } from "./define_indicator.ts";

/**
 * Rolling z-score (not in backtrader; the standard score of statistics over a
 * trailing window, the population form): with `m = sma(src, n)[i]` and
 * `sd = stdev(src, n)[i]` over the same `n` bars `i-n+1..i`, for `i >= n-1`
 *
 * `out[i] = (src[i] - m) / sd`
 *
 * where `m` is the exact {@linkcode sma} (the correctly rounded window sum
 * divided by `n`) and `sd` the population standard deviation of
 * {@linkcode stdev} (divides by `n`, two passes about `m`), the very same
 * values those functions return; `out[i]` is NaN for `i < n-1`. A window
 * whose standard deviation is 0 (all `n` values equal, so the current value
 * is the mean) gives 0, not NaN. Like any population z-score of a window
 * that includes the current value, `|out[i]|` is at most `sqrt(n − 1)`.
 *
 * NaN handling: a window containing a NaN or an infinite value gives NaN;
 * values resume once it has left the window, and leading NaNs delay the first
 * value by as many bars.
 *
 * O(n) per bar (the standard deviation's second pass); allocates one scratch
 * array of the input length (the means).
 *
 * @param src Input series.
 * @param n Window length, an integer >= 2 (default 20).
 * @param out Optional preallocated output of length `src.length`; must not
 * overlap `src`.
 * @returns `out`, or a new array.
 * @throws {RangeError} on a bad `n` or `out`.
 *
 * @example Z-score(4) by hand
 * ```ts
 * import { zscore } from "./zscore.ts";
 * import assert from "node:assert/strict";
 * const out = zscore(new Float64Array([2, 4, 4, 6, 9]), 4);
 * // [2,4,4,6]: mean 4, squared deviations 4+0+0+4 = 8, sd = sqrt(8/4) = sqrt(2): (6 - 4)/sqrt(2) = sqrt(2)
 * // [4,4,6,9]: mean 23/4 = 5.75, squared deviations 3.0625+3.0625+0.0625+10.5625 = 16.75,
 * //   sd = sqrt(16.75/4) = sqrt(4.1875): (9 - 5.75)/sqrt(4.1875)
 * assert.deepEqual([...out], [NaN, NaN, NaN, 2 / Math.sqrt(2), 3.25 / Math.sqrt(4.1875)]);
 * ```
 */
export function zscore(
  src: Float64Array,
  n = 20,
  out?: Float64Array,
): Float64Array {
  checkInt("zscore", "n", n, 2);
  const len = src.length;
  const dst = prepareOut("zscore", "out", out, len, [src]);
  const mean = sma(src, n);
  stdAround(src, n, mean, dst); // dst holds the standard deviations for now
  for (let i = n - 1; i < len; i++) {
    const sd = dst[i]!;
    dst[i] = sd === 0 ? 0 : (src[i]! - mean[i]!) / sd;
  }
  return dst;
}

/**
 * The z-score as an indicator definition: `ind.zscore(period = 20, source = "close")`: `(x − SMA) / population
 * standard deviation` over the same `period` bars (not in backtrader); first value at bar `period − 1`.
 */
export const zscoreIndicator = defineIndicator({
  name: "zscore",
  params: z.strictObject({ period: period(2, 20), source: source("close") }),
  args: ["period", "source"],
  inputs: (p) => [p.source],
  warmup: (p) => p.period - 1,
  compute: ([x], p, [out]) => {
    zscore(x!, p.period, out);
  },
});
