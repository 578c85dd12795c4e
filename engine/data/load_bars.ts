/**
 * Load bars from CSV, Parquet, a DuckDB table or a SQL query into a
 * {@linkcode BarFrame}, validating every row.
 *
 * Column mapping (header names matched case-insensitively): time is `Date`,
 * `Datetime`, `Timestamp` or `Time`, or a `Date` and a `Time` column read as
 * one; prices are `Open`, `High`, `Low`, `Close`; `Volume` and `Symbol` are
 * optional, other columns are ignored. Text times must be ISO-8601
 * (`YYYY-MM-DD`, `YYYY-MM-DD HH:MM[:SS[.fff]]`, optional `T`, optional `Z` or
 * offset), or follow `data.timeFormat` when it is set; times without an
 * offset are UTC. Nothing is guessed: `01/02/2024` without a `timeFormat` is
 * an error. Text numbers are decimal (`12.5`, `1e3`), never hex (`0x0A`) or
 * with digit separators (`1_0`); prices lie in [1e-12, 1e12], volumes in
 * [0, 1e18].
 *
 * The rules hold on every row, not only on the rows DuckDB's type sniffer
 * samples: times are read as text and checked here (DuckDB's typed read of
 * a column it sniffed as TIMESTAMP would take a later `2001/01/01`, `epoch`
 * or `infinity` and drop a `+02` offset), and prices are parsed by DuckDB's
 * reader only when the file holds no byte that could make a digit
 * separator or a hex number; otherwise every value is read as text and
 * converted here. Before DuckDB sees a file, its kind (a directory, a FIFO, a loop
 * of links), its permissions and its first 64 KiB are checked, so that a
 * huge file that is not data fails at once instead of being read whole.
 *
 * A file with no Symbol column takes the symbol its source gives it (a
 * `{symbol}` pattern's match or a map's key, see `source_files.ts`), else
 * the config's (a single file and a single configured symbol), else its file
 * name without the extension. A file whose Symbol column disagrees with the
 * symbol its source gives it is a {@linkcode DataError}.
 *
 * @module
 */
import { isAbsolute, resolve } from "node:path";
import { DataError } from "../errors.ts";
import { assembleFrame, type BarFrame, type FramePart, freeBuffers, inferIntervalMs } from "./bar_frame.ts";
import { type DataConfig, parseDateMs, parseDurationMs } from "./config.ts";
import { type ColumnInfo, openSqlEngine, type SqlEngine } from "./sql_engine.ts";
import { PRICE_MAX, PRICE_MIN, VOLUME_MAX } from "./bounds.ts";
import { isPattern, resolveSourceFiles } from "./source_files.ts";
import { type CalendarSpec, createCalendar, loadCalendarSpec } from "./calendar.ts";
import { applySessions } from "./sessions.ts";
import { actionsBySymbol, checkActions, type CorporateAction, loadActions, toFrameActions } from "./actions.ts";
import { actionFactors, adjustFromAdjClose, applyFactors } from "./adjust.ts";

/** Options for {@linkcode loadBars}. */
export interface LoadBarsOptions {
  /** Relative paths in the source resolve against this directory. */
  readonly baseDir?: string;
  /** The SQL engine to use; the native DuckDB engine by default. */
  readonly engine?: SqlEngine;
  /**
   * The memory the run may hold, in bytes: a source whose estimate
   * ({@linkcode estimateLoad}) is above it is refused before it is read. By
   * default the memory the system has available (Linux, with read access to
   * `/proc/meminfo`), and no check where that is unknown.
   */
  readonly memoryBytes?: number;
}

/**
 * What a run holds per bar at its peak, in bytes: the frame's own columns
 * (six prices and times and the close time as doubles, three int32 indexes:
 * 68 bytes), the copy DuckDB's result holds while it is read into them (48),
 * and the run's per-bar curves (equity, cash, returns, indicators: ~54).
 */
export const PEAK_BYTES_PER_BAR = 170;
/** What a run holds whatever its size: the runtime, DuckDB and the engine's code. */
export const BASE_RUN_BYTES = 160 * 2 ** 20;

/**
 * How many bars a `data` section holds, estimated before it is read, and
 * the memory a run over them needs ({@linkcode PEAK_BYTES_PER_BAR} a bar
 * and {@linkcode BASE_RUN_BYTES}).
 */
export interface LoadEstimate {
  /** The source as users know it (a path, a glob). */
  readonly source: string;
  readonly bars: number;
  /** How the bars were counted: "counted" (Parquet, DuckDB) or "from the file size" (CSV). */
  readonly basis: "counted" | "from the file size";
  readonly bytes: number;
}

const TIME_NAMES = ["date", "datetime", "timestamp", "time"];
const PRICE_NAMES = ["open", "high", "low", "close"] as const;

/** 1e12, not 1000000000000. */
const sci = (x: number) => x.toExponential().replace("e+", "e");

/** How much of a file is checked before DuckDB reads it. */
const HEAD_BYTES = 64 << 10;

/**
 * ISO-8601 as accepted, checked by shape (a regular expression per row
 * would add half the load time): a date `____-__-__`, then optionally `T`
 * or a space and a time of day; DuckDB's cast then checks the digits. The
 * cast alone would also take `2024/01/02`, `2024-1-2`, `20240102`, `epoch`,
 * `infinity` or a zone name; a year before 1 (`2024-01-02 (BC)`) is refused
 * after it, by {@linkcode MIN_TIME_MS}.
 */
function isoShape(t: string): string {
  return `(${t} LIKE '____-__-__%' AND (length(${t}) = 10 OR substr(${t}, 11, 1) IN ('T', ' ')))`;
}
/** An ISO time that carries a numeric offset (a `Z` reads the same either way). */
const hasOffset = (t: string) => `(contains(substr(${t}, 12), '+') OR contains(substr(${t}, 12), '-'))`;
/**
 * The ISO layouts nearly every file uses, each one `LIKE` (a third of the
 * cost of the general shape test and offset search, which then run only on
 * the other rows). A `+` or `-` in their time of day is no offset: the cast
 * refuses it either way, so they need no offset test.
 */
