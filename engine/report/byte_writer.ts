/**
 * A buffered ASCII writer for long result files (equity curves of millions
 * of bars). Numbers and times are encoded straight into bytes, so writing a
 * 1M-row curve creates no per-row strings.
 *
 * @module
 */
import { csvText, formatNumber } from "./format.ts";

const DAY_MS = 86_400_000;
const ZERO = 48;
const ENCODER = new TextEncoder();
/** One number, for {@linkcode numberInto}. */
const ONE = new Float64Array(1);
/** "00" … "99" as character codes: two digits per division. */
const PAIRS = Uint8Array.from({ length: 200 }, (_, i) => ZERO + (i & 1 ? (i >> 1) % 10 : Math.floor((i >> 1) / 10)));

/** Write `v`, a non-negative integer below 2^53, at `b[p…]`; returns the position after it. */
function uintInto(b: Uint8Array, p: number, v: number): number {
  if (v < 10) {
    b[p] = ZERO + v;
    return p + 1;
  }
  const digits = v < 1e2
    ? 2
    : v < 1e3
    ? 3
    : v < 1e4
    ? 4
    : v < 1e5
    ? 5
    : v < 1e6
    ? 6
    : v < 1e7
    ? 7
    : v < 1e8
    ? 8
    : v < 1e9
    ? 9
    : v < 1e10
    ? 10
    : v < 1e11
    ? 11
    : v < 1e12
    ? 12
    : v < 1e13
    ? 13
    : v < 1e14
    ? 14
    : v < 1e15
    ? 15
    : 16;
  const end = p + digits;
  p = end;
  if (v < 2147483648) {
    let u = v | 0;
    while (u >= 100) {
      const q = (u / 100) | 0;
      const r = (u - q * 100) << 1;
      b[--p] = PAIRS[r + 1]!;
      b[--p] = PAIRS[r]!;
      u = q;
    }
    if (u >= 10) {
      b[--p] = PAIRS[(u << 1) + 1]!;
      b[--p] = PAIRS[u << 1]!;
    } else b[--p] = ZERO + u;
    return end;
  }
  while (v >= 1) {
    const q = Math.floor(v / 10);
    b[--p] = ZERO + (v - q * 10);
    v = q;
  }
  return end;
}

/**
 * Write `x = values[i]` at `b[p…]` (32 bytes of room) exactly as {@linkcode formatNumber}
 * writes it, and return the position after it; or return -1, having written
 * nothing, when only `formatNumber`'s own string says it (non-finite, huge,
 * tiny, or too close to a rounding tie).
 */
function numberInto(b: Uint8Array, p: number, values: Float64Array, i: number): number {
  // the value is read here, not passed: a double argument would be boxed on every call
  const x = values[i]!;
  if (!(x < 1e13 && x > -1e13)) return -1;
  const cents = Math.round(x * 100);
  if (cents / 100 === x) {
    let a = cents;
    if (a < 0) {
      b[p++] = 45; // '-'
      a = -a;
    }
    const whole = Math.floor(a / 100), frac = a - whole * 100;
    p = uintInto(b, p, whole);
    if (frac !== 0) {
      b[p++] = 46; // '.'
      const tens = Math.floor(frac / 10), ones = frac - tens * 10;
      b[p++] = ZERO + tens;
      if (ones !== 0) b[p++] = ZERO + ones;
    }
    return p;
  }
  // Eight decimals from an integer, as toFixed(8) would round them: m = x·1e8 is within |m|·2^-53 of the exact
  // product, so unless it lies that close to a rounding tie, rounding m gives toFixed's digits. |x| < 1e7 keeps
  // them within 15 significant digits, so the digits with trailing zeros stripped are the shortest round-trip
  // form String() prints (formatNumber); a ≥ 100 keeps clear of the exponent form String() uses below 1e-6.
  if (!(x < 1e7 && x > -1e7)) return -1;
  const m8 = x * 1e8;
  const fl = Math.floor(m8);
  const f = m8 - fl;
  const tol = (m8 < 0 ? -m8 : m8) * 2.3e-16 + 1e-7;
  if (!(f < 0.5 - tol || f > 0.5 + tol)) return -1;
  const m = f < 0.5 ? fl : fl + 1;
  const a = m < 0 ? -m : m;
  if (a === 0) {
    b[p] = ZERO;
    return p + 1;
  }
  if (a < 100) return -1;
  if (m < 0) b[p++] = 45; // '-'
  const whole = Math.floor(a / 1e8);
  let frac = (a - whole * 1e8) | 0; // < 1e8: int32 arithmetic below
  p = uintInto(b, p, whole);
  if (frac === 0) return p;
  b[p++] = 46; // '.'
  let digits = 8;
  while (frac % 10 === 0) {
    frac = (frac / 10) | 0;
    digits--;
  }
  const end = p + digits;
  let q = end;
  let d = digits;
  for (; d >= 2; d -= 2) {
    const t = (frac / 100) | 0;
    const r = (frac - t * 100) << 1;
    b[--q] = PAIRS[r + 1]!;
    b[--q] = PAIRS[r]!;
    frac = t;
  }
  if (d === 1) b[--q] = ZERO + frac;
  return end;
}

