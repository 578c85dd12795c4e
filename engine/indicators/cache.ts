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
 * since the last {@linkcode IndicatorCache.endRun} (first among series of
 * indicators no request has found in the cache yet, so the series each run
 * computes for itself give way before the series runs share) and computes the new
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
import { assembleFrame, type BarField, type BarFrame, type SymbolBars, symbolBars } from "../data/bar_frame.ts";
import { resample, type ResampleOptions, type Timeframe } from "../data/resample.ts";
import { IndicatorError } from "../errors.ts";
import { type Magnitudes, magnitudes } from "./_fixed_sum.ts";
import {
  type ComputeEnv,
  type ComputeResult,
  type IndicatorDefinition,
  isIndicatorRef,
  originOf,
  parseParams,
  PRICE_FIELDS,
  type SeriesOrigin,
  userFrame,
} from "./define_indicator.ts";
import { isBuiltinIndicator } from "./library.ts";

/**
 * A fixed-size pool of `Float64Array` slots that a bounded
 * {@linkcode IndicatorCache} keeps its series in, so a long parameter sweep
 * reuses the same memory instead of allocating (and collecting) a new array
 * per computed series. Slots are allocated on first need (or up front by
 * {@linkcode SeriesPool.reserve}), up to `capacity`, and live as long as the
 * pool: its memory never exceeds `capacity × slotLength × 8` bytes. A worker
 * keeps one pool for all its caches (one per walk-forward window), each
 * returning its slots when disposed; caches sharing a pool should not be
 * live at the same time (one cannot evict the other's series). With `keep`
 * below `capacity`, the pool holds at most `keep` free slots: a slot given
 * back beyond that is let go (collected once nothing else holds it), so an
 * idle pool keeps at most `keep × slotLength × 8` bytes.
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
 *
 * const lean = new SeriesPool(1_000, 4, 1); // keeps one free slot at most
 * const [c, d] = [lean.take()!, lean.take()!];
 * lean.give(c);
 * lean.give(d); // let go: one free slot is already kept
 * assert.ok(lean.allocated === 1 && lean.take() === c);
 * ```
 */
export class SeriesPool {
  /** Values per slot. */
  readonly slotLength: number;
  /** Most slots the pool ever allocates. */
  readonly capacity: number;
  /** Most free slots the pool holds; a slot given back beyond them is let go. */
  readonly keep: number;
  #free: Float64Array[] = [];
  #allocated = 0;

  /**
   * @param slotLength Values per slot: the longest series it must hold.
   * @param capacity Most slots, an integer ≥ 0.
   * @param keep Most free slots held, an integer ≥ 0 (at most `capacity`, the default).
   */
  constructor(slotLength: number, capacity: number, keep: number = capacity) {
    if (!Number.isInteger(slotLength) || slotLength < 0) {
      throw new RangeError(`SeriesPool: slotLength must be an integer ≥ 0, found ${slotLength}`);
    }
    if (!Number.isInteger(capacity) || capacity < 0) {
      throw new RangeError(`SeriesPool: capacity must be an integer ≥ 0, found ${capacity}`);
    }
    if (!Number.isInteger(keep) || keep < 0) {
      throw new RangeError(`SeriesPool: keep must be an integer ≥ 0, found ${keep}`);
    }
    this.slotLength = slotLength;
    this.capacity = capacity;
    this.keep = Math.min(keep, capacity);
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
    while (this.#allocated < target && this.#free.length < this.keep) {
      this.#allocated++;
      this.#free.push(new Float64Array(this.slotLength).fill(NaN));
    }
  }

