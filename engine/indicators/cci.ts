/**
 * Commodity channel index.
 *
 * @module
 */

import { checkInt, checkSameLength, prepareOut } from "./_util.ts";
import { WindowSum } from "./_window_sum.ts";
import { z } from "zod";
import { defineIndicator, period } from "./define_indicator.ts";

/**
 * Donald Lambert's commodity channel index as backtrader's
 * `CommodityChannelIndex` computes it:
 *
 * - typical price `tp[i] = (high[i] + low[i] + close[i]) / 3`;
 * - `mean = sma(tp, n)` (the exact {@linkcode sma});
 * - mean deviation `md = sma(|tp - mean|, n)`: backtrader's `MeanDeviation`
 *   given that mean line, so each bar's deviation is taken from **its own**
 *   moving mean (`|tp[j] - mean[j]|`), not from the current bar's mean as in
 *   Lambert's and StockCharts' definition (`|tp[j] - mean[i]|`);
 * - `out[i] = (tp[i] - mean[i]) / (factor * md[i])`, evaluated exactly so.
 *
 * Because `md` averages `n` deviations that each need a full window, the
 * first value is at index `2n - 2` (38 for the default 20); earlier values
 * are NaN. When `factor * md` is 0 (each of the last `n` typical prices
 * equals its own moving mean, as in a flat market; backtrader raises
 * `ZeroDivisionError` there) the CCI is 0.
 *
 * NaN handling: a NaN high, low or close at bar `j` makes `tp[j]` NaN, so
 * `mean` is NaN for `n` bars and `md` and the CCI for `2n - 1` bars from
 * `j`; values resume afterwards.
 *
 * O(1) per bar: streamed exact window sums ({@linkcode WindowSum}, bit for bit
 * the sums behind {@linkcode sma}) and a ring of the last `n` deviations.
 *
 * @param high Bar highs.
 * @param low Bar lows (same length).
 * @param close Bar closes (same length).
 * @param n Window length, an integer >= 1 (default 20).
 * @param factor Scale of the mean deviation, a finite number > 0 (default
 * 0.015, Lambert's constant: about 70–80 % of values fall within ±100).
 * @param out Optional preallocated output of the input length; must not
 * overlap an input.
 * @returns `out`, or a new array.
 * @throws {RangeError} on a bad `n`, `factor`, unequal lengths or a bad `out`.
 *
 * @example CCI(2) by hand
 * ```ts
 * import { cci } from "./cci.ts";
 * import assert from "node:assert/strict";
 * // high = low = close, so tp is the close: 3, 5, 4
 * const c = new Float64Array([3, 5, 4]);
 * // mean: _, 4, 4.5; |tp - mean|: _, 1, 0.5; md at bar 2: (1 + 0.5) / 2 = 0.75
 * // bar 2: (4 - 4.5) / (0.015 * 0.75) = -0.5 / 0.01125 = -44.44...
 * assert.deepEqual([...cci(c, c, c, 2)], [NaN, NaN, -0.5 / (0.015 * 0.75)]);
 * ```
 */
export function cci(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  n = 20,
  factor = 0.015,
  out?: Float64Array,
): Float64Array {
  checkInt("cci", "n", n);
  if (!(factor > 0 && factor < Infinity)) {
    throw new RangeError(`cci(): factor must be a finite number > 0, found ${factor}`);
  }
  const inputs = [high, low, close];
  const len = checkSameLength("cci", ["high", "low", "close"], inputs);
  const dst = prepareOut("cci", "out", out, len, inputs);
  const tp = (j: number) => (high[j]! + low[j]! + close[j]!) / 3;
  const tpSum = new WindowSum(), devSum = new WindowSum();
  const devs = new Float64Array(Math.min(n, len)); // |tp[j] - mean[j]| of the last n bars, at j % n
  for (let i = 0; i < len; i++) {
    const t = tp(i);
    tpSum.add(t);
    if (i >= n) tpSum.sub(tp(i - n));
    const mean = i >= n - 1 ? tpSum.value() / n : NaN;
    const dev = Math.abs(t - mean);
    devSum.add(dev);
    if (i >= n) devSum.sub(devs[i % n]!);
    devs[i % n] = dev;
    if (i < 2 * n - 2) {
      dst[i] = NaN;
      continue;
    }
    const den = factor * (devSum.value() / n);
    dst[i] = den === 0 ? 0 : (t - mean) / den;
  }
  return dst;
}

/**
 * The CCI as an indicator definition: `ind.cci(period = 20, factor = 0.015)`. backtrader's `CommodityChannelIndex`
 * (`period`, `factor`), with its mean deviation about each bar's own moving mean; first value at bar `2·period − 2`.
 */
export const cciIndicator = defineIndicator({
  name: "cci",
  params: z.strictObject({
    period: period(1, 20),
    factor: z.number({ error: "expected a finite number > 0" }).positive().finite().default(0.015),
  }),
  args: ["period", "factor"],
  inputs: () => ["high", "low", "close"],
  warmup: (p) => 2 * p.period - 2,
  compute: ([h, l, c], p, [out]) => {
    cci(h!, l!, c!, p.period, p.factor, out);
  },
});
