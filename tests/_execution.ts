/** Helpers for the execution suites: scripted strategies on hand-made bars. */
import { z } from "zod";
import { type BarContext, type BarRow, defineStrategy, frameFromRows, parseConfig, runBacktest } from "../mod.ts";
import type { BacktestResult } from "../engine/result.ts";

/** What a scripted strategy does at a bar: called with the context at that bar's close. */
export type Script = Record<string, Record<number, (ctx: BarContext) => void>>;

/** A strategy that runs `script[symbol][bar index]` at each close, and nothing else. */
export function scripted(script: Script, name = "scripted") {
  return defineStrategy({
    name,
    params: z.strictObject({}),
    create: () => ({ onBar: (ctx) => script[ctx.symbolName]?.[ctx.index]?.(ctx) }),
  });
}

/** Run `script` over `rows` with an `execution` section (and optional overrides of the rest). */
export function runScript(
  rows: readonly BarRow[],
  script: Script,
  execution: Record<string, unknown> = {},
  more: { intervalMs?: number; seed?: number; capital?: number } = {},
): BacktestResult {
  const config = parseConfig({
    name: "t",
    data: { source: "unused.csv" },
    capital: more.capital ?? 10_000_000,
    strategy: { use: scripted(script), params: {} },
    risk: { sizing: { kind: "fixedQty", qty: 10 } },
    execution,
    seed: more.seed ?? 1,
  }, { file: "inline" });
  return runBacktest(config, frameFromRows(rows, more.intervalMs));
}

/** Bars of one symbol from [open, high, low, close, volume?] tuples, `stepMs` apart from `t0`. */
export function bars(
  list: readonly (readonly [number, number, number, number, number?])[],
  opts: { symbol?: string; t0?: number; stepMs?: number } = {},
): BarRow[] {
  const { symbol = "A", t0 = Date.UTC(2024, 0, 1), stepMs = 86_400_000 } = opts;
  return list.map(([open, high, low, close, volume], i) => ({
    symbol,
    tsMs: t0 + i * stepMs,
    open,
    high,
    low,
    close,
    volume: volume ?? 1_000_000,
  }));
}

/** Fills as compact tuples: [bar index from t0, side, qty, price, orderType, reason]. */
export function fillRows(r: BacktestResult, t0 = Date.UTC(2024, 0, 1), stepMs = 86_400_000) {
  return r.fills.map((f) => [(f.tsMs - t0) / stepMs, f.side, f.qty, f.price, f.orderType, f.reason] as const);
}
