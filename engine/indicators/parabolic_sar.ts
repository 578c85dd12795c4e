/**
 * Wilder's parabolic stop and reverse (SAR).
 *
 * @module
 */

import { z } from "zod";
import { checkSameLength, prepareOut } from "./_util.ts";
import { defineIndicator } from "./define_indicator.ts";

/**
 * Wilder's parabolic SAR, as backtrader's `ParabolicSAR` defines it (Wilder,
 * *New Concepts in Technical Trading Systems*, 1978, which leaves the first
 * trend unspecified; backtrader's seeding is followed). `out[i]` is the stop
 * in force during bar `i`, computed at the close of bar `i − 1`.
 *
 * **Seeding**, at bar 1: a fictitious previous trend is set up against the
 * first move, with SAR `(high[1] + low[1]) / 2`, acceleration factor `af`,
 * and extreme point `low[0]` (previous trend down, when `close[1] >=
 * close[0]`) or `high[0]` (previous trend up, otherwise). That SAR lies
 * inside bar 1, so bar 1 always reverses it: `out[1]` is `low[0]` (a rising
 * first move starts an uptrend) or `high[0]` (a falling one, a downtrend).
 *
 * **Each bar** `i`, with the trend, SAR, extreme point `ep` and factor `f`
 * carried from bar `i − 1`:
 *
 * 1. Reversal when the bar touches the SAR (uptrend and `SAR >= low[i]`, or
 *    downtrend and `SAR <= high[i]`): the trend flips, the SAR becomes the old
 *    `ep`, `ep` becomes `high[i]` (new uptrend) or `low[i]` (new downtrend),
 *    and `f = af`.
 * 2. `out[i] = SAR`.
 * 3. A new extreme (`high[i] > ep` in an uptrend, `low[i] < ep` in a
 *    downtrend) moves `ep` to it and raises `f` to `min(f + af, afmax)`.
 * 4. Next bar's SAR is `SAR + f * (ep − SAR)`, kept out of the last two bars'
 *    range: in an uptrend, if above `low[i]` or `low[i−1]` it becomes
 *    `min(low[i], low[i−1])`; in a downtrend, if below `high[i]` or
 *    `high[i−1]`, `max(high[i], high[i−1])`.
 *
 * `out[0]` is NaN (first defined index 1). backtrader's `period` param only
 * delays the first value shown (default 2: from bar 1) and is left out.
 *
 * NaN handling: leading bars with a NaN high, low or close are skipped (the
 * seeding uses the first such defined bar and the next one); after that a
 * NaN high or low makes that bar and every later one NaN.
 *
 * @param high Bar highs.
 * @param low Bar lows (same length).
 * @param close Bar closes (same length).
 * @param af Acceleration factor step and start, a finite number > 0 (default 0.02).
 * @param afmax Largest acceleration factor, a finite number >= `af` (default 0.2).
 * @param out Optional preallocated output of the input length; must not overlap an input.
 * @returns `out`, or a new array.
 * @throws {RangeError} on a bad `af` or `afmax`, unequal lengths or a bad `out`.
 *
 * @example Parabolic SAR by hand (af 0.1, afmax 0.2)
 * ```ts
 * import assert from "node:assert/strict";
 * import { parabolicSar } from "./parabolic_sar.ts";
 * const high = Float64Array.of(10, 11, 12, 14);
 * const low = Float64Array.of(9, 10, 11, 12);
 * const close = Float64Array.of(9.5, 10.5, 11.5, 13);
 * // bar 1: close rose, so an uptrend starts at SAR = low[0] = 9 with ep = high[1] = 11, f = 0.1;
 * //   next SAR = 9 + 0.1 × (11 − 9) = 9.2, above low[0] = 9: lowered to min(10, 9) = 9
 * // bar 2: no touch (9 < 11); new high 12: ep 12, f 0.2; next = 9 + 0.2 × (12 − 9) = 9.6 (below 11 and 10: kept)
 * // bar 3: no touch; SAR 9.6
 * const sar = parabolicSar(high, low, close, 0.1, 0.2);
 * assert.deepEqual([...sar], [NaN, 9, 9, 9 + 0.2 * (12 - 9)]);
 * ```
 */
export function parabolicSar(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  af = 0.02,
  afmax = 0.2,
  out?: Float64Array,
): Float64Array {
  if (!(Number.isFinite(af) && af > 0)) {
    throw new RangeError(`parabolicSar(): af must be a finite number > 0, found ${af}`);
  }
  if (!(Number.isFinite(afmax) && afmax >= af)) {
    throw new RangeError(`parabolicSar(): afmax must be a finite number ≥ af (${af}), found ${afmax}`);
  }
  const inputs = [high, low, close];
  const len = checkSameLength("parabolicSar", ["high", "low", "close"], inputs);
  const dst = prepareOut("parabolicSar", "out", out, len, inputs);
  const defined = (j: number) => high[j] === high[j] && low[j] === low[j] && close[j] === close[j];
  let s = 0;
  while (s < len && !defined(s)) s++;
  dst.fill(NaN, 0, Math.min(s + 1, len));
  if (s + 1 >= len) return dst;
  if (!defined(s + 1)) {
    dst.fill(NaN, s + 1);
    return dst;
  }
  // the fictitious trend before bar s + 1, set against the first move so that bar s + 1 reverses it
  let up = !(close[s + 1]! >= close[s]!);
  let sar = (high[s + 1]! + low[s + 1]!) / 2;
  let ep = up ? high[s]! : low[s]!;
  let f = af;
  for (let i = s + 1; i < len; i++) {
    const hi = high[i]!, lo = low[i]!;
    if (hi !== hi || lo !== lo) {
      dst.fill(NaN, i);
      return dst;
    }
    if (up ? sar >= lo : sar <= hi) {
      up = !up;
      sar = ep;
      ep = up ? hi : lo;
      f = af;
    }
    dst[i] = sar;
    if (up ? hi > ep : lo < ep) {
      ep = up ? hi : lo;
      f = Math.min(f + af, afmax);
    }
    let next = sar + f * (ep - sar);
    if (up) {
      const lo1 = low[i - 1]!;
      if (next > lo || next > lo1) next = Math.min(lo, lo1);
    } else {
      const hi1 = high[i - 1]!;
      if (next < hi || next < hi1) next = Math.max(hi, hi1);
    }
    sar = next;
  }
  return dst;
}

/**
 * The parabolic SAR as an indicator definition: `ind.parabolicSar(af = 0.02, afmax = 0.2)`. backtrader's
 * `ParabolicSAR` (its seeding of the first trend included); first value at bar 1.
 */
export const parabolicSarIndicator = defineIndicator({
  name: "parabolicSar",
  params: z.strictObject({
    af: z.number().positive().finite().default(0.02),
    afmax: z.number().positive().finite().default(0.2),
  }).refine((p) => p.afmax >= p.af, { message: "expected afmax ≥ af", path: ["afmax"] }),
  args: ["af", "afmax"],
  inputs: () => ["high", "low", "close"],
  warmup: () => 1,
  compute: ([h, l, c], p, [out]) => {
    parabolicSar(h!, l!, c!, p.af, p.afmax, out);
  },
});
