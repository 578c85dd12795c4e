import assert from "node:assert/strict";
import { ppo } from "./ppo.ts";
import { ema } from "./ema.ts";
import { macd } from "./macd.ts";
import { nanPrefix, tickWalk } from "./_test_helpers.ts";

Deno.test("ppo() is the fast-slow EMA spread in percent of the slow EMA, with an EMA signal", () => {
  // fast = 1 (the series), slow = 3 (alpha 0.5), signal = 2 (alpha 2/3); src = 10, 20, 30, 50, 30
  // ema3: bar 2 seed (10+20+30)/3 = 20; bar 3 0.5*50 + 0.5*20 = 35; bar 4 0.5*30 + 0.5*35 = 32.5
  // ppo:  bar 2 100*(30-20)/20 = 50; bar 3 100*(50-35)/35 = 300/7; bar 4 100*(30-32.5)/32.5 = -100/13
  const r = ppo(new Float64Array([10, 20, 30, 50, 30]), 1, 3, 2);
  const p3 = 100 * (50 - 35) / 35, p4 = 100 * (30 - 32.5) / 32.5;
  assert.deepEqual([...r.ppo], [NaN, NaN, 50, p3, p4]);
  assert.ok(Math.abs(p3 - 300 / 7) < 1e-12 && Math.abs(p4 + 100 / 13) < 1e-12);
  // signal: bar 3 seed (50 + p3)/2; bar 4 2/3*p4 + 1/3*seed
  const s3 = (50 + p3) / 2, s4 = (2 / 3) * p4 + (1 - 2 / 3) * s3;
  assert.deepEqual([...r.signal], [NaN, NaN, NaN, s3, s4]);
  assert.deepEqual([...r.histogram], [NaN, NaN, NaN, p3 - s3, p4 - s4]);
});

Deno.test("ppo() defaults to (12, 26, 9): ppo from bar 25, signal and histogram from bar 33", () => {
  const x = tickWalk(141, 100);
  const r = ppo(x);
  assert.deepEqual([nanPrefix(r.ppo), nanPrefix(r.signal), nanPrefix(r.histogram)], [25, 33, 33]);
});

Deno.test("ppo() is 100 × MACD / slow EMA, and its signal the EMA of that, bit for bit", () => {
  const x = tickWalk(142, 4000);
  x.fill(NaN, 0, 5); // leading NaNs shift everything by 5
  for (const [f, s, g] of [[12, 26, 9], [3, 4, 1], [1, 50, 20]] as const) {
    const r = ppo(x, f, s, g);
    const slow = ema(x, s);
    const line = macd(x, f, s, g).macd.map((m, i) => 100 * m / slow[i]!);
    const sig = ema(line, g);
    assert.deepEqual(r.ppo, line);
    assert.deepEqual(r.signal, sig);
    assert.deepEqual(r.histogram, line.map((v, i) => v - sig[i]!));
    assert.equal(nanPrefix(r.signal), 5 + s + g - 2);
  }
});

Deno.test("ppo() is 0 on a constant series and scale-free", () => {
  const r = ppo(new Float64Array(12).fill(42), 2, 4, 3);
  assert.deepEqual([...r.ppo], [NaN, NaN, NaN, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  // doubling every price leaves the percentage unchanged (EMAs scale exactly by 2)
  const x = tickWalk(143, 300);
  assert.deepEqual(ppo(x.map((v) => 2 * v)).ppo, ppo(x).ppo);
});

Deno.test("ppo() rejects bad periods or out with RangeError", () => {
  const x = new Float64Array(5);
  assert.throws(() => ppo(x, 0), { name: "RangeError", message: "ppo(): fast must be an integer ≥ 1, found 0" });
  assert.throws(() => ppo(x, 5, 5), {
    name: "RangeError",
    message: "ppo(): slow must be greater than fast, found fast = 5, slow = 5",
  });
  assert.throws(() => ppo(x, 2, 3, 0), /ppo\(\): signal must be an integer/);
  const a = new Float64Array(5);
  assert.throws(() => ppo(x, 2, 3, 1, { ppo: a, histogram: a }), /ppo\(\): out.histogram must not overlap/);
});
