import assert from "node:assert/strict";
import { williamsR } from "./williams_r.ts";
import { stochasticFast } from "./stochastic_fast.ts";
import { nanPrefix, tickWalk } from "./_test_helpers.ts";

// Eight bars, n = 3. HH/LL over the last 3 bars and %R = -100 * (HH - close) / (HH - LL):
//   i  high  low  close   HH  LL  %R
//   2  12    10   11      12  8   -100*1/4 = -25
//   3  12    9    10      12  9   -100*2/3 = -200/3
//   4  14    11   14      14  9   -100*0/5 = -0
//   5  13    10   10      14  9   -100*4/5 = -80
//   6  12    11   11      14  10  -100*3/4 = -75
//   7  15    12   12      15  10  -100*3/5 = -60
const high = new Float64Array([10, 11, 12, 12, 14, 13, 12, 15]);
const low = new Float64Array([8, 9, 10, 9, 11, 10, 11, 12]);
const close = new Float64Array([9, 10, 11, 10, 14, 10, 11, 12]);

Deno.test("williamsR() is -100 × (HH - close) / (HH - LL) over n bars", () => {
  const out = williamsR(high, low, close, 3);
  assert.deepEqual([...out], [NaN, NaN, -25, -200 / 3, -0, -80, -75, -60]);
  assert.ok(Object.is(out[4], -0)); // close at the high: -100 * 0 is -0, as in backtrader
});

Deno.test("williamsR() defaults to 14 bars and is -50 on a flat window", () => {
  const c = tickWalk(101, 40);
  assert.equal(nanPrefix(williamsR(c.map((x) => x + 0.2), c.map((x) => x - 0.2), c)), 13);
  const flat = new Float64Array(3).fill(7);
  assert.deepEqual([...williamsR(flat, flat, flat, 2)], [NaN, -50, -50]);
});

Deno.test("williamsR() is the fast stochastic's %K minus 100 (to rounding) and matches a window scan", () => {
  const c = tickWalk(102, 4000, 7000, 25);
  const h = c.map((x, i) => x + 0.01 * ((i * 7) % 9)), l = c.map((x, i) => x - 0.01 * ((i * 3) % 8));
  for (const n of [1, 4, 14, 60]) {
    const r = williamsR(h, l, c, n);
    const { k } = stochasticFast(h, l, c, n, 1);
    assert.equal(nanPrefix(r), n - 1);
    for (let i = n - 1; i < c.length; i++) {
      let hh = -Infinity, ll = Infinity;
      for (let j = i - n + 1; j <= i; j++) {
        hh = Math.max(hh, h[j]!);
        ll = Math.min(ll, l[j]!);
      }
      const want = hh === ll ? -50 : -100 * (hh - c[i]!) / (hh - ll);
      if (!Object.is(r[i], want)) assert.fail(`n=${n} i=${i}: ${r[i]} vs ${want}`);
      assert.ok(Math.abs(r[i]! - (k[i]! - 100)) < 1e-9);
    }
  }
});

Deno.test("williamsR() gives NaN only for windows touching a NaN bar", () => {
  const h = high.slice();
  h[2] = NaN;
  const c = close.slice();
  c[7] = NaN;
  // windows ending at 2, 3, 4 contain bar 2; bar 7's close is NaN
  assert.deepEqual([...williamsR(h, low, c, 3)], [NaN, NaN, NaN, NaN, NaN, -80, -75, NaN]);
});

Deno.test("williamsR() rejects a bad n, lengths or out with RangeError", () => {
  assert.throws(() => williamsR(high, low, close, 0), {
    name: "RangeError",
    message: "williamsR(): n must be an integer ≥ 1, found 0",
  });
  assert.throws(() => williamsR(high, low.subarray(2), close), /williamsR\(\): inputs must have equal lengths/);
  assert.throws(() => williamsR(high, low, close, 3, close), /williamsR\(\): out must not overlap/);
  assert.deepEqual([...williamsR(new Float64Array(0), new Float64Array(0), new Float64Array(0), 5)], []);
});
