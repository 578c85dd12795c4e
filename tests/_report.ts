/** Helpers for the report suites: scripted runs on hand-made bars. */
import { z } from "zod";
import { runBacktest } from "../engine/backtest.ts";
import { parseConfig } from "../engine/config/parse_config.ts";
import type { ConfigInput } from "../engine/config/schema.ts";
import { type BarFrame, type BarRow, frameFromRows } from "../engine/data/bar_frame.ts";
import type { BacktestResult } from "../engine/result.ts";
import { defineStrategy } from "../engine/strategy/types.ts";

/** One day, in ms. */
export const DAY = 86_400_000;

/** An order a scripted strategy sends: at the close of `symbol`'s bar `index`. */
export type Step = readonly [symbol: string, index: number, action: "buy" | "sell" | "close", qty: number];

/** A strategy that sends exactly the orders of `plan`. */
export const scripted = defineStrategy({
  name: "scripted",
  params: z.strictObject({
    plan: z.array(z.tuple([z.string(), z.number().int(), z.enum(["buy", "sell", "close"]), z.number()])).default([]),
  }),
  create: ({ plan }) => ({
    onBar(ctx) {
      for (const [symbol, index, action, qty] of plan) {
        if (symbol !== ctx.symbolName || index !== ctx.index) continue;
        if (action === "close") ctx.close();
        else if (action === "buy") ctx.buy(qty);
        else ctx.sell(qty);
      }
    },
  }),
});

/** Flat bars (open = high = low = close) of one symbol at the given times. */
export function flatBars(symbol: string, times: readonly number[], closes: readonly number[]): BarRow[] {
  return closes.map((c, i) => ({ symbol, tsMs: times[i]!, open: c, high: c, low: c, close: c }));
}

/** Run `plan` over `rows` with a config built from `extra` (capital 1000 unless given). */
export function runPlan(
  rows: readonly BarRow[],
  plan: readonly Step[],
  extra: Partial<Omit<ConfigInput, "strategy">> = {},
  intervalMs = DAY,
): { result: BacktestResult; frame: BarFrame } {
  const frame = frameFromRows([...rows], intervalMs);
  const config = parseConfig({
    name: "report_case",
    data: { source: "unused.csv" },
    capital: 1000,
    risk: { sizing: { kind: "fixedQty", qty: 1 } },
    ...extra,
    strategy: { use: scripted, params: { plan: plan.map((s) => [...s]) } },
  }, { file: "tests/_report.ts" });
  return { result: runBacktest(config, frame), frame };
}

/** Assert |a − b| < 1e-9 with a message. */
export function near(a: number, b: number, what: string): void {
  if (!(Math.abs(a - b) < 1e-9)) throw new Error(`${what}: expected ${b}, found ${a}`);
}
