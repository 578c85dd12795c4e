/**
 * The `data` section of a config: where bars come from and which of them to
 * use.
 *
 * @module
 */
import { z } from "zod";
import { isPattern, patternProblem } from "./source_files.ts";
import { isTimeZone, SESSION_START_RE } from "./trading_day.ts";

/** A path's pattern problem as a zod issue on `path`. */
function checkPattern(path: string, ctx: z.RefinementCtx, at: PropertyKey[]): void {
  const problem = patternProblem(path);
  if (problem) ctx.addIssue({ code: "custom", path: at, message: `expected a path or glob: ${problem}` });
}

/**
 * Files, a DuckDB table, or a SQL query. A bare string is a path or glob
 * (`*`, `?`, `**`, `[a-z]`, `{a,b}`), optionally with one `{symbol}` whose
 * match names each file's symbol; `{ kind: "files", files }` maps symbols
 * to files (or globs), resolved against `path`, a directory (`.` by
 * default). See `engine/data/source_files.ts`.
 */
export const DataSourceSchema = z.union([
  z.string().min(1).superRefine((p, ctx) => checkPattern(p, ctx, [])),
  z.discriminatedUnion("kind", [
    z.strictObject({
      kind: z.literal("files"),
      /** A CSV or Parquet file, or a glob of them; with `files`, the directory their paths resolve against. */
      path: z.string().min(1).optional(),
      /** Symbol → file (or glob of one symbol's files). */
      files: z.record(z.string().min(1), z.string().min(1)).refine((m) => Object.keys(m).length > 0, {
        message: "expected at least one symbol → file",
      }).optional(),
    }).superRefine((s, ctx) => {
      if (s.files === undefined) {
        if (s.path === undefined) {
          ctx.addIssue({
            code: "invalid_type",
            expected: "string",
            input: undefined,
            path: ["path"],
            message: "Invalid input: expected string, received undefined",
          });
        } else checkPattern(s.path, ctx, ["path"]);
      } else if (s.path !== undefined && isPattern(s.path)) {
        ctx.addIssue({
          code: "custom",
          path: ["path"],
          message: "expected the directory the files of data.source.files resolve against, not a pattern",
        });
      }
    }),
    z.strictObject({
      kind: z.literal("duckdb"),
      /** A `.duckdb` database file, opened read-only. */
      path: z.string().min(1),
      table: z.string().min(1),
    }),
    z.strictObject({
      kind: z.literal("sql"),
      /** Any DuckDB query returning the bar columns. */
      query: z.string().min(1),
    }),
  ]),
]).transform((s) =>
  typeof s === "string"
    ? { kind: "files" as const, path: s }
    : s.kind === "files"
    ? { kind: "files" as const, path: s.path ?? ".", ...(s.files && { files: s.files }) }
    : s
);

const DATE_RE = /^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z?)?$/;

/** Parse `YYYY-MM-DD` or `YYYY-MM-DD HH:MM[:SS[.mmm]]` (UTC) into epoch ms. */
export function parseDateMs(s: string): number {
  if (!DATE_RE.test(s)) return NaN;
  const iso = s.length === 10 ? `${s}T00:00:00Z` : `${s.replace(" ", "T").replace(/Z$/, "")}Z`;
  const ms = Date.parse(iso);
  // Date.parse rolls 2021-02-30 over to March: reject instead
  if (!Number.isFinite(ms) || new Date(ms).toISOString().slice(0, 10) !== s.slice(0, 10)) return NaN;
  return ms;
}

const DateString = z.string().refine((s) => Number.isFinite(parseDateMs(s)), {
  message: "expected a UTC date YYYY-MM-DD or date-time YYYY-MM-DD HH:MM[:SS]",
});

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Parse a duration such as `1d`, `5m`, `250ms`, `4h` into milliseconds. */
export function parseDurationMs(s: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$/.exec(s);
  return m ? Number(m[1]) * UNIT_MS[m[2]!]! : NaN;
}

