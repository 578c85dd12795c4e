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
