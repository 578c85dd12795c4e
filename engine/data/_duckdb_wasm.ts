/**
 * The WebAssembly build of DuckDB behind the {@linkcode SqlEngine} interface.
 * It needs no native code (no `--allow-ffi`), so a backtest can run with
 * read access to its inputs and write access to its output directory only:
 * `deno task backtest:sandbox`.
 *
 * How it differs from the native engine, and why:
 *
 * - **Files are read by Deno, not by DuckDB.** The wasm runtime for Node opens
 *   files read-write through `node:fs`, which a read-only permission refuses.
 *   So before each statement, every string literal that names an existing
 *   file (or a glob that matches files) is read with `Deno.readFile` and
 *   registered under that same name; the SQL runs unchanged.
 * - **No extensions.** Autoloading and autoinstalling are switched off and the
 *   configuration is locked: the wasm build would otherwise try to download
 *   them, and offline it hangs. Parquet lives in an extension, so reading
 *   Parquet fails at once with a {@linkcode DataError} that points to the
 *   native task.
 * - **Blocking bundle.** Measured under Deno 2.9 on the 1M-bar CSV, the Node
 *   blocking bundle and the Worker bundle load in the same time (about 0.85 s
 *   to instantiate and 0.7 s to read); the blocking one is simpler and has no
 *   message passing, so it is the one used.
 *
 * @module
 */
import { createRequire } from "node:module";
import type * as DuckDbWasm from "@duckdb/duckdb-wasm/blocking";
import { DataError } from "../errors.ts";
import type { ColumnInfo, NumericColumns, SqlEngine } from "./sql_engine.ts";

type Module = typeof DuckDbWasm;
type Table = ReturnType<DuckDbWasm.DuckDBConnection["query"]>;

/** The message of every Parquet read under the WebAssembly engine. */
const PARQUET_MESSAGE = "Parquet needs DuckDB's parquet extension, which the WebAssembly engine cannot load offline; " +
  "read Parquet with `deno task backtest` (native DuckDB) or convert the file to CSV";

let loading: Promise<Module> | undefined;

/**
 * Import the bundle once. The copy of fast-glob bundled inside it calls
 * `os.cpus()` when it loads, only to size a concurrency pool; in Deno that
 * call needs `--allow-sys`. A stub stands in for it during the import, so the
 * sandbox needs no sys permission at all.
 */
function loadModule(): Promise<Module> {
  return loading ??= (async () => {
    const os = (await import("node:os")).default;
    const cpus = os.cpus;
    os.cpus = () => [];
    try {
      return await import("@duckdb/duckdb-wasm/blocking");
    } finally {
      os.cpus = cpus;
    }
  })();
}

const GLOB = /[*?[]/;

/** String literals of a SQL text, unescaped; enough to find the paths it names. */
function literals(sql: string): string[] {
  return [...sql.matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1]!.replaceAll("''", "'"));
}

/** A literal worth a look on the file system: a path-like string, not a URL. */
const pathLike = (s: string) =>
  s.length > 0 && s.length < 4096 && !/[\n\r]/.test(s) && !/^[a-z][a-z0-9+.-]*:\/\//i.test(s) &&
  (/[\\/]/.test(s) || /\.[A-Za-z0-9]{1,10}$/.test(s));

function firstLine(e: unknown): string {
  return String(e instanceof Error ? e.message : e).split("\n")[0]!.trim();
}

/** A DuckDB database in WebAssembly, in memory. */
class WasmDuckDb implements SqlEngine {
  #db: DuckDbWasm.DuckDBBindings;
  #con: DuckDbWasm.DuckDBConnection;
  #registered = new Set<string>();
  /** Paths a statement named that Deno refused to read, for the error message. */
  #refused = new Map<string, string>();
  #closed = false;

  constructor(db: DuckDbWasm.DuckDBBindings, con: DuckDbWasm.DuckDBConnection) {
    this.#db = db;
    this.#con = con;
  }

  async exec(sql: string): Promise<void> {
    await this.#query(sql);
  }

  async describe(relation: string): Promise<ColumnInfo[]> {
    const t = await this.#query(`DESCRIBE SELECT * FROM ${relation}`);
    const name = t.getChild("column_name")!, type = t.getChild("column_type")!;
    return Array.from({ length: t.numRows }, (_, i) => ({ name: String(name.get(i)), type: String(type.get(i)) }));
  }

  async queryRows(sql: string): Promise<unknown[][]> {
    const t = await this.#query(sql);
    const cols = t.schema.fields.map((_, k) => t.getChildAt(k)!);
    return Array.from({ length: t.numRows }, (_, i) => cols.map((c) => c.get(i) ?? null));
  }

