/**
 * The only file that imports DuckDB. Everything else reaches the database
 * through the {@linkcode SqlEngine} interface, so another engine (the
 * WebAssembly build) can sit behind the same calls.
 *
 * @module
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath as fromFileUrl } from "node:url";
import type { DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import type { ColumnInfo, NumericColumns, ReadNumericOptions, SqlEngine } from "./sql_engine.ts";

const RESULT = { struct: ["u64", "u64", "u64", "pointer", "pointer", "pointer"] } as const; // duckdb_result

/**
 * The few C API calls a bulk numeric read needs. Handles travel as integers
 * and bytes are copied with `memcpy` (found through the library's own
 * dependencies): Deno's pointer objects would need unscoped `--allow-ffi`,
 * and the tasks allow only node_modules.
 */
const C_API = {
  duckdb_open: { parameters: ["buffer", "buffer"], result: "i32", nonblocking: true },
  duckdb_connect: { parameters: ["usize", "buffer"], result: "i32" },
  duckdb_query: { parameters: ["usize", "buffer", "buffer"], result: "i32", nonblocking: true },
  duckdb_prepare: { parameters: ["usize", "buffer", "buffer"], result: "i32" },
  duckdb_prepare_error: { parameters: ["usize"], result: "usize" },
  duckdb_destroy_prepare: { parameters: ["buffer"], result: "void" },
  duckdb_execute_prepared_streaming: { parameters: ["usize", "buffer"], result: "i32", nonblocking: true },
  duckdb_fetch_chunk: { parameters: [RESULT], result: "usize" },

  duckdb_result_error: { parameters: ["buffer"], result: "usize" },
  duckdb_row_count: { parameters: ["buffer"], result: "u64" },
  duckdb_column_count: { parameters: ["buffer"], result: "u64" },
  duckdb_column_name: { parameters: ["buffer", "u64"], result: "usize" },
  duckdb_column_type: { parameters: ["buffer", "u64"], result: "i32" },
  duckdb_result_chunk_count: { parameters: [RESULT], result: "u64" },
  duckdb_result_get_chunk: { parameters: [RESULT, "u64"], result: "usize" },
  duckdb_data_chunk_get_size: { parameters: ["usize"], result: "u64" },
  duckdb_data_chunk_get_vector: { parameters: ["usize", "u64"], result: "usize" },
  duckdb_vector_get_data: { parameters: ["usize"], result: "usize" },
  duckdb_vector_get_validity: { parameters: ["usize"], result: "usize" },
  duckdb_destroy_data_chunk: { parameters: ["buffer"], result: "void" },
  duckdb_destroy_result: { parameters: ["buffer"], result: "void" },
  duckdb_disconnect: { parameters: ["buffer"], result: "void" },
  duckdb_close: { parameters: ["buffer"], result: "void" },
  duckdb_value_is_null: { parameters: ["buffer", "u64", "u64"], result: "bool" },
  duckdb_value_boolean: { parameters: ["buffer", "u64", "u64"], result: "bool" },
  duckdb_value_int64: { parameters: ["buffer", "u64", "u64"], result: "i64" },
  duckdb_value_uint64: { parameters: ["buffer", "u64", "u64"], result: "u64" },
  duckdb_value_double: { parameters: ["buffer", "u64", "u64"], result: "f64" },
  duckdb_value_string: { parameters: ["buffer", "u64", "u64"], result: { struct: ["usize", "u64"] } },
  duckdb_free: { parameters: ["usize"], result: "void" },
  memcpy: { parameters: ["buffer", "usize", "usize"], result: "usize" },
  strlen: { parameters: ["usize"], result: "usize" },
} as const;
/** DuckDB's type ids (duckdb.h `DUCKDB_TYPE`), of the columns the C API reader converts. */
const T = {
  BOOLEAN: 1,
  TINYINT: 2,
  SMALLINT: 3,
  INTEGER: 4,
  BIGINT: 5,
  UTINYINT: 6,
  USMALLINT: 7,
  UINTEGER: 8,
  UBIGINT: 9,
  FLOAT: 10,
  DOUBLE: 11,
  VARCHAR: 17,
  SQLNULL: 36,
} as const;
/** The types {@linkcode CApiReader.rows} converts, each as node-api's `getRowsJS` does; others go through node-api. */
const ROW_TYPES: ReadonlySet<number> = new Set(Object.values(T));

