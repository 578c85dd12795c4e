import assert from "node:assert/strict";
import { tema } from "./tema.ts";
import { ema } from "./ema.ts";
import { nanPrefix, tickWalk } from "./_test_helpers.ts";

Deno.test("tema() chains three SMA-seeded EMAs and combines them as 3·e1 − 3·e2 + e3", () => {
  // n = 2, alpha = 2/3, x = [4, 8, 2, 11, 5]
  // e1 = [_, 6, 2/3*2 + 1/3*6 = 10/3, 2/3*11 + 1/3*10/3 = 76/9, 2/3*5 + 1/3*76/9 = 166/27]
  // e2 = [_, _, (6 + 10/3)/2 = 14/3, 2/3*76/9 + 1/3*14/3 = 194/27, 2/3*166/27 + 1/3*194/27 = 526/81]
  // e3 = [_, _, _, (14/3 + 194/27)/2 = 160/27, 2/3*526/81 + 1/3*160/27 = 1532/243]
  // tema[3] = 3*76/9 - 3*194/27 + 160/27 = (684 - 582 + 160)/27 = 262/27
  // tema[4] = 3*166/27 - 3*526/81 + 1532/243 = (4482 - 4734 + 1532)/243 = 1280/243
  const out = tema(new Float64Array([4, 8, 2, 11, 5]), 2);
  assert.equal(nanPrefix(out), 3);
  assert.ok(Math.abs(out[3]! - 262 / 27) < 1e-13, `tema[3] = ${out[3]}`);
  assert.ok(Math.abs(out[4]! - 1280 / 243) < 1e-13, `tema[4] = ${out[4]}`);
});

Deno.test("tema() equals 3 * e1 - 3 * e2 + e3 of chained ema() calls, bit for bit", () => {
  const x = tickWalk(12, 4_000, 1_000_000);
  for (const n of [1, 4, 30]) {
    const e1 = ema(x, n), e2 = ema(e1, n), e3 = ema(e2, n);
    assert.deepEqual(tema(x, n), e1.map((v, i) => 3 * v - 3 * e2[i]! + e3[i]!));
  }
});

Deno.test("tema() reproduces a linear series and a constant one from bar 3n - 3", () => {
  const n = 8;
  const line = Float64Array.from({ length: 200 }, (_, i) => 20_000 - 1.25 * i);
  const out = tema(line, n);
  assert.equal(nanPrefix(out), 3 * n - 3);
  for (let i = 3 * n - 3; i < line.length; i++) assert.ok(Math.abs(out[i]! - line[i]!) < 1e-8, `bar ${i}`);
  const flat = tema(new Float64Array(40).fill(42), n);
  for (let i = 3 * n - 3; i < 40; i++) assert.equal(flat[i], 42);
});

Deno.test("tema() rejects a bad period naming tema and n", () => {
  assert.throws(() => tema(new Float64Array(3), -1), { name: "RangeError", message: /tema\(\): n must be/ });
});
