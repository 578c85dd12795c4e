/**
 * Compound annual growth rate from per-period returns.
 *
 * @module
 */

/**
 * Compound annual growth rate `Π(1 + r)^(periodsPerYear / n) − 1` with
 * `n = returns.length`, i.e. empyrical's `annual_return` / `cagr`
 * (`ending_value ** (1 / num_years) − 1`, `num_years = n / ann_factor`).
 *
 * - NaN returns count as flat periods: they contribute a factor of 1 but still
 *   count in `n` (empyrical's `cum_returns` fills NaN with 0 and `num_years`
 *   uses the full length).
 * - Any return ≤ −1 (wealth reached zero or below) gives −1, whatever follows.
 * - Empty returns, or `periodsPerYear` not a positive finite number (e.g. NaN
 *   from {@linkcode inferPeriodsPerYear} on intraday bars), give NaN.
 * - A single return is annualised like any other (`(1 + r)^periodsPerYear − 1`).
 *
 * One pass, no allocation; the running product is folded into a log
 * accumulator when it nears the float range, so 1M-bar curves cannot overflow.
 *
 * @example One year of daily 0.1 % returns, and a wipe-out
 * ```ts
 * import assert from "node:assert/strict";
 * import { cagr } from "./cagr.ts";
 *
 * const r = new Float64Array(252).fill(0.001);
 * assert.ok(Math.abs(cagr(r, 252) - (1.001 ** 252 - 1)) < 1e-12);
 * assert.equal(cagr(Float64Array.of(0.1, -1, 0.5), 252), -1);
 * ```
 */
export function cagr(returns: Float64Array, periodsPerYear: number): number {
  const n = returns.length;
  if (n === 0 || !(periodsPerYear > 0 && periodsPerYear < Infinity)) return NaN;
  let p = 1;
  let logAcc = 0;
  for (let i = 0; i < n; i++) {
    const r = returns[i]!;
    if (r !== r) continue;
    if (r <= -1) return -1;
    p *= 1 + r;
    if (p > 1e150 || p < 1e-150) {
      logAcc += Math.log(p);
      p = 1;
    }
  }
  return cagrOfProduct(p, logAcc, n, periodsPerYear);
}

/**
 * The CAGR of {@linkcode cagr} from its running product: `p × e^logAcc` is the growth of `n` returns (the caller
 * handles no returns, a return ≤ −1 and a bad `periodsPerYear`). Shared with the summary pass of a sweep's run
 * (engine/report/metrics/sweep_pass.ts), so both round alike.
 */
export function cagrOfProduct(p: number, logAcc: number, n: number, periodsPerYear: number): number {
  const exponent = periodsPerYear / n;
  return logAcc === 0 ? Math.pow(p, exponent) - 1 : Math.exp((logAcc + Math.log(p)) * exponent) - 1;
}
