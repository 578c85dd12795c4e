/**
 * Hull moving average.
 *
 * @module
 */

import { checkInt, prepareOut } from "./_util.ts";
import { wma } from "./wma.ts";
import { z } from "zod";
import { defineIndicator, period, source } from "./define_indicator.ts";

/**
 * Hull moving average, as backtrader's `HullMovingAverage` (Alan Hull, 2005):
 * with `h = floor(n / 2)` and `m = floor(sqrt(n))`,
 *
 * `out = wma(2 * wma(src, h) - wma(src, n), m)`
 *
 * where {@linkcode wma} is the linearly weighted moving average (weights
 * 1..period, the newest heaviest) and the inner difference is evaluated as
 * `2 * a - b` in double precision. The inner difference starts at index
 * `n − 1`, so the first value is at index `n + m − 2` (33 for the default 30,
 * backtrader's minimum period 34); earlier values are NaN. On a linear series
 * `a + b·i` HMA is the series shifted by a constant,
 * `a + b·i − b·(2h − n + m − 2)/3` (exactly the series for an even `n` with
 * `m = 2`, i.e. n = 4, 6, 8).
 *
 * NaN handling (every stage is a window): a NaN at bar j makes NaN exactly the
 * outputs whose windows reach it, bars `j .. j + n + m − 2`; values resume
 * after. Leading NaNs therefore delay the first value by as many bars.
 * Infinities follow the {@linkcode wma} rules and IEEE arithmetic.
 *
 * Allocates one scratch array of the input length.
 *
 * @param src Input series.
 * @param n Period, an integer >= 2 (so that `floor(n / 2) >= 1`).
 * @param out Optional preallocated output of length `src.length`; must not
 * overlap `src`.
 * @returns `out`, or a new array.
 * @throws {RangeError} on a bad `n` or `out`, or as {@linkcode wma} for
 * finite inputs of magnitude 2^995 or more.
 *
 * @example HMA(4) by hand: h = 2, m = 2
 * ```ts
 * import { hma } from "./hma.ts";
 * import assert from "node:assert/strict";
 * const out = hma(new Float64Array([0, 0, 0, 6, 12]), 4);
 * // wma(2): [_, 0, 0, (0 + 2*6)/3 = 4, (6 + 2*12)/3 = 10]
 * // wma(4): [_, _, _, (0 + 0 + 0 + 4*6)/10 = 2.4, (0 + 0 + 3*6 + 4*12)/10 = 6.6]
 * // diff = 2*wma(2) - wma(4): [_, _, _, 5.6, 13.4]; hma = wma(diff, 2) at 4: (5.6 + 2*13.4)/3 = 10.8
 * assert.ok(Number.isNaN(out[3]!) && Math.abs(out[4]! - 10.8) < 1e-14);
 * ```
 */
export function hma(
  src: Float64Array,
  n: number,
  out?: Float64Array,
): Float64Array {
  checkInt("hma", "n", n, 2, 94906265);
  const len = src.length;
  const dst = prepareOut("hma", "out", out, len, [src]);
  const half = Math.floor(n / 2);
  const m = Math.floor(Math.sqrt(n));
  const full = wma(src, n);
  wma(src, half, dst);
  for (let i = 0; i < len; i++) full[i] = 2 * dst[i]! - full[i]!;
  return wma(full, m, dst);
}

/**
 * The HMA as an indicator definition: `ind.hma(period = 30, source = "close")`. backtrader's `HullMovingAverage`
 * (`wma(2 · wma(period // 2) − wma(period), int(sqrt(period)))`); first value at bar
 * `period + floor(sqrt(period)) − 2`.
 */
export const hmaIndicator = defineIndicator({
  name: "hma",
  params: z.strictObject({ period: period(2, 30), source: source("close") }),
  args: ["period", "source"],
  inputs: (p) => [p.source],
  warmup: (p) => p.period + Math.floor(Math.sqrt(p.period)) - 2,
  compute: ([x], p, [out]) => {
    hma(x!, p.period, out);
  },
});