const commonIso = (t: string) =>
  `(${t} LIKE '____-__-__ __:__:__' OR ${t} LIKE '____-__-__' OR ${t} LIKE '____-__-__T__:__:__')`;
/** 0001-01-01T00:00Z: anything earlier came from a cast's extension (BC dates), not from ISO-8601. */
const MIN_TIME_MS = -62_135_596_800_000;
/** A date whose day and month could be either way round: 01/02/2024, 1.2.24. */
const AMBIGUOUS_DATE_RE = /^\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b/;
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
  /** True when row numbers map to file lines (a CSV file: row r is on line r + 1). */
  csv: boolean;
  /** True when the source has a volume column. */
  hasVolume: boolean;
  /** The source row (1-based) of each bar, when the input holds several symbols; else bar i is row i + 1. */
  rows?: Int32Array;
  /** The `Adj Close` column, each value checked to be a price, when `data.prices` is `adjusted` without `actions`. */
  adjClose?: Float64Array;
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
  /** The symbol the source gives this file (a `{symbol}` capture or a map key), over the stem. */
  symbol?: string;
  /** The file read, absolute; absent for a query. */
  file?: string;
  /** Its rows, estimated from its size and first 64 KiB (an uncompressed CSV file), or counted (otherwise). */
  estRows?: number;
  /** True when `estRows` is the count of `typed`'s rows, not an estimate. */
  counted?: boolean;
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
  let calendar: CalendarSpec | undefined;
  let actions: CorporateAction[] | undefined;
  try {
    const relations = await resolveRelations(db, data, baseDir);
    const limit = opts.memoryBytes ?? availableMemoryBytes();
    if (limit !== undefined) checkMemory(await estimateRelations(db, data, relations), limit, "the memory available");
    const single = relations.length === 1 && data.symbols?.length === 1 ? data.symbols[0] : undefined;
    const adjClose = data.prices === "adjusted" && data.actions === undefined;
    for (const rel of relations) {
      pieces.push(...await readRelation(db, rel, rel.symbol ?? single, data.timeFormat, true, adjClose));
    }
    if (data.calendar !== undefined) calendar = await loadCalendarSpec(data.calendar, { baseDir, engine: db });
    if (data.actions !== undefined) actions = await loadActions(data.actions, { baseDir, engine: db });
  } finally {
    // before the frame is built: closing frees DuckDB's buffers
    owned?.close();
  }
  const frame = finish(pieces, data, calendar, actions);
  return data.prices === "rawWithActions" ? { ...frame, actions: toFrameActions(actions!, frame) } : frame;
}

/**
 * Estimate the bars a `data` section holds and the memory a run over them
 * needs, without reading them: an uncompressed CSV file's rows from its size
 * and the lines of its first 64 KiB; a Parquet file's and a DuckDB table's
 * counted from their metadata. Null for a SQL query or a compressed file
 * (nothing to go by). `engine` is used for Parquet and DuckDB sources only,
 * and opened (native) only then.
 *
 * @throws {DataError} when a file is missing or not data (as {@linkcode loadBars}).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { estimateLoad, PEAK_BYTES_PER_BAR } from "./load_bars.ts";
 * const e = (await estimateLoad({ source: { kind: "files", path: "data/sample/AAA.csv" } }))!;
 * assert.ok(Math.abs(e.bars - 2608) < 2608 * 0.05); // 117 KB: from the lines of its first 64 KiB
 * assert.ok(e.bytes > e.bars * PEAK_BYTES_PER_BAR);
 * ```
 */
export async function estimateLoad(
  data: DataConfig,
  opts: Pick<LoadBarsOptions, "baseDir" | "engine"> = {},
): Promise<LoadEstimate | null> {
  if (data.source.kind === "sql") return null;
  const baseDir = opts.baseDir ?? Deno.cwd();
  let owned: SqlEngine | undefined;
  // CSV files need no engine: one opens only for a source that is counted
  const lazy: SqlEngine = {
    exec: async (sql) => await (await engine()).exec(sql),
    describe: async (sql) => await (await engine()).describe(sql),
    queryRows: async (sql) => await (await engine()).queryRows(sql),
    readNumeric: async (sql) => await (await engine()).readNumeric(sql),
    close: () => owned?.close(),
    [Symbol.dispose]: () => owned?.close(),
  };
  const engine = async () => opts.engine ?? (owned ??= await openSqlEngine("native"));
  try {
    return await estimateRelations(lazy, data, await resolveRelations(lazy, data, baseDir));
  } finally {
    owned?.close();
  }
}

/**
 * Refuse a load whose estimate is above `limitBytes`, naming the source, the
 * bars, what they need and what there is (`what`: "the memory available",
 * "the run's memory limit (--max-memory)"), with `hint` as the last remedy.
 *
 * @throws {DataError} when the estimate is above the limit.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkMemory } from "./load_bars.ts";
 * const e = { source: '"big.csv"', bars: 50_000_000, basis: "from the file size" as const, bytes: 8.7e9 };
 * assert.throws(() => checkMemory(e, 4 * 2 ** 30, "the memory available"), /needs about 8.1 GiB of memory/);
 * checkMemory(e, 16 * 2 ** 30, "the memory available"); // fits
 * ```
 */
export function checkMemory(e: LoadEstimate | null, limitBytes: number, what: string, hint = ""): void {
  if (e === null || e.bytes <= limitBytes) return;
  throw new DataError(
    `Cannot load bars from ${e.source}: about ${e.bars.toLocaleString("en-US")} bars (${e.basis}), which a run ` +
      `needs about ${gib(e.bytes)} of memory for (${PEAK_BYTES_PER_BAR} bytes a bar and ${
        gib(BASE_RUN_BYTES)
      }); ${what} is ${gib(limitBytes)}. Nothing was read: load fewer bars (data.from and data.to, ` +
      `data.symbols, fewer files)${hint || " or run where more memory is free"}`,
  );
}

