/**
 * Fast stochastic oscillator.
 *
 * @module
 */

import { checkInt, checkSameLength, prepareOut } from "./_util.ts";
import { rangeScan } from "./_range_scan.ts";
import { sma } from "./sma.ts";
import { z } from "zod";
import { defineIndicator, period } from "./define_indicator.ts";

/**
 * The two series returned by {@linkcode stochasticFast}.
 *
 * @example Destructuring the result
 * ```ts
 * import assert from "node:assert/strict";
 * import { stochasticFast, type StochasticFastResult } from "./stochastic_fast.ts";
 * const c = new Float64Array([1, 2, 3, 4]);
 * const r: StochasticFastResult = stochasticFast(c, c, c, 2, 2);
 * // close at the window high every bar: %K = 100 from bar 1, %D = 100 from bar 2
 * assert.ok(r.k[1] === 100 && Number.isNaN(r.d[1]!) && r.d[2] === 100);
 * ```
 */
export interface StochasticFastResult {
  /** Raw %K. */
  k: Float64Array;
  /** %D: the SMA(dPeriod) of raw %K. */
  d: Float64Array;
}

/**
 * Fast stochastic oscillator, backtrader's `StochasticFast` (George Lane).
 * With `HH` the highest `high` and `LL` the lowest `low` over the last
 * `period` bars `[i-period+1 .. i]`:
 *
 * - `k[i] = 100 * ((close[i] - LL) / (HH - LL))` (raw %K; divide, then
 *   multiply, as backtrader does), and 50 when `HH = LL` (a flat window,
 *   where backtrader raises `ZeroDivisionError`; 50 as the slow
 *   {@linkcode stochastic} of this library);
 * - `d = sma(k, dPeriod)` (the exact {@linkcode sma}).
 *
 * First defined indices: `k` at `period - 1`, `d` at `period + dPeriod - 2`
 * (13 and 15 for the defaults 14, 3); earlier values are NaN. HH and LL come
 * from monotonic deques: O(1) amortised per bar, whatever `period`.
 *
 * The slow {@linkcode stochastic} computes its raw %K as
 * `100 * (close - LL) / (HH - LL)` (multiply first), so its values can
 * differ from the SMAs of this `k` in the last bits; this kernel gives
 * backtrader's numbers bit for bit.
 *
 * NaN handling: a NaN `high` or `low` makes `k` NaN for every window
 * containing that bar and a NaN `close` makes that bar's `k` NaN; `d` is NaN
 * for windows containing a NaN `k`; values resume afterwards. `close`
 * outside `[LL, HH]` is not clamped.
 *
 * @param high Bar highs.
 * @param low Bar lows (same length).
 * @param close Bar closes (same length).
 * @param period Look-back for HH and LL, an integer >= 1 (default 14).
 * @param dPeriod SMA period of %D, an integer >= 1 (default 3).
 * @param out Optional preallocated outputs, each of the input length,
 * overlapping neither an input nor each other; missing ones are allocated.
 * @returns `{ k, d }` (using the arrays given in `out`).
 * @throws {RangeError} on bad periods, unequal lengths or a bad `out`.
 *
 * @example StochasticFast(3, 2) by hand
 * ```ts
 * import { stochasticFast } from "./stochastic_fast.ts";
 * import assert from "node:assert/strict";
 * const high = new Float64Array([10, 12, 11, 13]);
 * const low = new Float64Array([8, 9, 7, 10]);
 * const close = new Float64Array([9, 11, 8, 12]);
 * // bar 2: HH 12, LL 7, k = 100 * ((8 - 7) / 5) = 20
 * // bar 3: HH 13, LL 7, k = 100 * ((12 - 7) / 6) = 83.33...
 * const { k, d } = stochasticFast(high, low, close, 3, 2);
 * const k3 = 100 * (5 / 6);
 * assert.deepEqual([...k], [NaN, NaN, 20, k3]);
 * assert.deepEqual([...d], [NaN, NaN, NaN, (20 + k3) / 2]);
 * ```
 */
export function stochasticFast(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  period = 14,
  dPeriod = 3,
  out?: Partial<StochasticFastResult>,
): StochasticFastResult {
  checkInt("stochasticFast", "period", period);
  checkInt("stochasticFast", "dPeriod", dPeriod);
  const inputs = [high, low, close];
  const len = checkSameLength("stochasticFast", ["high", "low", "close"], inputs);
  const k = prepareOut("stochasticFast", "out.k", out?.k, len, inputs);
  const d = prepareOut("stochasticFast", "out.d", out?.d, len, [...inputs, k]);
  rawK(high, low, close, period, k);
  sma(k, dPeriod, d);
  return { k, d };
}

/** backtrader's raw %K into `k` (see {@linkcode stochasticFast}); the caller checks inputs, `n` and `k`. Internal. */
export function rawK(high: Float64Array, low: Float64Array, close: Float64Array, n: number, k: Float64Array): void {
  rangeScan(high, low, close, n, k, 50, (hh, ll, c) => 100 * ((c - ll) / (hh - ll)));
}

/**
 * The fast stochastic as an indicator definition: `ind.stochasticFast(period = 14, dPeriod = 3)` → `{ k, d }`.
 * backtrader's `StochasticFast` (`period`, `period_dfast`): `k` is the raw %K, from bar `period − 1`; `d` its
 * SMA(dPeriod), from bar `period + dPeriod − 2`.
 */
export const stochasticFastIndicator = defineIndicator({
  name: "stochasticFast",
  params: z.strictObject({ period: period(1, 14), dPeriod: period(1, 3) }),
  args: ["period", "dPeriod"],
  outputs: ["k", "d"],
  inputs: () => ["high", "low", "close"],
  warmup: (p) => [p.period - 1, p.period + p.dPeriod - 2],
  compute: ([h, l, c], p, [k, d]) => {
    stochasticFast(h!, l!, c!, p.period, p.dPeriod, { k: k!, d: d! });
  },
});
