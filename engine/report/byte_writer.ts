/**
 * A buffered ASCII writer for long result files (equity curves of millions
 * of bars). Numbers and times are encoded straight into bytes, so writing a
 * 1M-row curve creates no per-row strings.
 *
 * @module
 */
import { formatNumber } from "./format.ts";

const DAY_MS = 86_400_000;
const ZERO = 48;
const ENCODER = new TextEncoder();

/** Writes ASCII text, numbers and ISO times into a buffer flushed to a sink. */
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
      while (u >= 10) {
        const q = (u / 10) | 0;
        b[--p] = ZERO + (u - q * 10);
        u = q;
      }
      b[--p] = ZERO + u;
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
    }
    this.text(formatNumber(x) ?? empty);
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
    const b = this.#buf;
    b.set(this.#date, this.#pos);
    let p = this.#pos + 10;
    let rem = ms - day * DAY_MS;
    const milli = rem % 1000;
    rem = (rem - milli) / 1000;
    const sec = rem % 60;
    rem = (rem - sec) / 60;
    const min = rem % 60;
    const hour = (rem - min) / 60;
    b[p++] = 84; // 'T'
    b[p++] = ZERO + Math.floor(hour / 10);
    b[p++] = ZERO + (hour % 10);
    b[p++] = 58; // ':'
    b[p++] = ZERO + Math.floor(min / 10);
    b[p++] = ZERO + (min % 10);
    b[p++] = 58;
    b[p++] = ZERO + Math.floor(sec / 10);
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
 * import { collectBytes } from "./byte_writer.ts";
 * const bytes = collectBytes((w) => { w.isoTime(60_000); w.text(","); w.number(12.5, ""); });
 * console.assert(new TextDecoder().decode(bytes) === "1970-01-01T00:01:00Z,12.5");
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
