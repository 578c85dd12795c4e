/**
 * The engine's side of the strategy contract: the reusable context every
 * hook gets, and the intent buffer it fills.
 *
 * @module
 */
import { closeOffsets } from "../data/bar_frame.ts";
import { StrategyError } from "../errors.ts";
import { type OrderSpecWriter, writeMarketSpec, writeOrderSpec } from "../execution/order.ts";
import type { OrderDesk } from "../execution/simulator.ts";
import { userFrame } from "../indicators/define_indicator.ts";
import type { Portfolio } from "../portfolio/portfolio.ts";
import { MAX_QTY } from "../result.ts";
import { floorToLot } from "../risk/sizing.ts";
import type { RunViews } from "./setup.ts";
import type {
  BarContext,
  CancelOptions,
  IntentKind,
  OrderOptions,
  PriceSeries,
  RebalanceOptions,
  SymbolRef,
} from "./types.ts";

/** How an intent was asked for: directly, or as a weight. */
export const VIA_ORDER = 0;
/** `targetPercent(symbol, w)`. */
export const VIA_TARGET_PERCENT = 1;
/** `rebalance({ … })`. */
export const VIA_REBALANCE = 2;

/**
 * Intents emitted by the strategy's hooks, as columns: the symbol, kind and
 * quantity the risk gate judges, the decision time, how it was asked for,
 * and the order spec the fill simulator works. The columns are reused from
 * bar to bar.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { IntentBuffer } from "./context.ts";
 * import { ORDER_LIMIT } from "../execution/order.ts";
 * const b = new IntentBuffer();
 * assert.ok(b.push(2, "buy", 10, 60_000, { type: "limit", limitPrice: 9.5 }) === null);
 * assert.ok(b.count === 1 && b.symbol[0] === 2 && b.orderType[0] === ORDER_LIMIT && b.limitPrice[0] === 9.5);
 * ```
 */
export class IntentBuffer implements OrderSpecWriter {
  symbol: number[] = [];
  kinds: IntentKind[] = [];
  qty: number[] = [];
  /** When the order is decided and sent: the close of the hook's bar (or step). */
  closeMs: number[] = [];
  /** The weight of a `targetPercent` or `rebalance` intent (NaN otherwise). */
  weight: number[] = [];
  /** {@linkcode VIA_ORDER}, {@linkcode VIA_TARGET_PERCENT} or {@linkcode VIA_REBALANCE}. */
  via: number[] = [];
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
  push(
    s: number,
    kind: IntentKind,
    qty: number,
    closeMs: number,
    options?: OrderOptions,
    weight = NaN,
    via = VIA_ORDER,
  ): string | null {
    const i = this.count;
    if (options === undefined) writeMarketSpec(this, i);
    else {
      const side = kind === "buy" ? 1 : kind === "sell" ? -1 : 0;
      const problem = writeOrderSpec(options, side, this, i);
      if (problem !== null) return problem;
    }
    this.reduceOnly[i] = kind === "close" ? 1 : 0;
    this.symbol[i] = s;
    this.kinds[i] = kind;
    this.qty[i] = qty;
    this.closeMs[i] = closeMs;
    this.weight[i] = weight;
    this.via[i] = via;
    this.count = i + 1;
    return null;
  }
}

/** What {@linkcode EngineContext} needs from the run. */
export interface ContextDeps {
  readonly views: RunViews;
  readonly portfolio: Portfolio;
  readonly desk: OrderDesk;
  readonly strategyName: string;
  /** Orders are whole multiples of this (`risk.sizing.lotSize`): weights round toward zero to it. */
  readonly lotSize: number;
  /** Largest gross weight (Σ|w|) the risk config allows. */
  readonly maxGrossWeight: number;
  /** Where that cap comes from, for messages. */
  readonly maxGrossWhy: string;
}

const iso = (t: number) => new Date(t).toISOString();

/**
 * The one mutable context object handed to every hook; the engine repoints
 * it instead of allocating. In `onStep` it has no current symbol
 * (`symbol` is −1) and every order must name one.
 */
