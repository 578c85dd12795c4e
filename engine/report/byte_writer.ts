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
/** "00" … "99" as character codes: two digits per division. */
const PAIRS = Uint8Array.from({ length: 200 }, (_, i) => ZERO + (i & 1 ? (i >> 1) % 10 : Math.floor((i >> 1) / 10)));

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
  #day = NaN;
  #date = new Uint8Array(10);

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

  #uint(v: number): void {
    // v is a non-negative integer below 2^53
    const b = this.#buf;
    if (v < 10) {
      b[this.#pos++] = ZERO + v;
      return;
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
    let p = this.#pos + digits;
    this.#pos = p;
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
      return;
    }
    while (v >= 1) {
      const q = Math.floor(v / 10);
      b[--p] = ZERO + (v - q * 10);
      v = q;
    }
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
    if (x < 1e13 && x > -1e13) {
      const cents = Math.round(x * 100);
      if (cents / 100 === x) {
        const b = this.#buf;
        let a = cents;
        if (a < 0) {
          b[this.#pos++] = 45; // '-'
          a = -a;
        }
        const whole = Math.floor(a / 100), frac = a - whole * 100;
        this.#uint(whole);
        if (frac !== 0) {
          b[this.#pos++] = 46; // '.'
          const tens = Math.floor(frac / 10), ones = frac - tens * 10;
          b[this.#pos++] = ZERO + tens;
          if (ones !== 0) b[this.#pos++] = ZERO + ones;
        }
        return;
      }
      // Eight decimals from an integer, as toFixed(8) would round them: p = x·1e8 is within |p|·2^-53 of the exact
      // product, so unless it lies that close to a rounding tie, rounding p gives toFixed's digits. |x| < 1e7 keeps
      // them within 15 significant digits, so the digits with trailing zeros stripped are the shortest round-trip
      // form String() prints (formatNumber); m ≥ 100 keeps clear of the exponent form String() uses below 1e-6.
      if (x < 1e7 && x > -1e7) {
        const p = x * 1e8;
        const fl = Math.floor(p);
        const f = p - fl;
        const tol = (p < 0 ? -p : p) * 2.3e-16 + 1e-7;
        if (f < 0.5 - tol || f > 0.5 + tol) {
          const m = f < 0.5 ? fl : fl + 1;
          const a = m < 0 ? -m : m;
          const b = this.#buf;
          if (a === 0) {
            b[this.#pos++] = ZERO;
            return;
          }
          if (a >= 100) {
            if (m < 0) b[this.#pos++] = 45; // '-'
            const whole = Math.floor(a / 1e8);
            let frac = a - whole * 1e8; // < 1e8: int32 arithmetic below
            this.#uint(whole);
            if (frac !== 0) {
              b[this.#pos++] = 46; // '.'
              let digits = 8;
              while (frac % 10 === 0) {
                frac = (frac / 10) | 0;
                digits--;
              }
              let q = this.#pos + digits;
              this.#pos = q;
              let d = digits;
              for (; d >= 2; d -= 2) {
                const t = (frac / 100) | 0;
                const r = (frac - t * 100) << 1;
                b[--q] = PAIRS[r + 1]!;
                b[--q] = PAIRS[r]!;
                frac = t;
              }
              if (d === 1) b[--q] = ZERO + frac;
            }
            return;
          }
        }
      }
    }
    this.text(formatNumber(x) ?? empty);
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
    const day = Math.floor(ms / DAY_MS);
    if (day !== this.#day) {
      this.#day = day;
      const d = new Date(day * DAY_MS).toISOString();
      for (let i = 0; i < 10; i++) this.#date[i] = d.charCodeAt(i);
    }
    const b = this.#buf, date = this.#date;
    let p = this.#pos;
    for (let i = 0; i < 10; i++) b[p++] = date[i]!;
    let rem = (ms - day * DAY_MS) | 0; // ms of the day: an int32
    const milli = rem % 1000;
    rem = (rem - milli) / 1000;
    const sec = rem % 60;
    rem = (rem - sec) / 60;
    const min = rem % 60;
    const hour = (rem - min) / 60;
    b[p++] = 84; // 'T'
    b[p++] = ZERO + ((hour / 10) | 0);
    b[p++] = ZERO + (hour % 10);
    b[p++] = 58; // ':'
    b[p++] = ZERO + ((min / 10) | 0);
    b[p++] = ZERO + (min % 10);
    b[p++] = 58;
    b[p++] = ZERO + ((sec / 10) | 0);
    b[p++] = ZERO + (sec % 10);
    if (milli !== 0) {
      b[p++] = 46;
      b[p++] = ZERO + Math.floor(milli / 100);
      b[p++] = ZERO + (Math.floor(milli / 10) % 10);
      b[p++] = ZERO + (milli % 10);
    }
    b[p++] = 90; // 'Z'
    this.#pos = p;
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