/** A duration string: a number and a unit (ms, s, m, h, d, w), e.g. `1d`, `5m`. */
export const DurationString = z.string().refine((s) => parseDurationMs(s) > 0, {
  message: "expected a positive duration such as 1d, 4h, 5m, 30s or 250ms",
});

/** An IANA time zone, UTC by default: where a trading day's boundary is counted. */
export const TimeZoneSchema = z.string().refine(isTimeZone, {
  message: "expected an IANA time zone such as UTC or America/New_York",
}).default("UTC");

/** The local time (HH:MM, 24 h) at which a trading day starts, 00:00 by default. */
export const SessionStartSchema = z.string().regex(SESSION_START_RE, {
  message: "expected a time of day HH:MM, e.g. 00:00 or 17:00",
}).default("00:00");

/**
 * The `strptime` specifiers a `data.timeFormat` may use (DuckDB's, a subset):
 * year, month, day, hour, minute, second, fraction, AM/PM, offset, and `%%`.
 */
const TIME_FORMAT_SPECIFIERS = new Set([
  "Y",
  "y",
  "m",
  "-m",
  "d",
  "-d",
  "b",
  "B",
  "H",
  "-H",
  "I",
  "-I",
  "p",
  "M",
  "-M",
  "S",
  "-S",
  "f",
  "g",
  "z",
  "%",
]);

/** Why a `data.timeFormat` is unusable, or undefined when it is fine. */
export function timeFormatProblem(f: string): string | undefined {
  const specs = [...f.matchAll(/%(-?.)/g)].map((m) => m[1]!);
  const unknown = specs.find((s) => !TIME_FORMAT_SPECIFIERS.has(s));
  if (unknown !== undefined) return `unknown specifier %${unknown}; use %Y %y %m %d %b %B %H %I %p %M %S %f %g %z %%`;
  if (/%$/.test(f.replaceAll("%%", ""))) return "a lone % at the end";
  if (!specs.some((s) => s === "Y" || s === "y")) return "no year (%Y or %y)";
  if (!specs.some((s) => ["m", "-m", "b", "B"].includes(s))) return "no month (%m, %b or %B)";
  if (!specs.some((s) => s === "d" || s === "-d")) return "no day (%d)";
  return undefined;
}

/** The built-in exchange calendars: regular hours, weekends, holidays and early closes (`engine/data/calendar.ts`). */
export const BUILTIN_CALENDARS = ["XNYS", "XNAS"] as const;

/** A local date `YYYY-MM-DD`. */
const LocalDateString = z.string().refine((s) => /^\d{4}-\d{2}-\d{2}$/.test(s) && Number.isFinite(parseDateMs(s)), {
  message: "expected a date YYYY-MM-DD",
});

/** A local time of day `HH:MM`, 24 h; `24:00` is the end of the day. */
export const TimeOfDaySchema = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, {
  message: "expected a time of day HH:MM (00:00 to 24:00), e.g. 09:30 or 16:00",
});

/** The weekdays a calendar may open on. */
export const WEEKDAY_NAMES = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;

/**
 * A session calendar: a built-in exchange (`"XNYS"`, `"XNAS"`) or its own
 * time zone, regular hours, weekdays, holidays and early closes, optionally
 * on top of a built-in (`base`). A `close` at or before `open` is an
 * overnight session that opens the evening before its trading date (e.g.
 * `17:00`–`16:00`). `file` is a CSV of `date,kind,close` rows (`kind`
 * `holiday` or `early_close`; `close` the early close `HH:MM`), resolved like
 * the data's paths.
 */
export const CalendarConfigSchema = z.union([
  z.enum(BUILTIN_CALENDARS),
  z.strictObject({
    base: z.enum(BUILTIN_CALENDARS).optional(),
    timeZone: z.string().refine(isTimeZone, {
      message: "expected an IANA time zone such as UTC or America/New_York",
    }).optional(),
    open: TimeOfDaySchema.optional(),
    close: TimeOfDaySchema.optional(),
    weekdays: z.array(z.enum(WEEKDAY_NAMES)).min(1).optional(),
    holidays: z.array(LocalDateString).optional(),
    earlyCloses: z.record(LocalDateString, TimeOfDaySchema).optional(),
    file: z.string().min(1).optional(),
  }),
]);

