/**
 * Market exposure: share of bars holding a position.
 *
 * @module
 */

/**
 * Fraction of bars with a position: the share of entries of `position` that
 * are truthy — nonzero numbers (long or short, any size) or `true`. `0`, `-0`,
 * `NaN` and `false` count as flat. Accepts any array-like: a position-count or
 * signed-quantity `Float64Array`/`Int32Array`, a `Uint8Array` mask, or a
 * `boolean[]`.
 *
 * Empty input gives NaN (no bars, no fraction). One pass, no allocation.
 *
 * @example In the market on 2 of 4 bars
 * ```ts
 * import assert from "node:assert/strict";
 * import { exposure } from "./exposure.ts";
 *
 * assert.equal(exposure(Float64Array.of(0, 3, -1, 0)), 0.5);
 * assert.equal(exposure([true, false, false, false]), 0.25);
 * ```
 */
export function exposure(position: ArrayLike<number | boolean>): number {
  const n = position.length;
  if (n === 0) return NaN;
  let k = 0;
  for (let i = 0; i < n; i++) if (position[i]) k++;
  return k / n;
}
