import assert from "node:assert/strict";
import { kama } from "./kama.ts";
import { fsum } from "./exact_sum.ts";
import { nanPrefix, tickWalk } from "./_test_helpers.ts";

Deno.test("kama() by hand: seed at bar n, then the efficiency ratio scales the smoothing constant", () => {
  // n = 2, fast = 1 (f = 2/2 = 1), slow = 3 (s = 2/4 = 0.5); x = [0, 1, 2, 3, 1, 1]
  // seed at 2: (x1 + x2)/2 = 1.5
  // bar 3: d = 3 - 1 = 2, v = |2-1| + |3-2| = 2, er = 1, sc = (1*0.5 + 0.5)^2 = 1 -> 3
  // bar 4: d = 1 - 2 = -1, v = |3-2| + |1-3| = 3, er = 1/3, sc = (0.5/3 + 0.5)^2 = 4/9 -> 3*5/9 + 1*4/9 = 19/9
  // bar 5: d = 1 - 3 = -2, v = |1-3| + 0 = 2, er = 1, sc = 1 -> 1
  const out = kama(new Float64Array([0, 1, 2, 3, 1, 1]), 2, 1, 3);
  assert.equal(nanPrefix(out), 2);
  assert.equal(out[2], 1.5);
  assert.equal(out[3], 3);
  assert.ok(Math.abs(out[4]! - 19 / 9) < 1e-15, `kama[4] = ${out[4]}`);
  assert.equal(out[5], 1);
});

Deno.test("kama() seeds with the mean of x[1..n], the window ending at bar n, not x[0..n-1]", () => {
  const out = kama(new Float64Array([1000, 2, 4, 6]), 2, 2, 30);
  assert.equal(out[2], 3); // (2 + 4)/2; x[0] only enters the first direction and volatility
});

Deno.test("kama() takes er = 0 on a flat window (the slow constant), where backtrader divides by zero", () => {
  // n = 2, fast = 3 (f = 0.5), slow = 1 (s = 1): er = 0 gives sc = 1, er = 1 gives sc = 0.25
  // seed at 2: (0 + 4)/2 = 2; bar 3: d = 4, v = 4, er = 1 -> 2*0.75 + 4*0.25 = 2.5
  // bar 4: the window 4, 4, 4 is flat: v = 0, er = 0, sc = 1 -> 4 (TA-Lib's er = 1 would give 2.875)
  assert.deepEqual([...kama(new Float64Array([0, 0, 4, 4, 4]), 2, 3, 1)], [NaN, NaN, 2, 2.5, 4]);
  assert.deepEqual([...kama(new Float64Array(6).fill(7), 3)], [NaN, NaN, NaN, 7, 7, 7]);
});

Deno.test("kama() matches backtrader 1.9.78's AdaptiveMovingAverage output bit for bit", () => {
  // backtrader's KAMA(period=4, fast=2, slow=30) on these closes, printed with repr()
  const close = [100.0, 101.5, 101.0, 102.25, 104.0, 103.5, 103.75, 105.0, 104.5, 106.0, 107.25, 107.0];
  const want = [
    NaN,
    NaN,
    NaN,
    NaN,
    102.1875,
    102.36292490461324,
    102.71819688839773,
    103.30263584253993,
    103.34359181575567,
    103.99348888106508,
    104.9181260912957,
    105.26570684330969,
  ];
  assert.deepEqual([...kama(Float64Array.from(close), 4, 2, 30)], want);
});

Deno.test("kama() agrees bit for bit with a direct recomputation of each window's ratio", () => {
  const x = tickWalk(17, 3_000);
  const [n, fast, slow] = [10, 2, 30];
  const out = kama(x, n, fast, slow);
  const f = 2 / (fast + 1), s = 2 / (slow + 1);
  let prev = fsum(x.subarray(1, n + 1)) / n;
  assert.equal(nanPrefix(out), n);
  assert.equal(out[n], prev);
  for (let i = n + 1; i < x.length; i++) {
    const changes = [];
    for (let j = i - n + 1; j <= i; j++) changes.push(Math.abs(x[j]! - x[j - 1]!));
    const v = fsum(changes);
    const er = v === 0 ? 0 : Math.abs((x[i]! - x[i - n]!) / v);
    const sc = (er * (f - s) + s) ** 2;
    prev = prev * (1 - sc) + x[i]! * sc;
    assert.equal(out[i], prev, `bar ${i}`);
  }
});

Deno.test("kama() skips leading NaNs and carries a later NaN forward", () => {
  // s = 1: seed at 1 + 2 = 3 from x[2..3] = (2 + 4)/2 = 3
  const out = kama(new Float64Array([NaN, 0, 2, 4, 6, NaN, 8]), 2, 1, 3);
  assert.equal(nanPrefix(out.subarray(0, 5)), 3);
  assert.equal(out[3], 3);
  assert.ok(Number.isNaN(out[5]!) && Number.isNaN(out[6]!));
  assert.equal(nanPrefix(kama(new Float64Array(3), 3)), 3);
});

Deno.test("kama() rejects bad periods naming kama and the param", () => {
  assert.throws(() => kama(new Float64Array(3), 0), { name: "RangeError", message: /kama\(\): n must be/ });
  assert.throws(() => kama(new Float64Array(3), 2, 0), { name: "RangeError", message: /kama\(\): fast must be/ });
  assert.throws(() => kama(new Float64Array(3), 2, 2, 1.5), { name: "RangeError", message: /kama\(\): slow must be/ });
});
