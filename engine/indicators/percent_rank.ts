/**
 * Percent rank of the current value within its trailing window.
 *
 * @module
 */

import { checkInt, prepareOut } from "./_util.ts";
import { z } from "zod";
import { defineIndicator, period, source } from "./define_indicator.ts";

/**
 * Percent rank, as backtrader's `PercentRank` (alias `PctRank`): the fraction
 * of the last `n` values (the current one included) that are strictly below
 * the current value. For `i >= n-1`
 *
 * `out[i] = #{ j in i-n+1..i : src[j] < src[i] } / n`
 *
 * so it lies in `[0, (n - 1)/n]` (the current value is never below itself; a
 * new high gives `(n − 1)/n`, a new low or a flat window 0); `out[i]` is NaN
 * for `i < n-1`. Like backtrader it is a fraction, not a percentage.
 *
 * NaN handling: a window containing a NaN gives NaN (backtrader would count
 * the NaN as not below, and a NaN current value as above nothing); values
 * resume once the NaN has left the window, and leading NaNs delay the first
 * value by as many bars. Infinities compare as usual.
 *
 * O(log n) comparisons plus one block move of at most `n` values per bar (the
 * window is kept sorted); allocates one array of `min(n, src.length)` values.
 *
 * @param src Input series.
 * @param n Window length, an integer >= 1 (default 50).
 * @param out Optional preallocated output of length `src.length`; must not
 * overlap `src`.
 * @returns `out`, or a new array.
 * @throws {RangeError} on a bad `n` or `out`.
 *
 * @example PercentRank(4) by hand
 * ```ts
 * import { percentRank } from "./percent_rank.ts";
 * import assert from "node:assert/strict";
 * const out = percentRank(new Float64Array([3, 1, 4, 1, 5, 1]), 4);
 * // [3,1,4,1]: below 1: none -> 0; [1,4,1,5]: below 5: three -> 0.75; [4,1,5,1]: below 1: none -> 0
 * assert.deepEqual([...out], [NaN, NaN, NaN, 0, 0.75, 0]);
 * ```
 */
export function percentRank(
  src: Float64Array,
  n = 50,
  out?: Float64Array,
): Float64Array {
  checkInt("percentRank", "n", n);
  const len = src.length;
  const dst = prepareOut("percentRank", "out", out, len, [src]);
  // the window's non-NaN values, sorted ascending; NaNs are only counted
  const win = new Float64Array(Math.min(n, len));
  let size = 0, nan = 0;
  for (let i = 0; i < len; i++) {
    if (i >= n) {
      const y = src[i - n]!;
      if (y !== y) nan--;
      else {
        const at = below(win, size, y); // win[at] == y: remove it
        win.copyWithin(at, at + 1, size);
        size--;
      }
    }
    const x = src[i]!;
    if (x !== x) nan++;
    else {
      const at = below(win, size, x);
      win.copyWithin(at + 1, at, size);
      win[at] = x;
      size++;
    }
    dst[i] = i < n - 1 || nan > 0 ? NaN : below(win, size, x) / n;
  }
  return dst;
}

/** The number of values of the sorted `win[0..size)` strictly below `x` (the first index not below it). */
function below(win: Float64Array, size: number, x: number): number {
  let lo = 0, hi = size;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (win[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The percent rank as an indicator definition: `ind.percentRank(period = 50, source = "close")`. backtrader's
 * `PercentRank` (the fraction of the window strictly below the current value); first value at bar `period − 1`.
 */
export const percentRankIndicator = defineIndicator({
  name: "percentRank",
  params: z.strictObject({ period: period(1, 50), source: source("close") }),
  args: ["period", "source"],
  inputs: (p) => [p.source],
  warmup: (p) => p.period - 1,
  compute: ([x], p, [out]) => {
    percentRank(x!, p.period, out);
  },
});
