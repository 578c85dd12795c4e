/**
 * Whole-array technical indicators over `Float64Array`.
 *
 * Conventions shared by every kernel:
 *
 * - The output has the input's length; values are NaN during warm-up (each
 *   function documents exactly where its first value is).
 * - Arguments are inputs, then parameters, then an optional preallocated
 *   `out` (an array, or for multi-series results an object of arrays) that
 *   must have the input length and must not overlap any input. Passing `out`
 *   makes a call allocation-free apart from small fixed-size scratch.
 * - Bad parameters (e.g. a period that is not an integer >= 1) throw a
 *   `RangeError` naming the function and parameter.
 * - Means are exact: the window sums behind {@linkcode sma}, {@linkcode wma}
 *   and every SMA seed are correctly rounded ({@linkcode fsum}, equal to
 *   Python's `math.fsum`), so results do not drift over long series.
 * - NaN handling is documented per function: windowed kernels (SMA, WMA,
 *   stdev, Bollinger, stochastic) give NaN only for windows containing a NaN;
 *   recursive ones (EMA, Wilder, ATR, RSI, MACD) skip leading NaNs and then
 *   carry any later NaN forward.
 *
 * @example A moving-average crossover and an RSI filter
 * ```ts
 * import { ema, rsi, sma } from "./mod.ts";
 * import assert from "node:assert/strict";
 * const close = new Float64Array([10, 11, 12, 11, 13, 14, 13, 15, 16, 15]);
 * const fast = ema(close, 3);
 * const slow = sma(close, 5);
 * const strength = rsi(close, 4);
 * assert.equal(slow[4], (10 + 11 + 12 + 11 + 13) / 5);
 * assert.ok(Number.isNaN(fast[1]) && fast[2] === 11);
 * const longBars = close.map((_, i) => fast[i]! > slow[i]! && strength[i]! > 50 ? 1 : 0);
 * assert.equal(longBars.length, close.length);
 * ```
 *
 * @module
 */

export { ExactSum, fsum } from "./exact_sum.ts";
export { sma } from "./sma.ts";
export { ema, wilder } from "./ema.ts";
export { wma } from "./wma.ts";
export { stdev } from "./stdev.ts";
export { bollinger, type BollingerBands } from "./bollinger.ts";
export { trueRange } from "./true_range.ts";
export { highest, lowest } from "./extremes.ts";
export { atr } from "./atr.ts";
export { rsi } from "./rsi.ts";
export { macd, type MacdResult } from "./macd.ts";
export { stochastic, type StochasticResult } from "./stochastic.ts";
