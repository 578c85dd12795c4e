/**
 * Rolling least-squares slope.
 *
 * @module
 */

import { checkInt, prepareOut } from "./_util.ts";
import { ExactSum } from "./exact_sum.ts";
import { z } from "zod";
import { defineIndicator, period, source } from "./define_indicator.ts";

/** Largest n with (n − 1) · n · (n + 1) ≤ 2^53, so the divisor is exact. */
const MAX_N = 208063;
/** Finite inputs must stay below this magnitude for exact products. */
const MAX_ABS = 2 ** 995;

/**
 * Rolling linear-regression slope, as TA-Lib's `LINEARREG_SLOPE` (not in
 * backtrader): the least-squares slope `b` of the line `a + b·x` fitted to
 * the last `n` values against `x = 0, 1, ..., n−1` (oldest first), in units of
 * the input per bar. For `i >= n-1`, with `y_j = src[i-n+1+j]`,
 *
 * `out[i] = sum_j (x_j - x̄)(y_j - ȳ) / sum_j (x_j - x̄)^2 = sum_j (2j - (n-1)) · y_j / (n(n² − 1)/6)`
 *
 * (the weights `2j − (n − 1)` sum to 0, so `ȳ` drops out); `out[i]` is NaN for
 * `i < n-1`.
 *
 * Accuracy: the weighted sum is formed exactly (products by Dekker's
 * TwoProduct, sums as Shewchuk expansions in {@linkcode ExactSum}) and rounded
 * once, then divided by the exact integer `n(n² − 1)/6`; so each value is
 * within about an ulp of the true slope of the window, with no cancellation
 * however large the prices are against their changes (TA-Lib's
 * `n·Σxy − Σx·Σy` in doubles loses digits there), and independent of history.
 * O(1) per bar, through the exact recurrence
 * `N' = N − 2·S + (n + 1)·y_oldest + (n − 1)·y_new` for the weighted sum `N`
 * and the window sum `S`.
 *
 * NaN handling: a window containing a NaN or an infinite value gives NaN;
 * values resume once it has left the window, and leading NaNs delay the first
 * value by as many bars.
 *
 * @param src Input series. Finite values must be below 2^995 (about 6.7e299)
 * in magnitude; nonzero values below about 1e-290 may lose exactness in their
 * last bits (a product's error term underflows).
 * @param n Window length, an integer from 2 to 208063 (so that `n(n² − 1)` is
 * exact; default 14, TA-Lib's).
 * @param out Optional preallocated output of length `src.length`; must not
 * overlap `src`.
 * @returns `out`, or a new array.
 * @throws {RangeError} on a bad `n` or `out`, a finite input of magnitude at
 * least 2^995, or a window sum that overflows `Number.MAX_VALUE`.
 *
 * @example Slope(3) by hand: weights 2j − 2 = −2, 0, 2 and divisor 2·3·4/6 = 4, i.e. (y2 − y0)/2
 * ```ts
 * import { linRegSlope } from "./lin_reg_slope.ts";
 * import assert from "node:assert/strict";
 * const out = linRegSlope(new Float64Array([10, 13, 12, 20]), 3);
 * // [10,13,12]: (12 - 10)/2 = 1; [13,12,20]: (20 - 13)/2 = 3.5
 * assert.deepEqual([...out], [NaN, NaN, 1, 3.5]);
 * ```
 */
export function linRegSlope(
  src: Float64Array,
  n = 14,
  out?: Float64Array,
): Float64Array {
  checkInt("linRegSlope", "n", n, 2, MAX_N);
  const len = src.length;
  const dst = prepareOut("linRegSlope", "out", out, len, [src]);
  const denom = (n - 1) * n * (n + 1) / 6; // exact: the product is at most 2^53 and divisible by 6
  // Exact running sums over the window, each non-finite value counted in `bad` and taken as 0.
  const sum = new ExactSum(), num = new ExactSum();
  let bad = 0;
  for (let i = 0; i < len; i++) {
    const x = usable(src, i);
    if (x !== x) bad++;
    const y = x === x ? x : 0;
    if (i < n) {
      num.addProduct(2 * i - (n - 1), y);
      sum.add(y);
    } else {
      let old = usable(src, i - n);
      if (old !== old) {
        bad--;
        old = 0;
      }
      num.subSum(sum);
      num.subSum(sum);
      num.addProduct(n + 1, old);
      num.addProduct(n - 1, y);
      sum.sub(old);
      sum.add(y);
    }
    dst[i] = i < n - 1 || bad > 0 ? NaN : num.value() / denom;
  }
  return dst;
}

/** `src[i]`, NaN for any non-finite value; throws for a finite value too large for exact products. */
function usable(src: Float64Array, i: number): number {
  const x = src[i]!;
  if (x - x !== 0) return NaN;
  if (!(Math.abs(x) < MAX_ABS)) {
    throw new RangeError(`linRegSlope(): |src[${i}]| must be below 2^995 (about 6.7e299), found ${Math.abs(x)}`);
  }
  return x;
}

/**
 * The rolling regression slope as an indicator definition: `ind.linRegSlope(period = 14, source = "close")`.
 * TA-Lib's `LINEARREG_SLOPE` (least-squares slope per bar over the last `period` values); first value at bar
 * `period − 1`.
 */
export const linRegSlopeIndicator = defineIndicator({
  name: "linRegSlope",
  params: z.strictObject({ period: period(2, 14), source: source("close") }),
  args: ["period", "source"],
  inputs: (p) => [p.source],
  warmup: (p) => p.period - 1,
  compute: ([x], p, [out]) => {
    linRegSlope(x!, p.period, out);
  },
});
