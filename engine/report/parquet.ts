/**
 * A Parquet writer for long numeric series (the equity curve of
 * `equity.parquet`): the columns a run already holds as `Float64Array`s,
 * written as they are, without a database and without a copy of the doubles.
 *
 * Layout, the simplest that every Parquet reader takes (DuckDB, pandas with
 * pyarrow, polars, Spark): format version 1, one row group per 1,048,576
 * rows, each column chunk in data pages (v1) of up to 65,536 values, `PLAIN`
 * encoding, no compression, no dictionary, no statistics; every column
 * `REQUIRED` (no definition levels). A `double` column is `DOUBLE` (NaN
 * stays NaN); a `timestampMs` column is `INT64` annotated
 * `TIMESTAMP(isAdjustedToUTC = true, unit = MILLIS)` (converted type
 * `TIMESTAMP_MILLIS`), read back as a UTC timestamp. The metadata holds no
 * time, version or path: the same columns give the same bytes.
 *
 * @module
 */
import type { ByteWriter } from "./byte_writer.ts";

/**
 * One column of a Parquet file: its name, its kind, and one value per row
 * (epoch milliseconds for `timestampMs`, whole numbers).
 *
 * @example
 * ```ts
 * import type { ParquetColumn } from "./parquet.ts";
 * const col: ParquetColumn = { name: "equity", kind: "double", values: Float64Array.of(100, 101) };
 * console.log(col.kind);
 * ```
 */
export interface ParquetColumn {
  readonly name: string;
  readonly kind: "double" | "timestampMs";
  readonly values: Float64Array;
}

/** Rows per row group and values per data page. */
const ROW_GROUP_ROWS = 1 << 20;
const PAGE_ROWS = 1 << 16;
const MAGIC = Uint8Array.of(0x50, 0x41, 0x52, 0x31); // "PAR1"

// Parquet's enums (parquet.thrift)
const TYPE_INT64 = 2, TYPE_DOUBLE = 5;
const REQUIRED = 0;
const CONVERTED_TIMESTAMP_MILLIS = 9;
const ENCODING_PLAIN = 0, ENCODING_RLE = 3;
const CODEC_UNCOMPRESSED = 0;
const PAGE_DATA = 0;

// Thrift compact protocol: field types
const T_TRUE = 1, T_I32 = 5, T_I64 = 6, T_BINARY = 8, T_LIST = 9, T_STRUCT = 12;

/** Thrift's compact protocol, for the few structures a Parquet file's metadata needs. */
class Compact {
  readonly out: number[] = [];
  #last: number[] = [0];

  #varint(n: number): void {
    // n is a non-negative integer below 2^53
    while (n >= 128) {
      this.out.push((n % 128) | 128);
      n = Math.floor(n / 128);
    }
    this.out.push(n);
  }

  #zigzag(n: number): void {
    this.#varint(n >= 0 ? n * 2 : -n * 2 - 1);
  }

  #field(id: number, type: number): void {
    const last = this.#last[this.#last.length - 1]!;
    const delta = id - last;
    if (delta > 0 && delta <= 15) this.out.push((delta << 4) | type);
    else {
      this.out.push(type);
      this.#zigzag(id);
    }
    this.#last[this.#last.length - 1] = id;
  }

  i32(id: number, v: number): this {
    this.#field(id, T_I32);
    this.#zigzag(v);
    return this;
  }

  i64(id: number, v: number): this {
    this.#field(id, T_I64);
    this.#zigzag(v);
    return this;
  }

  bool(id: number, v: boolean): this {
    this.#field(id, v ? T_TRUE : T_TRUE + 1);
    return this;
  }

  string(id: number, s: string): this {
    this.#field(id, T_BINARY);
    const b = new TextEncoder().encode(s);
    this.#varint(b.length);
    for (const x of b) this.out.push(x);
    return this;
  }

  /** A struct field: `body` writes its fields. */
  struct(id: number, body: (c: this) => void): this {
    this.#field(id, T_STRUCT);
    this.#last.push(0);
    body(this);
    this.out.push(0); // stop
    this.#last.pop();
    return this;
  }

  #listHeader(id: number, size: number, elem: number): void {
    this.#field(id, T_LIST);
    if (size < 15) this.out.push((size << 4) | elem);
    else {
      this.out.push(0xf0 | elem);
      this.#varint(size);
    }
  }

  /** A list of structs, each written by `body`. */
  structs<T>(id: number, items: readonly T[], body: (c: this, x: T) => void): this {
    this.#listHeader(id, items.length, T_STRUCT);
    for (const x of items) {
      this.#last.push(0);
      body(this, x);
      this.out.push(0);
      this.#last.pop();
    }
    return this;
  }

  i32s(id: number, items: readonly number[]): this {
    this.#listHeader(id, items.length, T_I32);
    for (const x of items) this.#zigzag(x);
    return this;
  }

  strings(id: number, items: readonly string[]): this {
    this.#listHeader(id, items.length, T_BINARY);
    for (const s of items) {
      const b = new TextEncoder().encode(s);
      this.#varint(b.length);
      for (const x of b) this.out.push(x);
    }
    return this;
  }

  /** End the top-level struct and return its bytes. */
  done(): Uint8Array {
    this.out.push(0);
    return Uint8Array.from(this.out);
  }
}

