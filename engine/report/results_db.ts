/**
 * The results history: every run appended as one row of the `runs` table in
 * a DuckDB file (`out/results.duckdb` by default, `output.resultsDb`).
 *
 * A row holds the run id, when it was recorded, the config name, file and a
 * sha256 of the resolved config, the git revision, the strategy and its
 * params, the symbols and period, the output directory, and every headline
 * number: the run's summary and all its {@linkcode Metrics} (snake_case
 * columns, DOUBLE; an undefined metric is NULL, an infinite one `inf`).
 * Columns for metrics added later are added to old files as they appear.
 *
 * What tells two runs apart beyond the config: the fingerprint of the code
 * (`code_sha256`, `code_uncommitted`, and `code_files`, JSON of every local
 * module the config imports with its sha256: see code_fingerprint.ts) and of
 * the data (`data_sha256`, and `data_files`, JSON of every file read with its
 * size and sha256: see data_fingerprint.ts). A file written before these
 * columns existed gets them (NULL in its old rows) with its next record;
 * reading it before then reads them as NULL.
 *
 * **Concurrency.** DuckDB lets one process at a time open a file for
 * writing. {@linkcode appendRun} opens the file, writes its row in one
 * transaction and closes it at once; while another process holds the file it
 * retries with exponential backoff (jittered by the run id, so two waiting
 * writers do not retry in step) until `timeoutMs`. A record is never
 * half-written: DuckDB's write-ahead log makes the transaction all or
 * nothing. Readers ({@linkcode listRuns}) open the file read-only and retry
 * the same way.
 *
 * Native DuckDB writes the file outside Deno's permissions, so callers check
 * write permission first ({@linkcode resultsDbWritable}), and whether the
 * file is usable ({@linkcode checkResultsDb}), before a run: a run that
 * cannot be recorded fails before it writes anything.
 *
 * @module
 */
import { dirname } from "node:path";
import { serializableConfig } from "../config/parse_config.ts";
import { openDatabaseFile, type SqlEngine } from "../data/sql_engine.ts";
import type { BacktestResult } from "../result.ts";
import { sha256Hex } from "../sha256_hex.ts";
import type { Analysis } from "./analyze_result.ts";
import type { CodeFingerprint } from "./code_fingerprint.ts";
import { type DataFingerprint, dataSectionsOf } from "./data_fingerprint.ts";
import type { DataConfig } from "../data/config.ts";

/**
 * One run as the history records it (see {@linkcode runRecord}).
 *
 * @example
 * ```ts
 * import type { RunRecord } from "./results_db.ts";
 * const sharpe = (r: RunRecord) => r.values.sharpe ?? NaN;
 * console.log(typeof sharpe);
 * ```
 */
export interface RunRecord {
  /** A unique id (a random UUID: the history is not a result file, so it need not be reproducible). */
  readonly runId: string;
  /** When the run was recorded, epoch ms. */
  readonly recordedAtMs: number;
  readonly configName: string;
  /** The config file as given on the command line; null when unknown. */
  readonly configFile: string | null;
  /** sha256 (hex) of the resolved config without its `output` section: see {@linkcode configSha256}. */
  readonly configSha256: string;
  /** The git commit of the config's repository; null outside one. */
  readonly gitRevision: string | null;
  readonly strategy: string;
  /** The strategy params as JSON text. */
  readonly params: string;
  readonly symbols: readonly string[];
  readonly firstBarMs: number;
  readonly lastBarMs: number;
  /** The run's own directory (`<root>/runs/<run id>`), which later runs do not overwrite. */
  readonly outputDir: string;
  /** Headline numbers by snake_case column name. */
  readonly values: Readonly<Record<string, number>>;
  /** The fingerprint of the code the config imports; null or absent when not taken. */
  readonly code?: CodeFingerprint | null;
  /** The fingerprint of the data the run read; null or absent when not taken. */
  readonly data?: DataFingerprint | null;
  /**
   * The data sections the run read (not stored: what the data fingerprint is
   * taken of, by a caller that cannot load the config itself).
   */
  readonly dataSections?: readonly DataConfig[];
}

