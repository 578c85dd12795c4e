/**
 * The engine's side of the strategy contract: the reusable bar context, the
 * intent buffer it fills, and the per-symbol series views.
 *
 * @module
 */
import type { BarFrame } from "../data/bar_frame.ts";
import { StrategyError } from "../errors.ts";
import { type OrderSpecWriter, writeMarketSpec, writeOrderSpec } from "../execution/order.ts";
import type { OrderDesk } from "../execution/simulator.ts";
import type { IndicatorCache } from "../indicators/cache.ts";
import type { Portfolio } from "../portfolio/portfolio.ts";
import { SeriesView } from "./series.ts";
import type {
  BarContext,
  CancelOptions,
  IndicatorSource,
  IntentKind,
  OrderOptions,
  PriceField,
  PriceSeries,
  Series,
} from "./types.ts";

/**
 * Intents emitted during one `onBar` call, as columns: the kind and quantity
 * the risk gate judges, and the order spec the fill simulator works. The
 * columns are reused from bar to bar.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { IntentBuffer } from "./context.ts";
 * import { ORDER_LIMIT } from "../execution/order.ts";
 * const b = new IntentBuffer();
 * assert.ok(b.push("buy", 10, { type: "limit", limitPrice: 9.5 }) === null);
 * assert.ok(b.count === 1 && b.orderType[0] === ORDER_LIMIT && b.limitPrice[0] === 9.5);
 * ```
 */
export class IntentBuffer implements OrderSpecWriter {
  kinds: IntentKind[] = [];
  qty: number[] = [];
  orderType: number[] = [];
  limitPrice: number[] = [];
  stopPrice: number[] = [];
  tif: number[] = [];
  tifBars: number[] = [];
  stopLoss: number[] = [];
  takeProfit: number[] = [];
  reduceOnly: number[] = [];
  count = 0;

  /**
   * Append an intent with its order options; returns what is wrong with the
   * options (the intent is then not added), or null.
   */
  push(kind: IntentKind, qty: number, options?: OrderOptions): string | null {
    const i = this.count;
    if (options === undefined) writeMarketSpec(this, i);
    else {
      const side = kind === "buy" ? 1 : kind === "sell" ? -1 : 0;
      const problem = writeOrderSpec(options, side, this, i);
      if (problem !== null) return problem;
    }
    this.reduceOnly[i] = kind === "close" ? 1 : 0;
    this.kinds[i] = kind;
    this.qty[i] = qty;
    this.count = i + 1;
    return null;
  }
}

/** Series views of one symbol, built once per run. */
export function indicatorSource(cache: IndicatorCache, cursor: Int32Array, s: number): IndicatorSource {
  const view = (a: Float64Array): Series => new SeriesView(a, cursor, s);
  return {
    field: (f) => view(cache.field(s, f)),
    sma: (n, f = "close") => view(cache.sma(s, n, f)),
    ema: (n, f = "close") => view(cache.ema(s, n, f)),
    wma: (n, f = "close") => view(cache.wma(s, n, f)),
    trueRange: () => view(cache.trueRange(s)),
    atr: (n) => view(cache.atr(s, n)),
    rsi: (n, f = "close") => view(cache.rsi(s, n, f)),
    bollinger: (n, k, f = "close") => {
      const b = cache.bollinger(s, n, k, f);
      return { middle: view(b.middle), upper: view(b.upper), lower: view(b.lower) };
    },
    macd: (fast, slow, signal, f = "close") => {
      const m = cache.macd(s, fast, slow, signal, f);
      return { macd: view(m.macd), signal: view(m.signal), histogram: view(m.histogram) };
    },
    stochastic: (k, slowing, d) => {
      const st = cache.stochastic(s, k, slowing, d);
      return { k: view(st.k), d: view(st.d) };
    },
    highest: (n, f = "high") => view(cache.highest(s, n, f)),
    lowest: (n, f = "low") => view(cache.lowest(s, n, f)),
  };
}

const FIELDS: readonly PriceField[] = ["open", "high", "low", "close", "volume"];

/**
 * The one mutable context object handed to `onBar`; the engine repoints it
 * at each bar instead of allocating.
 */
