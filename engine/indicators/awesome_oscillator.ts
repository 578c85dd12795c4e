/**
 * Awesome oscillator.
 *
 * @module
 */

import { checkInt, checkSameLength, prepareOut } from "./_util.ts";
import { WindowSum } from "./_window_sum.ts";
import { z } from "zod";
import { defineIndicator, period } from "./define_indicator.ts";

/**
 * Bill Williams' awesome oscillator, backtrader's `AwesomeOscillator`: with
 * the median price `mp[i] = (high[i] + low[i]) / 2`,
 * `out[i] = sma(mp, fast)[i] - sma(mp, slow)[i]` (exact SMAs, as
 * {@linkcode sma}), in price units.
 *
 * The first value is at index `slow - 1` (33 for the defaults 5, 34);
 * earlier values are NaN. NaN handling: a NaN high or low at bar `j` makes
 * the output NaN for the `slow` bars from `j` (the windows holding it);
 * values resume afterwards.
 *
 * O(1) per bar: both SMAs are streamed exact window sums
 * ({@linkcode WindowSum}), bit for bit those of {@linkcode sma}.
 *
 * @param high Bar highs.
 * @param low Bar lows (same length).
 * @param fast Fast SMA period, an integer >= 1 (default 5).
 * @param slow Slow SMA period, an integer > `fast` (default 34).
 * @param out Optional preallocated output of the input length; must not
 * overlap an input.
 * @returns `out`, or a new array.
 * @throws {RangeError} on bad periods, unequal lengths or a bad `out`.
 *
 * @example AO(1, 3) by hand
 * ```ts
 * import { awesomeOscillator } from "./awesome_oscillator.ts";
 * import assert from "node:assert/strict";
 * const high = new Float64Array([11, 13, 16, 12]);
 * const low = new Float64Array([9, 11, 12, 8]);
 * // median prices 10, 12, 14, 10; sma3: bar 2 12, bar 3 12; sma1 is the median itself
 * assert.deepEqual([...awesomeOscillator(high, low, 1, 3)], [NaN, NaN, 14 - 12, 10 - 12]);
 * ```
 */
export function awesomeOscillator(
  high: Float64Array,
  low: Float64Array,
  fast = 5,
  slow = 34,
  out?: Float64Array,
): Float64Array {
  checkInt("awesomeOscillator", "fast", fast);
  checkInt("awesomeOscillator", "slow", slow);
  if (slow <= fast) {
    throw new RangeError(`awesomeOscillator(): slow must be greater than fast, found fast = ${fast}, slow = ${slow}`);
  }
  const len = checkSameLength("awesomeOscillator", ["high", "low"], [high, low]);
  const dst = prepareOut("awesomeOscillator", "out", out, len, [high, low]);
  const mp = (j: number) => (high[j]! + low[j]!) / 2;
  const fastSum = new WindowSum(), slowSum = new WindowSum();
  for (let i = 0; i < len; i++) {
    const m = mp(i);
    fastSum.add(m);
    slowSum.add(m);
    if (i >= fast) fastSum.sub(mp(i - fast));
    if (i >= slow) slowSum.sub(mp(i - slow));
    dst[i] = i < slow - 1 ? NaN : fastSum.value() / fast - slowSum.value() / slow;
  }
  return dst;
}

/**
 * The awesome oscillator as an indicator definition: `ind.awesomeOscillator(fast = 5, slow = 34)`, in price units.
 * backtrader's `AwesomeOscillator` (`fast`, `slow`); first value at bar `slow − 1`.
 */
export const awesomeOscillatorIndicator = defineIndicator({
  name: "awesomeOscillator",
  params: z.strictObject({ fast: period(1, 5), slow: period(2, 34) })
    .refine((p) => p.fast < p.slow, { message: "expected slow > fast", path: ["slow"] }),
  args: ["fast", "slow"],
  inputs: () => ["high", "low"],
  warmup: (p) => p.slow - 1,
  compute: ([h, l], p, [out]) => {
    awesomeOscillator(h!, l!, p.fast, p.slow, out);
  },
});
