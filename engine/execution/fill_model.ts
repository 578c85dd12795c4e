/**
 * Fill models: whether a working order trades in a bar, and at what
 * reference price (before slippage).
 *
 * The `nextOpen` model reads a bar as its open first, then somewhere its high
 * and low, in an unknown order. For a buy (a sell is the mirror image):
 *
 * | order        | fills at the open (a **gap**) when  | else inside the bar when         | at      |
 * | ------------ | ----------------------------------- | -------------------------------- | ------- |
 * | market       | always                              |                                  | open    |
 * | limit L      | open < L (`touch`: open ≤ L)        | low < L (`touch`: low ≤ L)       | L       |
 * | stop S       | open ≥ S                            | high ≥ S                         | S       |
 * | stop-limit   | open ≥ S, then as a limit from the open | high ≥ S and S < L (`touch`: ≤) | S     |
 *
 * - **Gaps.** A stop or limit whose price the open has already crossed fills
 *   at the open, not at its own price.
 * - **Limits** fill inside a bar only when the price trades through the
 *   limit; with `limitFill: "touch"`, reaching it is enough.
 * - **Stop-limit.** Once triggered it stays a limit order. Triggered inside a
 *   bar, it fills in that bar only if the limit is marketable at the stop
 *   price; otherwise it rests from the next bar (the bar does not say whether
 *   the price came back after the trigger).
 * - **Triggered stops** left partly unfilled (participation cap) are market
 *   orders from the next bar on.
 * - **Bracket exits** hold a stop-loss leg (a stop order) and a take-profit
 *   leg (a limit order). A gap through either fills at the open; a bar that
 *   reaches both is **ambiguous** and `ambiguousBar` decides: `stopFirst`
 *   (the default, conservative: assume the loss came first), `targetFirst`,
 *   or `nearestFirst` (the extreme nearer the open came first; a tie goes to
 *   the stop).
 *
 * Every reference price this model returns lies within the bar's low–high
 * range.
 *
 * @module
 */
import type { FillConfig } from "./config.ts";
import { ORDER_EXIT, ORDER_LIMIT, ORDER_MARKET, ORDER_STOP, ORDER_STOP_LIMIT } from "./order.ts";

/**
 * Filled at the open as a market order.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { REASON_GAP, REASON_INTRABAR, REASON_NAMES, REASON_OPEN } from "./fill_model.ts";
 * assert.ok([REASON_OPEN, REASON_GAP, REASON_INTRABAR].map((r) => REASON_NAMES[r]).join() === "open,gap,intrabar");
 * ```
 */
export const REASON_OPEN = 0;
/**
 * Filled at the open because the open crossed the order's price.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { REASON_GAP, REASON_NAMES } from "./fill_model.ts";
 * assert.ok(REASON_NAMES[REASON_GAP] === "gap");
 * ```
 */
export const REASON_GAP = 1;
/**
 * Filled inside the bar at the order's own price.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { REASON_INTRABAR, REASON_NAMES } from "./fill_model.ts";
 * assert.ok(REASON_NAMES[REASON_INTRABAR] === "intrabar");
 * ```
 */
export const REASON_INTRABAR = 2;
/**
 * Names of the reason codes.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { REASON_NAMES } from "./fill_model.ts";
 * assert.ok(REASON_NAMES.length === 3);
 * ```
 */
export const REASON_NAMES = ["open", "gap", "intrabar"] as const;

/**
 * A bracket exit's stop-loss leg.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { LEG_STOP, LEG_TARGET } from "./fill_model.ts";
 * assert.ok(new Set<number>([LEG_STOP, LEG_TARGET]).size === 2);
 * ```
 */
export const LEG_STOP = 0;
/**
 * A bracket exit's take-profit leg.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { LEG_STOP, LEG_TARGET } from "./fill_model.ts";
 * assert.ok(new Set<number>([LEG_TARGET, LEG_STOP]).size === 2);
 * ```
 */
