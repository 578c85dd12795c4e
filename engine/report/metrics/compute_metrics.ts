/**
 * All headline metrics of a backtest in one call.
 *
 * @module
 */

import { freeBuffers } from "../../data/bar_frame.ts";
import { cagr, cagrOfProduct } from "./cagr.ts";
import { cagrCalendar } from "./cagr_calendar.ts";
import { type CalendarExtremes, calendarExtremes } from "./calendar_extremes.ts";
import { calmarRatio } from "./calmar.ts";
import { conditionalValueAtRiskOfSorted } from "./conditional_value_at_risk.ts";
import { exposure } from "./exposure.ts";
import { exposureAdjustedReturn } from "./exposure_adjusted_return.ts";
import { inferPeriodsPerYear } from "./infer_periods_per_year.ts";
import { kurtosisOfMoments } from "./kurtosis.ts";
import { type MaxDrawdown, maxDrawdown, noMaxDrawdown } from "./max_drawdown.ts";
import { simpleReturns } from "./simple_returns.ts";
import { skewOfMoments } from "./skew.ts";
import { stabilityOfTimeseries } from "./stability_of_timeseries.ts";
import { tailOrderedFinite } from "./_percentile.ts";
import { type CentralMoments, centralMoments } from "./_central_moments.ts";
import { ratiosOfSums, type ReturnRatios, returnRatios } from "./_return_ratios.ts";
import { type SweepBlocks, sweepPass } from "./sweep_pass.ts";
import { riskFreePerPeriod } from "./risk_free_per_period.ts";
import { tailRatioOfSorted } from "./tail_ratio.ts";
import { type ClosedTrade, type TradeStats, tradeStats } from "./trade_stats.ts";
import { turnover } from "./turnover.ts";
import { valueAtRiskOfSorted } from "./value_at_risk.ts";

/**
 * Input of {@linkcode computeMetrics}.
 *
 * @example Minimal input
 * ```ts
 * import assert from "node:assert/strict";
 * import type { MetricsInput } from "./compute_metrics.ts";
 * const input: MetricsInput = {
 *   equity: Float64Array.of(101, 102),
 *   tsMs: Float64Array.of(0, 86_400_000),
 *   initial: 100,
 * };
 * assert.ok(input.equity.length === input.tsMs.length);
 * ```
 */
export interface MetricsInput {
  /** Mark-to-market equity at each bar (close), in account currency. */
  equity: Float64Array;
  /** Bar timestamps (epoch ms), same length as `equity`, increasing. */
  tsMs: Float64Array;
  /** Starting capital before the first bar; must be positive and finite. */
  initial: number;
  /**
   * Annualisation factor. Default: {@linkcode inferPeriodsPerYear}`(tsMs)`,
   * which is NaN for intraday bars — then every annualised metric is NaN and
   * the output's `periodsPerYear` is NaN, so the caller can demand an explicit
   * value from config.
   */
  periodsPerYear?: number;
  /** Annual risk-free rate (0.05 = 5 %); default 0. */
  riskFree?: number;
  /** Closed trades; default none. */
  trades?: readonly ClosedTrade[];
  /** Per-bar position (count, signed qty, or boolean); default none → `exposure` NaN. */
  position?: ArrayLike<number | boolean>;
  /** Σ |qty × price| over every fill; default none → `turnover` NaN. */
  tradedNotional?: number;
  /**
   * Reusable buffer for the returns (length ≥ `equity.length`) to avoid an
   * allocation per call in grid searches. Overwritten.
   */
  scratch?: Float64Array;
  /**
   * The per-bar returns, `simpleReturns(equity, initial)`, when the caller
   * has them already (read, never written; `scratch` is then unused).
   */
  returns?: Float64Array;
  /**
   * Whether to compute the distribution metrics (omega, tail ratio, VaR,
   * CVaR, stability, skew, kurtosis); default true. With false they are NaN
   * and the call skips its costliest passes (a benchmark's metrics).
   */
  distribution?: boolean;
  /**
   * `"summary"`: compute only what a sweep's run reports (`SUMMARY_METRICS` of engine/optimize/objective.ts: total
   * return, CAGR, Sharpe, Sortino, Calmar, max drawdown, volatility, win rate, profit factor, expectancy) and what
   * its selection-bias statistics read (skew, kurtosis), each to the same bits as a full call; the omega ratio, tail
   * ratio, VaR, CVaR, stability, the calendar extremes and the drawdown's dates and durations (not its value) are NaN.
   * Unless `returns` is given, every reported metric comes from one pass over the curve that writes no returns
   * (engine/report/metrics/sweep_pass.ts); the skew and kurtosis take two more, over the returns written to `scratch`
   * (when given). With `distribution: false` as well, skew and kurtosis are NaN, and the one pass is all.
   * Default: every metric.
   */
  only?: "summary";
  /** With `only: "summary"`: the CSCV block statistics of the returns, filled in the same one pass. */
  blocks?: SweepBlocks;
}

