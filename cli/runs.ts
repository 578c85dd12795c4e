/**
 * `deno task runs [--db PATH] [--limit N] [--config NAME] [--kind KIND]`:
 * list recent backtests and studies (grid searches, walk-forward studies,
 * the studies of research jobs) from the results database, with their
 * symbols and the fingerprints of their data and code. `deno task runs
 * --compare A B`: two of them side by side, which code files, data files
 * and config differ, and the difference of every number.
 *
 * A run is named by a prefix of its id (as listed) or by `#n`, the n-th most
 * recent of the list (`#1` is the latest; the list as filtered by `--kind`
 * and `--config`). Exit codes: 0 ok, 2 bad input (flags, an unknown or
 * ambiguous run, no database), 1 anything else.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { type DisplayKind, displayValue, HEADLINE_METRICS } from "../engine/report/display.ts";
import { DEFAULT_RESULTS_DB } from "../engine/report/config.ts";
import { listRuns, snakeCase, type StoredProvenance, type StoredRun } from "../engine/report/results_db.ts";
import { listStudyRuns, type StoredStudyRun } from "../engine/report/study_db.ts";

/**
 * What `deno task runs` lists: a backtest, a study on its own, or a study of a research job.
 *
 * @example
 * ```ts
 * import type { EntryKind } from "./runs.ts";
 * const studies: EntryKind[] = ["grid", "walkforward"];
 * console.log(studies.length);
 * ```
 */
export type EntryKind = "backtest" | "grid" | "walkforward" | "job";
const KINDS: readonly EntryKind[] = ["backtest", "grid", "walkforward", "job"];

const usage = `Usage: deno task runs [options]
       deno task runs --compare A B [options]

Lists recent backtests and studies (grid searches, walk-forward studies,
research jobs' studies) recorded in the results database, or compares two.
A run is an id prefix (as listed) or #n, the n-th most recent of the list
(#1 = latest; --kind and --config filter the list first).

Columns: symbols (the first three, +N more), data (the data fingerprint),
code (the code fingerprint; * when some of its files are uncommitted, ?
when that is unknown), git (the commit).

Options:
  --db PATH        the results database (default ${DEFAULT_RESULTS_DB})
  --limit N        how many runs to list (default 20)
  --config NAME    only runs of this config name, study or job
  --kind KINDS     only these kinds, comma-separated: backtest, grid,
                   walkforward, job
  --compare        compare the two runs given as arguments: which code
                   files, data files and config differ, and every number
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

/** How a numeric column of the runs table is shown (a walk-forward's `oos_*` as its base). */
function kindOf(name: string): DisplayKind {
  const column = name.replace(/^oos_/, "");
  const headline = HEADLINE_METRICS.find((h) => snakeCase(h.path.split(".")[1]!) === column);
  if (headline) return headline.kind;
  if (
    COUNT.has(column) || column.startsWith("num_") || column.endsWith("_bars") || /_(runs|windows)$/.test(column)
  ) return "int";
  if (PCT.has(column)) return "pct";
  if (MONEY.has(column) || /pnl|profit|loss|win$|expectancy$/.test(column)) return "money";
  if (column.endsWith("_ms")) return "duration";
  return "number";
}

/**
 * A backtest or a study as `deno task runs` shows it: the fields both
 * tables share, numbers by snake_case name.
 *
 * @example
 * ```ts
 * import type { HistoryEntry } from "./runs.ts";
 * const label = (e: HistoryEntry) => `${e.kind} ${e.name}`;
 * console.log(typeof label);
 * ```
 */
export interface HistoryEntry extends StoredProvenance {
  readonly kind: EntryKind;
  readonly runId: string;
  /** ISO-8601 UTC. */
  readonly recordedAt: string;
  /** The config name (a backtest, a study on its own) or `job/study`. */
  readonly name: string;
  readonly configFile: string | null;
  readonly configSha256: string;
  readonly gitRevision: string | null;
  /** A backtest's strategy and a job study's kind; "" otherwise. */
  readonly detail: string;
  /** A backtest's params as JSON; "" for a study. */
  readonly params: string;
  /** Comma-separated; "" when the config takes every symbol of its data (a study without `data.symbols`). */
  readonly symbols: string;
  readonly firstBar: string | null;
  readonly lastBar: string | null;
  readonly outputDir: string;
  readonly values: Readonly<Record<string, number>>;
}

/**
 * A backtest of the `runs` table as an entry.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { backtestEntry } from "./runs.ts";
 * const e = backtestEntry({
 *   runId: "r1", recordedAt: "2025-01-02T03:04:05Z", configName: "demo", configFile: null, configSha256: "ab",
 *   gitRevision: null, strategy: "idle", params: "{}", symbols: "A", firstBar: null, lastBar: null, outputDir: "o",
 *   values: {}, codeSha256: null, codeUncommitted: null, codeFiles: null, codeUncommittedFiles: null,
 *   dataSha256: null, dataFiles: null, dataQueries: null,
 * });
 * assert.deepEqual([e.kind, e.name, e.detail], ["backtest", "demo", "idle"]);
 * ```
 */
