/**
 * Everything the reports say about a run beyond its raw records: headline
 * metrics, breakdowns and risk events, computed from the
 * {@linkcode BacktestResult} alone.
 *
 * @module
 */
import { type BarFrame, freeBuffers } from "../data/bar_frame.ts";
import { ConfigError } from "../errors.ts";
import type { BacktestResult } from "../result.ts";
import {
  markHeldBars,
  type SideBreakdown,
  sideBreakdown,
  type SymbolBreakdown,
  symbolBreakdown,
} from "./breakdowns.ts";
import { type BenchmarkAnalysis, benchmarkAnalysis, benchmarkSeries } from "./benchmark.ts";
import { computeMetrics, type Metrics } from "./metrics/compute_metrics.ts";
import { type DrawdownPeriod, drawdownTables } from "./metrics/drawdown_table.ts";
import { simpleReturns } from "./metrics/simple_returns.ts";
import { monteCarlo, monteCarloProblem, type MonteCarloResult, tradeReturnsOf } from "./monte_carlo.ts";
import { type CalendarReturns, calendarReturns } from "./period_returns.ts";

export type { BenchmarkAnalysis } from "./benchmark.ts";
export type { RelativeMetrics } from "./metrics/relative_metrics.ts";
export type { DrawdownPeriod } from "./metrics/drawdown_table.ts";

/**
 * Counts of what the risk manager did, by rule or breaker (keys sorted).
 *
 * @example
 * ```ts
 * import type { RiskEvents } from "./analyze_result.ts";
 * const e: RiskEvents = {
 *   denials: 2, denialsByRule: { cash: 1, cooldown: 1 }, resizes: 0, resizesByRule: {},
 *   breakerTrips: 0, breakerTripsByBreaker: {},
 * };
 * console.log(e.denialsByRule.cash);
 * ```
 */
export interface RiskEvents {
  readonly denials: number;
  readonly denialsByRule: Readonly<Record<string, number>>;
  readonly resizes: number;
  readonly resizesByRule: Readonly<Record<string, number>>;
  readonly breakerTrips: number;
  readonly breakerTripsByBreaker: Readonly<Record<string, number>>;
}

/**
 * The analysis of one run: what `result.json` adds under `metrics`,
 * `breakdowns` and `riskEvents` (see {@linkcode analyzeResult}).
 *
 * @example
 * ```ts
 * import type { Analysis } from "./analyze_result.ts";
 * const sharpeOf = (a: Analysis) => a.metrics.sharpe;
 * console.log(typeof sharpeOf);
 * ```
 */
export interface Analysis {
  /**
   * Headline metrics ({@linkcode computeMetrics}) of the equity curve against
   * the initial capital, with exposure (bars closing with any position) and
   * turnover (Σ |qty × price| over fills ÷ mean equity).
   */
  readonly metrics: Metrics;
  /**
   * The simple return of each bar, the first against the initial capital
   * (`simpleReturns(equity, initial)`): what the metrics read, kept for the
   * report's rolling charts. Absent in an analysis built by other means.
   */
  readonly barReturns?: Float64Array;
  /** The annual risk-free rate the metrics used. */
  readonly riskFree: number;
  /** Whether `periodsPerYear` was set in the config (else inferred from the bar spacing). */
  readonly periodsPerYearGiven: boolean;
  /** The five deepest drawdowns, deepest first ({@linkcode drawdownTable}). */
  readonly drawdowns: readonly DrawdownPeriod[];
  /** The five longest drawdowns (bars from peak to recovery, or to the last bar), longest first. */
  readonly longestDrawdowns: readonly DrawdownPeriod[];
  readonly bySymbol: readonly SymbolBreakdown[];
  readonly bySide: readonly SideBreakdown[];
  /** Calendar returns; with a benchmark, each period also has the benchmark's return and the excess. */
  readonly returns: CalendarReturns;
  readonly riskEvents: RiskEvents;
  /**
   * The run against `analysis.benchmark`; absent when it is `false`, when
   * the bars it needs were not passed (see {@linkcode AnalyzeOptions}) or
   * when the run has no bars.
   */
  readonly benchmark?: BenchmarkAnalysis;
  /**
   * The Monte Carlo resampling of the run's period returns and trades
   * (`analysis.monteCarlo`, see `monte_carlo.ts`); absent unless configured.
   */
  readonly monteCarlo?: MonteCarloResult;
}

