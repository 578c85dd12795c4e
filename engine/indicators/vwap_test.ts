import assert from "node:assert/strict";
import { vwap } from "./vwap.ts";
import { nanPrefix, tickWalk } from "./_test_helpers.ts";

Deno.test("vwap() weights each bar's typical price by its volume over the last n bars", () => {
  // typical prices: (12 + 8 + 10)/3 = 10, (14 + 10 + 12)/3 = 12, (10 + 8 + 9)/3 = 9, (11 + 9 + 10)/3 = 10
  // n = 3: bar 2: (10 × 100 + 12 × 200 + 9 × 100) / 400 = 4300/400 = 10.75
  //        bar 3: (12 × 200 + 9 × 100 + 10 × 0) / 300 = 3300/300 = 11 (a bar without volume weighs nothing)
  const high = Float64Array.of(12, 14, 10, 11);
  const low = Float64Array.of(8, 10, 8, 9);
  const close = Float64Array.of(10, 12, 9, 10);
  const volume = Float64Array.of(100, 200, 100, 0);
  assert.deepEqual([...vwap(high, low, close, volume, 3)], [NaN, NaN, 10.75, 11]);
});

Deno.test("vwap() gives NaN for a window without volume and for windows holding a NaN", () => {
  const p = Float64Array.of(10, 11, 12, 13, 14);
  assert.deepEqual([...vwap(p, p, p, Float64Array.of(5, 0, 0, 7, 1), 2)], [NaN, 10, NaN, 13, (13 * 7 + 14) / 8]);
  assert.deepEqual([...vwap(p, p, p, Float64Array.of(1, 1, NaN, 1, 1), 2)], [NaN, 10.5, NaN, NaN, 13.5]);
  assert.ok(vwap(p, p, p, new Float64Array(5).fill(NaN), 1).every(Number.isNaN)); // no volume column
});

Deno.test("vwap() of a constant typical price is that price, and lies within the window's typical prices", () => {
  // 101.375 is a binary fraction: (3 × 101.375)/3 and every product and sum are exact
  const flat = new Float64Array(30).fill(101.375), v = Float64Array.from({ length: 30 }, (_, i) => 1 + i * 17);
  assert.ok(vwap(flat, flat, flat, v, 5).subarray(4).every((x) => x === 101.375));
  const c = tickWalk(20, 1_000);
  const h = c.map((x, i) => x + 0.01 * (i % 3)), l = c.map((x, i) => x - 0.01 * (i % 5));
  const vol = Float64Array.from({ length: c.length }, (_, i) => 10 + ((i * 91) % 1_000));
  const n = 20, out = vwap(h, l, c, vol, n);
  assert.equal(nanPrefix(out), n - 1);
  for (let i = n - 1; i < c.length; i++) {
    let pv = 0, sv = 0, lo = Infinity, hi = -Infinity;
    for (let j = i - n + 1; j <= i; j++) {
      const tp = (h[j]! + l[j]! + c[j]!) / 3;
      pv += tp * vol[j]!;
      sv += vol[j]!;
      lo = Math.min(lo, tp);
      hi = Math.max(hi, tp);
    }
    assert.ok(Math.abs(out[i]! - pv / sv) < 1e-9 && out[i]! >= lo && out[i]! <= hi, `i=${i}`);
  }
});

Deno.test("vwap() rejects a bad n or unequal lengths with RangeError", () => {
  const x = Float64Array.of(1, 2, 3);
  assert.throws(() => vwap(x, x, x, x, 0), {
    name: "RangeError",
    message: "vwap(): n must be an integer ≥ 1, found 0",
  });
  assert.throws(() => vwap(x, x, x, x.subarray(1)), RangeError);
});
