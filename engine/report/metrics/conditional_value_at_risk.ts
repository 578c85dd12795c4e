/**
 * Historical conditional value at risk (expected shortfall).
 *
 * @module
 */

import { sortedFinite } from "./_percentile.ts";

/**
 * Historical conditional value at risk: the mean of the `k + 1` smallest
 * returns, `k = ⌊(n − 1) · cutoff⌋`, i.e. the mean return of the periods at
 * or below the `valueAtRisk` order statistic. A return, so a loss
 * is negative.
 *
 * Source: empyrical `conditional_value_at_risk`, quantopian/empyrical
 * `empyrical/stats.py` lines 2115–2141 (commit
 * 40f61b4f229df10898d46d08f7b1bdc543c0f99c):
 * `cutoff_index = int((len(returns) - 1) * cutoff)`,
 * `np.mean(np.partition(returns, cutoff_index)[:cutoff_index + 1])`, default
 * `cutoff=0.05`. empyrical's test checks it equals
 * `np.mean(returns[returns <= value_at_risk(returns, cutoff)])`, which holds
 * when returns are distinct.
 *
 * NaN returns are dropped before `n` is counted, as every kernel of this
 * folder does (empyrical counts them in `n`; NaN-free input gives the same
 * value). NaN for no non-NaN return or `cutoff` outside [0, 1]; a single
 * return is its own CVaR, as in empyrical.
 *
 * @example The worst period of twenty-one
 * ```ts
 * import assert from "node:assert/strict";
 * import { conditionalValueAtRisk } from "./conditional_value_at_risk.ts";
 *
 * // n = 21: k = ⌊20 · 0.05⌋ = 1 → mean of the two worst returns.
 * const r = Float64Array.from({ length: 21 }, (_, i) => (i - 10) / 100);
 * assert.ok(Math.abs(conditionalValueAtRisk(r) - -0.095) < 1e-15);
 * ```
 */
export function conditionalValueAtRisk(returns: Float64Array, cutoff = 0.05): number {
  if (!(cutoff >= 0 && cutoff <= 1)) return NaN;
  return conditionalValueAtRiskOfSorted(sortedFinite(returns), cutoff);
}

/**
 * {@linkcode conditionalValueAtRisk} of returns already NaN-free and sorted
 * ascending (one sort shared by several metrics).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { conditionalValueAtRisk, conditionalValueAtRiskOfSorted } from "./conditional_value_at_risk.ts";
 * const r = Float64Array.of(0.03, -0.01, 0.02, -0.04);
 * assert.equal(conditionalValueAtRiskOfSorted(r.slice().sort()), conditionalValueAtRisk(r));
 * ```
 */
export function conditionalValueAtRiskOfSorted(sorted: Float64Array, cutoff = 0.05): number {
  if (!(cutoff >= 0 && cutoff <= 1)) return NaN;
  if (sorted.length === 0) return NaN;
  const k = Math.floor((sorted.length - 1) * cutoff);
  let sum = 0;
  for (let i = 0; i <= k; i++) sum += sorted[i]!;
  return sum / (k + 1);
}
