/**
 * The strategy contract.
 *
 * A strategy is created once per run from its validated params. The engine
 * calls its hooks in simulated time, and every hook reads the past only
 * through read-only, lag-only {@linkcode Series} views (there is no way to
 * index the future) and emits intents; every intent passes the risk gate
 * before anything reaches the market.
 *
 * **Hooks** (at least one of `onBar` and `onStep`):
 *
 * - `onBar(ctx)`: at the close of every bar of every symbol, in the frame's
 *   clock order (by time, then by symbol id);
 * - `onStep(ctx)`: once per distinct bar time, after every symbol's bar at
 *   that time has closed and after their `onBar` calls: the place for
 *   portfolio-level logic (rank a universe, rebalance, trade a spread);
 * - `onFill(fill, ctx)`, `onTrade(trade, ctx)`: a fill, and a round trip it
 *   closed, delivered at the close of the bar in which the fill happened
 *   (before that step's `onBar` calls), with the fill's symbol as `ctx`'s
 *   current symbol. A fill happens at a bar's open or inside the bar, and
 *   the bar-resolution clock can act on it, with whole bars in view, at that
 *   bar's close;
 * - `onDenied(denial, ctx)`: right after the risk gate denies an intent, at
 *   the same decision time, with the denied symbol as current symbol.
 *
 * Every hook can order any symbol, by name or id; its orders are decided at
 * the hook's time (the bar's close) and go through the gate like any other.
 *
 * @module
 */
import type { z } from "zod";
import type {
  ArgsOf,
  IndicatorCall,
  IndicatorDefinition,
  OutputOf,
  ParamsOf,
  Source,
} from "../indicators/define_indicator.ts";
import type { BuiltinIndicators } from "../indicators/library.ts";
import type { Denial, Fill, Trade } from "../result.ts";
import { recordDefinition } from "./strategy_error.ts";

/**
 * A read-only view of one per-bar series of one symbol, anchored at the
 * symbol's current bar (its latest bar closed by now).
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

/** A symbol, by name (`"ORCL"`) or by id (an index into `symbols`). */
export type SymbolRef = string | number;

/**
 * Indicator series of one symbol (and timeframe), served from the run's
 * shared indicator cache: each (symbol, indicator, params) is computed once
 * per dataset. Every built-in of `engine/indicators/library.ts` is a method,
 * called positionally (`ind.bollinger(20, 2)`) or with a params object
 * (`ind.bollinger({ period: 20, devfactor: 2 })`); single-output indicators
 * give a {@linkcode Series}, the others an object of series by output name.
 * An input series can be another indicator of the same symbol:
 * `ind.sma(5, ind.rsi(14))`.
 */
export type IndicatorSource =
  & { readonly [K in keyof BuiltinIndicators]: IndicatorCall<BuiltinIndicators[K]> }
  & {
    /** A raw price field. */
    field(name: PriceField): Series;
    /** Any indicator definition, built-in or your own (see `defineIndicator`), with a params object. */
    use<D extends IndicatorDefinition>(def: D, params?: ParamsOf<D> & object): OutputOf<D>;
    /** Any indicator definition, with positional args in its `args` order. */
    use<D extends IndicatorDefinition>(def: D, ...args: ArgsOf<D>): OutputOf<D>;
    /**
     * A one-off series computed from whole input columns, like
     * backtesting.py's `self.I(fn, ...)`: `fn` gets copies of the inputs
     * (price fields or series of this symbol, detached once it returns) and
     * returns one value per bar. It is computed once per run (define an
     * indicator to compute it once per dataset across a sweep), checked for
     * look-ahead like a user-defined indicator, and read like any series.
     */
    compute(fn: (...inputs: Float64Array[]) => ArrayLike<number>, ...inputs: Source[]): Series;
  };

/** Options of a resampled timeframe. */
export interface TimeframeOptions {
  /** IANA time zone of its trading days. Default: the data calendar's time zone when the run has one, else UTC. */
  readonly timeZone?: string;
  /**
   * Local time (HH:MM) at which a trading day starts. Default: the calendar's
   * open for an overnight calendar, else 00:00.
   */
  readonly sessionStart?: string;
}

/**
 * One symbol's bars resampled to a coarser timeframe (first open, highest
 * high, lowest low, last close, summed volume per bucket), with indicators
 * over them. A coarser bar becomes visible at the first close of the
 * symbol's own bars at or after its bucket's end: until then `at(0)` is the
 * previous coarse bar. See `engine/data/resample.ts` for the buckets.
 */
export interface TimeframeView {
  /** The timeframe, as asked for (e.g. `"1d"`). */
  readonly timeframe: string;
  readonly bars: PriceSeries;
  readonly ind: IndicatorSource;
}