/** Columns added after the first version of the table: added to an old file by {@linkcode appendRun}. */
const PROVENANCE_COLUMNS = [
  ["code_sha256", "VARCHAR"],
  ["code_uncommitted", "BOOLEAN"],
  ["code_files", "VARCHAR"],
  ["data_sha256", "VARCHAR"],
  ["data_files", "VARCHAR"],
] as const;

/**
 * The SQL values of the provenance columns of a record (`code_sha256`,
 * `code_uncommitted`, `code_files`, `data_sha256`, `data_files`), shared by
 * the `runs` and `study_runs` tables.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { provenanceValues } from "./results_db.ts";
 * assert.deepEqual(provenanceValues(null, undefined), ["NULL", "NULL", "NULL", "NULL", "NULL"]);
 * ```
 */
export function provenanceValues(
  code: CodeFingerprint | null | undefined,
  data: DataFingerprint | null | undefined,
): string[] {
  return [
    sqlText(code?.sha256 ?? null),
    code == null || code.uncommitted === null ? "NULL" : String(code.uncommitted),
    sqlText(
      code == null
        ? null
        : JSON.stringify({ files: code.files, uncommittedFiles: code.uncommittedFiles, notFollowed: code.notFollowed }),
    ),
    sqlText(data?.sha256 ?? null),
    sqlText(data == null ? null : JSON.stringify({ files: data.files, queries: data.queries })),
  ];
}

/**
 * The provenance of a stored run or study: its code and data fingerprints
 * as read back (null where not recorded, e.g. rows written by an older
 * version).
 *
 * @example
 * ```ts
 * import type { StoredProvenance } from "./results_db.ts";
 * const dirty = (p: StoredProvenance) => p.codeUncommitted === true;
 * console.log(typeof dirty);
 * ```
 */
export interface StoredProvenance {
  readonly codeSha256: string | null;
  readonly codeUncommitted: boolean | null;
  readonly codeFiles: readonly { readonly path: string; readonly sha256: string }[] | null;
  readonly codeUncommittedFiles: readonly string[] | null;
  readonly dataSha256: string | null;
  readonly dataFiles: readonly { readonly path: string; readonly bytes: number; readonly sha256: string }[] | null;
  readonly dataQueries: readonly string[] | null;
}

/**
 * The SELECT expressions of the provenance columns, NULL for those a file
 * does not have yet (a file an older version wrote).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { provenanceSelect } from "./results_db.ts";
 * assert.deepEqual(provenanceSelect(new Set(["code_sha256"])).slice(0, 2), ["code_sha256", "NULL::BOOLEAN"]);
 * ```
 */
export function provenanceSelect(have: ReadonlySet<string>): string[] {
  return PROVENANCE_COLUMNS.map(([c, t]) => (have.has(c) ? c : `NULL::${t}`));
}

/**
 * Read back the provenance from the 5 values {@linkcode provenanceSelect} selected.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { provenanceOf } from "./results_db.ts";
 * const p = provenanceOf(["ab", true, '{"files":[{"path":"c.ts","sha256":"1"}],"uncommittedFiles":["c.ts"]}', null, null]);
 * assert.deepEqual([p.codeSha256, p.codeUncommitted, p.codeUncommittedFiles, p.dataSha256], ["ab", true, ["c.ts"], null]);
 * ```
 */
export function provenanceOf(row: readonly unknown[]): StoredProvenance {
  const json = <T>(v: unknown): T | null => {
    if (v === null || v === undefined) return null;
    try {
      return JSON.parse(String(v)) as T;
    } catch {
      return null;
    }
  };
  const code = json<{ files?: StoredProvenance["codeFiles"]; uncommittedFiles?: string[] }>(row[2]);
  const data = json<{ files?: StoredProvenance["dataFiles"]; queries?: string[] }>(row[4]);
  return {
    codeSha256: row[0] == null ? null : String(row[0]),
    codeUncommitted: row[1] == null ? null : Boolean(row[1]),
    codeFiles: code?.files ?? null,
    codeUncommittedFiles: code?.uncommittedFiles ?? null,
    dataSha256: row[3] == null ? null : String(row[3]),
    dataFiles: data?.files ?? null,
    dataQueries: data?.queries ?? null,
  };
}

