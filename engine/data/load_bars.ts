/**
 * Load bars from CSV, Parquet, a DuckDB table or a SQL query into a
 * {@linkcode BarFrame}, validating every row.
 *
 * Column mapping (header names matched case-insensitively): time is `Date`,
 * `Datetime`, `Timestamp` or `Time`; prices are `Open`, `High`, `Low`,
 * `Close`; `Volume` and `Symbol` are optional, other columns are ignored. Text
 * times must be ISO-8601 (`YYYY-MM-DD`, `YYYY-MM-DD HH:MM:SS[.fff]`, optional
 * `T`, optional `Z` or offset); times without an offset are UTC.
 *
 * A file with no Symbol column takes its symbol from the config (a single
 * file and a single configured symbol) or else from its file name without
 * the extension.
 *
 * @module
 */
import { isAbsolute, resolve } from "node:path";
import { DataError } from "../errors.ts";
import { assembleFrame, type BarFrame, inferIntervalMs } from "./bar_frame.ts";
import { type DataConfig, parseDateMs, parseDurationMs } from "./config.ts";
import { type ColumnInfo, openSqlEngine, type SqlEngine } from "./sql_engine.ts";

/** Options for {@linkcode loadBars}. */
export interface LoadBarsOptions {
  /** Relative paths in the source resolve against this directory. */
  readonly baseDir?: string;
  /** The SQL engine to use; the native DuckDB engine by default. */
  readonly engine?: SqlEngine;
}

