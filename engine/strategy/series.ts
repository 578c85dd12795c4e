import { SERIES_ORIGIN, type SeriesOrigin } from "../indicators/define_indicator.ts";
import type { Series } from "./types.ts";

/** What `at(lag)` gives past the visible bars: NaN for a lag before the first bar, an error for any other lag. */
function beforeFirst(lag: number): number {
  if (!(lag >= 0) || (lag | 0) !== lag) {
    throw new RangeError(
      `Series.at(${lag}): lag must be a whole number ≥ 0 (bars back from now); the future cannot be read`,
    );
  }
  return NaN;
}

/** Set by {@linkcode SeriesView}'s static block: the data of a view of symbol `s` (see {@linkcode ownBarValues}). */
let readOwn: (v: SeriesView, s: number) => Float64Array | undefined;

/**
 * A per-symbol array seen through the symbol's cursor: `at(lag)` reads
 * `data[cursor[s] − lag]`. The engine advances the cursor as bars arrive, so
 * a view can only ever reach bars at or before the current one.
 */
export class SeriesView implements Series {
  readonly #data: Float64Array;
  readonly #cursor: Int32Array;
  readonly #s: number;
  /** Where the series came from, so that it can be the input of an indicator. */
  readonly [SERIES_ORIGIN]: SeriesOrigin | undefined;

  constructor(data: Float64Array, cursor: Int32Array, s: number, origin?: SeriesOrigin) {
    this.#data = data;
    this.#cursor = cursor;
    this.#s = s;
    this[SERIES_ORIGIN] = origin;
  }

  at(lag = 0): number {
    const c = this.#cursor[this.#s]!;
    if (lag === 0 && c >= 0) return this.#data[c]!;
    if (lag >= 0 && lag <= c && (lag | 0) === lag) return this.#data[c - lag]!;
    return beforeFirst(lag);
  }

  get length(): number {
    return this.#cursor[this.#s]! + 1;
  }

  static {
    readOwn = (v, s) => v.#s === s ? v.#data : undefined;
  }
}

/**
 * The per-bar values behind `v` when it is a series of symbol `s`'s own bars
 * (a price field or an indicator of `s`, as `setup.symbol(s)` gives them);
 * undefined for another symbol's series, a timeframe's series, or anything
 * else. The engine reads a strategy's `when` series through this, once per
 * run, to find the bars its `onBar` needs.
 */
export function ownBarValues(v: unknown, s: number): Float64Array | undefined {
  return v instanceof SeriesView ? readOwn(v, s) : undefined;
}

/**
 * A series of a coarser timeframe seen through its symbol's cursor: `at(lag)`
 * reads `data[visible[cursor[s]] − lag]`, where `visible` maps each of the
 * symbol's bars to the last coarse bar closed by that bar's close. So a
 * coarse bar shows only once it has closed, and the view can never reach
 * past it.
 */
export class TimeframeSeriesView implements Series {
  readonly #data: Float64Array;
  readonly #cursor: Int32Array;
  readonly #s: number;
  readonly #visible: Int32Array;
  /** Where the series came from, so that it can be the input of an indicator of the same timeframe. */
  readonly [SERIES_ORIGIN]: SeriesOrigin | undefined;

  constructor(data: Float64Array, cursor: Int32Array, s: number, visible: Int32Array, origin?: SeriesOrigin) {
    this.#data = data;
    this.#cursor = cursor;
    this.#s = s;
    this.#visible = visible;
    this[SERIES_ORIGIN] = origin;
  }

  at(lag = 0): number {
    const f = this.#cursor[this.#s]!;
    const c = f < 0 ? -1 : this.#visible[f]!;
    if (lag >= 0 && lag <= c && (lag | 0) === lag) return this.#data[c - lag]!;
    return beforeFirst(lag);
  }

  get length(): number {
    const f = this.#cursor[this.#s]!;
    return f < 0 ? 0 : this.#visible[f]! + 1;
  }
}
