/**
 * Corporate actions: splits and dividends, loaded from a table beside the
 * bars, and the form the engine runs them in.
 *
 * **The table.** Columns `symbol`, `date`, `kind`, `value` (header names
 * matched case-insensitively; other columns are ignored), from a CSV or
 * Parquet file or glob, a DuckDB table or a SQL query, like `data.source`. A
 * file named through a `{symbol}` pattern or a map may leave out `symbol`.
 * `date` is the ex-date `YYYY-MM-DD`; `kind` is `split` or `dividend`;
 * `value` is, for a split, the shares after per share before (2 for a
 * 2-for-1, 1.5 for a 3-for-2, 0.1 for a 1-for-10 reverse split), and for a
 * dividend the cash per share, in the bars' currency and per share as the
 * bars quote it on the ex-date.
 *
 * **When it applies.** An action is due at the open of its symbol's first bar
 * on or after its ex-date (a date is 00:00 UTC): the ex-date bar. On one bar,
 * splits come before dividends, so a dividend on a split's ex-date is per new
 * share.
 *
 * **Checks** ({@linkcode loadActions}, {@linkcode checkActions}): an unknown
 * kind, a date that is not `YYYY-MM-DD`, a split ratio that is not a finite
 * number > 0, a dividend that is not a finite number > 0, the same (symbol,
 * date, kind) twice, a symbol the bars do not have, an ex-date after the
 * symbol's last bar or on or before its first bar (no bar before it to
 * adjust or to hold a position through): each a {@linkcode DataError} naming
 * the table, the row (and its line in a CSV file) and what was found.
 *
 * @module
 */
import { isAbsolute, resolve } from "node:path";
import { DataError } from "../errors.ts";
import { type DataConfig, parseDateMs } from "./config.ts";
import { lowerBound } from "./lower_bound.ts";
import { isPattern, resolveSourceFiles } from "./source_files.ts";
import { openSqlEngine, type SqlEngine } from "./sql_engine.ts";

/** `FrameActions.kind` of a split. */
export const ACTION_SPLIT = 0;
/** `FrameActions.kind` of a cash dividend. */
export const ACTION_DIVIDEND = 1;

/** One corporate action as the table gives it. */
export interface CorporateAction {
  readonly symbol: string;
  /** Ex-date `YYYY-MM-DD`. */
  readonly date: string;
  readonly kind: "split" | "dividend";
  /** Split: shares after per share before (2 for a 2-for-1, 0.1 for a 1-for-10); dividend: cash per share. */
  readonly value: number;
  /** Where the table has it, for messages: `"actions.csv" row 3 (line 4)`. */
  readonly at?: string;
}

/**
 * The actions a run applies (`data.prices: "rawWithActions"`), as columns in
 * processing order (by time, then symbol id). Each is due at the open of its
 * symbol's first bar on or after its ex-date, whose start time `tsMs` holds.
 */
export interface FrameActions {
  readonly symbolId: Int32Array;
  readonly tsMs: Float64Array;
  /** {@linkcode ACTION_SPLIT} or {@linkcode ACTION_DIVIDEND}. */
  readonly kind: Uint8Array;
  /** Split ratio or dividend per share, as in {@linkcode CorporateAction.value}. */
  readonly value: Float64Array;
}

/** The source of an actions table: `data.actions` after validation. */
export type ActionsSource = NonNullable<DataConfig["actions"]>;

/** Options for {@linkcode loadActions}. */
export interface LoadActionsOptions {
  /** Relative paths resolve against this directory (the working directory by default). */
  readonly baseDir?: string;
  /** The SQL engine to use; a native DuckDB engine of its own by default. */
  readonly engine?: SqlEngine;
}

const sqlString = (s: string) => `'${s.replaceAll("'", "''")}'`;
const ident = (s: string) => `"${s.replaceAll('"', '""')}"`;
const firstLine = (e: unknown) => String(e instanceof Error ? e.message : e).split("\n")[0]!.trim();
/** Decimal text only: no hex, no digit separators, no words. */
const DECIMAL_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

interface Table {
  label: string;
  relation: string;
  csv: boolean;
  symbol?: string;
}

