/**
 * Session calendars: when an exchange's sessions open and close, in its time
 * zone, and which days it is closed (weekends, holidays) or closes early.
 *
 * A calendar is written in a config (`data.calendar`, see
 * {@linkcode CalendarConfigSchema}), resolved once into a plain-data
 * {@linkcode CalendarSpec} by {@linkcode loadCalendarSpec} (built-in lists
 * merged, the `file` read), and turned into a {@linkcode Calendar} that
 * answers per-day and per-instant questions by {@linkcode createCalendar}.
 *
 * **Trading dates.** A session belongs to a trading date, a day number (days
 * since 1970-01-01). A day session (`09:30`–`16:00`) opens and closes on its
 * date, in the calendar's time zone. A session whose close is at or before its
 * open is overnight: it opens the evening before its date and closes on it
 * (`17:00`–`16:00`: Sunday 17:00 to Monday 16:00 is Monday's session). An
 * early close replaces the close of its date, in local time. `24:00` closes at
 * the next local midnight.
 *
 * **Built-ins.** `XNYS` and `XNAS` are America/New_York, 09:30–16:00,
 * Monday–Friday, with the NYSE's holidays and early closes from 1970 to 2099
 * (`_us_holidays.ts` gives the rules and their source). Outside those years a
 * built-in has weekends only.
 *
 * **Speed.** Sessions are computed once per date and cached; time-zone
 * offsets come from a cached {@linkcode createZoneClock}, so the per-bar
 * questions of the loader cost a comparison or a map lookup, never an `Intl`
 * call.
 *
 * @module
 */
import { isAbsolute, resolve } from "node:path";
import { BUILTIN_CALENDARS, type CalendarConfig, WEEKDAY_NAMES } from "./config.ts";
import type { SqlEngine } from "./sql_engine.ts";
import { ConfigError, DataError } from "../errors.ts";
import { createZoneClock, isTimeZone } from "./trading_day.ts";
import { nyseSchedule } from "./_us_holidays.ts";

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

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
  /** `XNYS`, `XNAS`, or `custom`. */
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
  /** The open of the first session that opens after instant `ms` (`ms + 1` when none does within ten years). */
  nextOpenAfter(ms: number): number;
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

// ------------------------------------------------------------------ helpers

const TIME_RE = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** Minutes after midnight of `HH:MM` (`24:00` is 1440); NaN when malformed. */
function minutesOf(hhmm: string): number {
  if (typeof hhmm !== "string" || !TIME_RE.test(hhmm)) return NaN;
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

/** Day number of `YYYY-MM-DD`; NaN when it is not a real date. */
function dayNumberOf(date: string): number {
  if (typeof date !== "string" || !DATE_RE.test(date)) return NaN;
  const ms = Date.parse(`${date}T00:00:00Z`);
  if (!Number.isFinite(ms) || new Date(ms).toISOString().slice(0, 10) !== date) return NaN;
  return ms / DAY_MS;
}

/** Weekday of a day number, 0 = Sunday. */
const weekdayOf = (day: number) => (((day + 4) % 7) + 7) % 7;

/** True when a session with these regular hours (minutes) is overnight: its close is at or before its open. */
const isOvernight = (openMin: number, closeMin: number) => closeMin <= openMin;

/** True when an early close at `t` minutes ends a session with these regular hours before its regular close. */
function earlyCloseFits(t: number, openMin: number, closeMin: number): boolean {
  return isOvernight(openMin, closeMin) ? t < closeMin : t > openMin && t < closeMin;
}

/** Sort a record's keys (dates sort as strings). */
function sorted(r: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(r).sort()) out[k] = r[k]!;
  return out;
}

// ------------------------------------------------------------------ built-ins

/** First and last year of the built-in holiday lists. */
export const BUILTIN_YEARS = [1970, 2099] as const;

let nyse: CalendarSpec | undefined;

