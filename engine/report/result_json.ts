/**
 * `result.json`: the whole run (config, summary, every record, the equity
 * curve) plus its metrics, breakdowns and risk events, streamed through a
 * {@linkcode ByteWriter} so that no section becomes one long string.
 *
 * Layout (schema version 2):
 *
 * ```text
 * schemaVersion, config, symbols, summary,
 * metrics, breakdowns { bySymbol, bySide, returns { yearly, quarterly, monthly } }, riskEvents,
 * openPositions, trades, fills, denials, resizes, breakerEvents, unfilled,
 * equity { columns: ["time", "equity", "cash"], rows: [[time, equity, cash], …] }
 * ```
 *
 * Version 1 wrote the equity curve as one `{"time", "equity", "cash"}`
 * record per bar; version 2 writes `columns` once and one array per bar (a
 * 1M-bar curve shrinks from 84 to 49 MB). Everything else is as in version 1,
 * with `metrics`, `breakdowns` and `riskEvents` added.
 *
 * Numbers are written by {@linkcode formatNumber}'s fixed form, times as
 * ISO-8601 UTC. `metrics` and `breakdowns` hold metrics: an undefined value
 * (NaN) is `null` and an infinite one the string `"Infinity"` or
 * `"-Infinity"` (profit factor or Sortino with no losses); elsewhere
 * non-finite numbers are `null`, as in version 1 (the rule of `format.ts`).
 *
 * @module
 */
import { serializableConfig } from "../config/parse_config.ts";
import type { BacktestResult, Denial, Fill, Resize, Trade } from "../result.ts";
import type { Analysis } from "./analyze_result.ts";
import type { ByteWriter } from "./byte_writer.ts";
import { isoTime, jsonMetric, toJson, toJsonLine } from "./format.ts";
import type { Metrics } from "./metrics/compute_metrics.ts";
import type { PeriodReturn } from "./period_returns.ts";

/**
 * Version of the `result.json` layout; bumped on any incompatible change (2: the equity curve as `columns` and `rows`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { RESULT_SCHEMA_VERSION } from "./result_json.ts";
 * assert.equal(RESULT_SCHEMA_VERSION, 2);
 * ```
 */
export const RESULT_SCHEMA_VERSION = 2;

const iso = (ms: number) => (Number.isFinite(ms) ? isoTime(ms) : null);

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
 * the record lists and the equity curve row by row.
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
 * assert.equal(doc.schemaVersion, 2);
 * assert.deepEqual(doc.equity, { columns: ["time", "equity", "cash"], rows: [["1970-01-01T00:00:00Z", 100, 100]] });
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
    breakdowns: breakdownsJson(a),
    riskEvents: a.riskEvents,
    openPositions: r.openPositions.map((p) => ({ ...p, entryTimeMs: undefined, entryTime: iso(p.entryTimeMs) })),
  });
  const { tsMs, equity, cash } = r.equity;
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
    w.text(',\n  "equity": {\n    "columns": ["time", "equity", "cash"],\n    "rows": ');
    if (tsMs.length === 0) w.text("[]");
    for (let i = 0; i < tsMs.length; i++) {
      w.text(i === 0 ? '[\n      ["' : '],\n      ["');
      w.isoTime(tsMs[i]!);
      w.text('", ');
      w.numberRepeat(equity[i]!, "null", 0);
      w.text(", ");
      w.numberRepeat(cash[i]!, "null", 1);
    }
    if (tsMs.length > 0) w.text("]\n    ]");
    w.text("\n  }\n}\n");
  };
}