const gib = (b: number) => (b >= 2 ** 30 ? `${(b / 2 ** 30).toFixed(1)} GiB` : `${Math.ceil(b / 2 ** 20)} MiB`);

async function estimateRelations(
  db: SqlEngine,
  data: DataConfig,
  relations: readonly Relation[],
): Promise<LoadEstimate | null> {
  if (data.source.kind === "sql") return null; // counting would run the query
  let bars = 0, counted = false;
  for (const rel of relations) {
    if (rel.csv) {
      if (rel.estRows === undefined) return null; // compressed
      bars += rel.estRows;
    } else {
      const [[n]] = await db.queryRows(`SELECT count(*) FROM ${rel.typed}`) as [[bigint | number]];
      rel.estRows = Number(n);
      rel.counted = true;
      bars += rel.estRows;
      counted = true;
    }
  }
  if (relations.length === 0) return null;
  return {
    source: describeSource(data),
    bars,
    basis: counted && relations.every((r) => !r.csv) ? "counted" : "from the file size",
    bytes: bars * PEAK_BYTES_PER_BAR + BASE_RUN_BYTES,
  };
}

/**
 * The memory this process could still take, in bytes: `MemAvailable` of
 * `/proc/meminfo`, and the cgroup's own limit when it is lower. Undefined
 * where it cannot be read (not Linux, or no read access: never prompts).
 */
function availableMemoryBytes(): number | undefined {
  const read = (path: string) => {
    try {
      if (Deno.permissions.querySync({ name: "read", path }).state !== "granted") return undefined;
      return Deno.readTextFileSync(path);
    } catch {
      return undefined;
    }
  };
  const info = read("/proc/meminfo");
  const kb = info === undefined ? undefined : /^MemAvailable:\s+(\d+) kB$/m.exec(info)?.[1];
  if (kb === undefined) return undefined;
  let bytes = Number(kb) * 1024;
  const max = Number(read("/sys/fs/cgroup/memory.max")), current = Number(read("/sys/fs/cgroup/memory.current"));
  if (Number.isFinite(max) && Number.isFinite(current)) bytes = Math.min(bytes, max - current);
  return bytes;
}

/** One symbol's bars from one input, exactly as read: not validated, not merged with other inputs, not cut to `from`/`to`. */
export interface RawBars {
  readonly symbol: string;
  /** The input's name as users know it: a path, or "query". */
  readonly origin: string;
  /** True when row numbers map to file lines (a CSV file: row r is on line r + 1). */
  readonly csv: boolean;
  /** Bar times, epoch ms UTC; NaN where the time did not parse. */
  readonly tsMs: Float64Array;
  /** Prices and volume; NaN where a value is missing or did not parse. */
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
  /** True when the source has a volume column. */
  readonly hasVolume: boolean;
  /** True when every time is a date (daily bars). */
  readonly dateOnly: boolean;
  /** The source row (1-based) of each bar when the input holds several symbols; else bar i is row i + 1. */
  readonly rows?: Int32Array;
}

/**
 * Read the bars a `data` section names without judging them: every row as it
 * is, for the data checks (`engine/data/check.ts`) to report on. Errors that
 * leave nothing to read (a missing file, a missing column, a `data.symbols`
 * entry no input has) still throw.
 *
 * @throws {DataError} naming the file and the problem.
 *
 * @example
 * ```ts ignore
 * const raw = await loadRawBars({ source: { kind: "files", path: "data/sample/*.csv" } });
 * console.log(raw.map((r) => `${r.symbol}: ${r.tsMs.length} rows from ${r.origin}`));
 * ```
 */
export async function loadRawBars(data: DataConfig, opts: LoadBarsOptions = {}): Promise<RawBars[]> {
  const baseDir = opts.baseDir ?? Deno.cwd();
  const owned = opts.engine ? undefined : await openSqlEngine("native");
  const db = opts.engine ?? owned!;
  try {
    const relations = await resolveRelations(db, data, baseDir);
    const single = relations.length === 1 && data.symbols?.length === 1 ? data.symbols[0] : undefined;
    const out: Piece[] = [];
    for (const rel of relations) out.push(...await readRelation(db, rel, rel.symbol ?? single, data.timeFormat, false));
    const wanted = data.symbols === undefined ? undefined : new Set(data.symbols);
    if (wanted !== undefined) {
      const found = new Set(out.map((p) => p.symbol));
      const missing = [...wanted].filter((s) => !found.has(s));
      if (missing.length) {
        throw new DataError(
          `Cannot load bars from ${describeSource(data)}: symbol${missing.length > 1 ? "s" : ""} ${
            missing.join(", ")
          } not found; found ${[...found].sort().join(", ")}`,
        );
      }
    }
    return out.filter((p) => wanted === undefined || wanted.has(p.symbol));
  } finally {
    owned?.close();
  }
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
  if (s.kind === "files" && s.files) {
    return `data.source.files (${Object.entries(s.files).map(([k, v]) => `${k}: "${v}"`).join(", ")})`;
  }
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
    await checkKind(src.path, abs);
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
  const single = !src.files && !isPattern(src.path);
  const files = single ? [{ file: abs }] : await resolveSourceFiles(src, baseDir);
  const relations = files.map(({ file, symbol }) => {
    const rel = fileRelation(file, single ? src.path : file);
    if (symbol !== undefined) rel.symbol = symbol;
    return rel;
  });
  for (const rel of relations) {
    await checkKind(rel.label, rel.file!);
    await checkHead(rel);
  }
  return relations;
}

