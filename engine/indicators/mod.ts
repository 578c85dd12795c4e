/**
 * Whole-array technical indicators over `Float64Array`: one kernel per
 * built-in indicator, grouped as in the definitions' table (moving averages,
 * momentum, trend, volatility, volume, transforms). The table itself is
 * exported too ({@linkcode indicators}, {@linkcode INDICATOR_LIST}: what a
 * strategy calls as `ind.<name>(…)`), with {@linkcode defineIndicator} to
 * declare one's own.
 *
 * The folder owns each indicator's definition (one file each, listed once in
 * `library.ts`), the contract every definition is tested against
 * (`contract_test.ts`), and the indicator cache (`cache.ts`), which computes a
 * series once per (symbol, name, canonical params) for every reader:
 * strategies, risk sizing, ATR slippage and every run of a sweep.
 * `docs/strategies.md` has the table of the 52 built-ins.
 *
 * **Entry points.** `indicators` and `INDICATOR_LIST` (`library.ts`);
 * `defineIndicator`, `period` and `source` (`define_indicator.ts`);
 * `IndicatorCache` and `SeriesPool` (`cache.ts`); the kernels re-exported
 * below.
 *
 * **May import:** `engine/data/` (`bar_frame.ts`, `resample.ts`,
 * `trading_day.ts`, `config.ts`); `engine/errors.ts`; `zod`; as a type only,
 * `engine/strategy/types.ts` (`Series`, the input of a user-defined
 * indicator). Its tests also import `engine/random.ts`. Never the strategy,
 * risk or execution code that reads the indicators.
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
// moving averages
export { sma } from "./sma.ts";
export { ema, wilder } from "./ema.ts";
export { wma } from "./wma.ts";
export { smma } from "./smma.ts";
export { dema } from "./dema.ts";
export { tema } from "./tema.ts";
export { hma } from "./hma.ts";
export { kama } from "./kama.ts";
export { zlema } from "./zlema.ts";
export { trix, type TrixResult } from "./trix.ts";
// momentum
export { roc } from "./roc.ts";
export { momentum } from "./momentum.ts";
export { rsi } from "./rsi.ts";
export { stochastic, type StochasticResult } from "./stochastic.ts";
export { stochasticFast, type StochasticFastResult } from "./stochastic_fast.ts";
export { stochasticFull, type StochasticFullResult } from "./stochastic_full.ts";
export { williamsR } from "./williams_r.ts";
export { cci } from "./cci.ts";
export { macd, type MacdResult } from "./macd.ts";
export { ppo, type PpoResult } from "./ppo.ts";
export { priceOscillator } from "./price_oscillator.ts";
export { tsi } from "./tsi.ts";
export { ultimateOscillator } from "./ultimate_oscillator.ts";
export { awesomeOscillator } from "./awesome_oscillator.ts";
export { kst, type KstParams, type KstResult } from "./kst.ts";
export { dpo } from "./dpo.ts";
// trend
export { dmi, type DmiLines } from "./dmi.ts";
export { aroon, type AroonLines } from "./aroon.ts";
export { vortex, type VortexLines } from "./vortex.ts";
export { ichimoku, type IchimokuLines } from "./ichimoku.ts";
export { parabolicSar } from "./parabolic_sar.ts";
export { linRegSlope } from "./lin_reg_slope.ts";
export { crossover } from "./crossover.ts";
// volatility
export { trueRange } from "./true_range.ts";
export { atr } from "./atr.ts";
export { bollinger, type BollingerBands } from "./bollinger.ts";
export { keltner, type KeltnerChannels } from "./keltner.ts";
export { donchian, type DonchianChannels } from "./donchian.ts";
export { stdev } from "./stdev.ts";
export { zscore } from "./zscore.ts";
// volume
export { obv } from "./obv.ts";
export { vwap } from "./vwap.ts";
export { sessionVwap } from "./session_vwap.ts";
export { mfi } from "./mfi.ts";
export { cmf } from "./cmf.ts";
export { adl } from "./adl.ts";
// transforms
export { heikinAshi, type HeikinAshiCandles } from "./heikin_ashi.ts";
export { percentRank } from "./percent_rank.ts";
export { highest, lowest } from "./extremes.ts";
export { type EnvelopeBands, envelopes } from "./envelopes.ts";
export { percentChange } from "./percent_change.ts";
// the definitions
export { defineIndicator } from "./define_indicator.ts";
export { INDICATOR_LIST, indicators } from "./library.ts";
