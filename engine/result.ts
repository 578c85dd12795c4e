/**
 * What a backtest produces: plain data, ready for metrics and exports.
 *
 * @module
 */
import type { Config } from "./config/schema.ts";
import { PRICE_MAX, PRICE_MIN } from "./data/bounds.ts";

/**
 * The largest quantity an order, a sizing result or a fill may have: beyond it
 * a number is absurd (more units than any bar's volume may hold, the data
 * loader's limit), and sums of `qty × price` would lose their precision.
 * An order asked for beyond it is a `StrategyError`; a quantity computed
 * beyond it (sizing, a weight on a tiny price) is denied by the rule
 * `non-finite`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { MAX_QTY } from "./result.ts";
 * assert.ok(1e17 <= MAX_QTY && !(Infinity <= MAX_QTY) && !(NaN <= MAX_QTY));
 * ```
 */
export const MAX_QTY = 1e18;

/**
 * The range of every price an order may name (limit, stop, stop-loss,
 * take-profit), as the data loader's for bar prices: `[1e-12, 1e12]`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { MAX_PRICE, MIN_PRICE } from "./result.ts";
 * assert.ok(MIN_PRICE === 1e-12 && MAX_PRICE === 1e12);
 * ```
 */
export const MIN_PRICE: number = PRICE_MIN;
/** The largest price an order may name: see {@linkcode MIN_PRICE}. */
export const MAX_PRICE: number = PRICE_MAX;

/** The order behind a fill: its type, or which leg of a bracket exit filled. */
export type FillOrderType = "market" | "limit" | "stop" | "stopLimit" | "stopLoss" | "takeProfit";

/**
 * Where in the bar a fill happened: `open` (a market order, or a triggered
 * stop, at the open), `gap` (a stop or limit price the open had already
 * crossed, filled at the open), `intrabar` (at the order's own price inside
 * the bar), `closeAtEnd` (`execution.closeAtEnd`, at the last close).
 */
export type FillReason = "open" | "gap" | "intrabar" | "closeAtEnd";

/** One execution, partial or whole, of an order. */
export interface Fill {
  readonly orderId: number;
  /** Start of the bar the fill happened in (the last bar's close for `closeAtEnd`). */
  readonly tsMs: number;
  readonly symbol: string;
  readonly side: "buy" | "sell";
  /** Unsigned quantity filled. */
  readonly qty: number;
  /** Price after slippage. */
  readonly price: number;
  readonly fee: number;
  readonly orderType: FillOrderType;
  readonly reason: FillReason;
  /** `maker` when a limit-priced order rested at its own price inside the bar, else `taker`. */
  readonly liquidity: "maker" | "taker";
  /** Adverse move from the reference price (open, limit or stop), per unit, ≥ 0. */
  readonly slippage: number;
}

/**
 * A round trip: from flat to flat (a reversal closes one trade and opens the
 * next). Prices are quantity-weighted averages of the entry and exit fills;
 * `pnl` is realised P&L net of `fees`: the fees of all its fills plus, for a
 * short, the borrow cost accrued while it was open.
 */
export interface Trade {
  readonly symbol: string;
  readonly side: "long" | "short";
  /** Total quantity entered. */
  readonly qty: number;
  readonly entryTimeMs: number;
  readonly entryPrice: number;
  readonly exitTimeMs: number;
  readonly exitPrice: number;
  readonly pnl: number;
  readonly fees: number;
  /**
   * Currency at risk when the position was opened, one R: for ATR-volatility
   * sizing `qty × atrMultiple × ATR` at the decision, for a bracket with a
   * stop-loss `qty × |entry fill price − stop price|`, summed over the fills
   * that built the position; NaN when unknown (no stop and no ATR sizing).
   * Always set by the engine; absent (unknown) in hand-built trades.
   * See docs/execution.md.
   */
  readonly initialRisk?: number;
  /**
   * Maximum adverse excursion (Sweeney), per unit of price, ≥ 0: how far
   * price went against the average entry price while the trade was open, by
   * the timing rule of engine/portfolio/excursion.ts (docs/execution.md).
   * Set by the engine; NaN when the run skipped it (`RunOptions.excursions`).
   */
  readonly mae?: number;
  /** Maximum favourable excursion, per unit of price, ≥ 0: as `mae`, in the trade's favour. */
  readonly mfe?: number;
}

