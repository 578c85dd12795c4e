/**
 * The indicator series a strategy asked for at setup, recorded per symbol for
 * the report's price pane (`BacktestResult.overlays`, `RunOptions.overlays`).
 *
 * **What is recorded.** Every series a strategy's `create` gets from a
 * symbol's indicators (`setup.indicators(s)`, `setup.symbol(s).ind`): each
 * output of a built-in or user-defined indicator, and each `compute()`
 * series, once per distinct series, in the order asked, at most
 * {@linkcode MAX_OVERLAYS_PER_SYMBOL} per symbol (the rest are left out).
 * Price fields (the candles themselves), series of a coarser `timeframe()`
 * (one value per coarse bar, not per bar of the symbol) and series first
 * asked for in a hook after setup are not recorded.
 *
 * **Pane.** Declared per built-in in {@linkcode OVERLAY_SCALES}: `price` for
 * outputs in price units that belong on the candles (moving averages, bands,
 * channels, VWAP, SAR, Ichimoku, Heikin-Ashi); `source` for those in the unit
 * of their `source` input (moving averages, bands, envelopes, highest and
 * lowest: on the candles over a price, in their own pane over an RSI or the
 * volume). Every other indicator (oscillators, ATR, volume indicators) and
 * every user-defined or `compute()` series, which declares no unit, is drawn
 * in a pane of its own: a wrong guess there never squashes the candles.
 *
 * @module
 */
import type { BarFrame } from "../data/bar_frame.ts";
import { type IndicatorDefinition, isIndicatorRef, originOf, parseParams } from "../indicators/define_indicator.ts";
import type { IndicatorCache } from "../indicators/cache.ts";
import type { Overlay } from "../result.ts";

/** At most this many series are recorded per symbol; later ones are left out. */
export const MAX_OVERLAYS_PER_SYMBOL = 8;

/**
 * The unit of each built-in indicator's outputs, by name: `price` (always in
 * price units), `source` (in the unit of its `source` param). Built-ins not
 * listed are in units of their own (oscillators, ranges, volume).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { OVERLAY_SCALES } from "./overlays.ts";
 * assert.equal(OVERLAY_SCALES.sma, "source");
 * assert.equal(OVERLAY_SCALES.keltner, "price");
 * assert.equal(OVERLAY_SCALES.rsi, undefined); // its own pane
 * ```
 */
export const OVERLAY_SCALES: Readonly<Record<string, "price" | "source">> = Object.freeze({
  sma: "source",
  ema: "source",
  wma: "source",
  smma: "source",
  dema: "source",
  tema: "source",
  hma: "source",
  kama: "source",
  zlema: "source",
  bollinger: "source",
  envelopes: "source",
  highest: "source",
  lowest: "source",
  keltner: "price",
  donchian: "price",
  ichimoku: "price",
  parabolicSar: "price",
  vwap: "price",
  sessionVwap: "price",
  heikinAshi: "price",
});

const PRICE_FIELDS = new Set(["open", "high", "low", "close"]);

/** One series as an indicator call handed it out: its cache key, values and output name. */
export interface AskedSeries {
  readonly key: string;
  readonly values: Float64Array;
  /** The output's name for a multi-output indicator (`upper`), else undefined. */
  readonly output: string | undefined;
}

/**
 * Records the series a strategy asks for while {@linkcode OverlayRecorder.active},
 * then copies them out with {@linkcode OverlayRecorder.collect} (before the
 * run's indicator cache lets go of them).
 *
 * @example An SMA and Bollinger bands of close, an RSI, and an SMA of that RSI
 * ```ts
 * import assert from "node:assert/strict";
 * import { frameFromRows } from "../data/bar_frame.ts";
 * import { IndicatorCache } from "../indicators/cache.ts";
 * import { createSetup, RunViews } from "./setup.ts";
 * import { OverlayRecorder } from "./overlays.ts";
 * const frame = frameFromRows([1, 2, 3, 4].map((c, i) => ({ symbol: "A", tsMs: i * 60_000, open: c, high: c, low: c, close: c })));
 * const recorder = new OverlayRecorder(frame);
 * const views = new RunViews(frame, new IndicatorCache(frame), new Int32Array(1), recorder);
 * const ind = createSetup(views, (w) => new Error(w)).indicators("A");
 * ind.sma(2);
 * ind.bollinger(2, 2);
 * ind.sma(2, ind.rsi(2));
 * recorder.active = false;
 * ind.ema(3); // after setup: not recorded
 * const got = recorder.collect();
 * assert.deepEqual(got.map((o) => `${o.name}:${o.pane}`), [
 *   "sma(2):price", "bollinger(2,2).middle:price", "bollinger(2,2).upper:price", "bollinger(2,2).lower:price",
 *   "rsi(2):own", "sma(2,rsi(2)):own",
 * ]);
 * assert.deepEqual([...got[0]!.values], [NaN, 1.5, 2.5, 3.5]);
 * ```
 */
