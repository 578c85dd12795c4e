/**
 * Per-period simple returns of an equity curve.
 *
 * @module
 */

/**
 * Per-period simple returns `r[i] = e[i] / e[i−1] − 1` of an equity curve.
 *
 * - With `initial` (the capital before the first bar) the first return is
 *   `equity[0] / initial − 1`, so there is one return per bar and
 *   `returns.length === equity.length`.
 * - Without `initial` the first bar has no return, so
 *   `returns.length === max(equity.length − 1, 0)` and `returns[i]` is the
 *   return of bar `i + 1`.
 * - A return whose base (previous equity, or `initial`) is not a positive
 *   finite number is NaN: after equity reaches zero the following returns are
 *   NaN (0/0), not 0. A NaN equity value makes its own return and the next one
 *   NaN. Every kernel in this folder skips NaN returns (empyrical's nan-aware
 *   convention), and `cagr` treats them as flat periods.
 *
 * `out`, when at least as long as the result, is written instead of
 * allocating (a `subarray` view is returned if it is longer), so grid searches
 * can reuse one buffer.
 *
 * @example One return per bar when the initial capital is given
 * ```ts
 * import assert from "node:assert/strict";
 * import { simpleReturns } from "./simple_returns.ts";
 *
 * const equity = Float64Array.of(110, 99, 99);
 * assert.deepEqual([...simpleReturns(equity, 100)].map((r) => +r.toFixed(12)), [0.1, -0.1, 0]);
 * assert.equal(simpleReturns(equity).length, 2); // no initial: n − 1 returns
 * ```
 */
export function simpleReturns(
  equity: Float64Array,
  initial?: number,
  out?: Float64Array,
): Float64Array {
  const n = equity.length;
  const hasInitial = initial !== undefined;
  const len = hasInitial ? n : n > 0 ? n - 1 : 0;
  const r = out === undefined || out.length < len
    ? new Float64Array(len)
    : out.length === len
    ? out
    : out.subarray(0, len);
  if (n === 0) return r;
  let prev = hasInitial ? initial : equity[0]!;
  let j = 0;
  for (let i = hasInitial ? 0 : 1; i < n; i++) {
    const e = equity[i]!;
    r[j++] = prev > 0 && prev < Infinity ? e / prev - 1 : NaN;
    prev = e;
  }
  return r;
}
