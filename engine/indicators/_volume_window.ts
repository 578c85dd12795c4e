/**
 * Internal: the volume-weighted mean of a sliding window, with exact sums,
 * behind the rolling VWAP and Chaikin money flow. Not re-exported from
 * `mod.ts`.
 *
 * @module
 */

import { ExactSum } from "./exact_sum.ts";

/**
 * Writes `dst[i] = Σ x[j] × volume[j] / Σ volume[j]` over the window
 * `[i−n+1 .. i]`, with `x[j] = valueAt(j)`. Both sums are exact (the
 * numerator sums the exact products) and correctly rounded, then divided
 * once. `valueAt(j)` returns `undefined` for a bar whose inputs are not all
 * finite; a window holding such a bar, or a bar with a non-finite volume, is
 * NaN, as is every `i < n − 1`. `volume` must have `dst`'s length and `n`
 * must be an integer >= 1 (the callers check both).
 *
 * @example The window mean of 10, 12, 10 weighted by 100, 300, 200
 * ```ts
 * import assert from "node:assert/strict";
 * import { volumeWeightedWindow } from "./_volume_window.ts";
 * const x = [10, 12, 10], dst = new Float64Array(3);
 * volumeWeightedWindow(Float64Array.of(100, 300, 200), 2, dst, (j) => x[j]);
 * assert.deepEqual([...dst], [NaN, 4600 / 400, 5600 / 500]);
 * ```
 */
export function volumeWeightedWindow(
  volume: Float64Array,
  n: number,
  dst: Float64Array,
  valueAt: (j: number) => number | undefined,
): void {
  const len = dst.length;
  const flow = new ExactSum(), vol = new ExactSum();
  let bad = 0; // bars in the window with a non-finite value
  /** Adds (sign 1) or removes (sign −1) bar j; false when one of its values is not finite. */
  const step = (j: number, sign: number): boolean => {
    const x = valueAt(j), v = volume[j]!;
    if (x === undefined || v - v !== 0) return false;
    flow.addProduct(sign * x, v);
    vol.add(sign * v);
    return true;
  };
  for (let i = 0; i < len; i++) {
    if (!step(i, 1)) bad++;
    if (i >= n && !step(i - n, -1)) bad--;
    dst[i] = i < n - 1 || bad > 0 ? NaN : flow.value() / vol.value();
  }
}