/**
 * Headline metrics returned by {@linkcode computeMetrics}: run-level fields,
 * then every {@linkcode TradeStats} field, then the exposure-adjusted return
 * and the best and worst day, month and year (in this key order). Returns are per bar,
 * `simpleReturns(equity, initial)` (one per bar, the first against `initial`).
 *
 * @example Keys are plain numbers
 * ```ts
 * import assert from "node:assert/strict";
 * import { computeMetrics, type Metrics } from "./compute_metrics.ts";
 * const m: Metrics = computeMetrics({ equity: Float64Array.of(100), tsMs: Float64Array.of(0), initial: 100 });
 * assert.ok(m.bars === 1 && m.totalReturn === 0 && m.numTrades === 0);
 * ```
 */
export interface Metrics extends TradeStats {
  /** Annualisation factor used (given or inferred; NaN if intraday and not given). */
  periodsPerYear: number;
  /** Number of bars (`equity.length`). */
  bars: number;
  /** `initial`. */
  startValue: number;
  /** `equity[n−1]`; NaN with no bars. */
  endValue: number;
  /** `endValue / initial − 1`; NaN with no bars or a non-positive `initial`. */
  totalReturn: number;
  /**
   * {@linkcode cagr} of the per-bar returns; for a positive curve this is
   * `(1 + totalReturn)^(periodsPerYear / bars) − 1`. −1 once equity reaches 0.
   */
  cagr: number;
  /**
   * {@linkcode cagrCalendar}`(initial, endValue, tsMs[0], tsMs[n−1])`: the
   * initial capital is deemed to stand at the first bar's timestamp, so one
   * bar (no elapsed time) gives NaN.
   */
  cagrCalendar: number;
  /** {@linkcode annualVolatility} of the per-bar returns. */
  annualVolatility: number;
  /** {@linkcode sharpe} of the per-bar returns with `riskFree`. */
  sharpe: number;
  /** {@linkcode sortino} of the per-bar returns with `riskFree`. */
  sortino: number;
  /** {@linkcode downsideDeviation} of the per-bar returns with `riskFree`. */
  downsideDeviation: number;
  /** {@linkcode maxDrawdown} `value` with the initial capital as first peak (≤ 0). */
  maxDrawdown: number;
  /** Peak bar of the max drawdown (−1 = initial capital). */
  maxDrawdownPeakIndex: number;
  /** Peak time (`tsMs[0]` for the initial capital). */
  maxDrawdownPeakTimeMs: number;
  /** Trough bar of the max drawdown. */
  maxDrawdownTroughIndex: number;
  /** Trough time. */
  maxDrawdownTroughTimeMs: number;
  /** Peak-to-trough bars. */
  maxDrawdownDurationBars: number;
  /** Peak-to-trough ms. */
  maxDrawdownDurationMs: number;
  /** Trough-to-recovery bars; NaN if not recovered; 0 with no drawdown. */
  timeToRecoverBars: number;
  /** Trough-to-recovery ms; NaN if not recovered; 0 with no drawdown. */
  timeToRecoverMs: number;
  /** {@linkcode calmarRatio}`(cagr, maxDrawdown)`: NaN with zero drawdown. */
  calmar: number;
  /** {@linkcode exposure} of `position`; NaN if not given. */
  exposure: number;
  /** {@linkcode turnover}`(tradedNotional, equity)`; NaN if not given. */
  turnover: number;
  /**
   * {@linkcode omegaRatio} of the per-bar returns with required return 0 and
   * `riskFree` per period ({@linkcode riskFreePerPeriod}); NaN if
   * `periodsPerYear` is NaN.
   */
  omegaRatio: number;
  /** {@linkcode tailRatio} of the per-bar returns: `|P95| / |P5|`. */
  tailRatio: number;
  /** {@linkcode valueAtRisk} (historical, 5 % cutoff) of the per-bar returns: a return, ≤ 0 for a loss. */
  valueAtRisk: number;
  /** {@linkcode conditionalValueAtRisk} (historical, 5 % cutoff) of the per-bar returns. */
  conditionalValueAtRisk: number;
  /** {@linkcode stabilityOfTimeseries} of the per-bar returns (R² of the cumulative log return). */
  stability: number;
  /** {@linkcode skew} of the per-bar returns. */
  skew: number;
  /** {@linkcode kurtosis} (excess) of the per-bar returns. */
  kurtosis: number;
  /** {@linkcode exposureAdjustedReturn}: `cagr / exposure` (quantstats `rar`); NaN without exposure. */
  exposureAdjustedReturn: number;
  /**
   * Best UTC calendar day ({@linkcode calendarExtremes}): the best bar return
   * with daily bars (quantstats / empyrical `best`), the day's compounded
   * return with intraday bars.
   */
  bestDay: number;
  /** Worst UTC calendar day (see `bestDay`). */
  worstDay: number;
  /** Best compounded calendar month (UTC), as `calendarReturns` computes months. */
  bestMonth: number;
  /** Worst compounded calendar month (UTC). */
  worstMonth: number;
  /** Best compounded calendar year (UTC). */
  bestYear: number;
  /** Worst compounded calendar year (UTC). */
  worstYear: number;
}

