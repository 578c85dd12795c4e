/**
 * Ichimoku Kinko Hyo (Goichi Hosoda), without the chikou span.
 *
 * @module
 */

import { z } from "zod";
import { checkInt, checkSameLength, prepareOut } from "./_util.ts";
import { defineIndicator, period } from "./define_indicator.ts";
import { channelInto } from "./donchian.ts";

/**
 * The four lines returned by {@linkcode ichimoku}.
 *
 * @example Destructuring the result
 * ```ts
 * import assert from "node:assert/strict";
 * import { ichimoku, type IchimokuLines } from "./ichimoku.ts";
 * const flat = new Float64Array(80).fill(5);
 * const r: IchimokuLines = ichimoku(flat, flat);
 * // defaults 9, 26, 52, 26: tenkan from bar 8, kijun from 25, span A from 51, span B from 77
 * assert.ok(r.tenkan[8] === 5 && r.kijun[25] === 5 && r.senkouA[51] === 5 && r.senkouB[77] === 5);
 * assert.ok(Number.isNaN(r.senkouA[50]!) && Number.isNaN(r.senkouB[76]!));
 * ```
 */
export interface IchimokuLines {
  /** Tenkan-sen (conversion line): midpoint of the `tenkan`-bar high-low range. */
  tenkan: Float64Array;
  /** Kijun-sen (base line): midpoint of the `kijun`-bar high-low range. */
  kijun: Float64Array;
  /** Senkou span A: `(tenkan + kijun) / 2` as computed `senkouLead` bars earlier. */
  senkouA: Float64Array;
  /** Senkou span B: midpoint of the `senkou`-bar high-low range as computed `senkouLead` bars earlier. */
  senkouB: Float64Array;
}

/**
 * Ichimoku, as backtrader's `Ichimoku` defines it. With `mid(k)[i] =
 * (highest(high, k)[i] + lowest(low, k)[i]) / 2` (the Donchian midline of
 * the last `k` bars, see `donchian`) and `L = senkouLead`:
 *
 * - `tenkan[i] = mid(tenkan)[i]` (first at `tenkan − 1`, 8 by default);
 * - `kijun[i] = mid(kijun)[i]` (first at `kijun − 1`, 25);
 * - `senkouA[i] = (tenkan[i−L] + kijun[i−L]) / 2` (first at
 *   `max(tenkan, kijun) − 1 + L`, 51);
 * - `senkouB[i] = mid(senkou)[i−L]` (first at `senkou − 1 + L`, 77).
 *
 * The senkou spans are "pushed `L` bars into the future" on a chart: the
 * value shown at bar `i` was computed at bar `i − L`, which is causal, so they
 * are given here at the bar they are plotted on, exactly as backtrader's lines
 * hold them. backtrader's fifth line, the chikou span, is left out: it is the
 * close plotted `chikou` (26) bars in the past, i.e. its value at bar `i` is
 * `close[i + 26]`, a future bar. (Compare the close with its value 26 bars
 * ago instead.)
 *
 * NaN handling: a NaN `high` or `low` makes every midline whose window holds
 * it NaN, and the spans carry that NaN `L` bars later; other bars are
 * unaffected.
 *
 * @param high Bar highs.
 * @param low Bar lows (same length).
 * @param tenkan Tenkan-sen window, an integer >= 1 (default 9).
 * @param kijun Kijun-sen window, an integer >= 1 (default 26).
 * @param senkou Senkou span B window, an integer >= 1 (default 52).
 * @param senkouLead Forward shift of the senkou spans in bars, an integer >= 0 (default 26).
 * @param out Optional preallocated outputs, each of the input length, overlapping neither an input nor each other;
 * missing ones are allocated.
 * @returns `{ tenkan, kijun, senkouA, senkouB }` (using the arrays given in `out`).
 * @throws {RangeError} on a bad window or shift, unequal lengths or a bad `out`.
 *
 * @example Ichimoku(2, 3, 4, lead 1) by hand
 * ```ts
 * import assert from "node:assert/strict";
 * import { ichimoku } from "./ichimoku.ts";
 * const high = Float64Array.of(10, 12, 14, 13, 11);
 * const low = Float64Array.of(8, 9, 12, 10, 9);
 * const r = ichimoku(high, low, 2, 3, 4, 1);
 * // tenkan (2 bars): bar 1 (12 + 8)/2 = 10, bar 2 (14 + 9)/2 = 11.5, bar 3 (14 + 10)/2 = 12, bar 4 (13 + 9)/2 = 11
 * assert.deepEqual([...r.tenkan], [NaN, 10, 11.5, 12, 11]);
 * // kijun (3 bars): bar 2 (14 + 8)/2 = 11, bar 3 (14 + 9)/2 = 11.5, bar 4 (14 + 9)/2 = 11.5
 * assert.deepEqual([...r.kijun], [NaN, NaN, 11, 11.5, 11.5]);
 * // span A one bar later: bar 3 (11.5 + 11)/2 = 11.25, bar 4 (12 + 11.5)/2 = 11.75
 * assert.deepEqual([...r.senkouA], [NaN, NaN, NaN, 11.25, 11.75]);
 * // 4-bar midline at bar 3: (14 + 8)/2 = 11, shown at bar 4
 * assert.deepEqual([...r.senkouB], [NaN, NaN, NaN, NaN, 11]);
 * ```
 */
