/**
 * Bollinger bands around the exact SMA.
 *
 * @module
 */

import { checkInt, prepareOut } from "./_util.ts";
import { stdAround } from "./_std_kernel.ts";
import { sma } from "./sma.ts";
import { z } from "zod";
import { defineIndicator, period, source } from "./define_indicator.ts";

/**
 * The three Bollinger band series returned by {@linkcode bollinger}.
 *
 * @example Destructuring the bands
 * ```ts
 * import assert from "node:assert/strict";
 * import { bollinger, type BollingerBands } from "./bollinger.ts";
 * const bands: BollingerBands = bollinger(new Float64Array([1, 2, 3]), 2, 1);
 * const { middle, upper, lower } = bands;
 * assert.ok(upper[2]! - middle[2]! === middle[2]! - lower[2]!);
 * ```
 */
export interface BollingerBands {
  /** The SMA(n) of the input: {@linkcode sma}. */
  middle: Float64Array;
  /** `middle + k * std`. */
  upper: Float64Array;
  /** `middle - k * std`. */
  lower: Float64Array;
}

/**
 * Bollinger bands: `middle = sma(src, n)` (the exact SMA), and with `s[i]` the
 * population standard deviation (divide by `n`) of the window `src[i-n+1..i]`
 * about `middle[i]`, computed exactly as {@linkcode stdev} does (per-window
 * two-pass, O(n) per bar):
 *
 * `upper[i] = middle[i] + k * s[i]`, `lower[i] = middle[i] - k * s[i]`.
 *
 * All three are NaN for `i < n-1`. A window containing NaN gives NaN in all
 * three; a window containing an infinity gives `middle` as {@linkcode sma}
 * does and NaN bands.
 *
 * @param src Input series.
 * @param n Window length, an integer >= 1 (default 20).
 * @param k Band width in standard deviations, a finite number >= 0
 * (default 2).
 * @param out Optional preallocated outputs, each of length `src.length`,
 * overlapping neither `src` nor each other; missing ones are allocated.
 * @returns The bands (using the arrays given in `out`).
 * @throws {RangeError} on a bad `n`, `k` or `out`.
 *
 * @example Bands of width 1 std by hand
 * ```ts
 * import { bollinger } from "./bollinger.ts";
 * import assert from "node:assert/strict";
 * const { middle, upper, lower } = bollinger(new Float64Array([1, 3, 5, 9]), 2, 1);
 * // window [1,3]: mean 2, std sqrt((1+1)/2) = 1; [3,5]: 4, 1; [5,9]: 7, 2
 * assert.deepEqual([...middle], [NaN, 2, 4, 7]);
 * assert.deepEqual([...upper], [NaN, 3, 5, 9]);
 * assert.deepEqual([...lower], [NaN, 1, 3, 5]);
 * ```
 */
export function bollinger(
  src: Float64Array,
  n = 20,
  k = 2,
  out?: Partial<BollingerBands>,
): BollingerBands {
  checkInt("bollinger", "n", n);
  if (!Number.isFinite(k) || k < 0) {
    throw new RangeError(`bollinger(): k must be a finite number ≥ 0, found ${k}`);
  }
  const len = src.length;
  const middle = prepareOut("bollinger", "out.middle", out?.middle, len, [src]);
  const upper = prepareOut("bollinger", "out.upper", out?.upper, len, [
    src,
    middle,
  ]);
  const lower = prepareOut("bollinger", "out.lower", out?.lower, len, [
    src,
    middle,
    upper,
  ]);
  sma(src, n, middle);
  stdAround(src, n, middle, upper); // upper holds the std for now
  for (let i = 0; i < len; i++) {
    const m = middle[i]!;
    const w = k * upper[i]!;
    upper[i] = m + w;
    lower[i] = m - w;
  }
  return { middle, upper, lower };
}

/**
 * Bollinger bands as an indicator definition: `ind.bollinger(period = 20, devfactor = 2, source = "close")` →
 * `{ middle, upper, lower }`. backtrader's `BollingerBands` (`mid` = SMA, `top`/`bot` = mid ± devfactor × the
 * population standard deviation); first value at bar `period − 1`.
 */
export const bollingerIndicator = defineIndicator({
  name: "bollinger",
  params: z.strictObject({
    period: period(1, 20),
    devfactor: z.number().nonnegative().finite().default(2),
    source: source("close"),
  }),
  args: ["period", "devfactor", "source"],
  outputs: ["middle", "upper", "lower"],
  inputs: (p) => [p.source],
  warmup: (p) => p.period - 1,
  compute: ([x], p, [middle, upper, lower]) => {
    bollinger(x!, p.period, p.devfactor, { middle: middle!, upper: upper!, lower: lower! });
  },
});
