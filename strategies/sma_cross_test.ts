import assert from "node:assert/strict";
import { frameFromRows, parseConfig, runBacktest } from "../mod.ts";
import { smaCross } from "./sma_cross.ts";

const DAY = 86_400_000;
const bars = (closes: number[]) =>
  frameFromRows(closes.map((c, i) => ({ symbol: "X", tsMs: i * DAY, open: c, high: c, low: c, close: c })), DAY);
const config = (fast: number, slow: number) =>
  parseConfig({
    name: "t",
    data: { source: "unused.csv" },
    capital: 1000,
    strategy: { use: smaCross, params: { fast, slow } },
    risk: { sizing: { kind: "fixedQty", qty: 1 } },
  }, { file: "test" });

Deno.test("smaCross: an exact tie carries the previous sign, so +,0,+ is no cross and −,0,+ is one", () => {
  // SMA1 − SMA2 with closes c: d[i] = (c[i] − c[i−1]) / 2
  // c: 10 11 11 12 → d: +0.5, 0, +0.5  (first sign +, tie, + again): no entry
  assert.equal(runBacktest(config(1, 2), bars([10, 11, 11, 12, 12])).fills.length, 0);
  // c: 10 9 9 10 11 → d: −0.5, 0, +0.5, +0.5: cross up at bar 3 (vs bar 1), fill at bar 4's open
  const r = runBacktest(config(1, 2), bars([10, 9, 9, 10, 11]));
  assert.equal(r.fills.length, 1);
  assert.equal(r.fills[0]!.tsMs, 4 * DAY);
  assert.equal(r.fills[0]!.price, 11);
});

Deno.test("smaCross: exits on a cross down and never pyramids", () => {
  // c: 10 9 10 11 12 11 10 → d: −.5 +.5 +.5 +.5 −.5 −.5; buy at close of bar 2, sell at close of bar 5
  const r = runBacktest(config(1, 2), bars([10, 9, 10, 11, 12, 11, 10]));
  assert.deepEqual(r.fills.map((f) => [f.side, f.tsMs / DAY, f.price]), [["buy", 3, 11], ["sell", 6, 10]]);
  assert.equal(r.trades.length, 1);
  assert.equal(r.trades[0]!.pnl, -1);
});

Deno.test("smaCross params: slow must exceed fast, both whole bar counts", () => {
  assert.equal(smaCross.params.safeParse({ fast: 10, slow: 10 }).success, false);
  assert.equal(smaCross.params.safeParse({ fast: 2.5, slow: 10 }).success, false);
  assert.deepEqual(smaCross.params.parse({}), { fast: 10, slow: 30 });
});
