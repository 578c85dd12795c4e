/**
 * Maximum adverse and favourable excursion (MAE, MFE) of a round trip, from
 * the bars it lived through.
 *
 * The measure is John Sweeney's (*Maximum Adverse Excursion: Analyzing Price
 * Fluctuations for Trading Management*, Wiley, 1997): how far price went
 * against the trade (MAE) and in its favour (MFE) while it was open, measured
 * from its entry price. Which prices of the entry and exit bars count follows
 * vectorbt PRO's `trade_best_worst_price_nb` (vectorbtpro/portfolio/nb/records.py),
 * with its `entry_price_open` set when the entry filled at its bar's open and
 * its `exit_price_close` when the exit filled at its bar's close:
 *
 * - the entry price and the exit price always count;
 * - a bar strictly between the entry bar and the exit bar counts whole (its
 *   high and low: the data loader checks that they bound its open and close);
 * - the entry bar: its open counts when the entry filled at the open (reason
 *   `open` or `gap`); its high and low when, besides, the trade outlived the
 *   bar; its close when the trade outlived the bar, however it filled (after
 *   an intrabar fill, only the close is known to have come later);
 * - the exit bar (after the entry bar): its open counts (it came before the
 *   exit); its high and low only when the exit filled at its close
 *   (`closeAtEnd`), since otherwise the part of the bar before the exit is
 *   unknown.
 *
 * With `lo`, `hi` the lowest and highest price counted, a long's MAE is
 * `entryPrice − lo` and its MFE `hi − entryPrice`; a short's MAE is
 * `hi − entryPrice` and its MFE `entryPrice − lo`: per unit, both ≥ 0
 * (vectorbt's `mae`/`mfe` in currency are `−MAE × qty` and `MFE × qty`).
 *
 * @module
 */

/** The bar columns an excursion reads: a frame's, indexed by frame row. */
export interface ExcursionBars {
  readonly open: ArrayLike<number>;
  readonly high: ArrayLike<number>;
  readonly low: ArrayLike<number>;
  readonly close: ArrayLike<number>;
}

/** Where in its bar a fill happened, as excursions count that bar: at the open (`open`, `gap`). */
export const AT_OPEN = 0;
/** Inside the bar, at the order's own price (`intrabar`). */
export const INTRABAR = 1;
/** At the bar's close (`closeAtEnd`). */
export const AT_CLOSE = 2;

/**
 * MAE and MFE per unit of a trade held from frame row `entryRow` (filled
 * there `entryAt`: {@linkcode AT_OPEN}, {@linkcode INTRABAR} or
 * {@linkcode AT_CLOSE}) to row `exitRow` (filled `exitAt`), of one symbol's
 * bars, written to `out` as `[mae, mfe]`. `dir` is 1 for a long, −1 for a
 * short. See the module doc for the rule and its sources.
 *
 * @example A long bought at the open of bar 1 at 10, sold at the open of bar 3 at 11
 * ```ts
 * import assert from "node:assert/strict";
 * import { AT_OPEN, excursion } from "./excursion.ts";
 * const bars = {
 *   open: [9, 10, 12, 11],
 *   high: [9, 10.5, 13, 14], // bar 3's high (14) came after the exit: not counted
 *   low: [9, 9.5, 11, 8], //  bar 3's low (8) neither
 *   close: [9, 10, 12, 12],
 * };
 * const out = new Float64Array(2);
 * excursion(bars, 1, 1, AT_OPEN, 3, AT_OPEN, 10, 11, out);
 * assert.deepEqual([...out], [0.5, 3]); // lowest 9.5 (bar 1), highest 13 (bar 2)
 * ```
 */
export function excursion(
  bars: ExcursionBars,
  dir: number,
  entryRow: number,
  entryAt: number,
  exitRow: number,
  exitAt: number,
  entryPrice: number,
  exitPrice: number,
  out: Float64Array,
): void {
  const { open, high, low, close } = bars;
  let lo = Math.min(entryPrice, exitPrice), hi = Math.max(entryPrice, exitPrice);
  const e = entryRow, x = exitRow;
  if (x > e) {
    // the entry bar: the part after the fill
    if (entryAt === AT_OPEN) {
      const h = high[e]!, l = low[e]!;
      if (l < lo) lo = l;
      if (h > hi) hi = h;
    } else if (entryAt === INTRABAR) {
      const c = close[e]!;
      if (c < lo) lo = c;
      if (c > hi) hi = c;
    }
    // bars in between, whole
    for (let i = e + 1; i < x; i++) {
      const h = high[i]!, l = low[i]!;
      if (l < lo) lo = l;
      if (h > hi) hi = h;
    }
    // the exit bar: the part before the fill
    if (exitAt === AT_CLOSE) {
      const h = high[x]!, l = low[x]!;
      if (l < lo) lo = l;
      if (h > hi) hi = h;
    } else {
      const o = open[x]!;
      if (o < lo) lo = o;
      if (o > hi) hi = o;
    }
  } else if (x === e) {
    // one bar: what lies between the two fills
    if (entryAt === AT_OPEN) {
      const o = open[e]!;
      if (o < lo) lo = o;
      if (o > hi) hi = o;
      if (exitAt === AT_CLOSE) {
        const h = high[e]!, l = low[e]!;
        if (l < lo) lo = l;
        if (h > hi) hi = h;
      }
    } else if (exitAt === AT_CLOSE) {
      const c = close[e]!;
      if (c < lo) lo = c;
      if (c > hi) hi = c;
    }
  }
  if (dir > 0) {
    out[0] = entryPrice - lo;
    out[1] = hi - entryPrice;
  } else {
    out[0] = hi - entryPrice;
    out[1] = entryPrice - lo;
  }
}