/** Write ASCII `s` at `b[p…]`; returns the position after it. */
function textInto(b: Uint8Array, p: number, s: string): number {
  for (let i = 0; i < s.length; i++) b[p++] = s.charCodeAt(i);
  return p;
}

/** The date part (`YYYY-MM-DD`) of the last day written, as bytes. */
class DateCache {
  day = NaN;
  readonly bytes = new Uint8Array(10);
}

/** Write epoch ms as ISO-8601 UTC at `b[p…]` (25 bytes of room), as {@linkcode isoTime}; returns the position after it. */
function isoInto(b: Uint8Array, p: number, ms: number, dates: DateCache): number {
  const day = Math.floor(ms / DAY_MS);
  return dayTimeInto(b, p, day, (ms - day * DAY_MS) | 0, dates);
}

/** {@linkcode isoInto} of the time `ms` of the day `day` (integers: no double is boxed on a call). */
function dayTimeInto(b: Uint8Array, p: number, day: number, ms: number, dates: DateCache): number {
  const date = dates.bytes;
  if (day !== dates.day) {
    dates.day = day;
    const d = new Date(day * DAY_MS).toISOString();
    for (let i = 0; i < 10; i++) date[i] = d.charCodeAt(i);
  }
  for (let i = 0; i < 10; i++) b[p++] = date[i]!;
  let rem = ms;
  const milli = rem % 1000;
  rem = (rem - milli) / 1000;
  const sec = rem % 60;
  rem = (rem - sec) / 60;
  const min = rem % 60;
  const hour = (rem - min) / 60;
  b[p++] = 84; // 'T'
  b[p++] = PAIRS[hour << 1]!;
  b[p++] = PAIRS[(hour << 1) + 1]!;
  b[p++] = 58; // ':'
  b[p++] = PAIRS[min << 1]!;
  b[p++] = PAIRS[(min << 1) + 1]!;
  b[p++] = 58;
  b[p++] = PAIRS[sec << 1]!;
  b[p++] = PAIRS[(sec << 1) + 1]!;
  if (milli !== 0) {
    b[p++] = 46;
    b[p++] = ZERO + ((milli / 100) | 0);
    b[p++] = PAIRS[(milli % 100) << 1]!;
    b[p++] = PAIRS[((milli % 100) << 1) + 1]!;
  }
  b[p++] = 90; // 'Z'
  return p;
}

/**
 * Write the rows of {@linkcode ByteWriter.timeRows} at `b[p…]`, handing the
 * buffer to `flush` (which returns it empty) whenever a row might not fit;
 * returns the position after the last row. A value equal to its column's
 * last one copies that one's bytes (a flat stretch of a curve).
 */
function rowsInto(
  b: Uint8Array,
  p: number,
  tsMs: Float64Array,
  columns: readonly Float64Array[],
  empty: string,
  rowMax: number,
  dates: DateCache,
  flush: (p: number) => Uint8Array,
): number {
  const n = tsMs.length, k = columns.length;
  // each column's last value, and where its bytes lie in the buffer (from -1: not there since a flush)
  const last = new Float64Array(k).fill(NaN);
  const from = new Int32Array(k).fill(-1), to = new Int32Array(k);
  let limit = b.length - rowMax;
  for (let i = 0; i < n; i++) {
    if (p > limit) {
      b = flush(p);
      p = 0;
      limit = b.length - rowMax;
      from.fill(-1);
    }
    const t = tsMs[i]!;
    if (t - t === 0) {
      const day = Math.floor(t / DAY_MS);
      p = dayTimeInto(b, p, day, (t - day * DAY_MS) | 0, dates);
    }
    for (let c = 0; c < k; c++) {
      const x = columns[c]![i]!;
      b[p++] = 44; // ','
      const f = from[c]!;
      if (x === last[c] && f >= 0) {
        const e = to[c]!;
        for (let j = f; j < e; j++) b[p++] = b[j]!;
        continue;
      }
      const start = p;
      const q = numberInto(b, p, columns[c]!, i);
      p = q >= 0 ? q : textInto(b, p, formatNumber(x) ?? empty);
      last[c] = x;
      from[c] = start;
      to[c] = p;
    }
    b[p++] = 10; // '\n'
  }
  return p;
}

