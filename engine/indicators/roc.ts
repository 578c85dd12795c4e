/**
 * Rate of change, as a fraction.
 *
 * @module
 */

import { checkInt, prepareOut } from "./_util.ts";
import { z } from "zod";
import { defineIndicator, period, source } from "./define_indicator.ts";

/**
 * Rate of change over `n` bars, **as a fraction** (0.05 for a 5 % rise), not
 * in percent: backtrader's `RateOfChange` (`ROC`), not its `RateOfChange100`
 * nor StockCharts' ROC, which are 100 times this.
 *
 * `out[i] = (src[i] - src[i-n]) / src[i-n]` for `i >= n` (evaluated exactly
 * so in double precision); `out[i]` is NaN for `i < n`. The first value is at
 * index `n`, `n` bars after the first input (with `s` leading NaNs in `src`,
 * at `s + n`).
 *
 * NaN handling: a NaN at bar `j` makes `out[j]` and `out[j+n]` NaN and no
 * other value. A previous value of 0 gives the IEEE result (±Infinity, or NaN
 * for 0 / 0), where backtrader raises `ZeroDivisionError`.
 *
 * @param src Input series.
 * @param n Look-back in bars, an integer >= 1 (default 12).
 * @param out Optional preallocated output of length `src.length`; must not
 * overlap `src`.
 * @returns `out`, or a new array.
 * @throws {RangeError} on a bad `n` or `out`.
 *
 * @example ROC(2) by hand
 * ```ts
 * import { roc } from "./roc.ts";
 * import assert from "node:assert/strict";
 * const out = roc(new Float64Array([10, 8, 11, 12]), 2);
 * // bar 2: (11 - 10) / 10 = 0.1; bar 3: (12 - 8) / 8 = 0.5
 * assert.deepEqual([...out], [NaN, NaN, (11 - 10) / 10, 0.5]);
 * ```
 */
export function roc(src: Float64Array, n = 12, out?: Float64Array): Float64Array {
  checkInt("roc", "n", n);
  const len = src.length;
  const dst = prepareOut("roc", "out", out, len, [src]);
  const warm = Math.min(n, len);
  dst.fill(NaN, 0, warm);
  for (let i = warm; i < len; i++) {
    const prev = src[i - n]!;
    dst[i] = (src[i]! - prev) / prev;
  }
  return dst;
}

/**
 * The rate of change as an indicator definition: `ind.roc(period = 12, source = "close")`, a fraction (0.05 = +5 %).
 * backtrader's `RateOfChange` (`period`); first value at bar `period`.
 */
export const rocIndicator = defineIndicator({
  name: "roc",
  params: z.strictObject({ period: period(1, 12), source: source("close") }),
  args: ["period", "source"],
  inputs: (p) => [p.source],
  warmup: (p) => p.period,
  compute: ([x], p, [out]) => {
    roc(x!, p.period, out);
  },
});
