/**
 * Metrics of a run's returns against a benchmark's returns: alpha, beta, up
 * and down capture, information ratio, tracking error, correlation and
 * excess return.
 *
 * @module
 */

/**
 * Metrics of a strategy against its benchmark, over the periods where both
 * have a return (see {@linkcode relativeMetrics}).
 *
 * @example
 * ```ts
 * import type { RelativeMetrics } from "./relative_metrics.ts";
 * const betaOf = (m: RelativeMetrics) => m.beta;
 * console.log(typeof betaOf);
 * ```
 */
export interface RelativeMetrics {
  /** Jensen's alpha, annualised: `(1 + mean((r − rf) − β(b − rf)))^periodsPerYear − 1` (empyrical `alpha`). */
  readonly alpha: number;
  /** `cov(r, b) / var(b)` (empyrical `beta`); NaN when `var(b) < 1e−30`. */
  readonly beta: number;
  /** Annualised return of the strategy over the benchmark's up periods ÷ the benchmark's (empyrical `up_capture`). */
  readonly upCapture: number;
  /** The same over the benchmark's down periods (empyrical `down_capture`). */
  readonly downCapture: number;
  /** `mean(r − b) / std(r − b) · √periodsPerYear` (empyrical `excess_sharpe`, annualised as its `sharpe_ratio`). */
  readonly informationRatio: number;
  /** `std(r − b) · √periodsPerYear` (sample standard deviation, ddof 1). */
  readonly trackingError: number;
  /** Pearson correlation of the period returns. */
  readonly correlation: number;
  /** `Π(1 + r) − Π(1 + b)`: the strategy's compounded return minus the benchmark's, over the same periods. */
  readonly excessReturn: number;
  /** Periods where both have a return. */
  readonly periods: number;
}

/**
 * `Π(1 + x)` as `p · e^log`: the running product `p` is folded into `log`
 * when it leaves [1e−150, 1e150] (a product that reaches 0 or below stays
 * as it is), so long series neither overflow nor underflow. Raised to `exponent` (annualisation) by {@linkcode compoundPow}.
 */
function compoundPow(p: number, log: number, exponent: number): number {
  return log === 0 ? Math.pow(p, exponent) : Math.exp((log + Math.log(p)) * exponent);
}

/**
 * The pairs `(r[i], b[i])` where both are numbers, as two arrays: subarrays
 * when the undefined pairs all come first (a benchmark's bars before its
 * first price), a compacted copy otherwise. The loops of
 * {@linkcode relativeMetrics} then run without a test per element, several
 * times faster.
 */
function definedPairs(r: Float64Array, b: Float64Array): [Float64Array, Float64Array] {
  const len = Math.min(r.length, b.length);
  let last = len - 1;
  for (; last >= 0; last--) {
    const x = r[last]!, y = b[last]!;
    if (x !== x || y !== y) break;
  }
  if (last < 0) return [r.subarray(0, len), b.subarray(0, len)];
  let before = 0; // defined pairs before the last undefined one
  for (let i = 0; i < last; i++) if (r[i] === r[i] && b[i] === b[i]) before++;
  if (before === 0) return [r.subarray(last + 1, len), b.subarray(last + 1, len)];
  const rr = new Float64Array(before + len - last - 1), bb = new Float64Array(rr.length);
  let k = 0;
  for (let i = 0; i < len; i++) {
    const x = r[i]!, y = b[i]!;
    if (x !== x || y !== y) continue;
    rr[k] = x;
    bb[k++] = y;
  }
  return [rr, bb];
}

/**
 * Metrics of the period returns `r` of a strategy against the period returns
 * `b` of its benchmark, over the periods where both are numbers (a NaN in
 * either leaves the period out, as empyrical's aligned, NaN-aware
 * functions do). With `n` such periods, `ppy` periods per year and the
 * per-period risk-free rate `rf`:
 *
 * - `beta = mean((b − mean b) · r) / mean((b − mean b)²)`, NaN when the
 *   denominator is below 1e−30 or `n < 2` (empyrical `beta_aligned`);
 * - `alpha = (1 + mean((r − rf) − beta · (b − rf)))^ppy − 1` (empyrical
 *   `alpha_aligned`: annualised by compounding); NaN when `n < 2`;
 * - `upCapture = annual(r over b > 0) / annual(b over b > 0)` where
 *   `annual(x) = Π(1 + x)^(ppy / len x) − 1` (empyrical `up_capture`, i.e.
 *   `capture` of `annual_return`s); `downCapture` the same over `b < 0`;
 *   NaN with no such period;
 * - `trackingError = std(r − b) · √ppy` and `informationRatio =
 *   mean(r − b) / std(r − b) · √ppy`, with the sample standard deviation
 *   (ddof 1); NaN when `n < 2`. The information ratio is empyrical's
 *   `excess_sharpe` (the same as quantstats' `information_ratio`), which
 *   both leave per period, annualised by `√ppy` as empyrical annualises
 *   `sharpe_ratio` so that it reads beside the run's Sharpe ratio. A zero
 *   tracking error gives ±Infinity (NaN for a zero mean), as empyrical;
 * - `correlation`: Pearson's, NaN with a constant series or `n < 2`;
 * - `excessReturn = Π(1 + r) − Π(1 + b)`.
 *
 * Annualised figures are NaN when `ppy` is not a positive number. Sources:
 * `empyrical/stats.py` of quantopian/empyrical (`alpha_beta_aligned`,
 * `up_capture`, `down_capture`, `excess_sharpe`); tested against the
 * expected values of its `tests/test_stats.py`. Two passes; no allocation
 * unless undefined pairs lie between defined ones (then one compacted copy).
 *
 * @example Alpha and beta of a strategy that is twice the benchmark plus 0.1 % a day
 * ```ts
 * import assert from "node:assert/strict";
 * import { relativeMetrics } from "./relative_metrics.ts";
 * const b = Float64Array.of(0.01, -0.02, 0.015, 0.005);
 * const r = b.map((x) => 2 * x + 0.001);
 * const m = relativeMetrics(r, b, 252);
 * assert.ok(Math.abs(m.beta - 2) < 1e-12);
 * assert.ok(Math.abs(m.alpha - (1.001 ** 252 - 1)) < 1e-9);
 * assert.ok(Math.abs(m.correlation - 1) < 1e-12);
 * assert.equal(m.periods, 4);
 * ```
 */
