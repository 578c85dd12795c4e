import assert from "node:assert/strict";
import { awesomeOscillator } from "./awesome_oscillator.ts";
import { sma } from "./sma.ts";
import { nanPrefix, tickWalk, uniform } from "./_test_helpers.ts";

Deno.test("awesomeOscillator() is SMA(fast) - SMA(slow) of the median price", () => {
  // median (h + l)/2: 10, 12, 14, 10, 16; fast = 2, slow = 3
  // sma2: bar 2 13, bar 3 12, bar 4 13; sma3: bar 2 12, bar 3 12, bar 4 40/3
  const high = new Float64Array([11, 13, 16, 12, 17]);
  const low = new Float64Array([9, 11, 12, 8, 15]);
  const out = awesomeOscillator(high, low, 2, 3);
  assert.deepEqual([...out], [NaN, NaN, 1, 0, 13 - 40 / 3]);
});

Deno.test("awesomeOscillator() defaults to (5, 34): first value at bar 33; 0 when the median is constant", () => {
  const c = tickWalk(161, 80);
  assert.equal(nanPrefix(awesomeOscillator(c.map((x) => x + 0.5), c.map((x) => x - 0.5))), 33);
  const h = new Float64Array(6).map((_, i) => 10 + i), l = h.map((x) => 20 - x); // median always 10
  assert.deepEqual([...awesomeOscillator(h, l, 1, 3)], [NaN, NaN, 0, 0, 0, 0]);
});

Deno.test("awesomeOscillator() equals two exact sma() of the median, bit for bit", () => {
  const c = tickWalk(162, 4000, 3000, 40);
  const u = uniform(163);
  const h = c.map((x) => x + Math.round(u() * 30) / 100), l = c.map((x) => x - Math.round(u() * 30) / 100);
  l[2000] = NaN; // NaN windows too
  const mp = h.map((x, i) => (x + l[i]!) / 2);
  for (const [f, s] of [[5, 34], [1, 2], [10, 100]] as const) {
    const slow = sma(mp, s);
    assert.deepEqual(awesomeOscillator(h, l, f, s), sma(mp, f).map((v, i) => v - slow[i]!));
  }
});

Deno.test("awesomeOscillator() rejects bad periods, lengths or out with RangeError", () => {
  const x = new Float64Array(4);
  assert.throws(() => awesomeOscillator(x, x, 5, 5), {
    name: "RangeError",
    message: "awesomeOscillator(): slow must be greater than fast, found fast = 5, slow = 5",
  });
  assert.throws(() => awesomeOscillator(x, x, 0), /awesomeOscillator\(\): fast must be an integer/);
  assert.throws(() => awesomeOscillator(x, x.subarray(1)), /equal lengths/);
  assert.throws(() => awesomeOscillator(x, x, 1, 2, x), /awesomeOscillator\(\): out must not overlap/);
});
