/**
 * Field-by-field comparison of a golden case's expected files with a run's
 * actual ones, and the report a reviewer reads when they differ.
 *
 * **The rule.** CSV files are compared row by row (row i with row i) and
 * field by field (fields matched by column name, so an added column is one
 * header difference); `metrics.json` key by key. A field is a number when
 * both sides are number literals:
 *
 * - counts (`orderId`, `window`, `bars`, `num…`, fields ending in `Bars`,
 *   `Index` or `Ms`, and the summary's counts) must be equal;
 * - other numbers match when `|actual − expected| ≤ abs + rel × |expected| + 1e-8`:
 *   the case's tolerance, plus one unit of the 8th decimal, because result
 *   files round every number to 8 decimals (`formatNumber`), so two values
 *   within the tolerance can print one unit apart;
 *
 * everything else (times, symbols, sides, rules, `NaN`) must be the same
 * text. Headers, row counts and key sets must match exactly.
 *
 * @module
 */

/** Per-case float tolerance. */
export interface Tolerance {
  readonly abs: number;
  readonly rel: number;
}

/** One field that differs. */
export interface Difference {
  /** 1-based data row (CSV), or the key's position (JSON); 0 for the header. */
  readonly row: number;
  /** Which record: e.g. `trade #3: AAA long 100, entered 2020-03-02T00:00:00Z`, or a JSON key path. */
  readonly record: string;
  /** Column name or JSON key path; `(row)` for a missing or extra row, `(header)` for the header. */
  readonly field: string;
  readonly expected: string;
  readonly actual: string;
}

/** How one file compared. */
export interface FileComparison {
  readonly file: string;
  readonly status: "same" | "differs" | "missing" | "unexpected";
  /** Data rows (CSV) or leaf keys (JSON) on each side. */
  readonly expectedRows: number;
  readonly actualRows: number;
  /** Rows (or keys) with at least one difference. */
  readonly differingRows: number;
  /** Every difference, in row order. */
  readonly differences: readonly Difference[];
}

/** Options of {@linkcode compareFile}. */
export interface CompareOptions {
  /**
   * Allowance for the files' rounding, added to the tolerance: 1e-8 (one
   * unit of the 8th decimal) by default; 0 for an exact comparison.
   */
  readonly quantum?: number;
}

/**
 * Parse CSV text (RFC 4180: quoted fields may hold commas, quotes and line
 * breaks) into rows of fields. A trailing newline ends the last row.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseCsv } from "./compare.ts";
 * assert.deepEqual(parseCsv('a,b\n1,"x, ""y"""\n'), [["a", "b"], ["1", 'x, "y"']]);
 * ```
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [], field = "", i = 0, quoted = false;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else field += c;
      i++;
      continue;
    }
    if (c === '"' && field === "") quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      if (c === "\r" && text[i + 1] === "\n") i++;
    } else field += c;
    i++;
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

const NUMBER = /^-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const COUNT_FIELD =
  /^(orderId|window|bars|trades|fills|denials|resizes|breakerTrips|openPositions|symbols|trainRuns|failedTrainRuns|windows|train_bars|test_bars)$|^num[A-Z]|(Bars|Index|Ms)$/;

/**
 * True when a field holds a count or a time in ms, which must match exactly.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isCountField } from "./compare.ts";
 * assert.ok(isCountField("numTrades") && isCountField("metrics.maxDrawdownPeakIndex"));
 * assert.ok(!isCountField("price"));
 * ```
 */
export function isCountField(field: string): boolean {
  return COUNT_FIELD.test(field.slice(field.lastIndexOf(".") + 1));
}

/**
 * Whether two field texts match under the rule of this module.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fieldsMatch } from "./compare.ts";
 * const tol = { abs: 1e-9, rel: 1e-9 };
 * assert.ok(fieldsMatch("price", "100.12345678", "100.12345679", tol)); // one unit of the 8th decimal
 * assert.ok(!fieldsMatch("price", "100.1234567", "100.1234569", tol));
 * assert.ok(!fieldsMatch("qty", "100", "100.000001", tol));
 * assert.ok(!fieldsMatch("numTrades", "3", "4", tol));
 * ```
 */
export function fieldsMatch(field: string, expected: string, actual: string, tol: Tolerance, quantum = 1e-8): boolean {
  if (expected === actual) return true;
  if (!NUMBER.test(expected) || !NUMBER.test(actual)) return false;
  const e = Number(expected), a = Number(actual);
  if (isCountField(field)) return e === a;
  const bound = tol.abs + tol.rel * Math.abs(e) + quantum;
  // a few ulps of slack: the decimal texts themselves are not exact in binary
  return Math.abs(a - e) <= bound + 4 * Number.EPSILON * Math.max(Math.abs(a), Math.abs(e), 1);
}