/** A session calendar as written in a config. */
export type CalendarConfig = z.output<typeof CalendarConfigSchema>;

/** Thresholds of the data checks (`engine/data/check.ts`). */
export const DataChecksSchema = z.strictObject({
  /** A close-to-close log return further than this many standard deviations from the symbol's mean is a jump. */
  jumpZ: z.number().positive().finite().default(8),
  /** This many bars or more in a row with the same open, high, low and close are stale. */
  staleBars: z.number().int().min(2).default(5),
  /** This many bars or more in a row with zero volume are reported. */
  zeroVolumeBars: z.number().int().min(1).default(5),
});

/** Schema of the `data` section. */
export const DataConfigSchema = z.strictObject({
  source: DataSourceSchema,
  /** Keep only these symbols; with a single file that has no Symbol column and no `{symbol}` or map name, the first names it. */
  symbols: z.array(z.string().min(1)).min(1).optional(),
  /** First bar start to include (inclusive), UTC. */
  from: DateString.optional(),
  /** Last bar start to include (inclusive; a date includes that whole day), UTC. */
  to: DateString.optional(),
  /** Bar length, when it should not be inferred from the data's spacing. */
  interval: DurationString.optional(),
  /**
   * The layout of text times when they are not ISO-8601, as a `strptime`
   * format, e.g. `"%m/%d/%Y"` or `"%d.%m.%Y %H:%M"`. Without it, text times
   * must be ISO-8601: `01/02/2024` is an error, never a guess.
   */
  timeFormat: z.string().min(1).superRefine((f, ctx) => {
    const problem = timeFormatProblem(f);
    if (problem) ctx.addIssue({ code: "custom", message: `expected a strptime format such as "%m/%d/%Y": ${problem}` });
  }).optional(),
  /**
   * The session calendar of the bars: when sessions open and close, and which
   * days are closed. Daily bars become sessions of that calendar; without one,
   * a daily bar is a session of its UTC date whose close is known at 16:00 UTC.
   */
  calendar: CalendarConfigSchema.optional(),
  /** Intraday bars that start outside the calendar's sessions: kept (default) or dropped. Needs `calendar`. */
  outsideSession: z.enum(["keep", "drop"]).optional(),
  /**
   * Which prices the run trades on: `raw` as the source has them (the default, when absent);
   * `adjusted`, back-adjusted for splits and dividends (from `actions` when
   * given, else from the source's `Adj Close` column); `rawWithActions`, raw
   * prices with the splits and dividends of `actions` applied to positions,
   * orders and cash as they happen.
   */
  prices: z.enum(["raw", "adjusted", "rawWithActions"]).optional(),
  /** A table of corporate actions (`symbol, date, kind, value`): files, a DuckDB table or a query. */
  actions: DataSourceSchema.optional(),
  /** Run the data checks before the backtest: `off` (the default, when absent), `warn` (print, go on) or `error` (stop on an error-level finding). */
  check: z.enum(["off", "warn", "error"]).optional(),
  /** Thresholds of the data checks (defaults: `DataChecksSchema.parse({})`). */
  checks: DataChecksSchema.optional(),
}).refine((d) => d.from === undefined || d.to === undefined || parseDateMs(d.from) <= parseDateMs(d.to), {
  message: "expected from ≤ to",
  path: ["to"],
}).refine((d) => d.outsideSession === undefined || d.calendar !== undefined, {
  message: "expected data.calendar: outsideSession says what to do with bars outside a calendar's sessions",
  path: ["outsideSession"],
}).refine((d) => d.prices !== "rawWithActions" || d.actions !== undefined, {
  message: 'expected data.actions: prices "rawWithActions" applies the splits and dividends of an actions table',
  path: ["actions"],
});

/** The `data` section as written in a config. */
export type DataConfigInput = z.input<typeof DataConfigSchema>;
/** The `data` section after validation. */
export type DataConfig = z.output<typeof DataConfigSchema>;
