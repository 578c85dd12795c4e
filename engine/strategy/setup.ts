/**
 * What a strategy gets at setup, and the series views every hook reads:
 * symbols by name or id, their price series, their indicators (every
 * built-in by name, any definition through `use`, one-off series through
 * `compute`), coarser timeframes, and per-symbol state.
 *
 * Every view is anchored at its symbol's cursor, which the engine advances
 * as bars close, so a view can only ever reach bars closed by now; every
 * view is registered with where it came from, so that it can be the input
 * of another indicator of the same symbol and timeframe.
 *
 * @module
 */
import type { BarFrame } from "../data/bar_frame.ts";
import { resolveTradingDay } from "../data/calendar.ts";
import { parseTimeframe, TIMEFRAME_FORMS } from "../data/resample.ts";
import { isTimeZone, SESSION_START_RE } from "../data/trading_day.ts";
import { IndicatorError } from "../errors.ts";
import type { IndicatorCache } from "../indicators/cache.ts";
import {
  type IndicatorDefinition,
  isIndicatorDefinition,
  originOf,
  PRICE_FIELDS,
  type SeriesOrigin,
  userFrame,
} from "../indicators/define_indicator.ts";
import { INDICATOR_LIST } from "../indicators/library.ts";
import type { OverlayRecorder } from "./overlays.ts";
import { SeriesView, TimeframeSeriesView } from "./series.ts";
import type {
  IndicatorSource,
  PerSymbol,
  PriceField,
  PriceSeries,
  Series,
  StrategySetup,
  SymbolRef,
  SymbolView,
  TimeframeOptions,
  TimeframeView,
} from "./types.ts";

/** Makes the view of one array of a symbol. */
type ViewOf = (values: Float64Array, origin: SeriesOrigin) => Series;

const isPlainObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === "object" && x !== null && Object.getPrototypeOf(x) === Object.prototype && originOf(x) === undefined &&
  !isIndicatorDefinition((x as { use?: unknown }).use);

/**
 * The indicators of one symbol in one cache (a frame's, or a timeframe's).
 * Every built-in is a method of its prototype, so an instance costs three
 * fields whatever the table's size.
 */
class SymbolIndicators {
  readonly #cache: IndicatorCache;
  readonly #s: number;
  readonly #view: ViewOf;
  /** Notes the series asked for, for the report (a frame's indicators, when the run records overlays). */
  readonly #recorder: OverlayRecorder | undefined;

  constructor(cache: IndicatorCache, s: number, view: ViewOf, recorder?: OverlayRecorder) {
    this.#cache = cache;
    this.#s = s;
    this.#view = view;
    this.#recorder = recorder;
  }

  #register(values: Float64Array, key: string, start: number): Series {
    return this.#view(values, { owner: this.#cache, symbol: this.#s, key, values, start });
  }

  field(name: PriceField): Series {
    if (!(PRICE_FIELDS as readonly string[]).includes(name)) {
      throw new IndicatorError(
        `field(${JSON.stringify(name)}): expected "open", "high", "low", "close" or "volume"`,
      );
    }
    return this.#register(this.#cache.field(this.#s, name), `${this.#s}|${name}`, 0);
  }

  use(def: IndicatorDefinition, ...args: unknown[]): unknown {
    if (!isIndicatorDefinition(def)) {
      throw new IndicatorError("use(): expected an indicator made by defineIndicator() as the first argument");
    }
    let params: unknown;
    if (args.length === 1 && isPlainObject(args[0])) params = args[0];
    else {
      if (args.length > def.args.length) {
        throw new IndicatorError(
          `indicator "${def.name}" takes ${
            def.args.length === 0 ? "no positional arguments" : `at most ${def.args.length}: ${def.args.join(", ")}`
          }, found ${args.length}; pass a params object to set others`,
        );
      }
      const p: Record<string, unknown> = {};
      args.forEach((a, i) => {
        if (a !== undefined) p[def.args[i]!] = a;
      });
      params = p;
    }
    const c = this.#cache.get(def, this.#s, params);
    const views = c.values.map((values, o) => this.#register(values, `${c.key}#${o}`, c.starts[o]!));
    if (this.#recorder?.active) {
      const many = c.values.length > 1;
      this.#recorder.indicator(
        this.#s,
        def,
        params,
        c.values.map((values, o) => ({ key: `${c.key}#${o}`, values, output: many ? def.outputs[o] : undefined })),
      );
    }
    if (views.length === 1) return views[0];
    return Object.freeze(Object.fromEntries(def.outputs.map((name, o) => [name, views[o]])));
  }

  compute(fn: (...inputs: Float64Array[]) => ArrayLike<number>, ...inputs: unknown[]): Series {
    const where = userFrame(new Error().stack) ?? "unknown";
    if (typeof fn !== "function") {
      throw new IndicatorError(`compute() at ${where}: expected a function of the input columns as first argument`);
    }
    const c = this.#cache.computeSeries(this.#s, fn, inputs, where);
    if (this.#recorder?.active) {
      this.#recorder.computed(this.#s, { key: `${c.key}#0`, values: c.values[0]!, output: undefined });
    }
    return this.#register(c.values[0]!, `${c.key}#0`, c.starts[0]!);
  }
}

