/**
 * The indicator cache: each (symbol, indicator, params) series is computed
 * once per dataset and shared by everything that asks for it: strategies,
 * the risk engine's ATR sizing, and every run of a parameter sweep.
 *
 * **Memory rule.** A cache made from a frame alone keeps every series it
 * computes (a backtest asks for a handful). A cache given a
 * {@linkcode SeriesPool} keeps each series in one of the pool's slots: at
 * most `capacity` Float64Arrays of `slotLength` values (the longest symbol
 * of the frame), allocated on first need (or up front with
 * {@linkcode SeriesPool.reserve}) and then reused for the pool's life,
 * never freed and never reallocated. Its memory is therefore bounded by
 * `capacity × slotLength × 8` bytes and, once the pool is full, flat: a
 * miss evicts the least recently used series that has not been handed out
 * since the last {@linkcode IndicatorCache.endRun} and computes the new
 * series into its slot (no garbage, so no GC churn). Only a single run that
 * asks for more series than the pool has slots goes over: the extra series
 * get ordinary arrays, dropped when evicted. A series of a symbol shorter
 * than the slots uses the start of its slot.
 *
 * The cache changes speed, never numbers: every kernel overwrites the
 * whole of its output, so a series computed into a recycled slot is
 * bit-for-bit the series computed into a fresh array.
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
import { smaOf } from "./sma.ts";
import { type Magnitudes, magnitudes } from "./_fixed_sum.ts";
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
  /** Series held now. */
  readonly entries: number;
  /** Series dropped to make room (a pooled cache only). */
  readonly evictions: number;
}

/**
 * A fixed-size pool of `Float64Array` slots that a bounded
 * {@linkcode IndicatorCache} keeps its series in, so a long parameter sweep
 * reuses the same memory instead of allocating (and collecting) a new array
 * per computed series. Slots are allocated on first need (or up front by
 * {@linkcode SeriesPool.reserve}), up to `capacity`, and live as long as the
 * pool: its memory never exceeds `capacity × slotLength × 8` bytes. A worker
 * keeps one pool for all its caches (one per walk-forward window), each
 * returning its slots when disposed; caches sharing a pool should not be
 * live at the same time (one cannot evict the other's series).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { SeriesPool } from "./cache.ts";
 * const pool = new SeriesPool(1_000, 2);
 * const a = pool.take()!, b = pool.take()!;
 * assert.ok(pool.take() === undefined && pool.allocated === 2);
 * pool.give(a);
 * assert.ok(pool.take() === a); // recycled, not reallocated
 * ```
 */
export class SeriesPool {
  /** Values per slot. */
  readonly slotLength: number;
  /** Most slots the pool ever allocates. */
  readonly capacity: number;
  #free: Float64Array[] = [];
  #allocated = 0;

  /**
   * @param slotLength Values per slot: the longest series it must hold.
   * @param capacity Most slots, an integer ≥ 0.
   */
  constructor(slotLength: number, capacity: number) {
    if (!Number.isInteger(slotLength) || slotLength < 0) {
      throw new RangeError(`SeriesPool: slotLength must be an integer ≥ 0, found ${slotLength}`);
    }
    if (!Number.isInteger(capacity) || capacity < 0) {
      throw new RangeError(`SeriesPool: capacity must be an integer ≥ 0, found ${capacity}`);
    }
    this.slotLength = slotLength;
    this.capacity = capacity;
  }

  /** Slots allocated so far (free or in use). */
  get allocated(): number {
    return this.#allocated;
  }

