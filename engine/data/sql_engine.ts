/**
 * The narrow interface between the engine and a SQL engine (DuckDB, native or
 * WebAssembly). `_duckdb.ts` (native) and `_duckdb_wasm.ts` (WebAssembly)
 * implement it; {@linkcode openSqlEngine} opens either.
 *
 * @module
 */

/** A column of a relation, as `DESCRIBE` reports it. */
export interface ColumnInfo {
  readonly name: string;
  readonly type: string;
}

/** Numeric query output: one Float64Array per column; SQL NULL becomes NaN. */
export interface NumericColumns {
  readonly rows: number;
  readonly columns: Record<string, Float64Array>;
}

/** What the data layer needs from a SQL engine. */
/** Options of {@linkcode SqlEngine.readNumeric}. */
export interface ReadNumericOptions {
  /**
   * The result's row count, when known (a Parquet file's or a table's, from
   * its metadata): the native engine then streams the result into columns of
   * that length, and never holds the whole result beside them. A result of
   * another length is an error.
   */
  readonly rows?: number;
}

export interface SqlEngine extends Disposable {
  /** Run a statement for its effect. */
  exec(sql: string): Promise<void>;
  /** Column names and types of a relation, e.g. `read_csv('x.csv')`. */
  describe(relation: string): Promise<ColumnInfo[]>;
  /** Small result sets as plain JS rows (strings, numbers, null). */
  queryRows(sql: string): Promise<unknown[][]>;
  /**
   * A large numeric result straight into Float64Arrays. Every column must be
   * DOUBLE with NULLs already replaced by NaN (`COALESCE(x, 'NaN'::DOUBLE)`).
   */
  readNumeric(sql: string, opts?: ReadNumericOptions): Promise<NumericColumns>;
  close(): void;
}

/** The SQL engines that can load bars: native DuckDB (needs `--allow-ffi`) or its WebAssembly build. */
export type SqlEngineKind = "native" | "wasm";

/**
 * Open a SQL engine. Each is imported only when asked for: merely loading the
 * native one needs `--allow-ffi`, which a sandboxed run does not have.
 *
 * @example Load bars without native code
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadBars } from "./load_bars.ts";
 * import { openSqlEngine } from "./sql_engine.ts";
 * using engine = await openSqlEngine("wasm");
 * const frame = await loadBars({ source: { kind: "files", path: "data/sample/AAA.csv" } }, { engine });
 * assert.ok(frame.symbols[0] === "AAA" && frame.length === 2608);
 * ```
 */
export async function openSqlEngine(kind: SqlEngineKind): Promise<SqlEngine> {
  return kind === "native"
    ? (await import("./_duckdb.ts")).openNativeDuckDb()
    : (await import("./_duckdb_wasm.ts")).openWasmDuckDb();
}

/**
 * Open a DuckDB database file with the native engine, read-write (created
 * when missing) or read-only. DuckDB lets one process at a time open a file
 * read-write: while another holds it, this rejects with an error whose
 * message mentions the lock (callers retry). Needs `--allow-ffi`, and DuckDB
 * reads and writes the file natively, outside Deno's permissions: callers
 * check those themselves.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { openDatabaseFile } from "./sql_engine.ts";
 * const dir = await Deno.makeTempDir();
 * {
 *   using db = await openDatabaseFile(`${dir}/x.duckdb`);
 *   await db.exec("CREATE TABLE t AS SELECT 42 AS v");
 * }
 * {
 *   using db = await openDatabaseFile(`${dir}/x.duckdb`, { readOnly: true });
 *   assert.deepEqual(await db.queryRows("SELECT v FROM t"), [[42]]);
 * }
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function openDatabaseFile(path: string, opts: { readonly readOnly?: boolean } = {}): Promise<SqlEngine> {
  return (await import("./_duckdb.ts")).openNativeDuckDb(path, opts);
}