export class EngineContext implements BarContext {
  symbol = -1;
  tsMs = 0;
  index = -1;
  cash = 0;
  equity = 0;
  /** `closeMs` when set (a step, an `onDenied` replay); NaN: the current bar's close, worked out when read. */
  #closeMs = NaN;
  /** When orders emitted now are decided: the close of the current bar, or of the step. */
  get closeMs(): number {
    if (this.#closeMs === this.#closeMs) return this.#closeMs;
    // the close of the symbol's bar at tsMs; a symbol without a bar then keeps its last bar's close offset. Every bar
    // of most symbols closes at one offset from its start: then the bar's row (a cache miss after a sparse stretch)
    // need not be read
    const offset = this.#closeOffset[this.symbol]!;
    if (offset === offset && this.index >= 0) return this.tsMs + offset;
    const r = this.#segStart[this.symbol]! + this.index;
    return this.tsMs + (this.#barClose[r]! - this.#barStart[r]!);
  }
  set closeMs(ms: number) {
    this.#closeMs = ms;
  }
  /** The hook running now, for messages. */
  hook = "onBar";
  /** True while orders are ignored (warm-up bars before a walk-forward test window). */
  muted = false;
  bars: PriceSeries;
  readonly symbols: readonly string[];
  readonly intents = new IntentBuffer();
  readonly #views: RunViews;
  readonly #portfolio: Portfolio;
  readonly #pending: Float64Array;
  readonly #desk: OrderDesk;
  readonly #barStart: Float64Array;
  readonly #barClose: Float64Array;
  readonly #segStart: Int32Array;
  /** {@linkcode closeOffsets} of the frame. */
  readonly #closeOffset: Float64Array;
  readonly #strategy: string;
  readonly #lot: number;
  readonly #maxGross: number;
  readonly #maxGrossWhy: string;
  readonly #cursor: Int32Array;
  readonly #noBars: PriceSeries;
  /** Every symbol's price series, built once: `moveTo` runs at every bar. */
  readonly #prices: readonly PriceSeries[];

  constructor(deps: ContextDeps) {
    this.#views = deps.views;
    this.symbols = deps.views.frame.symbols;
    this.#portfolio = deps.portfolio;
    this.#pending = deps.desk.pendingQty;
    this.#desk = deps.desk;
    this.#barStart = deps.views.frame.tsMs;
    this.#barClose = deps.views.frame.closeMs;
    this.#segStart = deps.views.frame.segStart;
    this.#closeOffset = closeOffsets(deps.views.frame);
    this.#strategy = deps.strategyName;
    this.#lot = deps.lotSize;
    this.#maxGross = deps.maxGrossWeight;
    this.#maxGrossWhy = deps.maxGrossWhy;
    this.#cursor = deps.views.cursor;
    const none = () => {
      throw this.#error("read ctx.bars, but onStep has no current symbol: use ctx.barsOf(symbol)");
    };
    const bad = { get: none };
    this.#noBars = Object.create(null, { open: bad, high: bad, low: bad, close: bad, volume: bad });
    this.bars = this.#noBars;
    this.#prices = this.symbols.map((_, s) => deps.views.prices(s));
  }

  /** Point the context at bar `index` of symbol `s` (its close), in hook `hook`. */
  moveTo(s: number, index: number, tsMs: number, cash: number, equity: number): void {
    if (s !== this.symbol) {
      this.symbol = s;
      this.bars = this.#prices[s]!;
    }
    this.index = index;
    this.tsMs = tsMs;
    this.cash = cash;
    this.equity = equity;
    this.#closeMs = NaN; // read only when an order is emitted: see the getter
  }

  /** Point the context at a whole step (no current symbol), decided at `closeMs`. */
  moveToStep(tsMs: number, closeMs: number, cash: number, equity: number): void {
    this.symbol = -1;
    this.index = -1;
    this.tsMs = tsMs;
    this.#closeMs = closeMs;
    this.cash = cash;
    this.equity = equity;
    this.bars = this.#noBars;
  }

  /** The current symbol's name ("" in onStep). */
  get symbolName(): string {
    return this.symbols[this.symbol] ?? "";
  }

  /** The id of `symbol`, or the current symbol's when omitted. */
  #id(symbol: SymbolRef | undefined): number {
    if (symbol === undefined) {
      if (this.symbol >= 0) return this.symbol;
      throw this.#error("must name a symbol: onStep has no current symbol");
    }
    if (typeof symbol === "number" && symbol >= 0 && symbol < this.symbols.length && (symbol | 0) === symbol) {
      return symbol;
    }
    const r = this.#views.idOf(symbol);
    if (typeof r === "string") throw this.#error(`asked for ${r}`);
    return r;
  }

  position(symbol?: SymbolRef): number {
    return this.#portfolio.qty[this.#id(symbol)]!;
  }

  pending(symbol?: SymbolRef): number {
    return this.#pending[this.#id(symbol)]!;
  }

  exposure(symbol?: SymbolRef): number {
    const s = this.#id(symbol);
    return this.#portfolio.qty[s]! + this.#pending[s]!;
  }

  barsOf(symbol: SymbolRef): PriceSeries {
    return this.#views.prices(this.#id(symbol));
  }

  hasBar(symbol: SymbolRef): boolean {
    const s = this.#id(symbol), c = this.#cursor[s]!;
    const frame = this.#views.frame;
    return c >= 0 && frame.tsMs[frame.segStart[s]! + c] === this.tsMs;
  }

  /** A contract violation, named with the strategy, the hook, the symbol, the time and the user's line. */
  #error(what: string): StrategyError {
    const where = userFrame(new Error().stack);
    const on = this.symbol >= 0 ? ` on ${this.symbolName}` : "";
    return new StrategyError(
      `Strategy "${this.#strategy}" ${what} (in ${this.hook}${on} at ${iso(this.tsMs)}${where ? `, ${where}` : ""})`,
    );
  }

