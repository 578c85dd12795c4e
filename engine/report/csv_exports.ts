/**
 * The CSV result files, each streamed row by row through a
 * {@linkcode ByteWriter}: LF line endings, a header row, RFC 4180 quoting,
 * times in ISO-8601 UTC and numbers in {@linkcode formatNumber}'s fixed
 * form. An undefined number (NaN) is an empty field; an infinite one (a
 * profit factor with no losses) is `Infinity` or `-Infinity`, which pandas,
 * DuckDB and spreadsheets read as a number. A text field that starts with
 * `=`, `+`, `-`, `@`, a tab or a carriage return is written as `"'…"`, so a
 * spreadsheet shows it instead of running it as a formula (OWASP's CSV
 * injection advice; `ByteWriter.csvText`, the rule every CSV file of the
 * engine follows); numbers are never changed.
 *
 * | file | one row per | columns |
 * | --- | --- | --- |
 * | `trades.csv` | closed trade | symbol, side, qty, entryTime, entryPrice, exitTime, exitPrice, pnl, fees, initialRisk, rMultiple, mae, mfe |
 * | `fills.csv` | fill | orderId, time, symbol, side, qty, price, fee, orderType, reason, liquidity, slippage |
 * | `equity.csv` | bar close | time, equity, cash, drawdown |
 * | `denials.csv` | denied intent | time, symbol, intent, rule, detail |
 * | `corporate_actions.csv` | split or dividend applied (`rawWithActions`) | time, symbol, kind, value, qtyBefore, qtyAfter, cash, orders |
 * | `breakdown_symbol.csv` | symbol | symbol, trades, wins, losses, winRate, netPnl, openPnl, totalPnl, profitFactor, avgWin, avgLoss, expectancy, fees, exposure |
 * | `returns_monthly.csv` | calendar month with bars | period, year, month, bars, startEquity, endEquity, return (with a benchmark: benchmarkReturn, excessReturn) |
 *
 * @module
 */
import type { BacktestResult } from "../result.ts";
import type { SymbolBreakdown } from "./breakdowns.ts";
import type { ByteWriter } from "./byte_writer.ts";
import type { PeriodReturn } from "./period_returns.ts";
import { rMultiple } from "./metrics/trade_stats.ts";

/** Rows of `equity.csv` whose drawdown is computed at a time. */
const EQUITY_BLOCK = 1 << 16;

/**
 * A CSV file body, written by a producer.
 *
 * @example
 * ```ts
 * import type { CsvProducer } from "./csv_exports.ts";
 * const header: CsvProducer = (w) => w.text("a,b\n");
 * console.log(typeof header);
 * ```
 */
export type CsvProducer = (w: ByteWriter) => void;

function time(w: ByteWriter, ms: number): void {
  if (ms - ms === 0) w.isoTime(ms);
}

/**
 * `trades.csv`: one closed round trip per row. `initialRisk` is the currency
 * at risk when the trade opened (one R), `rMultiple` is `pnl / initialRisk`
 * ({@linkcode rMultiple}), and `mae`/`mfe` are the maximum adverse and
 * favourable excursions per unit (docs/execution.md); each is empty when
 * unknown.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { collectBytes } from "./byte_writer.ts";
 * import { streamTradesCsv } from "./csv_exports.ts";
 * const trades = [
 *   { symbol: "A", side: "long", qty: 2, entryTimeMs: 0, entryPrice: 10, exitTimeMs: 60_000, exitPrice: 11.5, pnl: 3, fees: 0, initialRisk: 2, mae: 0.25, mfe: 2 },
 *   { symbol: "A", side: "short", qty: 1, entryTimeMs: 0, entryPrice: 10, exitTimeMs: 60_000, exitPrice: 11, pnl: -1, fees: 0, initialRisk: NaN, mae: 1, mfe: 0 },
 * ] as const;
 * const rows = new TextDecoder().decode(collectBytes(streamTradesCsv({ trades }))).split("\n");
 * assert.equal(rows[1], "A,long,2,1970-01-01T00:00:00Z,10,1970-01-01T00:01:00Z,11.5,3,0,2,1.5,0.25,2");
 * assert.equal(rows[2], "A,short,1,1970-01-01T00:00:00Z,10,1970-01-01T00:01:00Z,11,-1,0,,,1,0"); // no risk, no R
 * ```
 */
