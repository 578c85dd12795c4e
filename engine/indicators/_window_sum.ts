/**
 * Internal: the exact sum of a sliding window, streamed, behind the
 * ultimate oscillator, the CCI, the KST and the awesome oscillator. Not
 * re-exported from `mod.ts`.
 *
 * @module
 */

import { ExactSum } from "./exact_sum.ts";

/**
 * The exact sum of a sliding window, streamed: {@linkcode WindowSum.add} the
 * value entering the window, {@linkcode WindowSum.sub} the value leaving it,
 * and {@linkcode WindowSum.value} is Python's `math.fsum` of the values in
 * the window (backtrader's `SumN`), bit for bit. Non-finite values are
 * counted rather than summed, so they leave the window with the value that
 * brought them: a window holding a NaN, or both infinities, sums to NaN, else
 * one holding an infinity to that infinity. `value() / n` is therefore the
 * exact {@linkcode sma} of the window.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { WindowSum } from "./_window_sum.ts";
 * const w = new WindowSum();
 * w.add(0.1);
 * w.add(NaN);
 * w.add(0.2);
 * assert.ok(Number.isNaN(w.value()));
 * w.sub(0.1);
 * w.sub(NaN); // the NaN leaves the window
 * w.add(0.3);
 * assert.ok(w.value() === 0.5);
 * ```
 */
export class WindowSum {
  #acc = new ExactSum();
  #nan = 0;
  #pinf = 0;
  #ninf = 0;

  /** Adds the value entering the window. @throws {RangeError} if a finite partial sum overflows. */
  add(x: number): void {
    if (x - x === 0) this.#acc.add(x);
    else if (x !== x) this.#nan++;
    else if (x > 0) this.#pinf++;
    else this.#ninf++;
  }

  /** Removes a value added earlier (the one leaving the window). */
  sub(x: number): void {
    if (x - x === 0) this.#acc.sub(x);
    else if (x !== x) this.#nan--;
    else if (x > 0) this.#pinf--;
    else this.#ninf--;
  }

  /** `math.fsum` of the values in the window (see the class for non-finite values). */
  value(): number {
    if (this.#nan > 0 || (this.#pinf > 0 && this.#ninf > 0)) return NaN;
    if (this.#pinf > 0) return Infinity;
    if (this.#ninf > 0) return -Infinity;
    return this.#acc.value();
  }
}