/** Why a source cannot be opened, said as what it is: missing, a loop of links, forbidden. */
function openError(label: string, abs: string, e: unknown): DataError {
  const where = `Cannot load bars from "${label}"`;
  if (e instanceof Deno.errors.NotCapable) {
    // a run without Deno read permission for it (the sandbox)
    return new DataError(`${where}: no permission to read ${abs}`, { cause: e });
  }
  if (e instanceof Deno.errors.PermissionDenied) {
    return new DataError(
      `${where}: permission denied: the operating system does not let this user read it (${abs})`,
      { cause: e },
    );
  }
  if (e instanceof Deno.errors.FilesystemLoop || (e as { code?: string })?.code === "ELOOP") {
    return new DataError(`${where}: a loop of symbolic links (resolved to ${abs})`, { cause: e });
  }
  if (e instanceof Deno.errors.NotFound) {
    return new DataError(`${where}: file not found (resolved to ${abs})`, { cause: e });
  }
  return new DataError(`${where}: cannot be opened (${firstLine(e)})`, { cause: e });
}

/** Reject what is not a regular file (a directory, a FIFO, a device) before anything opens it. */
async function checkKind(label: string, abs: string): Promise<void> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(abs);
  } catch (e) {
    throw openError(label, abs, e);
  }
  if (info.isFile) return;
  const where = `Cannot load bars from "${label}"`;
  if (info.isDirectory) {
    throw new DataError(
      `${where}: a directory, not a file; to load the files in it, use a glob such as "${
        label.replace(/[\\/]+$/, "")
      }/*.csv"`,
    );
  }
  const kind = info.isFifo
    ? "a FIFO (named pipe)"
    : info.isSocket
    ? "a socket"
    : info.isCharDevice
    ? "a character device"
    : info.isBlockDevice
    ? "a block device"
    : "a special file";
  throw new DataError(`${where}: ${kind}, not a regular file`);
}

/** Compressed CSV that DuckDB decompresses itself: gzip and zstd. */
const isCompressed = (b: Uint8Array) =>
  (b[0] === 0x1f && b[1] === 0x8b) || (b[0] === 0x28 && b[1] === 0xb5 && b[2] === 0x2f && b[3] === 0xfd);

/**
 * Read the first 64 KiB of a file and reject what is plainly not data: a
 * CSV file with a NUL byte or without a line break, a Parquet file without
 * its magic number. DuckDB would otherwise read a huge file of zeros whole
 * (minutes, and all of the sandbox's memory) before failing.
 */
async function checkHead(rel: Relation): Promise<void> {
  const abs = rel.file!;
  let head: Uint8Array, size: number;
  try {
    using f = await Deno.open(abs, { read: true });
    size = (await f.stat()).size;
    head = new Uint8Array(Math.min(HEAD_BYTES, size));
    let at = 0;
    while (at < head.length) {
      const n = await f.read(head.subarray(at));
      if (n === null) break;
      at += n;
    }
    head = head.subarray(0, at);
  } catch (e) {
    throw openError(rel.label, abs, e);
  }
  const where = `Cannot load bars from "${rel.label}"`;
  if (!rel.csv) {
    const magic = new TextDecoder().decode(head.subarray(0, 4));
    if (magic !== "PAR1") throw new DataError(`${where}: not a Parquet file (it does not start with PAR1)`);
    return;
  }
  if (isCompressed(head)) return;
  rel.estRows = estimateRows(head, size);
  const nul = head.indexOf(0);
  if (nul >= 0) throw new DataError(`${where}: not a readable CSV file: binary data (a NUL byte at byte ${nul})`);
  if (size > HEAD_BYTES && head.indexOf(0x0a) < 0 && head.indexOf(0x0d) < 0) {
    throw new DataError(`${where}: not a readable CSV file: no line break in its first 64 KiB`);
  }
}

/**
 * The data rows of a CSV file of `size` bytes whose first bytes are `head`:
 * counted when `head` is the whole file, else the bytes after the header
 * over the mean length of the whole lines in `head`.
 */
