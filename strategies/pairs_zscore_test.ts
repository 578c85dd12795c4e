import assert from "node:assert/strict";
import { loadBars, loadConfig, runBacktest } from "../mod.ts";
import { pairsZScore } from "./pairs_zscore.ts";

/**
 * The pairs trade on the shipped cointegrated pair against a re-implementation in a plain loop: the log ratio's
 * z-score over 60 days, entries beyond ±2, exits back through 0 or beyond ±4; every decision fills both legs at the
 * next day's open, long one and short the other, each near 45 % of equity.
 */
Deno.test("pairsZScore trades the spread exactly when an independent re-implementation does", async () => {
  const config = await loadConfig("configs/pairs_trade.ts");
  const frame = await loadBars(config.data);
  assert.deepEqual(frame.symbols, ["QPA", "QPB"]);
  const r = runBacktest(config, frame);
  assert.deepEqual(r.denials, []);
  const a = frame.close.subarray(frame.segStart[0]!, frame.segEnd[0]!);
  const b = frame.close.subarray(frame.segStart[1]!, frame.segEnd[1]!);
  const ts = frame.tsMs.subarray(frame.segStart[0]!, frame.segEnd[0]!);
  const expected: string[] = [];
  let side = 0;
  for (let i = 59; i + 1 < a.length; i++) {
    const w = Array.from({ length: 60 }, (_, k) => Math.log(a[i - 59 + k]!) - Math.log(b[i - 59 + k]!));
    const mean = w.reduce((x, y) => x + y, 0) / 60;
    const sd = Math.sqrt(w.reduce((x, y) => x + (y - mean) ** 2, 0) / 60);
    const z = (w[59]! - mean) / sd;
    const day = new Date(ts[i + 1]!).toISOString().slice(0, 10);
    if (side === 0 && Math.abs(z) > 2) {
      side = z > 2 ? -1 : 1;
      expected.push(`${day} QPA ${side > 0 ? "buy" : "sell"}`, `${day} QPB ${side > 0 ? "sell" : "buy"}`);
    } else if (side !== 0 && (side * z > 0 || Math.abs(z) > 4)) {
      expected.push(`${day} QPA ${side > 0 ? "sell" : "buy"}`, `${day} QPB ${side > 0 ? "buy" : "sell"}`);
      side = 0;
    }
  }
  const actual = r.fills.map((f) => `${new Date(f.tsMs).toISOString().slice(0, 10)} ${f.symbol} ${f.side}`);
  assert.deepEqual(actual, expected);
  assert.ok(expected.length >= 60, `${expected.length / 4} round trips`);

  // entries are dollar-neutral at the decision close: each leg floor(0.45 × equity / close) shares
  for (let k = 0; k < r.fills.length; k += 4) {
    const [fa, fb] = [r.fills[k]!, r.fills[k + 1]!];
    const i = Array.from(ts).indexOf(fa.tsMs) - 1; // the decision day
    const equity = r.equity.equity[i]!;
    assert.equal(fa.qty, Math.floor((0.45 * equity) / a[i]!), `QPA leg at ${fa.tsMs}`);
    assert.equal(fb.qty, Math.floor((0.45 * equity) / b[i]!), `QPB leg at ${fb.tsMs}`);
  }
});

Deno.test("pairsZScore params: two different legs, exit < entry < stop", () => {
  assert.equal(pairsZScore.params.safeParse({ legs: ["A", "A"] }).success, false);
  assert.equal(pairsZScore.params.safeParse({ legs: ["A", "B"], entry: 5, stop: 4 }).success, false);
});
