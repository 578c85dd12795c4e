/**
 * Where a run is recorded, decided and checked before it runs, so that a
 * history database that cannot take the record fails the run (exit 2)
 * before it writes a result file; and the record itself, after the files are
 * published, which, when it fails, leaves them in place and says so
 * ({@linkcode NotRecordedError}, exit 4).
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { OutputError } from "../engine/errors.ts";
import { DEFAULT_RESULTS_DB } from "../engine/report/config.ts";
import { resultsDbWritable } from "../engine/report/results_db.ts";
import { NotRecordedError } from "./_args.ts";

/** Native DuckDB, which the history needs, lives here. */
const NATIVE_MODULES = fileURLToPath(new URL("../node_modules", import.meta.url));

/** The note of a run that cannot load native DuckDB (a sandboxed run). */
const NO_FFI = "not recorded: the results database needs native DuckDB (--allow-ffi), which sandboxed runs do not have";

/**
 * Where a run will be recorded: a database that passed its checks, or none
 * and the summary's note saying why.
 */
export type HistoryPlan =
  | { readonly db: string; readonly note?: undefined }
  | { readonly db: null; readonly note: string };

/** What {@linkcode planHistory} needs. */
export interface PlanHistoryOptions {
  /** The database the config or the flags name, or false for none. */
  readonly db: string | false;
  /** Whether the flags named it (a named database must be usable; the default may be skipped with a note). */
  readonly named: boolean;
  /** "run" or "study": the message says what cannot be recorded. */
  readonly what: string;
  /** The note when recording is off. */
  readonly offNote: string;
  /** Checks that the database can take the record (`checkResultsDb`, `checkStudyDb`); throws why not. */
  readonly check: (db: string) => Promise<void>;
}

/**
 * Decide where the run is recorded, before it runs. The default database is
 * skipped with a note when this process may not write it (a run with
 * `--allow-write` elsewhere) or cannot load native DuckDB (the sandbox); a
 * database named in the config or the flags must be writable. Any database
 * that will be written must pass `check`.
 *
 * @throws {OutputError} when the database cannot take the record (exit 2, before anything is written).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { planHistory } from "./_history.ts";
 * const off = await planHistory({ db: false, named: false, what: "run", offNote: "off", check: async () => {} });
 * assert.deepEqual(off, { db: null, note: "off" });
 * ```
 */
export async function planHistory(opts: PlanHistoryOptions): Promise<HistoryPlan> {
  const { db } = opts;
  if (db === false) return { db: null, note: opts.offNote };
  if (Deno.permissions.querySync({ name: "ffi", path: NATIVE_MODULES }).state !== "granted") {
    return { db: null, note: NO_FFI };
  }
  const denied = resultsDbWritable(db);
  if (denied !== null) {
    if (!opts.named && db === DEFAULT_RESULTS_DB) {
      return { db: null, note: `not recorded in ${db}: ${denied}; pass --results-db PATH or --no-record` };
    }
    throw new OutputError(`Cannot record the ${opts.what} in "${db}": ${denied}`);
  }
  try {
    await opts.check(db);
  } catch (e) {
    const why = e instanceof Error ? e.message.split("\n")[0] : String(e);
    throw new OutputError(
      `Cannot record the ${opts.what} in "${db}": ${why}; pass another --results-db or --no-record`,
      {
        cause: e,
      },
    );
  }
  return { db };
}

/**
 * Record a published run: `append` writes the record. Returns the summary's
 * history line; a failure becomes a {@linkcode NotRecordedError} that names
 * where the run's files are.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { recordPublished } from "./_history.ts";
 * const r = await recordPublished({ db: "h.duckdb", what: "run", dir: "out/x/runs/1", id: "7" }, async () => {});
 * assert.deepEqual(r, { line: "recorded as run 7 in h.duckdb" });
 * const f = await recordPublished({ db: "h.duckdb", what: "run", dir: "out/x/runs/1", id: "7" }, () => Promise.reject(new Error("locked")));
 * assert.equal(f.failure?.message, `the run's results are complete in out/x/runs/1, but recording the run in "h.duckdb" failed: locked`);
 * ```
 */
export async function recordPublished(
  target: { readonly db: string; readonly what: string; readonly dir: string; readonly id: string },
  append: () => Promise<void>,
): Promise<{ readonly line: string; readonly failure?: NotRecordedError }> {
  try {
    await append();
  } catch (e) {
    const why = e instanceof Error ? e.message.split("\n")[0]! : String(e);
    if (/\bffi\b/i.test(why)) return { line: NO_FFI };
    const failure = new NotRecordedError(
      `the ${target.what}'s results are complete in ${target.dir}, but recording the ${target.what} in "${target.db}" failed: ${why}`,
      { cause: e },
    );
    return { line: `NOT recorded in ${target.db}: ${why}`, failure };
  }
  return { line: `recorded as ${target.what === "run" ? "run" : "study run"} ${target.id} in ${target.db}` };
}
