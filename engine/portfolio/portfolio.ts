/**
 * Cash, positions, average prices, realised P&L, fees and round-trip trades.
 *
 * Accounting rules:
 * - A buy pays `qty × price + fee` in cash; a sell (or short sale) receives
 *   `qty × price − fee`. Shorts are negative quantities.
 * - The average price is the quantity-weighted entry price of the open
 *   position; reducing a position realises `(price − avg) × qty` (long) or
 *   `(avg − price) × qty` (short) and leaves the average unchanged.
 * - A fill that crosses zero closes the trade at that fill and opens a new one
 *   in the other direction; its fee is split pro rata by quantity.
 * - Equity is `cash + Σ qty × mark`, with each symbol marked at its latest close.
 *
 * @module
 */
import type { OpenPosition, Trade } from "../result.ts";

/** Portfolio state: one slot per symbol id. */
export interface Portfolio {
  cash: number;
  totalFees: number;
  /** Borrow cost paid on short positions (see {@linkcode chargeBorrow}). */
  borrowCost: number;
  realizedPnl: number;
  readonly qty: Float64Array;
  /** Average entry price of the open position; left as it was when the position closes (read only while open). */
  readonly avgPrice: Float64Array;
  /** Latest close seen per symbol (NaN before the symbol's first bar). */
  readonly mark: Float64Array;
  // the open round trip per symbol
  readonly tradeEntryMs: Float64Array;
  readonly tradeEntryQty: Float64Array;
  readonly tradeEntryNotional: Float64Array;
  readonly tradeExitQty: Float64Array;
  readonly tradeExitNotional: Float64Array;
  readonly tradeRealized: Float64Array;
  readonly tradeFees: Float64Array;
  /** Symbols with a non-zero position. */
  openCount: number;
}

/**
 * A flat portfolio holding `cash`, for `symbols` symbol slots.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { applyFill, createPortfolio, equityOf } from "./portfolio.ts";
 * const p = createPortfolio(1000, 1);
 * const trades: never[] = [];
 * applyFill(p, 0, 10, 5, 1, 0, "A", trades); // buy 10 @ 5, fee 1
 * p.mark[0] = 6;
 * assert.ok(equityOf(p) === 1000 - 51 + 60);
 * ```
 */
export function createPortfolio(cash: number, symbols: number): Portfolio {
  const col = () => new Float64Array(symbols);
  return {
    cash,
    totalFees: 0,
    borrowCost: 0,
    realizedPnl: 0,
    qty: col(),
    avgPrice: col(),
    mark: col().fill(NaN),
    tradeEntryMs: col(),
    tradeEntryQty: col(),
    tradeEntryNotional: col(),
    tradeExitQty: col(),
    tradeExitNotional: col(),
    tradeRealized: col(),
    tradeFees: col(),
    openCount: 0,
  };
}

/** Mark-to-market equity: cash plus every position at its latest close. */
export function equityOf(p: Portfolio): number {
  let e = p.cash;
  if (p.openCount === 0) return e;
  const q = p.qty, m = p.mark;
  for (let s = 0; s < q.length; s++) {
    const x = q[s]!;
    if (x !== 0) e += x * m[s]!;
  }
  return e;
}

function openTrade(p: Portfolio, s: number, signedQty: number, price: number, fee: number, tsMs: number): void {
  p.qty[s] = signedQty;
  p.avgPrice[s] = price;
  p.tradeEntryMs[s] = tsMs;
  p.tradeEntryQty[s] = Math.abs(signedQty);
  p.tradeEntryNotional[s] = Math.abs(signedQty) * price;
  p.tradeExitQty[s] = 0;
  p.tradeExitNotional[s] = 0;
  p.tradeRealized[s] = 0;
  p.tradeFees[s] = fee;
  p.openCount++;
}

/**
 * Apply one fill of `signedQty` (positive buys, negative sells) at `price`
 * with `fee`, appending any trade it completes to `trades`.
 */