/**
 * Add the provenance columns a table lacks (a file written by an older version).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { openDatabaseFile } from "../data/sql_engine.ts";
 * import { addProvenanceColumns, columnsOf } from "./results_db.ts";
 * const dir = await Deno.makeTempDir();
 * const db = await openDatabaseFile(`${dir}/r.duckdb`, { readOnly: false });
 * await db.exec("CREATE TABLE t (id VARCHAR)");
 * await addProvenanceColumns(db, "t");
 * assert.ok((await columnsOf(db, "t")).has("code_sha256"));
 * db.close();
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function addProvenanceColumns(db: SqlEngine, table: string): Promise<void> {
  const have = await columnsOf(db, table);
  for (const [c, t] of PROVENANCE_COLUMNS) if (!have.has(c)) await db.exec(`ALTER TABLE ${table} ADD COLUMN ${c} ${t}`);
}

/**
 * The columns a table has (empty when there is no such table).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { openDatabaseFile } from "../data/sql_engine.ts";
 * import { columnsOf } from "./results_db.ts";
 * const dir = await Deno.makeTempDir();
 * const db = await openDatabaseFile(`${dir}/r.duckdb`, { readOnly: false });
 * assert.equal((await columnsOf(db, "runs")).size, 0);
 * db.close();
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function columnsOf(db: SqlEngine, table: string): Promise<Set<string>> {
  return new Set(
    (await db.queryRows(`SELECT column_name FROM information_schema.columns WHERE table_name = ${sqlText(table)}`))
      .map(([c]) => String(c)),
  );
}

/**
 * The provenance columns and their types, as {@linkcode checkDatabaseFile} checks them when present.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { PROVENANCE_TYPES } from "./results_db.ts";
 * assert.equal(PROVENANCE_TYPES.code_uncommitted, "BOOLEAN");
 * ```
 */
export const PROVENANCE_TYPES: Readonly<Record<string, string>> = Object.fromEntries(PROVENANCE_COLUMNS);

/** The columns of every run besides its numbers, in table order. */
const TEXT_COLUMNS = [
  ["run_id", "VARCHAR PRIMARY KEY"],
  ["recorded_at", "TIMESTAMP"],
  ["config_name", "VARCHAR"],
  ["config_file", "VARCHAR"],
  ["config_sha256", "VARCHAR"],
  ["git_revision", "VARCHAR"],
  ["strategy", "VARCHAR"],
  ["params", "VARCHAR"],
  ["symbols", "VARCHAR"],
  ["first_bar", "TIMESTAMP"],
  ["last_bar", "TIMESTAMP"],
  ["output_dir", "VARCHAR"],
] as const;

/** Summary fields recorded with the metrics. */
const SUMMARY_KEYS = [
  "initialCash",
  "finalEquity",
  "finalCash",
  "totalFees",
  "borrowCost",
  "realizedPnl",
  "unrealizedPnl",
  "bars",
  "trades",
  "fills",
  "denials",
  "resizes",
  "breakerTrips",
  "openPositions",
] as const;

/**
 * `camelCase` → `snake_case`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { snakeCase } from "./results_db.ts";
 * assert.equal(snakeCase("maxDrawdownDurationMs"), "max_drawdown_duration_ms");
 * assert.equal(snakeCase("expectancyR"), "expectancy_r");
 * ```
 */
