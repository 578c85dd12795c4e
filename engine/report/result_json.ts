/**
 * `result.json`: the whole run (config, summary, every record) plus its
 * metrics, breakdowns and risk events, streamed through a
 * {@linkcode ByteWriter} so that no section becomes one long string; and
 * `equity.parquet`, the equity curve it points to.
 *
 * Layout (schema version 3):
 *
 * ```text
 * schemaVersion, config, symbols, summary,
 * metrics, benchmark { name, metrics, relative } (when the run has one), drawdowns,
 * longestDrawdowns, monteCarlo (when configured),
 * breakdowns { bySymbol, bySide, returns { yearly, quarterly, monthly } }, riskEvents,
 * openPositions, trades, fills, denials, resizes, breakerEvents, unfilled,
 * corporateActions (a `rawWithActions` run),
 * equity { file: "equity.parquet", rows, columns: ["time", "equity", "cash"] }
 * ```
 *
 * The equity curve, one row per bar close, is the Parquet file `equity.parquet` beside it (`parquet.ts`):
 * `time` a UTC timestamp in milliseconds, `equity` and `cash` doubles, the
 * exact values of the run (`equity.csv` has them in text, with the
 * drawdown). `result.json` keeps what a person or a tool reads whole: its
 * size follows the trades, not the bars.
 *
 * Version 1 wrote the equity curve as one `{"time", "equity", "cash"}`
 * record per bar; version 2 wrote `columns` once and one array per bar
 * under `equity.rows` (a 1M-bar curve took 49 MB); version 3 moves the
 * curve to `equity.parquet` (24 MB for 1M bars) and leaves its file name,
 * row count and columns under `equity`. Everything else is as in version 1,
 * with `metrics`, `breakdowns` and `riskEvents` added in 2. Later additions that
 * leave every existing key as it was keep the version: `benchmark`,
 * `drawdowns`, `longestDrawdowns`, `monteCarlo`, `corporateActions` (its records: time, symbol, kind,
 * value, qtyBefore, qtyAfter, cash, orders), and each calendar period's `benchmarkReturn` and
 * `excessReturn` (with a benchmark).
 *
 * Numbers are written by {@linkcode formatNumber}'s fixed form, times as
 * ISO-8601 UTC. `metrics`, `benchmark`, `drawdowns` and `breakdowns` hold metrics: an undefined value
 * (NaN) is `null` and an infinite one the string `"Infinity"` or
 * `"-Infinity"` (profit factor or Sortino with no losses); elsewhere
 * non-finite numbers are `null`, as in version 1 (the rule of `format.ts`).
 *
 * @module
 */
import { serializableConfig } from "../config/parse_config.ts";
import type { BacktestResult, Denial, Fill, Resize, Trade } from "../result.ts";
import type { Analysis, BenchmarkAnalysis, DrawdownPeriod } from "./analyze_result.ts";
import type { MonteCarloMethodResult, MonteCarloResult } from "./monte_carlo.ts";
import { BENCHMARK_SKIPPED_METRICS } from "./benchmark.ts";
import type { ByteWriter } from "./byte_writer.ts";
import { parquetFile } from "./parquet.ts";
import { openSqlEngine, type SqlEngine } from "../data/sql_engine.ts";
import { isoTime, jsonMetric, toJson, toJsonLine } from "./format.ts";
import type { Metrics } from "./metrics/compute_metrics.ts";
import { tradeStats } from "./metrics/trade_stats.ts";
import type { PeriodReturn } from "./period_returns.ts";

/**
 * Version of the `result.json` layout; bumped on any incompatible change (2: the equity curve as `columns` and `rows`;
 * 3: the equity curve in `equity.parquet`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { RESULT_SCHEMA_VERSION } from "./result_json.ts";
 * assert.equal(RESULT_SCHEMA_VERSION, 3);
 * ```
 */
export const RESULT_SCHEMA_VERSION = 3;

/**
 * The file of the equity curve that `result.json` points to.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { EQUITY_FILE } from "./result_json.ts";
 * assert.equal(EQUITY_FILE, "equity.parquet");
 * ```
 */
export const EQUITY_FILE = "equity.parquet";

/**
 * `equity.parquet`: the run's equity curve, one row per bar close, with
 * columns `time` (UTC timestamp, ms), `equity` and `cash` (doubles), as a
 * producer for {@linkcode ByteWriter}. The doubles are written as the run
 * holds them (see `parquet.ts`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { collectBytes } from "./byte_writer.ts";
 * import { equityParquet } from "./result_json.ts";
 * const equity = { tsMs: Float64Array.of(0), equity: Float64Array.of(100), cash: Float64Array.of(100) };
 * const bytes = collectBytes(equityParquet({ equity }));
 * assert.equal(new TextDecoder().decode(bytes.subarray(0, 4)), "PAR1");
 * ```
 */