/**
 * The spec of a built-in calendar: `XNYS` (New York Stock Exchange) or `XNAS`
 * (Nasdaq, which keeps the NYSE's holidays and hours).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { builtinCalendarSpec } from "./calendar.ts";
 * const x = builtinCalendarSpec("XNYS");
 * assert.ok(x.timeZone === "America/New_York" && x.open === "09:30" && x.close === "16:00");
 * assert.ok(x.holidays["2024-11-28"] === "Thanksgiving Day" && x.earlyCloses["2024-11-29"] === "13:00");
 * assert.ok(builtinCalendarSpec("XNAS").holidays === x.holidays);
 * ```
 */
export function builtinCalendarSpec(name: (typeof BUILTIN_CALENDARS)[number]): CalendarSpec {
  if (!BUILTIN_CALENDARS.includes(name)) {
    throw new ConfigError(`unknown calendar "${name}": expected one of ${BUILTIN_CALENDARS.join(", ")}`);
  }
  if (nyse === undefined) {
    const s = nyseSchedule(BUILTIN_YEARS[0], BUILTIN_YEARS[1]);
    nyse = Object.freeze({
      name: "XNYS",
      timeZone: "America/New_York",
      open: "09:30",
      close: "16:00",
      weekdays: Object.freeze([1, 2, 3, 4, 5]),
      holidays: Object.freeze(s.holidays),
      earlyCloses: Object.freeze(s.earlyCloses),
    });
  }
  return name === "XNYS" ? nyse : Object.freeze({ ...nyse, name });
}

// ------------------------------------------------------------------ runtime

/**
 * Build a calendar from its spec. Throws a ConfigError when the spec is
 * malformed (a bad time, date or weekday; an early close outside the regular
 * hours).
 *
 * @example XNYS: a regular day in winter and in summer, a holiday, an early close
 * ```ts
 * import assert from "node:assert/strict";
 * import { builtinCalendarSpec, createCalendar } from "./calendar.ts";
 * const cal = createCalendar(builtinCalendarSpec("XNYS"));
 * const day = (iso: string) => Date.parse(iso) / 86_400_000;
 * assert.ok(cal.session(day("2024-01-02"))!.openMs === Date.parse("2024-01-02T14:30:00Z"));
 * assert.ok(cal.session(day("2024-07-02"))!.closeMs === Date.parse("2024-07-02T20:00:00Z"));
 * assert.ok(cal.closedWhy(day("2024-03-29")) === "holiday: Good Friday");
 * assert.ok(cal.session(day("2024-07-03"))!.closeMs === Date.parse("2024-07-03T17:00:00Z"));
 * assert.ok(cal.sessionDayOf(Date.parse("2024-07-03T16:59:00Z")) === day("2024-07-03"));
 * assert.ok(cal.sessionDayOf(Date.parse("2024-07-03T17:00:00Z")) === -1);
 * ```
 */