export function streamTradesCsv(r: Pick<BacktestResult, "trades">): CsvProducer {
  return (w) => {
    w.text("symbol,side,qty,entryTime,entryPrice,exitTime,exitPrice,pnl,fees,initialRisk,rMultiple,mae,mfe\n");
    for (const t of r.trades) {
      w.csvText(t.symbol);
      w.text(t.side === "long" ? ",long," : ",short,");
      w.number(t.qty, "");
      w.text(",");
      time(w, t.entryTimeMs);
      w.text(",");
      w.number(t.entryPrice, "");
      w.text(",");
      time(w, t.exitTimeMs);
      w.text(",");
      w.number(t.exitPrice, "");
      w.text(",");
      w.number(t.pnl, "");
      w.text(",");
      w.number(t.fees, "");
      w.text(",");
      w.number(t.initialRisk ?? NaN, "");
      w.text(",");
      w.number(rMultiple(t), "");
      w.text(",");
      w.number(t.mae ?? NaN, "");
      w.text(",");
      w.number(t.mfe ?? NaN, "");
      w.text("\n");
    }
  };
}

/**
 * `fills.csv`: one fill per row.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { collectBytes } from "./byte_writer.ts";
 * import { streamFillsCsv } from "./csv_exports.ts";
 * const fills = [{ orderId: 1, tsMs: 0, symbol: "A", side: "buy", qty: 5, price: 10.25, fee: 0.1, orderType: "market", reason: "open", liquidity: "taker", slippage: 0 }] as const;
 * const text = new TextDecoder().decode(collectBytes(streamFillsCsv({ fills })));
 * assert.ok(text.split("\n")[1] === "1,1970-01-01T00:00:00Z,A,buy,5,10.25,0.1,market,open,taker,0");
 * ```
 */
export function streamFillsCsv(r: Pick<BacktestResult, "fills">): CsvProducer {
  return (w) => {
    w.text("orderId,time,symbol,side,qty,price,fee,orderType,reason,liquidity,slippage\n");
    for (const f of r.fills) {
      w.number(f.orderId, "");
      w.text(",");
      time(w, f.tsMs);
      w.text(",");
      w.csvText(f.symbol);
      w.text(f.side === "buy" ? ",buy," : ",sell,");
      w.number(f.qty, "");
      w.text(",");
      w.number(f.price, "");
      w.text(",");
      w.number(f.fee, "");
      w.text(",");
      w.csvText(f.orderType);
      w.text(",");
      w.csvText(f.reason);
      w.text(",");
      w.csvText(f.liquidity);
      w.text(",");
      w.number(f.slippage, "");
      w.text("\n");
    }
  };
}

/**
 * `equity.csv`: equity, cash and drawdown at every distinct bar close.
 * Drawdown is `equity / peak − 1`, the peak being the running maximum of the
 * initial capital and the equity so far (as {@linkcode drawdownSeries}),
 * computed while writing: no drawdown array is built.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { collectBytes } from "./byte_writer.ts";
 * import { streamEquityCsv } from "./csv_exports.ts";
 * const equity = { tsMs: Float64Array.of(0, 60_000), equity: Float64Array.of(110, 99), cash: Float64Array.of(50, 50) };
 * const text = new TextDecoder().decode(collectBytes(streamEquityCsv({ equity, summary: { initialCash: 100 } })));
 * assert.ok(text === "time,equity,cash,drawdown\n1970-01-01T00:00:00Z,110,50,0\n1970-01-01T00:01:00Z,99,50,-0.1\n");
 * ```
 */