  /** A free slot (its contents are stale), allocating one if under capacity; undefined when all are in use. */
  take(): Float64Array | undefined {
    const slot = this.#free.pop();
    if (slot !== undefined) return slot;
    if (this.#allocated >= this.capacity) return undefined;
    this.#allocated++;
    return new Float64Array(this.slotLength);
  }

  /**
   * Allocates slots until `count` (at most `capacity`) exist, and writes to
   * them so their memory is resident now rather than as the cache fills up.
   *
   * @param count Slots wanted; the whole capacity by default.
   */
  reserve(count: number = this.capacity): void {
    const target = Math.min(count, this.capacity);
    while (this.#allocated < target) {
      this.#allocated++;
      this.#free.push(new Float64Array(this.slotLength).fill(NaN));
    }
  }

  /** Return a slot taken from this pool. */
  give(slot: Float64Array): void {
    this.#free.push(slot);
  }
}

/** Options of an {@linkcode IndicatorCache}. */
export interface IndicatorCacheOptions {
  /** Keep series in this pool's slots, evicting the least recently used when it is full; unbounded without. */
  readonly pool?: SeriesPool;
}

/** Per frame column, per symbol id: the magnitudes the exact SMA's fixed-point path needs (see `_fixed_sum.ts`). */
const columnMagnitudes = new WeakMap<Float64Array, Map<number, Magnitudes | null>>();

interface Entry {
  readonly value: unknown;
  /** Pool slots holding the value, returned on eviction. */
  readonly slots: Float64Array[];
  /** Tick of the last request. */
  used: number;
}

/**
 * Per-dataset indicator series, computed on first request. Arrays are
 * per symbol (index = bar index within the symbol) and must be treated as
 * read-only. With a pool, an array stays valid until the next
 * {@linkcode IndicatorCache.endRun} (it may be recycled after it) or until
 * the cache is disposed.
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
 *
 * @example Bounded by a pool of two slots
 * ```ts
 * import assert from "node:assert/strict";
 * import { frameFromRows } from "../data/bar_frame.ts";
 * import { IndicatorCache, SeriesPool } from "./cache.ts";
 * const f = frameFromRows([1, 2, 3].map((c, i) => ({ symbol: "A", tsMs: i * 60_000, open: c, high: c, low: c, close: c })));
 * using cache = new IndicatorCache(f, { pool: new SeriesPool(3, 2) });
 * for (const n of [1, 2, 3]) {
 *   cache.sma(0, n); // one run asks for one series
 *   cache.endRun();
 * }
 * assert.deepEqual(cache.stats(), { hits: 0, misses: 3, entries: 2, evictions: 1 });
 * ```
 */
export class IndicatorCache {
  #frame: BarFrame;
  #bars: SymbolBars[];
  #store = new Map<string, Entry>();
  #pool: SeriesPool | undefined;
  #tick = 0;
  /** Entries used after this tick were handed out in the current run and cannot be evicted. */
  #runStart = 0;
  #hits = 0;
  #misses = 0;
  #evictions = 0;

  /**
   * @param frame The bars.
   * @param options `pool`: bound the cache's memory (see the module doc).
   * @throws {RangeError} if a symbol of `frame` is longer than the pool's slots.
   */
  constructor(frame: BarFrame, options: IndicatorCacheOptions = {}) {
    this.#frame = frame;
    this.#bars = frame.symbols.map((_, s) => symbolBars(frame, s));
    this.#pool = options.pool;
    const longest = this.#bars.reduce((m, b) => Math.max(m, b.close.length), 0);
    if (this.#pool !== undefined && longest > this.#pool.slotLength) {
      throw new RangeError(
        `IndicatorCache: a symbol has ${longest} bars, more than the pool's slots hold (${this.#pool.slotLength})`,
      );
    }
  }

  /** The frame this cache belongs to. */
  get frame(): BarFrame {
    return this.#frame;
  }

  /**
   * The cached value of `key`, or `compute(out)` stored under it, where `out`
   * holds `count` arrays of symbol `s`'s length for the kernel to fill.
   */
  #get<T>(key: string, s: number, count: number, compute: (out: Float64Array[]) => T): T {
    const e = this.#store.get(key);
    if (e !== undefined) {
      this.#hits++;
      e.used = ++this.#tick;
      return e.value as T;
    }
    this.#misses++;
    const len = this.#bars[s]!.close.length;
    const out: Float64Array[] = [];
    const slots: Float64Array[] = [];
    for (let i = 0; i < count; i++) {
      const slot = this.#take();
      if (slot === undefined) out.push(new Float64Array(len));
      else {
        slots.push(slot);
        out.push(slot.length === len ? slot : slot.subarray(0, len));
      }
    }
    let value: T;
    try {
      value = compute(out);
    } catch (err) {
      for (const slot of slots) this.#pool!.give(slot);
      throw err;
    }
    this.#store.set(key, { value, slots, used: ++this.#tick });
    return value;
  }

  /** A pool slot, evicting the least recently used series as needed; undefined without a pool or when none is free. */
  #take(): Float64Array | undefined {
    const pool = this.#pool;
    if (pool === undefined) return undefined;
    for (;;) {
      const slot = pool.take();
      if (slot !== undefined) return slot;
      let oldest: string | undefined;
      let oldestUsed = this.#runStart + 1;
      for (const [key, e] of this.#store) {
        if (e.used < oldestUsed) {
          oldest = key;
          oldestUsed = e.used;
        }
      }
      if (oldest === undefined) return undefined; // every series is in use by this run
      for (const slot of this.#store.get(oldest)!.slots) pool.give(slot);
      this.#store.delete(oldest);
      this.#evictions++;
    }
  }