/** The calendar extremes of a `only: "summary"` call. */
const NO_CALENDAR_EXTREMES: CalendarExtremes = Object.freeze({
  bestDay: NaN,
  worstDay: NaN,
  bestMonth: NaN,
  worstMonth: NaN,
  bestYear: NaN,
  worstYear: NaN,
});

/**
 * Compute every headline metric of a run as a flat plain object (see
 * {@linkcode Metrics} for the keys and conventions). Never throws on data:
 * undefined values are NaN (or ±Infinity where documented, e.g. Sortino or
 * profit factor with no losses). Cost: a handful of linear passes over the
 * bars (one of them for the best and worst day, month and year), one returns
 * buffer (or `scratch`), one copy of the returns ordered at its tails
 * (tail ratio, VaR and CVaR), one buffer for stability and one result object.
 *
 * @example Three daily bars with one trade
 * ```ts
 * import assert from "node:assert/strict";
 * import { computeMetrics } from "./compute_metrics.ts";
 *
 * const day = 86_400_000;
 * const m = computeMetrics({
 *   equity: Float64Array.of(102, 99, 105),
 *   tsMs: Float64Array.of(0, day, 2 * day),
 *   initial: 100,
 *   trades: [{ pnl: 5, fees: 1, entryTimeMs: 0, exitTimeMs: 2 * day, qty: 1, entryPrice: 100 }],
 * });
 * assert.equal(m.periodsPerYear, 252); // inferred from daily spacing
 * assert.ok(Math.abs(m.totalReturn - 0.05) < 1e-12);
 * assert.equal(m.maxDrawdown, 99 / 102 - 1);
 * assert.equal(m.winRate, 1);
 * assert.equal(m.profitFactor, Infinity);
 * ```
 */
