/**
 * Annualised volatility of per-period returns.
 *
 * @module
 */

import { pilotShift } from "./_pilot_shift.ts";

/**
 * Annualised volatility `std(r, ddof=1) · √periodsPerYear` (empyrical's
 * `annual_volatility`), skipping NaN returns (`nanstd`).
 *
 * NaN when fewer than two non-NaN returns remain or `periodsPerYear` is not a
 * positive finite number. A constant series gives exactly 0. One pass
 * (shifted-data sums around a pilot value near the mean), no
 * allocation.
 *
 * @example Alternating ±1 %
 * ```ts
 * import assert from "node:assert/strict";
 * import { annualVolatility } from "./annual_volatility.ts";
 *
 * const r = Float64Array.of(0.01, -0.01, 0.01, -0.01);
 * // mean 0, sample variance 4·0.0001/3
 * const expected = Math.sqrt(0.0004 / 3) * Math.sqrt(252);
 * assert.ok(Math.abs(annualVolatility(r, 252) - expected) < 1e-15);
 * assert.ok(Number.isNaN(annualVolatility(Float64Array.of(0.01), 252)));
 * ```
 */
export function annualVolatility(
  returns: Float64Array,
  periodsPerYear: number,
): number {
  if (!(periodsPerYear > 0 && periodsPerYear < Infinity)) return NaN;
  const k = pilotShift(returns, 0);
  let n = 0;
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < returns.length; i++) {
    const d = returns[i]! - k;
    if (d !== d) continue;
    n++;
    s1 += d;
    s2 += d * d;
  }
  return annualVolatilityOfSums(n, s1, s2, periodsPerYear);
}

/**
 * The end of {@linkcode annualVolatility}: from the count `n` and the sums
 * `s1`, `s2` of the returns less the pilot shift and of their squares.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { annualVolatility, annualVolatilityOfSums } from "./annual_volatility.ts";
 * // 0.5, 1.5 about the shift 0.5: sums 0 + 1 and 0 + 1
 * assert.equal(annualVolatilityOfSums(2, 1, 1, 252), annualVolatility(Float64Array.of(0.5, 1.5), 252));
 * ```
 */
export function annualVolatilityOfSums(n: number, s1: number, s2: number, periodsPerYear: number): number {
  if (n < 2) return NaN;
  const m2 = Math.max(s2 - (s1 * s1) / n, 0);
  return Math.sqrt(m2 / (n - 1)) * Math.sqrt(periodsPerYear);
}
