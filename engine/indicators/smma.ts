/**
 * Smoothed moving average (SMMA): Wilder's smoothing as an indicator of its own.
 *
 * @module
 */

import { checkInt, prepareOut } from "./_util.ts";
import { wilder } from "./ema.ts";
import { z } from "zod";
import { defineIndicator, period, source } from "./define_indicator.ts";

/**
 * Smoothed moving average, as backtrader's `SmoothedMovingAverage` (aliases
 * SMMA, WilderMA, ModifiedMovingAverage) and Wilder's "New Concepts in
 * Technical Trading Systems" (1978): an exponential smoothing with
 * `alpha = 1/n`, seeded with the simple moving average of the first `n`
 * values. It is the {@linkcode wilder} kernel (the smoothing behind RSI and
 * ATR), under its moving-average name.
 *
 * With no leading NaN: `out[n-1] = fsum(src[0..n-1]) / n` (the exact SMA),
 * then for `i >= n` `out[i] = (out[i-1] * (n - 1) + src[i]) / n`; `out[i]` is
 * NaN for `i < n-1`. backtrader evaluates the same recursion as
 * `prev * (1 - 1/n) + src[i] * (1/n)`; the two forms are equal in exact
 * arithmetic and differ only in rounding (Wilder's form rounds `1/n` nowhere).
 *
 * NaN handling: leading NaNs are skipped (the seed is the SMA of the first `n`
 * values from the first non-NaN one, so the first value is `n − 1` bars after
 * the input's first value); a NaN inside the seed window or any later NaN
 * makes that output and every later one NaN.
 *
 * @param src Input series.
 * @param n Period, an integer >= 1 (`n = 1` reproduces `src`).
 * @param out Optional preallocated output of length `src.length`; must not
 * overlap `src`.
 * @returns `out`, or a new array.
 * @throws {RangeError} on a bad `n` or `out`.
 *
 * @example SMMA(4) by hand
 * ```ts
 * import { smma } from "./smma.ts";
 * import assert from "node:assert/strict";
 * const out = smma(new Float64Array([2, 4, 6, 8, 20, 0]), 4);
 * // seed (2+4+6+8)/4 = 5 at index 3; (5*3 + 20)/4 = 8.75; (8.75*3 + 0)/4 = 6.5625
 * assert.deepEqual([...out], [NaN, NaN, NaN, 5, 8.75, 6.5625]);
 * ```
 */
export function smma(
  src: Float64Array,
  n: number,
  out?: Float64Array,
): Float64Array {
  checkInt("smma", "n", n);
  const dst = prepareOut("smma", "out", out, src.length, [src]);
  return wilder(src, n, dst);
}

/**
 * The SMMA as an indicator definition: `ind.smma(period = 30, source = "close")`. backtrader's
 * `SmoothedMovingAverage` (alpha 1/period, seeded with the SMA of the first `period` values); first value at bar
 * `period − 1`.
 */
export const smmaIndicator = defineIndicator({
  name: "smma",
  params: z.strictObject({ period: period(1, 30), source: source("close") }),
  args: ["period", "source"],
  inputs: (p) => [p.source],
  warmup: (p) => p.period - 1,
  compute: ([x], p, [out]) => {
    smma(x!, p.period, out);
  },
});
