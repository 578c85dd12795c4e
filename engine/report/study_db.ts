/**
 * Study history: every completed study (a backtest, a grid search or a
 * walk-forward study, alone or as part of a research job) appended as one row
 * of the `study_runs` table, in the same DuckDB file as the `runs` table
 * (`out/results.duckdb` by default).
 *
 * A row holds the run id, when it was recorded, the job (NULL outside one),
 * the study's name and kind, the config file and a sha256 of the resolved
 * config, the git revision, the output directory, and the study's numbers as
 * a `MAP(VARCHAR, DOUBLE)` column `metrics` keyed by camelCase metric name.
 * A number is stored as the exact double it was (DuckDB doubles round-trip
 * bit for bit, infinities included); an undefined one (NaN) is stored as
 * NULL and reads back as NaN. Beside them, what tells two studies apart: the
 * symbols (`symbols`, comma-separated as the config's `data.symbols` names
 * them; NULL when the config takes every symbol of its data, which the data
 * fingerprint pins), and the fingerprints of the code and the data, in the
 * columns the `runs` table has (`code_sha256`, `code_uncommitted`,
 * `code_files`, `data_sha256`, `data_files`: see results_db.ts). A file
 * written before those columns existed gets them with its next record. In
 * SQL:
 *
 * ```sql
 * SELECT recorded_at, study, metrics['oosSharpe'] FROM study_runs WHERE job = 'nightly' ORDER BY recorded_at;
 * ```
 *
 * Opening, locking and retrying follow {@linkcode appendRun}: one short
 * transaction per record, retried with backoff while another process holds
 * the file, so a record is never half-written.
 *
 * @module
 */
import { dirname } from "node:path";
import type { DataConfig } from "../data/config.ts";
import { type CodeFingerprint, codeFingerprint } from "./code_fingerprint.ts";
import { type DataFingerprint, dataFingerprint, dataSectionsOf } from "./data_fingerprint.ts";
import {
  addProvenanceColumns,
  checkDatabaseFile,
  columnsOf,
  PROVENANCE_TYPES,
  provenanceOf,
  provenanceSelect,
  provenanceValues,
  type StoredProvenance,
  withDatabase,
} from "./results_db.ts";
import type { ResultsDbOptions } from "./results_db.ts";

/** The kinds of study the history records. */
export type StudyKind = "backtest" | "grid" | "walkforward";

/**
 * One completed study as the history records it.
 *
 * @example
 * ```ts
 * import type { StudyRecord } from "./study_db.ts";
 * const oosSharpe = (r: StudyRecord) => r.values.oosSharpe ?? NaN;
 * console.log(typeof oosSharpe);
 * ```
 */
export interface StudyRecord {
  /** A unique id (e.g. a random UUID). */
  readonly runId: string;
  /** When the study was recorded, epoch ms (stored with microsecond precision). */
  readonly recordedAtMs: number;
  /** The research job's name, or null for a study run on its own. */
  readonly job: string | null;
  /** The study's name (unique within a job). */
  readonly study: string;
  readonly kind: StudyKind;
  /** The config file, as the job or the command line named it. */
  readonly configFile: string;
  /** sha256 (hex) of the resolved config without its output section (see `configSha256` in results_db.ts). */
  readonly configSha256: string;
  /** The git commit of the config's repository; null outside one. */
  readonly gitRevision: string | null;
  /** The study's own directory (`<root>/runs/<run id>`, or its folder in a job's run), which later runs do not overwrite. */
  readonly outputDir: string;
  /** The study's numbers by camelCase metric name; NaN for undefined. */
  readonly values: Readonly<Record<string, number>>;
  /** The symbols the config names (`data.symbols`); null or absent when it takes every symbol of its data. */
  readonly symbols?: readonly string[] | null;
  /** The fingerprint of the code the config imports; null or absent when not taken. */
  readonly code?: CodeFingerprint | null;
  /** The fingerprint of the data the config reads; null or absent when not taken. */
  readonly data?: DataFingerprint | null;
}

/**
 * A study read back from the history: the record as written, with its
 * fingerprints as stored (null in rows an older version wrote).
 *
 * @example
 * ```ts
 * import type { StoredStudyRun } from "./study_db.ts";
 * const label = (s: StoredStudyRun) => `${s.study} ${s.codeSha256?.slice(0, 12) ?? "?"}`;
 * console.log(typeof label);
 * ```
 */