  /**
   * Marks the end of a run: series handed out so far may be evicted (and
   * their arrays recycled) from now on. Call it between runs when the cache
   * has a pool; without one it changes nothing.
   */
  endRun(): void {
    this.#runStart = this.#tick;
  }

  /** Returns every pool slot to the pool; arrays handed out must not be used after. */
  [Symbol.dispose](): void {
    if (this.#pool !== undefined) {
      for (const e of this.#store.values()) for (const slot of e.slots) this.#pool.give(slot);
    }
    this.#store.clear();
  }

  /** The magnitude range of a raw field of symbol `s`: scanned once per frame (its columns are read-only). */
  #magnitudes(s: number, f: BarField): Magnitudes | null {
    const column = this.#frame[f];
    let bySymbol = columnMagnitudes.get(column);
    if (bySymbol === undefined) columnMagnitudes.set(column, bySymbol = new Map());
    let m = bySymbol.get(s);
    if (m === undefined) {
      m = magnitudes(column, this.#frame.segStart[s]!, this.#frame.segEnd[s]!);
      bySymbol.set(s, m);
    }
    return m;
  }

  /** A raw field of symbol `s` (no copy). */
  field(s: number, f: BarField): Float64Array {
    return this.#bars[s]![f];
  }

  sma(s: number, n: number, f: BarField = "close"): Float64Array {
    return this.#get(`${s}|sma|${n}|${f}`, s, 1, (o) => smaOf(this.field(s, f), n, o[0], this.#magnitudes(s, f)));
  }

  ema(s: number, n: number, f: BarField = "close"): Float64Array {
    return this.#get(`${s}|ema|${n}|${f}`, s, 1, (o) => ema(this.field(s, f), n, o[0]));
  }

  wma(s: number, n: number, f: BarField = "close"): Float64Array {
    return this.#get(`${s}|wma|${n}|${f}`, s, 1, (o) => wma(this.field(s, f), n, o[0]));
  }

  trueRange(s: number): Float64Array {
    const b = this.#bars[s]!;
    return this.#get(`${s}|tr`, s, 1, (o) => trueRange(b.high, b.low, b.close, o[0]));
  }

  atr(s: number, n: number): Float64Array {
    const b = this.#bars[s]!;
    return this.#get(`${s}|atr|${n}`, s, 1, (o) => atr(b.high, b.low, b.close, n, o[0]));
  }

  rsi(s: number, n: number, f: BarField = "close"): Float64Array {
    return this.#get(`${s}|rsi|${n}|${f}`, s, 1, (o) => rsi(this.field(s, f), n, o[0]));
  }

  bollinger(s: number, n: number, k: number, f: BarField = "close"): Bands {
    return this.#get(
      `${s}|bb|${n}|${k}|${f}`,
      s,
      3,
      (o) => bollinger(this.field(s, f), n, k, { middle: o[0]!, upper: o[1]!, lower: o[2]! }),
    );
  }

  macd(s: number, fast = 12, slow = 26, signal = 9, f: BarField = "close"): MacdLines {
    return this.#get(
      `${s}|macd|${fast}|${slow}|${signal}|${f}`,
      s,
      3,
      (o) => macd(this.field(s, f), fast, slow, signal, { macd: o[0]!, signal: o[1]!, histogram: o[2]! }),
    );
  }

  stochastic(s: number, kPeriod = 14, slowing = 3, dPeriod = 3): StochasticLines {
    const b = this.#bars[s]!;
    return this.#get(
      `${s}|stoch|${kPeriod}|${slowing}|${dPeriod}`,
      s,
      2,
      (o) => stochastic(b.high, b.low, b.close, kPeriod, slowing, dPeriod, { k: o[0]!, d: o[1]! }),
    );
  }

  highest(s: number, n: number, f: BarField = "high"): Float64Array {
    return this.#get(`${s}|highest|${n}|${f}`, s, 1, (o) => highest(this.field(s, f), n, o[0]));
  }

  lowest(s: number, n: number, f: BarField = "low"): Float64Array {
    return this.#get(`${s}|lowest|${n}|${f}`, s, 1, (o) => lowest(this.field(s, f), n, o[0]));
  }

  /** Hits, misses, entries and evictions so far. */
  stats(): CacheStats {
    return { hits: this.#hits, misses: this.#misses, entries: this.#store.size, evictions: this.#evictions };
  }
}