function estimateRows(head: Uint8Array, size: number): number {
  let lines = 0, lastEol = -1, firstEol = -1;
  for (let i = head.indexOf(0x0a); i >= 0; i = head.indexOf(0x0a, i + 1)) {
    if (firstEol < 0) firstEol = i;
    lastEol = i;
    lines++;
  }
  if (head.length === size) return Math.max(0, lines - (head[size - 1] === 0x0a ? 1 : 0));
  if (lines < 2) return Math.ceil(size / Math.max(1, head.length)); // one long line: at least a row a head
  return Math.round((size - firstEol - 1) / ((lastEol - firstEol) / (lines - 1)));
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
  // DuckDB's sniffer types a column from a sample of rows and then reads
  // `0x0A` as 10 and `01/02/2024` as whichever date order the sample
  // suggested: the types are set by `csvTypes` instead, or all is text.
  const text = `read_csv(${sqlString(file)}, header = true, all_varchar = true, buffer_size = ${CSV_BUFFER_BYTES})`;
  return {
    label,
    typed: text,
    text,
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
  /** One time column, or a date and a time-of-day column read as one. */
  time: ColumnInfo[];
  prices: ColumnInfo[];
  volume: ColumnInfo | undefined;
  symbol: ColumnInfo | undefined;
  /** `Adj Close` (`adj_close`, `AdjClose`, `adjusted_close`), when present. */
  adjClose: ColumnInfo | undefined;
}

/** The names of an adjusted close column, lower-case (Yahoo's `Adj Close`, and its spellings elsewhere). */
const ADJ_CLOSE_NAMES = ["adj close", "adj_close", "adjclose", "adjusted_close"];

function mapColumns(rel: Relation, cols: ColumnInfo[]): Mapping {
  const key = (c: ColumnInfo) => c.name.trim().toLowerCase();
  const find = (names: readonly string[]) => cols.find((c) => names.includes(key(c)));
  const times = cols.filter((c) => TIME_NAMES.includes(key(c)));
  const dateAndTime = times.length === 2 && key(times[0]!) === "date" && key(times[1]!) === "time";
  if (times.length > 1 && !dateAndTime) {
    const names = times.map((c) => JSON.stringify(c.name));
    throw new DataError(
      `Cannot load bars from "${rel.label}": ${times.length === 2 ? "two" : times.length} time columns, ${
        names.slice(0, -1).join(", ")
      } and ${names.at(-1)}; keep one, or a "Date" and a "Time" of day, which are read as one time`,
    );
  }
  const time = times.length ? times : undefined;
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
  return {
    time: time!,
    prices: prices as ColumnInfo[],
    volume: find(["volume"]),
    symbol: find(["symbol"]),
    adjClose: find(ADJ_CLOSE_NAMES),
  };
}

/** NULL (missing or unparsable) reads as NaN, which validation then reports. */
const nan = (e: string) => `COALESCE(${e}, 'NaN'::DOUBLE)`;

/** True when the time is text, parsed by the rules above (not a typed DATE or TIMESTAMP). */
const isTextTime = (time: ColumnInfo[]) => time.length === 2 || time[0]!.type === "VARCHAR";

/** The text of the time: the column, or the date and time of day joined by a space. */
function timeText(time: ColumnInfo[]): string {
  return time.length === 1
    ? ident(time[0]!.name)
    : `(trim(${ident(time[0]!.name)}::VARCHAR) || ' ' || trim(${ident(time[1]!.name)}::VARCHAR))`;
}

function timeExpr(rel: Relation, time: ColumnInfo[], timeFormat: string | undefined): string {
  const c = time[0]!;
  if (!isTextTime(time) && (c.type === "DATE" || c.type.startsWith("TIMESTAMP"))) {
    return nan(`epoch_ms(${ident(c.name)}::TIMESTAMP${c.type.includes("TIME ZONE") ? " WITH TIME ZONE" : ""})::DOUBLE`);
  }
  if (isTextTime(time)) {
    const t = timeText(time);
    if (timeFormat !== undefined) return nan(`epoch_ms(TRY_STRPTIME(${t}, ${sqlString(timeFormat)}))::DOUBLE`);
    // an offset converts to UTC; without one the time is UTC whatever DuckDB's TimeZone setting
    return nan(`CASE WHEN ${commonIso(t)} THEN epoch_ms(TRY_CAST(${t} AS TIMESTAMP))::DOUBLE
      WHEN NOT ${isoShape(t)} THEN NULL
      WHEN ${hasOffset(t)} THEN epoch_ms(TRY_CAST(${t} AS TIMESTAMPTZ))::DOUBLE
      ELSE epoch_ms(TRY_CAST(${t} AS TIMESTAMP))::DOUBLE END`);
  }
  throw new DataError(
    `Cannot load bars from "${rel.label}": time column "${c.name}" has type ${c.type}; expected DATE, TIMESTAMP or ISO-8601 text`,
  );
}

function numExpr(rel: Relation, c: ColumnInfo): string {
  const id = ident(c.name);
  if (NUMERIC_TYPES.test(c.type)) return nan(`${id}::DOUBLE`);
  if (c.type === "VARCHAR") {
    // DuckDB's cast takes decimal text, and also digit separators (`1_0`): not those
    return nan(`CASE WHEN contains(${id}, '_') THEN NULL ELSE TRY_CAST(${id} AS DOUBLE) END`);
  }
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

async function readRelation(
  db: SqlEngine,
  rel: Relation,
  singleSymbol: string | undefined,
  timeFormat: string | undefined,
  validate = true,
  /** Read and check the `Adj Close` column (`data.prices: "adjusted"` without `actions`). */
  adjClose = false,
): Promise<Piece[]> {
  try {
    const fast = rel.csv ? await typedCsv(db, rel, adjClose) : null;
    if (fast) {
      try {
        return await readWith(db, rel, fast.relation, singleSymbol, timeFormat, validate, fast.cols, adjClose);
      } catch (e) {
        if (e instanceof DataError) throw e;
        // a price DuckDB's parser refused (`0x0A`, a word): read as text to name the row
      }
    }
    return await readWith(db, rel, rel.typed, singleSymbol, timeFormat, validate, undefined, adjClose);
  } catch (e) {
    throw e instanceof DataError ? e : wrap(rel, e);
  }
}

/**
 * The fast way to read a CSV file: prices and volume parsed as DOUBLE by
 * DuckDB's reader (a third faster than text and a cast), times and symbols
 * as text. DuckDB's DOUBLE parser also takes digit separators and hex, so a
 * file with `_` or `x` after its header is read all as text (a scan four
 * bytes at a time decides, ~10 ms for 50 MB). Null when the text path must be taken.
 */
async function typedCsv(
  db: SqlEngine,
  rel: Relation,
  adjClose = false,
): Promise<{ relation: string; cols: ColumnInfo[] } | null> {
  // the scan reads the file here while DuckDB sniffs it on its own threads
  const scan = mayHoldNonDecimal(rel.file!).catch(() => true); // unreadable: the text path reports it
  const cols = await describe(db, rel, rel.text);
  if (cols.length === 1 && cols[0]!.name === "column0") return null;
  let m: Mapping;
  try {
    m = mapColumns(rel, cols);
  } catch {
    return null; // the text path reports it
  }
  if (await scan) return null;
  const types = [
    ...m.time.map((c) => [c.name, "VARCHAR"]),
    ...(m.symbol ? [[m.symbol.name, "VARCHAR"]] : []),
    ...[...m.prices, ...(m.volume ? [m.volume] : []), ...(adjClose && m.adjClose ? [m.adjClose] : [])].map((
      c,
    ) => [c.name, "DOUBLE"]),
  ];
  const typeOf = new Map(types.map(([name, type]) => [name!, type!]));
  return {
    relation: `read_csv(${sqlString(rel.file!)}, header = true, buffer_size = ${CSV_BUFFER_BYTES}, types = {${
      types.map(([name, type]) => `${sqlString(name!)}: '${type}'`).join(", ")
    }})`,
    cols: cols.map((c) => ({ name: c.name, type: typeOf.get(c.name) ?? c.type })),
  };
}

/**
 * True when a byte `_`, `x` or `X` follows the first line break (or the file
 * is compressed: not scanned). DuckDB's DOUBLE parser reads `1_0` as 10, and
 * the WebAssembly build reads `0x0A` as 10 past the sniffed rows.
 */
async function mayHoldNonDecimal(file: string): Promise<boolean> {
  using f = await Deno.open(file, { read: true });
  const buf = new Uint8Array(1 << 20);
  let first = true;
  for (;;) {
    const n = await f.read(buf);
    if (n === null) return false;
    let chunk = buf.subarray(0, n);
    if (first) {
      if (isCompressed(chunk)) return true;
      const eol = chunk.indexOf(0x0a);
      chunk = chunk.subarray(eol < 0 ? n : eol);
      first = eol < 0;
    }
    if (holdsNonDecimalByte(chunk)) return true;
  }
}

const isNonDecimalByte = (c: number) => c === 0x5f || (c | 0x20) === 0x78;

/**
 * True when `bytes` hold a `_`, `x` or `X`: four bytes at a time, in one
 * pass (three `indexOf` passes took 70 ms for 50 MB). Digits, signs, `.`,
 * `,`, `:`, spaces and line breaks lack the 0x40 bit, so a word of them is
 * passed over after one test; other words are tested for the three bytes
 * with the has-zero-byte trick, `(v - 0x01…) & ~v & 0x80…`.
 */
function holdsNonDecimalByte(bytes: Uint8Array): boolean {
  const end = bytes.length;
  let i = 0;
  for (; i < end && (bytes.byteOffset + i) % 4 !== 0; i++) if (isNonDecimalByte(bytes[i]!)) return true;
  if (i === end) return false;
  const n = (end - i) >> 2;
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset + i, n);
  for (let k = 0; k < n; k++) {
    const w = words[k]!;
    if ((w & 0x40404040) === 0) continue;
    const u = w ^ 0x5f5f5f5f, x = (w | 0x20202020) ^ 0x78787878;
    if (((u - 0x01010101) & ~u & 0x80808080) !== 0 || ((x - 0x01010101) & ~x & 0x80808080) !== 0) return true;
  }
  for (i += n * 4; i < end; i++) if (isNonDecimalByte(bytes[i]!)) return true;
  return false;
}

function wrap(rel: Relation, e: unknown): DataError {
  return new DataError(`Cannot load bars from "${rel.label}": ${firstLine(e)}`, { cause: e });
}

async function readWith(
  db: SqlEngine,
  rel: Relation,
  relation: string,
  singleSymbol: string | undefined,
  timeFormat: string | undefined,
  /** False to keep every row as read (NaN for what did not parse), for the data checks. */
  validate: boolean,
  /** The relation's columns when already known. */
  known?: ColumnInfo[],
  /** Read and check the `Adj Close` column. */
  adjClose = false,
): Promise<Piece[]> {
  const cols = known ?? await describe(db, rel, relation);
  if (rel.csv && cols.length === 1 && cols[0]!.name === "column0") {
    throw new DataError(`Cannot load bars from "${rel.label}": the file is empty or has no header row`);
  }
  const m = mapColumns(rel, cols);
  if (adjClose && m.adjClose === undefined) {
    throw new DataError(
      `Cannot load bars from "${rel.label}": data.prices "adjusted" needs an Adj Close column (Adj Close, adj_close, ` +
        `AdjClose or adjusted_close) or a data.actions table; found columns ${
          cols.map((c) => JSON.stringify(c.name)).join(", ")
        }`,
    );
  }
  const exprs = [
    `${timeExpr(rel, m.time, timeFormat)} AS ts`,
    ...m.prices.map((c, i) => `${numExpr(rel, c)} AS ${PRICE_NAMES[i]}`),
    m.volume ? `${numExpr(rel, m.volume)} AS volume` : `'NaN'::DOUBLE AS volume`,
    ...(adjClose ? [`${numExpr(rel, m.adjClose!)} AS adj_close`] : []),
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
    if (rel.symbol !== undefined && symbols.some((x) => x !== rel.symbol)) {
      const bad = await db.queryRows(
        `SELECT rn, s FROM (SELECT row_number() OVER () AS rn, ${sym}::VARCHAR AS s FROM ${relation}) WHERE s <> ${
          sqlString(rel.symbol)
        } ORDER BY rn LIMIT 1`,
      );
      throw new DataError(
        `Cannot load bars from "${rel.label}": its Symbol column holds ${JSON.stringify(String(bad[0]![1]))} at ${
          rowRef(rel, Number(bad[0]![0]))
        }, but data.source names the file's symbol ${
          JSON.stringify(rel.symbol)
        }; drop the column, or load the file without a {symbol} pattern or map`,
      );
    }
    // each row's symbol id, its rank among the sorted symbols, through an ENUM of them: a lookup per row in file
    // order (a window function's sort held several copies of the whole relation: 1.5 GB for 5M rows)
    sql = `SELECT ${exprs.map((e) => e.replace(/ AS \w+$/, "")).map((e, i) => `${e} AS c${i}`).join(", ")},
             enum_code(${sym}::VARCHAR::ENUM(${symbols.map(sqlString).join(", ")}))::DOUBLE AS sid
           FROM ${relation}`;
  } else {
    sql = `SELECT ${exprs.join(", ")} FROM ${relation}`;
  }
  // a counted relation (Parquet, a table) streams into columns of its length, rather than being held whole beside them
  const { rows, columns } = await db.readNumeric(
    sql,
    rel.counted && relation === rel.typed ? { rows: rel.estRows! } : {},
  );
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
  const adj = adjClose ? c[6]! : undefined;
  const sid = m.symbol ? c[adjClose ? 7 : 6]! : undefined;
  const colName = ["time", ...m.prices.map((p) => p.name), m.volume?.name ?? "Volume"];
  if (validate) {
    await validateRows(
      db,
      rel,
      rel.text,
      m,
      colName,
      timeFormat,
      ts,
      open,
      high,
      low,
      close,
      volume,
      sid,
      symbols,
      adj,
    );
  }
  const hasVolume = m.volume !== undefined;
  const dateOnly = (m.time.length === 1 && m.time[0]!.type === "DATE") ||
    (isTextTime(m.time) && ts.every((t) => t % 86_400_000 === 0));
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
      csv: rel.csv,
      hasVolume,
      ...(adj !== undefined && { adjClose: adj }),
    }];
  }
  // split a multi-symbol relation into per-symbol columns, keeping file order
  const counts = new Int32Array(symbols.length);
  let grouped = true; // each symbol's rows together, the symbols in name order: a file sorted by symbol
  for (let i = 0; i < rows; i++) {
    counts[sid[i]!]!++;
    if (i > 0 && sid[i]! < sid[i - 1]!) grouped = false;
  }
  if (grouped && validate) {
    // each symbol's columns are a stretch of the columns read: views, not copies (the frame copies them once)
    freeBuffers([sid]);
    let from = 0;
    return symbols.map((symbol, s) => {
      const to = from + counts[s]!;
      const view = (a: Float64Array) => a.subarray(from, to);
      const piece: Piece = {
        symbol,
        tsMs: view(ts),
        open: view(open),
        high: view(high),
        low: view(low),
        close: view(close),
        volume: view(volume),
        dateOnly,
        origin: rel.label,
        csv: rel.csv,
        hasVolume,
        ...(adj !== undefined && { adjClose: view(adj) }),
      };
      from = to;
      return piece;
    });
  }
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
      csv: rel.csv,
      hasVolume,
      ...(validate ? {} : { rows: new Int32Array(n) }),
      ...(adj !== undefined && { adjClose: new Float64Array(n) }),
    };
  });
  const at = new Int32Array(symbols.length);
  for (let i = 0; i < rows; i++) {
    const s = sid[i]!, p = pieces[s]!, k = at[s]!++;
    if (p.rows !== undefined) p.rows[k] = i + 1;
    p.tsMs[k] = ts[i]!;
    p.open[k] = open[i]!;
    p.high[k] = high[i]!;
    p.low[k] = low[i]!;
    p.close[k] = close[i]!;
    p.volume[k] = volume[i]!;
    if (p.adjClose !== undefined) p.adjClose[k] = adj![i]!;
  }
  freeBuffers(c);
  return pieces;
}