export function snakeCase(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/**
 * sha256 (hex) of the resolved config as JSON, without its `output` section
 * (where results go does not change them): the strategy by name and params,
 * and every other section with its defaults filled in. Two runs with the
 * same hash simulated the same thing, up to the strategy's code and data.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseConfig } from "../config/parse_config.ts";
 * import { defineStrategy } from "../strategy/types.ts";
 * import { z } from "zod";
 * import { configSha256 } from "./results_db.ts";
 * const idle = defineStrategy({ name: "idle", params: z.strictObject({}), create: () => ({ onBar: () => {} }) });
 * const base = { name: "x", data: { source: "x.csv" }, capital: 100, strategy: { use: idle, params: {} }, risk: { sizing: { kind: "fixedQty", qty: 1 } } } as const;
 * const a = await configSha256(parseConfig({ ...base, output: { dir: "out/a" } }, { file: "inline" }));
 * const b = await configSha256(parseConfig({ ...base, output: { dir: "out/b" } }, { file: "inline" }));
 * const c = await configSha256(parseConfig({ ...base, capital: 200 }, { file: "inline" }));
 * assert.ok(a === b && a !== c && /^[0-9a-f]{64}$/.test(a));
 * ```
 */
export async function configSha256(config: BacktestResult["config"]): Promise<string> {
  const { output: _output, ...rest } = serializableConfig(config);
  return await sha256Hex(new TextEncoder().encode(JSON.stringify(rest)));
}

/**
 * The history row of a run.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { runBacktest } from "../backtest.ts";
 * import { parseConfig } from "../config/parse_config.ts";
 * import { frameFromRows } from "../data/bar_frame.ts";
 * import { defineStrategy } from "../strategy/types.ts";
 * import { z } from "zod";
 * import { analyzeResult } from "./analyze_result.ts";
 * import { runRecord } from "./results_db.ts";
 * const idle = defineStrategy({ name: "idle", params: z.strictObject({}), create: () => ({ onBar: () => {} }) });
 * const frame = frameFromRows([{ symbol: "A", tsMs: 0, open: 1, high: 1, low: 1, close: 1 }], 86_400_000);
 * const config = parseConfig({
 *   name: "idle", data: { source: "x.csv" }, capital: 100,
 *   strategy: { use: idle, params: {} }, risk: { sizing: { kind: "fixedQty", qty: 1 } },
 * }, { file: "inline" });
 * const r = runBacktest(config, frame);
 * const record = await runRecord(r, analyzeResult(r), {
 *   runId: "run-1", recordedAtMs: 0, configFile: "idle.ts", gitRevision: null, outputDir: "out/idle",
 * });
 * assert.equal(record.values.final_equity, 100);
 * assert.equal(record.values.num_trades, 0);
 * assert.equal(record.params, "{}");
 * ```
 */
export async function runRecord(
  r: BacktestResult,
  a: Analysis,
  info: {
    readonly runId: string;
    readonly recordedAtMs: number;
    readonly configFile: string | null;
    readonly gitRevision: string | null;
    readonly outputDir: string;
  },
): Promise<RunRecord> {
  const values: Record<string, number> = {};
  for (const k of SUMMARY_KEYS) values[snakeCase(k)] = r.summary[k];
  for (const [k, v] of Object.entries(a.metrics)) {
    if (k.endsWith("TimeMs") || k.endsWith("Index") || k === "bars") continue;
    // the trade statistics' fees cover closed trades only; the summary's cover every fill
    values[k === "totalFees" ? "closed_trade_fees" : snakeCase(k)] = v;
  }
  values.risk_free = a.riskFree;
  // against the benchmark: the relative metrics (alpha, beta, …) and the benchmark's own headline numbers
  if (a.benchmark) {
    for (const [k, v] of Object.entries(a.benchmark.relative)) {
      if (typeof v === "number") values[k === "periods" ? "benchmark_periods" : snakeCase(k)] = v;
    }
    for (const k of ["totalReturn", "cagr", "sharpe", "maxDrawdown", "annualVolatility"] as const) {
      values[`benchmark_${snakeCase(k)}`] = a.benchmark.metrics[k];
    }
  }
  return {
    ...info,
    configName: r.config.name,
    configSha256: await configSha256(r.config),
    strategy: r.config.strategy.use.name,
    params: JSON.stringify(r.config.strategy.params),
    symbols: r.symbols,
    firstBarMs: r.summary.firstBarMs,
    lastBarMs: r.summary.lastBarMs,
    values,
    dataSections: dataSectionsOf(r.config),
  };
}

const sqlText = (s: string | null) => (s === null ? "NULL" : `'${s.replaceAll("'", "''")}'`);
const sqlTime = (ms: number) => Number.isFinite(ms) ? `make_timestamp(${Math.round(ms * 1000)}::BIGINT)` : "NULL";
/**
 * A double as SQL that reads back bit for bit. A bare literal such as
 * `0.30000000000000004` is parsed as a DECIMAL first and can come back one
 * ulp off; a string cast to DOUBLE is parsed as a double directly.
 */
const sqlDouble = (x: number) =>
  Number.isNaN(x)
    ? "NULL"
    : x === Infinity
    ? "'inf'::DOUBLE"
    : x === -Infinity
    ? "'-inf'::DOUBLE"
    : `'${String(x)}'::DOUBLE`;
const COLUMN = /^[a-z][a-z0-9_]*$/;

/**
 * Options of {@linkcode appendRun} and {@linkcode listRuns}.
 *
 * @example
 * ```ts
 * import type { ResultsDbOptions } from "./results_db.ts";
 * const opts: ResultsDbOptions = { timeoutMs: 5_000, onWait: (n, ms) => console.log(`waiting ${ms} ms (${n})`) };
 * console.log(opts.timeoutMs);
 * ```
 */
export interface ResultsDbOptions {
  /** Give up waiting for another process's lock after this long; 60 s by default. */
  readonly timeoutMs?: number;
  /** Called before each wait for a lock, with the attempt number and the delay. */
  readonly onWait?: (attempt: number, delayMs: number) => void;
}

/** An error DuckDB gives when another process holds the file. */
const isLockError = (e: unknown) => e instanceof Error && /lock/i.test(e.message);

/** A deterministic jitter in [0.5, 1.5) from the run id and attempt, so two waiting writers drift apart. */
function jitter(seed: string, attempt: number): number {
  let h = 2166136261 ^ attempt;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 16777619);
  return 0.5 + ((h >>> 0) % 1000) / 1000;
}