type CApi = Deno.DynamicLibrary<typeof C_API>["symbols"];

/** A C string at `p` (0 for none). */
function readCString(f: CApi, p: number | bigint): string {
  if (!p) return "";
  const bytes = new Uint8Array(Number(f.strlen(BigInt(p))));
  f.memcpy(bytes, BigInt(p), BigInt(bytes.length));
  return new TextDecoder().decode(bytes);
}

/**
 * A plain in-memory database opened through DuckDB's C API, in the library
 * node-api already loaded, for bulk numeric reads. node-api hands JS a copy
 * of each result chunk that lives until V8 happens to collect its wrapper,
 * plus a JS copy of each vector: reading a million rows of six DOUBLEs held
 * ~120 MB besides the result and the columns. Here each chunk is copied
 * straight into the columns and destroyed at once, and the result as soon as
 * it is read. Only with read and ffi permission for the library already
 * granted (never prompting); otherwise null.
 */
class CApiReader {
  #lib: Deno.DynamicLibrary<typeof C_API>;
  #db = new BigUint64Array(1);
  #con = new BigUint64Array(1);
  /** A chunk's handle, for `duckdb_destroy_data_chunk`. */
  #chunkRef = new BigUint64Array(1);
  /** The validity of up to 2,048 rows. */
  #mask = new Uint32Array(64);

  private constructor(lib: Deno.DynamicLibrary<typeof C_API>) {
    this.#lib = lib;
  }