export function computeMetrics(input: MetricsInput): Metrics {
  const { equity, tsMs, initial } = input;
  const n = equity.length;
  const ppy = input.periodsPerYear ?? inferPeriodsPerYear(tsMs);
  const rf = input.riskFree ?? 0;
  const dist = input.distribution ?? true;
  const full = input.only !== "summary";
  const validInitial = initial > 0 && initial < Infinity;
  const endValue = n > 0 ? equity[n - 1]! : NaN;
  let returns: Float64Array, growth: number, dd: MaxDrawdown, moments: CentralMoments | undefined;
  let ratios: ReturnRatios;
  if (!full && validInitial && input.returns === undefined) {
    // a sweep's run: one pass over the curve, no returns written (engine/report/metrics/sweep_pass.ts), the same bits
    // as below; with the moments, the returns are written to `scratch` and measured in two more passes
    const rfp = riskFreePerPeriod(rf, ppy);
    const withVol = ppy > 0 && ppy < Infinity;
    const blocks = input.blocks ?? { splits: 0, riskFreePerPeriod: 0, out: new Float64Array(0) };
    const pass = sweepPass(equity, initial, rfp, withVol, blocks, input.scratch ?? new Float64Array(n));
    growth = n === 0 || !withVol ? NaN : pass.cagrFloor ? -1 : cagrOfProduct(pass.cagrProduct, pass.cagrLog, n, ppy);
    dd = { ...noMaxDrawdown(), value: pass.maxDrawdown };
    ratios = ratiosOfSums(pass.sums, ppy, pass.kS, rfp === rfp, withVol, false);
    returns = dist ? simpleReturns(equity, initial, input.scratch) : new Float64Array(0);
    moments = dist ? centralMoments(returns) : undefined;
  } else {
    returns = input.returns ?? simpleReturns(equity, initial, input.scratch);
    growth = validInitial ? cagr(returns, ppy) : NaN;
    dd = maxDrawdown(equity, initial, tsMs);
    moments = dist ? centralMoments(returns) : undefined;
    // annual volatility, Sharpe, Sortino, downside deviation and omega: one pass, the same bits as their own functions
    ratios = returnRatios(returns, ppy, rf, dist && full);
  }
  const trades = tradeStats(input.trades ?? []);
  const exposed = input.position === undefined ? NaN : exposure(input.position);
  // the stability's cumulative curve is freed before the ordered copy is made: one curve-long temporary at a time
  const stability = dist && full ? stabilityOfTimeseries(returns) : NaN;
  // ordered where the tail ratio, VaR and CVaR read it, without a sort
  const sorted = dist && full ? tailOrderedFinite(returns) : new Float64Array(0);
  const metrics: Metrics = {
    periodsPerYear: ppy,
    bars: n,
    startValue: initial,
    endValue,
    totalReturn: validInitial ? endValue / initial - 1 : NaN,
    cagr: growth,
    cagrCalendar: n > 0 ? cagrCalendar(initial, endValue, tsMs[0] ?? NaN, tsMs[n - 1] ?? NaN) : NaN,
    annualVolatility: ratios.annualVolatility,
    sharpe: ratios.sharpe,
    sortino: ratios.sortino,
    downsideDeviation: ratios.downsideDeviation,
    maxDrawdown: dd.value,
    maxDrawdownPeakIndex: dd.peakIndex,
    maxDrawdownPeakTimeMs: dd.peakTimeMs,
    maxDrawdownTroughIndex: dd.troughIndex,
    maxDrawdownTroughTimeMs: dd.troughTimeMs,
    maxDrawdownDurationBars: dd.durationBars,
    maxDrawdownDurationMs: dd.durationMs,
    timeToRecoverBars: dd.timeToRecoverBars,
    timeToRecoverMs: dd.timeToRecoverMs,
    calmar: calmarRatio(growth, dd.value),
    exposure: exposed,
    turnover: input.tradedNotional === undefined ? NaN : turnover(input.tradedNotional, equity),
    omegaRatio: ratios.omegaRatio,
    tailRatio: dist && full ? tailRatioOfSorted(sorted) : NaN,
    valueAtRisk: dist && full ? valueAtRiskOfSorted(sorted) : NaN,
    conditionalValueAtRisk: dist && full ? conditionalValueAtRiskOfSorted(sorted) : NaN,
    stability,
    skew: moments ? skewOfMoments(moments) : NaN,
    kurtosis: moments ? kurtosisOfMoments(moments) : NaN,
    ...trades,
    exposureAdjustedReturn: exposureAdjustedReturn(growth, exposed),
    ...(full ? calendarExtremes(tsMs, equity, initial) : NO_CALENDAR_EXTREMES),
  };
  freeBuffers([sorted]); // the returns' ordered copy: its memory back now, not at V8's next major collection
  return metrics;
}
