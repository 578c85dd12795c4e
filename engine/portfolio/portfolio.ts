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
 * - With instruments (engine/instruments), every amount above is valued in
 *   the base currency: `qty × price × pointValue[s]` (multiplier × FX rate,
 *   at the rate known at the fill or the mark). The realised P&L of a
 *   reduction is `(price × pointValue − costBasis) × qty` (long), where
 *   `costBasis` is the quantity-weighted base-currency cost per unit of the
 *   entries: a rate change after a fill does not change what that fill cost.
 *   Trades' entry and exit prices stay in the instrument's price units.
 * - A trade's `initialRisk` is the sum, over the fills that opened or added to
 *   it (of a reversing fill, the part that opened it), of the quantity times
 *   the fill's risk per unit ({@linkcode FillAt}); NaN once one of them is
 *   unknown. Partial exits leave it as it is.
 * - A trade's `mae` and `mfe` are measured when it closes, over the bars from
 *   its first fill to the one that closed it, from its average entry price
 *   (`excursion.ts` states the rule); NaN for a portfolio without bars.
 *
 * @module
 */
import type { OpenPosition, Trade } from "../result.ts";
import { AT_OPEN, excursion, type ExcursionBars } from "./excursion.ts";

/**
 * Where a fill happened and what it put at risk: what a trade's `initialRisk`,
 * `mae` and `mfe` are built from. The run loop passes one object, rewritten
 * for every fill.
 *
 * @example A market order's fill at the open of frame row 7, sized by ATR sizing with a 2 × ATR of 1.5
 * ```ts
 * import assert from "node:assert/strict";
 * import { AT_OPEN } from "./excursion.ts";
 * import type { FillAt } from "./portfolio.ts";
 * const at: FillAt = { row: 7, when: AT_OPEN, riskPerUnit: 3 };
 * assert.ok(at.riskPerUnit === 2 * 1.5);
 * ```
 */
export interface FillAt {
  /** Frame row of the bar the fill happened in. */
  row: number;
  /** Where in that bar: `AT_OPEN`, `INTRABAR` or `AT_CLOSE` (excursion.ts). */
  when: number;
  /** Currency per unit the fill puts at risk where it opens or adds (NaN: unknown). */
  riskPerUnit: number;
}

/** The fill context of a fill applied without one: nothing known. */
const UNKNOWN_AT: Readonly<FillAt> = Object.freeze({ row: -1, when: AT_OPEN, riskPerUnit: NaN });

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
  /**
   * Base currency per price point per unit, per symbol, live (the instruments' `pointValue`, set before each fill
   * and mark); undefined without instruments: 1.
   */
  readonly pointValue: Float64Array | undefined;
  /** Average entry cost per unit of the open position in the base currency (`avgPrice` × the entries' point values). */
  readonly costBasis: Float64Array;
  // the open round trip per symbol
  readonly tradeEntryMs: Float64Array;
  readonly tradeEntryQty: Float64Array;
  readonly tradeEntryNotional: Float64Array;
  readonly tradeExitQty: Float64Array;
  readonly tradeExitNotional: Float64Array;
  readonly tradeRealized: Float64Array;
  readonly tradeFees: Float64Array;
  /** Σ opening qty × risk per unit of the open trade's fills: its `initialRisk` (NaN once one is unknown). */
  readonly tradeRisk: Float64Array;
  /** Frame row of the open trade's first fill (−1: unknown). */
  readonly tradeEntryRow: Float64Array;
  /** Where in its bar that fill happened (`FillAt.when`). */
  readonly tradeEntryWhen: Float64Array;
  /** The bars `mae` and `mfe` are measured on (the run's frame); without them both are NaN. */
  readonly bars: ExcursionBars | undefined;
  /** Symbols with a non-zero position. */
  openCount: number;
}

/** Scratch for {@linkcode excursion}'s `[mae, mfe]`. */
const EXCURSION = new Float64Array(2);

/**
 * A flat portfolio holding `cash`, for `symbols` symbol slots; `bars` (the
 * run's frame) lets it measure its trades' `mae` and `mfe`.
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
export function createPortfolio(
  cash: number,
  symbols: number,
  bars?: ExcursionBars,
  pointValue?: Float64Array,
): Portfolio {
  const col = () => new Float64Array(symbols);
  return {
    cash,
    totalFees: 0,
    borrowCost: 0,
    realizedPnl: 0,
    qty: col(),
    avgPrice: col(),
    mark: col().fill(NaN),
    pointValue,
    costBasis: col(),
    tradeEntryMs: col(),
    tradeEntryQty: col(),
    tradeEntryNotional: col(),
    tradeExitQty: col(),
    tradeExitNotional: col(),
    tradeRealized: col(),
    tradeFees: col(),
    tradeRisk: col(),
    tradeEntryRow: col(),
    tradeEntryWhen: col(),
    // its own small object of the four columns: a frame has many fields, and the lookups are per trade
    bars: bars === undefined ? undefined : { open: bars.open, high: bars.high, low: bars.low, close: bars.close },
    openCount: 0,
  };
}

/** Mark-to-market equity: cash plus every position at its latest close. */
export function equityOf(p: Portfolio): number {
  let e = p.cash;
  if (p.openCount === 0) return e;
  const q = p.qty, m = p.mark, v = p.pointValue;
  if (v !== undefined) {
    for (let s = 0; s < q.length; s++) {
      const x = q[s]!;
      if (x !== 0) e += x * m[s]! * v[s]!;
    }
    return e;
  }
  for (let s = 0; s < q.length; s++) {
    const x = q[s]!;
    if (x !== 0) e += x * m[s]!;
  }
  return e;
}