const NOUNS: Record<string, string> = {
  "trades.csv": "trade",
  "fills.csv": "fill",
  "equity.csv": "equity",
  "denials.csv": "denial",
  "breakers.csv": "trip",
  "windows.csv": "window",
};

/** A readable name for a CSV row: which trade, fill, denial … it is. */
function describeRow(file: string, header: readonly string[], row: readonly string[], index: number): string {
  const get = (...names: string[]) => {
    for (const n of names) {
      const k = header.indexOf(n);
      if (k >= 0 && row[k] !== undefined && row[k] !== "") return row[k]!;
    }
    return undefined;
  };
  const noun = NOUNS[file] ?? "row";
  const time = get("time", "entryTime", "entry_time", "test_start");
  if (file === "equity.csv") return `equity at ${time ?? `row ${index}`}`;
  if (file === "windows.csv") return `window ${get("window") ?? index}`;
  const parts = [
    get("window") !== undefined ? `window ${get("window")}` : undefined,
    get("orderId") !== undefined ? `order ${get("orderId")}` : undefined,
    get("breaker"),
    get("symbol"),
    get("side"),
    get("intent"),
    get("qty"),
  ].filter((p) => p !== undefined);
  const when = time === undefined ? "" : `${file === "trades.csv" ? ", entered" : " at"} ${time}`;
  const rule = get("rule");
  return `${noun} #${index}: ${parts.join(" ")}${when}${rule ? ` (${rule})` : ""}`;
}

function compareCsv(file: string, expected: string, actual: string, tol: Tolerance, quantum: number): FileComparison {
  const e = parseCsv(expected), a = parseCsv(actual);
  const eh = e[0] ?? [], ah = a[0] ?? [];
  const differences: Difference[] = [];
  let differingRows = 0;
  if (eh.join(",") !== ah.join(",")) {
    differences.push({ row: 0, record: "header", field: "(header)", expected: eh.join(","), actual: ah.join(",") });
    differingRows++;
  }
  // fields are matched by column name, so an added or removed column is one header difference, not every row
  const columns = eh.map((name, k) => [name, k, ah.indexOf(name)] as const).filter(([, , j]) => j >= 0);
  const rows = Math.max(e.length, a.length);
  for (let r = 1; r < rows; r++) {
    const er = e[r], ar = a[r];
    const record = er === undefined ? describeRow(file, ah, ar!, r) : describeRow(file, eh, er, r);
    if (er === undefined || ar === undefined) {
      differences.push({
        row: r,
        record,
        field: "(row)",
        expected: er === undefined ? "(no row)" : er.join(","),
        actual: ar === undefined ? "(no row)" : ar.join(","),
      });
      differingRows++;
      continue;
    }
    let differs = false;
    for (const [field, k, j] of columns) {
      const ev = er[k] ?? "", av = ar[j] ?? "";
      if (!fieldsMatch(field, ev, av, tol, quantum)) {
        differences.push({ row: r, record, field, expected: ev, actual: av });
        differs = true;
      }
    }
    if (differs) differingRows++;
  }
  return {
    file,
    status: differences.length === 0 ? "same" : "differs",
    expectedRows: Math.max(0, e.length - 1),
    actualRows: Math.max(0, a.length - 1),
    differingRows,
    differences,
  };
}

/** Leaves of a JSON document as `path → text`: numbers as JSON numbers, strings quoted, in document order. */
function leaves(v: unknown, path: string, out: Map<string, string>): Map<string, string> {
  if (v !== null && typeof v === "object") {
    const entries = Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.entries(v);
    if (entries.length === 0) out.set(path, Array.isArray(v) ? "[]" : "{}");
    for (const [k, x] of entries) leaves(x, path === "" ? k : `${path}.${k}`, out);
  } else out.set(path, typeof v === "number" ? String(v) : JSON.stringify(v));
  return out;
}

function compareJson(file: string, expected: string, actual: string, tol: Tolerance, quantum: number): FileComparison {
  const e = leaves(JSON.parse(expected), "", new Map()), a = leaves(JSON.parse(actual), "", new Map());
  const differences: Difference[] = [];
  const keys = [...e.keys(), ...[...a.keys()].filter((k) => !e.has(k))];
  keys.forEach((key, i) => {
    const ev = e.get(key), av = a.get(key);
    if (ev === undefined || av === undefined || !fieldsMatch(key, ev, av, tol, quantum)) {
      differences.push({ row: i + 1, record: key, field: key, expected: ev ?? "(no key)", actual: av ?? "(no key)" });
    }
  });
  return {
    file,
    status: differences.length === 0 ? "same" : "differs",
    expectedRows: e.size,
    actualRows: a.size,
    differingRows: differences.length,
    differences,
  };
}

