import assert from "node:assert/strict";
import { frameFromRows, parseConfig, runBacktest } from "../mod.ts";
import { donchianBreakout } from "./donchian_breakout.ts";

const DAY = 86_400_000;
// two symbols; high = low = close for easy channels
const rows = (symbol: string, closes: number[]) =>
  closes.map((c, i) => ({ symbol, tsMs: i * DAY, open: c, high: c, low: c, close: c }));
const config = (allowShort: boolean) =>
  parseConfig({
    name: "t",
    data: { source: "unused.csv" },
    capital: 10_000,
    strategy: { use: donchianBreakout, params: { entry: 3, exit: 2, allowShort } },
    risk: { sizing: { kind: "fixedQty", qty: 2 } },
  }, { file: "test" });

Deno.test("donchianBreakout trades each symbol on its own channel", () => {
  // A: highest of bars 0..2 = 12; bar 3 closes 13 > 12 → buy, fills bar 4 open 14;
  //    exit channel (2 bars) low of bars 4,5 = 14; bar 6 closes 13 < 14 → close, fills bar 7 open 12
  // B: flat, never breaks out
  const frame = frameFromRows(
    [...rows("A", [10, 12, 11, 13, 14, 15, 13, 12]), ...rows("B", [5, 5, 5, 5, 5, 5, 5, 5])],
    DAY,
  );
  const r = runBacktest(config(false), frame);
  assert.deepEqual(r.fills.map((f) => [f.symbol, f.side, f.tsMs / DAY, f.price, f.qty]), [
    ["A", "buy", 4, 14, 2],
    ["A", "sell", 7, 12, 2],
  ]);
  assert.equal(r.trades[0]!.pnl, -4);
});

Deno.test("donchianBreakout sells short on a downside breakout only when allowed", () => {
  const frame = frameFromRows(rows("A", [10, 9, 11, 8, 7, 7, 9, 10]), DAY);
  // lowest of bars 0..2 = 9; bar 3 closes 8 < 9 → short; fills bar 4 open 7
  // exit: highest of bars 4,5 = 7; bar 6 closes 9 > 7 → cover, fills bar 7 open 10
  // without shorts: no sale at bar 3; bar 6 closes 9 above the 3-bar high of bars 3..5 (8) → a long entry instead
  assert.deepEqual(runBacktest(config(false), frame).fills.map((f) => [f.side, f.tsMs / DAY]), [["buy", 7]]);
  const r = runBacktest(config(true), frame);
  assert.deepEqual(r.fills.map((f) => [f.side, f.tsMs / DAY, f.price]), [["sell", 4, 7], ["buy", 7, 10]]);
  assert.equal(r.trades[0]!.side, "short");
  assert.equal(r.trades[0]!.pnl, -6);
});