export const LEG_TARGET = 1;

/**
 * The price columns a fill model reads, indexed by frame row (a `BarFrame` is one).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import type { BarPrices } from "./fill_model.ts";
 * const bars: BarPrices = { open: Float64Array.of(10), high: Float64Array.of(11), low: Float64Array.of(9) };
 * assert.ok(bars.high[0] === 11);
 * ```
 */
export interface BarPrices {
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
}

/**
 * One order against one bar, in and out. The simulator reuses one object;
 * a model reads the inputs and writes the outputs. A model reads only the
 * bar prices it needs (a market order: just the open), so a fill touches as
 * little memory as it can.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { type FillQuery, newFillQuery } from "./fill_model.ts";
 * const q: FillQuery = newFillQuery();
 * q.row = 0;
 * assert.ok(q.side === 1);
 * ```
 */
export interface FillQuery {
  /** +1 buy, −1 sell. */
  side: number;
  /** An `ORDER_*` code. */
  type: number;
  /** Limit price (a bracket exit's take-profit); NaN if none. */
  limit: number;
  /** Stop price (a bracket exit's stop-loss); NaN if none. */
  stop: number;
  /** In: the stop already triggered on an earlier bar (1) or not (0). Out: triggered by now. */
  triggered: number;
  /** The bars, and the row of the bar to match against. */
  bars: BarPrices;
  row: number;
  /** Out: reference price before slippage. */
  price: number;
  /** Out: a `REASON_*` code. */
  reason: number;
  /** Out: 1 when the fill rested at its own limit price (maker), else 0 (taker). */
  maker: number;
  /** Out, for bracket exits: `LEG_STOP` or `LEG_TARGET`. */
  leg: number;
}

/**
 * A fill model: does the order trade in this bar, and at what reference price?
 *
 * @example A sell stop at 99 in a bar that trades down to 98
 * ```ts
 * import assert from "node:assert/strict";
 * import { type FillModel, fillModel, newFillQuery } from "./fill_model.ts";
 * import { ORDER_STOP } from "./order.ts";
 * const m: FillModel = fillModel({ kind: "nextOpen", limitFill: "through", ambiguousBar: "stopFirst" });
 * const bars = { open: Float64Array.of(100), high: Float64Array.of(101), low: Float64Array.of(98) };
 * const q = Object.assign(newFillQuery(), { side: -1, type: ORDER_STOP, stop: 99, bars, row: 0 });
 * assert.ok(m.match(q) && q.price === 99 && q.triggered === 1);
 * ```
 */
export interface FillModel {
  match(q: FillQuery): boolean;
}

const NO_BARS: BarPrices = Object.freeze({
  open: new Float64Array(0),
  high: new Float64Array(0),
  low: new Float64Array(0),
});

/**
 * A fresh query object: a market buy, no bars.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { newFillQuery } from "./fill_model.ts";
 * assert.ok(Number.isNaN(newFillQuery().price));
 * ```
 */
export function newFillQuery(): FillQuery {
  return {
    side: 1,
    type: ORDER_MARKET,
    limit: NaN,
    stop: NaN,
    triggered: 0,
    bars: NO_BARS,
    row: 0,
    price: NaN,
    reason: REASON_OPEN,
    maker: 0,
    leg: LEG_STOP,
  };
}

/**
 * Build the fill model of a config.
 *
 * @example A buy limit at 99 in a bar that opens at 100 and trades down to 98.5
 * ```ts
 * import assert from "node:assert/strict";
 * import { fillModel, newFillQuery, REASON_INTRABAR } from "./fill_model.ts";
 * import { ORDER_LIMIT } from "./order.ts";
 * const m = fillModel({ kind: "nextOpen", limitFill: "through", ambiguousBar: "stopFirst" });
 * const bars = { open: Float64Array.of(100), high: Float64Array.of(101), low: Float64Array.of(98.5) };
 * const q = Object.assign(newFillQuery(), { side: 1, type: ORDER_LIMIT, limit: 99, bars, row: 0 });
 * assert.ok(m.match(q) && q.price === 99 && q.reason === REASON_INTRABAR && q.maker === 1);
 * ```
 */
