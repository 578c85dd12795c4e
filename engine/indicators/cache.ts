/**
 * The indicator cache: each (symbol, indicator, params) series is computed
 * once per dataset and shared by everything that asks for it: strategies,
 * the risk engine's ATR sizing, and every run of a parameter sweep.
 *
 * @module
 */
import { type BarField, type BarFrame, type SymbolBars, symbolBars } from "../data/bar_frame.ts";
import { atr } from "./atr.ts";
import { bollinger } from "./bollinger.ts";
import { ema } from "./ema.ts";
import { highest, lowest } from "./extremes.ts";
import { macd } from "./macd.ts";
import { rsi } from "./rsi.ts";
import { sma } from "./sma.ts";
import { stochastic } from "./stochastic.ts";
import { trueRange } from "./true_range.ts";
import { wma } from "./wma.ts";

/** Bollinger bands of one symbol. */
export interface Bands {
  readonly middle: Float64Array;
  readonly upper: Float64Array;
  readonly lower: Float64Array;
}

/** MACD lines of one symbol. */
export interface MacdLines {
  readonly macd: Float64Array;
  readonly signal: Float64Array;
  readonly histogram: Float64Array;
}

/** Slow stochastic of one symbol. */
export interface StochasticLines {
  readonly k: Float64Array;
  readonly d: Float64Array;
}

/** Cache statistics. */
export interface CacheStats {
  readonly hits: number;
  readonly misses: number;
  readonly entries: number;
}

/**
 * Per-dataset indicator series, computed on first request. Arrays are
 * per symbol (index = bar index within the symbol) and must be treated as
 * read-only.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { frameFromRows } from "../data/bar_frame.ts";
 * import { IndicatorCache } from "./cache.ts";
 * const f = frameFromRows([1, 2, 3].map((c, i) => ({ symbol: "A", tsMs: i * 60_000, open: c, high: c, low: c, close: c })));
 * const cache = new IndicatorCache(f);
 * assert.ok(cache.sma(0, 2) === cache.sma(0, 2)); // computed once
 * assert.ok(cache.stats().hits === 1);
 * ```
 */
export class IndicatorCache {
  #frame: BarFrame;
  #bars: SymbolBars[];
  #store = new Map<string, unknown>();
  #hits = 0;
  #misses = 0;

  constructor(frame: BarFrame) {
    this.#frame = frame;
    this.#bars = frame.symbols.map((_, s) => symbolBars(frame, s));
  }

  /** The frame this cache belongs to. */
  get frame(): BarFrame {
    return this.#frame;
  }

  #get<T>(key: string, compute: () => T): T {
    const v = this.#store.get(key);
    if (v !== undefined) {
      this.#hits++;
      return v as T;
    }
    this.#misses++;
    const x = compute();
    this.#store.set(key, x);
    return x;
  }

  /** A raw field of symbol `s` (no copy). */
  field(s: number, f: BarField): Float64Array {
    return this.#bars[s]![f];
  }

  sma(s: number, n: number, f: BarField = "close"): Float64Array {
    return this.#get(`${s}|sma|${n}|${f}`, () => sma(this.field(s, f), n));
  }

  ema(s: number, n: number, f: BarField = "close"): Float64Array {
    return this.#get(`${s}|ema|${n}|${f}`, () => ema(this.field(s, f), n));
  }

  wma(s: number, n: number, f: BarField = "close"): Float64Array {
    return this.#get(`${s}|wma|${n}|${f}`, () => wma(this.field(s, f), n));
  }

  trueRange(s: number): Float64Array {
    const b = this.#bars[s]!;
    return this.#get(`${s}|tr`, () => trueRange(b.high, b.low, b.close));
  }

  atr(s: number, n: number): Float64Array {
    const b = this.#bars[s]!;
    return this.#get(`${s}|atr|${n}`, () => atr(b.high, b.low, b.close, n));
  }

  rsi(s: number, n: number, f: BarField = "close"): Float64Array {
    return this.#get(`${s}|rsi|${n}|${f}`, () => rsi(this.field(s, f), n));
  }

  bollinger(s: number, n: number, k: number, f: BarField = "close"): Bands {
    return this.#get(`${s}|bb|${n}|${k}|${f}`, () => bollinger(this.field(s, f), n, k));
  }

  macd(s: number, fast = 12, slow = 26, signal = 9, f: BarField = "close"): MacdLines {
    return this.#get(`${s}|macd|${fast}|${slow}|${signal}|${f}`, () => macd(this.field(s, f), fast, slow, signal));
  }

  stochastic(s: number, kPeriod = 14, slowing = 3, dPeriod = 3): StochasticLines {
    const b = this.#bars[s]!;
    return this.#get(
      `${s}|stoch|${kPeriod}|${slowing}|${dPeriod}`,
      () => stochastic(b.high, b.low, b.close, kPeriod, slowing, dPeriod),
    );
  }

  highest(s: number, n: number, f: BarField = "high"): Float64Array {
    return this.#get(`${s}|highest|${n}|${f}`, () => highest(this.field(s, f), n));
  }

  lowest(s: number, n: number, f: BarField = "low"): Float64Array {
    return this.#get(`${s}|lowest|${n}|${f}`, () => lowest(this.field(s, f), n));
  }

  /** Hits, misses and entries so far. */
  stats(): CacheStats {
    return { hits: this.#hits, misses: this.#misses, entries: this.#store.size };
  }
}
