import type { Series } from "./types.ts";

/**
 * A per-symbol array seen through the symbol's cursor: `at(lag)` reads
 * `data[cursor[s] − lag]`. The engine advances the cursor as bars arrive, so
 * a view can only ever reach bars at or before the current one.
 */
export class SeriesView implements Series {
  readonly #data: Float64Array;
  readonly #cursor: Int32Array;
  readonly #s: number;

  constructor(data: Float64Array, cursor: Int32Array, s: number) {
    this.#data = data;
    this.#cursor = cursor;
    this.#s = s;
  }

  at(lag = 0): number {
    const c = this.#cursor[this.#s]!;
    if (lag === 0 && c >= 0) return this.#data[c]!;
    if (lag >= 0 && lag <= c && (lag | 0) === lag) return this.#data[c - lag]!;
    if (!(lag >= 0) || (lag | 0) !== lag) {
      throw new RangeError(
        `Series.at(${lag}): lag must be a whole number ≥ 0 (bars back from now); the future cannot be read`,
      );
    }
    return NaN;
  }

  get length(): number {
    return this.#cursor[this.#s]! + 1;
  }
}