/** Open `path` (read-only or not), retrying while another process holds its lock, run `use`, close it. */
export async function withDatabase<T>(
  path: string,
  readOnly: boolean,
  seed: string,
  opts: ResultsDbOptions,
  use: (db: SqlEngine) => Promise<T>,
): Promise<T> {
  const deadline = performance.now() + (opts.timeoutMs ?? 60_000);
  for (let attempt = 1;; attempt++) {
    let db: SqlEngine;
    try {
      db = await openDatabaseFile(path, { readOnly });
    } catch (e) {
      if (!isLockError(e)) throw e;
      const delay = Math.min(1000, 10 * 2 ** Math.min(attempt, 10)) * jitter(seed, attempt);
      if (performance.now() + delay > deadline) {
        throw new Error(`${path} stayed locked by another process for ${opts.timeoutMs ?? 60_000} ms`, { cause: e });
      }
      opts.onWait?.(attempt, delay);
      await new Promise((r) => setTimeout(r, delay));
      continue;
    }
    try {
      return await use(db);
    } finally {
      db.close();
    }
  }
}

/**
 * Append a run to the history in `path` (creating the file, its directory
 * and its table when missing), waiting for other writers as described in the
 * module doc.
 *
 * @throws {Error} when the file stays locked past `timeoutMs`, or DuckDB fails (e.g. the file is not a DuckDB database).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { appendRun, listRuns } from "./results_db.ts";
 * const dir = await Deno.makeTempDir();
 * await appendRun(`${dir}/r.duckdb`, {
 *   runId: "a1", recordedAtMs: Date.UTC(2025, 0, 1), configName: "demo", configFile: null, configSha256: "00",
 *   gitRevision: null, strategy: "idle", params: "{}", symbols: ["A"], firstBarMs: 0, lastBarMs: 86_400_000,
 *   outputDir: "out/demo", values: { sharpe: 1.25, profit_factor: Infinity, sortino: NaN },
 * });
 * const [run] = await listRuns(`${dir}/r.duckdb`);
 * assert.equal(run!.runId, "a1");
 * assert.equal(run!.recordedAt, "2025-01-01T00:00:00Z");
 * assert.deepEqual([run!.values.sharpe, run!.values.profit_factor, run!.values.sortino], [1.25, Infinity, NaN]);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function appendRun(path: string, record: RunRecord, opts: ResultsDbOptions = {}): Promise<void> {
  const numeric = Object.keys(record.values).filter((c) => COLUMN.test(c));
  await Deno.mkdir(dirname(path) || ".", { recursive: true });
  const columns: string[] = [...TEXT_COLUMNS.map(([c]) => c), ...PROVENANCE_COLUMNS.map(([c]) => c), ...numeric];
  const row = [
    sqlText(record.runId),
    sqlTime(record.recordedAtMs),
    sqlText(record.configName),
    sqlText(record.configFile),
    sqlText(record.configSha256),
    sqlText(record.gitRevision),
    sqlText(record.strategy),
    sqlText(record.params),
    sqlText(record.symbols.join(",")),
    sqlTime(record.firstBarMs),
    sqlTime(record.lastBarMs),
    sqlText(record.outputDir),
    ...provenanceValues(record.code, record.data),
    ...numeric.map((c) => sqlDouble(record.values[c]!)),
  ];
  await withDatabase(path, false, record.runId, opts, async (db) => {
    await db.exec("BEGIN TRANSACTION");
    try {
      const defs = [
        ...TEXT_COLUMNS.map(([c, t]) => `${c} ${t}`),
        ...PROVENANCE_COLUMNS.map(([c, t]) => `${c} ${t}`),
        ...numeric.map((c) => `${c} DOUBLE`),
      ];
      await db.exec(`CREATE TABLE IF NOT EXISTS runs (${defs.join(", ")})`);
      // a file written before a metric or the fingerprints existed gets its columns now (older rows hold NULL)
      await addProvenanceColumns(db, "runs");
      const have = await columnsOf(db, "runs");
      for (const c of numeric) if (!have.has(c)) await db.exec(`ALTER TABLE runs ADD COLUMN ${c} DOUBLE`);
      await db.exec(`INSERT INTO runs (${columns.join(", ")}) VALUES (${row.join(", ")})`);
      await db.exec("COMMIT");
    } catch (e) {
      await db.exec("ROLLBACK").catch(() => {});
      throw e;
    }
  });
}

/**
 * A run read back from the history (see {@linkcode listRuns}).
 *
 * @example
 * ```ts
 * import type { StoredRun } from "./results_db.ts";
 * const label = (r: StoredRun) => `${r.runId.slice(0, 8)} ${r.configName} ${r.params}`;
 * console.log(typeof label);
 * ```
 */