export function streamEquityCsv(
  r: { readonly equity: BacktestResult["equity"]; readonly summary: { readonly initialCash: number } },
): CsvProducer {
  const { tsMs, equity, cash } = r.equity;
  const initial = r.summary.initialCash;
  return (w) => {
    w.text("time,equity,cash,drawdown\n");
    // the drawdown of a block of rows at a time: no array as long as the curve
    const drawdown = new Float64Array(Math.min(tsMs.length, EQUITY_BLOCK));
    let peak = initial > 0 && initial < Infinity ? initial : NaN;
    for (let a = 0; a < tsMs.length; a += EQUITY_BLOCK) {
      const b = Math.min(tsMs.length, a + EQUITY_BLOCK);
      for (let i = a; i < b; i++) {
        const e = equity[i]!;
        if (e > peak) peak = e;
        drawdown[i - a] = peak > 0 ? e / peak - 1 : NaN;
      }
      w.timeRows(tsMs.subarray(a, b), [equity.subarray(a, b), cash.subarray(a, b), drawdown.subarray(0, b - a)], "");
    }
  };
}

/**
 * `denials.csv`: one denied intent per row, with the rule and why.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { collectBytes } from "./byte_writer.ts";
 * import { streamDenialsCsv } from "./csv_exports.ts";
 * const denials = [{ tsMs: 0, symbol: "A", intent: "buy 10", rule: "cash", detail: "needs 1,000, has 10" }];
 * const text = new TextDecoder().decode(collectBytes(streamDenialsCsv({ denials })));
 * assert.ok(text.split("\n")[1] === '1970-01-01T00:00:00Z,A,buy 10,cash,"needs 1,000, has 10"');
 * ```
 */
export function streamDenialsCsv(r: Pick<BacktestResult, "denials">): CsvProducer {
  return (w) => {
    w.text("time,symbol,intent,rule,detail\n");
    for (const d of r.denials) {
      time(w, d.tsMs);
      w.text(",");
      w.csvText(d.symbol);
      w.text(",");
      w.csvText(d.intent);
      w.text(",");
      w.csvText(d.rule);
      w.text(",");
      w.csvText(d.detail);
      w.text("\n");
    }
  };
}

/**
 * `corporate_actions.csv`: one split or dividend applied per row (a
 * `rawWithActions` run): when, what, the position before and after, the
 * cash it moved and the working orders it converted.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { collectBytes } from "./byte_writer.ts";
 * import { streamCorporateActionsCsv } from "./csv_exports.ts";
 * const corporateActions = [
 *   { tsMs: 0, symbol: "A", kind: "split" as const, value: 1.5, qtyBefore: 5, qtyAfter: 7, cash: 11, orders: 1 },
 * ];
 * const text = new TextDecoder().decode(collectBytes(streamCorporateActionsCsv({ corporateActions })));
 * assert.ok(text.split("\n")[1] === "1970-01-01T00:00:00Z,A,split,1.5,5,7,11,1");
 * ```
 */
export function streamCorporateActionsCsv(r: Pick<BacktestResult, "corporateActions">): CsvProducer {
  return (w) => {
    w.text("time,symbol,kind,value,qtyBefore,qtyAfter,cash,orders\n");
    for (const c of r.corporateActions ?? []) {
      time(w, c.tsMs);
      w.text(",");
      w.csvText(c.symbol);
      w.text(`,${c.kind},`);
      w.number(c.value, "");
      w.text(",");
      w.number(c.qtyBefore, "");
      w.text(",");
      w.number(c.qtyAfter, "");
      w.text(",");
      w.number(c.cash, "");
      w.text(`,${c.orders}\n`);
    }
  };
}

