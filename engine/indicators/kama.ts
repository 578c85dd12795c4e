/**
 * Kaufman's adaptive moving average.
 *
 * @module
 */

import { checkInt, prepareOut } from "./_util.ts";
import { ExactSum } from "./exact_sum.ts";
import { z } from "zod";
import { defineIndicator, period, source } from "./define_indicator.ts";

/**
 * Kaufman's adaptive moving average (Perry Kaufman, "Smarter Trading", 1995),
 * exactly as backtrader's `AdaptiveMovingAverage`. For bar `i`:
 *
 * - direction `d = src[i] - src[i-n]`;
 * - volatility `v = fsum(|src[j] - src[j-1]|, j = i-n+1..i)` (the correctly
 *   rounded sum, as backtrader's `SumN`);
 * - efficiency ratio `er = |d / v|`;
 * - `sc = (er * (f - s) + s)^2` with `f = 2 / (fast + 1)`, `s = 2 / (slow + 1)`;
 * - `out[i] = out[i-1] * (1 - sc) + src[i] * sc`.
 *
 * Seeding (backtrader's): the first value, at index `n`, is the exact mean of
 * the `n` values `src[1..n]` (the window ending there; `src[0]` only enters
 * the first direction and volatility); earlier values are NaN. The recursion
 * starts at index `n + 1`. Every expression is evaluated as written above, in
 * double precision.
 *
 * A flat window (`v = 0`, hence `d = 0`) has `er = 0`, the slow constant
 * (backtrader raises ZeroDivisionError there; TA-Lib's KAMA uses `er = 1`).
 *
 * NaN handling: leading NaNs are skipped (with `s` the first non-NaN index,
 * the seed is the mean of `src[s+1..s+n]` at index `s + n`); a NaN in that
 * seed window or any later NaN makes that output and every later one NaN.
 * Infinities follow IEEE arithmetic.
 *
 * @param src Input series.
 * @param n Efficiency-ratio period, an integer >= 1 (default 30).
 * @param fast Fast EMA period for the smoothing constant, an integer >= 1
 * (default 2).
 * @param slow Slow EMA period for the smoothing constant, an integer >= 1
 * (default 30).
 * @param out Optional preallocated output of length `src.length`; must not
 * overlap `src`.
 * @returns `out`, or a new array.
 * @throws {RangeError} on a bad period or `out`.
 *
 * @example KAMA(2, fast 1, slow 3) by hand: f = 1, s = 0.5
 * ```ts
 * import { kama } from "./kama.ts";
 * import assert from "node:assert/strict";
 * const out = kama(new Float64Array([10, 12, 14, 13, 13]), 2, 1, 3);
 * // seed at 2: (12 + 14)/2 = 13
 * // bar 3: d = 13 - 12 = 1, v = |14 - 12| + |13 - 14| = 3, er = 1/3, sc = (1/3*0.5 + 0.5)^2 = 4/9
 * //   13 * 5/9 + 13 * 4/9 = 13 (up to rounding)
 * // bar 4: d = 13 - 14 = -1, v = 1 + 0 = 1, er = 1, sc = 1: out = 13
 * assert.ok(Number.isNaN(out[1]!) && out[2] === 13 && Math.abs(out[3]! - 13) < 1e-14 && out[4] === 13);
 * ```
 */
export function kama(
  src: Float64Array,
  n = 30,
  fast = 2,
  slow = 30,
  out?: Float64Array,
): Float64Array {
  checkInt("kama", "n", n);
  checkInt("kama", "fast", fast);
  checkInt("kama", "slow", slow);
  const len = src.length;
  const dst = prepareOut("kama", "out", out, len, [src]);
  let s = 0;
  while (s < len && src[s] !== src[s]) s++;
  const seedAt = s + n;
  if (seedAt >= len) {
    dst.fill(NaN);
    return dst;
  }
  dst.fill(NaN, 0, seedAt);
  // seed: the mean of the n values ending at seedAt; vol: the first volatility window's |changes|
  const seed = new ExactSum(), vol = new ExactSum();
  for (let j = s + 1; j <= seedAt; j++) {
    seed.add(src[j]!);
    vol.add(Math.abs(src[j]! - src[j - 1]!));
  }
  let prev = seed.value() / n;
  dst[seedAt] = prev;
  const f = 2.0 / (fast + 1.0), sl = 2.0 / (slow + 1.0), span = f - sl;
  for (let i = seedAt + 1; i < len; i++) {
    const x = src[i]!;
    vol.add(Math.abs(x - src[i - 1]!));
    vol.sub(Math.abs(src[i - n]! - src[i - n - 1]!));
    const v = vol.value();
    const er = v === 0 ? 0 : Math.abs((x - src[i - n]!) / v);
    const t = er * span + sl;
    const sc = t * t;
    prev = prev * (1.0 - sc) + x * sc;
    dst[i] = prev;
  }
  return dst;
}

/**
 * KAMA as an indicator definition: `ind.kama(period = 30, fast = 2, slow = 30, source = "close")`. backtrader's
 * `AdaptiveMovingAverage` (seeded with the SMA of the `period` values ending at bar `period`); first value at bar
 * `period`.
 */
export const kamaIndicator = defineIndicator({
  name: "kama",
  params: z.strictObject({
    period: period(1, 30),
    fast: period(1, 2),
    slow: period(1, 30),
    source: source("close"),
  }),
  args: ["period", "fast", "slow", "source"],
  inputs: (p) => [p.source],
  warmup: (p) => p.period,
  compute: ([x], p, [out]) => {
    kama(x!, p.period, p.fast, p.slow, out);
  },
});
