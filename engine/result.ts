/**
 * What a backtest produces: plain data, ready for metrics and exports.
 *
 * @module
 */
import type { Config } from "./config/schema.ts";

/** One execution, partial or whole, of an order. */
export interface Fill {
  readonly orderId: number;
  readonly tsMs: number;
  readonly symbol: string;
  readonly side: "buy" | "sell";
  /** Unsigned quantity filled. */
  readonly qty: number;
  readonly price: number;
  readonly fee: number;
}

/**
 * A round trip: from flat to flat (a reversal closes one trade and opens the
 * next). Prices are quantity-weighted averages of the entry and exit fills;
 * `pnl` is realised P&L net of `fees`, the fees of all its fills.
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
  /** Fees paid on the entry fills so far. */
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

/** An order accepted by the risk gate that never filled. */
export interface UnfilledOrder {
  readonly orderId: number;
  readonly tsMs: number;
  readonly symbol: string;
  readonly side: "buy" | "sell";
  readonly qty: number;
  readonly reason: string;
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
  readonly realizedPnl: number;
  readonly unrealizedPnl: number;
  readonly bars: number;
  readonly symbols: number;
  readonly firstBarMs: number;
  readonly lastBarMs: number;
  readonly trades: number;
  readonly fills: number;
  readonly denials: number;
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
  readonly unfilled: readonly UnfilledOrder[];
  readonly openPositions: readonly OpenPosition[];
  readonly equity: EquityCurve;
}