export type StoredStudyRun = Omit<StudyRecord, "code" | "data" | "symbols"> & StoredProvenance & {
  readonly symbols: readonly string[] | null;
};

/**
 * What a study records beside its numbers: the symbols its config names, and
 * the fingerprints of its code ({@linkcode codeFingerprint} of the config
 * file) and of its data ({@linkcode dataFingerprint} of its data sections).
 * Never throws: a fingerprint that cannot be taken (a data file gone since)
 * is null.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { studyProvenance } from "./study_db.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/c.ts`, "export default {};\n");
 * await Deno.writeTextFile(`${dir}/a.csv`, "abc");
 * const p = await studyProvenance(`${dir}/c.ts`, { data: { source: { kind: "files", path: `${dir}/a.csv` }, symbols: ["A"] } });
 * assert.deepEqual(p.symbols, ["A"]);
 * assert.equal(p.data?.files[0]?.bytes, 3);
 * assert.ok(p.code?.files.some((f) => f.path === `${dir}/c.ts`));
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function studyProvenance(
  configFile: string,
  config: Parameters<typeof dataSectionsOf>[0] & { readonly data: DataConfig },
): Promise<{ symbols: readonly string[] | null; code: CodeFingerprint | null; data: DataFingerprint | null }> {
  const [code, data] = await Promise.all([
    codeFingerprint(configFile).catch(() => null),
    dataFingerprint(dataSectionsOf(config)).catch(() => null),
  ]);
  return { symbols: config.data.symbols ?? null, code, data };
}

const STUDY_KINDS: readonly StudyKind[] = ["backtest", "grid", "walkforward"];

const TABLE = `CREATE TABLE IF NOT EXISTS study_runs (
  run_id VARCHAR PRIMARY KEY,
  recorded_at TIMESTAMP NOT NULL,
  job VARCHAR,
  study VARCHAR NOT NULL,
  kind VARCHAR NOT NULL,
  config_file VARCHAR NOT NULL,
  config_sha256 VARCHAR NOT NULL,
  git_revision VARCHAR,
  output_dir VARCHAR NOT NULL,
  metrics MAP(VARCHAR, DOUBLE) NOT NULL,
  symbols VARCHAR,
  code_sha256 VARCHAR,
  code_uncommitted BOOLEAN,
  code_files VARCHAR,
  data_sha256 VARCHAR,
  data_files VARCHAR
)`;

const COLUMNS = [
  "run_id",
  "recorded_at",
  "job",
  "study",
  "kind",
  "config_file",
  "config_sha256",
  "git_revision",
  "output_dir",
  "metrics",
  "symbols",
  "code_sha256",
  "code_uncommitted",
  "code_files",
  "data_sha256",
  "data_files",
];

const sqlText = (s: string | null) => (s === null ? "NULL" : `'${s.replaceAll("'", "''")}'`);
/**
 * A double as SQL that DuckDB reads back bit for bit: `String(x)` is the
 * shortest round-tripping form, cast from a string (a bare numeric literal
 * goes through DECIMAL and can come back one ulp off).
 */
const sqlDouble = (x: number) =>
  Number.isNaN(x)
    ? "NULL::DOUBLE"
    : x === Infinity
    ? "'inf'::DOUBLE"
    : x === -Infinity
    ? "'-inf'::DOUBLE"
    : Object.is(x, -0)
    ? "'-0.0'::DOUBLE"
    : `'${String(x)}'::DOUBLE`;

