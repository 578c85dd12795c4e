/**
 * Heikin-Ashi candles.
 *
 * @module
 */

import { checkSameLength, prepareOut } from "./_util.ts";
import { ExactSum } from "./exact_sum.ts";
import { z } from "zod";
import { defineIndicator } from "./define_indicator.ts";

/**
 * The four series returned by {@linkcode heikinAshi}.
 *
 * @example Destructuring the result
 * ```ts
 * import assert from "node:assert/strict";
 * import { heikinAshi, type HeikinAshiCandles } from "./heikin_ashi.ts";
 * const c = new Float64Array([5, 5, 5]);
 * const { open, high, low, close }: HeikinAshiCandles = heikinAshi(c, c, c, c);
 * assert.ok(Number.isNaN(open[0]!) && open[1] === 5 && high[2] === 5 && low[2] === 5 && close[2] === 5);
 * ```
 */
export interface HeikinAshiCandles {
  /** `(open[i-1] + close[i-1]) / 2` of the Heikin-Ashi candles. */
  open: Float64Array;
  /** `max(high, open, close)`. */
  high: Float64Array;
  /** `min(low, open, close)`. */
  low: Float64Array;
  /** The bar's mean price `(open + high + low + close) / 4`. */
  close: Float64Array;
}

/**
 * Heikin-Ashi candles, as backtrader's `HeikinAshi` (StockCharts, "Heikin
 * Ashi"). For the bars' `o, h, l, c`:
 *
 * - `close[i] = fsum(o[i], h[i], l[i], c[i]) / 4` (the correctly rounded
 *   mean; backtrader adds left to right);
 * - `open[i] = (open[i-1] + close[i-1]) / 2`, seeded as backtrader does with
 *   `open[0] = (o[0] + c[0]) / 2`;
 * - `high[i] = max(h[i], open[i], close[i])`, `low[i] = min(l[i], open[i], close[i])`.
 *
 * The first candle is at index 1 and every output is NaN at index 0:
 * backtrader's minimum period is 2, as the recursive open needs a previous
 * bar (its high and low lines are NaN at bar 0; the seeded open and bar 0's
 * close only feed the open of bar 1).
 *
 * NaN handling: leading bars with a NaN field are skipped (the seed is taken
 * at the first bar `s` whose four fields are all defined, and the first
 * candle is at `s + 1`). A later NaN field at bar `j` makes `high`, `low` and
 * `close` NaN at `j`, and `open`, `high` and `low` NaN from `j + 1` on (the
 * open's recursion carries it); `close`, each bar's own mean, resumes after
 * `j`.
 *
 * @param open Bar opens.
 * @param high Bar highs (same length).
 * @param low Bar lows (same length).
 * @param close Bar closes (same length).
 * @param out Optional preallocated outputs, each of the input length,
 * overlapping neither an input nor each other; missing ones are allocated.
 * @returns `{ open, high, low, close }` (using the arrays given in `out`).
 * @throws {RangeError} on unequal lengths or a bad `out`.
 *
 * @example Two candles by hand
 * ```ts
 * import { heikinAshi } from "./heikin_ashi.ts";
 * import assert from "node:assert/strict";
 * const r = heikinAshi(
 *   new Float64Array([10, 12, 14]), // open
 *   new Float64Array([13, 15, 15]), // high
 *   new Float64Array([9, 11, 10]), // low
 *   new Float64Array([12, 14, 11]), // close
 * );
 * // seed open (10 + 12)/2 = 11, close[0] = (10 + 13 + 9 + 12)/4 = 11
 * // bar 1: open (11 + 11)/2 = 11, close (12 + 15 + 11 + 14)/4 = 13, high max(15, 11, 13), low min(11, 11, 13)
 * // bar 2: open (11 + 13)/2 = 12, close (14 + 15 + 10 + 11)/4 = 12.5, high 15, low min(10, 12, 12.5)
 * assert.deepEqual([...r.open], [NaN, 11, 12]);
 * assert.deepEqual([...r.high], [NaN, 15, 15]);
 * assert.deepEqual([...r.low], [NaN, 11, 10]);
 * assert.deepEqual([...r.close], [NaN, 13, 12.5]);
 * ```
 */
export function heikinAshi(
  open: Float64Array,
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  out?: Partial<HeikinAshiCandles>,
): HeikinAshiCandles {
  const inputs = [open, high, low, close];
  const len = checkSameLength("heikinAshi", ["open", "high", "low", "close"], inputs);
  const haOpen = prepareOut("heikinAshi", "out.open", out?.open, len, inputs);
  const haHigh = prepareOut("heikinAshi", "out.high", out?.high, len, [...inputs, haOpen]);
  const haLow = prepareOut("heikinAshi", "out.low", out?.low, len, [...inputs, haOpen, haHigh]);
  const haClose = prepareOut("heikinAshi", "out.close", out?.close, len, [...inputs, haOpen, haHigh, haLow]);
  const acc = new ExactSum();
  const mean = (i: number): number => {
    acc.reset();
    acc.add(open[i]!);
    acc.add(high[i]!);
    acc.add(low[i]!);
    acc.add(close[i]!);
    return acc.value() / 4;
  };
  let s = 0;
  while (s < len && (open[s] !== open[s] || high[s] !== high[s] || low[s] !== low[s] || close[s] !== close[s])) s++;
  const first = Math.min(s + 1, len);
  for (const a of [haOpen, haHigh, haLow, haClose]) a.fill(NaN, 0, first);
  if (first === len) return { open: haOpen, high: haHigh, low: haLow, close: haClose };
  let o = (open[s]! + close[s]!) / 2.0;
  let c = mean(s);
  for (let i = first; i < len; i++) {
    o = (o + c) / 2.0;
    c = mean(i);
    haOpen[i] = o;
    haClose[i] = c;
    haHigh[i] = Math.max(high[i]!, o, c);
    haLow[i] = Math.min(low[i]!, o, c);
  }
  return { open: haOpen, high: haHigh, low: haLow, close: haClose };
}

/**
 * Heikin-Ashi candles as an indicator definition: `ind.heikinAshi()` → `{ open, high, low, close }`. backtrader's
 * `HeikinAshi` (`ha_open`, `ha_high`, `ha_low`, `ha_close`, the first open seeded with `(open + close) / 2`); first
 * candle at bar 1.
 */
export const heikinAshiIndicator = defineIndicator({
  name: "heikinAshi",
  params: z.strictObject({}),
  args: [],
  outputs: ["open", "high", "low", "close"],
  inputs: () => ["open", "high", "low", "close"],
  warmup: () => 1,
  compute: ([o, h, l, c], _p, [open, high, low, close]) => {
    heikinAshi(o!, h!, l!, c!, { open: open!, high: high!, low: low!, close: close! });
  },
});