  /** Return a slot taken from this pool (let go when the pool already holds `keep` free slots). */
  give(slot: Float64Array): void {
    if (this.#free.length < this.keep) this.#free.push(slot);
    else this.#allocated--;
  }

  /**
   * Let go of a slot taken from this pool for good (its holder keeps it): the
   * pool allocates a new one in its place when needed.
   */
  forget(): void {
    this.#allocated--;
  }
}

/** Options of an {@linkcode IndicatorCache}. */
export interface IndicatorCacheOptions {
  /** Keep series in this pool's slots, evicting the least recently used when it is full; unbounded without. */
  readonly pool?: SeriesPool;
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

/** An indicator computed for one symbol: one array per output, and the first bar each can hold a value. */
export interface Computed {
  /** The cache key: symbol, name and canonical params. */
  readonly key: string;
  readonly values: readonly Float64Array[];
  readonly starts: readonly number[];
}

/** One symbol's bars at a coarser timeframe, with their own indicator cache. */
export interface TimeframeBars {
  /** A one-symbol frame of the coarse bars. */
  readonly frame: BarFrame;
  /** Indicators over the coarse bars (symbol 0). */
  readonly cache: IndicatorCache;
  /** Per fine bar of the symbol: the last coarse bar visible at its close (−1 for none). */
  readonly visible: Int32Array;
}

/** Per frame column, per symbol id: the magnitudes the exact SMA's fixed-point path needs (see `_fixed_sum.ts`). */
const columnMagnitudes = new WeakMap<Float64Array, Map<number, Magnitudes | null>>();

interface Entry {
  readonly value: Computed;
  /** Pool slots holding the value, returned on eviction. */
  readonly slots: Float64Array[];
  /** Tick of the last request. */
  used: number;
  /** The indicator's name (the eviction order prefers names that are never reused). */
  readonly name: string;
}

/** Series slots of a timeframe's own cache. */
const TIMEFRAME_SLOTS = 64;

/**
 * Per-dataset indicator series, computed on first request. Arrays are
 * per symbol (index = bar index within the symbol) and must be treated as
 * read-only. With a pool, an array stays valid until the next
 * {@linkcode IndicatorCache.endRun} (it may be recycled after it) or until
 * the cache is disposed.
 *
 * Any {@linkcode IndicatorDefinition} can be asked for, built-in or not.
 * A definition that is not a built-in is checked when first computed: its
 * outputs must be arrays of the symbol's length, NaN before its warm-up,
 * and unchanged when the bars after any point are removed (no look-ahead);
 * it computes on copies of its inputs, detached once it returns.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { frameFromRows } from "../data/bar_frame.ts";
 * import { IndicatorCache } from "./cache.ts";
 * import { smaIndicator } from "./sma.ts";
 * const f = frameFromRows([1, 2, 3].map((c, i) => ({ symbol: "A", tsMs: i * 60_000, open: c, high: c, low: c, close: c })));
 * const cache = new IndicatorCache(f);
 * assert.ok(cache.series(smaIndicator, 0, { period: 2 }) === cache.series(smaIndicator, 0, { period: 2 })); // computed once
 * assert.ok(cache.stats().hits === 1);
 * ```
 *
 * @example Bounded by a pool of two slots
 * ```ts
 * import assert from "node:assert/strict";
 * import { frameFromRows } from "../data/bar_frame.ts";
 * import { IndicatorCache, SeriesPool } from "./cache.ts";
 * import { smaIndicator } from "./sma.ts";
 * const f = frameFromRows([1, 2, 3].map((c, i) => ({ symbol: "A", tsMs: i * 60_000, open: c, high: c, low: c, close: c })));
 * using cache = new IndicatorCache(f, { pool: new SeriesPool(3, 2) });
 * for (const period of [1, 2, 3]) {
 *   cache.series(smaIndicator, 0, { period }); // one run asks for one series
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
  /**
   * Set when a look for a series to evict found every one in use by this run: until the run ends none can become
   * evictable (a series' last use only moves forward, and new series are in use), so the pool's slots are then
   * all the cache can hand out, without another look at thousands of series per request.
   */
  #allInUse = false;
  #hits = 0;
  #misses = 0;
  #evictions = 0;
  /** The definition behind each indicator name asked for: two different ones may not share a name. */
  #names = new Map<string, IndicatorDefinition>();
  /** Names of the indicators some request was served from the cache: the others are recomputed by every run. */
  #reused = new Set<string>();
  /** One-off series adopted so far (their keys are unique). */
  #adopted = 0;
  #timeframes = new Map<string, TimeframeBars>();

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