for (const def of INDICATOR_LIST as readonly IndicatorDefinition[]) {
  Object.defineProperty(SymbolIndicators.prototype, def.name, {
    value: function (this: SymbolIndicators, ...args: unknown[]) {
      return this.use(def, ...args);
    },
  });
}

/**
 * The views of one run: symbols by name, each symbol's price series and
 * indicators, built on first use and shared by setup and every hook.
 */
export class RunViews {
  readonly frame: BarFrame;
  readonly cache: IndicatorCache;
  readonly cursor: Int32Array;
  readonly #ids: Map<string, number>;
  readonly #prices: (PriceSeries | undefined)[];
  readonly #indicators: (IndicatorSource | undefined)[];
  readonly #symbols: (SymbolView | undefined)[];
  readonly #timeframes = new Map<string, TimeframeView>();
  readonly #recorder: OverlayRecorder | undefined;

  /** `recorder`, when given, notes the series the strategy asks for of each symbol's indicators (not timeframes'). */
  constructor(frame: BarFrame, cache: IndicatorCache, cursor: Int32Array, recorder?: OverlayRecorder) {
    this.frame = frame;
    this.cache = cache;
    this.cursor = cursor;
    this.#recorder = recorder;
    this.#ids = new Map(frame.symbols.map((name, s) => [name, s]));
    this.#prices = new Array(frame.symbols.length).fill(undefined);
    this.#indicators = new Array(frame.symbols.length).fill(undefined);
    this.#symbols = new Array(frame.symbols.length).fill(undefined);
  }

  /**
   * The id of a symbol given by name or id, or a message saying what is
   * wrong with it.
   */
  idOf(symbol: unknown): number | string {
    const names = this.frame.symbols;
    if (typeof symbol === "number") {
      if (symbol >= 0 && symbol < names.length && (symbol | 0) === symbol) return symbol;
      return `symbol id ${symbol} does not exist; ids run from 0 to ${names.length - 1}`;
    }
    if (typeof symbol === "string") {
      const id = this.#ids.get(symbol);
      if (id !== undefined) return id;
      const known = names.length <= 12 ? names.join(", ") : `${names.slice(0, 12).join(", ")}, … (${names.length})`;
      return `unknown symbol ${JSON.stringify(symbol)}; the run's symbols are ${known}`;
    }
    return `expected a symbol name or id, found ${symbol === null ? "null" : typeof symbol}`;
  }

  /** The price series of symbol `s`. */
  prices(s: number): PriceSeries {
    let p = this.#prices[s];
    if (p === undefined) {
      const ind = this.indicators(s) as unknown as SymbolIndicators;
      p = Object.freeze({
        open: ind.field("open"),
        high: ind.field("high"),
        low: ind.field("low"),
        close: ind.field("close"),
        volume: ind.field("volume"),
      });
      this.#prices[s] = p;
    }
    return p;
  }

  /** The indicators of symbol `s`. */
  indicators(s: number): IndicatorSource {
    let i = this.#indicators[s];
    if (i === undefined) {
      const cursor = this.cursor;
      i = new SymbolIndicators(
        this.cache,
        s,
        (a, origin) => new SeriesView(a, cursor, s, origin),
        this.#recorder,
      ) as unknown as IndicatorSource;
      this.#indicators[s] = i;
    }
    return i;
  }

  /** Symbol `s` as a strategy sees it at setup. */
  symbol(s: number): SymbolView {
    let v = this.#symbols[s];
    if (v === undefined) {
      const prices = () => this.prices(s), indicators = () => this.indicators(s);
      v = Object.freeze({
        id: s,
        name: this.frame.symbols[s]!,
        get bars() {
          return prices();
        },
        get ind() {
          return indicators();
        },
        timeframe: (tf: string, options?: TimeframeOptions) => this.timeframe(s, tf, options),
      });
      this.#symbols[s] = v;
    }
    return v;
  }

