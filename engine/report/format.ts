/**
 * Fixed formatting for result files, so the same run always writes the same
 * bytes and golden files do not flicker on the last ulp.
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
 * A CSV field: numbers in fixed form (empty for NaN), text quoted when it must be (RFC 4180).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { csvField } from "./format.ts";
 * assert.equal(csvField(0.1 + 0.2), "0.3");
 * assert.equal(csvField(NaN), "");
 * assert.equal(csvField('a "b", c'), '"a ""b"", c"');
 * ```
 */
export function csvField(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") return formatNumber(v) ?? "";
  return /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
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
 * JSON text of a value with numbers in fixed form (non-finite numbers become
 * `null`), objects keeping their key order, indented by two spaces. Arrays of
 * records put one record per line, which keeps long result files diffable.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { toJson } from "./format.ts";
 * assert.equal(toJson({ a: 1, rows: [{ x: NaN }, { x: 2 }] }), '{\n  "a": 1,\n  "rows": [\n    {"x": null},\n    {"x": 2}\n  ]\n}');
 * ```
 */
export function toJson(value: unknown, indent = ""): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "number") return formatNumber(value) ?? "null";
  if (typeof value === "string" || typeof value === "boolean") return JSON.stringify(value);
  if (ArrayBuffer.isView(value)) return toJson(Array.from(value as Float64Array), indent);
  const inner = indent + "  ";
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    if (value.every((v) => typeof v !== "object" || v === null)) return `[${value.map((v) => toJson(v)).join(", ")}]`;
    return `[\n${value.map((v) => inner + flat(v)).join(",\n")}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) =>
    v !== undefined && typeof v !== "function"
  );
  if (entries.length === 0) return "{}";
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${toJson(v, inner)}`).join(",\n")}\n${indent}}`;
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
  return flat(v);
}

/** One-line JSON of a record. */
function flat(v: unknown): string {
  if (v === null || typeof v !== "object") return toJson(v);
  if (Array.isArray(v)) return `[${v.map(flat).join(", ")}]`;
  const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) =>
    x !== undefined && typeof x !== "function"
  );
  return `{${entries.map(([k, x]) => `${JSON.stringify(k)}: ${flat(x)}`).join(", ")}}`;
}
