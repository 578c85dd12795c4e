/**
 * Absolute price oscillator.
 *
 * @module
 */

import { checkInt, prepareOut } from "./_util.ts";
import { smoothInto } from "./_smooth.ts";
import { EmaStream } from "./_ema_stream.ts";
import { z } from "zod";
import { defineIndicator, period, source } from "./define_indicator.ts";

/**
 * Price oscillator (absolute price oscillator, APO), backtrader's
 * `PriceOscillator`: the difference of a fast and a slow EMA in price units,
 * `out[i] = ema(src, fast)[i] - ema(src, slow)[i]` with {@linkcode ema}
 * (SMA-seeded, `alpha = 2 / (p + 1)`). This is the MACD line without its
 * signal; see {@linkcode ppo} for the percentage form.
 *
 * The first value is at index `slow - 1` (25 for the defaults 12, 26);
 * earlier values are NaN. With `s` leading NaNs in `src` every index shifts
 * by `s`; a NaN after the leading ones makes every later value NaN.
 *
 * @param src Input series.
 * @param fast Fast EMA period, an integer >= 1 (default 12).
 * @param slow Slow EMA period, an integer > `fast` (default 26).
 * @param out Optional preallocated output of length `src.length`; must not
 * overlap `src`.
 * @returns `out`, or a new array.
 * @throws {RangeError} on bad periods or a bad `out`.
 *
 * @example APO(1, 3) by hand
 * ```ts
 * import { priceOscillator } from "./price_oscillator.ts";
 * import assert from "node:assert/strict";
 * // ema(3) (alpha 0.5): seed (2 + 4 + 6)/3 = 4 at bar 2, then 0.5*12 + 0.5*4 = 8; ema(1) is the series
 * const out = priceOscillator(new Float64Array([2, 4, 6, 12]), 1, 3);
 * assert.deepEqual([...out], [NaN, NaN, 6 - 4, 12 - 8]);
 * ```
 */
export function priceOscillator(src: Float64Array, fast = 12, slow = 26, out?: Float64Array): Float64Array {
  checkInt("priceOscillator", "fast", fast);
  checkInt("priceOscillator", "slow", slow);
  if (slow <= fast) {
    throw new RangeError(`priceOscillator(): slow must be greater than fast, found fast = ${fast}, slow = ${slow}`);
  }
  const len = src.length;
  const dst = prepareOut("priceOscillator", "out", out, len, [src]);
  smoothInto(src, fast, false, dst);
  const slowEma = new EmaStream(slow); // streamed: no second array
  for (let i = 0; i < len; i++) dst[i] = dst[i]! - slowEma.push(src[i]!);
  return dst;
}

/**
 * The price oscillator as an indicator definition: `ind.priceOscillator(fast = 12, slow = 26, source = "close")`, in
 * price units. backtrader's `PriceOscillator` (`APO`; `period1`, `period2`); first value at bar `slow − 1`.
 */
export const priceOscillatorIndicator = defineIndicator({
  name: "priceOscillator",
  params: z.strictObject({ fast: period(1, 12), slow: period(2, 26), source: source("close") })
    .refine((p) => p.fast < p.slow, { message: "expected slow > fast", path: ["slow"] }),
  args: ["fast", "slow", "source"],
  inputs: (p) => [p.source],
  warmup: (p) => p.slow - 1,
  compute: ([x], p, [out]) => {
    priceOscillator(x!, p.fast, p.slow, out);
  },
});