/** Columns of `breakdown_symbol.csv`, in order. */
const SYMBOL_COLUMNS = [
  "symbol",
  "trades",
  "wins",
  "losses",
  "winRate",
  "netPnl",
  "openPnl",
  "totalPnl",
  "profitFactor",
  "avgWin",
  "avgLoss",
  "expectancy",
  "fees",
  "exposure",
] as const satisfies readonly (keyof SymbolBreakdown)[];

/**
 * `breakdown_symbol.csv`: one row per symbol (see {@linkcode symbolBreakdown}).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { collectBytes } from "./byte_writer.ts";
 * import { streamBreakdownSymbolCsv } from "./csv_exports.ts";
 * const row = { symbol: "A", trades: 1, wins: 1, losses: 0, winRate: 1, netPnl: 5, openPnl: 0, totalPnl: 5,
 *   profitFactor: Infinity, avgWin: 5, avgLoss: NaN, expectancy: 5, fees: 0, exposure: 0.5 };
 * const text = new TextDecoder().decode(collectBytes(streamBreakdownSymbolCsv([row])));
 * assert.ok(text.split("\n")[1] === "A,1,1,0,1,5,0,5,Infinity,5,,5,0,0.5");
 * ```
 */
export function streamBreakdownSymbolCsv(rows: readonly SymbolBreakdown[]): CsvProducer {
  return (w) => {
    w.text(SYMBOL_COLUMNS.join(",") + "\n");
    for (const row of rows) {
      w.csvText(row.symbol);
      for (let c = 1; c < SYMBOL_COLUMNS.length; c++) {
        w.text(",");
        w.metric(row[SYMBOL_COLUMNS[c] as Exclude<(typeof SYMBOL_COLUMNS)[number], "symbol">], "", "");
      }
      w.text("\n");
    }
  };
}

/**
 * `returns_monthly.csv`: one row per calendar month with bars (see
 * {@linkcode calendarReturns}); `period` is `YYYY-MM`. With a benchmark,
 * two more columns: its return over the month and the excess
 * (`return − benchmarkReturn`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { collectBytes } from "./byte_writer.ts";
 * import { streamReturnsMonthlyCsv } from "./csv_exports.ts";
 * const rows = [{ period: "2024-01", year: 2024, month: 1, bars: 21, startEquity: 100, endEquity: 102.5, return: 0.025 }];
 * const text = new TextDecoder().decode(collectBytes(streamReturnsMonthlyCsv(rows)));
 * assert.ok(text === "period,year,month,bars,startEquity,endEquity,return\n2024-01,2024,1,21,100,102.5,0.025\n");
 * const withB = [{ ...rows[0]!, benchmarkReturn: 0.01, excessReturn: 0.015 }];
 * const b = new TextDecoder().decode(collectBytes(streamReturnsMonthlyCsv(withB)));
 * assert.ok(b.endsWith(",benchmarkReturn,excessReturn\n2024-01,2024,1,21,100,102.5,0.025,0.01,0.015\n"));
 * ```
 */
export function streamReturnsMonthlyCsv(rows: readonly PeriodReturn[]): CsvProducer {
  // a run with a benchmark adds its return and the excess; without one, the file is as it always was
  const withBenchmark = rows[0]?.benchmarkReturn !== undefined;
  return (w) => {
    w.text(
      `period,year,month,bars,startEquity,endEquity,return${withBenchmark ? ",benchmarkReturn,excessReturn" : ""}\n`,
    );
    for (const p of rows) {
      w.text(p.period);
      w.text(",");
      w.number(p.year, "");
      w.text(",");
      w.number(p.month ?? NaN, "");
      w.text(",");
      w.number(p.bars, "");
      w.text(",");
      w.metric(p.startEquity, "", "");
      w.text(",");
      w.metric(p.endEquity, "", "");
      w.text(",");
      w.metric(p.return, "", "");
      if (withBenchmark) {
        w.text(",");
        w.metric(p.benchmarkReturn ?? NaN, "", "");
        w.text(",");
        w.metric(p.excessReturn ?? NaN, "", "");
      }
      w.text("\n");
    }
  };
}
