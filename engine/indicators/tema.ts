/**
 * Triple exponential moving average (Mulloy's TEMA).
 *
 * @module
 */

import { checkInt, prepareOut } from "./_util.ts";
import { EmaStream } from "./_ema_stream.ts";
import { z } from "zod";
import { defineIndicator, period, source } from "./define_indicator.ts";

/**
 * Triple exponential moving average, as backtrader's
 * `TripleExponentialMovingAverage` (Patrick Mulloy, "Smoothing Data with
 * Faster Moving Averages", Technical Analysis of Stocks & Commodities, 1994):
 * with `e1 = ema(src, n)`, `e2 = ema(e1, n)`, `e3 = ema(e2, n)` (each the
 * SMA-seeded {@linkcode ema}, `alpha = 2 / (n + 1)`, seeded with the exact
 * mean of the first `n` defined values of its input),
 *
 * `out[i] = 3 * e1[i] - 3 * e2[i] + e3[i]`
 *
 * evaluated exactly so (left to right) in double precision. The first value
 * is at index `3n − 3`; earlier values are NaN. On a linear series TEMA
 * reproduces the series.
 *
 * NaN handling, as {@linkcode ema} at each stage: leading NaNs are skipped
 * (the first value is `3n − 3` bars after the input's first value); any later
 * NaN makes that output and every later one NaN.
 *
 * @param src Input series.
 * @param n Period, an integer >= 1.
 * @param out Optional preallocated output of length `src.length`; must not
 * overlap `src`.
 * @returns `out`, or a new array.
 * @throws {RangeError} on a bad `n` or `out`.
 *
 * @example TEMA(2) by hand (alpha = 2/3)
 * ```ts
 * import { tema } from "./tema.ts";
 * import assert from "node:assert/strict";
 * const out = tema(new Float64Array([1, 3, 9, 0]), 2);
 * // e1 = [NaN, (1+3)/2 = 2, 2/3*9 + 1/3*2 = 20/3, 2/3*0 + 1/3*20/3 = 20/9]
 * // e2 = [NaN, NaN, (2 + 20/3)/2 = 13/3, 2/3*20/9 + 1/3*13/3 = 79/27]
 * // e3 = [NaN, NaN, NaN, (13/3 + 79/27)/2 = 98/27]
 * // tema[3] = 3*20/9 - 3*79/27 + 98/27 = (180 - 237 + 98)/27 = 41/27
 * assert.ok(Number.isNaN(out[2]!) && Math.abs(out[3]! - 41 / 27) < 1e-14);
 * ```
 */
export function tema(
  src: Float64Array,
  n: number,
  out?: Float64Array,
): Float64Array {
  checkInt("tema", "n", n);
  const len = src.length;
  const dst = prepareOut("tema", "out", out, len, [src]);
  const s1 = new EmaStream(n), s2 = new EmaStream(n), s3 = new EmaStream(n);
  for (let i = 0; i < len; i++) {
    const e1 = s1.push(src[i]!);
    const e2 = s2.push(e1);
    dst[i] = 3 * e1 - 3 * e2 + s3.push(e2);
  }
  return dst;
}

/**
 * TEMA as an indicator definition: `ind.tema(period = 30, source = "close")`. backtrader's
 * `TripleExponentialMovingAverage` (`3 · e1 − 3 · e2 + e3` of chained SMA-seeded EMAs); first value at bar
 * `3 · period − 3`.
 */
export const temaIndicator = defineIndicator({
  name: "tema",
  params: z.strictObject({ period: period(1, 30), source: source("close") }),
  args: ["period", "source"],
  inputs: (p) => [p.source],
  warmup: (p) => 3 * p.period - 3,
  compute: ([x], p, [out]) => {
    tema(x!, p.period, out);
  },
});