/**
 * Append a completed study to the history in `path`, creating the file, its
 * directory and the `study_runs` table when missing. Waits for other writers
 * as {@linkcode appendRun} does.
 *
 * @throws {Error} when the file stays locked past `timeoutMs`, a value is not a number, or DuckDB fails.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { appendStudyRun, listStudyRuns } from "./study_db.ts";
 * const dir = await Deno.makeTempDir();
 * await appendStudyRun(`${dir}/r.duckdb`, {
 *   runId: "s1", recordedAtMs: Date.UTC(2026, 0, 1, 2), job: "nightly", study: "wf", kind: "walkforward",
 *   configFile: "configs/sma_optimize.ts", configSha256: "ab", gitRevision: null, outputDir: "out/jobs/x",
 *   values: { oosSharpe: 0.1 + 0.2, oosProfitFactor: Infinity, oosSortino: NaN },
 * });
 * const [r] = await listStudyRuns(`${dir}/r.duckdb`, { job: "nightly" });
 * assert.equal(r!.recordedAtMs, Date.UTC(2026, 0, 1, 2));
 * assert.deepEqual(r!.values, { oosSharpe: 0.30000000000000004, oosProfitFactor: Infinity, oosSortino: NaN });
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function appendStudyRun(path: string, rec: StudyRecord, opts: ResultsDbOptions = {}): Promise<void> {
  if (!STUDY_KINDS.includes(rec.kind)) throw new Error(`appendStudyRun(): unknown study kind "${rec.kind}"`);
  if (!Number.isFinite(rec.recordedAtMs)) throw new Error(`appendStudyRun(): recordedAtMs is ${rec.recordedAtMs}`);
  const entries = Object.entries(rec.values);
  for (const [k, v] of entries) {
    if (typeof v !== "number") throw new Error(`appendStudyRun(): value "${k}" is ${typeof v}, not a number`);
  }
  // MAP literals need at least one entry to infer a type; an empty map is written as a typed cast
  const metrics = entries.length === 0
    ? "MAP {}::MAP(VARCHAR, DOUBLE)"
    : `MAP {${entries.map(([k, v]) => `${sqlText(k)}: ${sqlDouble(v)}`).join(", ")}}`;
  const row = [
    sqlText(rec.runId),
    `make_timestamp(${Math.round(rec.recordedAtMs * 1000)}::BIGINT)`,
    sqlText(rec.job),
    sqlText(rec.study),
    sqlText(rec.kind),
    sqlText(rec.configFile),
    sqlText(rec.configSha256),
    sqlText(rec.gitRevision),
    sqlText(rec.outputDir),
    metrics,
    sqlText(rec.symbols == null ? null : rec.symbols.join(",")),
    ...provenanceValues(rec.code, rec.data),
  ];
  await Deno.mkdir(dirname(path) || ".", { recursive: true });
  await withDatabase(path, false, rec.runId, opts, async (db) => {
    await db.exec("BEGIN TRANSACTION");
    try {
      await db.exec(TABLE);
      // a file written before the symbols and fingerprints existed gets their columns now (older rows hold NULL)
      if (!(await columnsOf(db, "study_runs")).has("symbols")) {
        await db.exec("ALTER TABLE study_runs ADD COLUMN symbols VARCHAR");
      }
      await addProvenanceColumns(db, "study_runs");
      await db.exec(`INSERT INTO study_runs (${COLUMNS.join(", ")}) VALUES (${row.join(", ")})`);
      await db.exec("COMMIT");
    } catch (e) {
      await db.exec("ROLLBACK").catch(() => {});
      throw e;
    }
  });
}

/**
 * Check, before a study runs, that the history in `path` can take its
 * record: a DuckDB file whose `study_runs` table, if there, has the columns
 * a record writes, or a path where one can be created (see
 * `checkDatabaseFile` in results_db.ts). Changes nothing.
 *
 * @throws {Error} saying what is wrong.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkStudyDb } from "./study_db.ts";
 * const dir = await Deno.makeTempDir();
 * await checkStudyDb(`${dir}/results.duckdb`);
 * await Deno.writeTextFile(`${dir}/x.duckdb`, "not a database");
 * await assert.rejects(() => checkStudyDb(`${dir}/x.duckdb`), /not a valid DuckDB database file/);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function checkStudyDb(path: string, opts: ResultsDbOptions = {}): Promise<void> {
  await checkDatabaseFile(path, "study_runs", {
    run_id: "VARCHAR",
    recorded_at: "TIMESTAMP",
    job: "VARCHAR",
    study: "VARCHAR",
    kind: "VARCHAR",
    config_file: "VARCHAR",
    config_sha256: "VARCHAR",
    git_revision: "VARCHAR",
    output_dir: "VARCHAR",
    metrics: "MAP(VARCHAR, DOUBLE)",
  }, { ...opts, added: { symbols: "VARCHAR", ...PROVENANCE_TYPES } });
}

/**
 * Options of {@linkcode listStudyRuns}.
 *
 * @example
 * ```ts
 * import type { ListStudyRunsOptions } from "./study_db.ts";
 * const opts: ListStudyRunsOptions = { job: "nightly", study: "wf", limit: 1 };
 * console.log(opts.limit);
 * ```
 */