export function applyFill(
  p: Portfolio,
  s: number,
  signedQty: number,
  price: number,
  fee: number,
  tsMs: number,
  symbol: string,
  trades: Trade[],
): void {
  p.cash -= signedQty * price + fee;
  p.totalFees += fee;
  const pos = p.qty[s]!;
  if (pos === 0) {
    openTrade(p, s, signedQty, price, fee, tsMs);
    return;
  }
  if (Math.sign(pos) === Math.sign(signedQty)) {
    // add to the position
    const next = pos + signedQty;
    p.avgPrice[s] = (p.avgPrice[s]! * Math.abs(pos) + price * Math.abs(signedQty)) / Math.abs(next);
    p.qty[s] = next;
    p.tradeEntryQty[s] = p.tradeEntryQty[s]! + Math.abs(signedQty);
    p.tradeEntryNotional[s] = p.tradeEntryNotional[s]! + Math.abs(signedQty) * price;
    p.tradeFees[s] = p.tradeFees[s]! + fee;
    return;
  }
  // reduce, close, or reverse
  const closing = Math.min(Math.abs(pos), Math.abs(signedQty));
  const closeFee = fee * (closing / Math.abs(signedQty));
  const realized = (price - p.avgPrice[s]!) * closing * Math.sign(pos);
  p.realizedPnl += realized;
  p.tradeRealized[s] = p.tradeRealized[s]! + realized;
  p.tradeExitQty[s] = p.tradeExitQty[s]! + closing;
  p.tradeExitNotional[s] = p.tradeExitNotional[s]! + closing * price;
  p.tradeFees[s] = p.tradeFees[s]! + closeFee;
  const next = pos + signedQty;
  if (Math.abs(signedQty) < Math.abs(pos)) {
    p.qty[s] = next;
    return;
  }
  const fees = p.tradeFees[s]!;
  trades.push({
    symbol,
    side: pos > 0 ? "long" : "short",
    qty: p.tradeEntryQty[s]!,
    entryTimeMs: p.tradeEntryMs[s]!,
    entryPrice: p.tradeEntryNotional[s]! / p.tradeEntryQty[s]!,
    exitTimeMs: tsMs,
    exitPrice: p.tradeExitNotional[s]! / p.tradeExitQty[s]!,
    pnl: p.tradeRealized[s]! - fees,
    fees,
  });
  p.qty[s] = 0;
  p.openCount--;
  if (next !== 0) openTrade(p, s, next, price, fee - closeFee, tsMs);
}

/**
 * Pay a borrow cost of `amount` on symbol `s`'s short position: from cash,
 * into `borrowCost`, and into the open trade's fees so that its P&L is net
 * of it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { applyFill, chargeBorrow, createPortfolio } from "./portfolio.ts";
 * const p = createPortfolio(1000, 1);
 * applyFill(p, 0, -10, 50, 0, 0, "A", []); // short 10 @ 50
 * chargeBorrow(p, 0, 0.5);
 * assert.ok(p.cash === 1499.5 && p.borrowCost === 0.5 && p.tradeFees[0] === 0.5);
 * ```
 */
export function chargeBorrow(p: Portfolio, s: number, amount: number): void {
  p.cash -= amount;
  p.borrowCost += amount;
  if (p.qty[s] !== 0) p.tradeFees[s] = p.tradeFees[s]! + amount;
}

/** Positions still open, marked at their last close. */
export function openPositions(p: Portfolio, symbols: readonly string[]): OpenPosition[] {
  const out: OpenPosition[] = [];
  for (let s = 0; s < symbols.length; s++) {
    const q = p.qty[s]!;
    if (q === 0) continue;
    out.push({
      symbol: symbols[s]!,
      qty: q,
      avgPrice: p.avgPrice[s]!,
      entryTimeMs: p.tradeEntryMs[s]!,
      lastClose: p.mark[s]!,
      unrealizedPnl: (p.mark[s]! - p.avgPrice[s]!) * q,
      fees: p.tradeFees[s]!,
    });
  }
  return out;
}
