import assert from "node:assert/strict";
import type { Trade } from "../result.ts";
import { type ActionEffect, applyDividend, applySplit } from "./corporate_actions.ts";
import { applyFill, createPortfolio, equityOf } from "./portfolio.ts";

const fx = (): ActionEffect => ({ qtyBefore: 0, qtyAfter: 0, cash: 0 });

Deno.test("applySplit(): a 2-for-1 doubles the position, halves its average price, leaves equity and cash", () => {
  const p = createPortfolio(10_000, 1);
  applyFill(p, 0, 100, 50, 0, 0, "A", []);
  p.mark[0] = 60;
  const equity = equityOf(p), cash = p.cash;
  const e = applySplit(p, 0, 2, 1, 1, "A", [], fx());
  assert.deepEqual([e.qtyBefore, e.qtyAfter, e.cash], [100, 200, 0]);
  assert.deepEqual([p.qty[0], p.avgPrice[0], p.mark[0], p.cash], [200, 25, 30, cash]);
  assert.equal(equityOf(p), equity);
});

Deno.test("applySplit(): a fraction left over is paid in cash at the previous close ÷ r; equity is unchanged", () => {
  const p = createPortfolio(10_000, 1);
  applyFill(p, 0, 155, 4, 0, 0, "A", []); // 155 shares at 4
  p.mark[0] = 3.5;
  const equity = equityOf(p), cash = p.cash;
  const trades: Trade[] = [];
  const e = applySplit(p, 0, 0.1, 1, 1, "A", trades, fx()); // 1-for-10: 15.5 → 15 and half a share at 35
  assert.deepEqual([e.qtyBefore, e.qtyAfter], [155, 15]);
  assert.ok(Math.abs(e.cash - 0.5 * 35) < 1e-9, String(e.cash));
  assert.ok(Math.abs(p.cash - (cash + 17.5)) < 1e-9);
  assert.ok(Math.abs(equityOf(p) - equity) < 1e-9);
  assert.ok(Math.abs(p.avgPrice[0]! - 40) < 1e-9);
  // the half share is sold at 35 against an average of 40: a realised loss of 2.5
  assert.ok(Math.abs(p.realizedPnl - -2.5) < 1e-9);
  assert.equal(trades.length, 0);
});

Deno.test("applySplit(): a short mirrors (the fraction is bought back); nothing whole left closes the trade", () => {
  const p = createPortfolio(10_000, 1);
  applyFill(p, 0, -5, 30, 0, 0, "A", []);
  p.mark[0] = 33;
  const equity = equityOf(p);
  const e = applySplit(p, 0, 1.5, 1, 1, "A", [], fx());
  assert.deepEqual([e.qtyAfter, e.cash], [-7, -11]);
  assert.ok(Math.abs(equityOf(p) - equity) < 1e-9);
  const q = createPortfolio(1_000, 1);
  applyFill(q, 0, 5, 10, 0, 0, "B", []);
  q.mark[0] = 10;
  const trades: Trade[] = [];
  const g = applySplit(q, 0, 0.1, 1, 86_400_000, "B", trades, fx()); // 0.5 share: all cash in lieu
  assert.deepEqual([g.qtyAfter, q.openCount, trades.length], [0, 0, 1]);
  assert.ok(Math.abs(g.cash - 50) < 1e-9 && Math.abs(q.cash - 1_000) < 1e-9);
  assert.ok(Number.isNaN(trades[0]!.mae!)); // scanned over raw bars across a split: unknown
});

Deno.test("applySplit(): float dust is no fraction (3 shares through 10-for-1 then 1-for-10)", () => {
  const p = createPortfolio(1_000, 1);
  applyFill(p, 0, 3, 10, 0, 0, "A", []);
  p.mark[0] = 10;
  applySplit(p, 0, 10, 1, 1, "A", [], fx());
  const e = applySplit(p, 0, 0.1, 1, 2, "A", [], fx());
  assert.deepEqual([e.qtyAfter, e.cash], [3, 0]);
});

Deno.test("applyDividend(): cash moves by exactly qty × D, credited to longs and debited to shorts", () => {
  const p = createPortfolio(1_000, 2);
  applyFill(p, 0, 40, 10, 0, 0, "A", []);
  applyFill(p, 1, -30, 10, 0, 0, "B", []);
  const c0 = p.cash;
  assert.equal(applyDividend(p, 0, 0.25, fx()).cash, 10);
  assert.equal(applyDividend(p, 1, 0.25, fx()).cash, -7.5);
  assert.equal(p.cash, c0 + 10 - 7.5);
  assert.equal(p.realizedPnl, 2.5);
  assert.equal(applyDividend(createPortfolio(5, 1), 0, 1, fx()).cash, 0); // flat: nothing
});
