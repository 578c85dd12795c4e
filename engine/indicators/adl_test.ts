import assert from "node:assert/strict";
import { adl } from "./adl.ts";
import { tickWalk } from "./_test_helpers.ts";

Deno.test("adl() accumulates each bar's money flow multiplier × volume from the first bar", () => {
  // bar 0: ((9 − 6) − (10 − 9)) / 4 = 0.5, × 200 = 100
  // bar 1: ((8 − 8) − (10 − 8)) / 2 = −1, × 50 = −50 → 50
  // bar 2: high = low: multiplier 0 → 50
  // bar 3: ((10 − 7) − (11 − 10)) / 4 = 0.5, × 30 = 15 → 65
  const high = Float64Array.of(10, 10, 12, 11);
  const low = Float64Array.of(6, 8, 12, 7);
  const close = Float64Array.of(9, 8, 12, 10);
  const volume = Float64Array.of(200, 50, 1e6, 30);
  assert.deepEqual([...adl(high, low, close, volume)], [100, 50, 50, 65]);
});

Deno.test("adl() is an exact running total: fractional volumes do not drift", () => {
  // close = high: multiplier 1; ten bars of volume 0.1 sum to exactly 1 (plain addition: 0.9999999999999999)
  const high = new Float64Array(10).fill(11), low = new Float64Array(10).fill(9);
  assert.equal(adl(high, low, high, new Float64Array(10).fill(0.1))[9], 1);
});

Deno.test("adl() moves by multiplier × volume each bar", () => {
  const c = tickWalk(18, 1_000);
  const h = c.map((x, i) => x + 0.01 * (1 + (i % 4))), l = c.map((x, i) => x - 0.01 * (i % 3));
  const v = Float64Array.from({ length: c.length }, (_, i) => 1_000 + ((i * 37) % 500));
  const out = adl(h, l, c, v);
  for (let i = 1; i < c.length; i++) {
    const mfv = ((c[i]! - l[i]!) - (h[i]! - c[i]!)) / (h[i]! - l[i]!) * v[i]!;
    assert.ok(Math.abs(out[i]! - out[i - 1]! - mfv) <= 1e-9 * (1 + Math.abs(out[i]!)), `i=${i}`);
  }
});

Deno.test("adl() skips leading NaN bars, carries a later NaN forward, and is NaN throughout without volume", () => {
  const h = Float64Array.of(NaN, 10, 10, 10), l = Float64Array.of(NaN, 6, 6, 6), c = Float64Array.of(NaN, 9, 9, 9);
  assert.deepEqual([...adl(h, l, c, Float64Array.of(1, 2, 2, 2))], [NaN, 1, 2, 3]);
  assert.deepEqual([...adl(h, l, c, Float64Array.of(1, 2, NaN, 2))], [NaN, 1, NaN, NaN]);
  assert.ok(adl(h, l, c, new Float64Array(4).fill(NaN)).every(Number.isNaN));
});

Deno.test("adl() rejects unequal lengths with RangeError", () => {
  const x = Float64Array.of(1, 2, 3);
  assert.throws(() => adl(x, x, x, x.subarray(1)), RangeError);
});