/**
 * Load and check an actions table (`data.actions`): every row becomes a
 * {@linkcode CorporateAction}, in the table's order. Checks that need the
 * bars (symbol, range) are {@linkcode checkActions}'.
 *
 * @throws {DataError} naming the table, the row and what was found.
 *
 * @example A split and a dividend from a CSV file
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadActions } from "./actions.ts";
 * import { openSqlEngine } from "./sql_engine.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/a.csv`, "symbol,date,kind,value\nAAA,2024-03-04,split,2\nAAA,2024-06-03,dividend,0.25\n");
 * using engine = await openSqlEngine("wasm");
 * const got = await loadActions({ kind: "files", path: "a.csv" }, { baseDir: dir, engine });
 * assert.deepEqual(got.map((a) => [a.symbol, a.date, a.kind, a.value]), [
 *   ["AAA", "2024-03-04", "split", 2],
 *   ["AAA", "2024-06-03", "dividend", 0.25],
 * ]);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function loadActions(source: ActionsSource, opts: LoadActionsOptions = {}): Promise<CorporateAction[]> {
  const baseDir = opts.baseDir ?? Deno.cwd();
  const owned = opts.engine ? undefined : await openSqlEngine("native");
  const db = opts.engine ?? owned!;
  try {
    const out: CorporateAction[] = [];
    const seen = new Map<string, string>();
    for (const t of await tables(db, source, baseDir)) await readTable(db, t, out, seen);
    return out;
  } finally {
    owned?.close();
  }
}

async function tables(db: SqlEngine, src: ActionsSource, baseDir: string): Promise<Table[]> {
  if (src.kind === "sql") return [{ label: "data.actions query", relation: `(${src.query})`, csv: false }];
  const abs = isAbsolute(src.path) ? src.path : resolve(baseDir, src.path);
  if (src.kind === "duckdb") {
    const label = `${src.path}:${src.table}`;
    try {
      await db.exec(`ATTACH ${sqlString(abs)} AS actions_src (READ_ONLY)`);
    } catch (e) {
      throw new DataError(
        `Cannot load corporate actions from "${src.path}": not a readable DuckDB database (${firstLine(e)})`,
        { cause: e },
      );
    }
    return [{ label, relation: `actions_src.${ident(src.table)}`, csv: false }];
  }
  const files = !src.files && !isPattern(src.path) ? [{ file: abs }] : await resolveSourceFiles(src, baseDir);
  for (const { file } of files) {
    try {
      if (!(await Deno.stat(file)).isFile) throw new DataError(`not a file`);
    } catch (e) {
      const why = e instanceof Deno.errors.NotFound ? "file not found" : firstLine(e);
      throw new DataError(`Cannot load corporate actions from "${src.path}": ${why} (resolved to ${file})`, {
        cause: e,
      });
    }
  }
  return files.map(({ file, symbol }) => {
    const label = !src.files && !isPattern(src.path) ? src.path : file;
    const parquet = /\.parquet$/i.test(file);
    const relation = parquet
      ? `read_parquet(${sqlString(file)})`
      : `read_csv(${sqlString(file)}, header = true, all_varchar = true)`;
    return { label, relation, csv: !parquet, ...(symbol !== undefined && { symbol }) };
  });
}

const rowRef = (t: Table, row: number) => (t.csv ? `row ${row} (line ${row + 1})` : `row ${row}`);

async function readTable(db: SqlEngine, t: Table, out: CorporateAction[], seen: Map<string, string>): Promise<void> {
  const where = `Cannot load corporate actions from "${t.label}"`;
  let cols: string[];
  try {
    cols = (await db.describe(t.relation)).map((c) => c.name);
  } catch (e) {
    throw new DataError(`${where}: cannot be read (${firstLine(e)})`, { cause: e });
  }
  const find = (name: string) => cols.find((c) => c.trim().toLowerCase() === name);
  const symbolCol = find("symbol"), dateCol = find("date"), kindCol = find("kind"), valueCol = find("value");
  const missing = [
    ...(symbolCol === undefined && t.symbol === undefined ? ["symbol"] : []),
    ...(dateCol === undefined ? ["date"] : []),
    ...(kindCol === undefined ? ["kind"] : []),
    ...(valueCol === undefined ? ["value"] : []),
  ];
  if (missing.length) {
    throw new DataError(
      `${where}: missing column${missing.length > 1 ? "s" : ""} ${
        missing.join(", ")
      }; expected symbol, date, kind, value; found ${cols.map((c) => JSON.stringify(c)).join(", ")}`,
    );
  }
  const text = (c: string) => `CAST(${ident(c)} AS VARCHAR)`;
  let rows: unknown[][];
  try {
    rows = await db.queryRows(
      `SELECT ${symbolCol === undefined ? "NULL" : text(symbolCol)}, ${text(dateCol!)}, ${text(kindCol!)}, ${
        text(valueCol!)
      } FROM ${t.relation}`,
    );
  } catch (e) {
    throw new DataError(`${where}: cannot be read (${firstLine(e)})`, { cause: e });
  }
  const found = (v: unknown) => (v === null || v === undefined || v === "" ? "an empty value" : JSON.stringify(v));
  rows.forEach((r, i) => {
    const row = i + 1, at = rowRef(t, row);
    const symRaw = symbolCol === undefined ? t.symbol : r[0];
    const symbol = typeof symRaw === "string" ? symRaw.trim() : "";
    if (symbol === "") throw new DataError(`${where}: empty symbol at ${at}`);
    if (t.symbol !== undefined && symbol !== t.symbol) {
      throw new DataError(
        `${where}: symbol ${JSON.stringify(symbol)} at ${at}, but data.actions names the file's symbol ${
          JSON.stringify(t.symbol)
        }`,
      );
    }
    const dateRaw = typeof r[1] === "string" ? r[1].trim() : "";
    const date = dateRaw.replace(/[ T]00:00(:00(\.0+)?)?Z?$/, "");
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !Number.isFinite(parseDateMs(date))) {
      throw new DataError(`${where}: bad date at ${at}: found ${found(r[1])}; expected an ex-date YYYY-MM-DD`);
    }
    const kind = typeof r[2] === "string" ? r[2].trim().toLowerCase() : "";
    if (kind !== "split" && kind !== "dividend") {
      throw new DataError(`${where}: unknown kind at ${at}: found ${found(r[2])}; expected split or dividend`);
    }
    const valueText = typeof r[3] === "string" ? r[3].trim() : "";
    const value = DECIMAL_RE.test(valueText) ? Number(valueText) : NaN;
    if (!(value > 0 && value < Infinity)) {
      const what = kind === "split"
        ? "a split ratio (shares after per share before) must be a finite number > 0"
        : "a dividend (cash per share) must be a finite number > 0";
      throw new DataError(`${where}: ${what} at ${at}: found ${found(r[3])}`);
    }
    const key = `${symbol}\u0000${date}\u0000${kind}`;
    const where1 = `"${t.label}" ${at}`;
    const first = seen.get(key);
    if (first !== undefined) {
      throw new DataError(`${where}: duplicate ${kind} for ${symbol} on ${date} at ${at}: the first is at ${first}`);
    }
    seen.set(key, where1);
    out.push({ symbol, date, kind, value, at: where1 });
  });
}

/** The bars {@linkcode checkActions} and {@linkcode toFrameActions} read: a frame, or any object with these fields. */
export interface ActionBars {
  readonly symbols: readonly string[];
  readonly tsMs: Float64Array;
  readonly segStart: Int32Array;
  readonly segEnd: Int32Array;
}

