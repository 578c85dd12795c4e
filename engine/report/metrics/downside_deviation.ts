/**
 * Annualised downside deviation.
 *
 * @module
 */

import { riskFreePerPeriod } from "./risk_free_per_period.ts";

/**
 * Annualised downside deviation `√(mean(min(r − rf_p, 0)²)) · √periodsPerYear`
 * with the mean over **all** non-NaN periods (periods above the threshold
 * count as 0), and `rf_p = (1 + riskFree)^(1/periodsPerYear) − 1` from the
 * annual rate `riskFree` (default 0). Matches empyrical's `downside_risk`
 * (whose `required_return` is per-period; pass the annual equivalent here).
 *
 * A single return is allowed (0 if it is above the threshold). NaN for no
 * non-NaN returns, `periodsPerYear` not a positive finite number, or
 * `riskFree ≤ −1`. One pass, no allocation.
 *
 * @example Only the losing period counts, divided by all periods
 * ```ts
 * import assert from "node:assert/strict";
 * import { downsideDeviation } from "./downside_deviation.ts";
 *
 * const r = Float64Array.of(0.02, -0.02, 0.01, 0.03);
 * const expected = Math.sqrt(0.0004 / 4) * Math.sqrt(252); // 0.01·√252
 * assert.ok(Math.abs(downsideDeviation(r, 252) - expected) < 1e-15);
 * ```
 */
export function downsideDeviation(
  returns: Float64Array,
  periodsPerYear: number,
  riskFree = 0,
): number {
  const rf = riskFreePerPeriod(riskFree, periodsPerYear);
  if (rf !== rf) return NaN;
  let n = 0;
  let sumSq = 0;
  for (let i = 0; i < returns.length; i++) {
    const x = returns[i]! - rf;
    if (x !== x) continue;
    n++;
    const down = (x - Math.abs(x)) * 0.5; // min(x, 0), exact and branch-free
    sumSq += down * down;
  }
  return downsideDeviationOfSums(n, sumSq, periodsPerYear);
}

/**
 * The end of {@linkcode downsideDeviation}: from the count `n` and the sum
 * of the squared negative parts of the excess returns.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { downsideDeviation, downsideDeviationOfSums } from "./downside_deviation.ts";
 * assert.equal(downsideDeviationOfSums(2, 0.0001, 252), downsideDeviation(Float64Array.of(0.02, -0.01), 252));
 * ```
 */
export function downsideDeviationOfSums(n: number, sumSq: number, periodsPerYear: number): number {
  if (n === 0) return NaN;
  return Math.sqrt(sumSq / n) * Math.sqrt(periodsPerYear);
}