export function createCalendar(spec: CalendarSpec): Calendar {
  const where = `calendar "${spec.name}"`;
  const openMin = minutesOf(spec.open), closeMin = minutesOf(spec.close);
  if (!(openMin < 1440)) {
    throw new ConfigError(
      `${where}: open: expected a time HH:MM from 00:00 to 23:59, found ${JSON.stringify(spec.open)}`,
    );
  }
  if (!(closeMin >= 0)) {
    throw new ConfigError(
      `${where}: close: expected a time HH:MM from 00:00 to 24:00, found ${JSON.stringify(spec.close)}`,
    );
  }
  if (!isTimeZone(spec.timeZone)) {
    throw new ConfigError(`${where}: timeZone: expected an IANA time zone, found ${JSON.stringify(spec.timeZone)}`);
  }
  const overnight = isOvernight(openMin, closeMin);
  const weekdays = new Uint8Array(7);
  for (const w of spec.weekdays) {
    if (!Number.isInteger(w) || w < 0 || w > 6) {
      throw new ConfigError(`${where}: weekdays: expected numbers 0 (Sunday) to 6, found ${JSON.stringify(w)}`);
    }
    weekdays[w] = 1;
  }
  const holidays = new Map<number, string>();
  for (const [date, name] of Object.entries(spec.holidays)) {
    const d = dayNumberOf(date);
    if (Number.isNaN(d)) {
      throw new ConfigError(`${where}: holidays: expected dates YYYY-MM-DD, found ${JSON.stringify(date)}`);
    }
    holidays.set(d, String(name));
  }
  const earlyMin = new Map<number, number>();
  for (const [date, hhmm] of Object.entries(spec.earlyCloses)) {
    const d = dayNumberOf(date), t = minutesOf(hhmm);
    if (Number.isNaN(d)) {
      throw new ConfigError(`${where}: earlyCloses: expected dates YYYY-MM-DD, found ${JSON.stringify(date)}`);
    }
    if (Number.isNaN(t) || !earlyCloseFits(t, openMin, closeMin)) {
      throw new ConfigError(
        `${where}: earlyCloses.${date}: expected a time HH:MM inside the regular hours ${spec.open}–${spec.close}, found ${
          JSON.stringify(hhmm)
        }`,
      );
    }
    earlyMin.set(d, t);
  }

  const clock = createZoneClock(spec.timeZone);
  /** Local wall time (as if UTC) of the open of trading date `day`. */
  const openWall = (day: number) => day * DAY_MS + openMin * MINUTE_MS - (overnight ? DAY_MS : 0);

  const regular = new Map<number, Session>();
  function regularHours(day: number): Session {
    let s = regular.get(day);
    if (s === undefined) {
      s = Object.freeze({
        openMs: clock.instant(openWall(day)),
        closeMs: clock.instant(day * DAY_MS + closeMin * MINUTE_MS),
        early: false,
      });
      regular.set(day, s);
    }
    return s;
  }

  // sessions by trading date; null when closed
  const sessions = new Map<number, Session | null>();
  let lastDay = NaN;
  let lastSession: Session | undefined;
  function session(day: number): Session | undefined {
    if (day === lastDay) return lastSession;
    let s = sessions.get(day);
    if (s === undefined) {
      if (weekdays[weekdayOf(day)] === 0 || holidays.has(day)) s = null;
      else {
        const t = earlyMin.get(day);
        s = t === undefined ? regularHours(day) : Object.freeze({
          openMs: clock.instant(openWall(day)),
          closeMs: clock.instant(day * DAY_MS + t * MINUTE_MS),
          early: true,
        });
      }
      sessions.set(day, s);
    }
    lastDay = day;
    lastSession = s ?? undefined;
    return lastSession;
  }

  // sessionDayOf: the last session found, and the last gap between sessions found
  let inOpen = NaN, inClose = NaN, inDay = -1;
  let gapFrom = NaN, gapTo = NaN;
  /** How far to look for the next session before giving up on caching the gap. */
  const SCAN_DAYS = 3700;
  function sessionDayOf(ms: number): number {
    if (ms >= inOpen && ms < inClose) return inDay;
    if (ms >= gapFrom && ms < gapTo) return -1;
    const local = Math.floor(clock.wall(ms) / DAY_MS);
    // the session containing ms can only be of its local date (or, overnight, of the next one)
    for (let d = overnight ? local + 1 : local; d >= local; d--) {
      const s = session(d);
      if (s !== undefined && ms >= s.openMs && ms < s.closeMs) {
        inOpen = s.openMs;
        inClose = s.closeMs;
        inDay = d;
        return d;
      }
    }
    // outside every session: remember the gap up to the next open
    gapFrom = ms;
    gapTo = nextOpenAfter(ms, local);
    return -1;
  }

  /** The first session open after `ms` (whose local date is `local`), or `ms + 1` when none within SCAN_DAYS. */
  function nextOpenAfter(ms: number, local = Math.floor(clock.wall(ms) / DAY_MS)): number {
    for (let d = local; d < local + SCAN_DAYS; d++) {
      const s = session(d);
      if (s !== undefined && s.openMs > ms) return s.openMs;
    }
    return ms + 1;
  }

  function closedWhy(day: number): string | undefined {
    const wd = weekdayOf(day);
    if (weekdays[wd] === 0) return wd === 0 || wd === 6 ? "weekend" : `no session on ${WEEKDAY_NAMES[wd]}`;
    const name = holidays.get(day);
    if (name !== undefined) return name === "" ? "holiday" : `holiday: ${name}`;
    return undefined;
  }

  return {
    name: spec.name,
    timeZone: spec.timeZone,
    session,
    regularHours,
    closedWhy,
    sessionDayOf,
    nextOpenAfter: (ms) => nextOpenAfter(ms),
  };
}

