import assert from "node:assert/strict";
import { stochasticFast } from "./stochastic_fast.ts";
import { nanPrefix, tickWalk } from "./_test_helpers.ts";

// Eight bars, period = 3. HH/LL over the last 3 bars and raw %K, divided before it is multiplied (backtrader):
//   i  high  low  close   HH  LL  k = 100*((close-LL)/(HH-LL))
//   2  12    10   11      12  8   100*(3/4) = 75
//   3  12    9    10      12  9   100*(1/3) = 33.33333333333333 (100/3 rounds to ...336)
//   4  14    11   14      14  9   100*(5/5) = 100
//   5  13    10   10      14  9   100*(1/5) = 20
//   6  12    11   11      14  10  100*(1/4) = 25
//   7  15    12   12      15  10  100*(2/5) = 40
const high = new Float64Array([10, 11, 12, 12, 14, 13, 12, 15]);
const low = new Float64Array([8, 9, 10, 9, 11, 10, 11, 12]);
const close = new Float64Array([9, 10, 11, 10, 14, 10, 11, 12]);

Deno.test("stochasticFast() k is the raw %K and d its SMA(dPeriod)", () => {
  const { k, d } = stochasticFast(high, low, close, 3, 3);
  const k3 = 100 * (1 / 3);
  assert.deepEqual([...k], [NaN, NaN, 75, k3, 100, 20, 25, 40]);
  assert.notEqual(k3, 100 / 3);
  // d[4] = (75 + k3 + 100)/3; d[5] = (k3 + 100 + 20)/3; d[6] = (100+20+25)/3; d[7] = (20+25+40)/3
  assert.deepEqual([...d], [NaN, NaN, NaN, NaN, (75 + k3 + 100) / 3, (k3 + 100 + 20) / 3, 145 / 3, 85 / 3]);
});

Deno.test("stochasticFast() defaults to (14, 3): k from bar 13, d from bar 15", () => {
  const c = tickWalk(91, 80);
  const h = c.map((x) => x + 0.05), l = c.map((x) => x - 0.07);
  const r = stochasticFast(h, l, c);
  assert.equal(nanPrefix(r.k), 13);
  assert.equal(nanPrefix(r.d), 15);
});

Deno.test("stochasticFast() is 50 on a flat window and stays in [0, 100] when close is inside the bar", () => {
  const flat = new Float64Array(4).fill(5);
  assert.deepEqual([...stochasticFast(flat, flat, flat, 2, 1).k], [NaN, 50, 50, 50]);
  const c = tickWalk(92, 3000);
  const h = c.map((x, i) => x + 0.01 * (i % 5)), l = c.map((x, i) => x - 0.01 * (i % 3));
  const { k, d } = stochasticFast(h, l, c, 10, 4);
  for (let i = 9; i < c.length; i++) assert.ok(k[i]! >= 0 && k[i]! <= 100);
  for (let i = 12; i < c.length; i++) assert.ok(d[i]! >= 0 && d[i]! <= 100);
});

Deno.test("stochasticFast() matches a direct window scan and mean", () => {
  const c = tickWalk(93, 2000, 5000, 20);
  const h = c.map((x, i) => x + 0.01 * ((i * 7) % 13)), l = c.map((x, i) => x - 0.01 * ((i * 5) % 11));
  const n = 9, m = 4;
  const { k, d } = stochasticFast(h, l, c, n, m);
  const want: number[] = [];
  for (let i = 0; i < c.length; i++) {
    if (i < n - 1) {
      want.push(NaN);
      continue;
    }
    const hh = Math.max(...h.subarray(i - n + 1, i + 1)), ll = Math.min(...l.subarray(i - n + 1, i + 1));
    want.push(100 * ((c[i]! - ll) / (hh - ll)));
  }
  assert.deepEqual([...k], want);
  for (let i = n + m - 2; i < c.length; i++) {
    const mean = (want[i - 3]! + want[i - 2]! + want[i - 1]! + want[i]!) / 4;
    assert.ok(Math.abs(d[i]! - mean) < 1e-12, `d[${i}]`);
  }
});

Deno.test("stochasticFast() gives NaN only for windows touching a NaN bar", () => {
  const l = low.slice();
  l[3] = NaN;
  const { k } = stochasticFast(high, l, close, 3, 1);
  // windows containing bar 3 are those ending at 3, 4, 5
  assert.deepEqual([...k], [NaN, NaN, 75, NaN, NaN, NaN, 25, 40]);
  // a NaN close spoils its own bar only, a flat window included
  const flat = new Float64Array(4).fill(5);
  assert.deepEqual([...stochasticFast(flat, flat, Float64Array.of(5, 5, NaN, 5), 2, 1).k], [NaN, 50, NaN, 50]);
});

Deno.test("stochasticFast() rejects bad periods, lengths or out with RangeError naming itself", () => {
  assert.throws(() => stochasticFast(high, low, close, 0), {
    name: "RangeError",
    message: "stochasticFast(): period must be an integer ≥ 1, found 0",
  });
  assert.throws(() => stochasticFast(high, low, close, 3, 2.5), /stochasticFast\(\): dPeriod must be an integer/);
  assert.throws(() => stochasticFast(high, low, close.subarray(1)), /stochasticFast\(\): inputs must have equal/);
  assert.throws(() => stochasticFast(high, low, close, 3, 1, { d: low }), /stochasticFast\(\): out.d must not overlap/);
});
