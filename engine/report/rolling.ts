/**
 * Rolling metrics of a run, for the report's rolling charts: the Sharpe
 * ratio, the volatility and the beta against the benchmark over a window
 * of `window` consecutive per-bar returns (`analysis.rollingWindow`, 63 by
 * default).
 *
 * Each value is the full-period metric applied to its window: entry `i` of
 * {@linkcode rollingSharpe} is `sharpe(returns.subarray(i − window + 1, i + 1))`
 * (`metrics/sharpe.ts`), of {@linkcode rollingVolatility}
 * `annualVolatility(…)` (`metrics/annual_volatility.ts`), of
 * {@linkcode rollingBeta} {@linkcode beta} of the two windows; entries
 * before the first full window are NaN. They are computed in one pass of
 * running sums (shifted by a data value near the window's mean, recomputed
 * from scratch every `window` bars so round-off cannot build up), and a
 * window whose variance is within round-off of zero is recomputed exactly by
 * the full-period function, so constant windows give exactly what it gives
 * (0 volatility, ±∞ or undefined Sharpe). Tests compare every entry with the
 * full-period function on the window's slice (`rolling_test.ts`).
 *
 * @module
 */
import { annualVolatility } from "./metrics/annual_volatility.ts";
import { riskFreePerPeriod } from "./metrics/risk_free_per_period.ts";
import { sharpe } from "./metrics/sharpe.ts";

/** Sums within this share of their running peak are round-off: the window is recomputed exactly. */
const ROUND_OFF = 1e-9;

/** The value of `x[a..b) − offset` nearest to their mean (0 when all are NaN): the shift of the running sums. */
function pilot(x: Float64Array, a: number, b: number, offset: number): number {
  let n = 0, sum = 0;
  for (let i = a; i < b; i++) {
    const v = x[i]! - offset;
    if (v === v) (n++, sum += v);
  }
  if (n === 0) return 0;
  const mean = sum / n;
  let best = 0, dist = Infinity;
  for (let i = a; i < b; i++) {
    const v = x[i]! - offset;
    if (Math.abs(v - mean) < dist) (dist = Math.abs(v - mean), best = v);
  }
  return best;
}

/**
 * Calls `visit(i, n, mean, m2)` for every full window ending at `i`, with the
 * count, mean and sum of squared deviations of the non-NaN `x − offset` in
 * it; `visit` returns nothing. `exact(i)` is called instead when the sums are
 * within round-off of a zero variance.
 */
function rollingMoments(
  x: Float64Array,
  window: number,
  offset: number,
  visit: (i: number, n: number, mean: number, m2: number) => void,
  exact: (i: number) => void,
): void {
  let k = 0, n = 0, s1 = 0, s2 = 0, peak = 0;
  for (let i = window - 1; i < x.length; i++) {
    const a = i - window + 1;
    if ((i - window + 1) % window === 0) {
      k = pilot(x, a, i + 1, offset);
      n = 0, s1 = 0, s2 = 0;
      for (let j = a; j <= i; j++) {
        const d = x[j]! - offset - k;
        if (d === d) (n++, s1 += d, s2 += d * d);
      }
      peak = s2;
    } else {
      const dIn = x[i]! - offset - k, dOut = x[a - 1]! - offset - k;
      if (dIn === dIn) (n++, s1 += dIn, s2 += dIn * dIn);
      if (dOut === dOut) (n--, s1 -= dOut, s2 -= dOut * dOut);
      if (s2 > peak) peak = s2;
    }
    const m2 = s2 - (n > 0 ? (s1 * s1) / n : 0);
    if (!Number.isFinite(s2) || (s2 !== 0 && !(m2 > ROUND_OFF * peak))) exact(i);
    else visit(i, n, n > 0 ? k + s1 / n : NaN, Math.max(m2, 0));
  }
}

function checkWindow(window: number): void {
  if (!(Number.isInteger(window) && window >= 2)) {
    throw new RangeError(`rolling window must be an integer ≥ 2, got ${window}`);
  }
}

/**
 * Rolling annualised Sharpe ratio: entry `i` is {@linkcode sharpe} of the
 * `window` returns ending at `i` (`mean(r − rf_p) / std(r − rf_p, ddof=1)
 * · √periodsPerYear`, empyrical's `sharpe_ratio`, NaN returns skipped, the
 * same zero-volatility rule); NaN before the first full window. As
 * empyrical's `roll_sharpe_ratio` (`roll(returns, function=sharpe_ratio,
 * window=…)`), whose first value is the window ending at `window − 1`.
 *
 * @example Windows of 3 returns, compared with the full-period function
 * ```ts
 * import assert from "node:assert/strict";
 * import { sharpe } from "./metrics/sharpe.ts";
 * import { rollingSharpe } from "./rolling.ts";
 * const r = Float64Array.of(0.01, -0.02, 0.015, 0.005, -0.01);
 * const s = rollingSharpe(r, 3, 252);
 * assert.ok(Number.isNaN(s[0]!) && Number.isNaN(s[1]!));
 * assert.ok(Math.abs(s[4]! - sharpe(r.subarray(2, 5), 252)) < 1e-12);
 * ```
 */
export function rollingSharpe(
  returns: Float64Array,
  window: number,
  periodsPerYear: number,
  riskFree = 0,
): Float64Array {
  checkWindow(window);
  const out = new Float64Array(returns.length).fill(NaN);
  const rf = riskFreePerPeriod(riskFree, periodsPerYear);
  if (rf !== rf) return out;
  const root = Math.sqrt(periodsPerYear);
  rollingMoments(returns, window, rf, (i, n, mean, m2) => {
    if (n < 2) return;
    const sd = Math.sqrt(m2 / (n - 1));
    // the zero-volatility rule of sharpe(): ±∞ with the mean's sign, undefined for a zero mean
    out[i] = sd > 1e-12 * Math.abs(mean) ? (mean / sd) * root : mean > 0 ? Infinity : mean < 0 ? -Infinity : NaN;
  }, (i) => {
    out[i] = sharpe(returns.subarray(i - window + 1, i + 1), periodsPerYear, riskFree);
  });
  return out;
}

