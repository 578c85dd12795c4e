/**
 * Aroon up, down and oscillator (Tushar Chande, 1995).
 *
 * @module
 */

import { z } from "zod";
import { checkInt, checkSameLength, prepareOut } from "./_util.ts";
import { defineIndicator, period } from "./define_indicator.ts";

/**
 * The three lines returned by {@linkcode aroon}.
 *
 * @example Destructuring the result
 * ```ts
 * import assert from "node:assert/strict";
 * import { aroon, type AroonLines } from "./aroon.ts";
 * const rising = Float64Array.of(1, 2, 3, 4);
 * const r: AroonLines = aroon(rising, rising, 3);
 * // the high is new at bar 3 (up 100); the low is 3 bars back, the oldest of the window (down 0)
 * assert.ok(r.up[3] === 100 && r.down[3] === 0 && r.oscillator[3] === 100);
 * ```
 */
export interface AroonLines {
  /** Aroon up: `100 / n × (n − bars since the highest high)`, in [0, 100]. */
  up: Float64Array;
  /** Aroon down: `100 / n × (n − bars since the lowest low)`, in [0, 100]. */
  down: Float64Array;
  /** `up − down`, in [−100, 100]. */
  oscillator: Float64Array;
}

/**
 * Writes into `dst` the Aroon score of `src` over the windows of `w = n + 1`
 * bars: `(100 / n) * (n − d)` with `d` the number of bars since the most
 * recent maximum (`max`) or minimum of the window; NaN before index `n` and
 * for windows holding a NaN.
 */
function score(src: Float64Array, n: number, max: boolean, dst: Float64Array): void {
  const w = n + 1;
  let cap = 1;
  while (cap < w) cap *= 2;
  const mask = cap - 1;
  // monotonic deque of bar indices (ring buffer): values strictly decreasing (max) or increasing (min) from the
  // front, so a newer equal value evicts an older one and the front is the most recent extreme of the window
  const q = new Uint32Array(cap);
  let head = 0, tail = 0, bad = 0;
  const scale = 100 / n;
  for (let i = 0; i < src.length; i++) {
    const x = src[i]!;
    const gone = i - w;
    if (gone >= 0) {
      if (src[gone] !== src[gone]) bad--;
      if (head < tail && q[head & mask] === gone) head++;
    }
    if (x !== x) bad++;
    else {
      while (head < tail && (max ? src[q[(tail - 1) & mask]!]! <= x : src[q[(tail - 1) & mask]!]! >= x)) tail--;
      q[tail++ & mask] = i;
    }
    dst[i] = i < n || bad > 0 ? NaN : scale * (n - (i - q[head & mask]!));
  }
}

/**
 * Aroon, as backtrader's `AroonUpDown` and `AroonOscillator` define it. The
 * window is the last `n + 1` bars `[i−n .. i]`, so that the distance `d` to
 * its extreme runs from 0 (the current bar) to `n` (the oldest bar) and the
 * lines span the whole [0, 100]:
 *
 * - `up[i] = (100 / n) * (n − dHigh)`, `dHigh` the bars since the highest
 *   `high` of the window (the most recent one when several bars tie);
 * - `down[i] = (100 / n) * (n − dLow)`, `dLow` the bars since the lowest `low`
 *   (likewise the most recent);
 * - `oscillator[i] = up[i] − down[i]`.
 *
 * Evaluated exactly so in double precision (backtrader's operation order).
 * First defined index `n` (14 by default); earlier values are NaN. O(1)
 * amortised per bar (monotonic deques).
 *
 * NaN handling: a NaN `high` makes `up` (and `oscillator`) NaN for every
 * window containing it, a NaN `low` likewise `down`; later windows are
 * unaffected.
 *
 * @param high Bar highs.
 * @param low Bar lows (same length).
 * @param n Period, an integer >= 1 (default 14); the window is `n + 1` bars.
 * @param out Optional preallocated outputs, each of the input length,
 * overlapping neither an input nor each other; missing ones are allocated.
 * @returns `{ up, down, oscillator }` (using the arrays given in `out`).
 * @throws {RangeError} on a bad `n`, unequal lengths or a bad `out`.
 *
 * @example Aroon(4) by hand
 * ```ts
 * import assert from "node:assert/strict";
 * import { aroon } from "./aroon.ts";
 * const high = Float64Array.of(10, 14, 12, 13, 11, 12);
 * const low = Float64Array.of(8, 9, 7, 10, 9, 11);
 * const { up, down, oscillator } = aroon(high, low, 4);
 * // bar 4, window bars 0..4: highest high 14 at bar 1 (3 bars ago): 25 × (4 − 3) = 25;
 * //   lowest low 7 at bar 2 (2 bars ago): 25 × (4 − 2) = 50
 * // bar 5, window bars 1..5: 14 at bar 1 (4 ago): 0; 7 at bar 2 (3 ago): 25
 * assert.deepEqual([...up], [NaN, NaN, NaN, NaN, 25, 0]);
 * assert.deepEqual([...down], [NaN, NaN, NaN, NaN, 50, 25]);
 * assert.deepEqual([...oscillator], [NaN, NaN, NaN, NaN, -25, -25]);
 * ```
 */
export function aroon(
  high: Float64Array,
  low: Float64Array,
  n = 14,
  out?: Partial<AroonLines>,
): AroonLines {
  checkInt("aroon", "n", n);
  const inputs = [high, low];
  const len = checkSameLength("aroon", ["high", "low"], inputs);
  const up = prepareOut("aroon", "out.up", out?.up, len, inputs);
  const down = prepareOut("aroon", "out.down", out?.down, len, [...inputs, up]);
  const oscillator = prepareOut("aroon", "out.oscillator", out?.oscillator, len, [...inputs, up, down]);
  score(high, n, true, up);
  score(low, n, false, down);
  for (let i = 0; i < len; i++) oscillator[i] = up[i]! - down[i]!;
  return { up, down, oscillator };
}

/**
 * Aroon as an indicator definition: `ind.aroon(period = 14)` → `{ up, down, oscillator }`. backtrader's
 * `AroonUpDown` (`aroonup`, `aroondown`) and `AroonOscillator` (`aroonosc`), over the `period + 1` bars that let the
 * distance to the extreme run from 0 to `period`; every line starts at bar `period`.
 */
export const aroonIndicator = defineIndicator({
  name: "aroon",
  params: z.strictObject({ period: period(1, 14) }),
  args: ["period"],
  outputs: ["up", "down", "oscillator"],
  inputs: () => ["high", "low"],
  warmup: (p) => p.period,
  compute: ([h, l], p, [up, down, oscillator]) => {
    aroon(h!, l!, p.period, { up: up!, down: down!, oscillator: oscillator! });
  },
});