  async readNumeric(sql: string): Promise<NumericColumns> {
    const t = await this.#query(sql);
    const rows = t.numRows;
    const columns: Record<string, Float64Array> = {};
    t.schema.fields.forEach((field, k) => {
      const dst = new Float64Array(rows);
      let at = 0;
      for (const batch of t.batches) {
        const v = batch.getChildAt(k)!;
        const n = batch.numRows;
        // Fast path: a DOUBLE column without NULLs is one Float64Array per batch.
        const items = v.nullCount === 0 ? v.toArray() : undefined;
        if (items instanceof Float64Array && items.length === n) {
          dst.set(items, at);
        } else {
          for (let i = 0; i < n; i++) {
            const x = v.get(i);
            dst[at + i] = x === null || x === undefined ? NaN : Number(x);
          }
        }
        at += n;
      }
      columns[field.name] = dst;
    });
    return { rows, columns };
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#con.close();
    try {
      this.#db.dropFiles();
    } catch {
      // an attached database file stays open in the instance; it goes with it
    }
    this.#registered.clear();
  }

  [Symbol.dispose](): void {
    this.close();
  }

  async #query(sql: string): Promise<Table> {
    if (this.#closed) throw new Error("the WebAssembly DuckDB engine is closed");
    if (/\b(read_parquet|parquet_scan|parquet_metadata|parquet_schema)\s*\(/i.test(sql)) {
      throw new DataError(PARQUET_MESSAGE);
    }
    await this.#registerFiles(sql);
    try {
      return this.#con.query(sql);
    } catch (e) {
      throw this.#explain(e);
    }
  }

  /** Read every file the statement names into DuckDB's virtual file system. */
  async #registerFiles(sql: string): Promise<void> {
    for (const lit of literals(sql)) {
      if (this.#registered.has(lit) || !pathLike(lit)) continue;
      let files: string[];
      if (GLOB.test(lit)) {
        try {
          // DuckDB's own glob (on disk, through node:fs) so matches are exactly its own
          const t = this.#con.query(`SELECT file FROM glob('${lit.replaceAll("'", "''")}')`);
          const col = t.getChildAt(0)!;
          files = Array.from({ length: t.numRows }, (_, i) => String(col.get(i)));
        } catch (e) {
          this.#refused.set(lit, firstLine(e));
          continue;
        }
      } else {
        files = [lit];
      }
      for (const f of files) {
        if (this.#registered.has(f)) continue;
        try {
          if (!(await Deno.stat(f)).isFile) continue;
          this.#db.registerFileBuffer(f, await Deno.readFile(f));
          this.#registered.add(f);
        } catch (e) {
          if (e instanceof Deno.errors.NotCapable || e instanceof Deno.errors.PermissionDenied) {
            this.#refused.set(f, firstLine(e));
          } // a literal that is not a file is left to DuckDB
        }
      }
    }
  }

  /** A DuckDB error, with the real cause when it is a refused read or Parquet. */
  #explain(e: unknown): Error {
    const msg = e instanceof Error ? e.message : String(e);
    if (/parquet/i.test(msg) && /extension/i.test(msg)) return new DataError(PARQUET_MESSAGE, { cause: e });
    for (const [path, why] of this.#refused) {
      if (msg.includes(path)) return new Error(`cannot read "${path}": ${why}`, { cause: e });
    }
    return e instanceof Error ? e : new Error(msg);
  }
}

/**
 * Open DuckDB's WebAssembly engine: in memory, with extension loading and
 * installing switched off. Needs read access to `node_modules/` and to the
 * files its statements name; no ffi, net, env, run or sys.
 *
 * @example Read numbers without native code
 * ```ts
 * import assert from "node:assert/strict";
 * import { openWasmDuckDb } from "./_duckdb_wasm.ts";
 * using db = await openWasmDuckDb();
 * const { columns } = await db.readNumeric("SELECT 1.5::DOUBLE AS x");
 * assert.ok(columns.x![0] === 1.5);
 * ```
 */
export async function openWasmDuckDb(): Promise<SqlEngine> {
  const duckdb = await loadModule();
  const require = createRequire(import.meta.url);
  const wasm = (name: string) => require.resolve(`@duckdb/duckdb-wasm/dist/${name}`);
  const db = await duckdb.createDuckDB(
    {
      mvp: { mainModule: wasm("duckdb-mvp.wasm"), mainWorker: "" },
      eh: { mainModule: wasm("duckdb-eh.wasm"), mainWorker: "" },
    },
    new duckdb.VoidLogger(),
    duckdb.NODE_RUNTIME,
  );
  await db.instantiate(() => {});
  db.open({ path: ":memory:" });
  const con = db.connect();
  // Extensions would be fetched over the network, and offline that hangs.
  // Locked so that no statement can switch them back on.
  con.query("SET autoinstall_known_extensions = false");
  con.query("SET autoload_known_extensions = false");
  con.query("SET lock_configuration = true");
  return new WasmDuckDb(db, con);
}
