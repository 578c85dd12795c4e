/**
 * Return per unit of time in the market.
 *
 * @module
 */

/**
 * Exposure-adjusted return: the annualised return divided by the exposure,
 * `cagr / exposure` — quantstats' `rar` ("risk-adjusted return",
 * ranaroussi/quantstats `quantstats/stats.py`: `cagr(returns) /
 * exposure(returns)`), AmiBroker's "Risk Adjusted Return" (annual return ÷
 * exposure). A strategy that earns 5 % a year while in the market 25 % of
 * the time scores 20 %: what it would earn if it were always invested at the
 * same rate. Both inputs come from this engine: `cagr` per bar
 * ({@linkcode cagr}), `exposure` the share of bars closing with a position
 * ({@linkcode exposure}; quantstats counts bars with a non-zero return and
 * rounds up to the percent, which this does not).
 *
 * NaN when either is NaN or the exposure is 0 (never in the market).
 *
 * @example 5 % a year, in the market a quarter of the time
 * ```ts
 * import assert from "node:assert/strict";
 * import { exposureAdjustedReturn } from "./exposure_adjusted_return.ts";
 * assert.equal(exposureAdjustedReturn(0.05, 0.25), 0.2);
 * assert.ok(Number.isNaN(exposureAdjustedReturn(0.05, 0)));
 * ```
 */
export function exposureAdjustedReturn(cagr: number, exposure: number): number {
  return exposure > 0 ? cagr / exposure : NaN;
}