export function equityParquet(r: Pick<BacktestResult, "equity">): (w: ByteWriter) => void {
  const { tsMs, equity, cash } = r.equity;
  return parquetFile([
    { name: "time", kind: "timestampMs", values: tsMs },
    { name: "equity", kind: "double", values: equity },
    { name: "cash", kind: "double", values: cash },
  ]);
}

const iso = (ms: number) => (Number.isFinite(ms) ? isoTime(ms) : null);

/**
 * Read an `equity.parquet` back (a run's, or any Parquet file with those
 * columns): its times as epoch ms and its doubles exactly as written. Uses
 * `engine` when given, else a native DuckDB opened for the read.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { collectBytes } from "./byte_writer.ts";
 * import { equityParquet, readEquityFile } from "./result_json.ts";
 * const equity = { tsMs: Float64Array.of(0, 60_000), equity: Float64Array.of(100, 0.1 + 0.2), cash: Float64Array.of(100, 5) };
 * const path = await Deno.makeTempFile({ suffix: ".parquet" });
 * await Deno.writeFile(path, collectBytes(equityParquet({ equity })));
 * assert.deepEqual(await readEquityFile(path), equity);
 * await Deno.remove(path);
 * ```
 */
export async function readEquityFile(
  path: string,
  opts: { readonly engine?: SqlEngine } = {},
): Promise<{ tsMs: Float64Array; equity: Float64Array; cash: Float64Array }> {
  const owned = opts.engine ? undefined : await openSqlEngine("native");
  const db = opts.engine ?? owned!;
  try {
    const { columns } = await db.readNumeric(
      `SELECT epoch_ms(time)::DOUBLE AS time, equity::DOUBLE AS equity, cash::DOUBLE AS cash
       FROM read_parquet('${path.replaceAll("'", "''")}')`,
    );
    return { tsMs: columns.time!, equity: columns.equity!, cash: columns.cash! };
  } finally {
    owned?.close();
  }
}

/** Map every number of a flat record through {@linkcode jsonMetric}. */
function metricRecord(o: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === "number" ? jsonMetric(v) : v]));
}

/**
 * The `metrics` object of `result.json`: the run's {@linkcode Metrics} with
 * each `…TimeMs` instant as an ISO time (`…Time`) and the trade statistics'
 * `totalFees` (closed trades only, borrow included) as `closedTradeFees`, apart
 * from the summary's `totalFees` (every fill), preceded by how they were
 * annualised.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { computeMetrics } from "./metrics/compute_metrics.ts";
 * import { metricsJson } from "./result_json.ts";
 * const m = computeMetrics({ equity: Float64Array.of(90), tsMs: Float64Array.of(86_400_000), initial: 100 });
 * const j = metricsJson(m, 0, false);
 * assert.equal(j.maxDrawdownTroughTime, "1970-01-02T00:00:00Z");
 * assert.equal(j.periodsPerYearSource, "inferred");
 * assert.equal(j.periodsPerYear, null); // one bar: no spacing to infer from
 * assert.equal(j.sharpe, null);
 * ```
 */
export function metricsJson(m: Metrics, riskFree: number, periodsPerYearGiven: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {
    periodsPerYear: jsonMetric(m.periodsPerYear),
    periodsPerYearSource: periodsPerYearGiven ? "config" : "inferred",
    riskFree,
  };
  for (const [k, v] of Object.entries(m)) {
    if (k === "periodsPerYear") continue;
    if (k.endsWith("TimeMs")) out[k.slice(0, -2)] = iso(v);
    else if (k === "totalFees") out.closedTradeFees = jsonMetric(v);
    else out[k] = jsonMetric(v);
  }
  return out;
}

/**
 * The `benchmark` object of `result.json`: its name, its own metrics (as
 * {@linkcode metricsJson}, without the trade statistics and the metrics a
 * benchmark does not compute, `BENCHMARK_SKIPPED_METRICS`) and the run's
 * metrics against it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { simpleReturns } from "./metrics/simple_returns.ts";
 * import { benchmarkAnalysis } from "./benchmark.ts";
 * import { benchmarkJson } from "./result_json.ts";
 * const value = Float64Array.of(100, 110, 99, 125);
 * const tsMs = Float64Array.from(value, (_, i) => i * 86_400_000);
 * const j = benchmarkJson(benchmarkAnalysis({ name: "X", value }, simpleReturns(value, 100), tsMs, 100, 252, 0), 0, false);
 * assert.equal(j.name, "X");
 * assert.equal((j.metrics as Record<string, unknown>).totalReturn, 0.25);
 * assert.equal((j.metrics as Record<string, unknown>).numTrades, undefined);
 * assert.equal((j.relative as Record<string, unknown>).beta, 1);
 * ```
 */
