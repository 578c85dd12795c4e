/**
 * Order types, brackets, time in force, cancels, partial fills, short sales
 * and costs, end to end from a strategy's intents to the result, each worked
 * by hand in the comments.
 */
import assert from "node:assert/strict";
import { z } from "zod";
import { ConfigError, defineStrategy, parseConfig, StrategyError } from "../mod.ts";
import { OrderOptionsSchema } from "../engine/execution/order.ts";
import type { BarContext } from "../engine/strategy/types.ts";
import { bars, fillRows, runScript } from "./_execution.ts";

const T0 = Date.UTC(2024, 0, 1); // a Monday
const near = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) < 1e-9, `${what}: ${a} ≠ ${b}`);

Deno.test("limit, stop and stop-limit entries fill by the intrabar rules, gaps at the open", () => {
  const rows = bars([
    [100, 100, 100, 100], // 0: orders placed at this close
    [100, 101, 98, 99], // 1: buy limit 99 trades through (low 98); buy stop 102 not reached
    [103, 104, 102, 103], // 2: gaps over the buy stop 102: fills at the open 103
    [103, 106, 102, 105], // 3: stop-limit 105/106 triggered inside the bar, marketable at 105
    [104, 104, 104, 104],
  ]);
  const r = runScript(rows, {
    A: {
      0: (c) => {
        c.buy(1, { type: "limit", limitPrice: 99 });
        c.buy(2, { type: "stop", stopPrice: 102 });
      },
      2: (c) => c.buy(3, { type: "stopLimit", stopPrice: 105, limitPrice: 106 }),
    },
  });
  assert.deepEqual(fillRows(r), [
    [1, "buy", 1, 99, "limit", "intrabar"],
    [2, "buy", 2, 103, "stop", "gap"],
    [3, "buy", 3, 105, "stopLimit", "intrabar"],
  ]);
  assert.deepEqual(r.fills.map((f) => f.liquidity), ["maker", "taker", "taker"]);
});

Deno.test("sell orders mirror buys: a sell limit fills on the way up, a sell stop on the way down", () => {
  const rows = bars([[100, 100, 100, 100], [100, 102, 99, 101], [97, 98, 96, 97], [97, 97, 97, 97]]);
  const r = runScript(rows, {
    A: {
      0: (c) => {
        c.sell(1, { type: "limit", limitPrice: 101.5 }); // bar 1 high 102 trades through
        c.sell(2, { type: "stop", stopPrice: 98.5 }); // bar 2 gaps down to 97
      },
    },
  });
  assert.deepEqual(fillRows(r), [[1, "sell", 1, 101.5, "limit", "intrabar"], [2, "sell", 2, 97, "stop", "gap"]]);
});

Deno.test("a bracket's ambiguous bar goes to the stop by default; targetFirst and nearestFirst change it", () => {
  // long 10 at bar 1's open (100), stop-loss 95, take-profit 110; bar 2 reaches both (high 111, low 94)
  const rows = bars([[100, 100, 100, 100], [100, 101, 99, 100], [100, 111, 94, 100], [100, 100, 100, 100]]);
  const script = { A: { 0: (c: BarContext) => c.buy(10, { stopLoss: 95, takeProfit: 110 }) } };
  const exit = (fill?: unknown) => fillRows(runScript(rows, script, fill ? { fill } : {}))[1];
  assert.deepEqual(exit(), [2, "sell", 10, 95, "stopLoss", "intrabar"]);
  assert.deepEqual(exit({ kind: "nextOpen", ambiguousBar: "targetFirst" }), [
    2,
    "sell",
    10,
    110,
    "takeProfit",
    "intrabar",
  ]);
  // the open (100) is 6 from the low and 11 from the high: the low came first
  assert.deepEqual(exit({ kind: "nextOpen", ambiguousBar: "nearestFirst" })?.[3], 95);
});

Deno.test("a bracket exit gapped through fills at the open, and only one leg ever fills", () => {
  const rows = bars([[100, 100, 100, 100], [100, 101, 99, 100], [92, 93, 91, 92], [115, 116, 114, 115]]);
  const r = runScript(rows, { A: { 0: (c) => c.buy(10, { stopLoss: 95, takeProfit: 110 }) } });
  assert.deepEqual(fillRows(r), [[1, "buy", 10, 100, "market", "open"], [2, "sell", 10, 92, "stopLoss", "gap"]]);
  assert.equal(r.trades.length, 1);
  near(r.trades[0]!.pnl, -80, "stopped out at the gap open");
});