const TIME_NAMES = ["date", "datetime", "timestamp", "time"];
const PRICE_NAMES = ["open", "high", "low", "close"] as const;
const NUMERIC_TYPES =
  /^(DOUBLE|FLOAT|REAL|DECIMAL.*|TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/;

/**
 * DuckDB's CSV reader buffer. Its default (16 × the 2 MB longest line) holds
 * 32 MB per reading thread; 4 MB loads as fast and cuts the peak memory of a
 * 1M-bar load by ~40 MB. It must stay at least the longest line allowed (2 MB).
 */
const CSV_BUFFER_BYTES = 4 << 20;

const sqlString = (s: string) => `'${s.replaceAll("'", "''")}'`;
const ident = (s: string) => `"${s.replaceAll('"', '""')}"`;
const isGlob = (p: string) => /[*?[]/.test(p);

interface Piece {
  symbol: string;
  tsMs: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
  dateOnly: boolean;
  /** Where the rows came from, for messages. */
  origin: string;
}

interface Relation {
  /** The name users know this input by (a path, or "query"). */
  label: string;
  /** A typed relation, and the same one with every column read as text. */
  typed: string;
  text: string;
  /** True when row numbers map to file lines (header on line 1). */
  csv: boolean;
  /** File stem, the default symbol for files without a Symbol column. */
  stem: string;
  /** The file read, absolute; absent for a query. */
  file?: string;
}

/**
 * Load and validate bars as the config's `data` section describes.
 *
 * @throws {DataError} naming the file, the row and the problem.
 *
 * @example
 * ```ts ignore
 * const frame = await loadBars({ source: { kind: "files", path: "data/sample/*.csv" } });
 * console.log(frame.symbols, frame.length);
 * ```
 */
export async function loadBars(data: DataConfig, opts: LoadBarsOptions = {}): Promise<BarFrame> {
  const baseDir = opts.baseDir ?? Deno.cwd();
  const owned = opts.engine ? undefined : await openSqlEngine("native");
  const db = opts.engine ?? owned!;
  const pieces: Piece[] = [];
  try {
    const relations = await resolveRelations(db, data, baseDir);
    const single = relations.length === 1 && data.symbols?.length === 1 ? data.symbols[0] : undefined;
    for (const rel of relations) pieces.push(...await readRelation(db, rel, single));
  } finally {
    // before the frame is built: closing frees DuckDB's buffers
    owned?.close();
  }
  return finish(pieces, data);
}

/**
 * The files a `data` section reads, absolute and in load order: a glob
 * expanded exactly as {@linkcode loadBars} expands it, or the one file or
 * `.duckdb` database. A SQL query has no files of its own: null.
 *
 * @throws {DataError} when a file is missing or a glob matches nothing.
 */
export async function sourceFiles(
  data: DataConfig,
  opts: Pick<LoadBarsOptions, "baseDir"> = {},
): Promise<string[] | null> {
  if (data.source.kind === "sql") return null;
  const db = await openSqlEngine("native");
  try {
    return (await resolveRelations(db, data, opts.baseDir ?? Deno.cwd())).map((r) => r.file!);
  } finally {
    db.close();
  }
}

function describeSource(data: DataConfig): string {
  const s = data.source;
  return s.kind === "sql" ? "query" : `"${s.path}"`;
}

async function resolveRelations(db: SqlEngine, data: DataConfig, baseDir: string): Promise<Relation[]> {
  const src = data.source;
  if (src.kind === "sql") {
    const q = `(${src.query})`;
    return [{ label: "query", typed: q, text: q, csv: false, stem: "query" }];
  }
  const abs = isAbsolute(src.path) ? src.path : resolve(baseDir, src.path);
  if (src.kind === "duckdb") {
    try {
      await Deno.stat(abs);
    } catch (e) {
      throw notFound(src.path, abs, e);
    }
    try {
      await db.exec(`ATTACH ${sqlString(abs)} AS bars_src (READ_ONLY)`);
    } catch (e) {
      throw new DataError(`Cannot load bars from "${src.path}": not a readable DuckDB database (${firstLine(e)})`, {
        cause: e,
      });
    }
    const tables = (await db.queryRows(
      `SELECT table_name FROM information_schema.tables WHERE table_catalog = 'bars_src'`,
    )).map((r) => String(r[0]));
    if (!tables.includes(src.table)) {
      throw new DataError(
        `Cannot load bars from "${src.path}": no table "${src.table}"; found ${
          tables.length ? tables.join(", ") : "no tables"
        }`,
      );
    }
    const t = `bars_src.${ident(src.table)}`;
    return [{ label: `${src.path}:${src.table}`, typed: t, text: t, csv: false, stem: src.table, file: abs }];
  }
  let files: string[];
  if (isGlob(abs)) {
    files = (await db.queryRows(`SELECT file FROM glob(${sqlString(abs)}) ORDER BY file`)).map((r) => String(r[0]));
    if (files.length === 0) throw new DataError(`Cannot load bars: no files match "${src.path}" (resolved to ${abs})`);
  } else {
    try {
      if (!(await Deno.stat(abs)).isFile) throw new Error("not a file");
    } catch (e) {
      throw notFound(src.path, abs, e);
    }
    files = [abs];
  }
  return files.map((f) => fileRelation(f, files.length === 1 ? src.path : f));
}

/** A source that cannot be opened; a run without read permission for it (the sandbox) says so. */
function notFound(path: string, abs: string, e: unknown): DataError {
  return e instanceof Deno.errors.NotCapable
    ? new DataError(`Cannot load bars from "${path}": no permission to read ${abs}`, { cause: e })
    : new DataError(`Cannot load bars from "${path}": file not found (resolved to ${abs})`);
}

function fileRelation(file: string, label: string): Relation {
  const base = file.split(/[\\/]/).pop()!;
  const dot = base.lastIndexOf(".");
  const stem = dot > 0 ? base.slice(0, dot) : base;
  const ext = dot > 0 ? base.slice(dot + 1).toLowerCase() : "";
  if (ext === "parquet") {
    const r = `read_parquet(${sqlString(file)})`;
    return { label, typed: r, text: r, csv: false, stem, file };
  }
  return {
    label,
    typed: `read_csv(${sqlString(file)}, header = true, buffer_size = ${CSV_BUFFER_BYTES})`,
    text: `read_csv(${sqlString(file)}, header = true, all_varchar = true, buffer_size = ${CSV_BUFFER_BYTES})`,
    csv: true,
    stem,
    file,
  };
}

function firstLine(e: unknown): string {
  return String(e instanceof Error ? e.message : e).split("\n")[0]!.trim();
}

function rowRef(rel: Relation, row: number): string {
  return rel.csv ? `row ${row} (line ${row + 1})` : `row ${row}`;
}

interface Mapping {
  time: ColumnInfo;
  prices: ColumnInfo[];
  volume: ColumnInfo | undefined;
  symbol: ColumnInfo | undefined;
}

function mapColumns(rel: Relation, cols: ColumnInfo[]): Mapping {
  const find = (names: readonly string[]) => cols.find((c) => names.includes(c.name.trim().toLowerCase()));
  const time = find(TIME_NAMES);
  const prices = PRICE_NAMES.map((p) => find([p]));
  const missing = [
    ...(time ? [] : ["a time column (Date, Datetime, Timestamp or Time)"]),
    ...PRICE_NAMES.filter((_, i) => !prices[i]).map((p) => p[0]!.toUpperCase() + p.slice(1)),
  ];
  if (missing.length) {
    throw new DataError(
      `Cannot load bars from "${rel.label}": missing ${missing.join(", ")}; found columns ${
        cols.map((c) => JSON.stringify(c.name)).join(", ")
      }`,
    );
  }
  return { time: time!, prices: prices as ColumnInfo[], volume: find(["volume"]), symbol: find(["symbol"]) };
}

/** NULL (missing or unparsable) reads as NaN, which validation then reports. */
const nan = (e: string) => `COALESCE(${e}, 'NaN'::DOUBLE)`;

function timeExpr(rel: Relation, c: ColumnInfo): string {
  const id = ident(c.name);
  if (c.type === "DATE" || c.type.startsWith("TIMESTAMP")) {
    return nan(`epoch_ms(${id}::TIMESTAMP${c.type.includes("TIME ZONE") ? " WITH TIME ZONE" : ""})::DOUBLE`);
  }
  if (c.type === "VARCHAR") return nan(`epoch_ms(TRY_CAST(${id} AS TIMESTAMPTZ))::DOUBLE`);
  throw new DataError(
    `Cannot load bars from "${rel.label}": time column "${c.name}" has type ${c.type}; expected DATE, TIMESTAMP or ISO-8601 text`,
  );
}

function numExpr(rel: Relation, c: ColumnInfo): string {
  const id = ident(c.name);
  if (NUMERIC_TYPES.test(c.type)) return nan(`${id}::DOUBLE`);
  if (c.type === "VARCHAR") return nan(`TRY_CAST(${id} AS DOUBLE)`);
  throw new DataError(
    `Cannot load bars from "${rel.label}": column "${c.name}" has type ${c.type}; expected a number`,
  );
}

async function describe(db: SqlEngine, rel: Relation, relation: string): Promise<ColumnInfo[]> {
  try {
    return await db.describe(relation);
  } catch (e) {
    throw new DataError(
      `Cannot load bars from "${rel.label}": ${rel.csv ? "not a readable CSV file" : "cannot be read"} (${
        firstLine(e)
      })`,
      { cause: e },
    );
  }
}

async function readRelation(db: SqlEngine, rel: Relation, singleSymbol: string | undefined): Promise<Piece[]> {
  try {
    return await readWith(db, rel, rel.typed, singleSymbol);
  } catch (e) {
    if (e instanceof DataError || !rel.csv) throw e instanceof DataError ? e : wrap(rel, e);
    // The type sniffer saw only a sample and a later row did not fit: read the
    // file as text so the bad row can be named.
    return await readWith(db, rel, rel.text, singleSymbol);
  }
}

function wrap(rel: Relation, e: unknown): DataError {
  return new DataError(`Cannot load bars from "${rel.label}": ${firstLine(e)}`, { cause: e });
}

async function readWith(
  db: SqlEngine,
  rel: Relation,
  relation: string,
  singleSymbol: string | undefined,
): Promise<Piece[]> {
  const cols = await describe(db, rel, relation);
  if (rel.csv && cols.length === 1 && cols[0]!.name === "column0") {
    throw new DataError(`Cannot load bars from "${rel.label}": the file is empty or has no header row`);
  }
  const m = mapColumns(rel, cols);
  const exprs = [
    `${timeExpr(rel, m.time)} AS ts`,
    ...m.prices.map((c, i) => `${numExpr(rel, c)} AS ${PRICE_NAMES[i]}`),
    m.volume ? `${numExpr(rel, m.volume)} AS volume` : `'NaN'::DOUBLE AS volume`,
  ];
  let symbols: string[] = [];
  let sql: string;
  if (m.symbol) {
    const sym = ident(m.symbol.name);
    const rows = await db.queryRows(`SELECT DISTINCT ${sym}::VARCHAR FROM ${relation} ORDER BY 1`);
    if (rows.some((r) => r[0] === null)) {
      const bad = await db.queryRows(
        `SELECT rn FROM (SELECT row_number() OVER () AS rn, ${sym} AS s FROM ${relation}) WHERE s IS NULL ORDER BY rn LIMIT 1`,
      );
      throw new DataError(`Cannot load bars from "${rel.label}": empty Symbol at ${rowRef(rel, Number(bad[0]![0]))}`);
    }
    symbols = rows.map((r) => String(r[0]));
    sql = `SELECT ${exprs.map((e) => e.replace(/ AS \w+$/, "")).map((e, i) => `${e} AS c${i}`).join(", ")},
             (dense_rank() OVER (ORDER BY ${sym}::VARCHAR) - 1)::DOUBLE AS sid
           FROM (SELECT row_number() OVER () AS rn__, * FROM ${relation}) ORDER BY rn__`;
  } else {
    sql = `SELECT ${exprs.join(", ")} FROM ${relation}`;
  }
  const { rows, columns } = await db.readNumeric(sql);
  if (rows === 0) throw new DataError(`Cannot load bars from "${rel.label}": no rows after the header`);
  const c = Object.values(columns);
  const [ts, open, high, low, close, volume] = c as [
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
  ];
  const sid = m.symbol ? c[6]! : undefined;
  const colName = ["time", ...m.prices.map((p) => p.name), m.volume?.name ?? "Volume"];
  await validateRows(db, rel, rel.text, m, colName, ts, open, high, low, close, volume, sid, symbols);
  const dateOnly = m.time.type === "DATE" ||
    (m.time.type === "VARCHAR" && ts.every((t) => t % 86_400_000 === 0));
  if (!sid) {
    return [{
      symbol: singleSymbol ?? rel.stem,
      tsMs: ts,
      open,
      high,
      low,
      close,
      volume,
      dateOnly,
      origin: rel.label,
    }];
  }
  // split a multi-symbol relation into per-symbol columns, keeping file order
  const counts = new Int32Array(symbols.length);
  for (let i = 0; i < rows; i++) counts[sid[i]!]!++;
  const pieces = symbols.map((symbol, s) => {
    const n = counts[s]!;
    return {
      symbol,
      tsMs: new Float64Array(n),
      open: new Float64Array(n),
      high: new Float64Array(n),
      low: new Float64Array(n),
      close: new Float64Array(n),
      volume: new Float64Array(n),
      dateOnly,
      origin: rel.label,
    };
  });
  const at = new Int32Array(symbols.length);
  for (let i = 0; i < rows; i++) {
    const s = sid[i]!, p = pieces[s]!, k = at[s]!++;
    p.tsMs[k] = ts[i]!;
    p.open[k] = open[i]!;
    p.high[k] = high[i]!;
    p.low[k] = low[i]!;
    p.close[k] = close[i]!;
    p.volume[k] = volume[i]!;
  }
  return pieces;
}

async function rawValue(db: SqlEngine, relation: string, column: string, row: number): Promise<string> {
  try {
    const r = await db.queryRows(
      `SELECT ${
        ident(column)
      }::VARCHAR FROM (SELECT row_number() OVER () AS rn__, * FROM ${relation}) WHERE rn__ = ${row}`,
    );
    const v = r[0]?.[0];
    return v === null || v === undefined ? "an empty value" : JSON.stringify(v);
  } catch {
    return "an unreadable value";
  }
}

const isoMs = (t: number) => new Date(t).toISOString().replace("T00:00:00.000Z", "").replace(".000Z", "Z");

async function validateRows(
  db: SqlEngine,
  rel: Relation,
  /** The relation read as text, to quote a bad value as the file has it. */
  relation: string,
  m: Mapping,
  colName: string[],
  ts: Float64Array,
  open: Float64Array,
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  volume: Float64Array,
  sid: Float64Array | undefined,
  symbols: string[],
): Promise<void> {
  const n = ts.length;
  const where = `Cannot load bars from "${rel.label}"`;
  const lastTs = new Float64Array(Math.max(1, symbols.length)).fill(-Infinity);
  const lastRow = new Int32Array(Math.max(1, symbols.length));
  const hasVolume = m.volume !== undefined;
  for (let i = 0; i < n; i++) {
    const row = i + 1;
    const t = ts[i]!;
    if (!Number.isFinite(t)) {
      const raw = await rawValue(db, relation, m.time.name, row);
      throw new DataError(
        `${where}: unparsable time at ${
          rowRef(rel, row)
        }: found ${raw}; expected ISO-8601 YYYY-MM-DD or YYYY-MM-DD HH:MM:SS`,
      );
    }
    const o = open[i]!, h = high[i]!, l = low[i]!, c = close[i]!;
    if (!(o > 0 && h > 0 && l > 0 && c > 0 && h < Infinity && o < Infinity && c < Infinity)) {
      const k = [o, h, l, c].findIndex((p) => !(Number.isFinite(p) && p > 0));
      const col = m.prices[k]!.name;
      const raw = await rawValue(db, relation, col, row);
      throw new DataError(`${where}: ${col} must be a finite number > 0 at ${rowRef(rel, row)}: found ${raw}`);
    }
    if (h < l) throw new DataError(`${where}: high ${h} is below low ${l} at ${rowRef(rel, row)}`);
    if (h < Math.max(o, c)) {
      throw new DataError(`${where}: high ${h} is below max(open, close) = ${Math.max(o, c)} at ${rowRef(rel, row)}`);
    }
    if (l > Math.min(o, c)) {
      throw new DataError(`${where}: low ${l} is above min(open, close) = ${Math.min(o, c)} at ${rowRef(rel, row)}`);
    }
    if (hasVolume) {
      const v = volume[i]!;
      if (!(Number.isFinite(v) && v >= 0)) {
        const raw = await rawValue(db, relation, colName[5]!, row);
        throw new DataError(`${where}: Volume must be a finite number ≥ 0 at ${rowRef(rel, row)}: found ${raw}`);
      }
    }
    const s = sid ? sid[i]! : 0;
    const prev = lastTs[s]!;
    if (t <= prev) {
      const who = sid ? ` for symbol "${symbols[s]}"` : "";
      const what = t === prev ? "duplicate timestamp" : "timestamps decrease";
      throw new DataError(
        `${where}: ${what}${who} at ${rowRef(rel, row)}: ${isoMs(t)} follows ${isoMs(prev)} at ${
          rowRef(rel, lastRow[s]!)
        }`,
      );
    }
    lastTs[s] = t;
    lastRow[s] = row;
  }
}

function finish(pieces: Piece[], data: DataConfig): BarFrame {
  const label = describeSource(data);
  // merge pieces of the same symbol (e.g. one file per year), in file-name order
  const bySymbol = new Map<string, Piece[]>();
  for (const p of pieces) bySymbol.set(p.symbol, [...(bySymbol.get(p.symbol) ?? []), p]);
  if (data.symbols) {
    const missing = data.symbols.filter((s) => !bySymbol.has(s));
    if (missing.length) {
      throw new DataError(
        `Cannot load bars from ${label}: symbol${missing.length > 1 ? "s" : ""} ${
          missing.join(", ")
        } not found; found ${[...bySymbol.keys()].sort().join(", ")}`,
      );
    }
  }
  const wanted = data.symbols ? [...new Set(data.symbols)] : [...bySymbol.keys()];
  const fromMs = data.from === undefined ? -Infinity : parseDateMs(data.from);
  const toMs = data.to === undefined ? Infinity : parseDateMs(data.to) + (data.to.length === 10 ? 86_400_000 : 1);
  const fixedInterval = data.interval === undefined ? undefined : parseDurationMs(data.interval);
  const parts = [];
  for (const symbol of wanted.sort()) {
    const list = bySymbol.get(symbol)!;
    for (let k = 1; k < list.length; k++) {
      const a = list[k - 1]!, b = list[k]!;
      if (b.tsMs[0]! <= a.tsMs[a.tsMs.length - 1]!) {
        throw new DataError(
          `Cannot load bars for symbol "${symbol}": "${b.origin}" starts at ${
            isoMs(b.tsMs[0]!)
          }, not after the last bar of "${a.origin}" (${isoMs(a.tsMs[a.tsMs.length - 1]!)})`,
        );
      }
    }
    const cat = (f: (p: Piece) => Float64Array) => {
      if (list.length === 1) return f(list[0]!);
      const out = new Float64Array(list.reduce((n, p) => n + f(p).length, 0));
      let at = 0;
      for (const p of list) {
        out.set(f(p), at);
        at += f(p).length;
      }
      return out;
    };
    const ts = cat((p) => p.tsMs);
    let a = 0, b = ts.length;
    while (a < b && ts[a]! < fromMs) a++;
    while (b > a && ts[b - 1]! >= toMs) b--;
    if (a === b) continue;
    const cut = (x: Float64Array) => (a === 0 && b === x.length ? x : x.subarray(a, b));
    const tsCut = cut(ts);
    parts.push({
      symbol,
      tsMs: tsCut,
      open: cut(cat((p) => p.open)),
      high: cut(cat((p) => p.high)),
      low: cut(cat((p) => p.low)),
      close: cut(cat((p) => p.close)),
      volume: cut(cat((p) => p.volume)),
      intervalMs: fixedInterval ?? inferIntervalMs(ts, list.every((p) => p.dateOnly)),
    });
  }
  if (parts.length === 0) {
    throw new DataError(
      `Cannot load bars from ${label}: no bars for ${wanted.join(", ")} between ${data.from ?? "the start"} and ${
        data.to ?? "the end"
      }`,
    );
  }
  return assembleFrame(parts);
}