/** One symbol as a strategy sees it at setup. */
export interface SymbolView {
  readonly id: number;
  readonly name: string;
  /** Its price series. */
  readonly bars: PriceSeries;
  /** Its indicators. */
  readonly ind: IndicatorSource;
  /**
   * Its bars at a coarser timeframe: `Ns`, `Nm`, `Nh`, `1d`, `1w`, `Nmo`
   * (N = 1, 2, 3, 4, 6, 12). Computed once per dataset.
   */
  timeframe(tf: string, options?: TimeframeOptions): TimeframeView;
}

/**
 * One value per symbol, made by {@linkcode StrategySetup.perSymbol}: read a
 * symbol's with `of(ctx)` (the context's current symbol), `of("ORCL")` or
 * `of(2)`; iterate in symbol id order.
 */
export interface PerSymbol<T> extends Iterable<T> {
  of(symbol: SymbolRef | { readonly symbol: number }): T;
  readonly length: number;
}

/** What a strategy can see while it is being created. */
export interface StrategySetup {
  /** Symbol names of the run, sorted; a symbol id indexes this list. */
  readonly symbols: readonly string[];
  /** A symbol's view: its id, name, bars, indicators and timeframes. */
  symbol(symbol: SymbolRef): SymbolView;
  /** Indicator series of a symbol (`setup.symbol(s).ind`). */
  indicators(symbol: SymbolRef): IndicatorSource;
  /**
   * Per-symbol state without hand-kept arrays: `init` runs once per symbol,
   * in id order, and its results are read back with `of()`.
   *
   * @example
   * ```ts ignore
   * const st = setup.perSymbol(({ ind }) => ({ fast: ind.sma(10), slow: ind.sma(30), entries: 0 }));
   * // in onBar: const { fast, slow } = st.of(ctx);
   * ```
   */
  perSymbol<T>(init: (symbol: SymbolView) => T): PerSymbol<T>;
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
  /** The symbol to trade; the current bar's symbol by default (an `onStep` order must name one). */
  readonly symbol?: SymbolRef;
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
  /** Symbol name or id; the current bar's symbol by default (every symbol in `onStep`). */
  readonly symbol?: SymbolRef;
  /** `all` (default), `entries` (orders the strategy sent) or `exits` (bracket exits). */
  readonly orders?: "all" | "entries" | "exits";
}

/**
 * Options of {@linkcode StepContext.rebalance}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import type { RebalanceOptions } from "./types.ts";
 * const o: RebalanceOptions = { others: "keep" };
 * assert.ok(o.others === "keep");
 * ```
 */
export interface RebalanceOptions {
  /** What happens to held symbols the weights do not name: `"close"` them (default) or `"keep"` them. */
  readonly others?: "close" | "keep";
}

/**
 * What every hook's context offers: the time, the account, every symbol's
 * position and bars, and orders for any symbol.
 *
 * **Sizing by weight.** `targetPercent` and `rebalance` turn a fraction of
 * the equity at this close into a target quantity at the symbol's latest
 * close, rounded toward zero to whole lots of `risk.sizing.lotSize`, and
 * emit it as a `target` intent. The gross weight (Σ|w|) may not exceed
 * `risk.limits.grossExposure` (or 1 on a cash account without that limit).
 */
export interface StepContext {
  /** Start time of this step's bars, epoch ms UTC. */
  readonly tsMs: number;
  /** Symbol names of the run; a symbol id indexes this list. */
  readonly symbols: readonly string[];
  /** Cash at this close. */
  readonly cash: number;
  /** Mark-to-market equity at this close. */
  readonly equity: number;
  /** Filled position of a symbol (the current one by default), signed. */
  position(symbol?: SymbolRef): number;
  /**
   * Net quantity of orders accepted but not yet filled (the current symbol
   * by default). Bracket exits are not counted: they only ever reduce the
   * position.
   */
  pending(symbol?: SymbolRef): number;
  /** `position + pending`: where the symbol is headed once its orders fill. */
  exposure(symbol?: SymbolRef): number;
  /** A symbol's price series, anchored at its latest bar closed by now. */
  barsOf(symbol: SymbolRef): PriceSeries;
  /** True when the symbol has a bar at this step (false for a symbol not trading now, or not yet started). */
  hasBar(symbol: SymbolRef): boolean;
  /** Buy `qty` (or let risk sizing choose when omitted), as a market order unless `options` say otherwise. */
  buy(qty?: number, options?: OrderOptions): void;
  /** Buy `qty` of `symbol` (by name). */
  buy(symbol: string, qty?: number, options?: OrderOptions): void;
  /** Sell `qty` (or let risk sizing choose when omitted); selling below zero goes short. */
  sell(qty?: number, options?: OrderOptions): void;
  /** Sell `qty` of `symbol` (by name). */
  sell(symbol: string, qty?: number, options?: OrderOptions): void;
  /** Move the position, including orders in flight, to `qty`. No bracket. */
  target(qty: number, options?: OrderOptions): void;
  /** Move `symbol`'s position (by name), including orders in flight, to `qty`. */
  target(symbol: string, qty: number, options?: OrderOptions): void;
  /**
   * Move the position, including orders in flight, to zero. No bracket. The
   * order is reduce-only: if the position shrinks before it fills (say a
   * bracket exit filled first), it fills only what is left, and nothing once
   * the position is flat.
   */
  close(options?: OrderOptions): void;
  /** Close `symbol`'s position (by name). */
  close(symbol: string, options?: OrderOptions): void;
  /** Move a symbol's position to `fraction` of equity (negative: short), as a `target` order. */
  targetPercent(symbol: SymbolRef, fraction: number, options?: OrderOptions): void;
  /**
   * Target weights for many symbols at once, e.g. `{ ORCL: 0.3, NVDA: 0.2 }`;
   * every other held symbol goes to zero unless `others: "keep"`. The orders
   * that sell are submitted before the ones that buy, so a cash account can
   * rotate; each passes the risk gate on its own.
   */
  rebalance(weights: Readonly<Record<string, number>>, options?: RebalanceOptions): void;
  /**
   * Cancel working orders (of the current symbol by default, of every symbol
   * in `onStep`). A cancel is a message like an order: it takes effect when
   * it arrives (the close plus its own latency draw), so an order can still
   * fill in a bar that starts before then. `pending()` stops counting the
   * orders at once.
   */
  cancel(options?: CancelOptions): void;
}

