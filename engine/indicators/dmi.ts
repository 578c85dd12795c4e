/**
 * Wilder's directional movement system: +DI, −DI, ADX and ADXR.
 *
 * @module
 */

import { z } from "zod";
import { checkInt, checkSameLength, prepareOut } from "./_util.ts";
import { smoothInto } from "./_smooth.ts";
import { atr } from "./atr.ts";
import { defineIndicator, period } from "./define_indicator.ts";

/**
 * The four lines returned by {@linkcode dmi}.
 *
 * @example Destructuring the result
 * ```ts
 * import assert from "node:assert/strict";
 * import { dmi, type DmiLines } from "./dmi.ts";
 * const up = Float64Array.of(1, 2, 3, 4, 5, 6);
 * const r: DmiLines = dmi(up.map((x) => x + 1), up, up, 2);
 * // every bar moves up by 1 with a true range of 2: +DI 50, −DI 0, so DX = ADX = ADXR = 100
 * assert.ok(r.plusDI[2] === 50 && r.minusDI[2] === 0 && r.adx[3] === 100 && r.adxr[5] === 100);
 * ```
 */
export interface DmiLines {
  /** +DI: `100 × Wilder(+DM) / ATR`. */
  plusDI: Float64Array;
  /** −DI: `100 × Wilder(−DM) / ATR`. */
  minusDI: Float64Array;
  /** ADX: `100 × Wilder(|+DI − −DI| / (+DI + −DI))`. */
  adx: Float64Array;
  /** ADXR: `(adx + adx n bars ago) / 2`. */
  adxr: Float64Array;
}

/**
 * Wilder's directional movement index, as backtrader's
 * `DirectionalIndicator`, `AverageDirectionalMovementIndex` and
 * `AverageDirectionalMovementIndexRating` define it (Wilder, *New Concepts in
 * Technical Trading Systems*, 1978). For `j >= 1`, with
 * `up = high[j] − high[j−1]` and `down = low[j−1] − low[j]`:
 *
 * - `+DM[j] = up` if `up > down` and `up > 0`, else 0;
 *   `−DM[j] = down` if `down > up` and `down > 0`, else 0;
 * - `plusDI = 100 * W(+DM) / ATR` and `minusDI = 100 * W(−DM) / ATR`, where
 *   `W` is Wilder's smoothing (`wilder` of `ema.ts`: SMA-seeded, alpha `1/n`;
 *   backtrader's `SmoothedMovingAverage`) and `ATR` is {@linkcode atr}(n);
 *   both first at index `n`;
 * - `DX = |plusDI − minusDI| / (plusDI + minusDI)` and `adx = 100 * W(DX)`,
 *   first at `2n − 1`;
 * - `adxr[i] = (adx[i] + adx[i−n]) / 2`, first at `3n − 1`.
 *
 * Earlier values are NaN (with the default 14: 14, 14, 27, 41). Each formula
 * is evaluated in backtrader's operation order.
 *
 * Division by zero, where backtrader raises `ZeroDivisionError`: a zero ATR
 * (no true range over the whole smoothing history, so both directional
 * averages are 0 too, as `±DM ≤ TR`) gives DIs of 0, and `plusDI + minusDI =
 * 0` gives a DX of 0 (no direction, no trend strength).
 *
 * NaN handling, as for the recursive kernels ({@linkcode atr}): leading
 * NaN bars are skipped (every line starts that much later); any later NaN
 * among the bars' highs, lows and closes makes every line NaN from there on.
 *
 * @param high Bar highs.
 * @param low Bar lows (same length).
 * @param close Bar closes (same length).
 * @param n Period, an integer >= 1 (default 14).
 * @param out Optional preallocated outputs, each of the input length,
 * overlapping neither an input nor each other; missing ones are allocated.
 * @returns `{ plusDI, minusDI, adx, adxr }` (using the arrays given in `out`).
 * @throws {RangeError} on a bad `n`, unequal lengths or a bad `out`.
 *
 * @example DMI(2) by hand
 * ```ts
 * import assert from "node:assert/strict";
 * import { dmi } from "./dmi.ts";
 * const high = Float64Array.of(10, 12, 11, 13);
 * const low = Float64Array.of(8, 9, 7, 10);
 * const close = Float64Array.of(9, 11, 8, 12);
 * // bar 1: up 2, down −1 → +DM 2, −DM 0; TR max(3, 3, 0) = 3
 * // bar 2: up −1, down 2 → +DM 0, −DM 2; TR max(4, 0, 4) = 4
 * // bar 3: up 2, down −3 → +DM 2, −DM 0; TR max(3, 5, 2) = 5
 * // bar 2: W(+DM) = 1, W(−DM) = 1, ATR = 3.5: DIs 100/3.5 each, DX 0
 * // bar 3: W(+DM) = (1 + 2)/2 = 1.5, W(−DM) = 0.5, ATR = (3.5 + 5)/2 = 4.25
 * const r = dmi(high, low, close, 2);
 * assert.deepEqual([...r.plusDI], [NaN, NaN, 100 / 3.5, 150 / 4.25]);
 * assert.deepEqual([...r.minusDI], [NaN, NaN, 100 / 3.5, 50 / 4.25]);
 * // DX at 3 = (100/4.25) / (200/4.25) = 0.5; ADX = 100 × (0 + 0.5)/2 = 25
 * assert.ok(Number.isNaN(r.adx[2]!) && Math.abs(r.adx[3]! - 25) < 1e-12);
 * assert.ok(r.adxr.every(Number.isNaN)); // first ADXR at 3n − 1 = 5
 * ```
 */