export function benchmarkJson(
  b: BenchmarkAnalysis,
  riskFree: number,
  periodsPerYearGiven: boolean,
): Record<string, unknown> {
  const all = metricsJson(b.metrics, riskFree, periodsPerYearGiven);
  const tradeKeys = new Set(Object.keys(tradeStats([])));
  tradeKeys.add("closedTradeFees");
  const metrics = Object.fromEntries(
    Object.entries(all).filter(([k]) => !tradeKeys.has(k) && !BENCHMARK_SKIPPED_METRICS.includes(k)),
  );
  return { name: b.name, metrics, relative: metricRecord(b.relative) };
}

/**
 * One row of the `drawdowns` table of `result.json`: depth, peak, trough and
 * recovery times (`null` when not recovered) and the length in days and
 * bars.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { drawdownTable } from "./metrics/drawdown_table.ts";
 * import { drawdownJson } from "./result_json.ts";
 * const day = 86_400_000;
 * const [d] = drawdownTable(Float64Array.of(75, 100), 100, Float64Array.of(0, day));
 * assert.deepEqual(drawdownJson(d!), {
 *   depth: -0.25, peak: "1970-01-01T00:00:00Z", trough: "1970-01-01T00:00:00Z",
 *   recovery: "1970-01-02T00:00:00Z", lengthDays: 1, lengthBars: 2,
 * });
 * ```
 */
export function drawdownJson(d: DrawdownPeriod): Record<string, unknown> {
  return {
    depth: jsonMetric(d.depth),
    peak: iso(d.peakTimeMs),
    trough: iso(d.troughTimeMs),
    recovery: iso(d.recoveryTimeMs),
    lengthDays: jsonMetric(d.lengthDays),
    lengthBars: jsonMetric(d.lengthBars),
  };
}

/**
 * The `monteCarlo` object of `result.json`: the settings, then for each
 * method (`returns`: the block bootstrap of the period returns; `trades`:
 * the bootstrap of the trades, when there are at least 2) the distribution
 * of final return, CAGR, max drawdown and Sharpe (mean, median, the
 * confidence interval `lower`/`upper`, p5, p25, p75, p95, min, max), the
 * probability of ruin and the fan: equity percentiles at up to 500 points,
 * each named by its bar time (`returns`) or trade number (`trades`, 1 =
 * after the first trade).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { monteCarlo } from "./monte_carlo.ts";
 * import { monteCarloJson } from "./result_json.ts";
 * const day = 86_400_000;
 * const returns = Float64Array.of(0.01, -0.02, 0.015, 0.005);
 * const mc = monteCarlo({ returns, initial: 100, periodsPerYear: 252 }, {
 *   paths: 50, blockLength: 4, ruinDrawdown: 0.5, confidence: 0.9, seed: 1,
 * });
 * const doc = monteCarloJson(mc, Float64Array.from(returns, (_, i) => i * day)) as {
 *   returns: { finalReturn: { lower: number; upper: number }; fan: { time: string[] } };
 * };
 * // one block as long as the run: every path is the run itself
 * assert.equal(doc.returns.finalReturn.lower, doc.returns.finalReturn.upper);
 * assert.equal(doc.returns.fan.time[0], "1970-01-01T00:00:00Z");
 * ```
 */
export function monteCarloJson(mc: MonteCarloResult, tsMs: Float64Array): Record<string, unknown> {
  const method = (m: MonteCarloMethodResult, axis: "time" | "trade") => ({
    finalReturn: metricRecord(m.finalReturn),
    cagr: metricRecord(m.cagr),
    maxDrawdown: metricRecord(m.maxDrawdown),
    sharpe: metricRecord(m.sharpe),
    probabilityOfRuin: jsonMetric(m.probabilityOfRuin),
    fan: {
      [axis]: Array.from(m.fan.step, (k) => axis === "time" ? iso(tsMs[k] ?? NaN) : k + 1),
      p5: Array.from(m.fan.p5, jsonMetric),
      p25: Array.from(m.fan.p25, jsonMetric),
      p50: Array.from(m.fan.p50, jsonMetric),
      p75: Array.from(m.fan.p75, jsonMetric),
      p95: Array.from(m.fan.p95, jsonMetric),
    },
  });
  return {
    paths: mc.paths,
    blockLength: mc.blockLength,
    seed: mc.seed,
    confidence: mc.confidence,
    ruinDrawdown: mc.ruinDrawdown,
    returns: method(mc.returns, "time"),
    ...(mc.trades && { trades: method(mc.trades, "trade") }),
  };
}

