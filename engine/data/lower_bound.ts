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

/**
 * {@linkcode lowerBound} over the whole of `sorted`, searched by galloping
 * from `hint` (an earlier answer): O(log d) for an answer `d` places away,
 * so a run of searches for times that mostly move forward (trades' entries
 * and exits) costs little more than a scan.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { lowerBoundFrom } from "./lower_bound.ts";
 * const ts = Float64Array.of(10, 20, 20, 30, 40);
 * assert.equal(lowerBoundFrom(ts, 20, 0), 1);
 * assert.equal(lowerBoundFrom(ts, 35, 1), 4);
 * assert.equal(lowerBoundFrom(ts, 15, 4), 1); // backwards too
 * assert.equal(lowerBoundFrom(ts, 99, 2), 5);
 * ```
 */
export function lowerBoundFrom(sorted: Float64Array, t: number, hint: number): number {
  const n = sorted.length;
  let lo: number, hi: number;
  if (hint < n && sorted[hint]! < t) {
    // after hint: double the step until sorted[hint + step] ≥ t
    let step = 1;
    lo = hint + 1;
    while (hint + step < n && sorted[hint + step]! < t) {
      lo = hint + step + 1;
      step *= 2;
    }
    hi = Math.min(hint + step, n);
  } else {
    // at or before hint: double the step back until sorted[hint − step] < t
    let step = 1;
    hi = Math.min(hint, n);
    while (hint - step >= 0 && sorted[hint - step]! >= t) {
      hi = hint - step;
      step *= 2;
    }
    lo = Math.max(hint - step + 1, 0);
  }
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
