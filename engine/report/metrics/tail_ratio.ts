/**
 * Tail ratio.
 *
 * @module
 */

import { percentileSorted, sortedFinite } from "./_percentile.ts";

/**
 * Tail ratio `|P95(r)| / |P5(r)|`: the right tail over the left tail, with
 * numpy's default (linear) percentiles; 0.25 means the bad days are four
 * times as large as the good ones.
 *
 * Source: empyrical `tail_ratio`, quantopian/empyrical `empyrical/stats.py`
 * lines 1501–1528 (commit 40f61b4f229df10898d46d08f7b1bdc543c0f99c):
 * `np.abs(np.percentile(returns, 95)) / np.abs(np.percentile(returns, 5))`
 * after `returns = returns[~np.isnan(returns)]`. Both percentiles are taken
 * in absolute value, as there.
 *
 * NaN returns are dropped. As empyrical: NaN for no non-NaN return, and a
 * single return gives 1 (its own ratio); `P5 = 0` gives `+Infinity` (or NaN
 * when `P95` is 0 too), numpy's division.
 *
 * @example Twenty-one evenly spaced returns
 * ```ts
 * import assert from "node:assert/strict";
 * import { tailRatio } from "./tail_ratio.ts";
 *
 * // −0.10, −0.09, …, 0.10: index h = 20·0.95 = 19 → 0.09, h = 1 → −0.09.
 * const r = Float64Array.from({ length: 21 }, (_, i) => (i - 10) / 100);
 * assert.ok(Math.abs(tailRatio(r) - 1) < 1e-12);
 * ```
 */
export function tailRatio(returns: Float64Array): number {
  return tailRatioOfSorted(sortedFinite(returns));
}

/**
 * {@linkcode tailRatio} of returns already NaN-free and sorted ascending (one sort shared by several metrics).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tailRatio, tailRatioOfSorted } from "./tail_ratio.ts";
 * const r = Float64Array.of(0.03, -0.01, 0.02, -0.04);
 * assert.equal(tailRatioOfSorted(r.slice().sort()), tailRatio(r));
 * ```
 */
export function tailRatioOfSorted(sorted: Float64Array): number {
  if (sorted.length === 0) return NaN;
  return Math.abs(percentileSorted(sorted, 95)) / Math.abs(percentileSorted(sorted, 5));
}
