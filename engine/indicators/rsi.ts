/**
 * Relative strength index, Wilder's original definition.
 *
 * @module
 */

import { checkInt, prepareOut } from "./_util.ts";
import { ExactSum } from "./exact_sum.ts";
import { z } from "zod";
import { defineIndicator, period, source } from "./define_indicator.ts";

/**
 * Wilder's relative strength index.
 *
 * Changes `d[i] = close[i] - close[i-1]` for `i >= 1`; gain `g[i] = max(d[i], 0)`,
 * loss `l[i] = max(-d[i], 0)`. The first averages, at index `n`, are the
 * exact means `G = fsum(g[1..n]) / n` and `L = fsum(l[1..n]) / n`; after that
 * Wilder's smoothing `G = (G * (n - 1) + g[i]) / n` and likewise `L`. Then
 * `out[i] = 100 - 100 / (1 + G / L)`, evaluated exactly so in double precision,
 * except: when `L = 0` and `G > 0` it is 100; when `L = 0` and `G = 0` (a flat
 * series) it is 50. `out[i]` is NaN for `i < n`.
 *
 * NaN handling: leading NaN closes are skipped (the first RSI is `n` bars
 * after the first defined change); any later NaN change makes that RSI and
 * every later one NaN.
 *
 * @param close Closing prices.
 * @param n Period, an integer >= 1.
 * @param out Optional preallocated output of length `close.length`; must not
 * overlap `close`.
 * @returns `out`, or a new array.
 * @throws {RangeError} on a bad `n` or `out`.
 *
 * @example RSI(2) by hand
 * ```ts
 * import { rsi } from "./rsi.ts";
 * import assert from "node:assert/strict";
 * const out = rsi(new Float64Array([10, 12, 11, 14]), 2);
 * // d = [_, +2, -1, +3]; at 2: G = (2+0)/2 = 1, L = (0+1)/2 = 0.5,
 * //   RSI = 100 - 100/(1 + 2) = 66.66...
 * // at 3: G = (1*1 + 3)/2 = 2, L = (0.5*1 + 0)/2 = 0.25, RSI = 100 - 100/9
 * assert.deepEqual([...out], [NaN, NaN, 100 - 100 / 3, 100 - 100 / 9]);
 * ```
 */
export function rsi(
  close: Float64Array,
  n: number,
  out?: Float64Array,
): Float64Array {
  checkInt("rsi", "n", n);
  const len = close.length;
  const dst = prepareOut("rsi", "out", out, len, [close]);
  // t: first index with a defined change close[t] - close[t-1].
  let t = 1;
  while (t < len && Number.isNaN(close[t]! - close[t - 1]!)) t++;
  const first = t + n - 1;
  if (first >= len) {
    dst.fill(NaN);
    return dst;
  }
  const gains = new ExactSum();
  const losses = new ExactSum();
  for (let i = t; i <= first; i++) {
    const d = close[i]! - close[i - 1]!;
    gains.add(Math.max(d, 0));
    losses.add(Math.max(-d, 0));
  }
  let g = gains.value() / n;
  let l = losses.value() / n;
  dst.fill(NaN, 0, first);
  dst[first] = value(g, l);
  const m = n - 1;
  for (let i = first + 1; i < len; i++) {
    const d = close[i]! - close[i - 1]!;
    g = (g * m + Math.max(d, 0)) / n;
    l = (l * m + Math.max(-d, 0)) / n;
    dst[i] = value(g, l);
  }
  return dst;
}

/** RSI from average gain and loss (NaN propagates through the formula). */
function value(g: number, l: number): number {
  if (l === 0) return g === 0 ? 50 : 100;
  return 100 - 100 / (1 + g / l);
}

/**
 * Wilder's RSI as an indicator definition: `ind.rsi(period = 14, source = "close")`. backtrader's
 * `RelativeStrengthIndex` (SMMA of up and down moves); first value at bar `period`.
 */
export const rsiIndicator = defineIndicator({
  name: "rsi",
  params: z.strictObject({ period: period(1, 14), source: source("close") }),
  args: ["period", "source"],
  inputs: (p) => [p.source],
  warmup: (p) => p.period,
  compute: ([x], p, [out]) => {
    rsi(x!, p.period, out);
  },
});
