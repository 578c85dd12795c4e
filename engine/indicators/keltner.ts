/**
 * Keltner channels, in the ATR form StockCharts defines.
 *
 * @module
 */

import { z } from "zod";
import { checkInt, checkSameLength, prepareOut } from "./_util.ts";
import { atr } from "./atr.ts";
import { defineIndicator, period } from "./define_indicator.ts";
import { ema } from "./ema.ts";

/**
 * The three lines returned by {@linkcode keltner}.
 *
 * @example Destructuring the result
 * ```ts
 * import assert from "node:assert/strict";
 * import { keltner, type KeltnerChannels } from "./keltner.ts";
 * const c = Float64Array.of(5, 5, 5);
 * const r: KeltnerChannels = keltner(c.map((x) => x + 1), c.map((x) => x - 1), c, 2, 1, 2);
 * // bar 1: EMA(2) = (5 + 5)/2 = 5; ATR(1) = TR = max(6 − 4, |6 − 5|, |4 − 5|) = 2; bands 5 ± 2 × 2
 * assert.ok(r.middle[1] === 5 && r.upper[1] === 9 && r.lower[1] === 1);
 * ```
 */
export interface KeltnerChannels {
  /** `ema(close, period)`. */
  middle: Float64Array;
  /** `middle + multiplier × atr(atrPeriod)`. */
  upper: Float64Array;
  /** `middle − multiplier × atr(atrPeriod)`. */
  lower: Float64Array;
}

/**
 * Keltner channels as StockCharts ChartSchool defines them (Chester Keltner's
 * 1960 channel, in Linda Raschke's ATR form):
 *
 * - `middle = ema(close, period)` ({@linkcode ema}: SMA-seeded, alpha
 *   `2 / (period + 1)`), first at `period − 1`;
 * - `upper[i] = middle[i] + multiplier * atr[i]` and
 *   `lower[i] = middle[i] − multiplier * atr[i]`, with `atr` Wilder's
 *   {@linkcode atr}(atrPeriod); first at `max(period − 1, atrPeriod)`.
 *
 * Earlier values are NaN (with the defaults 20, 10, 2: 19, 19 and 19).
 * backtrader has no Keltner channel.
 *
 * NaN handling: that of {@linkcode ema} and {@linkcode atr}: leading NaNs are
 * skipped and any later NaN is carried forward.
 *
 * @param high Bar highs.
 * @param low Bar lows (same length).
 * @param close Bar closes (same length).
 * @param period EMA period of the middle line, an integer >= 1 (default 20).
 * @param atrPeriod ATR period, an integer >= 1 (default 10).
 * @param multiplier ATR multiple of the band width, a finite number >= 0 (default 2).
 * @param out Optional preallocated outputs, each of the input length,
 * overlapping neither an input nor each other; missing ones are allocated.
 * @returns `{ middle, upper, lower }` (using the arrays given in `out`).
 * @throws {RangeError} on a bad period or multiplier, unequal lengths or a bad `out`.
 *
 * @example Keltner(2, 2, 1) by hand
 * ```ts
 * import assert from "node:assert/strict";
 * import { keltner } from "./keltner.ts";
 * const high = Float64Array.of(11, 12, 14);
 * const low = Float64Array.of(9, 10, 11);
 * const close = Float64Array.of(10, 11, 13);
 * // EMA(2), alpha 2/3: bar 1 (10 + 11)/2 = 10.5; bar 2 2/3 × 13 + 1/3 × 10.5
 * // TR: bar 1 max(2, 2, 0) = 2, bar 2 max(3, 3, 0) = 3; ATR(2) at bar 2: (2 + 3)/2 = 2.5
 * const { middle, upper, lower } = keltner(high, low, close, 2, 2, 1);
 * const m2 = (2 / 3) * 13 + (1 - 2 / 3) * 10.5;
 * assert.deepEqual([...middle], [NaN, 10.5, m2]);
 * assert.deepEqual([...upper], [NaN, NaN, m2 + 2.5]);
 * assert.deepEqual([...lower], [NaN, NaN, m2 - 2.5]);
 * ```
 */
export function keltner(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  period = 20,
  atrPeriod = 10,
  multiplier = 2,
  out?: Partial<KeltnerChannels>,
): KeltnerChannels {
  checkInt("keltner", "period", period);
  checkInt("keltner", "atrPeriod", atrPeriod);
  if (!(Number.isFinite(multiplier) && multiplier >= 0)) {
    throw new RangeError(`keltner(): multiplier must be a finite number ≥ 0, found ${multiplier}`);
  }
  const inputs = [high, low, close];
  const len = checkSameLength("keltner", ["high", "low", "close"], inputs);
  const middle = prepareOut("keltner", "out.middle", out?.middle, len, inputs);
  const upper = prepareOut("keltner", "out.upper", out?.upper, len, [...inputs, middle]);
  const lower = prepareOut("keltner", "out.lower", out?.lower, len, [...inputs, middle, upper]);
  ema(close, period, middle);
  atr(high, low, close, atrPeriod, upper); // scratch: the ATR
  for (let i = 0; i < len; i++) {
    const m = middle[i]!, w = multiplier * upper[i]!;
    upper[i] = m + w;
    lower[i] = m - w;
  }
  return { middle, upper, lower };
}

/**
 * Keltner channels as an indicator definition: `ind.keltner(period = 20, atrPeriod = 10, multiplier = 2)` →
 * `{ middle, upper, lower }`. StockCharts' definition (EMA of the close ± multiplier × Wilder's ATR); the middle
 * starts at bar `period − 1`, the bands at `max(period − 1, atrPeriod)`.
 */
export const keltnerIndicator = defineIndicator({
  name: "keltner",
  params: z.strictObject({
    period: period(1, 20),
    atrPeriod: period(1, 10),
    multiplier: z.number().nonnegative().finite().default(2),
  }),
  args: ["period", "atrPeriod", "multiplier"],
  outputs: ["middle", "upper", "lower"],
  inputs: () => ["high", "low", "close"],
  warmup: (p) => [p.period - 1, Math.max(p.period - 1, p.atrPeriod), Math.max(p.period - 1, p.atrPeriod)],
  compute: ([h, l, c], p, [middle, upper, lower]) => {
    keltner(h!, l!, c!, p.period, p.atrPeriod, p.multiplier, { middle: middle!, upper: upper!, lower: lower! });
  },
});
