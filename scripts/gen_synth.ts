/**
 * Deterministic synthetic 1-minute OHLCV random walk: a byte-for-byte port of
 * `shared/bench/gen_synth.py` (see `shared/bench/README.md`).
 *
 * All prices are integer ticks (1 tick = 0.01) drawn from
 * {@linkcode mulberry32}, so the output is identical to the Python reference.
 * Per bar (5 draws, in this order), starting from close = 100000 ticks:
 *
 * ```text
 * open  = prev_close + (r1 % 5  - 2)
 * close = open       + (r2 % 41 - 20)
 * high  = max(open, close) + r3 % 11
 * low   = min(open, close) - r4 % 11
 * vol   = 100 + r5 % 10000
 * ```
 *
 * Timestamps run from 2000-01-03 00:00:00, one minute apart, with no gaps.
 *
 * Usage:
 * `deno run --allow-write scripts/gen_synth.ts [N=1000000] [OUT=synth_1m.csv] [SEED=42]`
 *
 * @module
 */
import { mulberry32 } from "../engine/random.ts";
import { parseArgs } from "node:util";
import { sha256Hex } from "../engine/sha256_hex.ts";
import { FlagError, parseFlags } from "./_flags.ts";

const HEADER = "Datetime,Open,High,Low,Close,Volume\n";
const START_CLOSE = 100000;
const MS_PER_DAY = 86_400_000;
/** 2000-01-03T00:00:00Z in milliseconds since the epoch. */
const START_MS = Date.UTC(2000, 0, 3);

const C0 = 48; // '0'
const COMMA = 44;
const DOT = 46;
const NL = 10;
const COLON = 58;

/** Two ASCII digits for 0..99, packed as `hi << 8 | lo`, to write minutes/cents fast. */
const TWO_DIGITS = new Uint16Array(100);
for (let i = 0; i < 100; i++) {
  TWO_DIGITS[i] = ((C0 + ((i / 10) | 0)) << 8) | (C0 + (i % 10));
}

/** Growable byte sink with fast ASCII integer/price writers. */
class ByteSink {
  buf: Uint8Array;
  pos = 0;

  constructor(capacity: number) {
    this.buf = new Uint8Array(Math.max(capacity, 64));
  }

  ensure(extra: number): void {
    if (this.pos + extra <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.pos + extra) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  ascii(s: string): void {
    this.ensure(s.length);
    for (let i = 0; i < s.length; i++) this.buf[this.pos++] = s.charCodeAt(i);
  }

  /** Write a non-negative integer in decimal (caller has ensured room). */
  uint(v: number): void {
    const buf = this.buf;
    if (v === 0) {
      buf[this.pos++] = C0;
      return;
    }
    let digits = 0;
    for (let x = v; x > 0; x = Math.floor(x / 10)) digits++;
    let p = this.pos + digits;
    this.pos = p;
    while (v > 0) {
      const q = Math.floor(v / 10);
      buf[--p] = C0 + (v - q * 10);
      v = q;
    }
  }

  /** Write `%d.%02d` of a positive tick count (caller has ensured room). */
  price(ticks: number): void {
    if (!(ticks > 0)) {
      throw new RangeError(
        `price went non-positive (${ticks} ticks); change seed/start`,
      );
    }
    const whole = Math.floor(ticks / 100);
    const cents = ticks - whole * 100;
    this.uint(whole);
    const buf = this.buf;
    const d = TWO_DIGITS[cents]!;
    buf[this.pos++] = DOT;
    buf[this.pos++] = d >> 8;
    buf[this.pos++] = d & 0xff;
  }

  bytes(): Uint8Array {
    return this.buf.subarray(0, this.pos);
  }
}

/** `YYYY-MM-DD ` for the UTC day starting at `ms`, as 11 ASCII bytes. */
function dayPrefix(ms: number): Uint8Array {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  const s = `${String(y).padStart(4, "0")}-${String(d.getUTCMonth() + 1).padStart(2, "0")}-${
    String(d.getUTCDate()).padStart(2, "0")
  } `;
  const out = new Uint8Array(11);
  for (let i = 0; i < 11; i++) out[i] = s.charCodeAt(i);
  return out;
}

/**
 * Generate `n` synthetic one-minute bars from `seed` as the exact CSV bytes
 * (header, LF line endings, trailing newline) that `gen_synth.py` writes.
 *
 * @throws {RangeError} if a price would become zero or negative (as the
 *   Python reference asserts).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { generateSynth } from "./gen_synth.ts";
 * const csv = generateSynth(1000, 42);
 * assert.ok(csv.length === 56640);
 * ```
 */
export function generateSynth(n: number, seed: number): Uint8Array {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`bad bar count: ${n}`);
  }
  const rnd = mulberry32(seed);
  // ~53.6 bytes per bar at seed 42; the sink grows if prices get longer.
  const sink = new ByteSink(HEADER.length + n * 56 + 64);
  sink.ascii(HEADER);
  let close = START_CLOSE;
  let dayMs = START_MS;
  let prefix = dayPrefix(dayMs);
  let minuteOfDay = 0;
  for (let i = 0; i < n; i++) {
    const o = close + ((rnd() % 5) - 2);
    const c = o + ((rnd() % 41) - 20);
    const h = Math.max(o, c) + (rnd() % 11);
    const lo = Math.min(o, c) - (rnd() % 11);
    const v = 100 + (rnd() % 10000);

    if (minuteOfDay === 1440) {
      minuteOfDay = 0;
      dayMs += MS_PER_DAY;
      prefix = dayPrefix(dayMs);
    }
    // 19 (timestamp) + 4 prices (<= 17 bytes each with commas) + volume + NL
    sink.ensure(128);
    const buf = sink.buf;
    buf.set(prefix, sink.pos);
    let p = sink.pos + 11;
    const hh = TWO_DIGITS[(minuteOfDay / 60) | 0]!;
    const mm = TWO_DIGITS[minuteOfDay % 60]!;
    buf[p++] = hh >> 8;
    buf[p++] = hh & 0xff;
    buf[p++] = COLON;
    buf[p++] = mm >> 8;
    buf[p++] = mm & 0xff;
    buf[p++] = COLON;
    buf[p++] = C0;
    buf[p++] = C0;
    buf[p++] = COMMA;
    sink.pos = p;
    sink.price(o);
    buf[sink.pos++] = COMMA;
    sink.price(h);
    buf[sink.pos++] = COMMA;
    sink.price(lo);
    buf[sink.pos++] = COMMA;
    sink.price(c);
    buf[sink.pos++] = COMMA;
    sink.uint(v);
    buf[sink.pos++] = NL;

    close = c;
    minuteOfDay++;
  }
  return sink.bytes();
}

