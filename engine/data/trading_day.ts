/**
 * Trading days: which day a timestamp belongs to, for a time zone and a
 * session start.
 *
 * A trading day starts at `sessionStart` local time in `timeZone` and runs
 * to the next one; a bar belongs to the day that contains its start time.
 * The default is the UTC calendar day.
 *
 * The loop asks for the day of every timestamp, so {@linkcode TradingDay.dayOf}
 * is a comparison against a cached boundary: it consults `Intl` (and
 * allocates) only when time crosses into a new day.
 *
 * @module
 */

const DAY_MS = 86_400_000;

/**
 * A session start as configs write it: `HH:MM`, 24 h.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { SESSION_START_RE } from "./trading_day.ts";
 * assert.ok(SESSION_START_RE.test("17:00") && !SESSION_START_RE.test("24:00") && !SESSION_START_RE.test("9:30"));
 * ```
 */
export const SESSION_START_RE: RegExp = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * True when `tz` is an IANA time zone this runtime knows.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isTimeZone } from "./trading_day.ts";
 * assert.ok(isTimeZone("America/New_York") && !isTimeZone("Mars/Olympus") && !isTimeZone(""));
 * ```
 */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return tz !== "";
  } catch {
    return false;
  }
}
const WEEK_MS = 7 * DAY_MS;

/**
 * Conversions between instants and local wall-clock times in one time zone,
 * with the zone's offsets cached (see {@linkcode createZoneClock}).
 */
export interface ZoneClock {
  /** The local wall-clock time of instant `u` (epoch ms), written as if it were UTC. */
  wall(u: number): number;
  /**
   * The instant whose local wall-clock time is `w` (written as if it were UTC).
   * A time skipped by a daylight-saving change moves forward by the gap; a time
   * that occurs twice is its earlier instant.
   */
  instant(w: number): number;
}

/**
 * A {@linkcode ZoneClock} for an IANA `timeZone`. `Intl` is slow and
 * allocates, so the clock remembers one offset and the span where it holds
 * (a week checked at both ends, or cut at the transition found to the
 * minute): time that moves forward a little at a time costs a comparison.
 *
 * @example 09:30 in New York is 14:30 UTC in winter and 13:30 UTC in summer
 * ```ts
 * import assert from "node:assert/strict";
 * import { createZoneClock } from "./trading_day.ts";
 * const ny = createZoneClock("America/New_York");
 * assert.ok(ny.instant(Date.UTC(2024, 0, 2, 9, 30)) === Date.UTC(2024, 0, 2, 14, 30));
 * assert.ok(ny.instant(Date.UTC(2024, 6, 2, 9, 30)) === Date.UTC(2024, 6, 2, 13, 30));
 * assert.ok(ny.wall(Date.UTC(2024, 6, 2, 13, 30)) === Date.UTC(2024, 6, 2, 9, 30));
 * ```
 */
export function createZoneClock(timeZone: string): ZoneClock {
  if (timeZone === "UTC" || timeZone === "Etc/UTC") return { wall: (u) => u, instant: (w) => w };
  const fmt = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  });
  /** The zone's UTC offset at instant `u`, from Intl. */
  const intlOffset = (u: number): number => {
    const p: Record<string, number> = {};
    for (const x of fmt.formatToParts(u)) if (x.type !== "literal") p[x.type] = Number(x.value);
    const ms = ((u % 1000) + 1000) % 1000;
    return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) + ms - u;
  };
  // A span is a week checked at both ends (no zone changes its offset twice within a week), or cut at the
  // transition found to the minute.
  let from = Infinity, to = -Infinity, offset = 0;
  const offsetAt = (u: number): number => {
    if (u >= from && u < to) return offset;
    const o = intlOffset(u);
    let hi = u + WEEK_MS;
    if (intlOffset(hi) !== o) {
      let lo = u;
      while (hi - lo > 60_000) {
        const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
        if (intlOffset(mid) === o) lo = mid;
        else hi = mid;
      }
    }
    from = u;
    to = hi;
    offset = o;
    return o;
  };
  const wall = (u: number): number => u + offsetAt(u);
  return {
    wall,
    instant(w) {
      let u = w - (wall(w) - w);
      const u2 = w - (wall(u) - u);
      if (u2 !== u) u = Math.max(u, u2);
      return u;
    },
  };
}

/** The trading-day calendar of one run. */
export interface TradingDay {
  /**
   * Start of the trading day containing `tsMs`. Fast while `tsMs` stays in
   * the day of the previous call; moving to another day recomputes.
   */
  dayOf(tsMs: number): number;
  /** Start of the day after the one of the last {@linkcode dayOf} call. */
  readonly nextStartMs: number;
}

/**
 * A trading-day calendar for an IANA `timeZone` whose days start at
 * `sessionStart` (`HH:MM`, local time). When that local time does not exist
 * on some day (a daylight-saving gap), it is moved forward by the gap; when it
 * occurs twice (the clocks go back), the earlier instant is taken: the
 * `"compatible"` rule of Temporal and RFC 5545.
 *
 * @example A 17:00 New York session
 * ```ts
 * import assert from "node:assert/strict";
 * import { createTradingDay } from "./trading_day.ts";
 * const day = createTradingDay("America/New_York", "17:00");
 * // 2024-03-05 21:00 UTC is 16:00 in New York: still the day that began on the 4th at 17:00 (22:00 UTC, EST)
 * assert.ok(day.dayOf(Date.UTC(2024, 2, 5, 21)) === Date.UTC(2024, 2, 4, 22));
 * assert.ok(day.nextStartMs === Date.UTC(2024, 2, 5, 22));
 * ```
 */
export function createTradingDay(timeZone = "UTC", sessionStart = "00:00"): TradingDay {
  const [h, m] = sessionStart.split(":").map(Number);
  const sessionMs = (h! * 60 + m!) * 60_000;
  let start = NaN, next = NaN;

  if (timeZone === "UTC" || timeZone === "Etc/UTC") {
    return {
      dayOf(t) {
        if (t >= start && t < next) return start;
        start = Math.floor((t - sessionMs) / DAY_MS) * DAY_MS + sessionMs;
        next = start + DAY_MS;
        return start;
      },
      get nextStartMs() {
        return next;
      },
    };
  }

  const { wall, instant } = createZoneClock(timeZone);
  const localStart = (u: number): number => {
    const w = wall(u);
    return Math.floor((w - sessionMs) / DAY_MS) * DAY_MS + sessionMs;
  };
  return {
    dayOf(t) {
      if (t >= start && t < next) return start;
      let w = localStart(t);
      start = instant(w);
      if (start > t) start = instant(w -= DAY_MS);
      next = instant(w + DAY_MS);
      while (next <= t) { // only around a daylight-saving shift
        w += DAY_MS;
        start = next;
        next = instant(w + DAY_MS);
      }
      return start;
    },
    get nextStartMs() {
      return next;
    },
  };
}
