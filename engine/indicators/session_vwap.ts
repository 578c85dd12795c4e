/**
 * Session volume-weighted average price: cumulative from the start of each
 * trading day.
 *
 * @module
 */

import { z } from "zod";
import { checkSameLength, prepareOut } from "./_util.ts";
import { SessionStartSchema, TimeZoneSchema } from "../data/config.ts";
import { createTradingDay, isTimeZone, SESSION_START_RE } from "../data/trading_day.ts";
import { defineIndicator } from "./define_indicator.ts";
import { ExactSum } from "./exact_sum.ts";

/**
 * The session VWAP: for a bar in trading day `D`,
 * `out[i] = Σ tp[j] × volume[j] / Σ volume[j]` over the bars `j <= i` of `D`,
 * with the typical price `tp = (high + low + close) / 3` (evaluated so). Both
 * sums are exact (the numerator sums the exact products) and correctly
 * rounded, then divided once. The first bar of each day is its own typical
 * price; every bar has a value (warm-up 0).
 *
 * Trading days are those of {@linkcode createTradingDay}: a day starts at
 * `sessionStart` (`HH:MM`) local time in the IANA `timeZone` and a bar
 * belongs to the day containing its start time `tsMs[i]`; the default is the
 * UTC calendar day. Bars must be in time order.
 *
 * A day whose volumes so far sum to 0 gives NaN until volume trades.
 *
 * NaN handling: a bar with a NaN (or infinite) high, low, close or volume
 * makes that bar and the rest of its day NaN; the next day starts afresh.
 * Data without a volume column has NaN volume, so its VWAP is NaN throughout.
 *
 * @param high Bar highs.
 * @param low Bar lows (same length).
 * @param close Bar closes (same length).
 * @param volume Volumes (same length).
 * @param tsMs Bar start times, epoch ms UTC (same length).
 * @param timeZone IANA time zone of the day boundary (default "UTC").
 * @param sessionStart Local time at which a trading day starts, `HH:MM` (default "00:00").
 * @param out Optional preallocated output of the input length; must not overlap an input.
 * @returns `out`, or a new array.
 * @throws {RangeError} on an unknown time zone, a bad `sessionStart`, unequal lengths or a bad `out`.
 *
 * @example Two UTC days by hand
 * ```ts
 * import assert from "node:assert/strict";
 * import { sessionVwap } from "./session_vwap.ts";
 * const h = 3_600_000;
 * const day = Date.UTC(2024, 0, 2);
 * const tsMs = Float64Array.of(day + 22 * h, day + 23 * h, day + 24 * h);
 * const high = Float64Array.of(11, 13, 12);
 * const low = Float64Array.of(9, 11, 9);
 * const close = Float64Array.of(10, 12, 9);
 * const volume = Float64Array.of(100, 300, 200);
 * // typical prices 10, 12, 10; bar 1: (10 × 100 + 12 × 300) / 400 = 11.5; bar 2 opens a new day: 10
 * assert.deepEqual([...sessionVwap(high, low, close, volume, tsMs)], [10, 11.5, 10]);
 * // with days starting at 23:00 UTC, bar 1 opens the second day instead
 * assert.deepEqual([...sessionVwap(high, low, close, volume, tsMs, "UTC", "23:00")], [10, 12, 5600 / 500]);
 * ```
 */
export function sessionVwap(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  volume: Float64Array,
  tsMs: Float64Array,
  timeZone = "UTC",
  sessionStart = "00:00",
  out?: Float64Array,
): Float64Array {
  if (typeof timeZone !== "string" || !isTimeZone(timeZone)) {
    throw new RangeError(`sessionVwap(): timeZone must be an IANA time zone such as "UTC", found ${timeZone}`);
  }
  if (typeof sessionStart !== "string" || !SESSION_START_RE.test(sessionStart)) {
    throw new RangeError(`sessionVwap(): sessionStart must be a time of day HH:MM, found ${sessionStart}`);
  }
  const inputs = [high, low, close, volume, tsMs];
  const len = checkSameLength("sessionVwap", ["high", "low", "close", "volume", "tsMs"], inputs);
  const dst = prepareOut("sessionVwap", "out", out, len, inputs);
  const calendar = createTradingDay(timeZone, sessionStart);
  const pv = new ExactSum(), vol = new ExactSum();
  let day = NaN, bad = false;
  for (let i = 0; i < len; i++) {
    const d = calendar.dayOf(tsMs[i]!);
    if (d !== day) {
      day = d;
      pv.reset();
      vol.reset();
      bad = false;
    }
    const tp = (high[i]! + low[i]! + close[i]!) / 3, v = volume[i]!;
    if (!(tp - tp === 0 && v - v === 0)) bad = true;
    if (bad) {
      dst[i] = NaN;
      continue;
    }
    pv.addProduct(tp, v);
    vol.add(v);
    dst[i] = pv.value() / vol.value();
  }
  return dst;
}

/**
 * The session VWAP as an indicator definition: `ind.sessionVwap(timeZone = "UTC", sessionStart = "00:00")`. Not in
 * backtrader: Σ(typical price × volume) / Σ volume from the start of each trading day (the days of
 * `createTradingDay`, as the daily-loss breaker counts them), with exact sums; warm-up 0. NaN throughout on data
 * without volume.
 */
export const sessionVwapIndicator = defineIndicator({
  name: "sessionVwap",
  params: z.strictObject({
    /** IANA time zone of the trading day's boundary. Default UTC. */
    timeZone: TimeZoneSchema,
    /** Local time (HH:MM, 24 h) at which a trading day starts. Default 00:00. */
    sessionStart: SessionStartSchema,
  }),
  args: ["timeZone", "sessionStart"],
  inputs: () => ["high", "low", "close", "volume"],
  warmup: () => 0,
  compute: ([h, l, c, v], p, [out], env) => {
    sessionVwap(h!, l!, c!, v!, env.tsMs, p.timeZone, p.sessionStart, out);
  },
});