export function dmi(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  n = 14,
  out?: Partial<DmiLines>,
): DmiLines {
  checkInt("dmi", "n", n);
  const inputs = [high, low, close];
  const len = checkSameLength("dmi", ["high", "low", "close"], inputs);
  const plusDI = prepareOut("dmi", "out.plusDI", out?.plusDI, len, inputs);
  const minusDI = prepareOut("dmi", "out.minusDI", out?.minusDI, len, [...inputs, plusDI]);
  const adx = prepareOut("dmi", "out.adx", out?.adx, len, [...inputs, plusDI, minusDI]);
  const adxr = prepareOut("dmi", "out.adxr", out?.adxr, len, [...inputs, plusDI, minusDI, adx]);
  if (len === 0) return { plusDI, minusDI, adx, adxr };

  // directional movement into the DI arrays, then smoothed in place
  plusDI[0] = minusDI[0] = NaN;
  for (let j = 1; j < len; j++) {
    const up = high[j]! - high[j - 1]!, down = low[j - 1]! - low[j]!;
    if (up !== up || down !== down) {
      plusDI[j] = minusDI[j] = NaN;
      continue;
    }
    plusDI[j] = up > down && up > 0 ? up : 0;
    minusDI[j] = down > up && down > 0 ? down : 0;
  }
  smoothInto(plusDI, n, true, plusDI);
  smoothInto(minusDI, n, true, minusDI);
  const range = adxr; // scratch: the ATR, until ADXR is written
  atr(high, low, close, n, range);
  for (let i = 0; i < len; i++) {
    const a = range[i]!;
    const p = a === 0 ? 0 : 100 * plusDI[i]! / a;
    const m = a === 0 ? 0 : 100 * minusDI[i]! / a;
    plusDI[i] = p;
    minusDI[i] = m;
    const s = p + m;
    adx[i] = s === 0 ? 0 : Math.abs(p - m) / s; // DX
  }
  smoothInto(adx, n, true, adx);
  for (let i = 0; i < len; i++) adx[i] = 100 * adx[i]!;
  for (let i = 0; i < len; i++) adxr[i] = i < n ? NaN : (adx[i]! + adx[i - n]!) / 2;
  return { plusDI, minusDI, adx, adxr };
}

/**
 * The directional movement system as an indicator definition: `ind.dmi(period = 14)` →
 * `{ plusDI, minusDI, adx, adxr }`. backtrader's `DirectionalMovement` family (`DirectionalIndicator`,
 * `AverageDirectionalMovementIndex`, `AverageDirectionalMovementIndexRating`), with Wilder's smoothing throughout;
 * the DIs start at bar `period`, ADX at `2 × period − 1`, ADXR at `3 × period − 1`.
 */
export const dmiIndicator = defineIndicator({
  name: "dmi",
  params: z.strictObject({ period: period(1, 14) }),
  args: ["period"],
  outputs: ["plusDI", "minusDI", "adx", "adxr"],
  inputs: () => ["high", "low", "close"],
  warmup: (p) => [p.period, p.period, 2 * p.period - 1, 3 * p.period - 1],
  compute: ([h, l, c], p, [plusDI, minusDI, adx, adxr]) => {
    dmi(h!, l!, c!, p.period, { plusDI: plusDI!, minusDI: minusDI!, adx: adx!, adxr: adxr! });
  },
});
