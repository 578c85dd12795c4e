/**
 * Donchian channels: the highest high and the lowest low of the last n bars,
 * and their midpoint.
 *
 * @module
 */

import { z } from "zod";
import { checkInt, checkSameLength, prepareOut } from "./_util.ts";
import { defineIndicator, period } from "./define_indicator.ts";
import { highest, lowest } from "./extremes.ts";

/**
 * The three lines returned by {@linkcode donchian}.
 *
 * @example Destructuring the result
 * ```ts
 * import assert from "node:assert/strict";
 * import { donchian, type DonchianChannels } from "./donchian.ts";
 * const r: DonchianChannels = donchian(Float64Array.of(3, 5), Float64Array.of(1, 2), 2);
 * assert.ok(r.upper[1] === 5 && r.lower[1] === 1 && r.middle[1] === 3);
 * ```
 */
export interface DonchianChannels {
  /** `(upper + lower) / 2`. */
  middle: Float64Array;
  /** Highest high of the last `n` bars. */
  upper: Float64Array;
  /** Lowest low of the last `n` bars. */
  lower: Float64Array;
}

/** Sets `dst[i]` to NaN wherever the window `src[i-n+1..i]` holds a NaN. */
function maskNaNWindows(src: Float64Array, n: number, dst: Float64Array): void {
  let bad = 0;
  for (let i = 0; i < src.length; i++) {
    if (src[i] !== src[i]) bad++;
    if (i >= n && src[i - n] !== src[i - n]) bad--;
    if (bad > 0) dst[i] = NaN;
  }
}

/**
 * Internal (shared with `ichimoku.ts`; not re-exported from `mod.ts`): the
 * highest high of the last `n` bars into `hi`, the lowest low into `lo` (each
 * NaN where its window holds a NaN), and `(hi + lo) / 2` into `mid`, which
 * may be `hi` or `lo` itself. `hi` and `lo` must not overlap an input or each
 * other.
 */
export function channelInto(
  high: Float64Array,
  low: Float64Array,
  n: number,
  hi: Float64Array,
  lo: Float64Array,
  mid: Float64Array,
): void {
  highest(high, n, hi);
  maskNaNWindows(high, n, hi);
  lowest(low, n, lo);
  maskNaNWindows(low, n, lo);
  for (let i = 0; i < mid.length; i++) mid[i] = (hi[i]! + lo[i]!) / 2;
}

/**
 * Donchian channels (Richard Donchian; the definition of StockCharts
 * ChartSchool's "Donchian Channels"): over the window of the last `n` bars
 * `[i-n+1 .. i]`, the current bar included,
 *
 * - `upper[i]` = the highest `high`,
 * - `lower[i]` = the lowest `low`,
 * - `middle[i] = (upper[i] + lower[i]) / 2`.
 *
 * First defined index `n - 1` (19 for the default 20); earlier values are NaN.
 * The extremes come from {@linkcode highest} and {@linkcode lowest}
 * (monotonic deques, O(1) amortised per bar).
 *
 * NaN handling: a NaN `high` makes `upper` (and `middle`) NaN for every
 * window containing it, a NaN `low` likewise `lower`; later windows are
 * unaffected.
 *
 * @param high Bar highs.
 * @param low Bar lows (same length).
 * @param n Window length, an integer >= 1 (default 20).
 * @param out Optional preallocated outputs, each of the input length,
 * overlapping neither an input nor each other; missing ones are allocated.
 * @returns `{ middle, upper, lower }` (using the arrays given in `out`).
 * @throws {RangeError} on a bad `n`, unequal lengths or a bad `out`.
 *
 * @example Donchian(3) by hand
 * ```ts
 * import assert from "node:assert/strict";
 * import { donchian } from "./donchian.ts";
 * const high = Float64Array.of(10, 12, 11, 9, 13);
 * const low = Float64Array.of(8, 9, 7, 8, 10);
 * const { upper, lower, middle } = donchian(high, low, 3);
 * // bar 2: max(10, 12, 11) = 12, min(8, 9, 7) = 7; bar 3: 12, 7; bar 4: max(11, 9, 13) = 13, min(7, 8, 10) = 7
 * assert.deepEqual([...upper], [NaN, NaN, 12, 12, 13]);
 * assert.deepEqual([...lower], [NaN, NaN, 7, 7, 7]);
 * assert.deepEqual([...middle], [NaN, NaN, 9.5, 9.5, 10]);
 * ```
 */
export function donchian(
  high: Float64Array,
  low: Float64Array,
  n = 20,
  out?: Partial<DonchianChannels>,
): DonchianChannels {
  checkInt("donchian", "n", n);
  const inputs = [high, low];
  const len = checkSameLength("donchian", ["high", "low"], inputs);
  const middle = prepareOut("donchian", "out.middle", out?.middle, len, inputs);
  const upper = prepareOut("donchian", "out.upper", out?.upper, len, [...inputs, middle]);
  const lower = prepareOut("donchian", "out.lower", out?.lower, len, [...inputs, middle, upper]);
  channelInto(high, low, n, upper, lower, middle);
  return { middle, upper, lower };
}

/**
 * Donchian channels as an indicator definition: `ind.donchian(period = 20)` → `{ middle, upper, lower }`. Not in
 * backtrader; StockCharts' definition (highest high, lowest low, their mean); every line starts at bar `period − 1`.
 */
export const donchianIndicator = defineIndicator({
  name: "donchian",
  params: z.strictObject({ period: period(1, 20) }),
  args: ["period"],
  outputs: ["middle", "upper", "lower"],
  inputs: () => ["high", "low"],
  warmup: (p) => p.period - 1,
  compute: ([h, l], p, [middle, upper, lower]) => {
    donchian(h!, l!, p.period, { middle: middle!, upper: upper!, lower: lower! });
  },
});
