/**
 * The only file that imports DuckDB. Everything else reaches the database
 * through the {@linkcode SqlEngine} interface, so another engine (the
 * WebAssembly build) can sit behind the same calls.
 *
 * @module
 */
import { DuckDBInstance, DuckDBTypeId } from "@duckdb/node-api";
import type { DuckDBConnection } from "@duckdb/node-api";
import type { ColumnInfo, NumericColumns, SqlEngine } from "./sql_engine.ts";

/** A DuckDB database handle (in memory unless a path is given). */
class NativeDuckDb implements SqlEngine {
  #instance: DuckDBInstance;
  #con: DuckDBConnection;

  constructor(instance: DuckDBInstance, con: DuckDBConnection) {
    this.#instance = instance;
    this.#con = con;
  }

  async exec(sql: string): Promise<void> {
    await this.#con.run(sql);
  }

  async describe(sql: string): Promise<ColumnInfo[]> {
    const r = await this.#con.run(`DESCRIBE SELECT * FROM ${sql}`);
    const rows = await r.getRows();
    return rows.map((row) => ({ name: String(row[0]), type: String(row[1]) }));
  }

  async queryRows(sql: string): Promise<unknown[][]> {
    const r = await this.#con.run(sql);
    return (await r.getRowsJS()) as unknown[][];
  }

  async readNumeric(sql: string): Promise<NumericColumns> {
    const r = await this.#con.run(sql);
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
        if (items instanceof Float64Array && items.length === n && v.type.typeId === DuckDBTypeId.DOUBLE) {
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
    this.#con.closeSync();
    this.#instance.closeSync();
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
  const instance = await DuckDBInstance.create(path, opts.readOnly ? { access_mode: "READ_ONLY" } : undefined);
  const con = await instance.connect();
  return new NativeDuckDb(instance, con);
}
