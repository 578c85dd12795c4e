/**
 * The strategy contract.
 *
 * A strategy is created once per run from its validated params, and its
 * `onBar` is called at the close of every bar of every symbol, in the frame's
 * clock order. It reads the past through read-only {@linkcode Series} views
 * (there is no way to index the future) and emits intents; the engine passes
 * every intent through the risk gate before anything reaches the market.
 *
 * @module
 */
import type { z } from "zod";

/**
 * A read-only view of one per-bar series of one symbol, anchored at that
 * symbol's current bar.
 *
 * `at(0)` is the current bar's value, `at(1)` the previous bar's, and so on.
 * A lag before the first bar gives NaN; a negative or fractional lag (the
 * future) throws a RangeError.
 */
export interface Series {
  /** The value `lag` bars back from the current bar (default 0). */
  at(lag?: number): number;
  /** How many bars are visible: the current bar's index + 1 (0 before the symbol's first bar). */
  readonly length: number;
}

/** Bollinger bands as three series. */
export interface BandSeries {
  readonly middle: Series;
  readonly upper: Series;
  readonly lower: Series;
}

/** MACD line, signal line and histogram. */
export interface MacdSeries {
  readonly macd: Series;
  readonly signal: Series;
  readonly histogram: Series;
}

/** Slow stochastic %K and %D. */
export interface StochasticSeries {
  readonly k: Series;
  readonly d: Series;
}

/** The raw price series of one symbol. */
export interface PriceSeries {
  readonly open: Series;
  readonly high: Series;
  readonly low: Series;
  readonly close: Series;
  readonly volume: Series;
}

/** Price fields a strategy can read or feed to an indicator. */
export type PriceField = "open" | "high" | "low" | "close" | "volume";

/**
 * Indicator series of one symbol, served from the run's shared indicator
 * cache: each (symbol, indicator, params) is computed once per dataset.
 */
export interface IndicatorSource {
  /** A raw price field. */
  field(name: PriceField): Series;
  sma(n: number, field?: PriceField): Series;
  ema(n: number, field?: PriceField): Series;
  wma(n: number, field?: PriceField): Series;
  trueRange(): Series;
  atr(n: number): Series;
  rsi(n: number, field?: PriceField): Series;
  bollinger(n: number, k: number, field?: PriceField): BandSeries;
  macd(fast?: number, slow?: number, signal?: number, field?: PriceField): MacdSeries;
  stochastic(kPeriod?: number, slowing?: number, dPeriod?: number): StochasticSeries;
  /** Highest high over the last n bars, including the current one. */
  highest(n: number, field?: PriceField): Series;
  /** Lowest low over the last n bars, including the current one. */
  lowest(n: number, field?: PriceField): Series;
}

/** What a strategy can see while it is being created. */
export interface StrategySetup {
  /** Symbol names of the run, sorted; a symbol id indexes this list. */
  readonly symbols: readonly string[];
  /** Indicator series of a symbol, by id. */
  indicators(symbol: number): IndicatorSource;
}

/**
 * An order the strategy wants, before risk sizing and checks.
 *
 * - `buy` / `sell`: a quantity, or `undefined` to let the risk sizing decide;
 * - `target`: move the position (including orders still in flight) to `qty`;
 * - `close`: move it to zero.
 */
export type IntentKind = "buy" | "sell" | "target" | "close";

/**
 * Order types:
 *
 * - `market`: fills at the open of the first bar it can trade in;
 * - `limit`: buys at `limitPrice` or lower, sells at `limitPrice` or higher;
 * - `stop`: becomes a market order once the price reaches `stopPrice`
 *   (at or above it for a buy, at or below it for a sell);
 * - `stopLimit`: becomes a limit order at `limitPrice` once the price reaches `stopPrice`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import type { OrderType } from "./types.ts";
 * const t: OrderType = "stopLimit";
 * assert.ok(t === "stopLimit");
 * ```
 */
export type OrderType = "market" | "limit" | "stop" | "stopLimit";

/**
 * How long an order stays working:
 *
 * - `"gtc"` (the default): until filled or cancelled;
 * - `"day"`: until the end of the UTC day of the first bar it can trade in;
 * - `{ bars: n }`: for the first `n` bars of its symbol it can trade in (`{ bars: 1 }`
 *   is immediate-or-cancel at bar resolution).
 *
 * Whatever is left unfilled when it ends (e.g. under a participation cap) is cancelled.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import type { TimeInForce } from "./types.ts";
 * const tifs: TimeInForce[] = ["gtc", "day", { bars: 3 }];
 * assert.ok(tifs.length === 3);
 * ```
 */
export type TimeInForce = "gtc" | "day" | { readonly bars: number };

/**
 * Options of an order intent. Prices are absolute and must be finite and > 0.
 *
 * `stopLoss` and `takeProfit` (on `buy`/`sell` only) attach a bracket: once
 * the entry fills, a reduce-only exit for the filled quantity works at both
 * prices as one-cancels-other. A stop-loss fills like a stop order, a
 * take-profit like a limit order; a bar that reaches both is decided by
 * `execution.fill.ambiguousBar`.
 *
 * @example A limit entry, valid for 3 bars, with a bracket
 * ```ts
 * import assert from "node:assert/strict";
 * import type { OrderOptions } from "./types.ts";
 * const o: OrderOptions = { type: "limit", limitPrice: 99, timeInForce: { bars: 3 }, stopLoss: 95, takeProfit: 110 };
 * assert.ok(o.type === "limit");
 * ```
 */