/**
 * Options of {@linkcode analyzeResult}: the bars the run read (`frame`, for
 * the `equalWeight` and `symbol` benchmarks) and the bars of a `source`
 * benchmark (`benchmarkFrame`, see `loadBenchmarkFrame`). Without the frame
 * the benchmark needs, the analysis has no benchmark.
 *
 * @example
 * ```ts
 * import type { AnalyzeOptions } from "./analyze_result.ts";
 * const none: AnalyzeOptions = {};
 * console.log(none.frame === undefined);
 * ```
 */
export interface AnalyzeOptions {
  readonly frame?: BarFrame | undefined;
  readonly benchmarkFrame?: BarFrame | undefined;
}

function countBy<T>(items: readonly T[], key: (x: T) => string): Record<string, number> {
  const m = new Map<string, number>();
  for (const x of items) m.set(key(x), (m.get(key(x)) ?? 0) + 1);
  return Object.fromEntries([...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Check the `analysis` section against the run: ConfigErrors naming the
 * field, the limit and what was found. `analysis.rollingWindow`, when
 * given, may not exceed the run's bars (without it, a run shorter than the
 * default window just has no rolling values); `analysis.monteCarlo.blockLength` may not
 * exceed its returns (one per bar).
 */
function checkAnalysisConfig(r: BacktestResult): void {
  const { rollingWindow, monteCarlo } = r.config.analysis;
  const bars = r.equity.tsMs.length;
  if (rollingWindow !== undefined && rollingWindow > bars) {
    throw new ConfigError(
      `analysis.rollingWindow: expected at most the run's ${bars} bar${bars === 1 ? "" : "s"}, found ${rollingWindow}`,
    );
  }
  const problem = monteCarlo && monteCarloProblem(monteCarlo, bars);
  if (problem) throw new ConfigError(problem);
}

/**
 * Analyse a run: metrics (annualised with `output.metrics` of its config),
 * the deepest drawdowns, per-symbol and long/short breakdowns, calendar
 * returns, risk event counts, and the run against its benchmark
 * (`analysis.benchmark`, priced from `opts.frame` or `opts.benchmarkFrame`;
 * none without them). Pure and deterministic; never throws on data
 * (undefined values are NaN, see {@linkcode Metrics}).
 *
 * Cost: a few linear passes over the equity curve, one returns buffer and one
 * byte per bar for exposure; with a benchmark, one pass over the bars it
 * reads, its value curve and returns buffer, and its own headline metrics.
 *
 * @throws {ConfigError} for an `analysis` section the run cannot satisfy: a
 * benchmark symbol absent from the bars or a benchmark with no bar within
 * the run (see {@linkcode benchmarkSeries}), an `analysis.rollingWindow`
 * longer than the run, an `analysis.monteCarlo.blockLength` longer than its
 * returns.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { frameFromRows } from "../data/bar_frame.ts";
 * import { parseConfig } from "../config/parse_config.ts";
 * import { runBacktest } from "../backtest.ts";
 * import { defineStrategy } from "../strategy/types.ts";
 * import { z } from "zod";
 * import { analyzeResult } from "./analyze_result.ts";
 * const buyFirst = defineStrategy({
 *   name: "buyFirst", params: z.strictObject({}),
 *   create: () => ({ onBar: (ctx) => { if (ctx.index === 0) ctx.buy(); } }),
 * });
 * const day = 86_400_000;
 * const frame = frameFromRows([10, 11, 12, 12].map((c, i) => ({ symbol: "A", tsMs: i * day, open: c, high: c, low: c, close: c })), day);
 * const config = parseConfig({
 *   name: "demo", data: { source: "unused.csv" }, capital: 1000,
 *   strategy: { use: buyFirst, params: {} }, risk: { sizing: { kind: "fixedQty", qty: 10 } },
 * }, { file: "inline" });
 * const a = analyzeResult(runBacktest(config, frame), { frame });
 * assert.equal(a.metrics.endValue, 1010); // bought 10 at 11, marked at 12
 * assert.equal(a.metrics.exposure, 0.75); // held at the closes of bars 1–3
 * assert.equal(a.bySymbol[0]!.totalPnl, 10);
 * assert.equal(a.returns.yearly.length, 1);
 * // the default benchmark: A bought with all the capital at its first close, 10
 * assert.equal(a.benchmark!.name, "equal weight of 1 symbol");
 * assert.deepEqual(Array.from(a.benchmark!.value), [1000, 1100, 1200, 1200]);
 * assert.equal(a.drawdowns.length, 0); // never below a peak
 * ```
 */
export function analyzeResult(r: BacktestResult, opts: AnalyzeOptions = {}): Analysis {
  checkAnalysisConfig(r);
  const { tsMs, equity } = r.equity;
  const metricOpts = r.config.output.metrics;
  const riskFree = metricOpts.riskFree;
  const initial = r.summary.initialCash;
  const series = benchmarkSeries(r.config.analysis.benchmark, tsMs, initial, opts);
  let tradedNotional = 0;
  for (const f of r.fills) tradedNotional += f.qty * f.price;
  const held = markHeldBars(new Uint8Array(tsMs.length), tsMs, r.trades, r.openPositions);
  const returns = simpleReturns(equity, initial);
  const metrics = computeMetrics({
    equity,
    tsMs,
    initial,
    returns,
    ...(metricOpts.periodsPerYear !== undefined && { periodsPerYear: metricOpts.periodsPerYear }),
    riskFree,
    trades: r.trades,
    position: held,
    tradedNotional,
  });
  freeBuffers([held]); // read by the exposure alone: its memory back now, not at V8's next major collection
  const benchmark = series &&
    benchmarkAnalysis(series, returns, tsMs, initial, metrics.periodsPerYear, riskFree);
  const drawdowns = drawdownTables(equity, initial, tsMs, 5);
  const mc = r.config.analysis.monteCarlo;
  const resampled = mc && tsMs.length > 0
    ? monteCarlo({
      returns,
      tradeReturns: tradeReturnsOf({ trades: r.trades, tsMs, equity, initial }),
      initial,
      periodsPerYear: metrics.periodsPerYear,
      riskFree,
    }, { ...mc, seed: mc.seed ?? r.config.seed })
    : undefined;
  return {
    metrics,
    barReturns: returns,
    riskFree,
    periodsPerYearGiven: metricOpts.periodsPerYear !== undefined,
    drawdowns: drawdowns.deepest,
    longestDrawdowns: drawdowns.longest,
    bySymbol: symbolBreakdown({
      symbols: r.symbols,
      trades: r.trades,
      fills: r.fills,
      openPositions: r.openPositions,
      tsMs,
    }),
    bySide: sideBreakdown({ trades: r.trades, openPositions: r.openPositions, tsMs }),
    returns: calendarReturns(tsMs, equity, initial, benchmark?.value),
    riskEvents: {
      denials: r.denials.length,
      denialsByRule: countBy(r.denials, (d) => d.rule),
      resizes: r.resizes.length,
      resizesByRule: countBy(r.resizes, (z) => z.rule),
      breakerTrips: r.breakerEvents.length,
      breakerTripsByBreaker: countBy(r.breakerEvents, (e) => e.breaker),
    },
    ...(benchmark && { benchmark }),
    ...(resampled && { monteCarlo: resampled }),
  };
}
