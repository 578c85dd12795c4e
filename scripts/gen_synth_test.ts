import assert from "node:assert/strict";
import { sha256Hex } from "../engine/sha256_hex.ts";
import { generateSynth } from "./gen_synth.ts";

// Reference digests from shared/bench/README.md (written by gen_synth.py).
const REF_1K = {
  bytes: 56_640,
  sha256: "b9dbec2e057f7d7f23e82da3c7d84a13c71e9d537217857b6061b79bf1e14229",
};
const REF_1M = {
  bytes: 53_576_502,
  sha256: "2559704d1ce3a8dc8119ab6be80cca7067b8a206f7be8324a0682698567a3eee",
};

Deno.test("gen_synth: 1,000 bars, seed 42 match the Python reference bytes", async () => {
  const data = generateSynth(1000, 42);
  assert.equal(data.length, REF_1K.bytes);
  assert.equal(await sha256Hex(data), REF_1K.sha256);
});

Deno.test("gen_synth: 1,000,000 bars, seed 42 match the Python reference bytes", async () => {
  const data = generateSynth(1_000_000, 42);
  assert.equal(data.length, REF_1M.bytes);
  assert.equal(await sha256Hex(data), REF_1M.sha256);
});

Deno.test("gen_synth: layout, minute clock across days, and positive prices", () => {
  const n = 3000; // crosses two midnights
  const text = new TextDecoder().decode(generateSynth(n, 42));
  assert.ok(text.endsWith("\n"));
  assert.ok(!text.includes("\r"));
  const lines = text.slice(0, -1).split("\n");
  assert.equal(lines[0], "Datetime,Open,High,Low,Close,Volume");
  assert.equal(lines.length, n + 1);
  assert.equal(
    lines[1],
    "2000-01-03 00:00:00,999.99,1000.23,999.93,1000.18,10078",
  );
  assert.ok(lines[1440]!.startsWith("2000-01-03 23:59:00,"));
  assert.ok(lines[1441]!.startsWith("2000-01-04 00:00:00,"));
  assert.ok(lines[2881]!.startsWith("2000-01-05 00:00:00,"));
  let prevClose = 100000;
  for (let i = 1; i < lines.length; i++) {
    const f = lines[i]!.split(",");
    assert.equal(f.length, 6);
    for (const p of f.slice(1, 5)) {
      assert.match(p, /^[1-9]\d*\.\d\d$|^0\.\d\d$/);
    }
    const [o, h, l, c] = f.slice(1, 5).map((p) => Math.round(Number(p) * 100)) as [
      number,
      number,
      number,
      number,
    ];
    const v = Number(f[5]);
    // the Python invariant: every price stays positive
    assert.ok(
      o > 0 && h > 0 && l > 0 && c > 0,
      `non-positive price on line ${i}`,
    );
    assert.ok(h >= Math.max(o, c) && h - Math.max(o, c) <= 10);
    assert.ok(l <= Math.min(o, c) && Math.min(o, c) - l <= 10);
    assert.ok(Math.abs(o - prevClose) <= 2);
    assert.ok(Math.abs(c - o) <= 20);
    assert.ok(Number.isInteger(v) && v >= 100 && v < 10100);
    prevClose = c;
  }
});

Deno.test("gen_synth: zero bars is just the header; a bad count is rejected", () => {
  assert.equal(
    new TextDecoder().decode(generateSynth(0, 42)),
    "Datetime,Open,High,Low,Close,Volume\n",
  );
  assert.throws(() => generateSynth(-1, 42), RangeError);
  assert.throws(() => generateSynth(1.5, 42), RangeError);
});

Deno.test("gen_synth: seeds are independent and reproducible", () => {
  const a = generateSynth(500, 1);
  const b = generateSynth(500, 1);
  const c = generateSynth(500, 2);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
});