export function relativeMetrics(
  returns: Float64Array,
  benchmarkReturns: Float64Array,
  periodsPerYear: number,
  riskFreePerPeriod = 0,
): RelativeMetrics {
  const [r, b] = definedPairs(returns, benchmarkReturns);
  const len = r.length;
  let n = 0, sumR = 0, sumB = 0, nUp = 0, nDown = 0;
  // running products of 1 + x (strategy, benchmark) over all, up and down periods, each as mantissa · e^log
  let allR = 1, allRLog = 0, allB = 1, allBLog = 0;
  let upR = 1, upRLog = 0, upB = 1, upBLog = 0;
  let downR = 1, downRLog = 0, downB = 1, downBLog = 0;
  for (let i = 0; i < len; i++) {
    const x = r[i]!, y = b[i]!;
    n++;
    sumR += x;
    sumB += y;
    allR *= 1 + x;
    allB *= 1 + y;
    if (!(allR < 1e150 && allR > 1e-150) && allR > 0) (allRLog += Math.log(allR)), (allR = 1);
    if (!(allB < 1e150 && allB > 1e-150) && allB > 0) (allBLog += Math.log(allB)), (allB = 1);
    // up (u = 1) and down (d = 1) periods without a branch (the sign of b is unpredictable): a factor 1 + 0 is exact
    const u = +(y > 0), d = +(y < 0);
    nUp += u;
    nDown += d;
    upR *= 1 + x * u;
    upB *= 1 + y * u;
    downR *= 1 + x * d;
    downB *= 1 + y * d;
    if (!(upR < 1e150 && upR > 1e-150) && upR > 0) (upRLog += Math.log(upR)), (upR = 1);
    if (!(upB < 1e150 && upB > 1e-150)) (upBLog += Math.log(upB)), (upB = 1);
    if (!(downR < 1e150 && downR > 1e-150) && downR > 0) (downRLog += Math.log(downR)), (downR = 1);
    if (!(downB < 1e150 && downB > 1e-150) && downB > 0) (downBLog += Math.log(downB)), (downB = 1);
  }
  const meanR = sumR / n, meanB = sumB / n, meanD = meanR - meanB;
  let covBR = 0, covCentered = 0, varB = 0, varR = 0, varD = 0;
  for (let i = 0; i < len; i++) {
    const x = r[i]!, y = b[i]!;
    const cb = y - meanB, cr = x - meanR, cd = x - y - meanD;
    covBR += cb * x;
    covCentered += cb * cr;
    varB += cb * cb;
    varR += cr * cr;
    varD += cd * cd;
  }
  const ppy = periodsPerYear > 0 && periodsPerYear < Infinity ? periodsPerYear : NaN;
  const beta = n < 2 || varB / n < 1e-30 ? NaN : covBR / n / (varB / n);
  const alphaPerPeriod = meanR - riskFreePerPeriod - beta * (meanB - riskFreePerPeriod);
  const sd = n < 2 ? NaN : Math.sqrt(varD / (n - 1));
  const capture = (pr: number, lr: number, pb: number, lb: number, m: number) =>
    m === 0 ? NaN : (compoundPow(pr, lr, ppy / m) - 1) / (compoundPow(pb, lb, ppy / m) - 1);
  return {
    alpha: n < 2 ? NaN : Math.pow(1 + alphaPerPeriod, ppy) - 1,
    beta,
    upCapture: capture(upR, upRLog, upB, upBLog, nUp),
    downCapture: capture(downR, downRLog, downB, downBLog, nDown),
    informationRatio: (meanD / sd) * Math.sqrt(ppy),
    trackingError: sd * Math.sqrt(ppy),
    correlation: n < 2 ? NaN : covCentered / Math.sqrt(varB * varR),
    excessReturn: n === 0 ? NaN : compoundPow(allR, allRLog, 1) - compoundPow(allB, allBLog, 1),
    periods: n,
  };
}