/**
 * Rolling annualised volatility: entry `i` is {@linkcode annualVolatility}
 * of the `window` returns ending at `i` (`std(r, ddof=1) · √periodsPerYear`,
 * empyrical's `annual_volatility`, NaN returns skipped); NaN before the
 * first full window.
 *
 * @example A calm window and a wild one
 * ```ts
 * import assert from "node:assert/strict";
 * import { annualVolatility } from "./metrics/annual_volatility.ts";
 * import { rollingVolatility } from "./rolling.ts";
 * const r = Float64Array.of(0.001, 0.001, 0.001, 0.05, -0.05);
 * const v = rollingVolatility(r, 3, 252);
 * assert.equal(v[2], 0); // a constant window
 * assert.ok(Math.abs(v[4]! - annualVolatility(r.subarray(2), 252)) < 1e-12);
 * ```
 */
export function rollingVolatility(returns: Float64Array, window: number, periodsPerYear: number): Float64Array {
  checkWindow(window);
  const out = new Float64Array(returns.length).fill(NaN);
  if (!(periodsPerYear > 0 && periodsPerYear < Infinity)) return out;
  const root = Math.sqrt(periodsPerYear);
  rollingMoments(returns, window, 0, (i, n, _mean, m2) => {
    if (n >= 2) out[i] = Math.sqrt(m2 / (n - 1)) * root;
  }, (i) => {
    out[i] = annualVolatility(returns.subarray(i - window + 1, i + 1), periodsPerYear);
  });
  return out;
}

/**
 * Beta of `returns` against `benchmark` (same length, aligned by bar):
 * `Σ(b − b̄)(r − r̄) / Σ(b − b̄)²` over the bars where both are defined —
 * empyrical's `beta` (`nanmean(ind_residual · dependent) /
 * nanmean(ind_residual²)`, the benchmark masked where the returns are NaN;
 * a constant risk-free rate subtracted from both leaves it unchanged). NaN
 * with fewer than two such bars or a benchmark that does not move (0/0).
 * Two passes, exact to round-off.
 *
 * @example Returns that are twice the benchmark's plus a constant
 * ```ts
 * import assert from "node:assert/strict";
 * import { beta } from "./rolling.ts";
 * const b = Float64Array.of(0.01, -0.02, 0.005, NaN);
 * const r = Float64Array.of(0.021, -0.039, 0.011, 0.3);
 * assert.ok(Math.abs(beta(r, b) - 2) < 1e-12);
 * assert.ok(Number.isNaN(beta(r, Float64Array.of(0.01, 0.01, 0.01, 0.01))));
 * ```
 */
export function beta(returns: Float64Array, benchmark: Float64Array): number {
  const len = Math.min(returns.length, benchmark.length);
  let n = 0, sx = 0, sy = 0;
  for (let i = 0; i < len; i++) {
    const x = benchmark[i]!, y = returns[i]!;
    if (x === x && y === y) (n++, sx += x, sy += y);
  }
  if (n < 2) return NaN;
  const mx = sx / n, my = sy / n;
  let cov = 0, v = 0;
  for (let i = 0; i < len; i++) {
    const x = benchmark[i]!, y = returns[i]!;
    if (x === x && y === y) (cov += (x - mx) * (y - my), v += (x - mx) * (x - mx));
  }
  return v > 0 ? cov / v : NaN;
}

/**
 * Rolling beta: entry `i` is {@linkcode beta} of the `window` bars ending at
 * `i` (the bars where both returns are defined); NaN before the first full
 * window.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { beta, rollingBeta } from "./rolling.ts";
 * const b = Float64Array.of(0.01, -0.02, 0.005, 0.012, -0.004);
 * const r = Float64Array.of(0.02, -0.01, 0.0, 0.03, -0.02);
 * const rb = rollingBeta(r, b, 3);
 * assert.ok(Number.isNaN(rb[1]!));
 * assert.ok(Math.abs(rb[3]! - beta(r.subarray(1, 4), b.subarray(1, 4))) < 1e-12);
 * ```
 */
export function rollingBeta(returns: Float64Array, benchmark: Float64Array, window: number): Float64Array {
  checkWindow(window);
  const len = Math.min(returns.length, benchmark.length);
  const out = new Float64Array(returns.length).fill(NaN);
  let kx = 0, ky = 0, n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0, peak = 0;
  const add = (j: number, sign: 1 | -1) => {
    const x = benchmark[j]! - kx, y = returns[j]! - ky;
    if (x !== x || y !== y) return;
    n += sign, sx += sign * x, sy += sign * y, sxx += sign * x * x, sxy += sign * x * y;
  };
  for (let i = window - 1; i < len; i++) {
    const a = i - window + 1;
    if (a % window === 0) {
      kx = pilot(benchmark, a, i + 1, 0), ky = pilot(returns, a, i + 1, 0);
      n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
      for (let j = a; j <= i; j++) add(j, 1);
      peak = sxx;
    } else {
      add(i, 1);
      add(a - 1, -1);
      if (sxx > peak) peak = sxx;
    }
    if (n < 2) continue;
    const v = sxx - (sx * sx) / n;
    if (!Number.isFinite(sxx + sxy) || !(v > ROUND_OFF * peak)) {
      out[i] = beta(returns.subarray(a, i + 1), benchmark.subarray(a, i + 1));
    } else out[i] = (sxy - (sx * sy) / n) / v;
  }
  return out;
}