Deno.test("time in force { bars: n } and day: an unfilled order expires and is reported", () => {
  const rows = bars([[100, 100, 100, 100], [100, 101, 99, 100], [100, 101, 99, 100], [100, 101, 99, 100], [
    90,
    91,
    89,
    90,
  ]]);
  const r = runScript(rows, {
    A: {
      0: (c) => c.buy(5, { type: "limit", limitPrice: 95, timeInForce: { bars: 2 } }),
      1: (c) => c.buy(7, { type: "limit", limitPrice: 95, timeInForce: "day" }),
    },
  });
  // bar 4 gaps to 90, below both limits, but both expired: after bars 1–2, and after bar 2 (its day)
  assert.deepEqual(r.fills, []);
  assert.deepEqual(r.unfilled.map((u) => [u.qty, u.type, u.status, u.reason, u.endTsMs]), [
    [5, "limit", "expired", "time in force of 2 bars ended", T0 + 3 * 86_400_000],
    [7, "limit", "expired", "time in force day ended", T0 + 3 * 86_400_000],
  ]);
});

Deno.test("a strategy's cancel: pending() drops at once and the order is reported cancelled", () => {
  const rows = bars([[100, 100, 100, 100], [100, 101, 99, 100], [90, 91, 89, 90], [90, 90, 90, 90]]);
  const seen: number[] = [];
  const r = runScript(rows, {
    A: {
      0: (c) => c.buy(5, { type: "limit", limitPrice: 95 }),
      1: (c) => {
        seen.push(c.pending());
        c.cancel();
        seen.push(c.pending());
      },
    },
  });
  assert.deepEqual(seen, [5, 0]);
  assert.deepEqual(r.fills, [], "bar 2 gaps through 95, but the cancel arrived first");
  assert.deepEqual(r.unfilled.map((u) => [u.status, u.reason, u.filledQty]), [[
    "cancelled",
    "cancelled by the strategy",
    0,
  ]]);
});

Deno.test("close() is reduce-only: if a bracket exit closes the position first, it fills nothing", () => {
  // long 10 with stop-loss 95; at bar 2's close the strategy also closes; bar 2 itself hits the stop
  // with 30 s latency on back-to-back minute bars, the close order trades from bar 4
  const rows = bars([[100, 100, 100, 100], [100, 100, 100, 100], [100, 100, 100, 100], [96, 96, 94, 95], [
    95,
    95,
    95,
    95,
  ], [
    95,
    95,
    95,
    95,
  ]], { stepMs: 60_000 });
  const r = runScript(rows, { A: { 0: (c) => c.buy(10, { stopLoss: 95 }), 2: (c) => c.close() } }, {
    latency: { kind: "fixed", ms: 30_000 },
  });
  assert.deepEqual(fillRows(r, T0, 60_000), [[2, "buy", 10, 100, "market", "open"], [
    3,
    "sell",
    10,
    95,
    "stopLoss",
    "intrabar",
  ]]);
  assert.deepEqual(r.unfilled.map((u) => [u.type, u.status, u.reason]), [[
    "market",
    "cancelled",
    "reduce-only: the position was already closed",
  ]]);
  assert.equal(r.openPositions.length, 0);
});

Deno.test("partial fills: a participation cap splits an order over several bars, one fill record each", () => {
  // volume 1000 a bar, cap 10 %: buy 250 fills 100, 100, 50 at the opens of bars 1, 2, 3
  // perShare 0.01 with a 2.00 minimum per order: 2 (minimum), 0 (200 × 0.01 = 2 in all), 0.5 (2.5 in all)
  const rows = bars(Array.from({ length: 9 }, (_, i) => [100 + i, 100 + i, 100 + i, 100 + i, 1000] as const));
  const r = runScript(rows, { A: { 0: (c) => c.buy(250), 4: (c) => c.close() } }, {
    participation: { maxVolumeFraction: 0.1 },
    commission: { kind: "perShare", rate: 0.01, minimum: 2 },
  });
  assert.deepEqual(fillRows(r), [
    [1, "buy", 100, 101, "market", "open"],
    [2, "buy", 100, 102, "market", "open"],
    [3, "buy", 50, 103, "market", "open"],
    [5, "sell", 100, 105, "market", "open"],
    [6, "sell", 100, 106, "market", "open"],
    [7, "sell", 50, 107, "market", "open"],
  ]);
  assert.deepEqual(r.fills.map((f) => f.fee), [2, 0, 0.5, 2, 0, 0.5]);
  assert.equal(new Set(r.fills.slice(0, 3).map((f) => f.orderId)).size, 1, "one order");
  // one trade: entry avg (10100 + 10200 + 5150) / 250 = 101.8, exit avg (10500 + 10600 + 5350) / 250 = 105.8
  assert.equal(r.trades.length, 1);
  const t = r.trades[0]!;
  assert.equal(t.qty, 250);
  near(t.entryPrice, 101.8, "entry");
  near(t.exitPrice, 105.8, "exit");
  near(t.pnl, 250 * 4 - 5, "pnl net of fees");
});

