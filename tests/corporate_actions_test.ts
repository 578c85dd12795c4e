/**
 * Corporate actions across modules: the loader's adjusted prices as the
 * indicators see them, and raw runs whose splits and dividends the loop
 * applies (engine/backtest.ts, engine/portfolio/corporate_actions.ts,
 * engine/execution/simulator.ts). See docs/corporate_actions.md.
 */
import assert from "node:assert/strict";
import { z } from "zod";
import { runBacktest } from "../engine/backtest.ts";
import { parseConfig } from "../engine/config/parse_config.ts";
import { toFrameActions } from "../engine/data/actions.ts";
import { actionFactors } from "../engine/data/adjust.ts";
import { frameFromRows } from "../engine/data/bar_frame.ts";
import { loadBars } from "../engine/data/load_bars.ts";
import { atr } from "../engine/indicators/atr.ts";
import { defineStrategy } from "../engine/strategy/types.ts";

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));
const fromActions = {
  source: { kind: "files" as const, path: "data/actions/raw/*.csv" },
  prices: "adjusted" as const,
  actions: { kind: "files" as const, path: "data/actions/actions.csv" },
};

Deno.test("adjusted mode: indicators (the risk engine's ATR) see the adjusted prices", async () => {
  const a = await loadBars(fromActions), raw = await loadBars({ source: fromActions.source });
  const s0 = a.segStart[0]!, s1 = a.segEnd[0]!;
  const seg = (f: Float64Array) => f.subarray(s0, s1);
  const onFrame = atr(seg(a.high), seg(a.low), seg(a.close), 14);
  // by hand: the raw bars times their factor, then ATR
  const f = actionFactors(seg(raw.tsMs), seg(raw.close), [
    { symbol: "AAA", date: "2022-02-21", kind: "dividend", value: 0.4 },
    { symbol: "AAA", date: "2022-05-19", kind: "dividend", value: 0.4 },
    { symbol: "AAA", date: "2022-06-06", kind: "split", value: 2 },
    { symbol: "AAA", date: "2022-08-16", kind: "dividend", value: 0.2 },
    { symbol: "AAA", date: "2022-11-11", kind: "dividend", value: 0.2 },
    { symbol: "AAA", date: "2023-02-08", kind: "dividend", value: 0.2 },
  ]);
  const byHand = atr(
    seg(raw.high).map((x, i) => x * f.price[i]!),
    seg(raw.low).map((x, i) => x * f.price[i]!),
    seg(raw.close).map((x, i) => x * f.price[i]!),
    14,
  );
  for (let i = 14; i < byHand.length; i++) assert.ok(close(onFrame[i]!, byHand[i]!), `atr[${i}]`);
  // and it differs from the raw ATR before the split (where raw prices are twice as high)
  const rawAtr = atr(seg(raw.high), seg(raw.low), seg(raw.close), 14);
  assert.ok(rawAtr[100]! > 1.8 * onFrame[100]!);
});

const day = 86_400_000, t0 = Date.parse("2024-01-01");

/** Buys 10 at bar 0's close, then rests a bracketed limit buy at bar 1's close. */
const scripted = defineStrategy({
  name: "scripted",
  params: z.strictObject({}),
  create: () => ({
    onBar(ctx) {
      if (ctx.index === 0) {
        ctx.buy(10); // fills at bar 1's open
      }
      if (ctx.index === 1) {
        // resting: a limit buy of 4 at 45 (→ 8 at 22.5 after the 2:1), bracketed by a stop at 40 and a target at 60
        ctx.buy(4, { type: "limit", limitPrice: 45, stopLoss: 40, takeProfit: 60 });
      }
    },
  }),
});

function config(prices?: "rawWithActions") {
  return parseConfig({
    name: "ca",
    data: { source: "x.csv", ...(prices && { prices, actions: "a.csv" }) },
    capital: 10_000,
    strategy: { use: scripted, params: {} },
    risk: { sizing: { kind: "fixedQty", qty: 1 } },
  }, { file: "inline" });
}