export interface StoredRun extends StoredProvenance {
  readonly runId: string;
  /** ISO-8601 UTC. */
  readonly recordedAt: string;
  readonly configName: string;
  readonly configFile: string | null;
  readonly configSha256: string;
  readonly gitRevision: string | null;
  readonly strategy: string;
  readonly params: string;
  readonly symbols: string;
  readonly firstBar: string | null;
  readonly lastBar: string | null;
  readonly outputDir: string;
  /** Every numeric column; NULL reads as NaN. */
  readonly values: Readonly<Record<string, number>>;
}

/**
 * Options of {@linkcode listRuns}.
 *
 * @example
 * ```ts
 * import type { ListRunsOptions } from "./results_db.ts";
 * const opts: ListRunsOptions = { limit: 10, configName: "sma_cross" };
 * console.log(opts.limit);
 * ```
 */
export interface ListRunsOptions extends ResultsDbOptions {
  /** Most recent first, at most this many; all by default. */
  readonly limit?: number;
  /** Only runs of this config name. */
  readonly configName?: string;
}

/**
 * Runs in the history at `path`, most recent first (ties by run id).
 *
 * @throws {Error} when the file does not exist (`database does not exist`) or stays locked past `timeoutMs`.
 *
 * @example Most recent first
 * ```ts
 * import assert from "node:assert/strict";
 * import { appendRun, listRuns, type RunRecord } from "./results_db.ts";
 * const dir = await Deno.makeTempDir();
 * const run = (runId: string, recordedAtMs: number): RunRecord => ({
 *   runId, recordedAtMs, configName: runId === "b" ? "other" : "demo", configFile: null, configSha256: "00",
 *   gitRevision: null, strategy: "idle", params: "{}", symbols: ["A"], firstBarMs: 0, lastBarMs: 0,
 *   outputDir: "out", values: { sharpe: 1 },
 * });
 * for (const [id, t] of [["a", 1000], ["b", 3000], ["c", 2000]] as const) await appendRun(`${dir}/r.duckdb`, run(id, t));
 * assert.deepEqual((await listRuns(`${dir}/r.duckdb`)).map((r) => r.runId), ["b", "c", "a"]);
 * assert.deepEqual((await listRuns(`${dir}/r.duckdb`, { configName: "demo", limit: 1 })).map((r) => r.runId), ["c"]);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function listRuns(path: string, opts: ListRunsOptions = {}): Promise<StoredRun[]> {
  return await withDatabase(path, true, path, opts, async (db) => {
    const described = await db.queryRows(
      "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'runs' ORDER BY ordinal_position",
    );
    const numeric = described.filter(([, t]) => t === "DOUBLE").map(([c]) => String(c)).filter((c) => COLUMN.test(c));
    const have = new Set(described.map(([c]) => String(c)));
    const time = (c: string) => `strftime(${c}, '%Y-%m-%dT%H:%M:%SZ')`;
    const select = [
      "run_id",
      time("recorded_at"),
      "config_name",
      "config_file",
      "config_sha256",
      "git_revision",
      "strategy",
      "params",
      "symbols",
      time("first_bar"),
      time("last_bar"),
      "output_dir",
      ...provenanceSelect(have),
      ...numeric.map((c) => `COALESCE(${c}, 'NaN'::DOUBLE)`),
    ];
    const where = opts.configName === undefined ? "" : ` WHERE config_name = ${sqlText(opts.configName)}`;
    const limit = opts.limit === undefined ? "" : ` LIMIT ${Math.max(0, Math.floor(opts.limit))}`;
    const rows = await db.queryRows(
      `SELECT ${select.join(", ")} FROM runs${where} ORDER BY recorded_at DESC, run_id${limit}`,
    );
    const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
    return rows.map((row) => ({
      runId: String(row[0]),
      recordedAt: String(row[1]),
      configName: String(row[2]),
      configFile: str(row[3]),
      configSha256: String(row[4]),
      gitRevision: str(row[5]),
      strategy: String(row[6]),
      params: String(row[7]),
      symbols: String(row[8]),
      firstBar: str(row[9]),
      lastBar: str(row[10]),
      outputDir: String(row[11]),
      ...provenanceOf(row.slice(12, 17)),
      values: Object.fromEntries(numeric.map((c, i) => [c, Number(row[17 + i])])),
    }));
  });
}

/**
 * Check, before a run, that a database file can take a record: when `path`
 * exists, that it is a DuckDB database this process can open for writing
 * (waiting for other writers as {@linkcode appendRun} does) and that its
 * `table`, if there, has the `columns` a record writes, of the same types;
 * when it does not exist yet, that it can be created (the nearest existing
 * folder on its path is a folder this process can create files in). Changes
 * nothing: an existing file keeps its bytes.
 *
 * @throws {Error} saying what is wrong.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkDatabaseFile } from "./results_db.ts";
 * const dir = await Deno.makeTempDir();
 * await checkDatabaseFile(`${dir}/new/r.duckdb`, "t", { id: "VARCHAR" }); // can be created
 * await Deno.writeTextFile(`${dir}/notes.txt`, "hello");
 * await assert.rejects(() => checkDatabaseFile(`${dir}/notes.txt`, "t", {}), /not a valid DuckDB database file/);
 * await assert.rejects(() => checkDatabaseFile(`${dir}/notes.txt/r.duckdb`, "t", {}), /notes\.txt" is not a directory/);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function checkDatabaseFile(
  path: string,
  table: string,
  columns: Readonly<Record<string, string>>,
  opts: ResultsDbOptions & {
    /** Columns a record adds when missing (an older file): checked only when present. */
    readonly added?: Readonly<Record<string, string>>;
  } = {},
): Promise<void> {
  // a path under a file is missing too: the walk up below names the file
  const info = await Deno.stat(path).catch((e) => {
    if (e instanceof Deno.errors.NotFound || e instanceof Deno.errors.NotADirectory) return null;
    throw e;
  });
  if (info === null) {
    let dir = dirname(path) || ".";
    for (;;) {
      const d = await Deno.stat(dir).catch((e) => {
        if (e instanceof Deno.errors.NotFound || e instanceof Deno.errors.NotADirectory) return null;
        throw e;
      });
      if (d !== null) {
        if (!d.isDirectory) throw new Error(`"${dir}" is not a directory`);
        break;
      }
      const up = dirname(dir);
      if (up === dir) break;
      dir = up;
    }
    // creating (and removing) a file where the database will go proves it can be created
    const probe = await Deno.makeTempFile({ dir, prefix: ".results-db-check-" });
    await Deno.remove(probe);
    return;
  }
  if (!info.isFile) throw new Error(`"${path}" is not a file`);
  await withDatabase(path, false, path, opts, async (db) => {
    const have = new Map(
      (await db.queryRows(
        `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ${sqlText(table)}`,
      )).map(([c, t]) => [String(c), String(t)]),
    );
    if (have.size === 0) return;
    for (const [c, t] of Object.entries(columns)) {
      const found = have.get(c);
      if (found === undefined) throw new Error(`its table "${table}" has no column "${c}"`);
      if (found !== t) throw new Error(`its table "${table}" has column "${c}" of type ${found}, expected ${t}`);
    }
    for (const [c, t] of Object.entries(opts.added ?? {})) {
      const found = have.get(c);
      if (found !== undefined && found !== t) {
        throw new Error(`its table "${table}" has column "${c}" of type ${found}, expected ${t}`);
      }
    }
  });
}