export function fillModel(c: FillConfig): FillModel {
  const touch = c.limitFill === "touch";
  const rule = c.ambiguousBar;
  return {
    match(q) {
      // mirror a sell into a buy: negate prices, swap high and low; read a bar price only when needed
      const sd = q.side, b = q.bars, r = q.row;
      const o = sd * b.open[r]!;
      const L = sd * q.limit, S = sd * q.stop;
      let p = NaN, reason = REASON_OPEN, maker = 0;
      switch (q.type) {
        case ORDER_MARKET:
          p = o;
          break;
        case ORDER_LIMIT:
          if (touch ? o <= L : o < L) {
            p = o;
            reason = REASON_GAP;
          } else if (touch ? lowOf(b, r, sd) <= L : lowOf(b, r, sd) < L) {
            p = L;
            reason = REASON_INTRABAR;
            maker = 1;
          }
          break;
        case ORDER_STOP:
          if (q.triggered) p = o;
          else if (o >= S) {
            p = o;
            reason = REASON_GAP;
            q.triggered = 1;
          } else if (highOf(b, r, sd) >= S) {
            p = S;
            reason = REASON_INTRABAR;
            q.triggered = 1;
          }
          break;
        case ORDER_STOP_LIMIT:
          if (!q.triggered) {
            if (o >= S) q.triggered = 1; // from the open on, a plain limit
            else if (highOf(b, r, sd) >= S) {
              q.triggered = 1;
              if (touch ? S <= L : S < L) {
                p = S;
                reason = REASON_INTRABAR;
              }
              break;
            } else break;
          }
          if (touch ? o <= L : o < L) {
            p = o;
            reason = REASON_GAP;
          } else if (touch ? lowOf(b, r, sd) <= L : lowOf(b, r, sd) < L) {
            p = L;
            reason = REASON_INTRABAR;
            maker = 1;
          }
          break;
        case ORDER_EXIT: {
          // a short's exit, mirrored: stop-loss S above, take-profit L below
          q.leg = LEG_STOP;
          if (q.triggered) {
            p = o;
            break;
          }
          if (o >= S) {
            p = o;
            reason = REASON_GAP;
            q.triggered = 1;
            break;
          }
          if (touch ? o <= L : o < L) {
            p = o;
            reason = REASON_GAP;
            q.leg = LEG_TARGET;
            break;
          }
          const h = highOf(b, r, sd), l = lowOf(b, r, sd);
          const hitStop = h >= S, hitTarget = touch ? l <= L : l < L;
          let stopWins = hitStop;
          if (hitStop && hitTarget) {
            stopWins = rule === "stopFirst" || (rule === "nearestFirst" && !(o - l < h - o));
          }
          if (stopWins) {
            p = S;
            reason = REASON_INTRABAR;
            q.triggered = 1;
          } else if (hitTarget) {
            p = L;
            reason = REASON_INTRABAR;
            maker = 1;
            q.leg = LEG_TARGET;
          }
          break;
        }
      }
      if (p !== p) return false;
      q.price = sd * p;
      q.reason = reason;
      q.maker = maker;
      return true;
    },
  };
}

/** The bar's high in a side's mirrored prices (a sell's "high" is −low). */
function highOf(b: BarPrices, r: number, side: number): number {
  return side > 0 ? b.high[r]! : -b.low[r]!;
}

/** The bar's low in a side's mirrored prices (a sell's "low" is −high). */
function lowOf(b: BarPrices, r: number, side: number): number {
  return side > 0 ? b.low[r]! : -b.high[r]!;
}
