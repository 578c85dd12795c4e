/**
 * Session calendars: when an exchange's sessions open and close, in its time
 * zone, and which days it is closed (weekends, holidays) or closes early.
 *
 * @module
 */
import type { CalendarConfig } from "./config.ts";
import type { SqlEngine } from "./sql_engine.ts";

/** One session: the instants it opens and closes, epoch ms UTC. */
export interface Session {
  readonly openMs: number;
  readonly closeMs: number;
  /** True on an early close. */
  readonly early: boolean;
}

/**
 * A session calendar. A trading date is a day number: days since 1970-01-01
 * (the local date of the session, as written in the calendar's time zone;
 * `Math.floor(ms / 86_400_000)` of a date-only bar's time).
 */
export interface Calendar {
  /** `XNYS`, `XNAS`, or `custom` (based on …). */
  readonly name: string;
  readonly timeZone: string;
  /** The session of trading date `day`, or undefined when the calendar is closed that day. */
  session(day: number): Session | undefined;
  /** The regular hours of trading date `day`, even when it is closed (DST-aware). */
  regularHours(day: number): Session;
  /** Why trading date `day` has no session (`"weekend"`, `"holiday: Good Friday"`), or undefined when it has one. */
  closedWhy(day: number): string | undefined;
  /** The trading date whose session contains instant `ms` (open ≤ ms < close), or -1 when no session does. */
  sessionDayOf(ms: number): number;
}

/**
 * A calendar as plain data, resolved from a config (built-in lists merged,
 * `file` read): what a worker receives to rebuild the same {@linkcode Calendar}
 * with {@linkcode createCalendar}. Structured-cloneable and JSON-safe.
 */
export interface CalendarSpec {
  /** `XNYS`, `XNAS`, or `custom`. */
  readonly name: string;
  readonly timeZone: string;
  /** Regular hours, local `HH:MM`; a close at or before the open is an overnight session. */
  readonly open: string;
  readonly close: string;
  /** Weekdays with sessions, 0 = Sunday … 6 = Saturday. */
  readonly weekdays: readonly number[];
  /** Closed dates `YYYY-MM-DD` → name (`""` when unnamed), sorted. */
  readonly holidays: Readonly<Record<string, string>>;
  /** Early-close dates `YYYY-MM-DD` → local close `HH:MM`, sorted. */
  readonly earlyCloses: Readonly<Record<string, string>>;
}

/** Build a calendar from its spec. */
export function createCalendar(_spec: CalendarSpec): Calendar {
  throw new Error("not implemented yet");
}

/** Options of {@linkcode loadCalendar}. */
export interface LoadCalendarOptions {
  /** Relative `file` paths resolve against this directory. */
  readonly baseDir?: string;
  /** Reads `file` (a CSV); needed only when the config names one. */
  readonly engine?: SqlEngine;
}

/** Resolve the calendar a config describes into its spec, reading its `file` when it names one. */
export function loadCalendarSpec(_cfg: CalendarConfig, _opts: LoadCalendarOptions = {}): Promise<CalendarSpec> {
  throw new Error("not implemented yet");
}
