/**
 * Back-adjusted prices (`data.prices: "adjusted"`): every bar before a split
 * or a dividend's ex-date rescaled so that the series has no jump at the
 * event, and today's prices are the ones quoted today.
 *
 * **From an actions table** ({@linkcode adjustFromActions}), the CRSP
 * multipliers Yahoo Finance documents for its `Adj Close` ("Adjusted close",
 * help.yahoo.com/kb/adjusted-close-sln28256.html, "adhering to Center for
 * Research in Security Prices (CRSP) standards"), applied to every bar before
 * the ex-date:
 *
 * - a split of `r` shares after per share before: prices × `1/r` ("in a 2 for
 *   1 split, the pre-split data is multiplied by 0.5"), volume × `r`;
 * - a cash dividend `D` whose ex-date bar follows a close `C`: prices ×
 *   `1 − D/C` ("a $0.08 cash dividend … and the Feb 18 closing price is
 *   $24.96, the pre-dividend data is multiplied by (1-0.08/24.96) = 0.9968");
 *   volume unchanged. zipline computes the same ratio
 *   (`SQLiteAdjustmentWriter.calc_dividend_ratios`: `1.0 - amount /
 *   prev_close`) and, like here, divides volume by split ratios only.
 *
 * A bar's factor is the product of the multipliers of every ex-date after it.
 * A split and a dividend on the same bar: the dividend is per new share, so
 * its multiplier is `1 − D·r/C` (`C/r` is the previous close in new shares).
 *
 * **From an `Adj Close` column** ({@linkcode adjustFromAdjClose}): factor =
 * adjClose / close per bar; open, high, low and close × factor, volume ÷
 * factor. This is backtrader's `YahooFinanceCSVData` with `adjclose=True`
 * (its default): `adjfactor = c / adjustedclose`, `o /= adjfactor`, … and
 * with `adjvolume=True`, `v *= adjfactor`; unlike backtrader, nothing is
 * rounded to 2 decimals. Yahoo's own Open, High, Low, Close and Volume are
 * already split-adjusted (only `Adj Close` carries the dividends), so the
 * factor of a Yahoo file is the dividend part alone and the result is fully
 * adjusted. Both routes give the same prices; volume differs by the
 * dividend factors (Adj Close cannot tell splits from dividends).
 *
 * @module
 */
import { DataError } from "../errors.ts";
import { type CorporateAction, exDateIndex } from "./actions.ts";

