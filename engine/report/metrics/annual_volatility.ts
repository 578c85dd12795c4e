/**
 * Annualised volatility of per-period returns.
 *
 * @module
 */

/**
 * Annualised volatility `std(r, ddof=1) · √periodsPerYear` (empyrical's
 * `annual_volatility`), skipping NaN returns (`nanstd`).
 *
 * NaN when fewer than two non-NaN returns remain or `periodsPerYear` is not a
 * positive finite number. A constant series gives exactly 0. One pass
 * (Welford), no allocation.
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
  let n = 0;
  let mean = 0;
  let m2 = 0;
  for (let i = 0; i < returns.length; i++) {
    const x = returns[i]!;
    if (x !== x) continue;
    n++;
    const d = x - mean;
    mean += d / n;
    m2 += d * (x - mean);
  }
  if (n < 2) return NaN;
  return Math.sqrt(m2 / (n - 1)) * Math.sqrt(periodsPerYear);
}