/**
 * Group actions by symbol, each group in the table's order; an action of a
 * symbol not in `symbols` (every symbol the source holds) is a
 * {@linkcode DataError}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { actionsBySymbol } from "./actions.ts";
 * const a = { symbol: "AAA", date: "2024-01-03", kind: "split" as const, value: 2 };
 * assert.deepEqual(actionsBySymbol([a], ["AAA", "BBB"]).get("AAA"), [a]);
 * assert.throws(() => actionsBySymbol([a], ["BBB"]), /no symbol "AAA"/);
 * ```
 */
export function actionsBySymbol(
  actions: readonly CorporateAction[],
  symbols: Iterable<string>,
): Map<string, CorporateAction[]> {
  const known = new Set(symbols);
  const out = new Map<string, CorporateAction[]>();
  for (const a of actions) {
    if (!known.has(a.symbol)) {
      const names = [...known].sort();
      throw new DataError(
        `Cannot apply the ${a.kind} of ${a.symbol} on ${a.date}${a.at ? ` at ${a.at}` : ""}: the bars have no symbol ${
          JSON.stringify(a.symbol)
        }; found ${names.slice(0, 20).join(", ")}${names.length > 20 ? ", …" : ""}`,
      );
    }
    const list = out.get(a.symbol);
    if (list === undefined) out.set(a.symbol, [a]);
    else list.push(a);
  }
  return out;
}

/**
 * The ex-date bar of an action: the index of the first of `ts` (a symbol's
 * bar start times, ascending) at or after the ex-date's 00:00 UTC;
 * `ts.length` when the date is after the last bar.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { exDateIndex } from "./actions.ts";
 * const day = 86_400_000, fri = Date.parse("2024-03-01"), mon = fri + 3 * day;
 * assert.equal(exDateIndex(Float64Array.of(fri, mon), "2024-03-02"), 1); // a Saturday: Monday's bar
 * ```
 */
