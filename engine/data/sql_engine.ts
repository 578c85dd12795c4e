/**
 * The narrow interface between the engine and a SQL engine (DuckDB, native or
 * WebAssembly). Only `_duckdb.ts` implements it.
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
  readNumeric(sql: string): Promise<NumericColumns>;
  close(): void;
}
