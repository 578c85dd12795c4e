/**
 * First index `i` in `[lo, hi)` with `sorted[i] >= t`, or `hi` when there is
 * none. `sorted` must be ascending over that range: bar times within a
 * symbol, an equity curve's times.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { lowerBound } from "./lower_bound.ts";
 * const ts = Float64Array.of(10, 20, 20, 30);
 * assert.equal(lowerBound(ts, 20), 1);
 * assert.equal(lowerBound(ts, 25), 3);
 * assert.equal(lowerBound(ts, 99), 4);
 * assert.equal(lowerBound(ts, 20, 2), 2);
 * ```
 */
export function lowerBound(sorted: ArrayLike<number>, t: number, lo = 0, hi = sorted.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