export function exDateIndex(ts: Float64Array, date: string, lo = 0, hi = ts.length): number {
  return lowerBound(ts, parseDateMs(date), lo, hi) - lo;
}

/**
 * Check actions against the bars they belong to: the symbol is in the bars
 * (given as symbol → bar start times, the whole of what the source holds),
 * and the ex-date falls after the symbol's first bar and no later than its
 * last bar's day.
 *
 * @throws {DataError} naming the action's table and row.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkActions } from "./actions.ts";
 * const bars = new Map([["AAA", Float64Array.of(Date.parse("2024-01-02"), Date.parse("2024-01-03"))]]);
 * checkActions([{ symbol: "AAA", date: "2024-01-03", kind: "split", value: 2 }], bars);
 * assert.throws(() => checkActions([{ symbol: "AAA", date: "2024-01-02", kind: "split", value: 2 }], bars), /first bar/);
 * ```
 */
export function checkActions(actions: readonly CorporateAction[], bars: ReadonlyMap<string, Float64Array>): void {
  for (const a of actions) {
    const where = `Cannot apply the ${a.kind} of ${a.symbol} on ${a.date}${a.at ? ` at ${a.at}` : ""}`;
    const ts = bars.get(a.symbol);
    if (ts === undefined) {
      actionsBySymbol([a], bars.keys()); // throws: the bars have no such symbol
      continue;
    }
    const e = exDateIndex(ts, a.date);
    const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
    if (e >= ts.length) {
      throw new DataError(`${where}: after the symbol's last bar (${iso(ts[ts.length - 1]!)})`);
    }
    if (e === 0) {
      throw new DataError(
        `${where}: on or before the symbol's first bar (${
          iso(ts[0]!)
        }); an action needs a bar before its ex-date to adjust or to hold a position through`,
      );
    }
  }
}

/**
 * The actions a run over `bars` applies, as {@linkcode FrameActions}: each
 * mapped to its symbol's ex-date bar, in processing order (time, symbol id,
 * splits before dividends). Actions of symbols the bars do not hold, and
 * actions whose ex-date bar is not in the bars or is a symbol's first bar
 * (cut off by `data.from`/`data.to`: nothing to hold through them), are left
 * out: {@linkcode checkActions} has already judged them against the whole
 * source.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { frameFromRows } from "./bar_frame.ts";
 * import { ACTION_DIVIDEND, ACTION_SPLIT, toFrameActions } from "./actions.ts";
 * const day = 86_400_000, t0 = Date.parse("2024-01-02");
 * const bar = (symbol: string, i: number) => ({ symbol, tsMs: t0 + i * day, open: 1, high: 1, low: 1, close: 1 });
 * const frame = frameFromRows([bar("A", 0), bar("A", 1), bar("B", 0), bar("B", 1)], day);
 * const fa = toFrameActions([
 *   { symbol: "B", date: "2024-01-03", kind: "dividend", value: 0.5 },
 *   { symbol: "A", date: "2024-01-03", kind: "split", value: 2 },
 * ], frame);
 * assert.deepEqual([...fa.symbolId], [0, 1]);
 * assert.deepEqual([...fa.kind], [ACTION_SPLIT, ACTION_DIVIDEND]);
 * assert.deepEqual([...fa.tsMs], [t0 + day, t0 + day]);
 * ```
 */
export function toFrameActions(actions: readonly CorporateAction[], bars: ActionBars): FrameActions {
  const ids = new Map(bars.symbols.map((s, i) => [s, i]));
  const kept: { s: number; t: number; kind: number; value: number }[] = [];
  for (const a of actions) {
    const s = ids.get(a.symbol);
    if (s === undefined) continue;
    const lo = bars.segStart[s]!, hi = bars.segEnd[s]!;
    const e = exDateIndex(bars.tsMs, a.date, lo, hi);
    if (e <= 0 || lo + e >= hi) continue;
    kept.push({ s, t: bars.tsMs[lo + e]!, kind: a.kind === "split" ? ACTION_SPLIT : ACTION_DIVIDEND, value: a.value });
  }
  kept.sort((x, y) => x.t - y.t || x.s - y.s || x.kind - y.kind);
  return {
    symbolId: Int32Array.from(kept, (x) => x.s),
    tsMs: Float64Array.from(kept, (x) => x.t),
    kind: Uint8Array.from(kept, (x) => x.kind),
    value: Float64Array.from(kept, (x) => x.value),
  };
}
