import assert from "node:assert/strict";
import { mulberry32 } from "../random.ts";
import fc from "fast-check";
import { type ByteWriter, collectBytes } from "./byte_writer.ts";
import { formatNumber, isoTime } from "./format.ts";

Deno.test("ByteWriter.number() writes the same text as formatNumber()", () => {
  const rnd = mulberry32(11);
  const xs = [0, -0, 0.1, 0.07, -0.05, 12.5, 100000, -3.2, 1e-9, 123456.789, 41780684.38, NaN, Infinity, 1e20, 5e-324];
  for (let i = 0; i < 20000; i++) xs.push((rnd() - 2 ** 31) / 100, (rnd() - 2 ** 31) / 7, rnd() / 1e6);
  const dec = new TextDecoder();
  for (const x of xs) {
    const got = dec.decode(collectBytes((w) => w.number(x, "")));
    assert.equal(got, formatNumber(x) ?? "", String(x));
  }
});

Deno.test("ByteWriter.isoTime() writes the same text as isoTime(), across days and with milliseconds", () => {
  const dec = new TextDecoder();
  for (
    const ms of [
      0,
      999,
      60_000,
      86_399_999,
      86_400_000,
      Date.UTC(2024, 1, 29, 23, 59, 59, 5),
      Date.UTC(1999, 11, 31, 9, 30),
    ]
  ) {
    assert.equal(dec.decode(collectBytes((w) => w.isoTime(ms))), isoTime(ms));
  }
});

Deno.test("ByteWriter flushes across its buffer boundary without losing bytes", () => {
  const parts: number[] = [];
  const text = collectBytes((w) => {
    for (let i = 0; i < 100_000; i++) {
      w.number(i / 4, "");
      w.text("\n");
      parts.push(i / 4);
    }
  });
  assert.equal(new TextDecoder().decode(text), parts.map((x) => formatNumber(x)).join("\n") + "\n");
});

Deno.test("ByteWriter.numberRepeat() writes what number() writes, for repeats and across flushes", () => {
  const rnd = mulberry32(12);
  const xs: number[] = [];
  for (let i = 0; i < 200_000; i++) xs.push(rnd() % 3 === 0 ? xs[xs.length - 1] ?? 1 : (rnd() % 100000) / 100, NaN);
  const dec = new TextDecoder();
  const a = dec.decode(collectBytes((w) => xs.forEach((x, i) => (w.numberRepeat(x, "", i % 2), w.text(",")))));
  const b = dec.decode(collectBytes((w) => xs.forEach((x) => (w.number(x, ""), w.text(",")))));
  assert.equal(a, b);
});

Deno.test("ByteWriter.text() writes UTF-8 for non-ASCII text, short or long", () => {
  const parts = ["é", "×", "symbol ÅÄÖ", "日本語のパス/data.csv", "x".repeat(30) + "€", "a".repeat(3_000_000) + "ü"];
  for (const t of parts) {
    assert.equal(new TextDecoder().decode(collectBytes((w) => (w.text("["), w.text(t), w.text("]")))), `[${t}]`);
  }
});

Deno.test("ByteWriter.number() matches formatNumber() for ratios, near-ties at 8 decimals and tiny values", () => {
  const rnd = mulberry32(13);
  const u = () => rnd() / 2 ** 32;
  const xs: number[] = [1e-6, -1e-6, 9.9e-7, 0.00000105, 0.123456785, -0.123456785, 9999.99999999, -9999.999999995];
  for (let i = 0; i < 50_000; i++) {
    const k = Math.floor(u() * 1e12);
    xs.push(
      u() - 0.5, // returns, drawdowns
      (u() - 0.5) * 2e4, // prices
      (k + 0.5) / 1e8, // exact decimal ties (as near as a double gets)
      (k + 0.5 + (u() - 0.5) * 1e-3) / 1e8, // just off a tie
      u() * 1e-5,
      -u(),
      (u() - 0.5) * 2e7, // equity-sized values
      Math.round(u() * 1e9) / 100 + (u() - 0.5) * 1e-8, // cents with float noise, e.g. 100055.00000000003
      (Math.floor(u() * 1e15) + 0.5) / 1e8, // ties up to 1e7
      0.1 * Math.floor(u() * 1e8) + 0.2, // sums that miss their decimal
    );
  }
  fc.assert(fc.property(fc.double({ noNaN: false }), (x) => {
    assert.equal(new TextDecoder().decode(collectBytes((w) => w.number(x, ""))), formatNumber(x) ?? "");
  }));
  const got = new TextDecoder().decode(collectBytes((w) => xs.forEach((x) => (w.number(x, ""), w.text("\n"))))).split(
    "\n",
  );
  xs.forEach((x, i) => assert.equal(got[i], formatNumber(x) ?? "", String(x)));
});

Deno.test("ByteWriter.jsonString(), csvText(), jsonTime() and metric() write what JSON and RFC 4180 expect", () => {
  const dec = new TextDecoder();
  const out = (f: (w: ByteWriter) => void) => dec.decode(collectBytes(f));
  for (const s of ["AAA", "", 'a"b', "back\\slash", "tab\there", "é", "x".repeat(100), "\u0001"]) {
    assert.equal(out((w) => w.jsonString(s)), JSON.stringify(s));
  }
  assert.equal(out((w) => w.csvText("plain")), "plain");
  assert.equal(out((w) => w.csvText('say "hi", twice')), '"say ""hi"", twice"');
  assert.equal(out((w) => w.csvText("two\nlines")), '"two\nlines"');
  assert.equal(out((w) => (w.jsonTime(0), w.text(","), w.jsonTime(NaN))), '"1970-01-01T00:00:00Z",null');
  assert.equal(
    out((w) => (w.metric(Infinity, "null", '"'), w.metric(NaN, "null", '"'), w.metric(-Infinity, "", ""))),
    '"Infinity"null-Infinity',
  );
  assert.equal(out((w) => w.metric(0.25, "", "")), "0.25");
});

Deno.test("ByteWriter.timeRows() writes what isoTime() and number() write, with repeats, gaps and across flushes", () => {
  const rnd = mulberry32(13);
  const n = 120_000;
  const ts = new Float64Array(n), a = new Float64Array(n), b = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    ts[i] = i === 7 ? NaN : Date.UTC(2020, 0, 1) + i * 61_001;
    a[i] = rnd() % 4 === 0 ? (a[i - 1] ?? 1) : (rnd() % 1_000_000) / 100;
    b[i] = i % 997 === 0 ? NaN : i % 1013 === 0 ? Infinity : rnd() % 5 === 0 ? (b[i - 1] ?? 0) : rnd() / 3e9 - 0.7;
  }
  const dec = new TextDecoder();
  for (const empty of ["", "null"]) {
    const got = dec.decode(collectBytes((w) => (w.text("h\n"), w.timeRows(ts, [a, b], empty))));
    const want = dec.decode(collectBytes((w) => {
      w.text("h\n");
      for (let i = 0; i < n; i++) {
        if (Number.isFinite(ts[i]!)) w.isoTime(ts[i]!);
        w.text(",");
        w.number(a[i]!, empty);
        w.text(",");
        w.number(b[i]!, empty);
        w.text("\n");
      }
    }));
    assert.equal(got, want);
  }
});
