/**
 * Annual risk-free rate converted to a per-period rate.
 *
 * @module
 */

/**
 * Per-period risk-free rate `rf_p = (1 + rf)^(1/periodsPerYear) − 1` from an
 * annual rate `rf` (0.05 = 5 %/year), compounding-consistent so that
 * `(1 + rf_p)^periodsPerYear = 1 + rf`. `rf = 0` gives exactly 0. NaN when
 * `rf ≤ −1`, `rf` is not finite, or `periodsPerYear` is not a positive finite
 * number.
 *
 * @example 5 % a year on daily bars
 * ```ts
 * import assert from "node:assert/strict";
 * import { riskFreePerPeriod } from "./risk_free_per_period.ts";
 *
 * const rfp = riskFreePerPeriod(0.05, 252);
 * assert.ok(Math.abs((1 + rfp) ** 252 - 1.05) < 1e-12);
 * assert.equal(riskFreePerPeriod(0, 252), 0);
 * ```
 */
export function riskFreePerPeriod(
  annualRate: number,
  periodsPerYear: number,
): number {
  if (!(periodsPerYear > 0 && periodsPerYear < Infinity)) return NaN;
  if (!(annualRate > -1 && annualRate < Infinity)) return NaN;
  if (annualRate === 0) return 0;
  return Math.pow(1 + annualRate, 1 / periodsPerYear) - 1;
}
