/**
 * The one formatter of result files, so the same run always writes the same
 * bytes and golden files do not flicker on the last ulp: the fixed number
 * form ({@linkcode formatNumber}), ISO-8601 UTC times ({@linkcode isoTime}),
 * CSV fields and JSON in three layouts (indented {@linkcode toJson}, one
 * record per line {@linkcode toJsonLine}, compact ASCII lines
 * {@linkcode toCompactJson}). `ByteWriter` writes the same bytes straight
 * into a buffer for long files.
 *
 * **Numbers that are not finite: one rule.**
 *
 * | value | JSON | CSV |
 * | --- | --- | --- |
 * | NaN (undefined: a win rate with no trades) | `null` | empty |
 * | ±Infinity of a metric (a profit factor with no losses) | `"Infinity"`, `"-Infinity"` | `Infinity`, `-Infinity` |
 * | ±Infinity of anything else (never in a valid run) | `null` | empty |
 *
 * Which numbers are metrics is the file's layout: `result.json`'s
 * `metrics` and `breakdowns`, `breakdown_symbol.csv`, `returns_monthly.csv`
 * and a job's `report.json` ({@linkcode jsonMetric},
 * `toJson(v, { metrics: true })`, `ByteWriter.metric`). The study files
 * (`results.*`, `train_runs.jsonl`, `windows.csv`, `walkforward.json`,
 * schema version 1) write their metrics as plain numbers, so an infinite
 * one is `null` / empty there; giving them the metric spelling changes their
 * bytes, and waits for their next schema version.
 *
 * @module
 */

/**
 * A number as result files write it: rounded to 8 decimal places, then in
 * ECMAScript's shortest round-trip form (`-0` is written `0`). NaN and
 * infinities return `null` (callers choose how to spell them).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatNumber } from "./format.ts";
 * assert.ok(formatNumber(0.1 + 0.2) === "0.3");
 * assert.ok(formatNumber(-1e-12) === "0");
 * assert.ok(formatNumber(NaN) === null);
 * ```
 */
export function formatNumber(x: number): string | null {
  if (!Number.isFinite(x)) return null;
  // Fast path for whole cents (prices on a tick grid, most equity values): the
  // shortest form of cents / 100 is its decimal with trailing zeros dropped.
  if (x < 1e13 && x > -1e13) {
    const cents = Math.round(x * 100);
    if (cents / 100 === x) {
      if (cents === 0) return "0";
      const a = cents < 0 ? -cents : cents;
      const whole = Math.floor(a / 100), frac = a - whole * 100;
      const body = frac === 0
        ? String(whole)
        : frac % 10 === 0
        ? `${whole}.${frac / 10}`
        : `${whole}.${frac < 10 ? "0" : ""}${frac}`;
      return cents < 0 ? "-" + body : body;
    }
  }
  // toFixed rounds the exact binary value in decimal; scaling by 1e8 would add its own error
  const r = Math.abs(x) < 1e21 ? Number(x.toFixed(8)) : x;
  return r === 0 ? "0" : String(r);
}

const DAY_MS = 86_400_000;
let cachedDay = NaN;
let cachedDate = "";

const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, "0"));

/**
 * Epoch ms as ISO-8601 UTC: `YYYY-MM-DDTHH:MM:SSZ`, with `.mmm` only when the
 * time has milliseconds. Fast for long series (the date part is cached).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isoTime } from "./format.ts";
 * assert.ok(isoTime(0) === "1970-01-01T00:00:00Z");
 * assert.ok(isoTime(1500) === "1970-01-01T00:00:01.500Z");
 * ```
 */