  /** Symbol `s`'s bars at timeframe `tf`, and indicators over them. */
  timeframe(s: number, text: string, options: TimeframeOptions = {}): TimeframeView {
    const name = this.frame.symbols[s]!;
    const tf = parseTimeframe(text);
    if (tf === null) {
      throw new IndicatorError(`timeframe(${JSON.stringify(text)}) for ${name}: expected ${TIMEFRAME_FORMS}`);
    }
    if (typeof options !== "object" || options === null) {
      throw new IndicatorError(`timeframe("${text}") for ${name}: options must be an object`);
    }
    for (const k of Object.keys(options)) {
      if (k !== "timeZone" && k !== "sessionStart") {
        throw new IndicatorError(
          `timeframe("${text}") for ${name}: unknown option "${k}"; expected timeZone or sessionStart`,
        );
      }
    }
    if (options.timeZone !== undefined && !isTimeZone(options.timeZone)) {
      throw new IndicatorError(
        `timeframe("${text}") for ${name}: timeZone ${JSON.stringify(options.timeZone)} is not an IANA time zone`,
      );
    }
    if (options.sessionStart !== undefined && !SESSION_START_RE.test(options.sessionStart)) {
      throw new IndicatorError(
        `timeframe("${text}") for ${name}: sessionStart ${JSON.stringify(options.sessionStart)} is not a time HH:MM`,
      );
    }
    const interval = this.frame.intervalMs[s]!;
    if (tf.minMs < interval) {
      throw new IndicatorError(
        `timeframe("${text}") for ${name}: cannot resample to a finer timeframe than the data, whose bars are ${
          duration(interval)
        } long; ask for ${duration(interval)} or longer`,
      );
    }
    // days follow the data calendar unless the strategy names its own (docs/calendars.md)
    const day = resolveTradingDay(options, this.frame.calendar);
    const key = `${s}|${text}|${day.timeZone}|${day.sessionStart}`;
    let v = this.#timeframes.get(key);
    if (v === undefined) {
      const tb = this.cache.timeframe(s, tf, day);
      const cursor = this.cursor, visible = tb.visible;
      const ind = new SymbolIndicators(
        tb.cache,
        0,
        (a, origin) => new TimeframeSeriesView(a, cursor, s, visible, origin),
      );
      const bars = Object.freeze({
        open: ind.field("open"),
        high: ind.field("high"),
        low: ind.field("low"),
        close: ind.field("close"),
        volume: ind.field("volume"),
      });
      v = Object.freeze({ timeframe: text, bars, ind: ind as unknown as IndicatorSource });
      this.#timeframes.set(key, v);
    }
    return v;
  }
}

/** A bar length for messages: `1d`, `4h`, `5m`, `30s`, `250ms`. */
function duration(ms: number): string {
  for (const [unit, size] of [["d", 86_400_000], ["h", 3_600_000], ["m", 60_000], ["s", 1_000]] as const) {
    if (ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}

/** One value per symbol; `of()` runs at every bar of most strategies, so its common case is a few instructions. */
class PerSymbolValues<T> implements PerSymbol<T> {
  readonly #values: T[];
  readonly #id: (symbol: unknown) => number;
  readonly length: number;

  constructor(values: T[], id: (symbol: unknown) => number) {
    this.#values = values;
    this.#id = id;
    this.length = values.length;
  }

  of(symbol: SymbolRef | { readonly symbol: number }): T {
    // the hot path: a context (its current symbol) or an id in range
    const s = typeof symbol === "object" && symbol !== null ? symbol.symbol : symbol;
    if (typeof s === "number" && s >= 0 && s < this.length && (s | 0) === s) return this.#values[s]!;
    return this.#values[this.#id(s)]!;
  }

  [Symbol.iterator](): Iterator<T> {
    return this.#values[Symbol.iterator]();
  }
}

/**
 * The setup object handed to a strategy's `create`.
 *
 * @param fail Builds the error for a bad symbol (the engine names the strategy in it).
 */
export function createSetup(views: RunViews, fail: (what: string) => Error): StrategySetup {
  const id = (symbol: unknown): number => {
    const r = views.idOf(symbol);
    if (typeof r === "string") throw fail(r);
    return r;
  };
  return Object.freeze({
    symbols: views.frame.symbols,
    symbol: (symbol: SymbolRef) => views.symbol(id(symbol)),
    indicators: (symbol: SymbolRef) => views.indicators(id(symbol)),
    perSymbol<T>(init: (symbol: SymbolView) => T): PerSymbol<T> {
      if (typeof init !== "function") throw fail("called perSymbol() without a function");
      return new PerSymbolValues(views.frame.symbols.map((_, s) => init(views.symbol(s))), id);
    },
  });
}