  #qty(kind: "buy" | "sell", qty: unknown): number {
    if (qty === undefined) return NaN;
    if (typeof qty === "number" && qty > 0 && qty <= MAX_QTY) return qty;
    throw this.#error(
      `emitted ${kind}(${
        String(qty)
      }): the quantity must be a finite number > 0 and at most ${MAX_QTY.toExponential()}, ` +
        "or omitted to let risk sizing decide",
    );
  }

  #push(s: number, kind: IntentKind, qty: number, options: OrderOptions | undefined, given: unknown): void {
    let o = options;
    if (o !== undefined && typeof o === "object" && o !== null && "symbol" in o) {
      const { symbol: _, ...rest } = o;
      o = rest;
    }
    const problem = this.intents.push(s, kind, qty, this.closeMs, o);
    if (problem !== null) {
      throw this.#error(`emitted ${kind}(${given === undefined ? "" : String(given)}) with a bad order: ${problem}`);
    }
    if (this.muted) this.intents.count--;
  }

  /** The symbol of an order: a leading name, else `options.symbol`, else the current one. */
  #orderSymbol(options: OrderOptions | undefined): number {
    const s = typeof options === "object" && options !== null ? options.symbol : undefined;
    return this.#id(s);
  }

  buy(a?: number | string, b?: number | OrderOptions, c?: OrderOptions): void {
    if (typeof a === "string") this.#push(this.#id(a), "buy", this.#qty("buy", b), c, b);
    else this.#push(this.#orderSymbol(b as OrderOptions | undefined), "buy", this.#qty("buy", a), b as never, a);
  }

  sell(a?: number | string, b?: number | OrderOptions, c?: OrderOptions): void {
    if (typeof a === "string") this.#push(this.#id(a), "sell", this.#qty("sell", b), c, b);
    else this.#push(this.#orderSymbol(b as OrderOptions | undefined), "sell", this.#qty("sell", a), b as never, a);
  }

  target(a: number | string, b?: number | OrderOptions, c?: OrderOptions): void {
    const named = typeof a === "string";
    const qty = named ? b : a, options = (named ? c : b) as OrderOptions | undefined;
    if (typeof qty !== "number" || !(Math.abs(qty) <= MAX_QTY)) {
      throw this.#error(
        `emitted target(${
          String(qty)
        }): the target must be a finite number of at most ${MAX_QTY.toExponential()} either way`,
      );
    }
    this.#push(named ? this.#id(a) : this.#orderSymbol(options), "target", qty, options, qty);
  }

  close(a?: string | OrderOptions, b?: OrderOptions): void {
    if (typeof a === "string") this.#push(this.#id(a), "close", 0, b, undefined);
    else this.#push(this.#orderSymbol(a), "close", 0, a, undefined);
  }

  /** The target quantity of weight `w` for symbol `s` at its latest close, valued by the instruments (NaN without one). */
  #weightQty(s: number, w: number): number {
    const v = this.#portfolio.pointValue; // with instruments: a unit is worth price × multiplier × FX rate
    const price = v === undefined ? this.#portfolio.mark[s]! : this.#portfolio.mark[s]! * v[s]!;
    if (!(price > 0)) return NaN;
    const q = floorToLot(Math.abs(w) * this.equity / price, this.#lot);
    return w < 0 ? -q : q;
  }

  #weight(what: string, w: unknown): number {
    if (typeof w !== "number" || !Number.isFinite(w)) {
      throw this.#error(`${what}: the weight must be a finite number (a fraction of equity), found ${String(w)}`);
    }
    return w;
  }

  #checkGross(what: string, gross: number): void {
    if (gross > this.#maxGross + 1e-9) {
      throw this.#error(
        `${what}: the gross weight Σ|w| = ${
          Number(gross.toPrecision(12))
        } exceeds ${this.#maxGross}, ${this.#maxGrossWhy}`,
      );
    }
  }

  targetPercent(symbol: SymbolRef, fraction: number, options?: OrderOptions): void {
    const s = this.#id(symbol);
    const w = this.#weight(`targetPercent(${JSON.stringify(symbol)})`, fraction);
    this.#checkGross(`targetPercent(${JSON.stringify(symbol)}, ${w})`, Math.abs(w));
    const problem = this.intents.push(s, "target", this.#weightQty(s, w), this.closeMs, options, w, VIA_TARGET_PERCENT);
    if (problem !== null) {
      throw this.#error(`emitted targetPercent(${JSON.stringify(symbol)}) with a bad order: ${problem}`);
    }
    if (this.muted) this.intents.count--;
  }

  rebalance(weights: Readonly<Record<string, number>>, options?: RebalanceOptions): void {
    if (typeof weights !== "object" || weights === null || Array.isArray(weights)) {
      throw this.#error("called rebalance() without weights: expected an object such as { ORCL: 0.3, NVDA: 0.2 }");
    }
    let others: "close" | "keep" = "close";
    if (options !== undefined) {
      for (const k of Object.keys(options)) {
        if (k !== "others") throw this.#error(`called rebalance() with unknown option "${k}"; expected others`);
      }
      if (options.others !== undefined && options.others !== "close" && options.others !== "keep") {
        throw this.#error(
          `called rebalance() with others ${JSON.stringify(options.others)}; expected "close" or "keep"`,
        );
      }
      others = options.others ?? "close";
    }
    const k = this.symbols.length;
    const target = new Float64Array(k).fill(NaN), weight = new Float64Array(k).fill(NaN);
    const named = new Uint8Array(k);
    let gross = 0;
    for (const name of Object.keys(weights)) {
      const s = this.#id(name);
      const w = this.#weight(`rebalance() weight of ${name}`, weights[name]);
      named[s] = 1;
      weight[s] = w;
      target[s] = this.#weightQty(s, w);
      gross += Math.abs(w);
    }
    this.#checkGross("rebalance()", gross);
    // sells first (they free cash and exposure for the buys), then buys; by symbol id within each
    const exposure = (s: number) => this.#portfolio.qty[s]! + this.#pending[s]!;
    for (const pass of [-1, 1]) {
      for (let s = 0; s < k; s++) {
        if (named[s]) {
          const t = target[s]!;
          const delta = t - exposure(s);
          // a symbol without a price goes with the buys: the gate denies it (no-price)
          if (t === t ? delta === 0 || Math.sign(delta) !== pass : pass < 0) continue;
          this.intents.push(s, "target", t, this.closeMs, undefined, weight[s]!, VIA_REBALANCE);
          if (this.muted) this.intents.count--;
        } else if (others === "close" && pass < 0 && exposure(s) !== 0) {
          this.intents.push(s, "close", 0, this.closeMs, undefined, 0, VIA_REBALANCE);
          if (this.muted) this.intents.count--;
        }
      }
    }
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
      if (options.symbol !== undefined) s = this.#id(options.symbol);
      const o = options.orders;
      if (o !== undefined) {
        if (o !== "all" && o !== "entries" && o !== "exits") {
          throw this.#error(`emitted cancel() with orders ${JSON.stringify(o)}; expected "all", "entries" or "exits"`);
        }
        scope = o;
      }
    }
    if (this.muted) return;
    // a cancel is sent at the hook's close, like an order; in onStep without a symbol it reaches every symbol
    if (s >= 0) this.#desk.cancel(s, scope, this.closeMs);
    else for (let x = 0; x < this.symbols.length; x++) this.#desk.cancel(x, scope, this.closeMs);
  }
}
