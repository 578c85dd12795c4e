import assert from "node:assert/strict";
import { ema } from "./ema.ts";
import { macd } from "./macd.ts";
import { nanPrefix, tickWalk } from "./_test_helpers.ts";

Deno.test("macd() is EMA(fast) - EMA(slow) with an SMA-seeded signal EMA", () => {
  // fast = 1 (alpha 1: the input itself), slow = 3 (alpha 0.5), signal = 3 (alpha 0.5)
  const src = new Float64Array([1, 3, 5, 9, 3, 7, 11, 1]);
  // EMA(3): seed (1+3+5)/3 = 3 at i=2; i=3: (9+3)/2 = 6; i=4: (3+6)/2 = 4.5;
  //         i=5: (7+4.5)/2 = 5.75; i=6: (11+5.75)/2 = 8.375; i=7: (1+8.375)/2 = 4.6875
  // MACD = src - EMA(3): [_, _, 2, 3, -1.5, 1.25, 2.625, -3.6875]
  // signal = EMA(3) of MACD from its first defined value (i=2):
  //   seed (2 + 3 - 1.5)/3 = 3.5/3 at i=4
  //   i=5: 0.5*1.25 + 0.5*(3.5/3); i=6: 0.5*2.625 + 0.5*s5; i=7: 0.5*(-3.6875) + 0.5*s6
  const s4 = 3.5 / 3;
  const s5 = 0.5 * 1.25 + 0.5 * s4;
  const s6 = 0.5 * 2.625 + 0.5 * s5;
  const s7 = 0.5 * -3.6875 + 0.5 * s6;
  const r = macd(src, 1, 3, 3);
  assert.deepEqual([...r.macd], [NaN, NaN, 2, 3, -1.5, 1.25, 2.625, -3.6875]);
  assert.deepEqual([...r.signal], [NaN, NaN, NaN, NaN, s4, s5, s6, s7]);
  assert.deepEqual([...r.histogram], [NaN, NaN, NaN, NaN, -1.5 - s4, 1.25 - s5, 2.625 - s6, -3.6875 - s7]);
});

Deno.test("macd() first defines macd at slow-1 and signal/histogram at slow+signal-2", () => {
  const src = tickWalk(71, 200);
  const r = macd(src); // 12, 26, 9
  assert.equal(nanPrefix(r.macd), 25);
  assert.equal(nanPrefix(r.signal), 33);
  assert.equal(nanPrefix(r.histogram), 33);
  const r2 = macd(src, 5, 8, 4);
  assert.equal(nanPrefix(r2.macd), 7);
  assert.equal(nanPrefix(r2.signal), 10);
  // leading NaNs shift everything
  const shifted = new Float64Array([NaN, NaN, ...src]);
  const r3 = macd(shifted);
  assert.equal(nanPrefix(r3.macd), 27);
  assert.equal(nanPrefix(r3.signal), 35);
  assert.deepEqual([...r3.macd.subarray(2)], [...r.macd]);
});

Deno.test("macd() equals ema()-based composition bit for bit on a long series", () => {
  const src = tickWalk(72, 20_000);
  const r = macd(src, 12, 26, 9);
  const fast = ema(src, 12);
  const slow = ema(src, 26);
  const line = fast.map((f, i) => f - slow[i]!);
  const sig = ema(line, 9);
  for (let i = 0; i < src.length; i++) {
    assert.ok(Object.is(r.macd[i], line[i]));
    assert.ok(Object.is(r.signal[i], sig[i]));
    assert.ok(Object.is(r.histogram[i], line[i]! - sig[i]!));
  }
});

Deno.test("macd() fills the given out arrays", () => {
  const src = tickWalk(73, 60);
  const out = { macd: new Float64Array(60), signal: new Float64Array(60), histogram: new Float64Array(60) };
  const r = macd(src, 12, 26, 9, out);
  assert.equal(r.macd, out.macd);
  assert.equal(r.signal, out.signal);
  assert.equal(r.histogram, out.histogram);
  assert.deepEqual(r, macd(src));
});

Deno.test("macd() rejects bad periods or out with RangeError", () => {
  const src = new Float64Array(50);
  assert.throws(() => macd(src, 0), { name: "RangeError", message: "macd(): fast must be an integer ≥ 1, found 0" });
  assert.throws(() => macd(src, 12, 26.5), /macd\(\): slow must be an integer ≥ 1, found 26.5/);
  assert.throws(() => macd(src, 12, 26, -1), /macd\(\): signal must be an integer ≥ 1, found -1/);
  assert.throws(() => macd(src, 26, 12), /slow must be greater than fast, found fast = 26, slow = 12/);
  assert.throws(() => macd(src, 12, 12), /slow must be greater than fast/);
  assert.throws(
    () => macd(src, 12, 26, 9, { signal: new Float64Array(49) }),
    /out.signal must have the input length 50/,
  );
  const shared = new Float64Array(50);
  assert.throws(() => macd(src, 12, 26, 9, { macd: shared, histogram: shared }), /out.histogram must not overlap/);
});
