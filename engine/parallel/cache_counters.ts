/**
 * Indicator cache counters of workers, and the one way they add up: a
 * worker reports its running totals, its client turns them into what each
 * chunk added, and a pool sums those.
 *
 * @module
 */

/** Indicator cache counters: of a worker (running totals), of a chunk, or of a whole pool. */
export interface CacheCounters {
  readonly hits: number;
  readonly misses: number;
  /** Series evicted (their slot reused for another) to stay within `optimize.cacheMb`. */
  readonly evictions: number;
}

/** No requests yet. */
export const NO_CACHE_COUNTERS: CacheCounters = Object.freeze({ hits: 0, misses: 0, evictions: 0 });

/**
 * `a + b`, or `a − b` with `sign = -1` (what a chunk added to a worker's totals).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { addCounters } from "./cache_counters.ts";
 * const before = { hits: 3, misses: 2, evictions: 0 }, after = { hits: 10, misses: 4, evictions: 1 };
 * assert.deepEqual(addCounters(after, before, -1), { hits: 7, misses: 2, evictions: 1 });
 * assert.deepEqual(addCounters(before, after), { hits: 13, misses: 6, evictions: 1 });
 * ```
 */
export function addCounters(a: CacheCounters, b: CacheCounters, sign: 1 | -1 = 1): CacheCounters {
  return {
    hits: a.hits + sign * b.hits,
    misses: a.misses + sign * b.misses,
    evictions: a.evictions + sign * b.evictions,
  };
}