export function isoTime(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  if (day !== cachedDay) {
    cachedDay = day;
    cachedDate = new Date(day * DAY_MS).toISOString().slice(0, 10);
  }
  let rem = ms - day * DAY_MS;
  const milli = rem % 1000;
  rem = (rem - milli) / 1000;
  const sec = rem % 60;
  rem = (rem - sec) / 60;
  const min = rem % 60;
  const hour = (rem - min) / 60;
  const base = `${cachedDate}T${TWO_DIGITS[hour]}:${TWO_DIGITS[min]}:${TWO_DIGITS[sec]}`;
  return milli === 0 ? base + "Z" : `${base}.${String(milli).padStart(3, "0")}Z`;
}

/**
 * A CSV field: numbers in fixed form (empty for NaN), text as
 * {@linkcode csvText} writes it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { csvField } from "./format.ts";
 * assert.equal(csvField(0.1 + 0.2), "0.3");
 * assert.equal(csvField(-3), "-3");
 * assert.equal(csvField(NaN), "");
 * assert.equal(csvField('a "b", c'), '"a ""b"", c"');
 * assert.equal(csvField("-3"), `"'-3"`);
 * ```
 */
export function csvField(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") return formatNumber(v) ?? "";
  return csvText(v);
}

/**
 * A CSV text field, the one rule every CSV file follows: quoted when it
 * holds a comma, a quote or a line break (RFC 4180), and, when it starts
 * with `=`, `+`, `-`, `@`, a tab or a carriage return, written as `"'…"` so
 * that a spreadsheet shows it instead of running it as a formula (OWASP,
 * "CSV Injection"). Only text passes here (symbols, reasons, parameter
 * text, messages): numbers are written as numbers, so `-3` stays a
 * negative number.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { csvText } from "./format.ts";
 * assert.equal(csvText("AAPL"), "AAPL");
 * assert.equal(csvText("a,b"), '"a,b"');
 * assert.equal(csvText("=cmd|' /C calc'!A0"), `"'=cmd|' /C calc'!A0"`);
 * assert.equal(csvText('@SUM(A1) "x"'), `"'@SUM(A1) ""x"""`);
 * ```
 */
