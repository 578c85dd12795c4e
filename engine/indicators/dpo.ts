/**
 * Detrended price oscillator.
 *
 * @module
 */

import { checkInt, prepareOut } from "./_util.ts";
import { sma } from "./sma.ts";
import { z } from "zod";
import { defineIndicator, period, source } from "./define_indicator.ts";

/**
 * How many bars back {@linkcode dpo} reads the moving average:
 * `ceil(n / 2) - 1`, what backtrader's `ma(-period // 2 + 1)` evaluates to
 * (Python parses it as `((-period) // 2) + 1`, floor division): 9 for 20,
 * 10 for 21, 0 for 1 and 2.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { dpoLag } from "./dpo.ts";
 * assert.deepEqual([1, 2, 3, 20, 21].map(dpoLag), [0, 0, 1, 9, 10]);
 * ```
 */
export function dpoLag(n: number): number {
  return -Math.floor(-n / 2) - 1;
}

/**
 * Detrended price oscillator as backtrader's `DetrendedPriceOscillator`
 * computes it: the current value minus the `n`-bar {@linkcode sma} of
 * `lag = ceil(n / 2) - 1` bars ago ({@linkcode dpoLag}),
 *
 * `out[i] = src[i] - sma(src, n)[i - lag]`.
 *
 * The textbook DPO (DiNapoli; StockCharts) compares the price `n/2 + 1`
 * bars back with the SMA ending at the current bar and is plotted at that
 * earlier price's bar, so each plotted value depends on the bars after it.
 * backtrader shifts the average instead (the current value against an
 * earlier SMA), so no value depends on a later bar; and since Python parses
 * `-period // 2 + 1` as `((-period) // 2) + 1`, its shift is `ceil(n/2) - 1`
 * bars, not the `n/2 + 1` its docstring states. This follows backtrader's
 * computation exactly.
 *
 * The first value is at index `n - 1 + lag` (28 for the default 20);
 * earlier values are NaN. With `s` leading NaNs in `src` every index shifts
 * by `s`. NaN handling: a NaN at bar `j` makes `out[j]` NaN and, through the
 * SMA, `out[j + lag .. j + lag + n - 1]`; values resume afterwards.
 *
 * @param src Input series.
 * @param n SMA period, an integer >= 1 (default 20).
 * @param out Optional preallocated output of length `src.length`; must not
 * overlap `src`.
 * @returns `out`, or a new array.
 * @throws {RangeError} on a bad `n` or `out`.
 *
 * @example DPO(3): the lag is ceil(3/2) - 1 = 1 bar
 * ```ts
 * import { dpo } from "./dpo.ts";
 * import assert from "node:assert/strict";
 * const out = dpo(new Float64Array([1, 2, 6, 7, 2]), 3);
 * // sma3: bar 2 3, bar 3 5, bar 4 5; dpo bar 3: 7 - sma[2] = 4; bar 4: 2 - sma[3] = -3
 * assert.deepEqual([...out], [NaN, NaN, NaN, 4, -3]);
 * ```
 */
export function dpo(src: Float64Array, n = 20, out?: Float64Array): Float64Array {
  checkInt("dpo", "n", n);
  const len = src.length;
  const dst = prepareOut("dpo", "out", out, len, [src]);
  sma(src, n, dst);
  const lag = dpoLag(n);
  // in place from the last bar down: dst[i - lag] still holds the SMA when bar i is written
  for (let i = len - 1; i >= 0; i--) dst[i] = i < lag ? NaN : src[i]! - dst[i - lag]!;
  return dst;
}

/**
 * The DPO as an indicator definition: `ind.dpo(period = 20, source = "close")`. backtrader's
 * `DetrendedPriceOscillator` (`period`): the value minus the SMA of `ceil(period/2) − 1` bars ago; first value at bar
 * `period − 1 + ceil(period/2) − 1`.
 */
export const dpoIndicator = defineIndicator({
  name: "dpo",
  params: z.strictObject({ period: period(1, 20), source: source("close") }),
  args: ["period", "source"],
  inputs: (p) => [p.source],
  warmup: (p) => p.period - 1 + dpoLag(p.period),
  compute: ([x], p, [out]) => {
    dpo(x!, p.period, out);
  },
});