  /** Bars of symbol `s` (zero-copy subarrays of the frame). */
  bars(s: number): SymbolBars {
    return this.#bars[s]!;
  }

  /** `count` output arrays of symbol `s`'s length, from the pool where it has slots; `slots` collects those. */
  #outputs(s: number, count: number, slots: Float64Array[]): Float64Array[] {
    const len = this.#bars[s]!.close.length;
    const out: Float64Array[] = [];
    for (let i = 0; i < count; i++) {
      const slot = this.#take();
      if (slot === undefined) out.push(new Float64Array(len));
      else {
        slots.push(slot);
        out.push(slot.length === len ? slot : slot.subarray(0, len));
      }
    }
    return out;
  }

  /** A pool slot, evicting the least recently used series as needed; undefined without a pool or when none is free. */
  #take(): Float64Array | undefined {
    const pool = this.#pool;
    if (pool === undefined) return undefined;
    for (;;) {
      const slot = pool.take();
      if (slot !== undefined) return slot;
      if (this.#allInUse) return undefined;
      // least recently used first among series of indicators that no request has found in the cache yet (each run
      // of a sweep computes its own crossover of its own pair of averages: those must not push out the averages
      // the next runs share), then among all
      let oldest: string | undefined, oldestUsed = this.#runStart + 1;
      let oldestOnce: string | undefined, oldestOnceUsed = this.#runStart + 1;
      for (const [key, e] of this.#store) {
        if (e.used < oldestUsed) {
          oldest = key;
          oldestUsed = e.used;
        }
        if (e.used < oldestOnceUsed && !this.#reused.has(e.name)) {
          oldestOnce = key;
          oldestOnceUsed = e.used;
        }
      }
      if (oldestOnce !== undefined) oldest = oldestOnce;
      if (oldest === undefined) {
        this.#allInUse = true; // every series is in use by this run
        return undefined;
      }
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
    this.#allInUse = false;
    for (const tf of this.#timeframes.values()) tf.cache.endRun();
  }

  /**
   * Hand a series this cache computed over to the caller for good, so it
   * stays valid after the cache is disposed: the pool slot holding it (if
   * any) leaves the cache and the pool, and is never recycled. Only for the
   * cache of one run, right before it is disposed (the series is not
   * evicted, and later requests for it find nothing). False when `values` is
   * not an array of this cache (no timeframe series); a series without a
   * pool slot needs nothing and gives true.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { frameFromRows } from "../data/bar_frame.ts";
   * import { IndicatorCache, SeriesPool } from "./cache.ts";
   * import { smaIndicator } from "./sma.ts";
   * const f = frameFromRows([1, 2, 3, 4].map((c, i) => ({ symbol: "A", tsMs: i, open: c, high: c, low: c, close: c })), 1);
   * const pool = new SeriesPool(4, 2);
   * const cache = new IndicatorCache(f, { pool });
   * const kept = cache.get(smaIndicator, 0, { period: 2 }).values[0]!;
   * assert.ok(cache.detach(kept));
   * cache[Symbol.dispose]();
   * const next = new IndicatorCache(f, { pool });
   * next.get(smaIndicator, 0, { period: 3 }); // takes a slot: not the detached one
   * assert.deepEqual([...kept], [NaN, 1.5, 2.5, 3.5]);
   * ```
   */
  detach(values: Float64Array): boolean {
    for (const e of this.#store.values()) {
      const at = e.slots.findIndex((slot) => slot.buffer === values.buffer);
      if (at >= 0) {
        e.slots.splice(at, 1);
        this.#pool?.forget();
        return true;
      }
    }
    // not pooled: an array of its own, which nothing recycles — if this cache made it
    for (const e of this.#store.values()) if (e.value.values.some((v) => v.buffer === values.buffer)) return true;
    return false;
  }

  /** Returns every pool slot to the pool; arrays handed out must not be used after. */
  [Symbol.dispose](): void {
    if (this.#pool !== undefined) {
      for (const e of this.#store.values()) for (const slot of e.slots) this.#pool.give(slot);
    }
    this.#store.clear();
    for (const tf of this.#timeframes.values()) tf.cache[Symbol.dispose]();
    this.#timeframes.clear();
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

  /**
   * Output `output` (index or name; the first by default) of `def` for
   * symbol `s`: a shorthand of {@linkcode IndicatorCache.get}.
   *
   * @throws {IndicatorError} as `get` does.
   */
  series(def: IndicatorDefinition, s: number, params?: unknown, output: number | string = 0): Float64Array {
    const c = this.get(def, s, params);
    const o = typeof output === "number" ? output : def.outputs.indexOf(output);
    if (!(o >= 0 && o < c.values.length)) {
      throw new IndicatorError(`indicator "${def.name}" has no output ${JSON.stringify(output)}`);
    }
    return c.values[o]!;
  }

  /**
   * Indicator `def` of symbol `s` with `params` (validated by its schema,
   * defaults applied): computed on first request, then served from the
   * cache under (symbol, name, canonical params).
   *
   * @throws {IndicatorError} for bad params, an input of another symbol or
   * cache, two definitions with one name, or a user-defined indicator that
   * breaks its contract (see the class doc).
   */
  get(def: IndicatorDefinition, s: number, params?: unknown): Computed {
    const known = this.#names.get(def.name);
    if (known === undefined) this.#names.set(def.name, def);
    else if (known !== def) {
      throw new IndicatorError(
        `two different indicators are named "${def.name}" (defined at ${known.definedAt} and at ${def.definedAt}); ` +
          `give each its own name`,
      );
    }
    const parsed = parseParams(def, params);
    if (!parsed.ok) throw new IndicatorError(`indicator "${def.name}" has bad params: ${parsed.message}`);
    const p = parsed.params;
    const key = `${s}|${def.name}|${this.#canon(p)}`;
    const e = this.#store.get(key);
    if (e !== undefined) {
      this.#hits++;
      this.#reused.add(def.name);
      e.used = ++this.#tick;
      return e.value;
    }
    this.#misses++;

    const { inputs, starts, mags } = this.#inputs(def.name, def.inputs(p as never), s);
    const inputStart = starts.reduce((a, b) => Math.max(a, b), 0);
    const warm = def.warmup(p as never);
    const outStarts = def.outputs.map((_, i) => inputStart + (typeof warm === "number" ? warm : warm[i] ?? NaN));
    if (!outStarts.every((x) => Number.isInteger(x) && x >= 0)) {
      throw new IndicatorError(
        `indicator "${def.name}" (${def.definedAt}): warmup() must give a whole number ≥ 0 per output, found ${
          JSON.stringify(warm)
        }`,
      );
    }
    const env: ComputeEnv = {
      tsMs: this.#bars[s]!.tsMs,
      starts,
      magnitudes: (i) => {
        const f = mags[i];
        return f === null || f === undefined ? null : this.#magnitudes(s, f);
      },
    };
    const slots: Float64Array[] = [];
    const out = this.#outputs(s, def.outputs.length, slots);
    try {
      if (isBuiltinIndicator(def)) def.compute(inputs, p as never, out, env);
      else this.#computeChecked(def, p, inputs, out, env, outStarts, s);
    } catch (err) {
      for (const slot of slots) this.#pool!.give(slot);
      throw err;
    }
    const value: Computed = { key, values: out, starts: outStarts };
    this.#store.set(key, { value, slots, used: ++this.#tick, name: def.name });
    return value;
  }

  /**
   * Adopt a one-off series computed by a strategy for symbol `s` (its own
   * array, first value at `start`), so that it can be the input of an
   * indicator. Its key is unique: it is never served to anyone else.
   */
  adopt(s: number, values: Float64Array, start: number): Computed {
    const key = `${s}|~${this.#adopted++}`;
    const value: Computed = { key, values: [values], starts: [start] };
    this.#store.set(key, { value, slots: [], used: ++this.#tick, name: "~" });
    return value;
  }

  /**
   * Symbol `s`'s bars resampled to `tf` (see `engine/data/resample.ts`),
   * with their own indicator cache: resampled once per dataset.
   */
  timeframe(s: number, tf: Timeframe, opts: ResampleOptions = {}): TimeframeBars {
    const key = `${s}|${tf.text}|${opts.timeZone ?? "UTC"}|${opts.sessionStart ?? "00:00"}`;
    let t = this.#timeframes.get(key);
    if (t === undefined) {
      const r = resample(this.#bars[s]!, this.#frame.intervalMs[s]!, tf, opts);
      const frame = assembleFrame([{
        symbol: this.#frame.symbols[s]!,
        tsMs: r.tsMs,
        open: r.open,
        high: r.high,
        low: r.low,
        close: r.close,
        volume: r.volume,
        intervalMs: tf.minMs,
      }]);
      const pool = this.#pool === undefined ? undefined : new SeriesPool(r.tsMs.length, TIMEFRAME_SLOTS);
      t = { frame, cache: new IndicatorCache(frame, pool === undefined ? {} : { pool }), visible: r.visible };
      this.#timeframes.set(key, t);
    }
    return t;
  }

  /** The input columns of `sources` for symbol `s`, with where each starts and which raw field it is. */
  #inputs(name: string, sources: readonly unknown[], s: number) {
    // raw fields, series handed out by this cache for this symbol, or other indicators by reference
    const inputs: Float64Array[] = [], starts: number[] = [], mags: (BarField | null)[] = [];
    for (const src of sources) {
      if (typeof src === "string") {
        if (!(PRICE_FIELDS as readonly string[]).includes(src)) {
          throw new IndicatorError(`indicator "${name}" asks for input ${JSON.stringify(src)}, not a price field`);
        }
        inputs.push(this.field(s, src as BarField));
        starts.push(0);
        mags.push(src as BarField);
      } else if (isIndicatorRef(src)) {
        const c = this.get(src.use, s, src.params);
        const o = src.output === undefined ? 0 : src.use.outputs.indexOf(src.output);
        if (o < 0) {
          throw new IndicatorError(
            `indicator "${name}" asks for output ${JSON.stringify(src.output)} of "${src.use.name}", ` +
              `which has ${src.use.outputs.map((x) => JSON.stringify(x)).join(", ")}`,
          );
        }
        inputs.push(c.values[o]!);
        starts.push(c.starts[o]!);
        mags.push(null);
      } else {
        const o = this.#ownOrigin(name, src, s);
        inputs.push(o.values);
        starts.push(o.start);
        mags.push(null);
      }
    }
    return { inputs, starts, mags };
  }

  /**
   * A one-off series of symbol `s`: `fn` of the `sources` columns, computed
   * under the same checks as a user-defined indicator (copies of the inputs,
   * the right length, no look-ahead), then adopted under a unique key.
   * `where` names the caller in messages.
   *
   * @throws {IndicatorError} when `fn` breaks that contract.
   */
  computeSeries(
    s: number,
    fn: (...inputs: Float64Array[]) => unknown,
    sources: readonly unknown[],
    where: string,
  ): Computed {
    const { inputs, starts } = this.#inputs("compute", sources, s);
    const def = {
      name: "",
      definedAt: where,
      outputs: ["value"] as const,
      compute: (cols: readonly Float64Array[]) => fn(...cols) as ComputeResult,
    };
    const out = [new Float64Array(this.#bars[s]!.close.length)];
    const env: ComputeEnv = { tsMs: this.#bars[s]!.tsMs, starts, magnitudes: () => null };
    this.#computeChecked(def, undefined, inputs, out, env, [0], s);
    // its first value is wherever the function put it; a series derived from it starts there
    let start = 0;
    while (start < out[0]!.length && out[0]![start] !== out[0]![start]) start++;
    return this.adopt(s, out[0]!, start);
  }

  /** The origin of a series given as an input, checked to be this cache's and this symbol's. */
  #ownOrigin(name: string, src: unknown, s: number): SeriesOrigin {
    const o = originOf(src);
    if (o === undefined) {
      throw new IndicatorError(`indicator "${name}": an input is not a price field, a series or an indicator`);
    }
    if (o.owner !== this || o.symbol !== s) {
      throw new IndicatorError(
        `indicator "${name}": an input series belongs to another ${
          o.owner !== this ? "symbol or timeframe" : "symbol"
        }; an indicator reads series of its own symbol and timeframe`,
      );
    }
    return o;
  }

  /** Params as a canonical key: object keys sorted, series and references by their own keys. */
  #canon(v: unknown): string {
    if (typeof v === "number") return Object.is(v, -0) ? "0" : String(v);
    if (typeof v === "string") return JSON.stringify(v);
    if (typeof v === "boolean" || v === null || v === undefined) return String(v);
    if (Array.isArray(v)) return `[${v.map((x) => this.#canon(x)).join(",")}]`;
    if (typeof v === "object") {
      const o = originOf(v);
      if (o !== undefined) return `@${o.key}`;
      if (isIndicatorRef(v)) {
        const r = parseParams(v.use, v.params);
        if (!r.ok) throw new IndicatorError(`indicator "${v.use.name}" has bad params: ${r.message}`);
        return `{use:${v.use.name},params:${this.#canon(r.params)},output:${JSON.stringify(v.output ?? null)}}`;
      }
      const keys = Object.keys(v).sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${this.#canon((v as Record<string, unknown>)[k])}`).join(",")}}`;
    }
    throw new IndicatorError(
      `indicator params must be plain data (numbers, strings, booleans, series), found ${typeof v}`,
    );
  }

  /**
   * Compute a user-defined indicator under its contract: on detached copies
   * of its inputs, into scratch outputs (copied into `out`), then checked for
   * lengths, warm-up and look-ahead.
   */
  #computeChecked(
    def: Pick<IndicatorDefinition, "name" | "definedAt" | "outputs" | "compute">,
    p: unknown,
    inputs: readonly Float64Array[],
    out: Float64Array[],
    env: ComputeEnv,
    starts: readonly number[],
    s: number,
  ): void {
    const symbol = this.#frame.symbols[s]!;
    const tsMs = this.#bars[s]!.tsMs;
    const who = def.name === ""
      ? `compute() (${def.definedAt}) on ${symbol}`
      : `Indicator "${def.name}" (${def.definedAt}) on ${symbol}`;
    const run = (len: number): Float64Array[] => {
      const copies = inputs.map((x) => x.slice(0, len));
      const scratch = def.outputs.map(() => new Float64Array(len).fill(NaN));
      const cut = len === tsMs.length ? env : { ...env, tsMs: tsMs.slice(0, len) };
      try {
        let result: ComputeResult;
        try {
          result = def.compute(copies, p as never, scratch, cut);
        } catch (err) {
          const msg = err instanceof Error ? err.message : String(err);
          const at = err instanceof Error ? userFrame(err.stack) : undefined;
          throw new IndicatorError(`${who} threw: ${msg}${at ? ` (${at})` : ""}`, { cause: err });
        }
        // the outputs as fresh arrays
        return result === undefined ? scratch.map((x) => x.slice()) : this.#outputsOf(def, result, len, who);
      } finally {
        // what the function was handed is detached, so a reference it kept reads nothing
        for (const c of copies) detach(c);
        for (const x of scratch) detach(x);
      }
    };
    const full = run(tsMs.length);
    full.forEach((x, o) => {
      const start = Math.min(starts[o]!, x.length);
      for (let i = 0; i < start; i++) {
        if (x[i] === x[i]) {
          throw new IndicatorError(
            `${who}: output "${def.outputs[o]}" has the value ${x[i]} at bar ${i} (${iso(tsMs[i]!)}), before its ` +
              `warm-up ends at bar ${starts[o]} (warmup() plus where its inputs start); values before it must be NaN`,
          );
        }
      }
      out[o]!.set(x);
    });
    // look-ahead: the values up to a cut must not change when the bars after it are removed
    const n = tsMs.length;
    for (const len of new Set([Math.floor(n / 2), n - 1])) {
      if (len < 1) continue;
      const part = run(len);
      part.forEach((x, o) => {
        const whole = full[o]!;
        for (let i = 0; i < len; i++) {
          if (!Object.is(x[i], whole[i])) {
            throw new IndicatorError(
              `${who} reads ahead: output "${def.outputs[o]}" at bar ${i} (${iso(tsMs[i]!)}) is ${whole[i]} ` +
                `with all the bars but ${x[i]} when the bars after bar ${len - 1} are removed; a value may depend ` +
                `only on its own bar and earlier ones`,
            );
          }
        }
      });
    }
  }

  /** What one compute call returned, checked and copied. */
  #outputsOf(
    def: Pick<IndicatorDefinition, "outputs">,
    result: ComputeResult,
    len: number,
    who: string,
  ): Float64Array[] {
    const k = def.outputs.length;
    let arrays: unknown[];
    if (isArrayLike(result)) {
      // one output may come as its array; several as an array of arrays
      arrays = k === 1 && !isArrayLike(result[0]) ? [result] : Array.from(result as ArrayLike<unknown>);
    } else if (typeof result === "object" && result !== null) {
      const r = result as Record<string, unknown>;
      const extra = Object.keys(r).filter((x) => !def.outputs.includes(x));
      if (extra.length > 0) {
        throw new IndicatorError(
          `${who} returned unknown output ${JSON.stringify(extra[0])}; its outputs are ${
            def.outputs.map((x) => JSON.stringify(x)).join(", ")
          }`,
        );
      }
      arrays = def.outputs.map((o) => r[o]);
    } else {
      throw new IndicatorError(
        `${who}: compute() returned ${describe(result)}; expected nothing (having filled out), a Float64Array of ` +
          `${len} values, one per output, or an object by output name`,
      );
    }
    if (arrays.length !== k) {
      throw new IndicatorError(`${who}: compute() returned ${arrays.length} outputs, expected ${k}`);
    }
    return arrays.map((a, o) => {
      if (!isArrayLike(a)) {
        throw new IndicatorError(
          `${who}: output "${def.outputs[o]}" is ${describe(a)}, expected a Float64Array of ${len} values`,
        );
      }
      if (a.length !== len) {
        throw new IndicatorError(
          `${who}: output "${def.outputs[o]}" has ${a.length} values, expected ${len} (one per bar of the symbol)`,
        );
      }
      const copy = Float64Array.from(a as ArrayLike<number>);
      if (ArrayBuffer.isView(a)) detach(a as Float64Array);
      else if (Array.isArray(a)) a.length = 0;
      return copy;
    });
  }

  /** Hits, misses, entries and evictions so far. */
  stats(): CacheStats {
    return { hits: this.#hits, misses: this.#misses, entries: this.#store.size, evictions: this.#evictions };
  }
}

/** True for arrays and typed arrays. */
function isArrayLike(x: unknown): x is ArrayLike<unknown> {
  return Array.isArray(x) || (ArrayBuffer.isView(x) && !(x instanceof DataView));
}

/** A value's kind, for messages. */
function describe(x: unknown): string {
  if (x === null) return "null";
  if (Array.isArray(x)) return `an array of ${x.length}`;
  if (ArrayBuffer.isView(x)) return `a ${x.constructor.name}`;
  return typeof x === "object"
    ? "an object"
    : typeof x === "string"
    ? `the string ${JSON.stringify(x)}`
    : `a ${typeof x}`;
}

/** Detach a typed array's buffer, so that a reference kept by user code reads nothing. */
function detach(a: { buffer: ArrayBufferLike }): void {
  const b = a.buffer as ArrayBuffer & { transfer?: () => ArrayBuffer; detached?: boolean };
  if (b instanceof ArrayBuffer && b.detached !== true && typeof b.transfer === "function") b.transfer();
}

const iso = (t: number) => new Date(t).toISOString();