export function backtestEntry(r: StoredRun): HistoryEntry {
  const { configName, strategy, ...rest } = r;
  return { ...rest, kind: "backtest", name: configName, detail: strategy };
}

/**
 * A study of the `study_runs` table as an entry: a job's study is of kind
 * `job`, named `job/study`; its numbers are renamed to snake_case, as the
 * backtests' are.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { studyEntry } from "./runs.ts";
 * const e = studyEntry({
 *   runId: "s1", recordedAtMs: Date.UTC(2025, 0, 2), job: "nightly", study: "wf", kind: "walkforward",
 *   configFile: "c.ts", configSha256: "ab", gitRevision: null, outputDir: "o", values: { oosSharpe: 1.5 },
 *   symbols: ["A", "B"], codeSha256: null, codeUncommitted: null, codeFiles: null, codeUncommittedFiles: null,
 *   dataSha256: null, dataFiles: null, dataQueries: null,
 * });
 * assert.deepEqual([e.kind, e.name, e.detail, e.symbols, e.values.oos_sharpe], ["job", "nightly/wf", "walkforward", "A,B", 1.5]);
 * assert.equal(e.recordedAt, "2025-01-02T00:00:00Z");
 * ```
 */
export function studyEntry(s: StoredStudyRun): HistoryEntry {
  return {
    kind: s.job === null ? s.kind : "job",
    runId: s.runId,
    recordedAt: new Date(Math.floor(s.recordedAtMs / 1000) * 1000).toISOString().replace(/\.000Z$/, "Z"),
    name: s.job === null ? s.study : `${s.job}/${s.study}`,
    configFile: s.configFile,
    configSha256: s.configSha256,
    gitRevision: s.gitRevision,
    detail: s.job === null ? "" : s.kind,
    params: "",
    symbols: s.symbols?.join(",") ?? "",
    firstBar: null,
    lastBar: null,
    outputDir: s.outputDir,
    values: Object.fromEntries(Object.entries(s.values).map(([k, v]) => [snakeCase(k), v])),
    codeSha256: s.codeSha256,
    codeUncommitted: s.codeUncommitted,
    codeFiles: s.codeFiles,
    codeUncommittedFiles: s.codeUncommittedFiles,
    dataSha256: s.dataSha256,
    dataFiles: s.dataFiles,
    dataQueries: s.dataQueries,
  };
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
/** The first value of `keys` an entry has (a backtest's `total_return`, a walk-forward's `oos_total_return`). */
const pickValue = (e: HistoryEntry, ...keys: string[]) => {
  for (const k of keys) if (e.values[k] !== undefined) return e.values[k]!;
  return NaN;
};
/** `A,B,C +97` for a long list; `(all)` for a study that takes every symbol of its data. */
function symbolsCell(e: HistoryEntry): string {
  if (e.symbols === "") return e.kind === "backtest" ? "" : "(all)";
  const list = e.symbols.split(",");
  return list.length <= 3 ? e.symbols : `${list.slice(0, 3).join(",")} +${list.length - 3}`;
}
/** The code fingerprint's first 8 digits, `*` when uncommitted, `?` when unknown; `—` when not recorded. */
function codeCell(e: HistoryEntry): string {
  if (e.codeSha256 === null) return "—";
  return `${e.codeSha256.slice(0, 8)}${e.codeUncommitted === true ? "*" : e.codeUncommitted === null ? "?" : ""}`;
}
const dataCell = (e: HistoryEntry) => (e.dataSha256 === null ? "—" : e.dataSha256.slice(0, 8));

/**
 * The list of runs as a table.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { backtestEntry, formatRunList } from "./runs.ts";
 * const text = formatRunList([backtestEntry({
 *   runId: "0123456789", recordedAt: "2025-01-02T03:04:05Z", configName: "demo", configFile: null, configSha256: "ab",
 *   gitRevision: "abcdef1234", strategy: "idle", params: "{}", symbols: "A,B,C,D", firstBar: null, lastBar: null,
 *   outputDir: "out/demo/runs/20250102T030405.000Z-1a2b3c4d5e6f",
 *   values: { total_return: 0.1, sharpe: 1.5, max_drawdown: -0.05, trades: 3, cagr: NaN },
 *   codeSha256: "c0de".repeat(16), codeUncommitted: true, codeFiles: [], codeUncommittedFiles: ["a.ts"],
 *   dataSha256: "da7a".repeat(16), dataFiles: [], dataQueries: [],
 * })]);
 * assert.match(text, /^run +recorded \(UTC\) +kind +config +params +return +CAGR +Sharpe +max DD +trades +symbols +data +code +git$/m);
 * assert.match(text, /01234567 +2025-01-02 03:04:05 +backtest +demo +\{\} +10\.00% +— +1\.50 +-5\.00% +3 +A,B,C \+1 +da7ada7a +c0dec0de\* +abcdef1/);
 * ```
 */
export function formatRunList(entries: readonly HistoryEntry[]): string {
  const rows = [[
    "run",
    "recorded (UTC)",
    "kind",
    "config",
    "params",
    "return",
    "CAGR",
    "Sharpe",
    "max DD",
    "trades",
    "symbols",
    "data",
    "code",
    "git",
  ]];
  for (const e of entries) {
    rows.push([
      short(e.runId),
      when(e.recordedAt),
      e.kind,
      e.name,
      e.params,
      displayValue(pickValue(e, "total_return", "oos_total_return"), "pct"),
      displayValue(pickValue(e, "cagr", "oos_cagr"), "pct"),
      displayValue(pickValue(e, "sharpe", "oos_sharpe"), "ratio"),
      displayValue(pickValue(e, "max_drawdown", "oos_max_drawdown"), "pct"),
      displayValue(pickValue(e, "trades", "num_trades", "oos_num_trades"), "int"),
      symbolsCell(e),
      dataCell(e),
      codeCell(e),
      (e.gitRevision ?? "").slice(0, 7),
    ]);
  }
  return table(rows, [0, 1, 2, 3, 4, 10, 11, 12, 13]);
}

/**
 * The files of two fingerprints that differ: `changed`, `only in A`, `only
 * in B`, by path.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fileDifferences } from "./runs.ts";
 * const a = [{ path: "a.ts", sha256: "1" }, { path: "b.ts", sha256: "2" }, { path: "c.ts", sha256: "3" }];
 * const b = [{ path: "a.ts", sha256: "1" }, { path: "b.ts", sha256: "9" }, { path: "d.ts", sha256: "4" }];
 * assert.deepEqual(fileDifferences(a, b), [["b.ts", "changed"], ["c.ts", "only in A"], ["d.ts", "only in B"]]);
 * ```
 */
export function fileDifferences(
  a: readonly { readonly path: string; readonly sha256: string }[],
  b: readonly { readonly path: string; readonly sha256: string }[],
): [string, string][] {
  const ma = new Map(a.map((f) => [f.path, f.sha256]));
  const mb = new Map(b.map((f) => [f.path, f.sha256]));
  const out: [string, string][] = [];
  for (const p of [...new Set([...ma.keys(), ...mb.keys()])].sort()) {
    const x = ma.get(p), y = mb.get(p);
    if (x === y) continue;
    out.push([p, x === undefined ? "only in B" : y === undefined ? "only in A" : "changed"]);
  }
  return out;
}

/** How many uncommitted files a comparison lists per run. */
const MAX_LISTED = 10;

/** `same`, `differs`, or `not recorded` when either side lacks the value. */
const sameness = (x: string | null, y: string | null) =>
  x === null || y === null ? "not recorded" : x === y ? "same" : "differs";

/**
 * Two runs side by side: what ran, then which code files, data files and
 * config differ, then every number with `B − A` (percentage points for
 * percentages).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { backtestEntry, formatComparison } from "./runs.ts";
 * const run = (id: string, sharpe: number, ret: number, lib: string) => backtestEntry({
 *   runId: id, recordedAt: "2025-01-02T03:04:05Z", configName: "demo", configFile: "configs/demo.ts", configSha256: id,
 *   gitRevision: null, strategy: "idle", params: "{}", symbols: "A", firstBar: null, lastBar: null,
 *   outputDir: "out/demo/runs/20250102T030405.000Z-1a2b3c4d5e6f", values: { sharpe, total_return: ret },
 *   codeSha256: lib, codeUncommitted: false, codeUncommittedFiles: [],
 *   codeFiles: [{ path: "configs/demo.ts", sha256: "1" }, { path: "lib.ts", sha256: lib }],
 *   dataSha256: "d", dataFiles: [{ path: "a.csv", bytes: 3, sha256: "d" }], dataQueries: [],
 * });
 * const text = formatComparison(run("aaaaaaaa1", 1, 0.1, "x"), run("bbbbbbbb2", 1.5, 0.12, "y"));
 * assert.match(text, /^code +x +y +differs$/m);
 * assert.match(text, /^ +lib\.ts +changed$/m);
 * assert.match(text, /^data +d +d +same$/m);
 * assert.match(text, /sharpe +1\.00 +1\.50 +\+0\.50/);
 * assert.match(text, /total_return +10\.00% +12\.00% +\+2\.00 pp/);
 * ```
 */
export function formatComparison(a: HistoryEntry, b: HistoryEntry): string {
  const codeShown = (e: HistoryEntry) =>
    e.codeSha256 === null
      ? "not recorded"
      : `${e.codeSha256.slice(0, 12)}${
        e.codeUncommitted === true ? " (uncommitted)" : e.codeUncommitted === null ? " (commit state unknown)" : ""
      }`;
  const head = [
    ["", `A ${short(a.runId)}`, `B ${short(b.runId)}`, ""],
    ["recorded (UTC)", when(a.recordedAt), when(b.recordedAt), ""],
    [
      "kind",
      a.kind + (a.detail && a.kind === "job" ? ` (${a.detail})` : ""),
      b.kind + (b.detail && b.kind === "job" ? ` (${b.detail})` : ""),
      a.kind === b.kind && a.detail === b.detail ? "" : "differs",
    ],
    ["config", a.name, b.name, a.name === b.name ? "" : "differs"],
    ["config file", a.configFile ?? "", b.configFile ?? "", ""],
    [
      "config sha256",
      a.configSha256.slice(0, 12),
      b.configSha256.slice(0, 12),
      sameness(a.configSha256, b.configSha256),
    ],
    ["code", codeShown(a), codeShown(b), sameness(a.codeSha256, b.codeSha256)],
    [
      "data",
      a.dataSha256?.slice(0, 12) ?? "not recorded",
      b.dataSha256?.slice(0, 12) ?? "not recorded",
      sameness(a.dataSha256, b.dataSha256),
    ],
    [
      "git",
      (a.gitRevision ?? "").slice(0, 12),
      (b.gitRevision ?? "").slice(0, 12),
      a.gitRevision === b.gitRevision ? "same" : "differs",
    ],
    ["strategy", a.kind === "backtest" ? a.detail : "", b.kind === "backtest" ? b.detail : "", ""],
    ["params", a.params, b.params, a.params === b.params ? "same" : "differs"],
    ["symbols", a.symbols || symbolsCell(a), b.symbols || symbolsCell(b), a.symbols === b.symbols ? "same" : "differs"],
    ["period", `${when(a.firstBar)} → ${when(a.lastBar)}`, `${when(b.firstBar)} → ${when(b.lastBar)}`, ""],
    ["output", a.outputDir, b.outputDir, ""],
  ];
  const sections = [table(head, [0, 1, 2, 3])];
  // which files differ: the code's and the data's, and what each run had uncommitted
  const detail: string[][] = [];
  if (a.codeFiles !== null && b.codeFiles !== null && a.codeSha256 !== b.codeSha256) {
    detail.push(
      ["code files that differ", ""],
      ...fileDifferences(a.codeFiles, b.codeFiles).map(([p, w]) => [`  ${p}`, w]),
    );
  }
  const ua = a.codeUncommittedFiles ?? [], ub = b.codeUncommittedFiles ?? [];
  const both = ua.length > 0 && ua.join("\n") === ub.join("\n");
  for (const [label, list] of both ? [["A and B", ua]] as const : [["A", ua], ["B", ub]] as const) {
    if (list.length === 0) continue;
    detail.push([`uncommitted in ${label}`, ""], ...list.slice(0, MAX_LISTED).map((p) => [`  ${p}`, ""]));
    if (list.length > MAX_LISTED) detail.push([`  … ${list.length - MAX_LISTED} more`, ""]);
  }
  if (a.dataFiles !== null && b.dataFiles !== null && a.dataSha256 !== b.dataSha256) {
    detail.push(
      ["data files that differ", ""],
      ...fileDifferences(a.dataFiles, b.dataFiles).map(([p, w]) => [`  ${p}`, w]),
    );
    const qa = (a.dataQueries ?? []).join("\n"), qb = (b.dataQueries ?? []).join("\n");
    if (qa !== qb) detail.push(["  (query)", "changed"]);
  }
  if (detail.length > 0) sections.push(table(detail, [0]));
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
  sections.push(table([["metric", "A", "B", "B − A"], ...nums]));
  return sections.join("\n\n");
}

/** The run a selector names among `entries` (most recent first). */
function pick(entries: readonly HistoryEntry[], selector: string): HistoryEntry {
  const n = /^#(\d+)$/.exec(selector);
  if (n) {
    const run = entries[Number(n[1]) - 1];
    if (!run) throw new UsageError(`there is no run ${selector}: the list has ${entries.length}`);
    return run;
  }
  const found = entries.filter((r) => r.runId.startsWith(selector));
  if (found.length === 0) throw new UsageError(`no run id starts with "${selector}"`);
  if (found.length > 1) {
    throw new UsageError(`"${selector}" is ambiguous: ${found.slice(0, 5).map((r) => short(r.runId)).join(", ")}…`);
  }
  return found[0]!;
}

/** `--kind backtest,grid` → the kinds, or a usage error naming the unknown one. */
function parseKinds(text: string | undefined): Set<EntryKind> | null {
  if (text === undefined) return null;
  const list = text.split(",").map((k) => k.trim()).filter(Boolean);
  if (list.length === 0) throw new UsageError(`--kind needs one of ${KINDS.join(", ")}`);
  for (const k of list) {
    if (!KINDS.includes(k as EntryKind)) {
      throw new UsageError(`--kind: unknown kind "${k}"; expected ${KINDS.join(", ")}`);
    }
  }
  return new Set(list as EntryKind[]);
}

/** Every backtest and study in `db`, most recent first (ties by run id). */
async function listEntries(db: string): Promise<HistoryEntry[]> {
  let runs: StoredRun[] = [];
  try {
    runs = await listRuns(db);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    if (/does not exist/.test(msg) && !/Table with name/i.test(msg)) {
      throw new UsageError(`no results database at "${db}": no run has been recorded there yet`);
    }
    if (!/Table with name runs does not exist/i.test(msg)) throw e;
  }
  const studies = await listStudyRuns(db);
  const all = [...runs.map(backtestEntry), ...studies.map(studyEntry)];
  // ISO-8601 UTC sorts as text; the study table keeps microseconds, the listing seconds: ties by run id
  const at = new Map<HistoryEntry, number>();
  runs.forEach((r, i) => at.set(all[i]!, Date.parse(r.recordedAt)));
  studies.forEach((s, i) => at.set(all[runs.length + i]!, s.recordedAtMs));
  return all.sort((x, y) => at.get(y)! - at.get(x)! || (x.runId < y.runId ? -1 : x.runId > y.runId ? 1 : 0));
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
        kind: { type: "string" },
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
  const kinds = parseKinds(values.kind);
  if (values.compare ? positionals.length !== 2 : positionals.length !== 0) {
    throw new UsageError(
      values.compare ? "--compare takes two runs, e.g. --compare #2 #1" : `unexpected argument ${positionals[0]}`,
    );
  }
  const name = values.config;
  const entries = (await listEntries(values.db)).filter((e) =>
    (kinds === null || kinds.has(e.kind)) &&
    (name === undefined || e.name === name || e.name.startsWith(`${name}/`) || e.name.endsWith(`/${name}`))
  );
  if (values.compare) {
    const [a, b] = [pick(entries, positionals[0]!), pick(entries, positionals[1]!)];
    console.log(formatComparison(a, b));
    return 0;
  }
  if (entries.length === 0) {
    console.log(`no runs recorded in ${values.db}${kinds !== null || name !== undefined ? " that match" : ""}`);
    return 0;
  }
  console.log(formatRunList(entries.slice(0, limit)));
  if (entries.length > limit) console.log(`(${limit} most recent of ${entries.length}; --limit N for more)`);
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
