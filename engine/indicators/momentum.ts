/**
 * Momentum: the change over a number of bars.
 *
 * @module
 */

import { checkInt, prepareOut } from "./_util.ts";
import { z } from "zod";
import { defineIndicator, period, source } from "./define_indicator.ts";

/**
 * Momentum over `n` bars, backtrader's `Momentum`: the difference (in price
 * units) between the current value and the value `n` bars earlier.
 *
 * `out[i] = src[i] - src[i-n]` for `i >= n`; `out[i]` is NaN for `i < n`.
 * The first value is at index `n` (with `s` leading NaNs in `src`, at
 * `s + n`).
 *
 * NaN handling: a NaN at bar `j` makes `out[j]` and `out[j+n]` NaN and no
 * other value; infinities follow IEEE arithmetic.
 *
 * @param src Input series.
 * @param n Look-back in bars, an integer >= 1 (default 12).
 * @param out Optional preallocated output of length `src.length`; must not
 * overlap `src`.
 * @returns `out`, or a new array.
 * @throws {RangeError} on a bad `n` or `out`.
 *
 * @example Momentum(2) by hand
 * ```ts
 * import { momentum } from "./momentum.ts";
 * import assert from "node:assert/strict";
 * const out = momentum(new Float64Array([10, 8, 11, 12, 9]), 2);
 * // bar 2: 11 - 10 = 1; bar 3: 12 - 8 = 4; bar 4: 9 - 11 = -2
 * assert.deepEqual([...out], [NaN, NaN, 1, 4, -2]);
 * ```
 */
export function momentum(src: Float64Array, n = 12, out?: Float64Array): Float64Array {
  checkInt("momentum", "n", n);
  const len = src.length;
  const dst = prepareOut("momentum", "out", out, len, [src]);
  const warm = Math.min(n, len);
  dst.fill(NaN, 0, warm);
  for (let i = warm; i < len; i++) dst[i] = src[i]! - src[i - n]!;
  return dst;
}

/**
 * Momentum as an indicator definition: `ind.momentum(period = 12, source = "close")`. backtrader's `Momentum`
 * (`period`); first value at bar `period`.
 */
export const momentumIndicator = defineIndicator({
  name: "momentum",
  params: z.strictObject({ period: period(1, 12), source: source("close") }),
  args: ["period", "source"],
  inputs: (p) => [p.source],
  warmup: (p) => p.period,
  compute: ([x], p, [out]) => {
    momentum(x!, p.period, out);
  },
});