// ------------------------------------------------------------------ from a config

/** Options of {@linkcode loadCalendarSpec}. */
export interface LoadCalendarOptions {
  /** Relative `file` paths resolve against this directory. */
  readonly baseDir?: string;
  /** Reads `file` (a CSV); needed only when the config names one. */
  readonly engine?: SqlEngine;
}

/**
 * Resolve the calendar a config describes into its spec, reading its `file`
 * when it names one.
 *
 * A built-in name gives that calendar. An object starts from `base` (or, with
 * none, UTC, `00:00`–`24:00`, Monday to Friday, no holidays), replaces its
 * time zone, hours and weekdays by those given, and adds the `holidays`,
 * `earlyCloses` and the rows of `file` (a CSV `date,kind,close[,name]`, kind
 * `holiday` or `early_close`). Dates given in the config or the file replace
 * the base's entry for that date; a date given twice there is an error. Its
 * name is `custom`.
 *
 * Throws a ConfigError for a bad combination (an early close outside the
 * regular hours, a date both a holiday and an early close) and a DataError
 * naming the file and line for a bad row of `file`.
 *
 * @example XNYS with an extra closure and a 17:00–16:00 overnight session
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadCalendarSpec } from "./calendar.ts";
 * const nyse = await loadCalendarSpec("XNYS");
 * assert.ok(nyse.name === "XNYS" && nyse.holidays["2025-01-09"]?.includes("Carter"));
 * const custom = await loadCalendarSpec({ base: "XNYS", holidays: ["2024-05-01"] });
 * assert.ok(custom.name === "custom" && custom.holidays["2024-05-01"] === "");
 * const futures = await loadCalendarSpec({ timeZone: "America/Chicago", open: "17:00", close: "16:00", weekdays: ["mon", "tue", "wed", "thu", "fri"] });
 * assert.deepEqual([futures.open, futures.close, futures.weekdays], ["17:00", "16:00", [1, 2, 3, 4, 5]]);
 * ```
 */
