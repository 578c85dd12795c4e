/**
 * Moving-average envelopes: an SMA with bands a fixed percentage above and below it.
 *
 * @module
 */

import { checkInt, prepareOut } from "./_util.ts";
import { sma } from "./sma.ts";
import { z } from "zod";
import { defineIndicator, period, source } from "./define_indicator.ts";

/**
 * The three series returned by {@linkcode envelopes}.
 *
 * @example Destructuring the result
 * ```ts
 * import assert from "node:assert/strict";
 * import { envelopes, type EnvelopeBands } from "./envelopes.ts";
 * const { middle, upper, lower }: EnvelopeBands = envelopes(new Float64Array([100, 100]), 2, 10);
 * assert.ok(middle[1] === 100 && upper[1]! > 109.99 && lower[1]! < 90.01);
 * ```
 */
export interface EnvelopeBands {
  /** `sma(src, n)`. */
  middle: Float64Array;
  /** `middle * (1 + perc / 100)`. */
  upper: Float64Array;
  /** `middle * (1 - perc / 100)`. */
  lower: Float64Array;
}

/**
 * Moving-average envelopes, as backtrader's `SimpleMovingAverageEnvelope`
 * (its `Envelope` mix-in over the SMA; StockCharts, "Moving Average
 * Envelopes"): with `m = sma(src, n)` (the exact {@linkcode sma}) and
 * `p = perc / 100`,
 *
 * `middle = m`, `upper = m * (1 + p)`, `lower = m * (1 - p)`
 *
 * evaluated exactly so in double precision. The first value of each is at
 * index `n − 1`; earlier values are NaN. NaN handling is the SMA's: a window
 * containing a NaN gives NaN in all three, and values resume after it.
 *
 * @param src Input series.
 * @param n SMA period, an integer >= 1 (default 30).
 * @param perc Band distance in percent of the SMA, a finite number >= 0
 * (default 2.5).
 * @param out Optional preallocated outputs, each of length `src.length`,
 * overlapping neither `src` nor each other; missing ones are allocated.
 * @returns `{ middle, upper, lower }` (using the arrays given in `out`).
 * @throws {RangeError} on a bad `n`, `perc` or `out`.
 *
 * @example Envelopes(2, 25%) by hand
 * ```ts
 * import { envelopes } from "./envelopes.ts";
 * import assert from "node:assert/strict";
 * const r = envelopes(new Float64Array([6, 10, 2]), 2, 25);
 * // sma(2) = [_, 8, 6]; upper = sma * 1.25, lower = sma * 0.75
 * assert.deepEqual([...r.middle], [NaN, 8, 6]);
 * assert.deepEqual([...r.upper], [NaN, 10, 7.5]);
 * assert.deepEqual([...r.lower], [NaN, 6, 4.5]);
 * ```
 */
export function envelopes(
  src: Float64Array,
  n = 30,
  perc = 2.5,
  out?: Partial<EnvelopeBands>,
): EnvelopeBands {
  checkInt("envelopes", "n", n);
  if (!(perc >= 0 && perc < Infinity)) {
    throw new RangeError(`envelopes(): perc must be a finite number ≥ 0, found ${perc}`);
  }
  const len = src.length;
  const middle = prepareOut("envelopes", "out.middle", out?.middle, len, [src]);
  const upper = prepareOut("envelopes", "out.upper", out?.upper, len, [src, middle]);
  const lower = prepareOut("envelopes", "out.lower", out?.lower, len, [src, middle, upper]);
  sma(src, n, middle);
  const p = perc / 100.0, up = 1.0 + p, down = 1.0 - p;
  for (let i = 0; i < len; i++) {
    const m = middle[i]!;
    upper[i] = m * up;
    lower[i] = m * down;
  }
  return { middle, upper, lower };
}

/**
 * Envelopes as an indicator definition: `ind.envelopes(period = 30, perc = 2.5, source = "close")` →
 * `{ middle, upper, lower }`. backtrader's `SimpleMovingAverageEnvelope` (`sma`, `top`, `bot`); first value at bar
 * `period − 1`.
 */
export const envelopesIndicator = defineIndicator({
  name: "envelopes",
  params: z.strictObject({
    period: period(1, 30),
    perc: z.number().nonnegative().finite().default(2.5),
    source: source("close"),
  }),
  args: ["period", "perc", "source"],
  outputs: ["middle", "upper", "lower"],
  inputs: (p) => [p.source],
  warmup: (p) => p.period - 1,
  compute: ([x], p, [middle, upper, lower]) => {
    envelopes(x!, p.period, p.perc, { middle: middle!, upper: upper!, lower: lower! });
  },
});
