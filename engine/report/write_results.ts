/**
 * Result files: `result.json`, `trades.csv`, `fills.csv`, `equity.csv` and
 * `denials.csv`, written atomically into the output directory.
 *
 * Times are ISO-8601 UTC; numbers use {@linkcode formatNumber}'s fixed form.
 *
 * @module
 */
import { serializableConfig } from "../config/parse_config.ts";
import type { BacktestResult } from "../result.ts";
import { type OutputFile, writeFilesAtomic } from "./atomic_write.ts";
import type { ByteWriter } from "./byte_writer.ts";
import { csvDocument, isoTime, toJson } from "./format.ts";

/** Version of the `result.json` layout; bumped on any incompatible change. */
export const RESULT_SCHEMA_VERSION = 1;

const iso = (ms: number) => (Number.isFinite(ms) ? isoTime(ms) : null);

/** The `result.json` document, streamed: the equity curve is written row by row. */
export function resultJson(r: BacktestResult): (w: ByteWriter) => void {
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
    openPositions: r.openPositions.map((p) => ({ ...p, entryTimeMs: undefined, entryTime: iso(p.entryTimeMs) })),
    trades: r.trades.map((t) => ({
      symbol: t.symbol,
      side: t.side,
      qty: t.qty,
      entryTime: iso(t.entryTimeMs),
      entryPrice: t.entryPrice,
      exitTime: iso(t.exitTimeMs),
      exitPrice: t.exitPrice,
      pnl: t.pnl,
      fees: t.fees,
    })),
    fills: r.fills.map((f) => ({
      orderId: f.orderId,
      time: iso(f.tsMs),
      symbol: f.symbol,
      side: f.side,
      qty: f.qty,
      price: f.price,
      fee: f.fee,
      orderType: f.orderType,
      reason: f.reason,
      liquidity: f.liquidity,
      slippage: f.slippage,
    })),
    denials: r.denials.map((d) => ({
      time: iso(d.tsMs),
      symbol: d.symbol,
      intent: d.intent,
      rule: d.rule,
      detail: d.detail,
    })),
    resizes: r.resizes.map((z) => ({
      time: iso(z.tsMs),
      symbol: z.symbol,
      intent: z.intent,
      rule: z.rule,
      originalQty: z.originalQty,
      finalQty: z.finalQty,
    })),
    breakerEvents: r.breakerEvents.map((e) => ({
      time: iso(e.tsMs),
      breaker: e.breaker,
      detail: e.detail,
      values: e.values,
      flattened: e.flattened,
    })),
    unfilled: r.unfilled.map((u) => ({
      ...u,
      tsMs: undefined,
      endTsMs: undefined,
      time: iso(u.tsMs),
      endTime: iso(u.endTsMs),
    })),
  });
  const { tsMs, equity, cash } = r.equity;
  return (w) => {
    w.text(head.slice(0, -2));
    w.text(',\n  "equity": ');
    if (tsMs.length === 0) w.text("[]");
    for (let i = 0; i < tsMs.length; i++) {
      w.text(i === 0 ? '[\n    {"time": "' : ',\n    {"time": "');
      w.isoTime(tsMs[i]!);
      w.text('", "equity": ');
      w.numberRepeat(equity[i]!, "null", 0);
      w.text(', "cash": ');
      w.numberRepeat(cash[i]!, "null", 1);
      w.text("}");
    }
    if (tsMs.length > 0) w.text("\n  ]");
    w.text("\n}\n");
  };
}

/** `trades.csv`: one closed round trip per row. */
export function tradesCsv(r: BacktestResult): string {
  return csvDocument(
    ["symbol", "side", "qty", "entryTime", "entryPrice", "exitTime", "exitPrice", "pnl", "fees"],
    r.trades.map((
      t,
    ) => [t.symbol, t.side, t.qty, iso(t.entryTimeMs), t.entryPrice, iso(t.exitTimeMs), t.exitPrice, t.pnl, t.fees]),
  );
}

/** `fills.csv`: one fill per row. */
export function fillsCsv(r: BacktestResult): string {
  return csvDocument(
    ["orderId", "time", "symbol", "side", "qty", "price", "fee", "orderType", "reason", "liquidity", "slippage"],
    r.fills.map((
      f,
    ) => [
      f.orderId,
      iso(f.tsMs),
      f.symbol,
      f.side,
      f.qty,
      f.price,
      f.fee,
      f.orderType,
      f.reason,
      f.liquidity,
      f.slippage,
    ]),
  );
}

/** `denials.csv`: one denied intent per row. */
export function denialsCsv(r: BacktestResult): string {
  return csvDocument(
    ["time", "symbol", "intent", "rule", "detail"],
    r.denials.map((d) => [iso(d.tsMs), d.symbol, d.intent, d.rule, d.detail]),
  );
}

/** `equity.csv`: equity and cash at every distinct bar close, streamed. */
export function equityCsv(r: BacktestResult): (w: ByteWriter) => void {
  const { tsMs, equity, cash } = r.equity;
  return (w) => {
    w.text("time,equity,cash\n");
    for (let i = 0; i < tsMs.length; i++) {
      w.isoTime(tsMs[i]!);
      w.text(",");
      w.numberRepeat(equity[i]!, "", 0);
      w.text(",");
      w.numberRepeat(cash[i]!, "", 1);
      w.text("\n");
    }
  };
}

/**
 * Write the result files the config's `output.formats` asks for into `dir`.
 * Returns the paths written.
 *
 * @example
 * ```ts ignore
 * const paths = await writeResults(result, "out/sma_cross");
 * ```
 */
export async function writeResults(r: BacktestResult, dir: string): Promise<string[]> {
  const formats = new Set(r.config.output.formats);
  const files: OutputFile[] = [];
  if (formats.has("json")) files.push({ name: "result.json", content: resultJson(r) });
  if (formats.has("csv")) {
    files.push(
      { name: "trades.csv", content: tradesCsv(r) },
      { name: "fills.csv", content: fillsCsv(r) },
      { name: "equity.csv", content: equityCsv(r) },
      { name: "denials.csv", content: denialsCsv(r) },
    );
  }
  return await writeFilesAtomic(dir, files);
}
