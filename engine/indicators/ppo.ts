/**
 * Percentage price oscillator.
 *
 * @module
 */

import { emaSpread, emaSpreadParams, emaSpreadWarmup } from "./_ema_spread.ts";
import { defineIndicator } from "./define_indicator.ts";

/**
 * The three series returned by {@linkcode ppo}.
 *
 * @example Destructuring the result
 * ```ts
 * import assert from "node:assert/strict";
 * import { ppo, type PpoResult } from "./ppo.ts";
 * const r: PpoResult = ppo(new Float64Array(40).fill(5));
 * // a constant series: both EMAs agree, so every line is 0 once defined (from bars 25 and 33)
 * assert.ok(Number.isNaN(r.ppo[24]!) && r.ppo[25] === 0 && Number.isNaN(r.signal[32]!) && r.histogram[33] === 0);
 * ```
 */
export interface PpoResult {
  /** `100 * (ema(src, fast) - ema(src, slow)) / ema(src, slow)`. */
  ppo: Float64Array;
  /** `ema(ppo, signal)`, seeded with the SMA of the first defined values. */
  signal: Float64Array;
  /** `ppo - signal`. */
  histogram: Float64Array;
}

/**
 * Percentage price oscillator, backtrader's `PercentagePriceOscillator`: the
 * MACD line as a percentage of the slow EMA.
 *
 * - `ppo[i] = 100 * (fastEma[i] - slowEma[i]) / slowEma[i]`, evaluated
 *   exactly so (multiply, then divide), with `fastEma = ema(src, fast)`,
 *   `slowEma = ema(src, slow)` ({@linkcode ema}: SMA-seeded,
 *   `alpha = 2 / (p + 1)`);
 * - `signal = ema(ppo, signal)`, seeded with the SMA of the first `signal`
 *   defined PPO values; `histogram = ppo - signal`.
 *
 * First defined indices, for a series without leading NaN: `ppo` at
 * `slow - 1` (25 for the defaults 12, 26, 9), `signal` and `histogram` at
 * `slow + signal - 2` (33); earlier values are NaN. With `s` leading NaNs in
 * `src` every index shifts by `s`.
 *
 * NaN handling: as for {@linkcode ema}, a NaN after the leading ones makes
 * every later value NaN. A slow EMA of 0 gives the IEEE result (±Infinity or
 * NaN), which the signal then carries; backtrader raises
 * `ZeroDivisionError`. (backtrader's `PercentagePriceOscillatorShort`, which
 * divides by the fast EMA, is not provided.)
 *
 * @param src Input series.
 * @param fast Fast EMA period, an integer >= 1 (default 12).
 * @param slow Slow EMA period, an integer > `fast` (default 26).
 * @param signal Signal EMA period, an integer >= 1 (default 9).
 * @param out Optional preallocated outputs, each of length `src.length`,
 * overlapping neither `src` nor each other; missing ones are allocated.
 * @returns The three series (using the arrays given in `out`).
 * @throws {RangeError} on bad periods or a bad `out`.
 *
 * @example PPO(1, 2, 2) by hand
 * ```ts
 * import { ppo } from "./ppo.ts";
 * import assert from "node:assert/strict";
 * const r = ppo(new Float64Array([8, 12, 6, 6]), 1, 2, 2);
 * // ema(1) = src; ema(2) (alpha 2/3): _, (8 + 12)/2 = 10, 2/3*6 + 1/3*10 = 22/3, 2/3*6 + 1/3*22/3 = 58/9
 * // ppo: bar 1 100 * (12 - 10)/10 = 20; bar 2 100 * (6 - 22/3)/(22/3) = -200/11 (to rounding)
 * const a = 2 / 3, b = 1 - a;
 * const e2 = a * 6 + b * 10, e3 = a * 6 + b * e2;
 * const p2 = 100 * (6 - e2) / e2, p3 = 100 * (6 - e3) / e3;
 * assert.deepEqual([...r.ppo], [NaN, 20, p2, p3]);
 * const s2 = (20 + p2) / 2, s3 = a * p3 + b * s2; // signal: seed at bar 2, then the EMA(2)
 * assert.deepEqual([...r.signal], [NaN, NaN, s2, s3]);
 * assert.deepEqual([...r.histogram], [NaN, NaN, p2 - s2, p3 - s3]);
 * ```
 */
export function ppo(
  src: Float64Array,
  fast = 12,
  slow = 26,
  signal = 9,
  out?: Partial<PpoResult>,
): PpoResult {
  const r = emaSpread("ppo", src, fast, slow, signal, out?.ppo, out?.signal, out?.histogram, true);
  return { ppo: r.line, signal: r.signal, histogram: r.histogram };
}

/**
 * The PPO as an indicator definition: `ind.ppo(fast = 12, slow = 26, signal = 9, source = "close")` →
 * `{ ppo, signal, histogram }`, in percent. backtrader's `PercentagePriceOscillator` (`period1`, `period2`,
 * `period_signal`; its `histo` line is `histogram` here); `ppo` starts at bar `slow − 1`, the others at
 * `slow + signal − 2`.
 */
export const ppoIndicator = defineIndicator({
  name: "ppo",
  params: emaSpreadParams,
  args: ["fast", "slow", "signal", "source"],
  outputs: ["ppo", "signal", "histogram"],
  inputs: (p) => [p.source],
  warmup: emaSpreadWarmup,
  compute: ([x], p, [line, signal, histogram]) => {
    ppo(x!, p.fast, p.slow, p.signal, { ppo: line!, signal: signal!, histogram: histogram! });
  },
});
