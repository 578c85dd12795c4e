/**
 * The cash check at the fill, hand-worked: a buy sized at its signal bar's
 * close is checked again at its fill price, against the account's cash at
 * that moment (engine/execution/simulator.ts, docs/execution.md). A cash
 * account's cash never goes below its floor; `deny` cancels a buy that does
 * not fit, `clip` fills the whole lots that do; margin accounts without a
 * borrow limit are not checked.
 */
import assert from "node:assert/strict";
import { z } from "zod";
import { type BacktestResult, type BarRow, defineStrategy, frameFromRows, parseConfig, runBacktest } from "../mod.ts";
import type { OrderOptions, Strategy } from "../engine/strategy/types.ts";

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);
const day = (i: number) => T0 + i * DAY;

/** Daily bars from [open, close] per symbol. */
function bars(prices: Record<string, [number, number][]>): BarRow[] {
  return Object.entries(prices).flatMap(([symbol, list]) =>
    list.map(([open, close], i) => ({
      symbol,
      tsMs: day(i),
      open,
      high: Math.max(open, close),
      low: Math.min(open, close),
      close,
      volume: 1_000_000,
    }))
  );
}

function run(strategy: Strategy, rows: BarRow[], risk: unknown, extra: Record<string, unknown> = {}): BacktestResult {
  const use = defineStrategy({ name: "probe", params: z.strictObject({}), create: () => strategy });
  const config = parseConfig({
    name: "probe",
    data: { source: "unused.csv" },
    capital: 1000,
    strategy: { use, params: {} },
    risk,
    ...extra,
  }, { file: "inline" });
  return runBacktest(config, frameFromRows(rows, DAY));
}

const minCash = (r: BacktestResult) => Math.min(...r.equity.cash);

/** Buy once, at the close of day 0, with risk sizing. */
const buyOnce: Strategy = { onBar: (ctx) => ctx.index === 0 && ctx.buy() };

Deno.test("cash at fill: a gap up cannot take a cash account below zero; the buy is denied by cash-at-fill", () => {
  // sized at day 0's close of 10: 1000 × 1 / 10 = 100 shares; day 1 opens at 12, so they would cost 1200
  const r = run(buyOnce, bars({ A: [[10, 10], [12, 12], [12, 12]] }), {
    sizing: { kind: "percentEquity", fraction: 1 },
  });
  assert.deepEqual(r.fills, []);
  assert.ok(minCash(r) >= 0, `cash went to ${minCash(r)}`);
  assert.deepEqual(r.denials, [{
    tsMs: day(1),
    symbol: "A",
    intent: "buy 100 (order 0, at its fill)",
    rule: "cash-at-fill",
    detail: "a buy of 100 at 12 (fee 0) costs 1200; cash 1000 may not go below 0",
  }]);
  assert.equal(r.summary.denials, 1);
  assert.deepEqual(r.unfilled.map((u) => [u.orderId, u.status, u.filledQty, u.endTsMs, u.reason]), [
    [0, "cancelled", 0, day(1), "cash-at-fill: the account's cash could not pay for it at the fill price"],
  ]);
});

Deno.test("cash at fill: clip fills the whole lots the cash pays for, fee minimum included, and ends the order", () => {
  // 90 shares in lots of 10 pass the gate at day 0's close (900 + fee 50 ≤ 1000); at day 1's open of 12 they cost
  // 1080 + 50. Whole lots that fit: (1000 − 50) / 12 = 79.2 → 70; 70 × 12 + 50 = 890 ≤ 1000, cash left 110
  const r = run(buyOnce, bars({ A: [[10, 10], [12, 12], [12, 12]] }), {
    sizing: { kind: "fixedQty", qty: 90, lotSize: 10 },
    limits: { account: { kind: "cash", mode: "clip" } },
  }, { execution: { commission: { kind: "perShare", rate: 0.01, minimum: 50 } } });
  assert.deepEqual(r.fills.map((f) => [f.side, f.qty, f.price, f.fee, f.tsMs]), [["buy", 70, 12, 50, day(1)]]);
  assert.equal(r.summary.finalCash, 110);
  assert.deepEqual(r.resizes, [{
    tsMs: day(1),
    symbol: "A",
    intent: "buy 90 (order 0, at its fill)",
    rule: "cash-at-fill",
    originalQty: 90,
    finalQty: 70,
  }]);
  assert.deepEqual(r.denials, []);
  assert.deepEqual(r.unfilled.map((u) => [u.qty, u.filledQty, u.status, u.reason]), [
    [90, 70, "cancelled", "cash-at-fill: the rest did not fit the account's cash at the fill"],
  ]);
});

