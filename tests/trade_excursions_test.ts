/**
 * A trade's initial risk (one R), its R-multiple and its excursions, from a
 * strategy's orders through the risk gate, the fill simulator and the
 * portfolio to trades.csv and result.json. Every number is worked by hand in
 * the comments beside it.
 */
import assert from "node:assert/strict";
import { type BarContext, frameFromRows, parseConfig, runBacktest } from "../mod.ts";
import type { BacktestResult } from "../engine/result.ts";
import { collectBytes } from "../engine/report/byte_writer.ts";
import { streamTradesCsv } from "../engine/report/csv_exports.ts";
import { tradeStats } from "../engine/report/metrics/trade_stats.ts";
import { bars, runScript, scripted } from "./_execution.ts";

/** Run `script` under `risk.sizing` (and `execution`) over `rows`. */
function runSized(
  rows: ReturnType<typeof bars>,
  script: Record<string, Record<number, (ctx: BarContext) => void>>,
  sizing: Record<string, unknown>,
  execution: Record<string, unknown> = {},
): BacktestResult {
  const config = parseConfig({
    name: "t",
    data: { source: "unused.csv" },
    capital: 100_000,
    strategy: { use: scripted(script), params: {} },
    risk: { sizing },
    execution,
    seed: 1,
  }, { file: "inline" });
  return runBacktest(config, frameFromRows(rows));
}

Deno.test("a bracket entry risks qty × |entry fill − stop-loss|; stopped out, it is −1 R; MAE/MFE from the bars it lived", () => {
  const rows = bars([
    [100, 100, 100, 100], // 0: buy 10, stop-loss 95, take-profit 110
    [100, 104, 97, 102], // 1: filled at the open, 100
    [102, 108, 94, 96], // 2: the stop (95) is hit inside the bar
    [96, 96, 96, 96],
  ]);
  const r = runScript(rows, { A: { 0: (c) => c.buy(10, { stopLoss: 95, takeProfit: 110 }) } });
  assert.equal(r.trades.length, 1);
  const t = r.trades[0]!;
  assert.deepEqual([t.entryPrice, t.exitPrice, t.pnl], [100, 95, -50]);
  assert.equal(t.initialRisk, 50); // 10 × |100 − 95|
  // counted: 100, 95, bar 1 whole (104, 97), bar 2's open 102 (its high 108 may have come after the stop)
  assert.equal(t.mae, 5); // 100 − 95
  assert.equal(t.mfe, 4); // 104 − 100
  const s = tradeStats(r.trades);
  assert.deepEqual([s.numRTrades, s.expectancyR, s.medianR], [1, -1, -1]);
});

Deno.test("a bracket entry filled with slippage risks from its fill price, not from the price it was sent at", () => {
  const rows = bars([[100, 100, 100, 100], [100, 104, 99, 102], [102, 111, 101, 110]]);
  const r = runScript(rows, { A: { 0: (c) => c.buy(10, { stopLoss: 95 }) } }, {
    slippage: { kind: "fixedBps", bps: 50 },
    closeAtEnd: true,
  });
  const t = r.trades[0]!;
  assert.equal(r.fills[0]!.price, 100.5); // 100 + 0.5 %
  assert.equal(t.initialRisk, 55); // 10 × (100.5 − 95)
  // closed at the last close, 110: counted 100.5, 110, bar 1 whole (104, 99), bar 2 whole (111, 101)
  assert.equal(t.mae, 1.5); // 100.5 − 99
  assert.equal(t.mfe, 10.5); // 111 − 100.5
});

