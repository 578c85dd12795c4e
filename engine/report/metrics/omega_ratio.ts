/**
 * Omega ratio.
 *
 * @module
 */

import { riskFreePerPeriod } from "./risk_free_per_period.ts";

/**
 * Omega ratio `Σ max(r − rf − τ, 0) / Σ max(τ + rf − r, 0)`: gains above the
 * threshold over losses below it, with `τ = (1 + requiredReturn)^(1/periodsPerYear) − 1`
 * the per-period equivalent of the annual `requiredReturn` (used as is when
 * `periodsPerYear` is 1) and `periodRiskFree` a risk-free return **per
 * period** (not annual; empyrical's `risk_free`).
 *
 * Source: empyrical `omega_ratio`, quantopian/empyrical `empyrical/stats.py`
 * lines 599–649 (commit 40f61b4f229df10898d46d08f7b1bdc543c0f99c):
 * `return_threshold = (1 + required_return) ** (1. / annualization) - 1`,
 * `numer = sum(returns_less_thresh[returns_less_thresh > 0.0])`,
 * `denom = -1.0 * sum(returns_less_thresh[returns_less_thresh < 0.0])`,
 * `numer / denom` if `denom > 0.0` else NaN. Defaults as empyrical: 0, 0, 252.
 *
 * NaN returns are skipped (numpy's masks drop them from both sums too). NaN
 * when fewer than two non-NaN returns (empyrical: `len(returns) < 2`, which
 * counts NaN; the two differ only for a NaN plus one other value), when no
 * return is below the threshold, when `requiredReturn ≤ −1`, or when
 * `periodsPerYear` is not a positive finite number.
 *
 * @example Two gains and two losses
 * ```ts
 * import assert from "node:assert/strict";
 * import { omegaRatio } from "./omega_ratio.ts";
 *
 * const r = Float64Array.of(0.02, -0.01, 0.03, -0.04);
 * assert.ok(Math.abs(omegaRatio(r) - 0.05 / 0.05) < 1e-15);
 * assert.ok(Number.isNaN(omegaRatio(Float64Array.of(0.01, 0.02)))); // no losses
 * ```
 */
export function omegaRatio(
  returns: Float64Array,
  requiredReturn = 0,
  periodsPerYear = 252,
  periodRiskFree = 0,
): number {
  const threshold = periodsPerYear === 1 ? requiredReturn : riskFreePerPeriod(requiredReturn, periodsPerYear);
  if (threshold !== threshold || periodRiskFree !== periodRiskFree) return NaN;
  let n = 0;
  let numer = 0;
  let denom = 0;
  for (let i = 0; i < returns.length; i++) {
    const x = returns[i]! - periodRiskFree - threshold;
    if (x !== x) continue;
    n++;
    if (x > 0) numer += x;
    else if (x < 0) denom -= x;
  }
  return omegaOfSums(n, numer, denom);
}

/**
 * The end of {@linkcode omegaRatio}: from the count `n` and the sums of the
 * gains and of the losses about the threshold.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { omegaOfSums, omegaRatio } from "./omega_ratio.ts";
 * assert.equal(omegaOfSums(3, 0.03, 0.01, ), omegaRatio(Float64Array.of(0.02, -0.01, 0.01), 0, 1));
 * ```
 */
export function omegaOfSums(n: number, numer: number, denom: number): number {
  if (n < 2 || !(denom > 0)) return NaN;
  return numer / denom;
}
