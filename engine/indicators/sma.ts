/**
 * Simple moving average with an exact running sum.
 *
 * @module
 */

import { checkInt, prepareOut } from "./_util.ts";
import { ExactSum } from "./exact_sum.ts";
import { type Magnitudes, magnitudes, splitFor } from "./_fixed_sum.ts";
import { z } from "zod";
import { defineIndicator, period, source } from "./define_indicator.ts";

/**
 * Simple moving average: `out[i] = fsum(src[i-n+1..i]) / n` for `i >= n-1`,
 * where `fsum` is the correctly rounded exact sum of the window (Python
 * `math.fsum`); `out[i]` is NaN for `i < n-1`. The result is therefore
 * bit-for-bit independent of history: no drift, whatever the series length.
 *
 * O(1) per bar: the new value is added to, and the leaving value subtracted
 * from, an exact running sum. For finite series whose magnitudes lie within
 * 2^42 of each other for n = 30 (2^38 for n = 200; every price series) that
 * sum is two-limb fixed point (`_fixed_sum.ts`: a few additions per bar, and
 * the one rounding is the IEEE addition of the two limbs); otherwise it is an
 * {@linkcode ExactSum} (Shewchuk partials). Both give the same, correctly
 * rounded, sums.
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
  return smaOf(src, n, out);
}

/**
 * {@linkcode sma}, given the magnitudes of `src` when the caller already
 * knows them (the indicator cache scans each read-only column once, not once
 * per window length). Internal: not re-exported from `mod.ts`.
 */
export function smaOf(
  src: Float64Array,
  n: number,
  out?: Float64Array,
  known?: Magnitudes | null,
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

  const k = splitFor(known === undefined ? magnitudes(src, 0, len) : known, n + 1);
  if (k === k) {
    // two-limb fixed point: x = hi + lo, hi a multiple of 2^k, lo in [0, 2^k); each limb's running sum is exact
    const down = 2 ** -k, up = 2 ** k;
    let hiSum = 0, loSum = 0;
    for (let i = 0; i < n; i++) {
      const x = src[i]!;
      const hx = Math.floor(x * down) * up;
      hiSum += hx;
      loSum += x - hx;
    }
    dst[n - 1] = (hiSum + loSum) / n;
    for (let i = n; i < len; i++) {
      const x = src[i]!, y = src[i - n]!;
      const hx = Math.floor(x * down) * up, hy = Math.floor(y * down) * up;
      // each difference is exact (a multiple of its limb's unit, within range), so each running sum takes one
      // addition per bar: a short dependency chain, not two additions in a row
      hiSum += hx - hy;
      loSum += (x - hx) - (y - hy);
      dst[i] = (hiSum + loSum) / n; // the one rounding: HI + LO is the correctly rounded window sum
    }
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

/**
 * The SMA as an indicator definition: `ind.sma(period = 30, source = "close")`.
 * backtrader's `SimpleMovingAverage` (params `period`); first value at bar `period − 1`.
 */
export const smaIndicator = defineIndicator({
  name: "sma",
  params: z.strictObject({ period: period(1, 30), source: source("close") }),
  args: ["period", "source"],
  inputs: (p) => [p.source],
  warmup: (p) => p.period - 1,
  compute: ([x], p, [out], env) => {
    smaOf(x!, p.period, out, env.magnitudes(0) as Magnitudes | null);
  },
});