export class EngineContext implements BarContext {
  symbol = 0;
  tsMs = 0;
  index = 0;
  cash = 0;
  equity = 0;
  bars: PriceSeries;
  readonly intents = new IntentBuffer();
  readonly #prices: PriceSeries[];
  readonly #symbols: readonly string[];
  readonly #portfolio: Portfolio;
  readonly #pending: Float64Array;
  readonly #desk: OrderDesk;
  readonly #intervalMs: Float64Array;
  readonly #strategy: string;

  constructor(
    frame: BarFrame,
    cache: IndicatorCache,
    cursor: Int32Array,
    portfolio: Portfolio,
    desk: OrderDesk,
    strategyName: string,
  ) {
    this.#symbols = frame.symbols;
    this.#portfolio = portfolio;
    this.#pending = desk.pendingQty;
    this.#desk = desk;
    this.#intervalMs = frame.intervalMs;
    this.#strategy = strategyName;
    this.#prices = frame.symbols.map((_, s) =>
      Object.freeze(
        Object.fromEntries(FIELDS.map((f) => [f, new SeriesView(cache.field(s, f), cursor, s)])),
      ) as unknown as PriceSeries
    );
    this.bars = this.#prices[0]!;
  }

  /** Point the context at a bar. */
  moveTo(s: number, index: number, tsMs: number, cash: number, equity: number): void {
    this.symbol = s;
    this.index = index;
    this.tsMs = tsMs;
    this.cash = cash;
    this.equity = equity;
    this.bars = this.#prices[s]!;
  }

  /** The current symbol's name (read on demand: most strategies never ask). */
  get symbolName(): string {
    return this.#symbols[this.symbol] ?? "";
  }

  position(symbol = this.symbol): number {
    return this.#portfolio.qty[this.#check(symbol)]!;
  }

  pending(symbol = this.symbol): number {
    return this.#pending[this.#check(symbol)]!;
  }

  #check(symbol: number): number {
    if (symbol >= 0 && symbol < this.#symbols.length && (symbol | 0) === symbol) return symbol;
    throw this.#error(`asked for symbol id ${symbol}; ids run from 0 to ${this.#symbols.length - 1}`);
  }

  #error(what: string): StrategyError {
    const at = new Date(this.tsMs).toISOString();
    return new StrategyError(`Strategy "${this.#strategy}" ${what} (on ${this.symbolName} at ${at})`);
  }

  #qty(kind: "buy" | "sell", qty: number | undefined): number {
    if (qty === undefined) return NaN;
    if (typeof qty === "number" && qty > 0 && qty < Infinity) return qty;
    throw this.#error(
      `emitted ${kind}(${qty}): the quantity must be a finite number > 0, or omitted to let risk sizing decide`,
    );
  }

  #push(kind: IntentKind, qty: number, options: OrderOptions | undefined, given: number | undefined): void {
    const problem = this.intents.push(kind, qty, options);
    if (problem !== null) throw this.#error(`emitted ${kind}(${given ?? ""}) with a bad order: ${problem}`);
  }

  buy(qty?: number, options?: OrderOptions): void {
    this.#push("buy", this.#qty("buy", qty), options, qty);
  }

  sell(qty?: number, options?: OrderOptions): void {
    this.#push("sell", this.#qty("sell", qty), options, qty);
  }

  target(qty: number, options?: OrderOptions): void {
    if (typeof qty !== "number" || !Number.isFinite(qty)) {
      throw this.#error(`emitted target(${qty}): the target must be a finite number`);
    }
    this.#push("target", qty, options, qty);
  }

  close(options?: OrderOptions): void {
    this.#push("close", 0, options, undefined);
  }

  cancel(options?: CancelOptions): void {
    let s = this.symbol, scope: "all" | "entries" | "exits" = "all";
    if (options !== undefined) {
      if (typeof options !== "object" || options === null) throw this.#error("emitted cancel() with bad options");
      for (const k in options) {
        if (k !== "symbol" && k !== "orders") {
          throw this.#error(`emitted cancel() with unknown option "${k}"; expected symbol or orders`);
        }
      }
      if (options.symbol !== undefined) s = this.#check(options.symbol);
      const o = options.orders;
      if (o !== undefined) {
        if (o !== "all" && o !== "entries" && o !== "exits") {
          throw this.#error(`emitted cancel() with orders ${JSON.stringify(o)}; expected "all", "entries" or "exits"`);
        }
        scope = o;
      }
    }
    // a cancel is sent at this bar's close, like an order
    this.#desk.cancel(s, scope, this.tsMs + this.#intervalMs[this.symbol]!);
  }
}