export function csvText(s: string): string {
  const c = s.charCodeAt(0);
  if (c === 61 || c === 43 || c === 45 || c === 64 || c === 9 || c === 13) return `"'${s.replaceAll('"', '""')}"`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/**
 * A CSV document from a header and rows, LF line endings and a trailing newline.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { csvDocument } from "./format.ts";
 * assert.equal(csvDocument(["a", "b"], [[1, "x"], [NaN, null]]), "a,b\n1,x\n,\n");
 * ```
 */
export function csvDocument(
  header: readonly string[],
  rows: Iterable<readonly (string | number | null | undefined)[]>,
): string {
  const out = [header.map(csvField).join(",")];
  for (const r of rows) out.push(r.map(csvField).join(","));
  return out.join("\n") + "\n";
}

/**
 * Options of the JSON writers.
 *
 * @example
 * ```ts
 * import type { JsonOptions } from "./format.ts";
 * const opts: JsonOptions = { metrics: true };
 * console.log(opts.metrics);
 * ```
 */
export interface JsonOptions {
  /** Every number is a metric: an infinity is the string `"Infinity"` / `"-Infinity"`, not `null` (see the module doc). */
  readonly metrics?: boolean;
}

/**
 * A metric as JSON holds it: the number when finite, `null` for NaN
 * (undefined), `"Infinity"` / `"-Infinity"` for infinities.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { jsonMetric } from "./format.ts";
 * assert.ok(jsonMetric(1.5) === 1.5 && jsonMetric(NaN) === null && jsonMetric(-Infinity) === "-Infinity");
 * ```
 */
export function jsonMetric(x: number): number | string | null {
  if (Number.isFinite(x)) return x;
  return x === Infinity ? "Infinity" : x === -Infinity ? "-Infinity" : null;
}

/** How one line of JSON is laid out. */
interface Layout {
  /** Between the items of an array or object. */
  readonly comma: string;
  /** Between a key and its value. */
  readonly colon: string;
  /** Escape every character above U+007E, so that a line's length in bytes is its length in characters. */
  readonly ascii: boolean;
  readonly metrics: boolean;
}

const SPACED: Layout = { comma: ", ", colon: ": ", ascii: false, metrics: false };
const SPACED_METRICS: Layout = { ...SPACED, metrics: true };
const COMPACT: Layout = { comma: ",", colon: ":", ascii: true, metrics: false };

function jsonNumber(x: number, metrics: boolean): string {
  const s = formatNumber(x);
  if (s !== null) return s;
  return metrics && x === Infinity ? '"Infinity"' : metrics && x === -Infinity ? '"-Infinity"' : "null";
}

function jsonString(s: string, ascii: boolean): string {
  const q = JSON.stringify(s);
  return ascii ? q.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`) : q;
}

const fields = (v: object) =>
  Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined && typeof x !== "function");

/** One line of JSON: the records of {@linkcode toJson}'s arrays, {@linkcode toJsonLine}, {@linkcode toCompactJson}. */
function line(v: unknown, l: Layout): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "number") return jsonNumber(v, l.metrics);
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "string") return jsonString(v, l.ascii);
  if (Array.isArray(v) || ArrayBuffer.isView(v)) {
    return `[${Array.from(v as ArrayLike<unknown>, (x) => line(x, l)).join(l.comma)}]`;
  }
  return `{${fields(v).map(([k, x]) => `${jsonString(k, l.ascii)}${l.colon}${line(x, l)}`).join(l.comma)}}`;
}

function indented(value: unknown, indent: string, l: Layout): string {
  if (value === null || typeof value !== "object") return line(value, l);
  if (ArrayBuffer.isView(value)) return indented(Array.from(value as Float64Array), indent, l);
  const inner = indent + "  ";
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    if (value.every((v) => typeof v !== "object" || v === null)) return line(value, l);
    return `[\n${value.map((v) => inner + line(v, l)).join(",\n")}\n${indent}]`;
  }
  const entries = fields(value);
  if (entries.length === 0) return "{}";
  return `{\n${
    entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${indented(v, inner, l)}`).join(",\n")
  }\n${indent}}`;
}

/**
 * JSON text of a value with numbers in fixed form (non-finite numbers
 * become `null`, or with `metrics` follow the metric rule), objects keeping
 * their key order, indented by two spaces. Arrays of records put one record
 * per line, which keeps long result files diffable.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { toJson } from "./format.ts";
 * assert.equal(toJson({ a: 1, rows: [{ x: NaN }, { x: 2 }] }), '{\n  "a": 1,\n  "rows": [\n    {"x": null},\n    {"x": 2}\n  ]\n}');
 * assert.equal(toJson({ pf: Infinity, sharpe: NaN }, { metrics: true }), '{\n  "pf": "Infinity",\n  "sharpe": null\n}');
 * ```
 */
export function toJson(value: unknown, opts: JsonOptions = {}): string {
  return indented(value, "", opts.metrics ? SPACED_METRICS : SPACED);
}

/**
 * One-line JSON of a value, formatted as {@linkcode toJson} formats the
 * records of an array: `{"a": 1, "b": [2, 3]}`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { toJsonLine } from "./format.ts";
 * assert.ok(toJsonLine({ a: 0.1 + 0.2, b: [NaN, "x"] }) === '{"a": 0.3, "b": [null, "x"]}');
 * ```
 */
export function toJsonLine(v: unknown): string {
  return line(v, SPACED);
}

/**
 * One-line JSON without spaces, every character above U+007E escaped, so a
 * line's length in bytes is its length in characters: the lines of the
 * study files' JSON-lines and their records. Non-finite numbers are `null`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { toCompactJson } from "./format.ts";
 * assert.equal(toCompactJson({ run: 0, p: ["é", 0.1 + 0.2], x: Infinity }), '{"run":0,"p":["\\u00e9",0.3],"x":null}');
 * ```
 */
export function toCompactJson(v: unknown): string {
  return line(v, COMPACT);
}
