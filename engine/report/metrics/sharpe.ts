/**
 * Annualised Sharpe ratio.
 *
 * @module
 */

import { pilotShift } from "./_pilot_shift.ts";
import { riskFreePerPeriod } from "./risk_free_per_period.ts";

/**
 * Relative tolerance under which a standard deviation counts as zero: a
 * constant series rebuilt from equity ratios has round-off noise of ~1e-16 of
 * its mean, which must not turn into a Sharpe of 1e15.
 */
const ZERO_VOL_RTOL = 1e-12;

/**
 * Annualised Sharpe ratio `mean(r − rf_p) / std(r − rf_p, ddof=1) ·
 * √periodsPerYear`, where `rf_p = (1 + riskFree)^(1/periodsPerYear) − 1` is
 * the per-period equivalent of the annual rate `riskFree` (default 0).
 * Matches empyrical's `sharpe_ratio` (NaN returns skipped: `nanmean`,
 * `nanstd`).
 *
 * Zero volatility (std = 0, or std ≤ 1e-12·|mean|: the float round-off of
 * a constant series) follows empyrical, whose `sharpe_ratio` is
 * `np.divide(nanmean(r), nanstd(r, ddof=1))`: `+Infinity` or `−Infinity`
 * with the sign of the mean, NaN when the mean is 0 (0/0).
 *
 * Other edge cases, all NaN: fewer than two non-NaN returns;
 * `periodsPerYear` not a positive finite number; `riskFree ≤ −1`.
 *
 * One pass (shifted-data sums), no allocation.
 *
 * @example Mean 0.1 %, sample std 1 %, daily
 * ```ts
 * import assert from "node:assert/strict";
 * import { sharpe } from "./sharpe.ts";
 *
 * const r = Float64Array.of(0.011, -0.009); // mean 0.001, std(ddof=1) 0.02/√2
 * const expected = 0.001 / (0.02 / Math.SQRT2) * Math.sqrt(252);
 * assert.ok(Math.abs(sharpe(r, 252) - expected) < 1e-12);
 * assert.equal(sharpe(Float64Array.of(0.01, 0.01, 0.01), 252), Infinity); // zero vol, mean > 0
 * assert.ok(Number.isNaN(sharpe(Float64Array.of(0, 0, 0), 252))); // zero vol, mean 0
 * ```
 */
export function sharpe(
  returns: Float64Array,
  periodsPerYear: number,
  riskFree = 0,
): number {
  const rf = riskFreePerPeriod(riskFree, periodsPerYear);
  if (rf !== rf) return NaN;
  const k = pilotShift(returns, rf);
  let n = 0;
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < returns.length; i++) {
    const d = returns[i]! - rf - k;
    if (d !== d) continue;
    n++;
    s1 += d;
    s2 += d * d;
  }
  return sharpeOfSums(n, s1, s2, k, periodsPerYear);
}

/**
 * The end of {@linkcode sharpe}: from the count `n`, the sums `s1` and `s2`
 * of the excess returns less the pilot shift `k`, and their powers.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sharpe, sharpeOfSums } from "./sharpe.ts";
 * // 0.5, 1.5 about the shift 0.5 (the first value nearest their mean): sums 0 + 1 and 0 + 1
 * assert.equal(sharpeOfSums(2, 1, 1, 0.5, 252), sharpe(Float64Array.of(0.5, 1.5), 252));
 * ```
 */
export function sharpeOfSums(n: number, s1: number, s2: number, k: number, periodsPerYear: number): number {
  if (n < 2) return NaN;
  const mean = k + s1 / n;
  const sd = Math.sqrt(Math.max(s2 - (s1 * s1) / n, 0) / (n - 1));
  if (!(sd > ZERO_VOL_RTOL * Math.abs(mean))) return mean > 0 ? Infinity : mean < 0 ? -Infinity : NaN;
  return (mean / sd) * Math.sqrt(periodsPerYear);
}
