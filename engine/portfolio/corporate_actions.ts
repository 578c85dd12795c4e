/**
 * Splits and cash dividends applied to a portfolio that trades raw prices
 * (`data.prices: "rawWithActions"`), at the open of the ex-date bar, before
 * that bar's fills (the run loop, engine/backtest.ts, calls these; the fill
 * simulator converts the open orders, `FillSimulator.applySplit`).
 *
 * **Split** of `r` shares after per share before: the position × `r`, its
 * average price ÷ `r`, the open trade's quantities × `r` (what it cost is
 * unchanged, so its average entry and exit prices ÷ `r`); the symbol's mark
 * (the close before the ex-date) ÷ `r`, so equity does not move. What the
 * trade put at risk (`initialRisk`) is money and stays. Its `mae` and `mfe`
 * are scanned over raw bars when the trade closes, which a split breaks: a
 * trade open through a split reports them as NaN (unknown).
 *
 * A fraction of a share left over (a 3-for-2 split of 5 shares gives 7.5; a
 * 1-for-10 of 155 gives 15.5) is paid as **cash in lieu** at the close before
 * the ex-date ÷ `r`: brokers sell the fractional entitlements and pay their
 * value in cash (e.g. Fidelity, "cash in lieu of fractional shares", and the
 * IRS treats it as a sale of the fraction, Publication 550); here it is a
 * sale of the fraction at that price with no fee, so it realises P&L like any
 * sale and, when nothing whole is left, closes the trade. zipline pays the
 * fraction at the position's cost basis instead (`Position.handle_split`,
 * "return_cash = fractional_share_count * new_cost_basis"): a price the
 * market never quoted. The unit is one share, or `lotSize` when that is
 * smaller (fractional trading). Shorts alike, mirrored: the fraction is
 * bought back.
 *
 * **Dividend** of `D` per share: a long receives `qty × D` in cash and a
 * short pays it, at the ex-date open, not on the pay date (weeks later):
 * the entitlement is fixed by holding through the ex-date, and paying it
 * then keeps equity continuous across the price's drop, as LEAN does in
 * `DataNormalizationMode.Raw` ("dividends paid as cash"); zipline books the
 * entitlement on the ex-date and pays on the pay date. The amount counts in
 * realised P&L and in the open trade's P&L.
 *
 * @module
 */
import type { Trade } from "../result.ts";
import { applyFill, type Portfolio } from "./portfolio.ts";

/** What an action did to one position; one object, rewritten by each call. */
export interface ActionEffect {
  /** Signed position before. */
  qtyBefore: number;
  /** Signed position after. */
  qtyAfter: number;
  /** Cash moved: a dividend received (+) or paid (−), cash in lieu of a fraction (+ long, − short). */
  cash: number;
}

/** A fraction this small relative to the position is float dust, not a share. */
const DUST = 1e-9;

/**
 * Apply a split of `ratio` to symbol `s` at the open of its ex-date bar
 * `tsMs` (see the module doc). `unit` is the smallest whole quantity (1
 * share, or a smaller `lotSize`); a closing trade is appended to `trades`.
 *
 * @example 5 shares through a 3-for-2 split: 7 shares and half a share in cash at the close ÷ 1.5
 * ```ts
 * import assert from "node:assert/strict";
 * import { applyFill, createPortfolio, equityOf } from "./portfolio.ts";
 * import { applySplit } from "./corporate_actions.ts";
 * const p = createPortfolio(1000, 1);
 * applyFill(p, 0, 5, 30, 0, 0, "A", []);
 * p.mark[0] = 33;
 * const before = equityOf(p);
 * const fx = applySplit(p, 0, 1.5, 1, 86_400_000, "A", [], { qtyBefore: 0, qtyAfter: 0, cash: 0 });
 * assert.deepEqual([fx.qtyAfter, fx.cash, p.avgPrice[0], p.mark[0]], [7, 11, 20, 22]);
 * assert.ok(Math.abs(equityOf(p) - before) < 1e-9);
 * ```
 */
export function applySplit(
  p: Portfolio,
  s: number,
  ratio: number,
  unit: number,
  tsMs: number,
  symbol: string,
  trades: Trade[],
  out: ActionEffect,
): ActionEffect {
  const q = p.qty[s]!;
  const px = p.mark[s]! / ratio;
  p.mark[s] = px;
  out.qtyBefore = q;
  out.cash = 0;
  if (q === 0) {
    out.qtyAfter = 0;
    return out;
  }
  const exact = q * ratio;
  p.qty[s] = exact;
  p.avgPrice[s] = p.avgPrice[s]! / ratio;
  p.costBasis[s] = p.costBasis[s]! / ratio; // the base-currency cost per unit (instruments) splits the same way
  p.tradeEntryQty[s] = p.tradeEntryQty[s]! * ratio;
  p.tradeExitQty[s] = p.tradeExitQty[s]! * ratio;
  p.tradeEntryRow[s] = -1; // mae/mfe: raw bars across a split cannot be scanned against one entry price
  const units = Math.abs(exact) / unit, nearest = Math.round(units);
  // float dust is not a fraction: 3 × 0.1 is 0.30000000000000004 and is 3 tenths, 155 × 0.1 is 15.5 and is not
  const snapped = nearest > 0 && Math.abs(nearest - units) <= DUST * Math.max(1, units);
  const kept = Math.sign(exact) * (snapped ? nearest : Math.floor(units)) * unit;
  const frac = exact - kept;
  if (snapped) p.qty[s] = kept;
  else {
    const cashBefore = p.cash;
    applyFill(p, s, -frac, px, 0, tsMs, symbol, trades);
    out.cash = p.cash - cashBefore;
  }
  out.qtyAfter = p.qty[s]!;
  return out;
}

/**
 * Pay a cash dividend of `amount` per share on symbol `s`'s position: a long
 * receives `qty × amount` (in the base currency: × its point value with
 * instruments), a short pays it (see the module doc).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { applyFill, createPortfolio } from "./portfolio.ts";
 * import { applyDividend } from "./corporate_actions.ts";
 * const p = createPortfolio(1000, 1);
 * applyFill(p, 0, -40, 25, 0, 0, "A", []); // short 40
 * const fx = applyDividend(p, 0, 0.5, { qtyBefore: 0, qtyAfter: 0, cash: 0 });
 * assert.deepEqual([fx.cash, p.cash], [-20, 1000 + 1000 - 20]);
 * ```
 */
export function applyDividend(p: Portfolio, s: number, amount: number, out: ActionEffect): ActionEffect {
  const q = p.qty[s]!;
  out.qtyBefore = out.qtyAfter = q;
  // in the base currency: per share in the instrument's currency, at its point value (1 without instruments)
  const cash = p.pointValue === undefined ? q * amount : q * amount * p.pointValue[s]!;
  out.cash = cash;
  if (cash !== 0) {
    p.cash += cash;
    p.realizedPnl += cash;
    p.tradeRealized[s] = p.tradeRealized[s]! + cash;
  }
  return out;
}
