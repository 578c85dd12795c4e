/**
 * Skewness of returns.
 *
 * @module
 */

import { type CentralMoments, centralMoments, isDegenerate } from "./_central_moments.ts";

/**
 * Sample skewness `m3 / m2^1.5` with the biased central moments
 * `m_k = (1/n) Σ (r − r̄)^k`: `scipy.stats.skew` with its defaults
 * (`bias=True`).
 *
 * Source: empyrical has no skew; pyfolio's tear sheet lists
 * `stats.skew` (scipy, default arguments) in `SIMPLE_STAT_FUNCS` of
 * quantopian/pyfolio `pyfolio/timeseries.py`, applied to the daily returns;
 * scipy's definition is `scipy/stats/_stats_py.py` `skew`:
 * `vals = m3 / m2**1.5`, NaN where `m2 <= (eps * mean)**2`.
 *
 * NaN returns are skipped (scipy's default `nan_policy="propagate"` would
 * return NaN; pyfolio passes NaN-free returns). NaN for fewer than two
 * non-NaN returns and for a constant series.
 *
 * @example Symmetric returns have zero skew
 * ```ts
 * import assert from "node:assert/strict";
 * import { skew } from "./skew.ts";
 *
 * assert.equal(skew(Float64Array.of(-0.02, 0, 0.02)), 0);
 * // [0, 0, 0.03]: mean 0.01, m2 = 0.0006/3, m3 = 0.000006/3 → (0.000002)/(0.0002)^1.5
 * const s = skew(Float64Array.of(0, 0, 0.03));
 * assert.ok(Math.abs(s - 1 / Math.SQRT2) < 1e-12);
 * ```
 */
export function skew(returns: Float64Array): number {
  return skewOfMoments(centralMoments(returns));
}

/**
 * {@linkcode skew} from central moments already computed (`computeMetrics`
 * computes them once for the skew and the kurtosis).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { centralMoments } from "./_central_moments.ts";
 * import { skew, skewOfMoments } from "./skew.ts";
 * const r = Float64Array.of(0, 0, 0.03, -0.01);
 * assert.equal(skewOfMoments(centralMoments(r)), skew(r));
 * ```
 */
export function skewOfMoments(m: CentralMoments): number {
  if (isDegenerate(m)) return NaN;
  return m.m3 / m.m2 ** 1.5;
}