/**
 * Check, before a run, that the results history in `path` can take the
 * run's record ({@linkcode checkDatabaseFile} on the `runs` table): a run
 * that could not be recorded fails before it writes its files.
 *
 * @throws {Error} saying what is wrong (not a DuckDB file, a `runs` table of
 * another shape, a path that cannot be created).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkResultsDb } from "./results_db.ts";
 * const dir = await Deno.makeTempDir();
 * await checkResultsDb(`${dir}/results.duckdb`);
 * assert.ok(!(await Array.fromAsync(Deno.readDir(dir))).length, "nothing created");
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function checkResultsDb(path: string, opts: ResultsDbOptions = {}): Promise<void> {
  const columns: Record<string, string> = {};
  for (const [c, t] of TEXT_COLUMNS) columns[c] = t.split(" ")[0]!;
  await checkDatabaseFile(path, "runs", columns, { ...opts, added: PROVENANCE_TYPES });
}

/**
 * Whether this process may let DuckDB write `path`: Deno's write permission
 * for the file and its write-ahead log. DuckDB writes natively, outside
 * Deno's permission checks, so this is the check that keeps
 * `--allow-write=out` meaningful. Returns the reason when it may not.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { resultsDbWritable } from "./results_db.ts";
 * assert.equal(resultsDbWritable(`${await Deno.makeTempDir()}/r.duckdb`), null); // `deno test -A`
 * ```
 */
export function resultsDbWritable(path: string): string | null {
  for (const p of [path, `${path}.wal`]) {
    if (Deno.permissions.querySync({ name: "write", path: p }).state !== "granted") {
      return `no permission to write "${p}"`;
    }
  }
  return null;
}
