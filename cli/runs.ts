/**
 * `deno task runs [--db PATH] [--limit N] [--config NAME]`: list recent runs
 * from the results database. `deno task runs --compare A B`: two runs side by
 * side, with the difference of every number.
 *
 * A run is named by a prefix of its id (as listed) or by `#n`, the n-th most
 * recent (`#1` is the latest). Exit codes: 0 ok, 2 bad input (flags, an
 * unknown or ambiguous run, no database), 1 anything else.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { type DisplayKind, displayValue, HEADLINE_METRICS } from "../engine/report/display.ts";
import { DEFAULT_RESULTS_DB } from "../engine/report/config.ts";
import { listRuns, snakeCase, type StoredRun } from "../engine/report/results_db.ts";

const usage = `Usage: deno task runs [options]
       deno task runs --compare A B [options]

Lists recent backtests recorded in the results database, or compares two.
A run is an id prefix (as listed) or #n, the n-th most recent (#1 = latest).

Options:
  --db PATH        the results database (default ${DEFAULT_RESULTS_DB})
  --limit N        how many runs to list (default 20)
  --config NAME    only runs of this config name
  --compare        compare the two runs given as arguments
  -h, --help       show this help

Exit codes: 0 ok, 2 bad input, 1 other failure.`;

class UsageError extends Error {}

const PCT = new Set([
  "total_return",
  "cagr",
  "cagr_calendar",
  "annual_volatility",
  "downside_deviation",
  "max_drawdown",
  "win_rate",
  "loss_rate",
  "exposure",
  "risk_free",
]);
const MONEY = new Set([
  "initial_cash",
  "start_value",
  "end_value",
  "final_equity",
  "final_cash",
  "total_fees",
  "borrow_cost",
]);
const COUNT = new Set(["bars", "trades", "fills", "denials", "resizes", "breaker_trips", "open_positions"]);

/** How a numeric column of the runs table is shown. */
function kindOf(column: string): DisplayKind {
  const headline = HEADLINE_METRICS.find((h) => snakeCase(h.path.split(".")[1]!) === column);
  if (headline) return headline.kind;
  if (COUNT.has(column) || column.startsWith("num_") || column.endsWith("_bars")) return "int";
  if (PCT.has(column)) return "pct";
  if (MONEY.has(column) || /pnl|profit|loss|win$|expectancy$/.test(column)) return "money";
  if (column.endsWith("_ms")) return "duration";
  return "number";
}