/** The `breakdowns` object of `result.json`. */
function breakdownsJson(a: Analysis): Record<string, unknown> {
  const period = (p: PeriodReturn) => metricRecord(p);
  return {
    bySymbol: a.bySymbol.map(metricRecord),
    bySide: a.bySide.map(metricRecord),
    returns: {
      yearly: a.returns.yearly.map(period),
      quarterly: a.returns.quarterly.map(period),
      monthly: a.returns.monthly.map(period),
    },
  };
}

/** `[\n    rec,\n    rec\n  ]` or `[]`, one record per line, each written by `one`. */
function records<T>(w: ByteWriter, items: readonly T[], one: (w: ByteWriter, x: T) => void): void {
  if (items.length === 0) {
    w.text("[]");
    return;
  }
  for (let i = 0; i < items.length; i++) {
    w.text(i === 0 ? "[\n    " : ",\n    ");
    one(w, items[i]!);
  }
  w.text("\n  ]");
}

function trade(w: ByteWriter, t: Trade): void {
  w.text('{"symbol": ');
  w.jsonString(t.symbol);
  w.text(', "side": ');
  w.jsonString(t.side);
  w.text(', "qty": ');
  w.number(t.qty, "null");
  w.text(', "entryTime": ');
  w.jsonTime(t.entryTimeMs);
  w.text(', "entryPrice": ');
  w.number(t.entryPrice, "null");
  w.text(', "exitTime": ');
  w.jsonTime(t.exitTimeMs);
  w.text(', "exitPrice": ');
  w.number(t.exitPrice, "null");
  w.text(', "pnl": ');
  w.number(t.pnl, "null");
  w.text(', "fees": ');
  w.number(t.fees, "null");
  // one R, the R-multiple (as rMultiple() in metrics/trade_stats.ts) and the excursions per unit; null when unknown
  const risk = t.initialRisk ?? NaN;
  w.text(', "initialRisk": ');
  w.number(risk, "null");
  w.text(', "rMultiple": ');
  w.number(risk > 0 && risk < Infinity ? t.pnl / risk : NaN, "null");
  w.text(', "mae": ');
  w.number(t.mae ?? NaN, "null");
  w.text(', "mfe": ');
  w.number(t.mfe ?? NaN, "null");
  w.text("}");
}

function fill(w: ByteWriter, f: Fill): void {
  w.text('{"orderId": ');
  w.number(f.orderId, "null");
  w.text(', "time": ');
  w.jsonTime(f.tsMs);
  w.text(', "symbol": ');
  w.jsonString(f.symbol);
  w.text(', "side": ');
  w.jsonString(f.side);
  w.text(', "qty": ');
  w.number(f.qty, "null");
  w.text(', "price": ');
  w.number(f.price, "null");
  w.text(', "fee": ');
  w.number(f.fee, "null");
  w.text(', "orderType": ');
  w.jsonString(f.orderType);
  w.text(', "reason": ');
  w.jsonString(f.reason);
  w.text(', "liquidity": ');
  w.jsonString(f.liquidity);
  w.text(', "slippage": ');
  w.number(f.slippage, "null");
  w.text("}");
}

function denial(w: ByteWriter, d: Denial): void {
  w.text('{"time": ');
  w.jsonTime(d.tsMs);
  w.text(', "symbol": ');
  w.jsonString(d.symbol);
  w.text(', "intent": ');
  w.jsonString(d.intent);
  w.text(', "rule": ');
  w.jsonString(d.rule);
  w.text(', "detail": ');
  w.jsonString(d.detail);
  w.text("}");
}

function resize(w: ByteWriter, z: Resize): void {
  w.text('{"time": ');
  w.jsonTime(z.tsMs);
  w.text(', "symbol": ');
  w.jsonString(z.symbol);
  w.text(', "intent": ');
  w.jsonString(z.intent);
  w.text(', "rule": ');
  w.jsonString(z.rule);
  w.text(', "originalQty": ');
  w.number(z.originalQty, "null");
  w.text(', "finalQty": ');
  w.number(z.finalQty, "null");
  w.text("}");
}

