/**
 * True strength index.
 *
 * @module
 */

import { checkInt, prepareOut } from "./_util.ts";
import { EmaStream } from "./_ema_stream.ts";
import { z } from "zod";
import { defineIndicator, period, source } from "./define_indicator.ts";

/**
 * William Blau's true strength index, backtrader's `TrueStrengthIndicator`:
 *
 * - price change `pc[i] = src[i] - src[i-pchange]`;
 * - `num = ema(ema(pc, period1), period2)`, `den = ema(ema(|pc|, period1),
 *   period2)` with {@linkcode ema} (SMA-seeded, `alpha = 2 / (p + 1)`; each
 *   stage seeded on the first `p` values its input defines);
 * - `out[i] = 100 * (num[i] / den[i])`, evaluated exactly so; 0 when
 *   `den[i]` is 0 (no change at all so far, where backtrader raises
 *   `ZeroDivisionError`).
 *
 * The first value is at index `pchange + period1 + period2 - 2` (37 for the
 * defaults 25, 13, 1); earlier values are NaN. With `s` leading NaNs in
 * `src` every index shifts by `s`. The result lies in [-100, 100] (up to
 * rounding).
 *
 * NaN handling: as for {@linkcode ema}, a NaN after the leading ones makes
 * every later value NaN (the smoothing carries it).
 *
 * @param src Input series.
 * @param period1 Period of the first smoothing, an integer >= 1 (default 25).
 * @param period2 Period of the second smoothing, an integer >= 1 (default 13).
 * @param pchange Look-back of the price change, an integer >= 1 (default 1).
 * @param out Optional preallocated output of length `src.length`; must not
 * overlap `src`.
 * @returns `out`, or a new array.
 * @throws {RangeError} on a bad period or `out`.
 *
 * @example TSI(2, 1) by hand
 * ```ts
 * import { tsi } from "./tsi.ts";
 * import assert from "node:assert/strict";
 * // pc = _, +2, -1, +3; EMA(2) (alpha 2/3) of pc: seed (2 - 1)/2 = 0.5 at bar 2, then 2/3*3 + 1/3*0.5
 * // of |pc|: seed (2 + 1)/2 = 1.5, then 2/3*3 + 1/3*1.5 = 2.5; period2 = 1 leaves them as they are
 * const a = 2 / 3, b = 1 - a;
 * const out = tsi(new Float64Array([10, 12, 11, 14]), 2, 1);
 * assert.deepEqual([...out], [NaN, NaN, 100 * (0.5 / 1.5), 100 * ((a * 3 + b * 0.5) / (a * 3 + b * 1.5))]);
 * ```
 */
export function tsi(src: Float64Array, period1 = 25, period2 = 13, pchange = 1, out?: Float64Array): Float64Array {
  checkInt("tsi", "period1", period1);
  checkInt("tsi", "period2", period2);
  checkInt("tsi", "pchange", pchange);
  const len = src.length;
  const dst = prepareOut("tsi", "out", out, len, [src]);
  const num1 = new EmaStream(period1), num2 = new EmaStream(period2);
  const den1 = new EmaStream(period1), den2 = new EmaStream(period2);
  for (let i = 0; i < len; i++) {
    const pc = i >= pchange ? src[i]! - src[i - pchange]! : NaN;
    const num = num2.push(num1.push(pc));
    const den = den2.push(den1.push(Math.abs(pc)));
    dst[i] = den === 0 ? 0 : 100 * (num / den);
  }
  return dst;
}

/**
 * The TSI as an indicator definition: `ind.tsi(period1 = 25, period2 = 13, pchange = 1, source = "close")`.
 * backtrader's `TrueStrengthIndicator` (`period1`, `period2`, `pchange`); first value at bar
 * `pchange + period1 + period2 − 2`.
 */
export const tsiIndicator = defineIndicator({
  name: "tsi",
  params: z.strictObject({
    period1: period(1, 25),
    period2: period(1, 13),
    pchange: period(1, 1),
    source: source("close"),
  }),
  args: ["period1", "period2", "pchange", "source"],
  inputs: (p) => [p.source],
  warmup: (p) => p.pchange + p.period1 + p.period2 - 2,
  compute: ([x], p, [out]) => {
    tsi(x!, p.period1, p.period2, p.pchange, out);
  },
});