/** Every `Adj Close` must be a price: `data.prices: "adjusted"` scales each bar by Adj Close / Close. */
/** An Adj Close that is not a price, at `row` (1-based): the value as the file has it. */
async function adjCloseError(db: SqlEngine, rel: Relation, name: string, row: number, a: number): Promise<DataError> {
  const rule = Number.isFinite(a) && a > 0
    ? `must be a price between ${sci(PRICE_MIN)} and ${sci(PRICE_MAX)}`
    : "must be a finite number > 0";
  return new DataError(
    `Cannot load bars from "${rel.label}": ${JSON.stringify(name)} ${rule} at ${
      rowRef(rel, row)
    }: found ${await rawValue(
      db,
      rel.text,
      name,
      row,
    )}; data.prices "adjusted" scales each bar by Adj Close / Close`,
  );
}

/** The value at a row as the source has it: a column, or an SQL expression over the row. */
async function rawValue(
  db: SqlEngine,
  relation: string,
  column: string | { readonly sql: string },
  row: number,
): Promise<string> {
  const expr = typeof column === "string" ? ident(column) : column.sql;
  try {
    const r = await db.queryRows(
      `SELECT (${expr})::VARCHAR FROM (SELECT row_number() OVER () AS rn__, * FROM ${relation}) WHERE rn__ = ${row}`,
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
  timeFormat: string | undefined,
  ts: Float64Array,
  open: Float64Array,
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  volume: Float64Array,
  sid: Float64Array | undefined,
  symbols: string[],
  /** The Adj Close column, checked in the same pass when `data.prices` is `adjusted` without actions. */
  adj?: Float64Array,
): Promise<void> {
  const n = ts.length;
  const where = `Cannot load bars from "${rel.label}"`;
  const lastTs = new Float64Array(Math.max(1, symbols.length)).fill(-Infinity);
  const lastRow = new Int32Array(Math.max(1, symbols.length));
  const hasVolume = m.volume !== undefined;
  for (let i = 0; i < n; i++) {
    const row = i + 1;
    const t = ts[i]!;
    if (!(t >= MIN_TIME_MS && t < Infinity)) throw await timeError(db, rel, relation, m, timeFormat, row);
    const o = open[i]!, h = high[i]!, l = low[i]!, c = close[i]!;
    if (
      !(o >= PRICE_MIN && h >= PRICE_MIN && l >= PRICE_MIN && c >= PRICE_MIN &&
        o <= PRICE_MAX && h <= PRICE_MAX && l <= PRICE_MAX && c <= PRICE_MAX)
    ) {
      const k = [o, h, l, c].findIndex((p) => !(p >= PRICE_MIN && p <= PRICE_MAX));
      const p = [o, h, l, c][k]!;
      const col = m.prices[k]!.name;
      const raw = await rawValue(db, relation, col, row);
      const rule = Number.isFinite(p) && p > 0
        ? `must be a price between ${sci(PRICE_MIN)} and ${sci(PRICE_MAX)}`
        : "must be a finite number > 0";
      throw new DataError(`${where}: ${col} ${rule} at ${rowRef(rel, row)}: found ${raw}`);
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
      if (!(v >= 0 && v <= VOLUME_MAX)) {
        const raw = await rawValue(db, relation, colName[5]!, row);
        const rule = v > VOLUME_MAX ? `must be at most ${sci(VOLUME_MAX)}` : "must be a finite number ≥ 0";
        throw new DataError(`${where}: Volume ${rule} at ${rowRef(rel, row)}: found ${raw}`);
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
    if (adj !== undefined) {
      const a = adj[i]!;
      if (!(a >= PRICE_MIN && a <= PRICE_MAX)) throw await adjCloseError(db, rel, m.adjClose!.name, row, a);
    }
  }
}

/** A time that did not parse: the text as found, and what was expected instead. */
async function timeError(
  db: SqlEngine,
  rel: Relation,
  relation: string,
  m: Mapping,
  timeFormat: string | undefined,
  row: number,
): Promise<DataError> {
  const joined = m.time.length === 2;
  const raw = await rawValue(db, relation, joined ? { sql: timeText(m.time) } : m.time[0]!.name, row);
  const from = joined
    ? ` (columns ${JSON.stringify(m.time[0]!.name)} and ${JSON.stringify(m.time[1]!.name)} joined)`
    : "";
  let expected: string;
  if (timeFormat !== undefined) expected = `expected data.timeFormat ${JSON.stringify(timeFormat)}`;
  else if (AMBIGUOUS_DATE_RE.test(raw.startsWith('"') ? JSON.parse(raw) as string : "")) {
    expected =
      'not ISO-8601, and the order of day and month is ambiguous: set data.timeFormat, e.g. "%m/%d/%Y" or "%d/%m/%Y"';
  } else {
    expected =
      "expected ISO-8601 YYYY-MM-DD or YYYY-MM-DD HH:MM[:SS[.fff]] (optional T, Z or ±HH:MM), or set data.timeFormat";
  }
  return new DataError(
    `Cannot load bars from "${rel.label}": unparsable time at ${rowRef(rel, row)}: found ${raw}${from}; ${expected}`,
  );
}

function finish(
  pieces: Piece[],
  data: DataConfig,
  calendarSpec?: CalendarSpec,
  actions?: readonly CorporateAction[],
): BarFrame {
  const calendar = calendarSpec === undefined ? undefined : createCalendar(calendarSpec);
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
  // every action's symbol must be in the source (actions of symbols left out by data.symbols are not used)
  const actionsOf = actions === undefined ? undefined : actionsBySymbol(actions, bySymbol.keys());
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
    // actions are judged, and prices adjusted, over the symbol's whole history, before data.from/to cut it
    const own = actionsOf?.get(symbol);
    if (own !== undefined) checkActions(own, new Map([[symbol, ts]]));
    if (data.prices === "adjusted") adjustPieces(list, ts, actionsOf === undefined ? undefined : own ?? []);
    let a = 0, b = ts.length;
    while (a < b && ts[a]! < fromMs) a++;
    while (b > a && ts[b - 1]! >= toMs) b--;
    if (a === b) continue;
    const cut = (x: Float64Array) => (a === 0 && b === x.length ? x : x.subarray(a, b));
    const tsCut = cut(ts);
    const daily = list.every((p) => p.dateOnly);
    const part = applySessions({
      symbol,
      tsMs: tsCut,
      open: cut(cat((p) => p.open)),
      high: cut(cat((p) => p.high)),
      low: cut(cat((p) => p.low)),
      close: cut(cat((p) => p.close)),
      volume: cut(cat((p) => p.volume)),
      intervalMs: fixedInterval ?? inferIntervalMs(ts, daily),
    }, { daily, fixedInterval: fixedInterval !== undefined, calendar, dropOutside: data.outsideSession === "drop" });
    if (part.tsMs.length > 0) parts.push(part);
  }
  if (parts.length === 0) {
    throw new DataError(
      `Cannot load bars from ${label}: no bars for ${wanted.join(", ")} between ${data.from ?? "the start"} and ${
        data.to ?? "the end"
      }`,
    );
  }
  // one part becomes the frame as it is: a view of a larger read (one symbol of a file of many, a stretch cut by
  // data.from/to) is copied, so the frame does not hold the rest
  if (parts.length === 1) {
    const own = (a: Float64Array) => (a.byteLength * 10 >= a.buffer.byteLength * 9 ? a : a.slice());
    const p = parts[0]!;
    parts[0] = {
      ...p,
      tsMs: own(p.tsMs),
      open: own(p.open),
      high: own(p.high),
      low: own(p.low),
      close: own(p.close),
      volume: own(p.volume),
      ...(p.closeMs !== undefined && { closeMs: own(p.closeMs) }),
    };
  }
  // with several symbols, each column read is freed once the frame has copied it: the assembly's peak holds one
  // column beside the read, not a second copy of the whole read
  const frame = assembleFrame(parts, { consume: true });
  // what the frame did not copy (a single symbol cut from a larger read, symbols data.symbols left out, Adj Close)
  const own = new Set(Object.values(frame).flatMap((v) => (ArrayBuffer.isView(v) ? [v.buffer] : [])));
  const arrays = (p: Piece | FramePart) => [
    p.tsMs,
    p.open,
    p.high,
    p.low,
    p.close,
    p.volume,
    (p as FramePart).closeMs,
    (p as Piece).adjClose,
    (p as Piece).rows,
  ];
  freeBuffers([...pieces, ...parts].flatMap(arrays), own);
  return calendarSpec === undefined ? frame : { ...frame, calendar: calendarSpec };
}

/**
 * `data.prices: "adjusted"`: back-adjust a symbol's pieces in place over its whole history `ts`, from its actions
 * (the CRSP factors of the concatenated series), or without an actions table from each bar's Adj Close
 * (engine/data/adjust.ts states both rules).
 */
function adjustPieces(list: Piece[], ts: Float64Array, actions: readonly CorporateAction[] | undefined): void {
  if (actions === undefined) {
    for (const p of list) adjustFromAdjClose(p, p.adjClose!); // read and checked by readWith
    return;
  }
  if (actions.length === 0) return;
  let close = list[0]!.close;
  if (list.length > 1) {
    close = new Float64Array(ts.length);
    let at = 0;
    for (const p of list) close.set(p.close, (at += p.close.length) - p.close.length);
  }
  const factors = actionFactors(ts, close, actions);
  let at = 0;
  for (const p of list) {
    applyFactors(p, factors, at);
    at += p.tsMs.length;
  }
}