  static async open(): Promise<CApiReader | null> {
    let reader: CApiReader | undefined;
    try {
      const path = libDuckDbPath();
      if (!path || Deno.permissions.querySync({ name: "ffi", path }).state !== "granted") return null;
      reader = new CApiReader(Deno.dlopen(path, C_API));
      const f = reader.#lib.symbols;
      if (await f.duckdb_open(cString(":memory:"), reader.#db) !== 0) throw new Error("duckdb_open failed");
      if (f.duckdb_connect(reader.#db[0]!, reader.#con) !== 0) throw new Error("duckdb_connect failed");
      return reader;
    } catch {
      reader?.close();
      return null;
    }
  }

  /**
   * The result as columns; null when a column is not DOUBLE (the caller reads it another way). Given the result's
   * row count, streamed chunk by chunk into columns of that length (DuckDB then never holds the whole result beside
   * them); materialized otherwise.
   */
  async read(sql: string, expectRows?: number): Promise<NumericColumns | null> {
    if (expectRows !== undefined) return await this.#stream(sql, expectRows);
    const f = this.#lib.symbols;
    const res = new Uint8Array(48); // duckdb_result
    const text = cString(sql); // kept alive until the call on another thread returns
    // materialized, not streamed: a streamed read of 1M rows took a third longer (a thread hop per chunk)
    const failed = await f.duckdb_query(this.#con[0]!, text, res) !== 0;
    text.fill(0);
    try {
      if (failed) throw new Error(readCString(f, f.duckdb_result_error(res)) || "DuckDB query failed");
      const rows = Number(f.duckdb_row_count(res));
      const names = this.#doubleColumns(res);
      if (names === null) return null;
      const cols = names.map(() => new Float64Array(rows));
      const nChunks = Number(f.duckdb_result_chunk_count(res));
      for (let c = 0, at = 0; c < nChunks; c++) {
        const chunk = f.duckdb_result_get_chunk(res, BigInt(c));
        if (!chunk) break;
        at += this.#copyChunk(chunk, cols, at, rows);
      }
      const columns: Record<string, Float64Array> = {};
      names.forEach((name, j) => (columns[name] = cols[j]!));
      return { rows, columns };
    } finally {
      f.duckdb_destroy_result(res);
    }
  }

  async #stream(sql: string, rows: number): Promise<NumericColumns | null> {
    const f = this.#lib.symbols;
    const stmt = new BigUint64Array(1);
    const text = cString(sql);
    const prepared = f.duckdb_prepare(this.#con[0]!, text, stmt) === 0;
    text.fill(0);
    const res = new Uint8Array(48); // duckdb_result
    try {
      if (!prepared) throw new Error(readCString(f, f.duckdb_prepare_error(stmt[0]!)) || "DuckDB prepare failed");
      if (await f.duckdb_execute_prepared_streaming(stmt[0]!, res) !== 0) {
        throw new Error(readCString(f, f.duckdb_result_error(res)) || "DuckDB query failed");
      }
      const names = this.#doubleColumns(res);
      if (names === null) return null;
      const cols = names.map(() => new Float64Array(rows));
      let at = 0;
      for (;;) {
        const chunk = f.duckdb_fetch_chunk(res);
        if (!chunk) break;
        at += this.#copyChunk(chunk, cols, at, rows);
      }
      if (at !== rows) throw new Error(`the result has ${at} rows, not the ${rows} counted: it changed while read`);
      const columns: Record<string, Float64Array> = {};
      names.forEach((name, j) => (columns[name] = cols[j]!));
      return { rows, columns };
    } finally {
      f.duckdb_destroy_result(res);
      f.duckdb_destroy_prepare(stmt);
    }
  }

  /** The result's column names; null when a column is not DOUBLE. */
  #doubleColumns(res: Uint8Array): string[] | null {
    const f = this.#lib.symbols;
    const k = Number(f.duckdb_column_count(res));
    const names: string[] = [];
    for (let j = 0; j < k; j++) {
      if (f.duckdb_column_type(res, BigInt(j)) !== T.DOUBLE) return null;
      names.push(readCString(f, f.duckdb_column_name(res, BigInt(j))));
    }
    return names;
  }

  /**
   * Copy a result chunk's rows into `cols` from row `at`, NULL as NaN, and destroy the chunk; returns its row count.
   *
   * @throws {Error} when the chunk would run past `rows` (a streamed result longer than counted).
   */
  #copyChunk(chunk: bigint, cols: Float64Array[], at: number, rows: number): number {
    const f = this.#lib.symbols;
    try {
      const n = Number(f.duckdb_data_chunk_get_size(chunk));
      if (at + n > rows) throw new Error(`the result has more than the ${rows} rows counted: it changed while read`);
      for (let j = 0; j < cols.length; j++) {
        const vector = f.duckdb_data_chunk_get_vector(chunk, BigInt(j));
        const col = cols[j]!;
        f.memcpy(col.subarray(at, at + n), BigInt(f.duckdb_vector_get_data(vector)), BigInt(n * 8));
        // NULL reads as NaN: a clear bit in the validity mask (absent when all are valid)
        const validity = f.duckdb_vector_get_validity(vector);
        if (validity) {
          const words = Math.ceil(n / 32);
          const m = words <= this.#mask.length ? this.#mask : new Uint32Array(words);
          f.memcpy(m, BigInt(validity), BigInt(words * 4));
          for (let i = 0; i < n; i++) if (!((m[i >>> 5]! >>> (i & 31)) & 1)) col[at + i] = NaN;
        }
      }
      return n;
    } finally {
      this.#chunkRef[0] = BigInt(chunk);
      f.duckdb_destroy_data_chunk(this.#chunkRef);
    }
  }

  /**
   * A small result as plain JS rows, converted as node-api's `getRowsJS`
   * converts them (BIGINT and UBIGINT as bigint, other numbers as number,
   * VARCHAR as string, NULL as null); null when a column has another type
   * (the caller asks node-api).
   */
  async rows(sql: string): Promise<unknown[][] | null> {
    const f = this.#lib.symbols;
    const res = new Uint8Array(48); // duckdb_result
    const text = cString(sql);
    const failed = await f.duckdb_query(this.#con[0]!, text, res) !== 0;
    text.fill(0);
    try {
      if (failed) throw new Error(readCString(f, f.duckdb_result_error(res)) || "DuckDB query failed");
      const k = Number(f.duckdb_column_count(res));
      const types: number[] = [];
      for (let j = 0; j < k; j++) types.push(f.duckdb_column_type(res, BigInt(j)));
      if (types.some((t) => !ROW_TYPES.has(t))) return null;
      const n = Number(f.duckdb_row_count(res));
      const out: unknown[][] = [];
      for (let i = 0n; i < BigInt(n); i++) {
        const row: unknown[] = [];
        for (let j = 0; j < k; j++) {
          const c = BigInt(j), t = types[j]!;
          if (t === T.SQLNULL || f.duckdb_value_is_null(res, c, i)) row.push(null);
          else if (t === T.VARCHAR) row.push(valueString(f, res, c, i));
          else if (t === T.BOOLEAN) row.push(f.duckdb_value_boolean(res, c, i));
          else if (t === T.BIGINT) row.push(BigInt(f.duckdb_value_int64(res, c, i)));
          else if (t === T.UBIGINT) row.push(BigInt(f.duckdb_value_uint64(res, c, i)));
          else if (t === T.FLOAT || t === T.DOUBLE) row.push(f.duckdb_value_double(res, c, i));
          else row.push(Number(f.duckdb_value_int64(res, c, i)));
        }
        out.push(row);
      }
      return out;
    } finally {
      f.duckdb_destroy_result(res);
    }
  }

  close(): void {
    const f = this.#lib.symbols;
    if (this.#con[0]) f.duckdb_disconnect(this.#con);
    if (this.#db[0]) f.duckdb_close(this.#db);
    this.#lib.close();
  }
}

/**
 * The DuckDB library of the node-api binding for this platform (Linux and
 * macOS), found the way the binding finds it; null without read permission.
 */
function libDuckDbPath(): string | null {
  const arch = Deno.build.arch === "x86_64" ? "x64" : "arm64";
  const os = Deno.build.os;
  if (os !== "linux" && os !== "darwin") return null;
  const api = fromFileUrl(import.meta.resolve("@duckdb/node-api"));
  if (Deno.permissions.querySync({ name: "read", path: api }).state !== "granted") return null;
  const bindings = createRequire(api).resolve("@duckdb/node-bindings");
  const addon = createRequire(bindings).resolve(`@duckdb/node-bindings-${os}-${arch}/duckdb.node`);
  return join(dirname(addon), os === "linux" ? "libduckdb.so" : "libduckdb.dylib");
}

const cString = (s: string) => new TextEncoder().encode(`${s}\0`);

/** A VARCHAR value of a result, whole (a NUL inside included), its copy freed. */
function valueString(f: CApi, res: Uint8Array, col: bigint, row: bigint): string {
  const s = f.duckdb_value_string(res, col, row); // duckdb_string { char *data; idx_t size }
  const words = new BigUint64Array(s.buffer, s.byteOffset, 2);
  const data = words[0]!, size = Number(words[1]!);
  try {
    const bytes = new Uint8Array(size);
    if (size > 0) f.memcpy(bytes, data, BigInt(size));
    return new TextDecoder().decode(bytes);
  } finally {
    if (data) f.duckdb_free(data);
  }
}

/** node-api's database and connection, opened when first needed. */
interface NodeDb {
  readonly instance: DuckDBInstance;
  readonly con: DuckDBConnection;
}

/** Open a database through node-api (imported here, on first use: loading it takes ~100 ms). */
async function openNodeDb(path: string, readOnly: boolean): Promise<NodeDb> {
  const { DuckDBInstance } = await import("@duckdb/node-api");
  const instance = await DuckDBInstance.create(path, readOnly ? { access_mode: "READ_ONLY" } : undefined);
  try {
    return { instance, con: await instance.connect() };
  } catch (e) {
    instance.closeSync();
    throw e;
  }
}

/**
 * A DuckDB database handle (in memory unless a path is given). An in-memory
 * one starts on the C API reader alone: loading a CSV file or a Parquet file
 * (`describe`, plain reads, `readNumeric`) never loads node-api. node-api
 * opens the first time the reader cannot serve a call (`exec`, a statement
 * that is not a plain read, a column type the reader does not convert), and
 * a database file opens through it at once.
 */
class NativeDuckDb implements SqlEngine {
  readonly #path: string;
  readonly #readOnly: boolean;
  #node: NodeDb | null;
  #opening: Promise<NodeDb> | null = null;
  /**
   * Serves reads while this is a fresh in-memory database: a query then sees
   * nothing `exec` (or a `queryRows` that is not a plain read) could have set
   * up, so it runs the same on the reader's own database. Null when unusable.
   */
  #reader: CApiReader | null;
  #closed = false;

  constructor(path: string, readOnly: boolean, node: NodeDb | null, reader: CApiReader | null) {
    this.#path = path;
    this.#readOnly = readOnly;
    this.#node = node;
    this.#reader = reader;
  }

  async #nodeDb(): Promise<NodeDb> {
    if (this.#node !== null) return this.#node;
    this.#opening ??= openNodeDb(this.#path, this.#readOnly);
    const node = await this.#opening;
    if (this.#closed) {
      node.con.closeSync();
      node.instance.closeSync();
      throw new Error("the DuckDB engine is closed");
    }
    return this.#node = node;
  }

  async exec(sql: string): Promise<void> {
    this.#dropReader();
    await (await this.#nodeDb()).con.run(sql);
  }

  #dropReader(): void {
    this.#reader?.close();
    this.#reader = null;
  }

  async describe(sql: string): Promise<ColumnInfo[]> {
    const rows = await this.queryRows(`DESCRIBE SELECT * FROM ${sql}`);
    return rows.map((row) => ({ name: String(row[0]), type: String(row[1]) }));
  }

  async queryRows(sql: string): Promise<unknown[][]> {
    if (!/^\s*(SELECT|WITH|FROM|VALUES|DESCRIBE)\b/i.test(sql)) this.#dropReader();
    const read = await this.#reader?.rows(sql);
    if (read) return read;
    const r = await (await this.#nodeDb()).con.run(sql);
    return (await r.getRowsJS()) as unknown[][];
  }

  async readNumeric(sql: string, opts: ReadNumericOptions = {}): Promise<NumericColumns> {
    const read = await this.#reader?.read(sql, opts.rows);
    if (read) return read;
    const r = await (await this.#nodeDb()).con.run(sql);
    // NULL must read as NaN on both paths below
    const names = r.columnNames();
    const rows = r.rowCount;
    const cols = names.map(() => new Float64Array(rows));
    const nChunks = r.chunkCount;
    let at = 0;
    for (let c = 0; c < nChunks; c++) {
      const chunk = r.getChunk(c);
      const n = chunk.rowCount;
      for (let k = 0; k < cols.length; k++) {
        const v = chunk.getColumnVector(k);
        const dst = cols[k]!;
        // Fast path: a DOUBLE vector exposes its buffer. Callers COALESCE NULLs
        // to NaN, so the validity mask adds nothing; otherwise read item by item.
        const items = (v as unknown as { items?: unknown }).items;
        if (items instanceof Float64Array && items.length === n && v.type.typeId === T.DOUBLE) {
          dst.set(items, at);
        } else {
          for (let i = 0; i < n; i++) {
            const x = v.getItem(i);
            dst[at + i] = x === null ? NaN : Number(x);
          }
        }
      }
      at += n;
    }
    const out: Record<string, Float64Array> = {};
    names.forEach((name, k) => (out[name] = cols[k]!));
    return { rows, columns: out };
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#dropReader();
    this.#node?.con.closeSync();
    this.#node?.instance.closeSync();
    this.#node = null;
  }

  [Symbol.dispose](): void {
    this.close();
  }
}

/**
 * Open the native DuckDB engine: in memory by default, or a database file,
 * read-write (created when missing) or read-only.
 *
 * @example
 * ```ts ignore
 * using db = await openNativeDuckDb();
 * const { columns } = await db.readNumeric("SELECT 1.5 AS x");
 * ```
 */
export async function openNativeDuckDb(
  path = ":memory:",
  opts: { readonly readOnly?: boolean } = {},
): Promise<SqlEngine> {
  const readOnly = opts.readOnly ?? false;
  if (path === ":memory:") {
    // the C API reader alone (~30 ms); node-api only when a call needs it
    const reader = await CApiReader.open();
    return new NativeDuckDb(path, readOnly, reader === null ? await openNodeDb(path, readOnly) : null, reader);
  }
  return new NativeDuckDb(path, readOnly, await openNodeDb(path, readOnly), null);
}