export class OverlayRecorder {
  /** Record while true: the engine sets it for the strategy's `create` only. */
  active = true;
  readonly #frame: BarFrame;
  readonly #max: number;
  readonly #asked: { symbol: number; name: string; pane: Overlay["pane"]; values: Float64Array }[] = [];
  readonly #count: Int32Array;
  /** Recorded and skipped keys with their pane and name, for series used as another's source. */
  readonly #seen = new Map<string, { pane: Overlay["pane"]; name: string }>();

  constructor(frame: BarFrame, maxPerSymbol: number = MAX_OVERLAYS_PER_SYMBOL) {
    this.#frame = frame;
    this.#max = maxPerSymbol;
    this.#count = new Int32Array(frame.symbols.length);
  }

  /** Note the outputs of indicator `def` of symbol `s`, asked for with `rawParams`. */
  indicator(s: number, def: IndicatorDefinition, rawParams: unknown, outputs: readonly AskedSeries[]): void {
    if (!this.active) return;
    const parsed = parseParams(def, rawParams);
    const params = (parsed.ok ? parsed.params : {}) as Record<string, unknown>;
    const scale = OVERLAY_SCALES[def.name];
    const pane: Overlay["pane"] = scale === "price" || (scale === "source" && this.#isPrice(params.source))
      ? "price"
      : "own";
    const base = `${def.name}(${
      def.args.map((a) => params[a]).filter((v) => v !== undefined && v !== "close").map((v) => this.#label(v)).join(
        ",",
      )
    })`;
    for (const o of outputs) this.#note(s, o.output === undefined ? base : `${base}.${o.output}`, pane, o);
  }

  /** Note a `compute()` series of symbol `s`: its unit is unknown, so it goes in its own pane. */
  computed(s: number, series: AskedSeries): void {
    if (!this.active) return;
    this.#note(s, `compute#${this.#count[s]! + 1}`, "own", series);
  }

  /**
   * The recorded series, by symbol id, then in the order asked: copies, or,
   * given the run's own cache (`owned`, about to be disposed), the series
   * themselves, handed over by {@linkcode IndicatorCache.detach} so nothing
   * recycles them.
   */
  collect(owned?: IndicatorCache): Overlay[] {
    const { symbols, segStart, segEnd } = this.#frame;
    return this.#asked
      .map((a, i) => ({ a, i }))
      .sort((x, y) => x.a.symbol - y.a.symbol || x.i - y.i)
      .map(({ a }) => {
        const len = segEnd[a.symbol]! - segStart[a.symbol]!;
        const kept = owned !== undefined && owned.detach(a.values);
        return {
          symbol: symbols[a.symbol]!,
          name: a.name,
          values: kept ? a.values.subarray(0, len) : a.values.slice(0, len),
          pane: a.pane,
        };
      });
  }

  #note(s: number, name: string, pane: Overlay["pane"], o: AskedSeries): void {
    if (this.#seen.has(o.key)) return;
    this.#seen.set(o.key, { pane, name });
    if (this.#count[s]! >= this.#max) return;
    this.#count[s]!++;
    this.#asked.push({ symbol: s, name, pane, values: o.values });
  }

  /** True when a `source` param is in price units: a price field, or a series or indicator that is. */
  #isPrice(source: unknown): boolean {
    if (typeof source === "string") return PRICE_FIELDS.has(source);
    const origin = originOf(source);
    if (origin !== undefined) {
      const field = /^\d+\|(\w+)$/.exec(origin.key)?.[1];
      return field !== undefined ? PRICE_FIELDS.has(field) : this.#seen.get(origin.key)?.pane === "price";
    }
    if (isIndicatorRef(source)) {
      const scale = OVERLAY_SCALES[source.use.name];
      if (scale === "price") return true;
      const p = parseParams(source.use, source.params);
      return scale === "source" && p.ok && this.#isPrice((p.params as Record<string, unknown>).source);
    }
    return false;
  }

  /** A param value for a series name: a number or field as written, a series by its recorded name. */
  #label(v: unknown): string {
    if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") return String(v);
    const origin = originOf(v);
    if (origin !== undefined) {
      const field = /^\d+\|(\w+)$/.exec(origin.key)?.[1];
      return field ?? this.#seen.get(origin.key)?.name ?? "series";
    }
    if (isIndicatorRef(v)) return v.use.name;
    return JSON.stringify(v) ?? "?";
  }
}