/**
 * Writes ASCII text, numbers and ISO times into a buffer flushed to a sink.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ByteWriter } from "./byte_writer.ts";
 * const chunks: string[] = [];
 * const w = new ByteWriter((c) => chunks.push(new TextDecoder().decode(c)));
 * w.text("time,value\n");
 * w.isoTime(0);
 * w.text(",");
 * w.number(1 / 3, "");
 * w.flush();
 * assert.equal(chunks.join(""), "time,value\n1970-01-01T00:00:00Z,0.33333333");
 * ```
 */
export class ByteWriter {
  #buf: Uint8Array;
  #pos = 0;
  #flushes = 0;
  #sink: (chunk: Uint8Array) => void;
  #dates = new DateCache();

  /** `sink` receives each full buffer; the writer reuses the buffer afterwards. */
  constructor(sink: (chunk: Uint8Array) => void, size = 1 << 20) {
    this.#buf = new Uint8Array(size);
    this.#sink = sink;
  }

  #room(n: number): void {
    if (this.#pos + n > this.#buf.length) this.flush();
  }

  /** Hand the buffered bytes to the sink. */
  flush(): void {
    this.#flushes++;
    if (this.#pos > 0) this.#sink(this.#buf.subarray(0, this.#pos));
    this.#pos = 0;
  }

  /**
   * Append one byte (an ASCII character's code): the separators of the long
   * sections, without {@linkcode text}'s loop.
   */
  byte(c: number): void {
    if (this.#pos >= this.#buf.length) this.flush();
    this.#buf[this.#pos++] = c;
  }

  /** Append bytes encoded once beforehand (see {@linkcode asciiBytes}): a separator repeated on every row. */
  bytes(b: Uint8Array): void {
    const n = b.length;
    this.#room(n);
    const buf = this.#buf;
    let p = this.#pos;
    for (let i = 0; i < n; i++) buf[p++] = b[i]!;
    this.#pos = p;
  }

  /**
   * Hand `b` to the sink as it is, after what is buffered: a long binary
   * section (a column of a Parquet file) without a copy. The sink must be
   * done with `b` when it returns, as with the writer's own buffer.
   */
  chunk(b: Uint8Array): void {
    if (b.length <= 4096 && b.length <= this.#buf.length) return this.bytes(b);
    this.flush();
    this.#sink(b);
  }

  /** Append text, UTF-8 encoded. */
  text(s: string): void {
    const n = s.length;
    if (n <= 24) {
      this.#room(n * 3);
      const b = this.#buf;
      let p = this.#pos;
      for (let i = 0; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c > 127) return this.#encode(s); // #pos is untouched until the loop ends
        b[p++] = c;
      }
      this.#pos = p;
      return;
    }
    this.#encode(s);
  }

  #encode(s: string): void {
    // UTF-8 needs at most 3 bytes per UTF-16 code unit
    if (s.length * 3 > this.#buf.length) {
      this.flush();
      this.#sink(ENCODER.encode(s));
      return;
    }
    this.#room(s.length * 3);
    const { written } = ENCODER.encodeInto(s, this.#buf.subarray(this.#pos));
    this.#pos += written;
  }

  #lastValue = new Float64Array(4).fill(NaN);
  #lastBytes = Array.from({ length: 4 }, () => new Uint8Array(32));
  #lastLen = new Int32Array(4);

  /**
   * Like {@linkcode number}, remembering the bytes of the last value written
   * in `slot` (0–3): a long curve repeats values in flat stretches, and a
   * repeat is a copy.
   */
  numberRepeat(x: number, empty: string, slot: number): void {
    this.#room(32);
    const b = this.#buf;
    const cached = this.#lastBytes[slot]!;
    if (x === this.#lastValue[slot]) {
      const len = this.#lastLen[slot]!;
      let p = this.#pos;
      for (let i = 0; i < len; i++) b[p++] = cached[i]!;
      this.#pos = p;
      return;
    }
    const start = this.#pos, flushes = this.#flushes;
    this.number(x, empty);
    const len = this.#pos - start;
    if (flushes === this.#flushes && len <= 32) {
      for (let i = 0; i < len; i++) cached[i] = b[start + i]!;
      this.#lastLen[slot] = len;
      this.#lastValue[slot] = x;
    } else {
      this.#lastValue[slot] = NaN;
    }
  }

  /**
   * Append a number exactly as {@linkcode formatNumber} writes it; `empty`
   * is written for NaN and infinities.
   */
  number(x: number, empty: string): void {
    this.#room(32);
    ONE[0] = x;
    const p = numberInto(this.#buf, this.#pos, ONE, 0);
    if (p >= 0) this.#pos = p;
    else this.text(formatNumber(x) ?? empty);
  }

  /**
   * Append CSV rows, one per time: `time,v1,…,vk` and a line break, the
   * time as {@linkcode isoTime} writes it (empty when not finite) and each
   * value of `columns` (as long as `tsMs`) as {@linkcode number} writes it,
   * `empty` for NaN and infinities. The long CSV files' loop: a row whose
   * values are those of the row before (a flat stretch) copies their bytes.
   */
  timeRows(tsMs: Float64Array, columns: readonly Float64Array[], empty: string): void {
    const rowMax = 40 + columns.length * (33 + empty.length);
    if (rowMax > this.#buf.length) throw new RangeError("ByteWriter.timeRows: the buffer is too small for a row");
    this.#room(rowMax);
    this.#pos = rowsInto(this.#buf, this.#pos, tsMs, columns, empty, rowMax, this.#dates, (p) => {
      this.#pos = p;
      this.flush();
      return this.#buf;
    });
  }

  /**
   * Append a number as a report metric: finite numbers as {@linkcode number}
   * writes them, NaN as `nan`, and ±Infinity as `"Infinity"` / `"-Infinity"`
   * wrapped in `quote` (`'"'` inside JSON, `""` in CSV).
   */
  metric(x: number, nan: string, quote: string): void {
    if (x === Infinity) this.text(`${quote}Infinity${quote}`);
    else if (x === -Infinity) this.text(`${quote}-Infinity${quote}`);
    else this.number(x, nan);
  }

  /** Append a JSON string literal (quoted and escaped as `JSON.stringify` does). */
  jsonString(s: string): void {
    const n = s.length;
    if (n <= 64) {
      let plain = true;
      for (let i = 0; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c < 32 || c > 126 || c === 34 || c === 92) {
          plain = false;
          break;
        }
      }
      if (plain) {
        this.#room(n + 2);
        const b = this.#buf;
        let p = this.#pos;
        b[p++] = 34;
        for (let i = 0; i < n; i++) b[p++] = s.charCodeAt(i);
        b[p++] = 34;
        this.#pos = p;
        return;
      }
    }
    this.text(JSON.stringify(s));
  }

  /**
   * Append a CSV text field as {@linkcode csvText} writes it: quoted when it
   * holds a comma, a quote or a line break, and `"'…"` when a spreadsheet
   * would run it as a formula (it starts with `=`, `+`, `-`, `@`, a tab or a
   * carriage return).
   */
  csvText(s: string): void {
    this.text(csvText(s));
  }

  /** Append epoch ms as a quoted ISO-8601 JSON string, or `null` when it is not finite. */
  jsonTime(ms: number): void {
    if (ms - ms !== 0) {
      this.text("null");
      return;
    }
    this.text('"');
    this.isoTime(ms);
    this.text('"');
  }

  /** Append epoch ms as ISO-8601 UTC, like {@linkcode isoTime}. */
  isoTime(ms: number): void {
    this.#room(32);
    this.#pos = isoInto(this.#buf, this.#pos, ms, this.#dates);
  }
}

/**
 * Collect what a writer produces into one byte array (for tests and small
 * outputs).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { collectBytes } from "./byte_writer.ts";
 * const bytes = collectBytes((w) => { w.isoTime(60_000); w.text(","); w.number(12.5, ""); });
 * assert.equal(new TextDecoder().decode(bytes), "1970-01-01T00:01:00Z,12.5");
 * ```
 */
export function collectBytes(produce: (w: ByteWriter) => void): Uint8Array {
  const parts: Uint8Array[] = [];
  const w = new ByteWriter((c) => parts.push(c.slice()));
  produce(w);
  w.flush();
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * What a writer produces, as text (for tests and for callers that want a
 * string).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { collectText } from "./byte_writer.ts";
 * assert.equal(collectText((w) => { w.text("é,"); w.number(0.1 + 0.2, ""); }), "é,0.3");
 * ```
 */
export function collectText(produce: (w: ByteWriter) => void): string {
  return new TextDecoder().decode(collectBytes(produce));
}

/**
 * The bytes of an ASCII string, for {@linkcode ByteWriter.bytes}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { asciiBytes, ByteWriter } from "./byte_writer.ts";
 * const chunks: string[] = [];
 * const w = new ByteWriter((c) => chunks.push(new TextDecoder().decode(c)));
 * w.bytes(asciiBytes('", '));
 * w.byte(44);
 * w.flush();
 * assert.equal(chunks.join(""), '", ,');
 * ```
 */
export function asciiBytes(s: string): Uint8Array {
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 127) throw new RangeError(`asciiBytes: not ASCII: ${JSON.stringify(s)}`);
    b[i] = c;
  }
  return b;
}
