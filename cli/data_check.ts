/**
 * `deno task data:check <source|config.ts> [flags]`: check bars before
 * trusting them. Per symbol: rows, range, inferred interval and session
 * kind, and what is wrong or suspicious (`engine/data/check.ts`,
 * `docs/data_checks.md`), each with its first places.
 *
 * Exit codes: 0 clean, 3 warnings only, 2 any error-level finding, or a bad
 * argument or unreadable source (a one-line message naming it), 1 anything
 * else.
 *
 * @module
 */
import { exitCodeOf, onePath, parseCli, UsageError, wholeNumber } from "./_args.ts";
import { loadConfig } from "../engine/config/load_config.ts";
import { checkData, formatDataCheckReport, reportExitCode } from "../engine/data/check.ts";
import { BUILTIN_CALENDARS, type CalendarConfig, type DataConfig, DataConfigSchema } from "../engine/data/config.ts";

const usage = `Usage: deno task data:check <source> [options]
       deno task data:check <config.ts> [options]

Checks bars and reports, per symbol: rows, range, inferred interval and
session kind, then its findings with their first places (file, line, time,
value). Errors: unparsable times or prices, duplicate or out-of-order
times, non-positive prices, OHLC inconsistencies. Warnings: negative
volume, zero-volume runs, suspicious jumps, stale prices, gaps against the
calendar. See docs/data_checks.md.

<source> is a CSV or Parquet file or a glob, as data.source takes it (with
{a,b} and one {symbol}: 'data/{symbol}-*.csv'); or a config module, whose
data section (source, symbols, range, calendar, checks) is used.

Options:
  --calendar CAL       XNYS, XNAS, or a calendar CSV file (date,kind,close);
                       without one, daily bars are checked against Monday to
                       Friday (holidays then show as missing sessions)
  --symbols A,B        check only these symbols
  --from DATE          first bar to check (YYYY-MM-DD, UTC)
  --to DATE            last bar to check (YYYY-MM-DD, inclusive)
  --time-format FMT    layout of text times that are not ISO-8601, e.g.
                       "%m/%d/%Y" (strptime)
  --jump-z Z           a close-to-close log return more than Z robust
                       standard deviations from the median is a jump
                       (default 8)
  --stale-bars N       N bars or more in a row with identical O/H/L/C are
                       stale (default 5)
  --zero-volume-bars N N bars or more in a row with volume 0 are reported
                       (default 5)
  --json               print the report as JSON on stdout
  -h, --help           show this help

Exit codes: 0 clean, 3 warnings only, 2 errors (or a bad argument or an
unreadable source), 1 other failure.`;

const OPTIONS = {
  calendar: { type: "string" },
  symbols: { type: "string" },
  from: { type: "string" },
  to: { type: "string" },
  "time-format": { type: "string" },
  "jump-z": { type: "string" },
  "stale-bars": { type: "string" },
  "zero-volume-bars": { type: "string" },
  json: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
} as const;

/** The flag (or argument) a field of the data section comes from, for messages. */
const FLAG_OF: Record<string, string> = {
  source: "<source>",
  symbols: "--symbols",
  from: "--from",
  to: "--to",
  timeFormat: "--time-format",
  calendar: "--calendar",
  "checks.jumpZ": "--jump-z",
  "checks.staleBars": "--stale-bars",
  "checks.zeroVolumeBars": "--zero-volume-bars",
};

const CONFIG_RE = /\.(ts|mts|js|mjs)$/;

/** `--calendar`: a built-in name, or a CSV file of holidays and early closes. */
function calendarOf(v: string): CalendarConfig {
  if ((BUILTIN_CALENDARS as readonly string[]).includes(v)) return v as CalendarConfig;
  if (/\.csv$/i.test(v)) return { file: v };
  throw new UsageError(`--calendar expects ${BUILTIN_CALENDARS.join(", ")} or a calendar .csv file, found "${v}"`);
}

function positiveNumber(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const x = Number(v);
  if (v.trim() === "" || !Number.isFinite(x) || x <= 0) {
    throw new UsageError(`${flag} expects a number > 0, found "${v}"`);
  }
  return x;
}

/** The data section to check: the config module's, or one built from the source and the flags. */
async function dataOf(source: string, values: ReturnType<typeof parse>["values"]): Promise<DataConfig> {
  const symbols = values.symbols?.split(",").map((s) => s.trim()).filter(Boolean);
  if (values.symbols !== undefined && symbols!.length === 0) {
    throw new UsageError("--symbols needs at least one symbol");
  }
  const checks = {
    ...(values["jump-z"] !== undefined && { jumpZ: positiveNumber("--jump-z", values["jump-z"]) }),
    ...(values["stale-bars"] !== undefined && { staleBars: wholeNumber("--stale-bars", values["stale-bars"], 2) }),
    ...(values["zero-volume-bars"] !== undefined &&
      { zeroVolumeBars: wholeNumber("--zero-volume-bars", values["zero-volume-bars"], 1) }),
  };
  const calendar = values.calendar === undefined ? undefined : calendarOf(values.calendar);
  if (CONFIG_RE.test(source)) {
    const set = [
      ...(calendar !== undefined ? [`data.calendar=${JSON.stringify(calendar)}`] : []),
      ...(values["time-format"] !== undefined ? [`data.timeFormat=${JSON.stringify(values["time-format"])}`] : []),
      ...Object.entries(checks).map(([k, v]) => `data.checks.${k}=${v}`),
    ];
    const config = await loadConfig(source, {
      ...(symbols !== undefined && { symbols }),
      ...(values.from !== undefined && { from: values.from }),
      ...(values.to !== undefined && { to: values.to }),
      set,
    });
    return config.data;
  }
  const parsed = DataConfigSchema.safeParse({
    source,
    ...(symbols !== undefined && { symbols }),
    ...(values.from !== undefined && { from: values.from }),
    ...(values.to !== undefined && { to: values.to }),
    ...(values["time-format"] !== undefined && { timeFormat: values["time-format"] }),
    ...(calendar !== undefined && { calendar }),
    checks,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.map(String).join(".");
    const key = Object.keys(FLAG_OF).find((k) => path === k || path.startsWith(`${k}.`));
    const flag = key === undefined ? path : FLAG_OF[key]!;
    throw new UsageError(`${flag}: ${issue.message}`);
  }
  return parsed.data;
}

const parse = (args: string[]) => parseCli(args, OPTIONS);

async function main(args: string[]): Promise<number> {
  const { values, positionals } = parse(args);
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const source = onePath(positionals, "source", ": a CSV or Parquet file, a glob, or a config module");
  const data = await dataOf(source, values);
  const report = await checkData(data);
  console.log(values.json ? JSON.stringify(report, null, 2) : formatDataCheckReport(report));
  return reportExitCode(report);
}

/**
 * Run the CLI on `args` and return its exit code: 0 clean, 3 warnings only,
 * 2 errors or bad input, 1 anything else. Errors are printed, never thrown.
 *
 * @example
 * ```ts ignore
 * Deno.exit(await dataCheckCli(["data/sample/*.csv", "--calendar", "XNYS"]));
 * ```
 */
export async function dataCheckCli(args: string[]): Promise<number> {
  try {
    return await main(args);
  } catch (e) {
    return exitCodeOf(e, usage);
  }
}

if (import.meta.main) Deno.exit(await dataCheckCli(Deno.args));