function openTrade(
  p: Portfolio,
  s: number,
  signedQty: number,
  price: number,
  fee: number,
  tsMs: number,
  at: Readonly<FillAt>,
): void {
  p.qty[s] = signedQty;
  p.avgPrice[s] = price;
  p.costBasis[s] = p.pointValue === undefined ? price : price * p.pointValue[s]!;
  p.tradeEntryMs[s] = tsMs;
  p.tradeEntryQty[s] = Math.abs(signedQty);
  p.tradeEntryNotional[s] = Math.abs(signedQty) * price;
  p.tradeExitQty[s] = 0;
  p.tradeExitNotional[s] = 0;
  p.tradeRealized[s] = 0;
  p.tradeFees[s] = fee;
  p.tradeRisk[s] = Math.abs(signedQty) * at.riskPerUnit;
  p.tradeEntryRow[s] = at.row;
  p.tradeEntryWhen[s] = at.when;
  p.openCount++;
}

/**
 * Apply one fill of `signedQty` (positive buys, negative sells) at `price`
 * with `fee`, appending any trade it completes to `trades`. `at` says where
 * the fill happened and what it risked (without it, the trade's
 * `initialRisk`, `mae` and `mfe` are NaN).
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
  at: Readonly<FillAt> = UNKNOWN_AT,
): void {
  const value = p.pointValue === undefined ? price : price * p.pointValue[s]!; // base currency per unit
  p.cash -= signedQty * value + fee;
  p.totalFees += fee;
  const pos = p.qty[s]!;
  if (pos === 0) {
    openTrade(p, s, signedQty, price, fee, tsMs, at);
    return;
  }
  if (Math.sign(pos) === Math.sign(signedQty)) {
    // add to the position
    const next = pos + signedQty;
    p.avgPrice[s] = (p.avgPrice[s]! * Math.abs(pos) + price * Math.abs(signedQty)) / Math.abs(next);
    p.costBasis[s] = (p.costBasis[s]! * Math.abs(pos) + value * Math.abs(signedQty)) / Math.abs(next);
    p.qty[s] = next;
    p.tradeEntryQty[s] = p.tradeEntryQty[s]! + Math.abs(signedQty);
    p.tradeEntryNotional[s] = p.tradeEntryNotional[s]! + Math.abs(signedQty) * price;
    p.tradeFees[s] = p.tradeFees[s]! + fee;
    p.tradeRisk[s] = p.tradeRisk[s]! + Math.abs(signedQty) * at.riskPerUnit;
    return;
  }
  // reduce, close, or reverse
  const closing = Math.min(Math.abs(pos), Math.abs(signedQty));
  const closeFee = fee * (closing / Math.abs(signedQty));
  const realized = (value - p.costBasis[s]!) * closing * Math.sign(pos);
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
  const entryPrice = p.tradeEntryNotional[s]! / p.tradeEntryQty[s]!;
  const exitPrice = p.tradeExitNotional[s]! / p.tradeExitQty[s]!;
  const entryRow = p.tradeEntryRow[s]!;
  let mae = NaN, mfe = NaN;
  if (p.bars !== undefined && entryRow >= 0 && at.row >= entryRow) {
    excursion(p.bars, pos, entryRow, p.tradeEntryWhen[s]!, at.row, at.when, entryPrice, exitPrice, EXCURSION);
    mae = EXCURSION[0]!;
    mfe = EXCURSION[1]!;
  }
  trades.push({
    symbol,
    side: pos > 0 ? "long" : "short",
    qty: p.tradeEntryQty[s]!,
    entryTimeMs: p.tradeEntryMs[s]!,
    entryPrice,
    exitTimeMs: tsMs,
    exitPrice,
    pnl: p.tradeRealized[s]! - fees,
    fees,
    initialRisk: p.tradeRisk[s]!,
    mae,
    mfe,
  });
  p.qty[s] = 0;
  p.openCount--;
  if (next !== 0) openTrade(p, s, next, price, fee - closeFee, tsMs, at);
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
      unrealizedPnl: (p.mark[s]! * (p.pointValue === undefined ? 1 : p.pointValue[s]!) - p.costBasis[s]!) * q,
      fees: p.tradeFees[s]!,
    });
  }
  return out;
}