export function ichimoku(
  high: Float64Array,
  low: Float64Array,
  tenkan = 9,
  kijun = 26,
  senkou = 52,
  senkouLead = 26,
  out?: Partial<IchimokuLines>,
): IchimokuLines {
  checkInt("ichimoku", "tenkan", tenkan);
  checkInt("ichimoku", "kijun", kijun);
  checkInt("ichimoku", "senkou", senkou);
  checkInt("ichimoku", "senkouLead", senkouLead, 0);
  const inputs = [high, low];
  const len = checkSameLength("ichimoku", ["high", "low"], inputs);
  const t = prepareOut("ichimoku", "out.tenkan", out?.tenkan, len, inputs);
  const k = prepareOut("ichimoku", "out.kijun", out?.kijun, len, [...inputs, t]);
  const a = prepareOut("ichimoku", "out.senkouA", out?.senkouA, len, [...inputs, t, k]);
  const b = prepareOut("ichimoku", "out.senkouB", out?.senkouB, len, [...inputs, t, k, a]);
  // a and b serve as scratch for the highs and lows of each window
  channelInto(high, low, tenkan, a, b, t);
  channelInto(high, low, kijun, a, b, k);
  channelInto(high, low, senkou, a, b, b); // b: the unshifted span B
  for (let i = len - 1; i >= 0; i--) {
    const j = i - senkouLead;
    b[i] = j >= 0 ? b[j]! : NaN;
    a[i] = j >= 0 ? (t[j]! + k[j]!) / 2 : NaN;
  }
  return { tenkan: t, kijun: k, senkouA: a, senkouB: b };
}

/**
 * Ichimoku as an indicator definition: `ind.ichimoku(tenkan = 9, kijun = 26, senkou = 52, senkouLead = 26)` →
 * `{ tenkan, kijun, senkouA, senkouB }`. backtrader's `Ichimoku` without its chikou span (which would need the close
 * 26 bars ahead); the senkou spans hold, at each bar, the values computed `senkouLead` bars earlier. Warm-ups:
 * `tenkan − 1`, `kijun − 1`, `max(tenkan, kijun) − 1 + senkouLead`, `senkou − 1 + senkouLead`.
 */
export const ichimokuIndicator = defineIndicator({
  name: "ichimoku",
  params: z.strictObject({
    tenkan: period(1, 9),
    kijun: period(1, 26),
    senkou: period(1, 52),
    senkouLead: period(0, 26),
  }),
  args: ["tenkan", "kijun", "senkou", "senkouLead"],
  outputs: ["tenkan", "kijun", "senkouA", "senkouB"],
  inputs: () => ["high", "low"],
  warmup: (p) => [
    p.tenkan - 1,
    p.kijun - 1,
    Math.max(p.tenkan, p.kijun) - 1 + p.senkouLead,
    p.senkou - 1 + p.senkouLead,
  ],
  compute: ([h, l], p, [tenkan, kijun, senkouA, senkouB]) => {
    ichimoku(h!, l!, p.tenkan, p.kijun, p.senkou, p.senkouLead, {
      tenkan: tenkan!,
      kijun: kijun!,
      senkouA: senkouA!,
      senkouB: senkouB!,
    });
  },
});