Deno.test("a raw run applies a split and a dividend at the ex-date open, before fills; orders convert", () => {
  const bar = (i: number, o: number, h: number, l: number, c: number) => ({
    symbol: "A",
    tsMs: t0 + i * day,
    open: o,
    high: h,
    low: l,
    close: c,
  });
  const frame0 = frameFromRows([
    bar(0, 50, 50, 50, 50),
    bar(1, 50, 51, 49, 50), // buy 10 at 50; the limit order is placed at its close
    bar(2, 50, 50, 46, 48), // the limit at 45 does not fill (low 46)
    bar(3, 24.5, 24.6, 22, 23), // ex-date of a 2:1 split: the limit, now 8 at 22.5, fills (low 22)
    bar(4, 23, 23.5, 22.8, 23.2),
    bar(5, 22.9, 23, 22.9, 23), // ex-dividend 0.30
  ], day);
  const frame = {
    ...frame0,
    actions: toFrameActions([
      { symbol: "A", date: "2024-01-04", kind: "split", value: 2 },
      { symbol: "A", date: "2024-01-06", kind: "dividend", value: 0.3 },
    ], frame0),
  };
  const r = runBacktest(config("rawWithActions"), frame);
  const ca = r.corporateActions!;
  assert.deepEqual(ca.map((c) => [c.kind, c.value, c.qtyBefore, c.qtyAfter, c.cash, c.orders]), [
    ["split", 2, 10, 20, 0, 1],
    ["dividend", 0.3, 28, 28, 28 * 0.3, 0],
  ]);
  assert.equal(ca[0]!.tsMs, t0 + 3 * day);
  // the converted limit filled 8 at 22.5 (not 4 at 45) in the split's bar
  const limitFill = r.fills.find((f) => f.orderType === "limit")!;
  assert.deepEqual([limitFill.qty, limitFill.price, limitFill.tsMs], [8, 22.5, t0 + 3 * day]);
  // equity: through the split it is what the previous close said (cash + 10 × 48 = cash + 20 × 24)
  const eqAt = (i: number) => r.equity.equity[i]!;
  const cashAfterBuys = 10_000 - 10 * 50 - 8 * 22.5;
  assert.ok(Math.abs(eqAt(3) - (cashAfterBuys + 28 * 23)) < 1e-9);
  // the dividend moved cash by exactly 28 × 0.30 at the ex-date open
  assert.ok(Math.abs(r.equity.cash[5]! - r.equity.cash[4]! - 8.4) < 1e-12);
  assert.equal(r.openPositions[0]!.qty, 28);
  // without actions the same frame's run records none, and the unconverted limit at 45 "fills" 4 at the split
  // bar's open, 24.5: a bargain that is not one
  const plain = runBacktest(config(), frame0);
  assert.equal(plain.corporateActions, undefined);
  const naive = plain.fills.find((f) => f.orderType === "limit")!;
  assert.deepEqual([naive.qty, naive.price, naive.reason], [4, 24.5, "gap"]);
});

Deno.test("a raw run on the sample: every action recorded, equity continuous across splits", async () => {
  const frame = await loadBars({
    source: { kind: "files", path: "data/actions/raw/*.csv" },
    prices: "rawWithActions",
    actions: { kind: "files", path: "data/actions/actions.csv" },
  });
  const hold = defineStrategy({
    name: "hold",
    params: z.strictObject({}),
    create: () => ({ onBar: (ctx) => void (ctx.index === 0 && ctx.buy(7)) }),
  });
  const cfg = parseConfig({
    name: "hold",
    data: { source: "x.csv", prices: "rawWithActions", actions: "a.csv" },
    capital: 100_000,
    strategy: { use: hold, params: {} },
    risk: { sizing: { kind: "fixedQty", qty: 1 } },
  }, { file: "inline" });
  const r = runBacktest(cfg, frame);
  assert.equal(r.corporateActions!.length, 15);
  const split = (sym: string) => r.corporateActions!.find((c) => c.symbol === sym && c.kind === "split")!;
  assert.deepEqual([split("AAA").qtyBefore, split("AAA").qtyAfter, split("AAA").cash], [7, 14, 0]);
  assert.deepEqual([split("BBB").qtyBefore, split("BBB").qtyAfter], [7, 10]); // 10.5: half a share in cash
  assert.ok(split("BBB").cash > 0);
  assert.deepEqual([split("CCC").qtyBefore, split("CCC").qtyAfter], [7, 0]); // 0.7: all cash in lieu
  for (const c of r.corporateActions!.filter((c) => c.kind === "dividend")) {
    assert.ok(Math.abs(c.cash - c.qtyBefore * c.value) < 1e-12);
  }
});
