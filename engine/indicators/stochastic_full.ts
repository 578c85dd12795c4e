/**
 * Full stochastic oscillator: raw %K, %D and slow %D.
 *
 * @module
 */

import { checkInt, checkSameLength, prepareOut } from "./_util.ts";
import { sma } from "./sma.ts";
import { rawK } from "./stochastic_fast.ts";
import { z } from "zod";
import { defineIndicator, period } from "./define_indicator.ts";

/**
 * The three series returned by {@linkcode stochasticFull}.
 *
 * @example Destructuring the result
 * ```ts
 * import assert from "node:assert/strict";
 * import { stochasticFull, type StochasticFullResult } from "./stochastic_full.ts";
 * const c = new Float64Array([1, 2, 3, 4, 5]);
 * const r: StochasticFullResult = stochasticFull(c, c, c, 2, 2, 2);
 * // close at the window high every bar: 100 from bars 1, 2 and 3
 * assert.ok(r.k[1] === 100 && r.d[2] === 100 && r.dSlow[3] === 100 && Number.isNaN(r.dSlow[2]!));
 * ```
 */
export interface StochasticFullResult {
  /** Raw %K. */
  k: Float64Array;
  /** %D: the SMA(dPeriod) of raw %K. */
  d: Float64Array;
  /** Slow %D: the SMA(dSlowPeriod) of %D. */
  dSlow: Float64Array;
}

/**
 * Full stochastic oscillator, backtrader's `StochasticFull`: the raw %K and
 * %D of {@linkcode stochasticFast} plus `dSlow = sma(d, dSlowPeriod)`. With
 * `HH` the highest `high` and `LL` the lowest `low` over the last `period`
 * bars:
 *
 * - `k[i] = 100 * ((close[i] - LL) / (HH - LL))` (divide, then multiply, as
 *   backtrader does), and 50 when `HH = LL` (where backtrader raises
 *   `ZeroDivisionError`; 50 as in {@linkcode stochastic});
 * - `d = sma(k, dPeriod)`, `dSlow = sma(d, dSlowPeriod)` (exact SMAs).
 *
 * So `d` and `dSlow` are the `k` and `d` of the slow
 * `stochastic(high, low, close, period, dPeriod, dSlowPeriod)`, to rounding
 * (that kernel multiplies before it divides). First defined indices: `k` at
 * `period - 1`, `d` at `period + dPeriod - 2`, `dSlow` at
 * `period + dPeriod + dSlowPeriod - 3` (13, 15 and 17 for the defaults
 * 14, 3, 3); earlier values are NaN.
 *
 * NaN handling: as {@linkcode stochasticFast}; each SMA gives NaN for the
 * windows containing a NaN, and values resume afterwards.
 *
 * @param high Bar highs.
 * @param low Bar lows (same length).
 * @param close Bar closes (same length).
 * @param period Look-back for HH and LL, an integer >= 1 (default 14).
 * @param dPeriod SMA period of %D, an integer >= 1 (default 3).
 * @param dSlowPeriod SMA period of slow %D, an integer >= 1 (default 3).
 * @param out Optional preallocated outputs, each of the input length,
 * overlapping neither an input nor each other; missing ones are allocated.
 * @returns `{ k, d, dSlow }` (using the arrays given in `out`).
 * @throws {RangeError} on bad periods, unequal lengths or a bad `out`.
 *
 * @example StochasticFull(3, 2, 2) by hand
 * ```ts
 * import { stochasticFull } from "./stochastic_full.ts";
 * import assert from "node:assert/strict";
 * const high = new Float64Array([10, 12, 11, 13, 14]);
 * const low = new Float64Array([8, 9, 7, 10, 12]);
 * const close = new Float64Array([9, 11, 8, 12, 12]);
 * // k: bar 2: 100 * ((8 - 7) / (12 - 7)) = 20; bar 3: 100 * ((12 - 7) / (13 - 7)) = 83.33...;
 * //    bar 4: 100 * ((12 - 7) / (14 - 7)) = 71.43...
 * const { k, d, dSlow } = stochasticFull(high, low, close, 3, 2, 2);
 * const k3 = 100 * (5 / 6), k4 = 100 * (5 / 7);
 * assert.deepEqual([...k], [NaN, NaN, 20, k3, k4]);
 * const d3 = (20 + k3) / 2, d4 = (k3 + k4) / 2;
 * assert.deepEqual([...d], [NaN, NaN, NaN, d3, d4]);
 * assert.deepEqual([...dSlow], [NaN, NaN, NaN, NaN, (d3 + d4) / 2]);
 * ```
 */
export function stochasticFull(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  period = 14,
  dPeriod = 3,
  dSlowPeriod = 3,
  out?: Partial<StochasticFullResult>,
): StochasticFullResult {
  checkInt("stochasticFull", "period", period);
  checkInt("stochasticFull", "dPeriod", dPeriod);
  checkInt("stochasticFull", "dSlowPeriod", dSlowPeriod);
  const inputs = [high, low, close];
  const len = checkSameLength("stochasticFull", ["high", "low", "close"], inputs);
  const k = prepareOut("stochasticFull", "out.k", out?.k, len, inputs);
  const d = prepareOut("stochasticFull", "out.d", out?.d, len, [...inputs, k]);
  const dSlow = prepareOut("stochasticFull", "out.dSlow", out?.dSlow, len, [...inputs, k, d]);
  rawK(high, low, close, period, k);
  sma(k, dPeriod, d);
  sma(d, dSlowPeriod, dSlow);
  return { k, d, dSlow };
}

/**
 * The full stochastic as an indicator definition: `ind.stochasticFull(period = 14, dPeriod = 3, dSlowPeriod = 3)`
 * → `{ k, d, dSlow }`. backtrader's `StochasticFull` (`period`, `period_dfast`, `period_dslow`): the raw %K from bar
 * `period − 1`, %D = SMA(dPeriod) of it from bar `period + dPeriod − 2`, slow %D = SMA(dSlowPeriod) of %D from bar
 * `period + dPeriod + dSlowPeriod − 3`.
 */
export const stochasticFullIndicator = defineIndicator({
  name: "stochasticFull",
  params: z.strictObject({ period: period(1, 14), dPeriod: period(1, 3), dSlowPeriod: period(1, 3) }),
  args: ["period", "dPeriod", "dSlowPeriod"],
  outputs: ["k", "d", "dSlow"],
  inputs: () => ["high", "low", "close"],
  warmup: (p) => [p.period - 1, p.period + p.dPeriod - 2, p.period + p.dPeriod + p.dSlowPeriod - 3],
  compute: ([h, l, c], p, [k, d, dSlow]) => {
    stochasticFull(h!, l!, c!, p.period, p.dPeriod, p.dSlowPeriod, { k: k!, d: d!, dSlow: dSlow! });
  },
});