Deno.test("ATR sizing risks qty × atrMultiple × ATR at the signal bar; a plain qty under it has no known risk", () => {
  // every bar: open = close = 10, high 11, low 9: true range 2, ATR(2) = 2 once defined
  const flat: [number, number, number, number] = [10, 11, 9, 10];
  const rows = bars([flat, flat, flat, flat, flat, [10, 12, 9.5, 11], [11, 11, 11, 11], flat, flat, flat]);
  const r = runSized(rows, {
    A: {
      3: (c) => c.buy(), // sized: 100,000 × 0.01 / (2 × ATR 2) = 250
      5: (c) => c.close(), // sold at bar 6's open, 11
      6: (c) => c.buy(100), // a quantity of its own: no risk known
      8: (c) => c.close(),
    },
  }, { kind: "atrVolatility", riskFraction: 0.01, atrPeriod: 2, atrMultiple: 2 });
  assert.equal(r.trades.length, 2);
  const [a, b] = r.trades as [typeof r.trades[0], typeof r.trades[0]];
  assert.equal(a.qty, 250);
  assert.equal(a.initialRisk, 1_000); // 250 × 2 × 2: 1 % of equity, as the sizing meant
  assert.equal(a.pnl, 250); // 250 × (11 − 10)
  // bought at bar 4's open (10), sold at bar 6's open (11): counted 10, 11, bar 4 (11, 9), bar 5 (12, 9.5), bar 6's open
  assert.deepEqual([a.mae, a.mfe], [1, 2]);
  assert.ok(Number.isNaN(b.initialRisk!));
  const s = tradeStats(r.trades);
  assert.deepEqual([s.numRTrades, s.expectancyR, s.medianR], [1, 0.25, 0.25]); // 250 / 1,000
});

Deno.test("a bracket's stop-loss wins over ATR sizing's assumed stop", () => {
  const flat: [number, number, number, number] = [10, 11, 9, 10];
  const rows = bars([flat, flat, flat, flat, flat, flat]);
  const r = runSized(rows, { A: { 3: (c) => c.buy(undefined, { stopLoss: 8.5 }) } }, {
    kind: "atrVolatility",
    riskFraction: 0.01,
    atrPeriod: 2,
    atrMultiple: 2,
  }, { closeAtEnd: true });
  const t = r.trades[0]!;
  assert.equal(t.qty, 250); // sized by ATR
  assert.equal(t.initialRisk, 375); // 250 × |10 − 8.5|, not 250 × 4
});

Deno.test("trades.csv carries initialRisk, rMultiple, mae and mfe; unknown ones are empty", () => {
  const rows = bars([[100, 100, 100, 100], [100, 104, 97, 102], [102, 108, 94, 96], [96, 96, 96, 96]]);
  const r = runScript(rows, {
    A: { 0: (c) => c.buy(10, { stopLoss: 95 }), 2: (c) => c.buy(5) },
  }, { closeAtEnd: true });
  const lines = new TextDecoder().decode(collectBytes(streamTradesCsv(r))).trim().split("\n");
  assert.equal(
    lines[0],
    "symbol,side,qty,entryTime,entryPrice,exitTime,exitPrice,pnl,fees,initialRisk,rMultiple,mae,mfe",
  );
  assert.equal(lines[1], "A,long,10,2024-01-02T00:00:00Z,100,2024-01-03T00:00:00Z,95,-50,0,50,-1,5,4");
  // bought 5 at bar 3's open (96), closed at its close (96, closeAtEnd): no risk known; bar 3 whole is 96..96
  assert.equal(lines[2], "A,long,5,2024-01-04T00:00:00Z,96,2024-01-05T00:00:00Z,96,0,0,,,0,0");
});

Deno.test("excursions: false leaves mae and mfe NaN and changes nothing else", () => {
  const rows = bars([[100, 100, 100, 100], [100, 104, 97, 102], [102, 108, 94, 96], [96, 96, 96, 96]]);
  const config = parseConfig({
    name: "t",
    data: { source: "unused.csv" },
    capital: 100_000,
    strategy: { use: scripted({ A: { 0: (c) => c.buy(10, { stopLoss: 95 }) } }), params: {} },
    risk: { sizing: { kind: "fixedQty", qty: 10 } },
    seed: 1,
  }, { file: "inline" });
  const frame = frameFromRows(rows);
  const on = runBacktest(config, frame), off = runBacktest(config, frame, { excursions: false });
  assert.deepEqual([on.trades[0]!.mae, on.trades[0]!.mfe], [5, 4]);
  assert.ok(Number.isNaN(off.trades[0]!.mae!) && Number.isNaN(off.trades[0]!.mfe!));
  assert.deepEqual({ ...off.trades[0]!, mae: 5, mfe: 4 }, on.trades[0]);
  assert.deepEqual(off.summary, on.summary);
});
