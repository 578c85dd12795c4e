/**
 * Calmar ratio.
 *
 * @module
 */

import { cagr } from "./cagr.ts";

/**
 * Calmar ratio from its parts: `cagr / |maxDrawdown|`.
 *
 * Zero drawdown (or a NaN one) gives NaN, as does a non-finite quotient —
 * empyrical's `calmar_ratio` convention (`max_dd < 0` else NaN; `inf` → NaN).
 *
 * @example CAGR 12 %, max drawdown −20 %
 * ```ts
 * import assert from "node:assert/strict";
 * import { calmarRatio } from "./calmar.ts";
 *
 * assert.ok(Math.abs(calmarRatio(0.12, -0.2) - 0.6) < 1e-15);
 * assert.ok(Number.isNaN(calmarRatio(0.12, 0))); // no drawdown
 * ```
 */
export function calmarRatio(cagrValue: number, maxDrawdownValue: number): number {
  if (!(maxDrawdownValue < 0)) return NaN;
  const c = cagrValue / -maxDrawdownValue;
  return Number.isFinite(c) ? c : NaN;
}

/**
 * Calmar ratio of a returns series: {@linkcode cagr}`(returns,
 * periodsPerYear) / |max drawdown|`, the drawdown taken on the compounded
 * wealth path `Π(1 + r)` that starts at 1 (so the starting capital is the
 * first peak). Same conventions as empyrical's `calmar_ratio`: NaN returns are
 * flat periods, zero drawdown → NaN, empty → NaN, non-finite → NaN. A return
 * ≤ −1 gives CAGR −1 and drawdown ≤ −1.
 *
 * @example Up 10 %, down 10 %, up 10 % over three days
 * ```ts
 * import assert from "node:assert/strict";
 * import { calmar } from "./calmar.ts";
 *
 * const r = Float64Array.of(0.1, -0.1, 0.1);
 * const expected = ((1.1 * 0.9 * 1.1) ** (252 / 3) - 1) / 0.1;
 * assert.ok(Math.abs(calmar(r, 252) / expected - 1) < 1e-12);
 * ```
 */
export function calmar(returns: Float64Array, periodsPerYear: number): number {
  let w = 1;
  let peak = 1;
  let mdd = 0;
  for (let i = 0; i < returns.length; i++) {
    const r = returns[i]!;
    if (r !== r) continue;
    w *= 1 + r;
    if (w > peak) {
      peak = w;
      if (peak > 1e150) {
        w /= peak;
        peak = 1;
      }
    } else {
      const dd = w / peak - 1;
      if (dd < mdd) mdd = dd;
      if (w <= 0) break;
    }
  }
  return calmarRatio(cagr(returns, periodsPerYear), mdd);
}
