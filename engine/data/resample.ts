/**
 * Resampling one symbol's bars to a coarser timeframe, and the rule that
 * says when a coarser bar becomes visible.
 *
 * **Buckets.** Days are trading days (`timeZone`, `sessionStart`, as the
 * daily-loss breaker counts them; UTC midnight by default; a run with a data
 * calendar passes the calendar's day, see `resolveTradingDay` in
 * `calendar.ts`). A bar belongs to the bucket that contains its start time:
 *
 * - `Ns`, `Nm`, `Nh`: N-second/minute/hour buckets counted from the start of
 *   the bar's trading day (the last one is cut at the day's end);
 * - `1d`: the trading day;
 * - `1w`: the ISO week (Monday to Sunday) of the trading day's date;
 * - `Nmo` (N = 1, 2, 3, 4, 6 or 12): calendar months, grouped from January
 *   (`3mo` quarters, `12mo` years).
 *
 * A trading day's date is the local date at its midpoint, so a day that
 * starts at 17:00 on Sunday is Monday's.
 *
 * **Bars.** A coarse bar starts at its bucket's start; OHLCV is the first
 * open, the highest high, the lowest low, the last close and the summed
 * volume of the bars in the bucket.
 *
 * **Visibility.** A coarse bar is visible from the close of the first fine
 * bar whose close time (`tsMs + intervalMs`) is at or after its bucket's end.
 * Until then a strategy sees the previous coarse bar: the one in progress is
 * never visible, even when its last fine bar has closed, because nothing in
 * bar data says that no other bar follows before the bucket ends. (Daily
 * bars resampled to weekly: a week becomes visible at the close of the next
 * week's first bar.)
 *
 * @module
 */
import type { SymbolBars } from "./bar_frame.ts";
import { createTradingDay } from "./trading_day.ts";

const DAY_MS = 86_400_000;
const HALF_DAY_MS = DAY_MS / 2;
const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000 } as const;

/** A timeframe: a count and a unit. */
export interface Timeframe {
  readonly count: number;
  readonly unit: "s" | "m" | "h" | "d" | "w" | "mo";
  /** As written, e.g. `4h`. */
  readonly text: string;
  /** Its shortest length in ms (a month: 28 days), to compare it with a bar interval. */
  readonly minMs: number;
}

/**
 * Parse a timeframe such as `30m`, `4h`, `1d`, `1w`, `1mo`, `3mo`; null when malformed.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseTimeframe } from "./resample.ts";
 * assert.deepEqual(parseTimeframe("4h"), { count: 4, unit: "h", text: "4h", minMs: 14_400_000 });
 * assert.ok(parseTimeframe("3mo")?.unit === "mo" && parseTimeframe("5mo") === null && parseTimeframe("2d") === null);
 * ```
 */
export function parseTimeframe(text: string): Timeframe | null {
  const m = typeof text === "string" ? /^([1-9]\d*)(s|m|h|d|w|mo)$/.exec(text) : null;
  if (m === null) return null;
  const count = Number(m[1]), unit = m[2] as Timeframe["unit"];
  if ((unit === "d" || unit === "w") && count !== 1) return null;
  if (unit === "mo" && ![1, 2, 3, 4, 6, 12].includes(count)) return null;
  if ((unit === "s" || unit === "m" || unit === "h") && count * UNIT_MS[unit] > DAY_MS) return null;
  const minMs = unit === "d"
    ? DAY_MS
    : unit === "w"
    ? 7 * DAY_MS
    : unit === "mo"
    ? count * 28 * DAY_MS
    : count * UNIT_MS[unit];
  return { count, unit, text, minMs };
}

/** The timeframes {@linkcode parseTimeframe} accepts, for messages. */
export const TIMEFRAME_FORMS = "Ns, Nm, Nh (up to a day), 1d, 1w, or Nmo with N = 1, 2, 3, 4, 6 or 12";

/** Options of {@linkcode resample}. */
export interface ResampleOptions {
  /**
   * IANA time zone of the trading day. Default UTC. A caller whose data has a
   * calendar fills both fields with `resolveTradingDay(options, frame.calendar)`
   * (`calendar.ts`): the calendar's zone, and its open for an overnight session.
   */
  readonly timeZone?: string;
  /** Local time (HH:MM) at which a trading day starts. Default 00:00. */
  readonly sessionStart?: string;
}

/** One symbol's bars at a coarser timeframe, with the visibility map. */
export interface ResampledBars {
  /** Bucket start of each coarse bar. */
  readonly tsMs: Float64Array;
  /** Bucket end of each coarse bar: it becomes visible at the first fine close at or after it. */
  readonly endMs: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
  /** Per fine bar: the last coarse bar visible at its close (−1 for none). */
  readonly visible: Int32Array;
}

/** The local calendar date of an instant in a zone, as a UTC midnight (epoch ms). */
function localDateOf(timeZone: string): (u: number) => number {
  if (timeZone === "UTC" || timeZone === "Etc/UTC") return (u) => Math.floor(u / DAY_MS) * DAY_MS;
  const fmt = new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "numeric", day: "numeric" });
  return (u) => {
    const p: Record<string, number> = {};
    for (const x of fmt.formatToParts(u)) if (x.type !== "literal") p[x.type] = Number(x.value);
    return Date.UTC(p.year!, p.month! - 1, p.day!);
  };
}

