/**
 * Moving average convergence/divergence.
 *
 * @module
 */

import { emaSpread, emaSpreadParams, emaSpreadWarmup } from "./_ema_spread.ts";
import { defineIndicator } from "./define_indicator.ts";

/**
 * The three MACD series returned by {@linkcode macd}.
 *
 * @example Destructuring the result
 * ```ts
 * import assert from "node:assert/strict";
 * import { macd, type MacdResult } from "./macd.ts";
 * const r: MacdResult = macd(new Float64Array(40).fill(5));
 * const { macd: line, signal, histogram } = r;
 * // with the defaults 12/26/9 the line starts at index 25, the others at 33
 * assert.ok(Number.isNaN(line[24]!) && !Number.isNaN(line[25]!));
 * assert.ok(Number.isNaN(signal[32]!) && !Number.isNaN(signal[33]!));
 * assert.ok(Number.isNaN(histogram[32]!) && !Number.isNaN(histogram[33]!));
 * ```
 */
export interface MacdResult {
  /** `ema(src, fast) - ema(src, slow)`. */
  macd: Float64Array;
  /** `ema(macd, signal)`, seeded with the SMA of the first defined values. */
  signal: Float64Array;
  /** `macd - signal`. */
  histogram: Float64Array;
}

/**
 * MACD: `macd[i] = ema(src, fast)[i] - ema(src, slow)[i]`, using
 * {@linkcode ema} (SMA-seeded, `alpha = 2 / (p + 1)`);
 * `signal = ema(macd, signal)`, seeded with the SMA of the first `signal`
 * defined MACD values; `histogram[i] = macd[i] - signal[i]`.
 *
 * First defined indices, for a series without leading NaN: `macd` at
 * `slow - 1` (25 for the defaults), `signal` and `histogram` at
 * `slow + signal - 2` (33 for the defaults); all earlier values are NaN. With
 * `s` leading NaN values in `src`, every index shifts by `s`. A later NaN in
 * `src` makes every later output NaN (see {@linkcode ema}).
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
 * @example MACD(1, 2, 2) by hand
 * ```ts
 * import { macd } from "./macd.ts";
 * import assert from "node:assert/strict";
 * const r = macd(new Float64Array([1, 3, 6, 6]), 1, 2, 2);
 * // ema(1) = src; ema(2) (alpha 2/3): [NaN, (1+3)/2 = 2, 2/3*6 + 1/3*2 = 14/3,
 * //   2/3*6 + 1/3*14/3 = 50/9]; macd = [NaN, 1, 4/3, 4/9]
 * // signal = ema(macd, 2): seed (1 + 4/3)/2 = 7/6 at index 2, then 2/3*4/9 + 1/3*7/6
 * const a = 2 / 3, b = 1 - a;
 * const e2 = a * 6 + b * 2, e3 = a * 6 + b * e2;
 * assert.deepEqual([...r.macd], [NaN, 3 - 2, 6 - e2, 6 - e3]);
 * const s2 = (1 + (6 - e2)) / 2, s3 = a * (6 - e3) + b * s2;
 * assert.deepEqual([...r.signal], [NaN, NaN, s2, s3]);
 * assert.deepEqual([...r.histogram], [NaN, NaN, (6 - e2) - s2, (6 - e3) - s3]);
 * ```
 */
export function macd(
  src: Float64Array,
  fast = 12,
  slow = 26,
  signal = 9,
  out?: Partial<MacdResult>,
): MacdResult {
  const r = emaSpread("macd", src, fast, slow, signal, out?.macd, out?.signal, out?.histogram, false);
  return { macd: r.line, signal: r.signal, histogram: r.histogram };
}

/**
 * MACD as an indicator definition: `ind.macd(fast = 12, slow = 26, signal = 9, source = "close")` →
 * `{ macd, signal, histogram }`. backtrader's `MACD` (`period_me1`, `period_me2`, `period_signal`) with its
 * `MACDHisto`; the line starts at bar `slow − 1`, the signal and histogram at `slow + signal − 2`.
 */
export const macdIndicator = defineIndicator({
  name: "macd",
  params: emaSpreadParams,
  args: ["fast", "slow", "signal", "source"],
  outputs: ["macd", "signal", "histogram"],
  inputs: (p) => [p.source],
  warmup: emaSpreadWarmup,
  compute: ([x], p, [line, signal, histogram]) => {
    macd(x!, p.fast, p.slow, p.signal, { macd: line!, signal: signal!, histogram: histogram! });
  },
});
