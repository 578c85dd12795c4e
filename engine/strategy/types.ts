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
  /** Net quantity of orders accepted but not yet filled (default: this symbol). */
  pending(symbol?: number): number;
  /** Cash at this close. */
  readonly cash: number;
  /** Mark-to-market equity at this close. */
  readonly equity: number;
  /** Buy `qty` (or let risk sizing choose when omitted). */
  buy(qty?: number): void;
  /** Sell `qty` (or let risk sizing choose when omitted). */
  sell(qty?: number): void;
  /** Move the position, including orders in flight, to `qty`. */
  target(qty: number): void;
  /** Move the position, including orders in flight, to zero. */
  close(): void;
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
 * import { z } from "zod";
 * import { defineStrategy } from "./types.ts";
 * const buyAndHold = defineStrategy({
 *   name: "buyAndHold",
 *   params: z.strictObject({ qty: z.number().positive() }),
 *   create: (p) => ({ onBar: (ctx) => { if (ctx.position() === 0 && ctx.pending() === 0) ctx.buy(p.qty); } }),
 * });
 * console.assert(buyAndHold.kind === "strategy");
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