Deno.test("a short sale fills like a buy, mirrored, and its borrow cost accrues per day against cash and the trade", () => {
  // sell 100 at Tue's open 50; 3.6 % a year over 360 days is 0.01 % a day of the short notional at the last close:
  // Wed open: 1 day × 100 × 48 (Tue close) × 0.0001 = 0.48; Thu open: 100 × 46 × 0.0001 = 0.46; covered at Thu open 45
  const rows = bars([[50, 50, 50, 50], [50, 51, 47, 48], [47, 48, 45, 46], [45, 46, 44, 45], [45, 45, 45, 45]]);
  const r = runScript(rows, { A: { 0: (c) => c.sell(100), 2: (c) => c.buy(100) } }, {
    borrow: { kind: "annualRate", rate: 0.036, daysPerYear: 360 },
  });
  assert.deepEqual(fillRows(r), [[1, "sell", 100, 50, "market", "open"], [3, "buy", 100, 45, "market", "open"]]);
  near(r.summary.borrowCost, 0.94, "borrow");
  assert.equal(r.summary.totalFees, 0, "borrow is not commission");
  assert.equal(r.trades[0]!.side, "short");
  near(r.trades[0]!.pnl, 500 - 0.94, "trade pnl net of borrow");
  assert.ok(Math.abs(r.summary.finalCash - (10_000_000 + 500 - 0.94)) < 1e-6, "cash");
});

Deno.test("slippage through a run: fixedBps raises a buy and lowers a sell; a limit is never filled worse than its limit", () => {
  const rows = bars([[100, 100, 100, 100], [100, 101, 99, 100], [200, 201, 199, 200], [100, 101, 98, 100]]);
  const r = runScript(rows, {
    A: { 0: (c) => c.buy(1), 1: (c) => c.sell(1), 2: (c) => c.buy(1, { type: "limit", limitPrice: 99 }) },
  }, { slippage: { kind: "fixedBps", bps: 50 } });
  // 0.5 % of 100 = 0.5 on the buy; 0.5 % of 200 = 1 on the sell; the limit at 99 fills at 99 (not 99 + 0.495)
  assert.deepEqual(r.fills.map((f) => [f.price, f.slippage]), [[100.5, 0.5], [199, 1], [99, 0]]);
});

Deno.test("a bad order from a strategy is a StrategyError naming the strategy and the field", () => {
  const rows = bars([[100, 100, 100, 100], [100, 100, 100, 100]]);
  const bad: [string, (c: BarContext) => void, RegExp][] = [
    ["unknown type", (c) => c.buy(1, { type: "iceberg" } as never), /type: unknown order type/],
    ["limit price 0", (c) => c.buy(1, { type: "limit", limitPrice: 0 }), /limitPrice: expected a price/],
    ["negative stop", (c) => c.sell(1, { type: "stop", stopPrice: -5 }), /stopPrice: expected a price/],
    ["missing limit", (c) => c.buy(1, { type: "stopLimit", stopPrice: 5 }), /needs a limitPrice/],
    ["unknown option", (c) => c.buy(1, { limit: 5 } as never), /unknown order option "limit"/],
    ["bad time in force", (c) => c.buy(1, { timeInForce: "ioc" } as never), /timeInForce/],
    ["bracket on close", (c) => c.close({ stopLoss: 90 }), /attach to buy\(\) and sell\(\)/],
    ["stop-loss above a buy", (c) => c.buy(1, { type: "limit", limitPrice: 99, stopLoss: 100 }), /stopLoss below/],
    ["unknown cancel scope", (c) => c.cancel({ orders: "some" } as never), /cancel\(\)/],
  ];
  for (const [what, emit, message] of bad) {
    assert.throws(() => runScript(rows, { A: { 0: emit } }), (e) => {
      assert.ok(e instanceof StrategyError, `${what}: ${e}`);
      assert.match(e.message, /^Strategy "scripted"/, what);
      assert.match(e.message, message, what);
      return true;
    });
  }
});

Deno.test("order prices in a strategy's params, checked by OrderOptionsSchema: a limit price ≤ 0 is a ConfigError naming the field", () => {
  const withEntry = defineStrategy({
    name: "withEntry",
    params: z.strictObject({ entry: OrderOptionsSchema }),
    create: () => ({ onBar: () => {} }),
  });
  const config = (entry: unknown) =>
    parseConfig({
      name: "t",
      data: { source: "x.csv" },
      capital: 1000,
      strategy: { use: withEntry, params: { entry } },
      risk: { sizing: { kind: "fixedQty", qty: 1 } },
    }, { file: "x.ts" });
  config({ type: "limit", limitPrice: 10 });
  assert.throws(() => config({ type: "limit", limitPrice: 0 }), (e) => {
    assert.ok(e instanceof ConfigError);
    assert.match(e.message, /strategy\.params\.entry\.limitPrice: expected a price: a finite number > 0, found 0/);
    return true;
  });
});