/**
 * Compare one expected file with its actual counterpart (`undefined` for a
 * file that one side lacks). `.json` files compare key by key, anything else
 * as CSV.
 *
 * @example A changed fill price
 * ```ts
 * import assert from "node:assert/strict";
 * import { compareFile } from "./compare.ts";
 * const head = "orderId,time,symbol,side,qty,price\n";
 * const c = compareFile(
 *   "fills.csv",
 *   head + "0,2020-01-03T00:00:00Z,AAA,buy,100,10.5\n",
 *   head + "0,2020-01-03T00:00:00Z,AAA,buy,100,10.51\n",
 *   { abs: 1e-9, rel: 1e-9 },
 * );
 * assert.equal(c.status, "differs");
 * assert.deepEqual(c.differences[0], {
 *   row: 1, record: "fill #1: order 0 AAA buy 100 at 2020-01-03T00:00:00Z", field: "price", expected: "10.5", actual: "10.51",
 * });
 * ```
 */
export function compareFile(
  file: string,
  expected: string | undefined,
  actual: string | undefined,
  tol: Tolerance,
  opts: CompareOptions = {},
): FileComparison {
  const quantum = opts.quantum ?? 1e-8;
  if (expected === undefined || actual === undefined) {
    return {
      file,
      status: expected === undefined ? "unexpected" : "missing",
      expectedRows: 0,
      actualRows: 0,
      differingRows: 0,
      differences: [],
    };
  }
  return file.endsWith(".json")
    ? compareJson(file, expected, actual, tol, quantum)
    : compareCsv(file, expected, actual, tol, quantum);
}

const isNum = (s: string) => NUMBER.test(s);

/**
 * The report of one file's differences: a line for the file, then the first
 * `maxRows` differing rows, each naming the record, the row, and every field
 * that differs with its expected and actual value.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { compareFile, formatComparison } from "./compare.ts";
 * const c = compareFile("metrics.json", '{"metrics": {"sharpe": 1.5}}', '{"metrics": {"sharpe": 1.25}}', { abs: 0, rel: 0 });
 * assert.ok(formatComparison(c).some((line) => line.includes("metrics.sharpe: expected 1.5, actual 1.25")));
 * ```
 */
export function formatComparison(c: FileComparison, maxRows = 5): string[] {
  if (c.status === "same") return [`${c.file}: same (${c.expectedRows} ${c.file.endsWith(".json") ? "keys" : "rows"})`];
  if (c.status === "missing") return [`${c.file}: expected, but the run did not produce it`];
  if (c.status === "unexpected") return [`${c.file}: produced by the run, but not in expected/`];
  const unit = c.file.endsWith(".json") ? "keys" : "rows";
  const header = c.differences[0]?.row === 0 ? 1 : 0;
  const lines = [
    `${c.file}: ${header ? "the header and " : ""}${c.differingRows - header} of ` +
    `${Math.max(c.expectedRows, c.actualRows)} ${unit} differ` +
    (c.expectedRows !== c.actualRows ? ` (${c.expectedRows} expected, ${c.actualRows} actual)` : ""),
  ];
  const byRow = new Map<number, Difference[]>();
  for (const d of c.differences) {
    const list = byRow.get(d.row);
    if (list) list.push(d);
    else if (byRow.size < maxRows) byRow.set(d.row, [d]);
  }
  for (const [row, ds] of byRow) {
    const what = ds.map((d) => {
      const delta = isNum(d.expected) && isNum(d.actual)
        ? ` (Δ ${formatDelta(Number(d.actual) - Number(d.expected))})`
        : "";
      return `${d.field}: expected ${d.expected}, actual ${d.actual}${delta}`;
    });
    if (c.file.endsWith(".json")) lines.push(`  ${what.join("; ")}`);
    else if (row === 0) lines.push(`  header: expected ${ds[0]!.expected}, actual ${ds[0]!.actual}`);
    else lines.push(`  row ${row}, ${ds[0]!.record}: ${what.join("; ")}`);
  }
  if (c.differingRows > byRow.size) lines.push(`  … and ${c.differingRows - byRow.size} more differing ${unit}`);
  return lines;
}

function formatDelta(d: number): string {
  const s = Math.abs(d) >= 1e-4 || d === 0 ? String(Number(d.toPrecision(6))) : d.toExponential(2);
  return d > 0 ? `+${s}` : s;
}
