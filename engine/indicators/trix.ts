/**
 * TRIX: the one-bar rate of change of a triple EMA, with its signal line.
 *
 * @module
 */

import { checkInt, prepareOut } from "./_util.ts";
import { EmaStream } from "./_ema_stream.ts";
import { z } from "zod";
import { defineIndicator, period, source } from "./define_indicator.ts";

/**
 * The two series returned by {@linkcode trix}.
 *
 * @example Destructuring the result
 * ```ts
 * import assert from "node:assert/strict";
 * import { trix, type TrixResult } from "./trix.ts";
 * const r: TrixResult = trix(new Float64Array(60).fill(7));
 * // defaults 15 and 9: the value starts at bar 3*15 - 2 = 43, the signal at 43 + 9 - 1 = 51
 * assert.ok(Number.isNaN(r.value[42]!) && r.value[43] === 0);
 * assert.ok(Number.isNaN(r.signal[50]!) && r.signal[51] === 0);
 * ```
 */
export interface TrixResult {
  /** The TRIX line, in percent. */
  value: Float64Array;
  /** `ema(value, signal)`, seeded with the SMA of the first `signal` TRIX values. */
  signal: Float64Array;
}

/**
 * TRIX (Jack Hutson, Technical Analysis of Stocks & Commodities, 1983), as
 * backtrader's `Trix` and, for the signal line, its `TrixSignal`. With
 * `e3 = ema(ema(ema(src, n), n), n)` (each the SMA-seeded {@linkcode ema},
 * `alpha = 2 / (n + 1)`, as backtrader's code and StockCharts use: backtrader's
 * docstring mentions Wilder's smoothing but its code uses the EMA),
 *
 * `value[i] = 100 * (e3[i] - e3[i-1]) / e3[i-1]`
 *
 * and `signal = ema(value, signal)` (SMA-seeded). backtrader writes the first
 * formula as `100 * (e3[i] / e3[i-1] - 1)`; the two are equal in exact
 * arithmetic, and the difference form used here avoids the cancellation of
 * subtracting 1 from a ratio near 1 (the subtraction of two nearby values is
 * exact), so it stays accurate to a few ulps however small the change.
 *
 * First values: `value` at index `3n − 2` (43 for the default 15), `signal`
 * at `3n + signal − 3` (51 for the defaults); earlier values are NaN.
 *
 * NaN handling: as {@linkcode ema} at each stage, leading NaNs are skipped
 * (every index shifts by their count) and any later NaN makes that output and
 * every later one NaN. A zero `e3[i-1]` gives `±Infinity` or NaN (IEEE
 * division; backtrader raises ZeroDivisionError).
 *
 * @param src Input series.
 * @param n EMA period, an integer >= 1 (default 15).
 * @param signal Signal EMA period, an integer >= 1 (default 9).
 * @param out Optional preallocated outputs, each of length `src.length`,
 * overlapping neither `src` nor each other; missing ones are allocated.
 * @returns `{ value, signal }` (using the arrays given in `out`).
 * @throws {RangeError} on bad periods or a bad `out`.
 *
 * @example TRIX(1, 2) by hand: with n = 1 every EMA is the input itself
 * ```ts
 * import { trix } from "./trix.ts";
 * import assert from "node:assert/strict";
 * const r = trix(new Float64Array([100, 110, 99, 99]), 1, 2);
 * // value: 100*(110 - 100)/100 = 10; 100*(99 - 110)/110 = -10; 0
 * // signal (alpha 2/3): seed (10 + -10)/2 = 0 at 2; then 2/3*0 + 1/3*0 = 0
 * assert.deepEqual([...r.value], [NaN, 10, -10, 0]);
 * assert.deepEqual([...r.signal], [NaN, NaN, 0, 0]);
 * ```
 */
export function trix(
  src: Float64Array,
  n = 15,
  signal = 9,
  out?: Partial<TrixResult>,
): TrixResult {
  checkInt("trix", "n", n);
  checkInt("trix", "signal", signal);
  const len = src.length;
  const value = prepareOut("trix", "out.value", out?.value, len, [src]);
  const sig = prepareOut("trix", "out.signal", out?.signal, len, [src, value]);
  const s1 = new EmaStream(n), s2 = new EmaStream(n), s3 = new EmaStream(n), s4 = new EmaStream(signal);
  let prev = NaN;
  for (let i = 0; i < len; i++) {
    const e3 = s3.push(s2.push(s1.push(src[i]!)));
    const t = 100 * (e3 - prev) / prev;
    value[i] = t;
    sig[i] = s4.push(t);
    prev = e3;
  }
  return { value, signal: sig };
}

/**
 * TRIX as an indicator definition: `ind.trix(period = 15, signal = 9, source = "close")` → `{ value, signal }`.
 * backtrader's `Trix` (`period`) with `TrixSignal`'s signal line (`sigperiod`); `value` starts at bar
 * `3 · period − 2`, `signal` at `3 · period + signal − 3`.
 */
export const trixIndicator = defineIndicator({
  name: "trix",
  params: z.strictObject({ period: period(1, 15), signal: period(1, 9), source: source("close") }),
  args: ["period", "signal", "source"],
  outputs: ["value", "signal"],
  inputs: (p) => [p.source],
  warmup: (p) => [3 * p.period - 2, 3 * p.period + p.signal - 3],
  compute: ([x], p, [value, signal]) => {
    trix(x!, p.period, p.signal, { value: value!, signal: signal! });
  },
});
