/**
 * Annualised Sortino ratio.
 *
 * @module
 */

import { riskFreePerPeriod } from "./risk_free_per_period.ts";

/**
 * Annualised Sortino ratio `mean(r − rf_p) · periodsPerYear /
 * downsideDeviation`, where `downsideDeviation = √(mean(min(r − rf_p, 0)²)) ·
 * √periodsPerYear` (mean over all non-NaN periods, see
 * {@linkcode downsideDeviation}) and `rf_p = (1 + riskFree)^(1/periodsPerYear)
 * − 1` from the annual rate `riskFree` (default 0). Matches empyrical's
 * `sortino_ratio` (NaN returns skipped) as fixed in empyrical-reloaded; older
 * empyrical releases annualised the downside deviation with √252 whatever the
 * period, which only differs for non-daily bars.
 *
 * Edge cases: no period below the threshold → `+Infinity` when the mean excess
 * return is positive (empyrical gives `inf` for `positive_returns`), NaN when
 * it is 0 (all returns exactly at the threshold); fewer than two non-NaN
 * returns, `periodsPerYear` not a positive finite number, or `riskFree ≤ −1`
 * → NaN. One pass, no allocation.
 *
 * @example Positive mean, and no downside at all
 * ```ts
 * import assert from "node:assert/strict";
 * import { sortino } from "./sortino.ts";
 *
 * const r = Float64Array.of(0.02, -0.02, 0.01, 0.03);
 * // mean 0.01 → 2.52/yr; downside √(0.0004/4)·√252 = 0.01·√252
 * const expected = (0.01 * 252) / (0.01 * Math.sqrt(252));
 * assert.ok(Math.abs(sortino(r, 252) - expected) < 1e-12);
 * assert.equal(sortino(Float64Array.of(0.01, 0.02), 252), Infinity);
 * ```
 */
export function sortino(
  returns: Float64Array,
  periodsPerYear: number,
  riskFree = 0,
): number {
  const rf = riskFreePerPeriod(riskFree, periodsPerYear);
  if (rf !== rf) return NaN;
  let n = 0;
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < returns.length; i++) {
    const x = returns[i]! - rf;
    if (x !== x) continue;
    n++;
    sum += x;
    const down = (x - Math.abs(x)) * 0.5; // min(x, 0), exact and branch-free
    sumSq += down * down;
  }
  return sortinoOfSums(n, sum, sumSq, periodsPerYear);
}

/**
 * The end of {@linkcode sortino}: from the count `n`, the sum of the excess
 * returns and the sum of their squared negative parts.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sortino, sortinoOfSums } from "./sortino.ts";
 * assert.equal(sortinoOfSums(2, 0.01, 0.0001, 252), sortino(Float64Array.of(0.02, -0.01), 252));
 * ```
 */
export function sortinoOfSums(n: number, sum: number, sumSq: number, periodsPerYear: number): number {
  if (n < 2) return NaN;
  const downside = Math.sqrt(sumSq / n) * Math.sqrt(periodsPerYear);
  return ((sum / n) * periodsPerYear) / downside;
}
