/**
 * Session times of loaded bars: when each bar's open is observed and when its
 * close is known, from the bars' kind and the data's calendar.
 *
 * **Daily bars are sessions.** A daily bar (a source whose times are dates,
 * without `data.interval`) stands for one trading session of its date:
 *
 * - with `data.calendar`, its start becomes the session's open and its close
 *   is known at the session's close, in UTC (09:30 and 16:00 New York time
 *   for `XNYS`: 14:30Z and 21:00Z in winter, 13:30Z and 20:00Z in summer; an
 *   early close at 13:00 is known at 13:00). A bar on a day the calendar has
 *   no session (a holiday the data still has) keeps the regular hours of its
 *   date; `deno task data:check` reports it.
 * - without a calendar, its start stays 00:00 UTC of its date and its close
 *   is known at 16:00 UTC of that date.
 *
 * Either way the next bar opens at the next session's open, after a gap: an
 * order sent at a session's close with a latency shorter than the gap (17.5 h
 * overnight on `XNYS`, 8 h without a calendar; longer over weekends and
 * holidays) fills at the next open, on every weekday alike.
 *
 * **Intraday bars** keep their times; a bar's close is known at its end,
 * `tsMs + intervalMs`, or at its session's close when that comes first (the
 * last bar of an early-closing day). With `outsideSession: "drop"`, bars that
 * start outside every session of the calendar are left out.
 *
 * A source with `data.interval` keeps `tsMs + interval` as each bar's close
 * (e.g. a 390-minute session bar per day).
 *
 * @module
 */
import type { FramePart } from "./bar_frame.ts";
import type { Calendar } from "./calendar.ts";

const DAY_MS = 86_400_000;
/** When a daily bar's close is known without a calendar: 16:00 UTC of its date. */
export const DEFAULT_DAILY_CLOSE_MS = 16 * 3_600_000;

/** How a symbol's bars are timed. */
export interface SessionRule {
  /** True for daily bars read from dates, without `data.interval`. */
  readonly daily: boolean;
  /** True when `data.interval` fixes the bars' length. */
  readonly fixedInterval: boolean;
  readonly calendar?: Calendar | undefined;
  /** Drop intraday bars that start outside every session. */
  readonly dropOutside: boolean;
}

/**
 * Give `part` its session times (see the module doc): sets `closeMs` (or,
 * for daily bars without a calendar, `closeOffsetMs`: one offset for all),
 * moves daily bars' starts to their sessions' opens under a calendar, and
 * drops intraday bars outside the sessions when asked. Works in place;
 * returns the part (a shorter copy when bars were dropped).
 *
 * @example Daily bars without a calendar: the close is known at 16:00 UTC
 * ```ts
 * import assert from "node:assert/strict";
 * import { assembleFrame, type FramePart } from "./bar_frame.ts";
 * import { applySessions } from "./sessions.ts";
 * const day = 86_400_000, one = () => new Float64Array([1, 1]);
 * const part = (symbol: string): FramePart => ({ symbol, tsMs: new Float64Array([0, day]), open: one(), high: one(), low: one(), close: one(), volume: one(), intervalMs: day });
 * const out = applySessions(part("A"), { daily: true, fixedInterval: false, dropOutside: false });
 * assert.ok(out.closeMs === undefined && out.closeOffsetMs === 16 * 3_600_000);
 * // the frame's closes, for one symbol and for several
 * assert.deepEqual([...assembleFrame([out]).closeMs], [16 * 3_600_000, day + 16 * 3_600_000]);
 * const b = applySessions(part("B"), { daily: true, fixedInterval: false, dropOutside: false });
 * const two = assembleFrame([applySessions(part("A"), { daily: true, fixedInterval: false, dropOutside: false }), b]);
 * assert.deepEqual([...two.closeMs], [16 * 3_600_000, day + 16 * 3_600_000, 16 * 3_600_000, day + 16 * 3_600_000]);
 * ```
 */
export function applySessions(part: FramePart, rule: SessionRule): FramePart {
  const ts = part.tsMs, n = ts.length, cal = rule.calendar;
  if (rule.fixedInterval || (!rule.daily && cal === undefined)) return part; // tsMs + intervalMs, the frame's default
  if (rule.daily && cal === undefined) {
    // the same offset for every bar: the frame adds it as it copies the starts
    part.closeOffsetMs = DEFAULT_DAILY_CLOSE_MS;
    return part;
  }
  const closeMs = new Float64Array(n);
  if (rule.daily) {
    for (let i = 0; i < n; i++) {
      const day = Math.floor(ts[i]! / DAY_MS);
      const s = cal!.session(day) ?? cal!.regularHours(day);
      ts[i] = s.openMs;
      closeMs[i] = s.closeMs;
    }
    part.closeMs = closeMs;
    return part;
  }
  // intraday, with a calendar
  const d = part.intervalMs;
  let keep: Uint8Array | undefined;
  let kept = n;
  // the session holding the last bar, or the closed stretch [gapFrom, gapTo) up to the next session's open: a bar
  // inside either needs no lookup (most bars of a 24-hour file lie outside the sessions)
  let day = -2, dayOpen = NaN, dayClose = NaN, gapFrom = NaN, gapTo = NaN;
  for (let i = 0; i < n; i++) {
    const t = ts[i]!;
    if (t >= gapFrom && t < gapTo) day = -1;
    else if (!(t >= dayOpen && t < dayClose)) {
      day = cal!.sessionDayOf(t);
      const s = day >= 0 ? cal!.session(day) : undefined;
      dayOpen = s === undefined ? NaN : s.openMs;
      dayClose = s === undefined ? NaN : s.closeMs;
      if (day < 0) {
        gapFrom = t;
        gapTo = cal!.nextOpenAfter(t);
      }
    }
    const end = t + d;
    if (day < 0) {
      closeMs[i] = end;
      if (rule.dropOutside) {
        keep ??= new Uint8Array(n).fill(1);
        keep[i] = 0;
        kept--;
      }
    } else closeMs[i] = end < dayClose ? end : dayClose;
  }
  part.closeMs = closeMs;
  if (keep === undefined) return part;
  const pick = (a: Float64Array) => {
    const out = new Float64Array(kept);
    for (let i = 0, j = 0; i < n; i++) if (keep![i] === 1) out[j++] = a[i]!;
    return out;
  };
  return {
    symbol: part.symbol,
    tsMs: pick(ts),
    open: pick(part.open),
    high: pick(part.high),
    low: pick(part.low),
    close: pick(part.close),
    volume: pick(part.volume),
    intervalMs: part.intervalMs,
    closeMs: pick(closeMs),
  };
}
