/**
 * Slow stochastic oscillator.
 *
 * @module
 */

import { checkInt, checkSameLength, prepareOut } from "./_util.ts";
import { rangeScan } from "./_range_scan.ts";
import { sma } from "./sma.ts";
import { z } from "zod";
import { defineIndicator, period } from "./define_indicator.ts";

/**
 * The two stochastic series returned by {@linkcode stochastic}.
 *
 * @example Destructuring the result
 * ```ts
 * import assert from "node:assert/strict";
 * import { stochastic, type StochasticResult } from "./stochastic.ts";
 * const c = new Float64Array([1, 2, 3, 4, 5, 6]);
 * const r: StochasticResult = stochastic(c, c, c, 2, 1, 1);
 * // close at the window high every bar: %K = %D = 100 from index 1
 * assert.ok(r.k[1] === 100 && r.d[5] === 100);
 * ```
 */
export interface StochasticResult {
  /** Slow %K: the SMA(slowing) of raw %K. */
  k: Float64Array;
  /** %D: the SMA(dPeriod) of slow %K. */
  d: Float64Array;
}

/**
 * Slow stochastic oscillator. With `HH` the highest `high` and `LL` the lowest
 * `low` over the last `kPeriod` bars `[i-kPeriod+1 .. i]`:
 *
 * - raw `%K[i] = 100 * (close[i] - LL) / (HH - LL)`, evaluated exactly so
 *   (multiply, then divide); 50 when `HH = LL` (a flat window);
 * - slow `k = sma(raw %K, slowing)`, and `d = sma(k, dPeriod)` (the exact
 *   {@linkcode sma}).
 *
 * First defined indices: raw %K at `kPeriod - 1`, `k` at
 * `kPeriod + slowing - 2` (15 for the defaults 14, 3, 3), `d` at
 * `kPeriod + slowing + dPeriod - 3` (17 for the defaults); earlier values are
 * NaN. `slowing = 1` gives the fast stochastic. HH and LL come from monotonic
 * deques: O(1) amortised per bar, whatever `kPeriod`.
 *
 * NaN handling: a NaN `high` or `low` makes raw %K NaN for every window
 * containing that bar, and a NaN `close` makes that bar's raw %K NaN; the
 * SMAs then give NaN for windows containing a NaN raw %K, and values resume
 * after it. `close` outside `[LL, HH]` is not clamped. Infinities follow IEEE
 * arithmetic.
 *
 * @param high Bar highs.
 * @param low Bar lows (same length).
 * @param close Bar closes (same length).
 * @param kPeriod Look-back for HH and LL, an integer >= 1 (default 14).
 * @param slowing SMA period applied to raw %K, an integer >= 1 (default 3).
 * @param dPeriod SMA period applied to slow %K, an integer >= 1 (default 3).
 * @param out Optional preallocated outputs, each of the input length,
 * overlapping neither an input nor each other; missing ones are allocated.
 * @returns `{ k, d }` (using the arrays given in `out`).
 * @throws {RangeError} on bad periods, unequal lengths or a bad `out`.
 *
 * @example Stochastic(3, 1, 2) by hand
 * ```ts
 * import { stochastic } from "./stochastic.ts";
 * import assert from "node:assert/strict";
 * const high = new Float64Array([10, 12, 11, 13]);
 * const low = new Float64Array([8, 9, 7, 10]);
 * const close = new Float64Array([9, 11, 8, 12]);
 * // bar 2: HH 12, LL 7, raw = 100 * (8 - 7) / 5 = 20
 * // bar 3: HH 13, LL 7, raw = 100 * (12 - 7) / 6 = 500 / 6
 * const { k, d } = stochastic(high, low, close, 3, 1, 2);
 * assert.deepEqual([...k], [NaN, NaN, 20, 500 / 6]);
 * assert.deepEqual([...d], [NaN, NaN, NaN, (20 + 500 / 6) / 2]);
 * ```
 */
export function stochastic(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  kPeriod = 14,
  slowing = 3,
  dPeriod = 3,
  out?: Partial<StochasticResult>,
): StochasticResult {
  checkInt("stochastic", "kPeriod", kPeriod);
  checkInt("stochastic", "slowing", slowing);
  checkInt("stochastic", "dPeriod", dPeriod);
  const len = checkSameLength("stochastic", ["high", "low", "close"], [
    high,
    low,
    close,
  ]);
  const inputs = [high, low, close];
  const k = prepareOut("stochastic", "out.k", out?.k, len, inputs);
  const d = prepareOut("stochastic", "out.d", out?.d, len, [...inputs, k]);

  // raw %K goes into `d` for now
  rangeScan(high, low, close, kPeriod, d, 50, (hh, ll, c) => 100 * (c - ll) / (hh - ll));
  sma(d, slowing, k);
  sma(k, dPeriod, d);
  return { k, d };
}

/**
 * The slow stochastic as an indicator definition: `ind.stochastic(period = 14, slowing = 3, dPeriod = 3)` →
 * `{ k, d }`. backtrader's `Stochastic` (`period`, `period_dfast`, `period_dslow`): %K is the SMA(slowing) of the
 * raw %K, %D the SMA(dPeriod) of %K; `k` starts at bar `period + slowing − 2`, `d` at
 * `period + slowing + dPeriod − 3`.
 */
export const stochasticIndicator = defineIndicator({
  name: "stochastic",
  params: z.strictObject({ period: period(1, 14), slowing: period(1, 3), dPeriod: period(1, 3) }),
  args: ["period", "slowing", "dPeriod"],
  outputs: ["k", "d"],
  inputs: () => ["high", "low", "close"],
  warmup: (p) => [p.period + p.slowing - 2, p.period + p.slowing + p.dPeriod - 3],
  compute: ([h, l, c], p, [k, d]) => {
    stochastic(h!, l!, c!, p.period, p.slowing, p.dPeriod, { k: k!, d: d! });
  },
});