export async function loadCalendarSpec(cfg: CalendarConfig, opts: LoadCalendarOptions = {}): Promise<CalendarSpec> {
  if (typeof cfg === "string") return builtinCalendarSpec(cfg);
  const base = cfg.base === undefined ? undefined : builtinCalendarSpec(cfg.base);
  const timeZone = cfg.timeZone ?? base?.timeZone ?? "UTC";
  const open = cfg.open ?? base?.open ?? "00:00", close = cfg.close ?? base?.close ?? "24:00";
  const field = (f: string) => `data.calendar.${f}`;
  if (open === "24:00") throw new ConfigError(`${field("open")}: expected a time from 00:00 to 23:59, found "24:00"`);
  const openMin = minutesOf(open), closeMin = minutesOf(close);
  const weekdays = cfg.weekdays === undefined
    ? [...(base?.weekdays ?? [1, 2, 3, 4, 5])]
    : [...new Set(cfg.weekdays.map((w) => WEEKDAY_NAMES.indexOf(w)))].sort((a, b) => a - b);

  // the base's entries, which the config's and the file's replace
  const holidays: Record<string, string> = { ...base?.holidays };
  const earlyCloses: Record<string, string> = { ...base?.earlyCloses };
  const given = new Map<string, string>(); // date → where it was given, for duplicates
  const claim = (date: string, where: string) => {
    const before = given.get(date);
    if (before !== undefined) {
      return `${date} is given twice: ${before} and ${where}`;
    }
    given.set(date, where);
    delete holidays[date];
    delete earlyCloses[date];
    return undefined;
  };
  for (const [i, date] of (cfg.holidays ?? []).entries()) {
    const dup = claim(date, `${field(`holidays[${i}]`)}`);
    if (dup !== undefined) throw new ConfigError(`${field(`holidays[${i}]`)}: ${dup}`);
    holidays[date] = "";
  }
  for (const [date, hhmm] of Object.entries(cfg.earlyCloses ?? {})) {
    const at = field(`earlyCloses.${date}`);
    const dup = claim(date, at);
    if (dup !== undefined) throw new ConfigError(`${at}: ${dup}`);
    if (!earlyCloseFits(minutesOf(hhmm), openMin, closeMin)) {
      throw new ConfigError(`${at}: expected a close inside the regular hours ${open}–${close}, found "${hhmm}"`);
    }
    earlyCloses[date] = hhmm;
  }
  if (cfg.file !== undefined) {
    const file = isAbsolute(cfg.file) ? cfg.file : resolve(opts.baseDir ?? Deno.cwd(), cfg.file);
    for (const row of await readCalendarFile(file, opts.engine, openMin, closeMin, `${open}–${close}`)) {
      const dup = claim(row.date, `${file} line ${row.line}`);
      if (dup !== undefined) throw new DataError(`Cannot read calendar file "${file}": line ${row.line}: ${dup}`);
      if (row.kind === "holiday") holidays[row.date] = row.name;
      else earlyCloses[row.date] = row.close;
    }
  }
  // the base's early closes must still fit hours the config changed
  if (base !== undefined && (open !== base.open || close !== base.close)) {
    for (const [date, hhmm] of Object.entries(earlyCloses)) {
      if (!given.has(date) && !earlyCloseFits(minutesOf(hhmm), openMin, closeMin)) {
        throw new ConfigError(
          `${
            field(cfg.open !== undefined ? "open" : "close")
          }: the ${base.name} early close of ${date} at ${hhmm} is not inside the regular hours ${open}–${close}; override it in data.calendar.earlyCloses or keep the base's hours`,
        );
      }
    }
  }
  return Object.freeze({
    name: "custom",
    timeZone,
    open,
    close,
    weekdays: Object.freeze(weekdays),
    holidays: Object.freeze(sorted(holidays)),
    earlyCloses: Object.freeze(sorted(earlyCloses)),
  });
}

/** One validated row of a calendar file. */
interface CalendarRow {
  readonly line: number;
  readonly date: string;
  readonly kind: "holiday" | "early_close";
  /** The early close `HH:MM` (`""` for a holiday). */
  readonly close: string;
  readonly name: string;
}

const FILE_COLUMNS = ["date", "kind", "close", "name"];

