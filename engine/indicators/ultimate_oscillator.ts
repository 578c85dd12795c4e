/**
 * Ultimate oscillator.
 *
 * @module
 */

import { checkInt, checkSameLength, prepareOut } from "./_util.ts";
import { WindowSum } from "./_window_sum.ts";
import { z } from "zod";
import { defineIndicator, period } from "./define_indicator.ts";

/**
 * Larry Williams' ultimate oscillator, backtrader's `UltimateOscillator`.
 * For `i >= 1`, with `pc = close[i-1]`:
 *
 * - true low `TL = min(low[i], pc)`, true high `TH = max(high[i], pc)`;
 * - buying pressure `BP = close[i] - TL`, true range `TR = TH - TL`;
 * - `avg_p = fsum(BP over p bars) / fsum(TR over p bars)` (backtrader's
 *   `SumN`: correctly rounded window sums), for each of `p1`, `p2`, `p3`;
 * - `out = (4f) * avg_p1 + (2f) * avg_p2 + f * avg_p3` with `f = 100 / 7`,
 *   evaluated exactly so (left to right).
 *
 * Bar 0 has no previous close, so the first value is at index
 * `max(p1, p2, p3)` (28 for the defaults); earlier values are NaN. A window
 * whose true ranges sum to 0 (no movement at all), where backtrader raises
 * `ZeroDivisionError`, gives that average 0.5, the middle of its range
 * (so a flat series has UO = 50, to one ulp: backtrader's weights `4f`,
 * `2f`, `f` round the sum to 50.00000000000001).
 *
 * NaN handling: a NaN in a bar's high, low or close, or in the previous
 * close, makes that bar's BP or TR NaN (`Math.min`/`Math.max` propagate it,
 * where Python's `min`/`max` may not), and every average whose window holds
 * it is NaN; values resume once the longest window has passed it.
 *
 * @param high Bar highs.
 * @param low Bar lows (same length).
 * @param close Bar closes (same length).
 * @param p1 Look-back of the average weighted 4, an integer >= 1 (default 7).
 * @param p2 Look-back of the average weighted 2, an integer >= 1 (default 14).
 * @param p3 Look-back of the average weighted 1, an integer >= 1 (default 28).
 * The three need not be in increasing order.
 * @param out Optional preallocated output of the input length; must not
 * overlap an input.
 * @returns `out`, or a new array.
 * @throws {RangeError} on a bad period, unequal lengths or a bad `out`.
 *
 * @example UO(1, 2, 3) by hand
 * ```ts
 * import { ultimateOscillator } from "./ultimate_oscillator.ts";
 * import assert from "node:assert/strict";
 * const high = new Float64Array([10, 11, 12, 11]);
 * const low = new Float64Array([9, 10, 10, 9]);
 * const close = new Float64Array([10, 11, 11, 10]);
 * // bar 1: TL = min(10, 10) = 10, TH = max(11, 10) = 11: BP 1, TR 1
 * // bar 2: TL = min(10, 11) = 10, TH = 12: BP 1, TR 2;  bar 3: TL = 9, TH = max(11, 11) = 11: BP 1, TR 2
 * // bar 3: avg1 = 1/2, avg2 = (1+1)/(2+2) = 1/2, avg3 = (1+1+1)/(1+2+2) = 3/5
 * const f = 100 / 7;
 * const out = ultimateOscillator(high, low, close, 1, 2, 3);
 * assert.deepEqual([...out], [NaN, NaN, NaN, 4 * f * 0.5 + 2 * f * 0.5 + f * 0.6]);
 * ```
 */
export function ultimateOscillator(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  p1 = 7,
  p2 = 14,
  p3 = 28,
  out?: Float64Array,
): Float64Array {
  checkInt("ultimateOscillator", "p1", p1);
  checkInt("ultimateOscillator", "p2", p2);
  checkInt("ultimateOscillator", "p3", p3);
  const inputs = [high, low, close];
  const len = checkSameLength("ultimateOscillator", ["high", "low", "close"], inputs);
  const dst = prepareOut("ultimateOscillator", "out", out, len, inputs);
  const ps = [p1, p2, p3];
  const bpSums = ps.map(() => new WindowSum()), trSums = ps.map(() => new WindowSum());
  const first = Math.max(p1, p2, p3);
  const f = 100 / (4 + 2 + 1);
  const w1 = 4 * f, w2 = 2 * f;
  // BP and TR of bar j >= 1 (recomputed, bit for bit, when j leaves a window)
  const bp = (j: number) => close[j]! - Math.min(low[j]!, close[j - 1]!);
  const tr = (j: number) => Math.max(high[j]!, close[j - 1]!) - Math.min(low[j]!, close[j - 1]!);
  if (len > 0) dst[0] = NaN;
  const avg = [0, 0, 0];
  for (let i = 1; i < len; i++) {
    const b = bp(i), t = tr(i);
    for (let k = 0; k < 3; k++) {
      const p = ps[k]!;
      bpSums[k]!.add(b);
      trSums[k]!.add(t);
      const leaving = i - p; // bars 1.. only: bar 0 was never added
      if (leaving >= 1) {
        bpSums[k]!.sub(bp(leaving));
        trSums[k]!.sub(tr(leaving));
      }
      if (i >= first) {
        const den = trSums[k]!.value();
        avg[k] = den === 0 ? 0.5 : bpSums[k]!.value() / den;
      }
    }
    dst[i] = i < first ? NaN : w1 * avg[0]! + w2 * avg[1]! + f * avg[2]!;
  }
  return dst;
}

/**
 * The ultimate oscillator as an indicator definition: `ind.ultimateOscillator(p1 = 7, p2 = 14, p3 = 28)`, from 0 to
 * 100. backtrader's `UltimateOscillator` (`p1`, `p2`, `p3`); first value at bar `max(p1, p2, p3)`.
 */
export const ultimateOscillatorIndicator = defineIndicator({
  name: "ultimateOscillator",
  params: z.strictObject({ p1: period(1, 7), p2: period(1, 14), p3: period(1, 28) }),
  args: ["p1", "p2", "p3"],
  inputs: () => ["high", "low", "close"],
  warmup: (p) => Math.max(p.p1, p.p2, p.p3),
  compute: ([h, l, c], p, [out]) => {
    ultimateOscillator(h!, l!, c!, p.p1, p.p2, p.p3, out);
  },
});
