/**
 * Double exponential moving average (Mulloy's DEMA).
 *
 * @module
 */

import { checkInt, prepareOut } from "./_util.ts";
import { EmaStream } from "./_ema_stream.ts";
import { z } from "zod";
import { defineIndicator, period, source } from "./define_indicator.ts";

/**
 * Double exponential moving average, as backtrader's
 * `DoubleExponentialMovingAverage` (Patrick Mulloy, "Smoothing Data with
 * Faster Moving Averages", Technical Analysis of Stocks & Commodities, 1994):
 * with `e1 = ema(src, n)` and `e2 = ema(e1, n)` (both the SMA-seeded
 * {@linkcode ema}, `alpha = 2 / (n + 1)`),
 *
 * `out[i] = 2 * e1[i] - e2[i]`
 *
 * evaluated exactly so in double precision. `e2` is seeded with the exact mean
 * of the first `n` values of `e1`, so the first value is at index `2n − 2`;
 * earlier values are NaN. On a linear series DEMA reproduces the series
 * (each EMA lags a line by exactly `(n − 1)/2` bars' slope).
 *
 * NaN handling, as {@linkcode ema} at each stage: leading NaNs are skipped
 * (the first value is `2n − 2` bars after the input's first value); any later
 * NaN makes that output and every later one NaN.
 *
 * @param src Input series.
 * @param n Period, an integer >= 1.
 * @param out Optional preallocated output of length `src.length`; must not
 * overlap `src`.
 * @returns `out`, or a new array.
 * @throws {RangeError} on a bad `n` or `out`.
 *
 * @example DEMA(3) by hand (alpha = 0.5)
 * ```ts
 * import { dema } from "./dema.ts";
 * import assert from "node:assert/strict";
 * const out = dema(new Float64Array([2, 4, 6, 16, 0, 8]), 3);
 * // e1 = [NaN, NaN, 4, 0.5*16 + 0.5*4 = 10, 0.5*0 + 0.5*10 = 5, 0.5*8 + 0.5*5 = 6.5]
 * // e2 seed at 4: (4 + 10 + 5)/3 = 19/3; at 5: 0.5*6.5 + 0.5*19/3 = 77/12
 * // dema[4] = 2*5 - 19/3 = 11/3; dema[5] = 2*6.5 - 77/12 = 79/12
 * assert.deepEqual([...out], [NaN, NaN, NaN, NaN, 10 - 19 / 3, 13 - (3.25 + 19 / 6)]);
 * assert.ok(Math.abs(out[4]! - 11 / 3) < 1e-15 && Math.abs(out[5]! - 79 / 12) < 1e-15);
 * ```
 */
export function dema(
  src: Float64Array,
  n: number,
  out?: Float64Array,
): Float64Array {
  checkInt("dema", "n", n);
  const len = src.length;
  const dst = prepareOut("dema", "out", out, len, [src]);
  const s1 = new EmaStream(n), s2 = new EmaStream(n);
  for (let i = 0; i < len; i++) {
    const e1 = s1.push(src[i]!);
    dst[i] = 2 * e1 - s2.push(e1);
  }
  return dst;
}

/**
 * DEMA as an indicator definition: `ind.dema(period = 30, source = "close")`. backtrader's
 * `DoubleExponentialMovingAverage` (`2 · ema − ema(ema)`, SMA-seeded EMAs); first value at bar `2 · period − 2`.
 */
export const demaIndicator = defineIndicator({
  name: "dema",
  params: z.strictObject({ period: period(1, 30), source: source("close") }),
  args: ["period", "source"],
  inputs: (p) => [p.source],
  warmup: (p) => 2 * p.period - 2,
  compute: ([x], p, [out]) => {
    dema(x!, p.period, out);
  },
});