/** Read and check a calendar CSV (`date,kind,close[,name]`) through DuckDB, every column as text. */
async function readCalendarFile(
  file: string,
  engine: SqlEngine | undefined,
  openMin: number,
  closeMin: number,
  hours: string,
): Promise<CalendarRow[]> {
  const fail = (what: string) => new DataError(`Cannot read calendar file "${file}": ${what}`);
  if (engine === undefined) throw fail("no SQL engine to read it with (loadCalendarSpec needs opts.engine)");
  const relation = `read_csv('${file.replaceAll("'", "''")}', header = true, all_varchar = true, auto_detect = true)`;
  let columns: string[], rows: unknown[][];
  try {
    columns = (await engine.describe(relation)).map((c) => c.name);
    const missing = ["date", "kind", "close"].filter((c) => !columns.includes(c));
    if (missing.length > 0) {
      throw fail(
        `expected the header date,kind,close[,name]; found ${columns.join(",")} (missing ${missing.join(", ")})`,
      );
    }
    const extra = columns.filter((c) => !FILE_COLUMNS.includes(c));
    if (extra.length > 0) {
      throw fail(`expected the header date,kind,close[,name]; found the extra column ${extra.join(", ")}`);
    }
    const name = columns.includes("name") ? `"name"` : "NULL";
    rows = await engine.queryRows(`SELECT "date", "kind", "close", ${name} FROM ${relation}`);
  } catch (e) {
    if (e instanceof DataError) throw e;
    throw new DataError(
      `Cannot read calendar file "${file}": ${String(e instanceof Error ? e.message : e).split("\n")[0]}`,
      {
        cause: e,
      },
    );
  }
  // DuckDB skips blank lines: map rows to the file's non-blank lines after the header when they match one to one
  let lines: number[] | undefined;
  try {
    const nonBlank = (await Deno.readTextFile(file)).split(/\r?\n/).flatMap((l, i) => (l.trim() === "" ? [] : [i + 1]));
    if (nonBlank.length === rows.length + 1) lines = nonBlank.slice(1);
  } catch {
    // the engine read it; line numbers then count rows after the header
  }
  const out: CalendarRow[] = [];
  const text = (v: unknown) => (v === null || v === undefined ? "" : String(v).trim());
  for (const [i, r] of rows.entries()) {
    const line = lines?.[i] ?? i + 2;
    const at = (what: string) => fail(`row ${i + 1} (line ${line}): ${what}`);
    const date = text(r[0]), kind = text(r[1]), close = text(r[2]), name = text(r[3]);
    if (Number.isNaN(dayNumberOf(date))) throw at(`expected a date YYYY-MM-DD, found ${JSON.stringify(date)}`);
    if (kind === "holiday") {
      if (close !== "") throw at(`a holiday has no close time, found ${JSON.stringify(close)} (use kind early_close)`);
      out.push({ line, date, kind, close: "", name });
    } else if (kind === "early_close") {
      if (close === "") throw at(`an early close needs its close time HH:MM, found none`);
      const t = minutesOf(close);
      if (Number.isNaN(t)) throw at(`expected a close time HH:MM, found ${JSON.stringify(close)}`);
      if (!earlyCloseFits(t, openMin, closeMin)) {
        throw at(`expected an early close inside the regular hours ${hours}, found ${close}`);
      }
      out.push({ line, date, kind, close, name });
    } else {
      throw at(`expected kind holiday or early_close, found ${JSON.stringify(kind)}`);
    }
  }
  return out;
}

// ------------------------------------------------------------------ trading day

/**
 * The trading-day boundary of a run: `timeZone` and `sessionStart` given
 * explicitly win, field by field; otherwise the calendar's (its time zone;
 * local midnight for a day session, the open for an overnight one); without a
 * calendar, UTC and 00:00. The daily-loss breaker and resampling count days
 * this way.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { builtinCalendarSpec, resolveTradingDay } from "./calendar.ts";
 * assert.deepEqual(resolveTradingDay({}), { timeZone: "UTC", sessionStart: "00:00" });
 * assert.deepEqual(resolveTradingDay({}, builtinCalendarSpec("XNYS")), { timeZone: "America/New_York", sessionStart: "00:00" });
 * const futures = { ...builtinCalendarSpec("XNYS"), name: "custom", timeZone: "America/Chicago", open: "17:00", close: "16:00" };
 * assert.deepEqual(resolveTradingDay({}, futures), { timeZone: "America/Chicago", sessionStart: "17:00" });
 * assert.deepEqual(resolveTradingDay({ sessionStart: "09:30" }, futures), { timeZone: "America/Chicago", sessionStart: "09:30" });
 * ```
 */
export function resolveTradingDay(
  explicit: { readonly timeZone?: string | undefined; readonly sessionStart?: string | undefined },
  calendar?: CalendarSpec | undefined,
): { timeZone: string; sessionStart: string } {
  const overnight = calendar !== undefined && isOvernight(minutesOf(calendar.open), minutesOf(calendar.close));
  return {
    timeZone: explicit.timeZone ?? calendar?.timeZone ?? "UTC",
    sessionStart: explicit.sessionStart ?? (overnight ? calendar!.open : "00:00"),
  };
}