function parseIntArg(
  s: string | undefined,
  fallback: number,
  what: string,
): number {
  if (s === undefined) return fallback;
  const v = Number(s.replaceAll("_", ""));
  if (!Number.isSafeInteger(v)) {
    throw new FlagError(`${what} must be an integer, got ${s}`);
  }
  return v;
}

/** Lines `first`/`last` of the output, for the same summary the Python prints. */
function edgeLines(data: Uint8Array): [string, string] {
  const dec = new TextDecoder();
  const firstNl = data.indexOf(NL);
  const secondNl = data.indexOf(NL, firstNl + 1);
  const lastStart = data.lastIndexOf(NL, data.length - 2) + 1;
  const first = secondNl < 0 ? "" : dec.decode(data.subarray(firstNl + 1, secondNl));
  const last = dec.decode(data.subarray(lastStart, data.length - 1));
  return [first, last];
}

const USAGE = `Usage: deno task gen:synth [N] [OUT] [SEED]

Writes N synthetic one-minute bars (a seeded random walk, byte for byte the
Python reference of shared/bench/) to OUT, and prints its sha256.

Arguments:
  N            bars (default 1000000)
  OUT          output file (default synth_1m.csv)
  SEED         32-bit seed (default 42)
  -h, --help   show this help`;

/** CLI entry point: `[N=1000000] [OUT=synth_1m.csv] [SEED=42] [--help]`; returns the exit code. */
export async function main(args: string[]): Promise<number> {
  const parsed = parseFlags(USAGE, () => {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { help: { type: "boolean", short: "h" } },
    });
    if (positionals.length > 3) throw new FlagError(`expected at most N, OUT and SEED, found ${positionals.join(" ")}`);
    return {
      values,
      n: parseIntArg(positionals[0], 1_000_000, "N"),
      out: positionals[1] ?? "synth_1m.csv",
      seed: parseIntArg(positionals[2], 42, "SEED"),
    };
  });
  if (typeof parsed === "number") return parsed;
  const { n, out, seed } = parsed;
  const data = generateSynth(n, seed);
  await Deno.writeFile(out, data);
  const [first, last] = edgeLines(data);
  console.log(
    "wrote",
    out,
    "bars",
    n,
    "bytes",
    data.length,
    "sha256",
    await sha256Hex(data),
  );
  console.log("first", first);
  console.log("last ", last);
  return 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