/** A symbol's price and volume columns, adjusted in place. */
export interface PriceColumns {
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

/** Per-bar multipliers: prices × `price[i]`, volume × `volume[i]`. */
export interface AdjustFactors {
  readonly price: Float64Array;
  readonly volume: Float64Array;
}

/**
 * The back-adjustment factors of one symbol's bars (`tsMs` ascending,
 * `close` raw) from its actions (each checked: after the first bar, not
 * after the last; see `checkActions`).
 *
 * @throws {DataError} when a dividend is at least the close before its
 *   ex-date: the multiplier `1 − D/C` would not be > 0.
 *
 * @example Yahoo's worked example: a 2:1 split on 2/18/03, a $0.08 dividend on 2/19 after a 24.96 close
 * ```ts
 * import assert from "node:assert/strict";
 * import { actionFactors } from "./adjust.ts";
 * const ts = Float64Array.from(["2003-02-14", "2003-02-18", "2003-02-19"], (d) => Date.parse(d));
 * const f = actionFactors(ts, Float64Array.of(48.30, 24.96, 24.53), [
 *   { symbol: "X", date: "2003-02-18", kind: "split", value: 2 },
 *   { symbol: "X", date: "2003-02-19", kind: "dividend", value: 0.08 },
 * ]);
 * assert.ok(Math.abs(48.30 * f.price[0]! - 24.07) < 0.005); // Yahoo: 0.5 × 0.9968 × 48.30 = 24.07
 * assert.ok(Math.abs(24.96 * f.price[1]! - 24.88) < 0.005); // 0.9968 × 24.96 = 24.88
 * assert.deepEqual([...f.volume], [2, 1, 1]);
 * ```
 */
export function actionFactors(
  tsMs: Float64Array,
  close: Float64Array,
  actions: readonly CorporateAction[],
): AdjustFactors {
  const n = tsMs.length;
  // per ex-date bar: the product of its split ratios and the sum of its dividends (per new share)
  const ratio = new Float64Array(n).fill(1), cash = new Float64Array(n);
  const firstAt: (string | undefined)[] = [];
  for (const a of actions) {
    const e = exDateIndex(tsMs, a.date);
    if (e <= 0 || e >= n) continue; // checkActions rejects these before
    if (a.kind === "split") ratio[e] = ratio[e]! * a.value;
    else {
      cash[e] = cash[e]! + a.value;
      firstAt[e] ??= `${a.symbol} on ${a.date}${a.at ? ` (${a.at})` : ""}`;
    }
  }
  const price = new Float64Array(n), volume = new Float64Array(n);
  let f = 1, g = 1;
  for (let i = n - 1; i >= 0; i--) {
    price[i] = f;
    volume[i] = g;
    const r = ratio[i]!, d = cash[i]!;
    if (r === 1 && d === 0) continue;
    let m = 1 / r;
    if (d !== 0) {
      const c = close[i - 1]!, mult = 1 - (d * r) / c;
      if (!(mult > 0)) {
        throw new DataError(
          `Cannot adjust prices for the dividend of ${firstAt[i]}: ${d} per share is not below the close before it (${
            c / r
          }), so the multiplier 1 − D/C is not > 0`,
        );
      }
      m *= mult;
    }
    f *= m;
    g *= r;
  }
  return { price, volume };
}

/**
 * Back-adjust one symbol's columns in place from its actions (see the
 * module doc for the rule and its sources).
 *
 * @example A 2-for-1 split halves the prices before it and doubles the volume
 * ```ts
 * import assert from "node:assert/strict";
 * import { adjustFromActions } from "./adjust.ts";
 * const ts = Float64Array.of(Date.parse("2024-01-02"), Date.parse("2024-01-03"));
 * const cols = {
 *   open: Float64Array.of(100, 51), high: Float64Array.of(102, 52), low: Float64Array.of(98, 50),
 *   close: Float64Array.of(100, 51), volume: Float64Array.of(1000, 2100),
 * };
 * adjustFromActions(cols, ts, [{ symbol: "A", date: "2024-01-03", kind: "split", value: 2 }]);
 * assert.deepEqual([...cols.close, ...cols.high, ...cols.volume], [50, 51, 51, 52, 2000, 2100]);
 * ```
 */
export function adjustFromActions(cols: PriceColumns, tsMs: Float64Array, actions: readonly CorporateAction[]): void {
  if (actions.length === 0) return;
  applyFactors(cols, actionFactors(tsMs, cols.close, actions));
}

/**
 * Multiply `cols` in place by factors computed over a longer series, of
 * which `cols` are the bars from `offset` on (one file of a symbol split
 * over several): prices × `price[offset + i]`, volume × `volume[offset + i]`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { applyFactors } from "./adjust.ts";
 * const one = (x: number) => Float64Array.of(x);
 * const cols = { open: one(10), high: one(10), low: one(10), close: one(10), volume: one(100) };
 * applyFactors(cols, { price: Float64Array.of(0.25, 0.5), volume: Float64Array.of(4, 2) }, 1);
 * assert.deepEqual([cols.close[0], cols.volume[0]], [5, 200]);
 * ```
 */
export function applyFactors(cols: PriceColumns, factors: AdjustFactors, offset = 0): void {
  const { price, volume } = factors;
  const { open, high, low, close } = cols, v = cols.volume;
  for (let i = 0; i < close.length; i++) {
    const f = price[offset + i]!, g = volume[offset + i]!;
    if (f === 1 && g === 1) continue;
    open[i] = open[i]! * f;
    high[i] = high[i]! * f;
    low[i] = low[i]! * f;
    close[i] = close[i]! * f;
    v[i] = v[i]! * g;
  }
}

/**
 * Back-adjust one symbol's columns in place from its `Adj Close` column
 * (each value already checked to be a price > 0): factor = adjClose / close;
 * open, high, low, close × factor; volume ÷ factor (backtrader's
 * `adjclose`/`adjvolume` rule).
 *
 * @example A bar before a 1 % dividend
 * ```ts
 * import assert from "node:assert/strict";
 * import { adjustFromAdjClose } from "./adjust.ts";
 * const cols = {
 *   open: Float64Array.of(50), high: Float64Array.of(52), low: Float64Array.of(49),
 *   close: Float64Array.of(50), volume: Float64Array.of(990),
 * };
 * adjustFromAdjClose(cols, Float64Array.of(49.5));
 * assert.deepEqual([cols.open[0], cols.close[0], cols.volume[0]], [49.5, 49.5, 1000]);
 * ```
 */
export function adjustFromAdjClose(cols: PriceColumns, adjClose: Float64Array): void {
  const { open, high, low, close, volume } = cols;
  for (let i = 0; i < close.length; i++) {
    const c = close[i]!, a = adjClose[i]!;
    if (a === c) continue;
    const f = a / c;
    open[i] = open[i]! * f;
    high[i] = high[i]! * f;
    low[i] = low[i]! * f;
    close[i] = a;
    volume[i] = volume[i]! / f;
  }
}
