/**
 * Historical value at risk.
 *
 * @module
 */

import { percentileSorted, sortedFinite } from "./_percentile.ts";

/**
 * Historical value at risk: the `cutoff` quantile of the per-period returns,
 * `np.percentile(r, 100 · cutoff)` with numpy's default linear
 * interpolation between order statistics (virtual index `(n − 1)·cutoff`).
 * A return, so a loss is negative: −0.03 means 5 % of periods lost 3 % or
 * more.
 *
 * Source: empyrical `value_at_risk`, quantopian/empyrical
 * `empyrical/stats.py` lines 2095–2112 (commit
 * 40f61b4f229df10898d46d08f7b1bdc543c0f99c):
 * `return np.percentile(returns, 100 * cutoff)`, default `cutoff=0.05`.
 *
 * NaN returns are dropped, as every kernel of this folder does (empyrical
 * passes them to `np.percentile`, which then gives NaN; NaN-free input gives
 * the same value). NaN for no non-NaN return or `cutoff` outside [0, 1]; a
 * single return is its own VaR, as in empyrical.
 *
 * @example empyrical's own test values
 * ```ts
 * import assert from "node:assert/strict";
 * import { valueAtRisk } from "./value_at_risk.ts";
 *
 * const r = Float64Array.of(1, 81, 82, 83, 84, 85);
 * assert.ok(Math.abs(valueAtRisk(r, 0.1) - 41) < 1e-12); // h = 0.5: halfway 1 → 81
 * assert.ok(Math.abs(valueAtRisk(r, 0.3) - 81.5) < 1e-12); // h = 1.5
 * ```
 */
export function valueAtRisk(returns: Float64Array, cutoff = 0.05): number {
  if (!(cutoff >= 0 && cutoff <= 1)) return NaN;
  return valueAtRiskOfSorted(sortedFinite(returns), cutoff);
}

/**
 * {@linkcode valueAtRisk} of returns already NaN-free and sorted ascending (one sort shared by several metrics).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { valueAtRisk, valueAtRiskOfSorted } from "./value_at_risk.ts";
 * const r = Float64Array.of(0.03, -0.01, 0.02, -0.04);
 * assert.equal(valueAtRiskOfSorted(r.slice().sort()), valueAtRisk(r));
 * ```
 */
export function valueAtRiskOfSorted(sorted: Float64Array, cutoff = 0.05): number {
  if (!(cutoff >= 0 && cutoff <= 1)) return NaN;
  return percentileSorted(sorted, 100 * cutoff);
}