export interface OrderOptions {
  /** Order type; `market` by default. */
  readonly type?: OrderType;
  /** Limit price of `limit` and `stopLimit` orders. */
  readonly limitPrice?: number;
  /** Trigger price of `stop` and `stopLimit` orders. */
  readonly stopPrice?: number;
  /** `gtc` by default. */
  readonly timeInForce?: TimeInForce;
  /** Bracket stop-loss price (below the entry for a buy, above it for a sell). */
  readonly stopLoss?: number;
  /** Bracket take-profit price (above the entry for a buy, below it for a sell). */
  readonly takeProfit?: number;
}

/**
 * Which working orders a cancel reaches.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import type { CancelOptions } from "./types.ts";
 * const c: CancelOptions = { orders: "entries" };
 * assert.ok(c.symbol === undefined);
 * ```
 */
export interface CancelOptions {
  /** Symbol id; the current bar's symbol by default. */
  readonly symbol?: number;
  /** `all` (default), `entries` (orders the strategy sent) or `exits` (bracket exits). */
  readonly orders?: "all" | "entries" | "exits";
}

/** The view a strategy gets at the close of one bar of one symbol. */
export interface BarContext {
  /** Symbol id of this bar. */
  readonly symbol: number;
  /** Symbol name of this bar. */
  readonly symbolName: string;
  /** This bar's start time, epoch ms UTC. */
  readonly tsMs: number;
  /** This bar's index within its symbol's bars (0-based). */
  readonly index: number;
  /** This symbol's price series, anchored at this bar. */
  readonly bars: PriceSeries;
  /** Filled position of a symbol (default: this bar's), signed. */
  position(symbol?: number): number;
  /**
   * Net quantity of orders accepted but not yet filled (default: this
   * symbol). Bracket exits are not counted: they only ever reduce the
   * position.
   */
  pending(symbol?: number): number;
  /** Cash at this close. */
  readonly cash: number;
  /** Mark-to-market equity at this close. */
  readonly equity: number;
  /** Buy `qty` (or let risk sizing choose when omitted), as a market order unless `options` say otherwise. */
  buy(qty?: number, options?: OrderOptions): void;
  /** Sell `qty` (or let risk sizing choose when omitted); selling below zero goes short. */
  sell(qty?: number, options?: OrderOptions): void;
  /** Move the position, including orders in flight, to `qty`. No bracket. */
  target(qty: number, options?: OrderOptions): void;
  /**
   * Move the position, including orders in flight, to zero. No bracket. The
   * order is reduce-only: if the position shrinks before it fills (say a
   * bracket exit filled first), it fills only what is left, and nothing once
   * the position is flat.
   */
  close(options?: OrderOptions): void;
  /**
   * Cancel working orders (of this symbol by default). A cancel is a message
   * like an order: it takes effect when it arrives (the bar's close plus its
   * own latency draw), so an order can still fill in a bar that starts
   * before then. `pending()` stops counting the orders at once.
   */
  cancel(options?: CancelOptions): void;
}

/** A running strategy. */
export interface Strategy {
  onBar(ctx: BarContext): void;
}

/**
 * A strategy as a config names it: its name, its params schema, and a factory.
 * Build one with {@linkcode defineStrategy}.
 */
export interface StrategyDefinition<S extends z.ZodType = z.ZodType> {
  readonly kind: "strategy";
  readonly name: string;
  readonly params: S;
  create(params: z.output<S>, setup: StrategySetup): Strategy;
}

/**
 * Declare a strategy: a name, a zod params schema (use `z.strictObject` so a
 * misspelled param is an error) and a factory.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { z } from "zod";
 * import { defineStrategy } from "./types.ts";
 * const buyAndHold = defineStrategy({
 *   name: "buyAndHold",
 *   params: z.strictObject({ qty: z.number().positive() }),
 *   create: (p) => ({ onBar: (ctx) => { if (ctx.position() === 0 && ctx.pending() === 0) ctx.buy(p.qty); } }),
 * });
 * assert.ok(buyAndHold.kind === "strategy");
 * ```
 */
export function defineStrategy<S extends z.ZodType>(def: {
  name: string;
  params: S;
  create(params: z.output<S>, setup: StrategySetup): Strategy;
}): StrategyDefinition<S> {
  return Object.freeze({ kind: "strategy" as const, ...def });
}

/** True when `v` looks like a {@linkcode StrategyDefinition}. */
export function isStrategyDefinition(v: unknown): v is StrategyDefinition {
  const d = v as StrategyDefinition | null;
  return typeof d === "object" && d !== null && d.kind === "strategy" && typeof d.name === "string" &&
    typeof d.create === "function" && typeof (d.params as { safeParse?: unknown })?.safeParse === "function";
}