/** The view a strategy gets at the close of one bar of one symbol (and in the callbacks about it). */
export interface BarContext extends StepContext {
  /** Symbol id of this bar. */
  readonly symbol: number;
  /** Symbol name of this bar. */
  readonly symbolName: string;
  /** This bar's index within its symbol's bars (0-based). */
  readonly index: number;
  /** This symbol's price series, anchored at this bar. */
  readonly bars: PriceSeries;
}

/** A running strategy: its hooks (at least one of `onBar` and `onStep`). */
export interface Strategy {
  /** At the close of every bar of every symbol (only the bars `when` names, when it is given). */
  onBar?(ctx: BarContext): void;
  /**
   * The bars `onBar` needs, one series per symbol id in id order (an array,
   * or `setup.perSymbol(...)`; entry `s` a series of symbol `s`'s own bars,
   * e.g. `ind.crossover(fast, slow)`): `onBar` is
   * called for a bar only where its symbol's series is a number other than 0
   * (NaN and 0 mean "nothing to do"). Everything else runs on every bar as
   * before: fills, marks, equity, the risk gate's breakers, `onFill`,
   * `onTrade`, `onDenied` and `onStep`.
   *
   * Declaring it lets the engine step sparsely (engine/backtest.ts): while
   * no order is working and no hook is due, it walks the bars in a tight
   * loop that only marks positions and records equity, and stops at the
   * next bar `when` names, the next breaker or trading-day bound, and the
   * next corporate action. The result is the same, byte for byte, as
   * stepping every bar (`RunOptions.sparse: false`); sweeps over a
   * strategy with `when` are many times faster. Without `when`, `onBar`
   * runs at every bar and every bar is stepped in full.
   */
  readonly when?: Iterable<Series>;
  /** Once per distinct bar time, after every symbol's bar at that time has closed. */
  onStep?(ctx: StepContext): void;
  /** A fill of one of the strategy's orders (or of a breaker's flatten). */
  onFill?(fill: Fill, ctx: BarContext): void;
  /** A round trip closed (flat again, or reversed). */
  onTrade?(trade: Trade, ctx: BarContext): void;
  /** The risk gate denied an intent. */
  onDenied?(denial: Denial, ctx: BarContext): void;
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
 * misspelled param is an error) and a factory that returns its hooks.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { z } from "zod";
 * import { defineStrategy } from "./types.ts";
 * const buyAndHold = defineStrategy({
 *   name: "buyAndHold",
 *   params: z.strictObject({ qty: z.number().positive() }),
 *   create: (p) => ({ onBar: (ctx) => { if (ctx.exposure() === 0) ctx.buy(p.qty); } }),
 * });
 * assert.ok(buyAndHold.kind === "strategy");
 * ```
 */
export function defineStrategy<S extends z.ZodType>(def: {
  name: string;
  params: S;
  create(params: z.output<S>, setup: StrategySetup): Strategy;
}): StrategyDefinition<S> {
  // where it is declared, for the message of an error its code throws without a line of its own
  recordDefinition(def.create);
  return Object.freeze({ kind: "strategy" as const, ...def });
}

/** True when `v` looks like a {@linkcode StrategyDefinition}. */
export function isStrategyDefinition(v: unknown): v is StrategyDefinition {
  const d = v as StrategyDefinition | null;
  return typeof d === "object" && d !== null && d.kind === "strategy" && typeof d.name === "string" &&
    typeof d.create === "function" && typeof (d.params as { safeParse?: unknown })?.safeParse === "function";
}