/** A position still open at the end, marked at the symbol's last close. */
export interface OpenPosition {
  readonly symbol: string;
  /** Signed quantity. */
  readonly qty: number;
  readonly avgPrice: number;
  readonly entryTimeMs: number;
  readonly lastClose: number;
  readonly unrealizedPnl: number;
  /**
   * The open round trip's costs so far, as a {@linkcode Trade}'s `fees` will
   * count them: the fees of its fills (entries and partial exits; of a
   * reversing fill, the share that opened it) plus, for a short, the borrow
   * cost accrued. `unrealizedPnl` does not subtract them.
   */
  readonly fees: number;
}

/** An intent the risk gate turned down: data, not an exception. */
export interface Denial {
  readonly tsMs: number;
  readonly symbol: string;
  /** The intent as the strategy emitted it, e.g. `buy`, `sell 25`, `target 100`. */
  readonly intent: string;
  /** The rule that denied it. */
  readonly rule: string;
  readonly detail: string;
}

/**
 * An order the risk gate accepted at a smaller quantity than asked: a limit
 * in `clip` mode, or a breaker or cooldown that let only its reducing part
 * through. Quantities are signed: positive buys, negative sells.
 */
export interface Resize {
  readonly tsMs: number;
  readonly symbol: string;
  /** The intent as the strategy emitted it. */
  readonly intent: string;
  /** The rule that cut it. */
  readonly rule: string;
  /** The sized order before the cut, signed. */
  readonly originalQty: number;
  /** The order that went to the simulator, signed. */
  readonly finalQty: number;
}

/** A closing order a breaker submitted when it tripped; it passed the risk gate as risk-reducing. */
export interface FlattenOrder {
  readonly symbol: string;
  /** Signed quantity. */
  readonly qty: number;
  /** Id of the order, as in the fills. */
  readonly orderId: number;
}

/** A circuit breaker tripping: when, which, and the values that tripped it. */
export interface BreakerEvent {
  /** Start time of the bar whose close tripped it. */
  readonly tsMs: number;
  /** The breaker, or `margin-call`: equity fell below the instruments' maintenance margin (engine/instruments). */
  readonly breaker: "daily-loss" | "max-drawdown" | "margin-call";
  readonly detail: string;
  /** The numbers behind the trip, e.g. `{ startOfDayEquity, equity, loss, limit }`. */
  readonly values: Readonly<Record<string, number>>;
  /** Closing orders submitted when the breaker flattens positions (empty otherwise). */
  readonly flattened: readonly FlattenOrder[];
}

/**
 * An order that did not fill in full: cancelled, expired under its time in
 * force, or still working when the data ended. Bracket exits appear as
 * `bracketExit`.
 */
export interface UnfilledOrder {
  readonly orderId: number;
  /** When it was placed (its signal bar's close; a bracket exit: its entry's fill). */
  readonly tsMs: number;
  readonly symbol: string;
  readonly side: "buy" | "sell";
  readonly type: "market" | "limit" | "stop" | "stopLimit" | "bracketExit";
  /** Quantity ordered. */
  readonly qty: number;
  /** Quantity filled before it ended. */
  readonly filledQty: number;
  readonly status: "cancelled" | "expired" | "working";
  /** When it was cancelled or expired; NaN while working. */
  readonly endTsMs: number;
  readonly reason: string;
}

/**
 * A split or cash dividend applied to the portfolio (`data.prices:
 * "rawWithActions"`), at the open of its symbol's ex-date bar, before that
 * bar's fills. See docs/corporate_actions.md.
 */
