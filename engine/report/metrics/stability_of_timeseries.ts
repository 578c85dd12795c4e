/**
 * Stability of the time series.
 *
 * @module
 */
import { freeBuffers } from "../../data/bar_frame.ts";

/**
 * Stability: `R²` of the ordinary least squares line through the cumulative
 * log returns `y_t = Σ_{s ≤ t} log1p(r_s)` against `x_t = t = 0, 1, …`,
 * `R² = Sxy² / (Sxx · Syy)` with centred sums. 1 means steady compounding,
 * near 0 means no trend.
 *
 * Source: empyrical `stability_of_timeseries`, quantopian/empyrical
 * `empyrical/stats.py` lines 1471–1498 (commit
 * 40f61b4f229df10898d46d08f7b1bdc543c0f99c):
 * `cum_log_returns = np.log1p(returns).cumsum()`,
 * `rhat = stats.linregress(np.arange(len(cum_log_returns)), cum_log_returns)[2]`,
 * `return rhat ** 2`, after `returns = returns[~np.isnan(returns)]`.
 *
 * NaN returns are dropped (as empyrical) and `x` counts only the kept ones.
 * NaN when fewer than two non-NaN returns (empyrical's `len(returns) < 2`
 * counts NaN, then `linregress` fails on one point), and when the cumulative
 * log return is constant (all returns 0: `R²` is 0/0; scipy 1.17 `linregress` returns
 * NaN there, old scipy returned 0). Returns ≤ −1 give NaN (`log1p`).
 *
 * @example Constant growth is a straight line
 * ```ts
 * import assert from "node:assert/strict";
 * import { stabilityOfTimeseries } from "./stability_of_timeseries.ts";
 *
 * assert.ok(Math.abs(stabilityOfTimeseries(Float64Array.of(0.01, 0.01, 0.01, 0.01)) - 1) < 1e-12);
 * ```
 */
export function stabilityOfTimeseries(returns: Float64Array): number {
  const y = new Float64Array(returns.length);
  try {
    return stabilityOfCumulative(returns, y);
  } finally {
    freeBuffers([y]); // a curve's length: its memory back now, not at V8's next major collection
  }
}

/** {@linkcode stabilityOfTimeseries}, with `y` (as long as `returns`) to hold the cumulative log returns. */
function stabilityOfCumulative(returns: Float64Array, y: Float64Array): number {
  let n = 0;
  let acc = 0;
  for (let i = 0; i < returns.length; i++) {
    const r = returns[i]!;
    if (r !== r) continue;
    acc += Math.log1p(r);
    y[n++] = acc;
  }
  if (n < 2) return NaN;
  // Two passes over centred values: the cumulative sum trends, so one-pass sums would cancel.
  const xMean = (n - 1) / 2;
  let yMean = 0;
  for (let i = 0; i < n; i++) yMean += y[i]!;
  yMean /= n;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = i - xMean;
    const dy = y[i]! - yMean;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  if (!(syy > 0)) return NaN;
  const r = Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
  return r * r;
}