/** A data page's header: `rows` values, `bytes` of PLAIN data. */
function pageHeader(rows: number, bytes: number): Uint8Array {
  return new Compact()
    .i32(1, PAGE_DATA)
    .i32(2, bytes)
    .i32(3, bytes)
    .struct(5, (c) => c.i32(1, rows).i32(2, ENCODING_PLAIN).i32(3, ENCODING_RLE).i32(4, ENCODING_RLE))
    .done();
}

const LITTLE_ENDIAN = new Uint8Array(Float64Array.of(1).buffer)[7] === 0x3f;

/**
 * A Parquet file of `columns` (all of one length), as a producer for
 * {@linkcode ByteWriter}: the doubles go to the sink as they lie in memory,
 * the times through one 512 KiB page buffer.
 *
 * @throws {RangeError} when the columns differ in length.
 *
 * @example Written here, read back by DuckDB
 * ```ts
 * import assert from "node:assert/strict";
 * import { collectBytes } from "./byte_writer.ts";
 * import { parquetFile } from "./parquet.ts";
 * import { openSqlEngine } from "../data/sql_engine.ts";
 * const bytes = collectBytes(parquetFile([
 *   { name: "time", kind: "timestampMs", values: Float64Array.of(0, 60_000) },
 *   { name: "equity", kind: "double", values: Float64Array.of(100, 100.5) },
 * ]));
 * const path = await Deno.makeTempFile({ suffix: ".parquet" });
 * await Deno.writeFile(path, bytes);
 * using db = await openSqlEngine("native");
 * const rows = await db.queryRows(`SELECT epoch_ms(time)::DOUBLE, equity FROM read_parquet('${path}')`);
 * assert.deepEqual(rows, [[0, 100], [60_000, 100.5]]); // time is a UTC timestamp (TIMESTAMP WITH TIME ZONE)
 * await Deno.remove(path);
 * ```
 */
export function parquetFile(columns: readonly ParquetColumn[]): (w: ByteWriter) => void {
  const rows = columns[0]?.values.length ?? 0;
  for (const c of columns) {
    if (c.values.length !== rows) {
      throw new RangeError(`parquetFile: column "${c.name}" has ${c.values.length} values, expected ${rows}`);
    }
  }
  if (!LITTLE_ENDIAN) throw new Error("parquetFile: needs a little-endian platform");
  return (w) => {
    let offset = 0;
    const put = (b: Uint8Array) => {
      w.chunk(b);
      offset += b.length;
    };
    put(MAGIC);
    const scratch = new Uint32Array(2 * Math.min(PAGE_ROWS, Math.max(rows, 1)));
    const groups: { rows: number; chunks: { offset: number; bytes: number }[] }[] = [];
    for (let g0 = 0; g0 < rows; g0 += ROW_GROUP_ROWS) {
      const gEnd = Math.min(rows, g0 + ROW_GROUP_ROWS);
      const chunks = columns.map((c) => {
        const start = offset;
        for (let p0 = g0; p0 < gEnd; p0 += PAGE_ROWS) {
          const n = Math.min(PAGE_ROWS, gEnd - p0);
          put(pageHeader(n, n * 8));
          if (c.kind === "double") put(new Uint8Array(c.values.buffer, c.values.byteOffset + p0 * 8, n * 8));
          else {
            const v = c.values;
            for (let i = 0; i < n; i++) {
              const ms = v[p0 + i]!;
              const hi = Math.floor(ms / 4294967296);
              scratch[2 * i] = ms - hi * 4294967296;
              scratch[2 * i + 1] = hi; // two's complement when negative
            }
            put(new Uint8Array(scratch.buffer, 0, n * 8));
          }
        }
        return { offset: start, bytes: offset - start };
      });
      groups.push({ rows: gEnd - g0, chunks });
    }
    const meta = new Compact()
      .i32(1, 1)
      .structs(2, [null, ...columns], (s, c) => {
        if (c === null) {
          s.string(4, "schema").i32(5, columns.length);
          return;
        }
        s.i32(1, c.kind === "double" ? TYPE_DOUBLE : TYPE_INT64).i32(3, REQUIRED).string(4, c.name);
        if (c.kind === "timestampMs") {
          s.i32(6, CONVERTED_TIMESTAMP_MILLIS).struct(
            10,
            (l) => l.struct(8, (t) => t.bool(1, true).struct(2, (u) => u.struct(1, () => {}))),
          );
        }
      })
      .i64(3, rows)
      .structs(4, groups, (s, g) => {
        s.structs(1, g.chunks.map((ch, k) => ({ ...ch, c: columns[k]! })), (cc, { offset, bytes, c }) => {
          cc.i64(2, offset).struct(3, (m) =>
            m.i32(1, c.kind === "double" ? TYPE_DOUBLE : TYPE_INT64)
              .i32s(2, [ENCODING_PLAIN, ENCODING_RLE])
              .strings(3, [c.name])
              .i32(4, CODEC_UNCOMPRESSED)
              .i64(5, g.rows)
              .i64(6, bytes)
              .i64(7, bytes)
              .i64(9, offset));
        })
          .i64(2, g.chunks.reduce((n, ch) => n + ch.bytes, 0))
          .i64(3, g.rows);
      })
      .string(6, "Deno backtest engine")
      .done();
    put(meta);
    put(Uint8Array.of(meta.length & 255, (meta.length >>> 8) & 255, (meta.length >>> 16) & 255, meta.length >>> 24));
    put(MAGIC);
  };
}