export type ListStudyRunsOptions =
  & { readonly job?: string; readonly study?: string; readonly limit?: number }
  & ResultsDbOptions;

/**
 * Studies in the history at `path`, newest first (ties by run id), filtered
 * by job and study name when given. A file that does not exist yet, or has no
 * `study_runs` table, holds no studies: the result is empty.
 *
 * @throws {Error} when the file stays locked past `timeoutMs` or is not a DuckDB database.
 *
 * @example Newest first, filtered
 * ```ts
 * import assert from "node:assert/strict";
 * import { appendStudyRun, listStudyRuns, type StudyRecord } from "./study_db.ts";
 * const dir = await Deno.makeTempDir();
 * const rec = (runId: string, recordedAtMs: number, study: string): StudyRecord => ({
 *   runId, recordedAtMs, job: "nightly", study, kind: "grid", configFile: "c.ts", configSha256: "00",
 *   gitRevision: null, outputDir: "out", values: { objective: recordedAtMs / 1000 },
 * });
 * for (const [id, t, s] of [["a", 1000, "g"], ["b", 3000, "h"], ["c", 2000, "g"]] as const) {
 *   await appendStudyRun(`${dir}/r.duckdb`, rec(id, t, s));
 * }
 * assert.deepEqual((await listStudyRuns(`${dir}/r.duckdb`)).map((r) => r.runId), ["b", "c", "a"]);
 * const [last] = await listStudyRuns(`${dir}/r.duckdb`, { job: "nightly", study: "g", limit: 1 });
 * assert.equal(last!.values.objective, 2);
 * assert.deepEqual(await listStudyRuns(`${dir}/missing.duckdb`), []);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function listStudyRuns(path: string, opts: ListStudyRunsOptions = {}): Promise<StoredStudyRun[]> {
  try {
    await Deno.stat(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return [];
    throw e;
  }
  return await withDatabase(path, true, path, opts, async (db) => {
    const tables = await db.queryRows(
      "SELECT count(*) FROM information_schema.tables WHERE table_name = 'study_runs'",
    );
    if (Number(tables[0]?.[0] ?? 0) === 0) return [];
    const have = await columnsOf(db, "study_runs");
    const where: string[] = [];
    if (opts.job !== undefined) where.push(`job = ${sqlText(opts.job)}`);
    if (opts.study !== undefined) where.push(`study = ${sqlText(opts.study)}`);
    const limit = opts.limit === undefined ? "" : ` LIMIT ${Math.max(0, Math.floor(opts.limit))}`;
    const rows = await db.queryRows(
      `SELECT run_id, epoch_us(recorded_at), job, study, kind, config_file, config_sha256, git_revision, output_dir,
        map_keys(metrics), map_values(metrics), ${have.has("symbols") ? "symbols" : "NULL::VARCHAR"},
        ${provenanceSelect(have).join(", ")}
       FROM study_runs${where.length ? ` WHERE ${where.join(" AND ")}` : ""}
       ORDER BY recorded_at DESC, run_id${limit}`,
    );
    const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
    return rows.map((row): StoredStudyRun => {
      const keys = (row[9] ?? []) as unknown[];
      const vals = (row[10] ?? []) as unknown[];
      const values: Record<string, number> = {};
      keys.forEach((k, i) => {
        const v = vals[i];
        values[String(k)] = v === null || v === undefined ? NaN : Number(v);
      });
      return {
        runId: String(row[0]),
        recordedAtMs: Number(row[1]) / 1000,
        job: str(row[2]),
        study: String(row[3]),
        kind: String(row[4]) as StudyKind,
        configFile: String(row[5]),
        configSha256: String(row[6]),
        gitRevision: str(row[7]),
        outputDir: String(row[8]),
        values,
        symbols: row[11] == null || row[11] === "" ? null : String(row[11]).split(","),
        ...provenanceOf(row.slice(12, 17)),
      };
    });
  });
}
