/**
 * Simple moving average with an exact running sum.
 *
 * @module
 */

import { checkInt, prepareOut } from "./_util.ts";
import { ExactSum } from "./exact_sum.ts";

/**
 * Simple moving average: `out[i] = fsum(src[i-n+1..i]) / n` for `i >= n-1`,
 * where `fsum` is the correctly rounded exact sum of the window (Python
 * `math.fsum`); `out[i]` is NaN for `i < n-1`. The result is therefore
 * bit-for-bit independent of history: no drift, whatever the series length.
 *
 * O(1) per bar: the new value is added to, and the leaving value subtracted
 * from, an {@linkcode ExactSum}, which adds and subtracts without rounding.
 *
 * Non-finite inputs (treated as `math.fsum` would, and only for the windows
 * that contain them): a window containing NaN, or both `+Infinity` and
 * `-Infinity`, gives NaN; otherwise a window containing `±Infinity` gives
 * `±Infinity`. Later windows are unaffected.
 *
 * @param src Input series.
 * @param n Window length, an integer >= 1. If `n > src.length` every output
 * is NaN.
 * @param out Optional preallocated output of length `src.length`; must not
 * overlap `src`.
 * @returns `out`, or a new array.
 * @throws {RangeError} on a bad `n` or `out`; or if a window's running sum
 * overflows (finite values near `Number.MAX_VALUE`).
 *
 * @example SMA(3) by hand
 * ```ts
 * import { sma } from "./sma.ts";
 * import assert from "node:assert/strict";
 * const out = sma(new Float64Array([1, 2, 3, 4, 5]), 3);
 * // windows [1,2,3] -> 6/3, [2,3,4] -> 9/3, [3,4,5] -> 12/3
 * assert.deepEqual([...out], [NaN, NaN, 2, 3, 4]);
 * ```
 */
export function sma(
  src: Float64Array,
  n: number,
  out?: Float64Array,
): Float64Array {
  checkInt("sma", "n", n);
  const len = src.length;
  const dst = prepareOut("sma", "out", out, len, [src]);
  const warm = Math.min(n - 1, len);
  dst.fill(NaN, 0, warm);
  if (n > len) return dst;
  if (n === 1) {
    // fsum([x]) / 1 is x, except that -0 becomes +0 (as math.fsum([-0.0]))
    for (let i = 0; i < len; i++) dst[i] = src[i]! + 0;
    return dst;
  }

  const acc = new ExactSum();
  // Counts of non-finite values in the current window; they never enter acc.
  let nan = 0;
  let pinf = 0;
  let ninf = 0;
  for (let i = 0; i < n; i++) {
    const x = src[i]!;
    if (x - x === 0) acc.add(x);
    else if (x !== x) nan++;
    else if (x > 0) pinf++;
    else ninf++;
  }
  dst[n - 1] = nan + pinf + ninf === 0 ? acc.value() / n : special(nan, pinf, ninf);
  for (let i = n; i < len; i++) {
    const x = src[i]!;
    const y = src[i - n]!;
    const s = x - y;
    if (s - s === 0) {
      // Both finite: add x - y exactly as s + e (TwoSum). For nearby prices
      // e is usually 0 (Sterbenz), so this is one accumulator step, not two.
      const bp = s - x;
      const e = (x - (s - bp)) + (-y - bp);
      acc.add(s);
      if (e !== 0) acc.add(e);
    } else {
      if (x - x === 0) acc.add(x);
      else if (x !== x) nan++;
      else if (x > 0) pinf++;
      else ninf++;
      if (y - y === 0) acc.sub(y);
      else if (y !== y) nan--;
      else if (y > 0) pinf--;
      else ninf--;
    }
    dst[i] = nan + pinf + ninf === 0 ? acc.value() / n : special(nan, pinf, ninf);
  }
  return dst;
}

/** The `math.fsum` result for a window holding non-finite values. */
function special(nan: number, pinf: number, ninf: number): number {
  return nan > 0 || (pinf > 0 && ninf > 0) ? NaN : pinf > 0 ? Infinity : -Infinity;
}
