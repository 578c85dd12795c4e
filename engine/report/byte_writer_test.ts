import assert from "node:assert/strict";
import { mulberry32 } from "../random.ts";
import { collectBytes } from "./byte_writer.ts";
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
