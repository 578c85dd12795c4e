/**
 * Metric kernels for backtest reports: pure functions over `Float64Array`
 * equity/returns curves and plain arrays of closed trades, following
 * empyrical's conventions (the library under pyfolio and vectorbt).
 *
 * - Returns: {@linkcode simpleReturns} (one per bar when the initial capital is
 *   given). NaN returns are skipped by every statistic (empyrical's nan-aware
 *   functions) and are flat periods for {@linkcode cagr}.
 * - Annualisation: {@linkcode inferPeriodsPerYear} (252 / 52 / 12 / 4 / 1;
 *   NaN for intraday bars — supply `periodsPerYear` explicitly), and
 *   {@linkcode riskFreePerPeriod} for `(1 + rf)^(1/periodsPerYear) − 1`.
 * - Growth and risk: {@linkcode cagr}, {@linkcode cagrCalendar},
 *   {@linkcode annualVolatility}, {@linkcode sharpe}, {@linkcode sortino},
 *   {@linkcode downsideDeviation}, {@linkcode maxDrawdown},
 *   {@linkcode drawdownSeries}, {@linkcode drawdownTable} (the deepest
 *   drawdowns), {@linkcode calmar} / {@linkcode calmarRatio}.
 * - Calendar: {@linkcode calendarExtremes} (best and worst day, month, year).
 * - Distribution and tails: {@linkcode omegaRatio}, {@linkcode tailRatio},
 *   {@linkcode valueAtRisk}, {@linkcode conditionalValueAtRisk} (historical),
 *   {@linkcode stabilityOfTimeseries}, {@linkcode skew},
 *   {@linkcode kurtosis} (excess).
 * - Trading: {@linkcode tradeStats}, {@linkcode exposure},
 *   {@linkcode exposureAdjustedReturn}, {@linkcode turnover}.
 * - Against a benchmark: {@linkcode relativeMetrics} (alpha, beta, capture,
 *   information ratio, tracking error, correlation).
 * - Everything at once: {@linkcode computeMetrics}.
 *
 * Undefined values are NaN, never exceptions (Sharpe with zero volatility,
 * Calmar with zero drawdown, averages over no trades); ±Infinity only where
 * documented (Sortino and profit factor with no losses).
 *
 * @example Headline metrics of a short daily run
 * ```ts
 * import assert from "node:assert/strict";
 * import { computeMetrics, sharpe, simpleReturns } from "./mod.ts";
 *
 * const day = 86_400_000;
 * const equity = Float64Array.of(101, 103, 100, 104, 106);
 * const tsMs = Float64Array.from(equity, (_, i) => i * day);
 * const m = computeMetrics({ equity, tsMs, initial: 100 });
 * assert.equal(m.periodsPerYear, 252);
 * assert.equal(m.sharpe, sharpe(simpleReturns(equity, 100), 252));
 * assert.equal(m.maxDrawdown, 100 / 103 - 1);
 * assert.equal(m.timeToRecoverBars, 1);
 * ```
 *
 * @module
 */

export { annualVolatility } from "./annual_volatility.ts";
export { cagr } from "./cagr.ts";
export { cagrCalendar } from "./cagr_calendar.ts";
export { type CalendarExtremes, calendarExtremes } from "./calendar_extremes.ts";
export { calmar, calmarRatio } from "./calmar.ts";
export { conditionalValueAtRisk } from "./conditional_value_at_risk.ts";
export { computeMetrics, type Metrics, type MetricsInput } from "./compute_metrics.ts";
export { downsideDeviation } from "./downside_deviation.ts";
export { drawdownSeries } from "./drawdown_series.ts";
export { type DrawdownPeriod, drawdownTable } from "./drawdown_table.ts";
export { exposure } from "./exposure.ts";
export { exposureAdjustedReturn } from "./exposure_adjusted_return.ts";
export { inferPeriodsPerYear, PERIODS_PER_YEAR } from "./infer_periods_per_year.ts";
export { kurtosis } from "./kurtosis.ts";
export { type MaxDrawdown, maxDrawdown } from "./max_drawdown.ts";
export { omegaRatio } from "./omega_ratio.ts";
export { type RelativeMetrics, relativeMetrics } from "./relative_metrics.ts";
export { riskFreePerPeriod } from "./risk_free_per_period.ts";
export { sharpe } from "./sharpe.ts";
export { simpleReturns } from "./simple_returns.ts";
export { skew } from "./skew.ts";
export { sortino } from "./sortino.ts";
export { stabilityOfTimeseries } from "./stability_of_timeseries.ts";
export { tailRatio } from "./tail_ratio.ts";
export { type ClosedTrade, type TradeStats, tradeStats } from "./trade_stats.ts";
export { turnover } from "./turnover.ts";
export { valueAtRisk } from "./value_at_risk.ts";
