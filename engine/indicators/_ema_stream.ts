/**
 * Internal: the SMA-seeded EMA fed one value at a time, which DEMA, TEMA,
 * TRIX, ZLEMA, the TSI and the price oscillator chain or stream instead of
 * keeping an array per stage. Not re-exported from `mod.ts`.
 *
 * @module
 */

import { ExactSum } from "./exact_sum.ts";

/**
 * An SMA-seeded EMA (`alpha = 2 / (n + 1)`) fed one value at a time: the same
 * arithmetic as {@linkcode ema} (and `smoothInto`), bit for bit, so chained
 * streams equal chained `ema()` calls without an intermediate array each.
 *
 * Leading NaNs are skipped; the next `n` values are summed exactly and their
 * mean (`fsum / n`) is the first value; after that each value is
 * `alpha * x + beta * prev` with `beta = 1 - alpha`. A NaN in the seed window
 * or later makes that output and every later one NaN.
 *
 * @example Two streams make an EMA of an EMA
 * ```ts
 * import assert from "node:assert/strict";
 * import { EmaStream } from "./_ema_stream.ts";
 * import { ema } from "./ema.ts";
 * const x = new Float64Array([3, 1, 4, 1, 5, 9, 2, 6]);
 * const a = new EmaStream(3), b = new EmaStream(3);
 * const twice = x.map((v) => b.push(a.push(v)));
 * assert.deepEqual([...twice], [...ema(ema(x, 3), 3)]);
 * ```
 */
export class EmaStream {
  readonly #n: number;
  readonly #alpha: number;
  readonly #beta: number;
  readonly #seed = new ExactSum();
  /** Values of the seed window taken so far; `n` once running. */
  #taken = 0;
  #prev = NaN;

  /**
   * A stream of period `n`.
   *
   * @param n Period, an integer >= 1 (not checked: the kernels that use it check it under their own name).
   */
  constructor(n: number) {
    this.#n = n;
    this.#alpha = 2 / (n + 1);
    this.#beta = 1 - this.#alpha;
  }

  /**
   * Feeds the next value and returns the EMA at it (NaN before the seed).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { EmaStream } from "./_ema_stream.ts";
   * const s = new EmaStream(3);
   * // NaN is skipped; seed (2+4+6)/3 = 4; then 0.5*8 + 0.5*4 = 6
   * assert.deepEqual([NaN, 2, 4, 6, 8].map((v) => s.push(v)), [NaN, NaN, NaN, 4, 6]);
   * ```
   */
  push(x: number): number {
    if (this.#taken === this.#n) {
      this.#prev = this.#alpha * x + this.#beta * this.#prev;
      return this.#prev;
    }
    if (this.#taken === 0 && x !== x) return NaN; // a leading NaN: skipped
    this.#seed.add(x);
    if (++this.#taken < this.#n) return NaN;
    this.#prev = this.#seed.value() / this.#n;
    return this.#prev;
  }
}
