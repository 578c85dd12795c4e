/**
 * Exact JSON for what crosses the queue. Plain `JSON.stringify` turns NaN and
 * ±Infinity into `null` and `-0` into `0`, and writes typed arrays as
 * objects; a run's metrics hold all of these, and a distributed study must
 * give the same bytes as a local one. This codec tags them instead:
 * `{"$n":"NaN"|"Infinity"|"-Infinity"|"-0"}` for such numbers and
 * `{"$f64":"<base64 of the little-endian bytes>"}` for a `Float64Array`.
 * Every finite number round-trips exactly (JSON writes the shortest text
 * that reads back as the same double).
 *
 * @module
 */
import { Buffer } from "node:buffer";

const SPECIAL: Record<string, number> = { "NaN": NaN, "Infinity": Infinity, "-Infinity": -Infinity, "-0": -0 };

function replacer(this: unknown, _key: string, value: unknown): unknown {
  if (typeof value === "number") {
    if (Number.isNaN(value)) return { $n: "NaN" };
    if (value === Infinity) return { $n: "Infinity" };
    if (value === -Infinity) return { $n: "-Infinity" };
    if (Object.is(value, -0)) return { $n: "-0" };
    return value;
  }
  if (value instanceof Float64Array) {
    return { $f64: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("base64") };
  }
  return value;
}

function reviver(_key: string, value: unknown): unknown {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    const o = value as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1 && typeof o.$n === "string" && o.$n in SPECIAL) return SPECIAL[o.$n];
    if (keys.length === 1 && typeof o.$f64 === "string") {
      const bytes = Buffer.from(o.$f64, "base64");
      const out = new Float64Array(bytes.byteLength / 8);
      new Uint8Array(out.buffer).set(bytes);
      return out;
    }
  }
  return value;
}

/**
 * Encode a value exactly (see the module doc).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { decodeExact, encodeExact } from "./codec.ts";
 * const v = { a: NaN, b: -0, c: -Infinity, d: 0.1 + 0.2, e: Float64Array.of(1.5, NaN) };
 * const back = decodeExact(encodeExact(v)) as typeof v;
 * assert.ok(Number.isNaN(back.a) && Object.is(back.b, -0) && back.c === -Infinity && back.d === 0.1 + 0.2);
 * assert.deepEqual([...back.e], [1.5, NaN]);
 * ```
 */
export function encodeExact(value: unknown): string {
  return JSON.stringify(value, replacer);
}

/** Decode what {@linkcode encodeExact} wrote. */
export function decodeExact(text: string): unknown {
  return JSON.parse(text, reviver);
}