/**
 * The `result.json` document of a run, as a producer for
 * {@linkcode writeFilesAtomic}: small sections through {@linkcode toJson},
 * the record lists row by row; the equity curve is {@linkcode equityParquet}'s.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { frameFromRows } from "../data/bar_frame.ts";
 * import { parseConfig } from "../config/parse_config.ts";
 * import { runBacktest } from "../backtest.ts";
 * import { defineStrategy } from "../strategy/types.ts";
 * import { z } from "zod";
 * import { collectBytes } from "./byte_writer.ts";
 * import { analyzeResult } from "./analyze_result.ts";
 * import { resultJson } from "./result_json.ts";
 * const idle = defineStrategy({ name: "idle", params: z.strictObject({}), create: () => ({ onBar: () => {} }) });
 * const frame = frameFromRows([{ symbol: "A", tsMs: 0, open: 1, high: 1, low: 1, close: 1 }], 86_400_000);
 * const config = parseConfig({
 *   name: "idle", data: { source: "x.csv" }, capital: 100,
 *   strategy: { use: idle, params: {} }, risk: { sizing: { kind: "fixedQty", qty: 1 } },
 * }, { file: "inline" });
 * const r = runBacktest(config, frame);
 * const doc = JSON.parse(new TextDecoder().decode(collectBytes(resultJson(r, analyzeResult(r)))));
 * assert.equal(doc.schemaVersion, 3);
 * assert.deepEqual(doc.equity, { file: "equity.parquet", rows: 1, columns: ["time", "equity", "cash"] });
 * assert.equal(doc.metrics.numTrades, 0);
 * assert.equal(doc.metrics.winRate, null); // no trades: undefined
 * ```
 */
export function resultJson(r: BacktestResult, a: Analysis): (w: ByteWriter) => void {
  const s = r.summary;
  const head = toJson({
    schemaVersion: RESULT_SCHEMA_VERSION,
    config: serializableConfig(r.config),
    symbols: r.symbols,
    summary: {
      ...s,
      firstBar: iso(s.firstBarMs),
      lastBar: iso(s.lastBarMs),
      firstBarMs: undefined,
      lastBarMs: undefined,
    },
    metrics: metricsJson(a.metrics, a.riskFree, a.periodsPerYearGiven),
    benchmark: a.benchmark && benchmarkJson(a.benchmark, a.riskFree, a.periodsPerYearGiven),
    drawdowns: a.drawdowns.map(drawdownJson),
    longestDrawdowns: a.longestDrawdowns.map(drawdownJson),
    monteCarlo: a.monteCarlo && monteCarloJson(a.monteCarlo, r.equity.tsMs),
    breakdowns: breakdownsJson(a),
    riskEvents: a.riskEvents,
    openPositions: r.openPositions.map((p) => ({ ...p, entryTimeMs: undefined, entryTime: iso(p.entryTimeMs) })),
  });
  const tsMs = r.equity.tsMs;
  return (w) => {
    w.text(head.slice(0, -2)); // drop "\n}"
    w.text(',\n  "trades": ');
    records(w, r.trades, trade);
    w.text(',\n  "fills": ');
    records(w, r.fills, fill);
    w.text(',\n  "denials": ');
    records(w, r.denials, denial);
    w.text(',\n  "resizes": ');
    records(w, r.resizes, resize);
    w.text(',\n  "breakerEvents": ');
    records(w, r.breakerEvents, (w, e) =>
      w.text(toJsonLine({
        time: iso(e.tsMs),
        breaker: e.breaker,
        detail: e.detail,
        values: e.values,
        flattened: e.flattened,
      })));
    w.text(',\n  "unfilled": ');
    records(w, r.unfilled, (w, u) =>
      w.text(toJsonLine({
        ...u,
        tsMs: undefined,
        endTsMs: undefined,
        time: iso(u.tsMs),
        endTime: iso(u.endTsMs),
      })));
    if (r.corporateActions !== undefined) {
      w.text(',\n  "corporateActions": ');
      records(w, r.corporateActions, (w, c) => w.text(toJsonLine({ time: iso(c.tsMs), ...c, tsMs: undefined })));
    }
    // the curve itself is equity.parquet's (EQUITY_FILE): this file stays what a person or a tool reads whole
    w.text(`,\n  "equity": {"file": "${EQUITY_FILE}", "rows": ${tsMs.length}, "columns": ["time", "equity", "cash"]`);
    w.text("}\n}\n");
  };
}
