/**
 * Linearly weighted moving average with exact running sums.
 *
 * @module
 */

import { checkInt, prepareOut } from "./_util.ts";
import { doubled, growExpansion, roundExpansion } from "./_expansion.ts";
import { z } from "zod";
import { defineIndicator, period, source } from "./define_indicator.ts";

/** Largest n with n * (n + 1) below 2^53, so the divisor is exact. */
const MAX_N = 94906265;
/** Finite inputs must stay below this magnitude for exact products. */
const MAX_ABS = 2 ** 995;

/**
 * Linearly weighted moving average: weights 1..n, the latest value weighted
 * n. For `i >= n-1`
 *
 * `out[i] = round(sum_{j=1..n} j * src[i-n+j]) / (n * (n + 1) / 2)`
 *
 * where the weighted sum is formed exactly (products by Dekker's TwoProduct,
 * sums as Shewchuk expansions, the kernel behind `ExactSum`) and rounded once
 * to the nearest double, so each value is independent of history (no drift);
 * `out[i]` is NaN for `i < n-1`. O(1) per bar via the exact recurrence
 * `W[i] = W[i-1] - S[i-1] + n * src[i]`, where `S` is the window's plain sum.
 *
 * Non-finite inputs affect only the windows that contain them: NaN, or both
 * `+Infinity` and `-Infinity`, gives NaN; otherwise `±Infinity` gives
 * `±Infinity` (all weights are positive).
 *
 * @param src Input series. Finite values must be below 2^995 (about 6.7e299)
 * in magnitude; nonzero values below about 1e-290 may lose exactness in their
 * last bits (the product's error term underflows).
 * @param n Window length, an integer from 1 to 94906265 (so that
 * `n * (n + 1) / 2` is exact).
 * @param out Optional preallocated output of length `src.length`; must not
 * overlap `src`.
 * @returns `out`, or a new array.
 * @throws {RangeError} on a bad `n` or `out`, a finite input of magnitude at
 * least 2^995, or a window sum that overflows `Number.MAX_VALUE`.
 *
 * @example WMA(3) by hand
 * ```ts
 * import { wma } from "./wma.ts";
 * import assert from "node:assert/strict";
 * const out = wma(new Float64Array([1, 2, 3, 4, 6]), 3);
 * // (1*1 + 2*2 + 3*3)/6 = 14/6; (1*2 + 2*3 + 3*4)/6 = 20/6; (1*3 + 2*4 + 3*6)/6 = 29/6
 * assert.deepEqual([...out], [NaN, NaN, 14 / 6, 20 / 6, 29 / 6]);
 * ```
 */
export function wma(
  src: Float64Array,
  n: number,
  out?: Float64Array,
): Float64Array {
  checkInt("wma", "n", n, 1, MAX_N);
  const len = src.length;
  const dst = prepareOut("wma", "out", out, len, [src]);
  const denom = n % 2 === 0 ? (n / 2) * (n + 1) : n * ((n + 1) / 2);
  // Exact expansions (see _expansion.ts): S, the plain sum of the window's
  // finite values, and W, their weighted sum. Partials stay few (2-3 on price
  // data); the arrays double if ever needed.
  let sp = new Float64Array(8);
  let ns = 0;
  let wp = new Float64Array(8);
  let nw = 0;
  let nan = 0;
  let pinf = 0;
  let ninf = 0;
  for (let i = 0; i < len; i++) {
    const x = src[i]!;
    // W[i] = W[i-1] - S[i-1] + n * x[i]: every older value loses one weight.
    for (let k = 0; k < ns; k++) {
      if (nw === wp.length) wp = doubled(wp);
      nw = growExpansion(wp, nw, -sp[k]!);
      if (nw < 0) overflow();
    }
    if (x - x === 0) {
      if (!(Math.abs(x) < MAX_ABS)) {
        throw new RangeError(
          `wma(): |src[${i}]| must be below 2^995 (about 6.7e299), found ${Math.abs(x)}`,
        );
      }
      // n * x exactly as p + e: with n < 2^27 and x split into 26 + 27 bit
      // halves, n * xh and n * xl are exact (Dekker's product with b = n).
      const p = n * x;
      const cx = 134217729 * x;
      const xh = cx - (cx - x);
      const e = (n * xh - p) + n * (x - xh);
      if (nw + 1 >= wp.length) wp = doubled(wp);
      nw = growExpansion(wp, nw, p);
      if (nw >= 0 && e !== 0) nw = growExpansion(wp, nw, e);
      if (ns === sp.length) sp = doubled(sp);
      ns = growExpansion(sp, ns, x);
      if (nw < 0 || ns < 0) overflow();
    } else if (x !== x) nan++;
    else if (x > 0) pinf++;
    else ninf++;
    if (i >= n) {
      const y = src[i - n]!;
      if (y - y === 0) {
        if (ns === sp.length) sp = doubled(sp);
        ns = growExpansion(sp, ns, -y);
        if (ns < 0) overflow();
      } else if (y !== y) nan--;
      else if (y > 0) pinf--;
      else ninf--;
    }
    if (i < n - 1) {
      dst[i] = NaN;
    } else if (nan + pinf + ninf === 0) {
      dst[i] = roundExpansion(wp, nw) / denom;
    } else {
      dst[i] = nan > 0 || (pinf > 0 && ninf > 0) ? NaN : pinf > 0 ? Infinity : -Infinity;
    }
  }
  return dst;
}

function overflow(): never {
  throw new RangeError("wma(): intermediate overflow (a window sum exceeds Number.MAX_VALUE)");
}

/**
 * The WMA as an indicator definition: `ind.wma(period = 30, source = "close")`.
 * backtrader's `WeightedMovingAverage` (weights 1..period, the newest heaviest); first value at bar `period − 1`.
 */
export const wmaIndicator = defineIndicator({
  name: "wma",
  params: z.strictObject({ period: period(1, 30), source: source("close") }),
  args: ["period", "source"],
  inputs: (p) => [p.source],
  warmup: (p) => p.period - 1,
  compute: ([x], p, [out]) => {
    wma(x!, p.period, out);
  },
});
