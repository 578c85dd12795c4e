/**
 * Excess kurtosis of returns.
 *
 * @module
 */

import { type CentralMoments, centralMoments, isDegenerate } from "./_central_moments.ts";

/**
 * Excess (Fisher) kurtosis `m4 / m2² − 3` with the biased central moments
 * `m_k = (1/n) Σ (r − r̄)^k`: `scipy.stats.kurtosis` with its defaults
 * (`fisher=True`, `bias=True`); a normal sample gives about 0.
 *
 * Source: empyrical has no kurtosis; pyfolio's tear sheet lists
 * `stats.kurtosis` (scipy, default arguments) in `SIMPLE_STAT_FUNCS` of
 * quantopian/pyfolio `pyfolio/timeseries.py`, applied to the daily returns;
 * scipy's definition is `scipy/stats/_stats_py.py` `kurtosis`:
 * `vals = m4 / m2**2.0`, `vals - 3` if `fisher`, NaN where
 * `m2 <= (eps * mean)**2`.
 *
 * NaN returns are skipped (scipy's default `nan_policy="propagate"` would
 * return NaN; pyfolio passes NaN-free returns). NaN for fewer than two
 * non-NaN returns and for a constant series.
 *
 * @example Two values: the flattest possible distribution
 * ```ts
 * import assert from "node:assert/strict";
 * import { kurtosis } from "./kurtosis.ts";
 *
 * // ±d around the mean: m4 / m2² = d⁴ / (d²)² = 1 → excess −2.
 * assert.ok(Math.abs(kurtosis(Float64Array.of(-0.01, 0.03)) - -2) < 1e-12);
 * ```
 */
export function kurtosis(returns: Float64Array): number {
  return kurtosisOfMoments(centralMoments(returns));
}

/**
 * {@linkcode kurtosis} from central moments already computed (`computeMetrics`
 * computes them once for the skew and the kurtosis).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { centralMoments } from "./_central_moments.ts";
 * import { kurtosis, kurtosisOfMoments } from "./kurtosis.ts";
 * const r = Float64Array.of(0, 0, 0.03, -0.01);
 * assert.equal(kurtosisOfMoments(centralMoments(r)), kurtosis(r));
 * ```
 */
export function kurtosisOfMoments(m: CentralMoments): number {
  if (isDegenerate(m)) return NaN;
  return m.m4 / (m.m2 * m.m2) - 3;
}
