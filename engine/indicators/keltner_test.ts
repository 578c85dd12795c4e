import assert from "node:assert/strict";
import { keltner } from "./keltner.ts";
import { ema } from "./ema.ts";
import { atr } from "./atr.ts";
import { nanPrefix, tickWalk } from "./_test_helpers.ts";

Deno.test("keltner() puts the bands multiplier × ATR around the EMA of the close", () => {
  // EMA(3), alpha 0.5: seed (10 + 12 + 11)/3 = 11; bar 3: 0.5 × 13 + 0.5 × 11 = 12
  // TR: bar 1 max(2, |13 − 10|, |11 − 10|) = 3; bar 2 max(2, 0, |10 − 12|) = 2; bar 3 max(2, |14 − 11|, 1) = 3
  // ATR(2): bar 2 (3 + 2)/2 = 2.5; bar 3 (2.5 + 3)/2 = 2.75
  // bands (× 1.5): bar 2 11 ± 3.75; bar 3 12 ± 4.125
  const high = Float64Array.of(11, 13, 12, 14);
  const low = Float64Array.of(9, 11, 10, 12);
  const close = Float64Array.of(10, 12, 11, 13);
  const r = keltner(high, low, close, 3, 2, 1.5);
  assert.deepEqual([...r.middle], [NaN, NaN, 11, 12]);
  assert.deepEqual([...r.upper], [NaN, NaN, 14.75, 16.125]);
  assert.deepEqual([...r.lower], [NaN, NaN, 7.25, 7.875]);
});

Deno.test("keltner() bands start at max(period − 1, atrPeriod) and are symmetric about the EMA", () => {
  const c = tickWalk(14, 400);
  const h = c.map((x, i) => x + 0.01 * (i % 5)), l = c.map((x, i) => x - 0.01 * (i % 3));
  for (const [p, a] of [[20, 10], [2, 5], [10, 9], [1, 1]] as const) {
    const r = keltner(h, l, c, p, a, 2.5);
    assert.deepEqual([nanPrefix(r.middle), nanPrefix(r.upper), nanPrefix(r.lower)], [
      p - 1,
      Math.max(p - 1, a),
      Math.max(p - 1, a),
    ]);
    const m = ema(c, p), w = atr(h, l, c, a);
    for (let i = Math.max(p - 1, a); i < c.length; i++) {
      assert.ok(
        r.middle[i] === m[i] && r.upper[i] === m[i]! + 2.5 * w[i]! && r.lower[i] === m[i]! - 2.5 * w[i]!,
        `i=${i}`,
      );
    }
  }
});

Deno.test("keltner() with multiplier 0 collapses the bands onto the middle line", () => {
  const c = tickWalk(15, 100), h = c.map((x) => x + 1), l = c.map((x) => x - 1);
  const r = keltner(h, l, c, 20, 10, 0);
  assert.deepEqual(r.upper, r.middle);
  assert.deepEqual(r.lower, r.middle);
});

Deno.test("keltner() rejects bad periods, a bad multiplier or unequal lengths with RangeError", () => {
  const x = Float64Array.of(1, 2, 3);
  assert.throws(() => keltner(x, x, x, 0), {
    name: "RangeError",
    message: "keltner(): period must be an integer ≥ 1, found 0",
  });
  assert.throws(() => keltner(x, x, x, 2, 0), RangeError);
  assert.throws(() => keltner(x, x, x, 2, 2, -1), {
    name: "RangeError",
    message: "keltner(): multiplier must be a finite number ≥ 0, found -1",
  });
  assert.throws(() => keltner(x, x, x.subarray(1)), RangeError);
});
