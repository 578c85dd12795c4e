/**
 * Zero-lag exponential moving average.
 *
 * @module
 */

import { checkInt, prepareOut } from "./_util.ts";
import { EmaStream } from "./_ema_stream.ts";
import { z } from "zod";
import { defineIndicator, period, source } from "./define_indicator.ts";

/**
 * Zero-lag exponential moving average, as backtrader's
 * `ZeroLagExponentialMovingAverage` (the definition its docs cite from Kevin
 * Ryde's Chart manual, "Zero-Lag Exponential Moving Average"): the
 * {@linkcode ema} of a de-lagged series. With
 * `lag = floor((n - 1) / 2)`,
 *
 * `y[i] = 2 * src[i] - src[i-lag]` (for `i >= lag`), `out = ema(y, n)`
 *
 * (SMA-seeded, `alpha = 2 / (n + 1)`), all in double precision. The first
 * value is at index `lag + n − 1`; earlier values are NaN. On a linear series
 * ZLEMA with an odd `n` reproduces the series (the EMA's lag of `(n − 1)/2`
 * bars is exactly undone).
 *
 * NaN handling, as {@linkcode ema} on `y`: leading NaNs are skipped (the
 * first value is `lag + n − 1` bars after the input's first value); any later
 * NaN makes that output and every later one NaN.
 *
 * @param src Input series.
 * @param n Period, an integer >= 1.
 * @param out Optional preallocated output of length `src.length`; must not
 * overlap `src`.
 * @returns `out`, or a new array.
 * @throws {RangeError} on a bad `n` or `out`.
 *
 * @example ZLEMA(3) by hand: lag 1, alpha 0.5
 * ```ts
 * import { zlema } from "./zlema.ts";
 * import assert from "node:assert/strict";
 * const out = zlema(new Float64Array([1, 2, 4, 7, 7]), 3);
 * // y = [_, 2*2 - 1 = 3, 2*4 - 2 = 6, 2*7 - 4 = 10, 2*7 - 7 = 7]
 * // seed at 3: (3 + 6 + 10)/3 = 19/3; at 4: 0.5*7 + 0.5*19/3 = 20/3
 * assert.deepEqual([...out], [NaN, NaN, NaN, 19 / 3, 3.5 + 19 / 6]);
 * ```
 */
export function zlema(
  src: Float64Array,
  n: number,
  out?: Float64Array,
): Float64Array {
  checkInt("zlema", "n", n);
  const len = src.length;
  const dst = prepareOut("zlema", "out", out, len, [src]);
  const lag = Math.floor((n - 1) / 2);
  const stage = new EmaStream(n);
  for (let i = 0; i < len; i++) {
    dst[i] = stage.push(i < lag ? NaN : 2 * src[i]! - src[i - lag]!);
  }
  return dst;
}

/**
 * ZLEMA as an indicator definition: `ind.zlema(period = 30, source = "close")`. backtrader's
 * `ZeroLagExponentialMovingAverage` (the EMA of `2 · x − x(−lag)`, `lag = (period − 1) // 2`); first value at bar
 * `lag + period − 1`.
 */
export const zlemaIndicator = defineIndicator({
  name: "zlema",
  params: z.strictObject({ period: period(1, 30), source: source("close") }),
  args: ["period", "source"],
  inputs: (p) => [p.source],
  warmup: (p) => Math.floor((p.period - 1) / 2) + p.period - 1,
  compute: ([x], p, [out]) => {
    zlema(x!, p.period, out);
  },
});