/**
 * Resample one symbol's bars (sorted by time, bar length `intervalMs`) to `tf`.
 *
 * @example Hourly bars to days, and when each day becomes visible
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseTimeframe, resample } from "./resample.ts";
 * const h = 3_600_000, day = 24 * h;
 * // two days of three hourly bars, 14:00-17:00 UTC
 * const ts = Float64Array.of(14 * h, 15 * h, 16 * h, day + 14 * h, day + 15 * h, day + 16 * h);
 * const px = Float64Array.of(10, 12, 11, 13, 9, 14);
 * const r = resample({ tsMs: ts, open: px, high: px, low: px, close: px, volume: px }, h, parseTimeframe("1d")!);
 * assert.deepEqual([...r.close], [11, 14]);
 * assert.deepEqual([...r.high], [12, 14]);
 * assert.deepEqual([...r.visible], [-1, -1, -1, 0, 0, 0]); // day 0 is visible from the first close after midnight
 * ```
 */
export function resample(
  bars: SymbolBars,
  intervalMs: number,
  tf: Timeframe,
  opts: ResampleOptions = {},
): ResampledBars {
  const n = bars.tsMs.length;
  const timeZone = opts.timeZone ?? "UTC";
  const td = createTradingDay(timeZone, opts.sessionStart ?? "00:00");
  const dateOf = localDateOf(timeZone);
  const dayStartOf = (t: number) => td.dayOf(t);
  /** Start of the trading day whose date is `k` days after the date of the day starting at `day`. */
  const shiftDays = (day: number, k: number) => dayStartOf(day + HALF_DAY_MS + k * DAY_MS);

  // bucket of each fine bar: [start, end)
  const bStart = new Float64Array(n), bEnd = new Float64Array(n);
  let cachedStart = NaN, cachedEnd = NaN;
  for (let i = 0; i < n; i++) {
    const t = bars.tsMs[i]!;
    const day = dayStartOf(t);
    const dayEnd = td.nextStartMs;
    if (tf.unit === "s" || tf.unit === "m" || tf.unit === "h") {
      const dur = tf.count * UNIT_MS[tf.unit];
      const start = day + Math.floor((t - day) / dur) * dur;
      bStart[i] = start;
      bEnd[i] = Math.min(start + dur, dayEnd);
      continue;
    }
    if (tf.unit === "d") {
      bStart[i] = day;
      bEnd[i] = dayEnd;
      continue;
    }
    // a new week or month starts only past the end of the current one
    if (!(day >= cachedStart && day < cachedEnd)) {
      const date = dateOf(day + HALF_DAY_MS);
      const d = new Date(date);
      let back: number, forward: number;
      if (tf.unit === "w") {
        const weekday = (d.getUTCDay() + 6) % 7; // Monday 0
        back = weekday;
        forward = 7 - weekday;
      } else {
        const month = d.getUTCMonth(), first = month - (month % tf.count);
        back = (date - Date.UTC(d.getUTCFullYear(), first, 1)) / DAY_MS;
        forward = (Date.UTC(d.getUTCFullYear(), first + tf.count, 1) - date) / DAY_MS;
      }
      cachedStart = back === 0 ? day : shiftDays(day, -back);
      cachedEnd = shiftDays(day, forward);
    }
    bStart[i] = cachedStart;
    bEnd[i] = cachedEnd;
  }

  let m = 0;
  for (let i = 0; i < n; i++) if (i === 0 || bStart[i] !== bStart[i - 1]) m++;
  const out = {
    tsMs: new Float64Array(m),
    endMs: new Float64Array(m),
    open: new Float64Array(m),
    high: new Float64Array(m),
    low: new Float64Array(m),
    close: new Float64Array(m),
    volume: new Float64Array(m),
    visible: new Int32Array(n),
  };
  let b = -1;
  for (let i = 0; i < n; i++) {
    if (i === 0 || bStart[i] !== bStart[i - 1]) {
      b++;
      out.tsMs[b] = bStart[i]!;
      out.endMs[b] = bEnd[i]!;
      out.open[b] = bars.open[i]!;
      out.high[b] = bars.high[i]!;
      out.low[b] = bars.low[i]!;
      out.volume[b] = bars.volume[i]!;
    } else {
      out.high[b] = Math.max(out.high[b]!, bars.high[i]!);
      out.low[b] = Math.min(out.low[b]!, bars.low[i]!);
      out.volume[b] = out.volume[b]! + bars.volume[i]!;
    }
    out.close[b] = bars.close[i]!;
  }
  // visible at each fine close: every coarse bar whose bucket has ended by then
  let v = -1;
  for (let i = 0; i < n; i++) {
    const closeMs = bars.tsMs[i]! + intervalMs;
    while (v + 1 < m && out.endMs[v + 1]! <= closeMs) v++;
    out.visible[i] = v;
  }
  return out;
}