/** Two symbols of flat prices at 10, unless `prices` says otherwise. */
const twoSymbols = (held: string, other: string, prices: Record<string, [number, number][]> = {}) =>
  bars({
    [held]: [[10, 10], [10, 10], [10, 10], [10, 10]],
    [other]: [[10, 10], [10, 10], [10, 10], [10, 10]],
    ...prices,
  });

/**
 * A rebalance: buy 50 of `held` at day 1's open of 10 (cash 500); at day 1's close sell it and buy `qty` of `other`
 * (the gate counts the sale in flight: 500 + 500 − 10 × qty ≥ 0); both reach the market at day 2's open.
 */
const rotate = (held: string, other: string, qty = 60, options?: OrderOptions): Strategy => ({
  onBar(ctx) {
    if (ctx.symbolName !== held) return;
    if (ctx.index === 0) ctx.buy(held, 50);
    if (ctx.index === 1) {
      ctx.close(held);
      ctx.buy(other, qty, options);
    }
  },
});

const fixedQty = { sizing: { kind: "fixedQty", qty: 1 } };
const fillsOf = (r: BacktestResult) => r.fills.map((f) => [f.symbol, f.side, f.qty, f.price, f.tsMs]);

Deno.test("cash at fill: a sale frees cash for a buy at the same bar time, whatever the symbols' order", () => {
  // the sale is of symbol id 0 ("A"): it is worked first at day 2's open and frees 500, so the buy of B fits
  const a = run(rotate("A", "B"), twoSymbols("A", "B"), fixedQty);
  assert.deepEqual(fillsOf(a), [
    ["A", "buy", 50, 10, day(1)],
    ["A", "sell", 50, 10, day(2)],
    ["B", "buy", 60, 10, day(2)],
  ]);
  assert.deepEqual(a.denials, []);
  // the sale is of symbol id 1 ("B"): the buy of A comes first and 500 cannot pay for it; it waits until every
  // order of day 2's open was worked, then fits the 1000 the sale left
  const b = run(rotate("B", "A"), twoSymbols("B", "A"), fixedQty);
  assert.deepEqual(fillsOf(b), [
    ["B", "buy", 50, 10, day(1)],
    ["B", "sell", 50, 10, day(2)],
    ["A", "buy", 60, 10, day(2)],
  ]);
  assert.deepEqual(b.denials, []);
  assert.deepEqual(b.unfilled, []);
  assert.equal(b.summary.finalCash, 400);
  assert.ok(minCash(a) >= 0 && minCash(b) >= 0);
});

Deno.test("cash at fill: a buy that waited for the sales is checked against the cash they left", () => {
  // A gaps up to 20 at day 2's open: 60 cost 1200, more than the 1000 of cash after B's sale
  const gap = { A: [[10, 10], [10, 10], [20, 20], [20, 20]] as [number, number][] };
  const denied = run(rotate("B", "A"), twoSymbols("B", "A", gap), fixedQty);
  assert.deepEqual(fillsOf(denied), [["B", "buy", 50, 10, day(1)], ["B", "sell", 50, 10, day(2)]]);
  assert.deepEqual(denied.denials, [{
    tsMs: day(2),
    symbol: "A",
    intent: "buy 60 (order 2, at its fill)",
    rule: "cash-at-fill",
    detail: "a buy of 60 at 20 (fee 0) costs 1200; cash 1000 may not go below 0",
  }]);
  assert.deepEqual(denied.unfilled.map((u) => [u.orderId, u.status, u.filledQty, u.endTsMs, u.reason]), [
    [2, "cancelled", 0, day(2), "cash-at-fill: the account's cash could not pay for it at the fill price"],
  ]);
  // under clip it fills the 50 that the 1000 pays for
  const clip = { ...fixedQty, limits: { account: { kind: "cash", mode: "clip" } } };
  const clipped = run(rotate("B", "A"), twoSymbols("B", "A", gap), clip);
  assert.deepEqual(fillsOf(clipped).slice(1), [["B", "sell", 50, 10, day(2)], ["A", "buy", 50, 20, day(2)]]);
  assert.deepEqual(clipped.resizes.map((z) => [z.symbol, z.rule, z.originalQty, z.finalQty, z.tsMs]), [
    ["A", "cash-at-fill", 60, 50, day(2)],
  ]);
  assert.equal(clipped.summary.finalCash, 0);
  assert.ok(minCash(denied) >= 0 && minCash(clipped) >= 0);
});