/** Left-aligned first column, right-aligned others. */
function table(rows: readonly (readonly string[])[], left: readonly number[] = [0]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  return rows
    .map((r) =>
      r.map((c, i) => (left.includes(i) ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ").trimEnd()
    )
    .join("\n");
}

const when = (iso: string | null) =>
  iso === null ? "" : iso.endsWith("T00:00:00Z") ? iso.slice(0, 10) : iso.replace("T", " ").replace(/Z$/, "");
const short = (id: string) => id.slice(0, 8);

/**
 * The list of runs as a table.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatRunList } from "./runs.ts";
 * const text = formatRunList([{
 *   runId: "0123456789", recordedAt: "2025-01-02T03:04:05Z", configName: "demo", configFile: null, configSha256: "ab",
 *   gitRevision: "abcdef1234", strategy: "idle", params: "{}", symbols: "A", firstBar: null, lastBar: null,
 *   outputDir: "out/demo/runs/20250102T030405.000Z-1a2b3c4d5e6f", values: { total_return: 0.1, sharpe: 1.5, max_drawdown: -0.05, trades: 3, cagr: NaN },
 * }]);
 * assert.match(text, /^run +recorded \(UTC\)/);
 * assert.match(text, /01234567 +2025-01-02 03:04:05 +demo +\{\} +10\.00% +— +1\.50 +-5\.00% +3 +abcdef1/);
 * ```
 */
export function formatRunList(runs: readonly StoredRun[]): string {
  const rows = [["run", "recorded (UTC)", "config", "params", "return", "CAGR", "Sharpe", "max DD", "trades", "git"]];
  for (const r of runs) {
    const v = (c: string) => r.values[c] ?? NaN;
    rows.push([
      short(r.runId),
      when(r.recordedAt),
      r.configName,
      r.params,
      displayValue(v("total_return"), "pct"),
      displayValue(v("cagr"), "pct"),
      displayValue(v("sharpe"), "ratio"),
      displayValue(v("max_drawdown"), "pct"),
      displayValue(v("trades"), "int"),
      (r.gitRevision ?? "").slice(0, 7),
    ]);
  }
  return table(rows, [0, 1, 2, 3, 9]);
}

/**
 * Two runs side by side: what ran, then every number with `B − A`
 * (percentage points for percentages).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatComparison } from "./runs.ts";
 * const run = (id: string, sharpe: number, ret: number) => ({
 *   runId: id, recordedAt: "2025-01-02T03:04:05Z", configName: "demo", configFile: "configs/demo.ts", configSha256: id,
 *   gitRevision: null, strategy: "idle", params: "{}", symbols: "A", firstBar: null, lastBar: null,
 *   outputDir: "out/demo/runs/20250102T030405.000Z-1a2b3c4d5e6f", values: { sharpe, total_return: ret },
 * });
 * const text = formatComparison(run("aaaaaaaa1", 1, 0.1), run("bbbbbbbb2", 1.5, 0.12));
 * assert.match(text, /sharpe +1\.00 +1\.50 +\+0\.50/);
 * assert.match(text, /total_return +10\.00% +12\.00% +\+2\.00 pp/);
 * ```
 */
export function formatComparison(a: StoredRun, b: StoredRun): string {
  const head = [
    ["", `A ${short(a.runId)}`, `B ${short(b.runId)}`, ""],
    ["recorded (UTC)", when(a.recordedAt), when(b.recordedAt), ""],
    ["config", a.configName, b.configName, a.configName === b.configName ? "" : "differs"],
    ["config file", a.configFile ?? "", b.configFile ?? "", ""],
    [
      "config sha256",
      a.configSha256.slice(0, 12),
      b.configSha256.slice(0, 12),
      a.configSha256 === b.configSha256 ? "same" : "differs",
    ],
    [
      "git",
      (a.gitRevision ?? "").slice(0, 12),
      (b.gitRevision ?? "").slice(0, 12),
      a.gitRevision === b.gitRevision ? "same" : "differs",
    ],
    ["strategy", a.strategy, b.strategy, ""],
    ["params", a.params, b.params, a.params === b.params ? "same" : "differs"],
    ["symbols", a.symbols, b.symbols, ""],
    ["period", `${when(a.firstBar)} → ${when(a.lastBar)}`, `${when(b.firstBar)} → ${when(b.lastBar)}`, ""],
    ["output", a.outputDir, b.outputDir, ""],
  ];
  const columns = [...new Set([...Object.keys(a.values), ...Object.keys(b.values)])];
  const nums = columns.map((c) => {
    const x = a.values[c] ?? NaN, y = b.values[c] ?? NaN;
    const kind = kindOf(c);
    let diff = "";
    if (Number.isFinite(x) && Number.isFinite(y)) {
      const d = y - x;
      const sign = d > 0 ? "+" : "";
      const pp = (d * 100).toFixed(2);
      diff = kind === "pct"
        ? `${/^-?0\.00$/.test(pp) ? pp.replace("-", "") : sign + pp} pp`
        : d === 0
        ? "0"
        : `${sign}${displayValue(d, kind === "int" ? "number" : kind)}`;
    }
    return [c, displayValue(x, kind), displayValue(y, kind), diff];
  });
  return `${table(head, [0, 1, 2, 3])}\n\n${table([["metric", "A", "B", "B − A"], ...nums])}`;
}

/** The run a selector names among `runs` (most recent first). */
function pick(runs: readonly StoredRun[], selector: string): StoredRun {
  const n = /^#(\d+)$/.exec(selector);
  if (n) {
    const run = runs[Number(n[1]) - 1];
    if (!run) throw new UsageError(`there is no run ${selector}: the database has ${runs.length}`);
    return run;
  }
  const found = runs.filter((r) => r.runId.startsWith(selector));
  if (found.length === 0) throw new UsageError(`no run id starts with "${selector}"`);
  if (found.length > 1) {
    throw new UsageError(`"${selector}" is ambiguous: ${found.slice(0, 5).map((r) => short(r.runId)).join(", ")}…`);
  }
  return found[0]!;
}

async function main(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        db: { type: "string", default: DEFAULT_RESULTS_DB },
        limit: { type: "string", default: "20" },
        config: { type: "string" },
        compare: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) {
    throw new UsageError(`--limit: expected a positive integer, found "${values.limit}"`);
  }
  if (values.compare ? positionals.length !== 2 : positionals.length !== 0) {
    throw new UsageError(
      values.compare ? "--compare takes two runs, e.g. --compare #2 #1" : `unexpected argument ${positionals[0]}`,
    );
  }
  let runs: StoredRun[];
  try {
    runs = await listRuns(values.db, values.config === undefined ? {} : { configName: values.config });
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    if (/does not exist/.test(msg)) {
      throw new UsageError(`no results database at "${values.db}": no run has been recorded there yet`);
    }
    if (/Table with name runs does not exist/i.test(msg)) throw new UsageError(`"${values.db}" holds no runs`);
    throw e;
  }
  if (values.compare) {
    const [a, b] = [pick(runs, positionals[0]!), pick(runs, positionals[1]!)];
    console.log(formatComparison(a, b));
    return 0;
  }
  if (runs.length === 0) {
    console.log(`no runs recorded in ${values.db}`);
    return 0;
  }
  console.log(formatRunList(runs.slice(0, limit)));
  if (runs.length > limit) console.log(`(${limit} most recent of ${runs.length}; --limit N for more)`);
  return 0;
}

/**
 * Run the CLI on `args` and return its exit code. Errors are printed, never thrown.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { runsCli } from "./runs.ts";
 * assert.equal(await runsCli(["--help"]), 0);
 * assert.equal(await runsCli(["--limit", "0"]), 2); // a usage error, printed
 * ```
 */
export async function runsCli(args: string[]): Promise<number> {
  try {
    return await main(args);
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`error: ${e.message}`);
      return 2;
    }
    console.error(`error: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`);
    return 1;
  }
}

if (import.meta.main) Deno.exit(await runsCli(Deno.args));
