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
 * NULL and reads back as NaN. In SQL:
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
import { checkDatabaseFile, withDatabase } from "./results_db.ts";
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
  /** Where the study's result files went. */
  readonly outputDir: string;
  /** The study's numbers by camelCase metric name; NaN for undefined. */
  readonly values: Readonly<Record<string, number>>;
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
  metrics MAP(VARCHAR, DOUBLE) NOT NULL
)`;

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
  ];
  await Deno.mkdir(dirname(path) || ".", { recursive: true });
  await withDatabase(path, false, rec.runId, opts, async (db) => {
    await db.exec("BEGIN TRANSACTION");
    try {
      await db.exec(TABLE);
      await db.exec(`INSERT INTO study_runs VALUES (${row.join(", ")})`);
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
  }, opts);
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
export async function listStudyRuns(path: string, opts: ListStudyRunsOptions = {}): Promise<StudyRecord[]> {
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
    const where: string[] = [];
    if (opts.job !== undefined) where.push(`job = ${sqlText(opts.job)}`);
    if (opts.study !== undefined) where.push(`study = ${sqlText(opts.study)}`);
    const limit = opts.limit === undefined ? "" : ` LIMIT ${Math.max(0, Math.floor(opts.limit))}`;
    const rows = await db.queryRows(
      `SELECT run_id, epoch_us(recorded_at), job, study, kind, config_file, config_sha256, git_revision, output_dir,
        map_keys(metrics), map_values(metrics)
       FROM study_runs${where.length ? ` WHERE ${where.join(" AND ")}` : ""}
       ORDER BY recorded_at DESC, run_id${limit}`,
    );
    const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
    return rows.map((row): StudyRecord => {
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
      };
    });
  });
}