Deno.test("cash at fill: the bracket exit of a buy that waited is active in its fill bar", () => {
  // A opens day 2 at 10 and trades down to 8: the stop at 9 of the buy that waited for B's sale fills in that bar
  const rows = twoSymbols("B", "A").map((r) => r.symbol === "A" && r.tsMs === day(2) ? { ...r, low: 8 } : r);
  const r = run(rotate("B", "A", 60, { stopLoss: 9 }), rows, fixedQty);
  assert.deepEqual(r.fills.map((f) => [f.symbol, f.side, f.qty, f.price, f.tsMs, f.orderType]), [
    ["B", "buy", 50, 10, day(1), "market"],
    ["B", "sell", 50, 10, day(2), "market"],
    ["A", "buy", 60, 10, day(2), "market"],
    ["A", "sell", 60, 9, day(2), "stopLoss"],
  ]);
  assert.deepEqual(r.denials, []);
  assert.deepEqual(r.unfilled, []);
});

Deno.test("cash at fill: a margin account without a borrow limit is not checked; one with a limit is, at its floor", () => {
  const rows = bars({ A: [[10, 10], [12, 12], [12, 12]] });
  const sizing = { kind: "percentEquity", fraction: 1 };
  const margin = run(buyOnce, rows, { sizing, limits: { account: { kind: "margin" } } });
  assert.deepEqual(margin.fills.map((f) => [f.qty, f.price]), [[100, 12]]);
  assert.equal(margin.summary.finalCash, -200);
  assert.deepEqual(margin.denials, []);
  // borrowing up to 100: 1200 would take cash to −200, below −100
  const capped = run(buyOnce, rows, { sizing, limits: { account: { kind: "margin", maxBorrow: 100 } } });
  assert.deepEqual(capped.fills, []);
  assert.deepEqual(capped.denials.map((d) => [d.rule, d.detail]), [
    ["cash-at-fill", "a buy of 100 at 12 (fee 0) costs 1200; cash 1000 may not go below -100"],
  ]);
});

Deno.test("cash at fill: a buy that covers a short always fills its covering part, in either mode", () => {
  // short 100 at day 1's open of 10 (cash 2000), then buy 150 at day 1's close; day 2 opens at 30: covering costs
  // 3000 (cash −1000: the reducing part always fills, as at the gate); the 50 that would open a long do not fit
  const strategy: Strategy = {
    onBar(ctx) {
      if (ctx.index === 0) ctx.sell(100);
      if (ctx.index === 1) ctx.buy(150);
    },
  };
  const rows = bars({ A: [[10, 10], [10, 10], [30, 30], [30, 30]] });
  const risk = { sizing: { kind: "fixedQty", qty: 1 }, limits: { account: { kind: "cash", mode: "clip" } } };
  const r = run(strategy, rows, risk);
  assert.deepEqual(r.fills.map((f) => [f.side, f.qty, f.price]), [["sell", 100, 10], ["buy", 100, 30]]);
  assert.deepEqual(r.resizes.map((z) => [z.rule, z.originalQty, z.finalQty]), [["cash-at-fill", 150, 100]]);
  // in deny mode too: the cover reduces risk, only the opening part is refused
  const d = run(strategy, rows, { ...risk, limits: { account: { kind: "cash", mode: "deny" } } });
  assert.deepEqual(d.fills, r.fills);
  assert.deepEqual(d.resizes, r.resizes);
});
