/**
 * Everything the reports say about a run beyond its raw records: headline
 * metrics, breakdowns and risk events, computed from the
 * {@linkcode BacktestResult} alone.
 *
 * @module
 */
import type { BacktestResult } from "../result.ts";
import {
  markHeldBars,
  type SideBreakdown,
  sideBreakdown,
  type SymbolBreakdown,
  symbolBreakdown,
} from "./breakdowns.ts";
import { computeMetrics, type Metrics } from "./metrics/compute_metrics.ts";
import { type CalendarReturns, calendarReturns } from "./period_returns.ts";

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
  /** The annual risk-free rate the metrics used. */
  readonly riskFree: number;
  /** Whether `periodsPerYear` was set in the config (else inferred from the bar spacing). */
  readonly periodsPerYearGiven: boolean;
  readonly bySymbol: readonly SymbolBreakdown[];
  readonly bySide: readonly SideBreakdown[];
  readonly returns: CalendarReturns;
  readonly riskEvents: RiskEvents;
}

function countBy<T>(items: readonly T[], key: (x: T) => string): Record<string, number> {
  const m = new Map<string, number>();
  for (const x of items) m.set(key(x), (m.get(key(x)) ?? 0) + 1);
  return Object.fromEntries([...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Analyse a run: metrics (annualised with `output.metrics` of its config),
 * per-symbol and long/short breakdowns, calendar returns and risk event
 * counts. Pure and deterministic; never throws on data (undefined values are
 * NaN, see {@linkcode Metrics}). Cost: a few linear passes over the equity
 * curve, one returns buffer and one byte per bar for exposure.
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
 * const a = analyzeResult(runBacktest(config, frame));
 * assert.equal(a.metrics.endValue, 1010); // bought 10 at 11, marked at 12
 * assert.equal(a.metrics.exposure, 0.75); // held at the closes of bars 1–3
 * assert.equal(a.bySymbol[0]!.totalPnl, 10);
 * assert.equal(a.returns.yearly.length, 1);
 * ```
 */
export function analyzeResult(r: BacktestResult): Analysis {
  const { tsMs, equity } = r.equity;
  const opts = r.config.output.metrics;
  const riskFree = opts.riskFree;
  let tradedNotional = 0;
  for (const f of r.fills) tradedNotional += f.qty * f.price;
  const held = markHeldBars(new Uint8Array(tsMs.length), tsMs, r.trades, r.openPositions);
  const metrics = computeMetrics({
    equity,
    tsMs,
    initial: r.summary.initialCash,
    ...(opts.periodsPerYear !== undefined && { periodsPerYear: opts.periodsPerYear }),
    riskFree,
    trades: r.trades,
    position: held,
    tradedNotional,
  });
  return {
    metrics,
    riskFree,
    periodsPerYearGiven: opts.periodsPerYear !== undefined,
    bySymbol: symbolBreakdown({
      symbols: r.symbols,
      trades: r.trades,
      fills: r.fills,
      openPositions: r.openPositions,
      tsMs,
    }),
    bySide: sideBreakdown({ trades: r.trades, openPositions: r.openPositions, tsMs }),
    returns: calendarReturns(tsMs, equity, r.summary.initialCash),
    riskEvents: {
      denials: r.denials.length,
      denialsByRule: countBy(r.denials, (d) => d.rule),
      resizes: r.resizes.length,
      resizesByRule: countBy(r.resizes, (z) => z.rule),
      breakerTrips: r.breakerEvents.length,
      breakerTripsByBreaker: countBy(r.breakerEvents, (e) => e.breaker),
    },
  };
}