export interface CorporateActionRecord {
  /** Start of the ex-date bar, at whose open it was applied. */
  readonly tsMs: number;
  readonly symbol: string;
  readonly kind: "split" | "dividend";
  /** Split: shares after per share before; dividend: cash per share. */
  readonly value: number;
  /** Signed position before and after. */
  readonly qtyBefore: number;
  readonly qtyAfter: number;
  /** Cash moved: a dividend received (+) or paid (−); cash in lieu of a fractional share (+ long, − short). */
  readonly cash: number;
  /** Working orders converted (a split; 0 for a dividend). */
  readonly orders: number;
}

/** Equity marked at every distinct bar close, labelled by the bar start time. */
export interface EquityCurve {
  readonly tsMs: Float64Array;
  readonly equity: Float64Array;
  readonly cash: Float64Array;
}

/** Headline numbers of a run. */
export interface Summary {
  readonly initialCash: number;
  readonly finalEquity: number;
  readonly finalCash: number;
  readonly totalFees: number;
  /** Borrow cost paid on short positions (not part of `totalFees`). */
  readonly borrowCost: number;
  readonly realizedPnl: number;
  readonly unrealizedPnl: number;
  readonly bars: number;
  readonly symbols: number;
  readonly firstBarMs: number;
  readonly lastBarMs: number;
  readonly trades: number;
  readonly fills: number;
  readonly denials: number;
  /** Orders the risk gate cut to a smaller quantity. */
  readonly resizes: number;
  /** Circuit breaker trips. */
  readonly breakerTrips: number;
  readonly openPositions: number;
}

/** Everything a run produced. */
export interface BacktestResult {
  readonly config: Config;
  readonly symbols: readonly string[];
  readonly summary: Summary;
  readonly trades: readonly Trade[];
  readonly fills: readonly Fill[];
  readonly denials: readonly Denial[];
  readonly resizes: readonly Resize[];
  readonly breakerEvents: readonly BreakerEvent[];
  readonly unfilled: readonly UnfilledOrder[];
  readonly openPositions: readonly OpenPosition[];
  readonly equity: EquityCurve;
  /** The splits and dividends applied, in order: present when the frame carries actions (`rawWithActions`). */
  readonly corporateActions?: readonly CorporateActionRecord[];
  /**
   * The indicator series the strategy asked for at setup, per symbol, when
   * the run was asked to record them (`RunOptions.overlays`); absent otherwise.
   */
  readonly overlays?: readonly Overlay[];
  /** How the loop walked the bars (see {@linkcode Stepping}). */
  readonly stepping?: Stepping;
}

/**
 * How a run's loop walked its bar times. `"sparse"`: the strategy declared
 * `when` (engine/strategy/types.ts) and has no `onStep`, so bar times where
 * nothing was due passed in a tight loop that only marks and records equity;
 * `"every bar"`: each bar time was stepped in full. Both give the same
 * result, byte for byte; this tells only the cost.
 */
export interface Stepping {
  readonly mode: "sparse" | "every bar";
  /** Distinct bar times of the run. */
  readonly steps: number;
  /** Of those, the ones stepped in full (fills, hooks, the risk gate's breakers). */
  readonly fullSteps: number;
}

/**
 * One indicator series a strategy asked for, recorded for the report's price
 * pane: `pane: "price"` for series in price units (moving averages, bands,
 * channels), drawn on the candles; `"own"` for the rest (RSI, MACD, ATR),
 * drawn in a pane of their own. See docs/strategies.md.
 */
export interface Overlay {
  readonly symbol: string;
  /** The series' name, e.g. `sma(20)`, `bollinger(20,2).upper`. */
  readonly name: string;
  /** One value per bar of `symbol`, in the frame's order for that symbol; NaN in warm-up. */
  readonly values: Float64Array;
  readonly pane: "price" | "own";
}
