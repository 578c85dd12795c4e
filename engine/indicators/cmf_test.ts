import assert from "node:assert/strict";
import { cmf } from "./cmf.ts";
import { nanPrefix, tickWalk } from "./_test_helpers.ts";

// money flow multiplier × volume per bar:
//   bar 0: ((9 − 6) − (10 − 9)) / 4 = 0.5   × 200 = 100
//   bar 1: ((8 − 8) − (10 − 8)) / 2 = −1    × 50  = −50
//   bar 2: high = low: 0                     × 10  = 0
//   bar 3: ((10 − 7) − (11 − 10)) / 4 = 0.5 × 30  = 15
const high = Float64Array.of(10, 10, 12, 11);
const low = Float64Array.of(6, 8, 12, 7);
const close = Float64Array.of(9, 8, 12, 10);
const volume = Float64Array.of(200, 50, 10, 30);

Deno.test("cmf() divides the window's money flow volume by its volume; a bar with high = low adds 0 flow", () => {
  // n = 3: bar 2: (100 − 50 + 0) / (200 + 50 + 10) = 50/260; bar 3: (−50 + 0 + 15) / (50 + 10 + 30) = −35/90
  assert.deepEqual([...cmf(high, low, close, volume, 3)], [NaN, NaN, 50 / 260, -35 / 90]);
});

Deno.test("cmf() gives NaN for a window without volume, and for windows holding a NaN", () => {
  const none = new Float64Array(4);
  assert.deepEqual([...cmf(high, low, close, none, 2)], [NaN, NaN, NaN, NaN]);
  const v = volume.slice();
  v[1] = NaN;
  // n = 2: the windows ending at bars 1 and 2 hold bar 1; bar 3: (0 + 15) / (10 + 30)
  assert.deepEqual([...cmf(high, low, close, v, 2)], [NaN, NaN, NaN, 15 / 40]);
  assert.ok(cmf(high, low, close, new Float64Array(4).fill(NaN), 1).every(Number.isNaN));
});

Deno.test("cmf() agrees with a direct per-window computation and stays within [−1, 1]", () => {
  const c = tickWalk(19, 1_500);
  const h = c.map((x, i) => x + 0.01 * (i % 5)), l = c.map((x, i) => x - 0.01 * (i % 4));
  const v = Float64Array.from({ length: c.length }, (_, i) => 100 + ((i * 53) % 900));
  const n = 20;
  const out = cmf(h, l, c, v, n);
  assert.equal(nanPrefix(out), n - 1);
  for (let i = n - 1; i < c.length; i++) {
    let flow = 0, vol = 0;
    for (let j = i - n + 1; j <= i; j++) {
      const m = h[j] === l[j] ? 0 : ((c[j]! - l[j]!) - (h[j]! - c[j]!)) / (h[j]! - l[j]!);
      flow += m * v[j]!;
      vol += v[j]!;
    }
    assert.ok(Math.abs(out[i]! - flow / vol) < 1e-12, `i=${i}`);
    assert.ok(out[i]! >= -1 && out[i]! <= 1);
  }
});

Deno.test("cmf() rejects a bad n or unequal lengths with RangeError", () => {
  assert.throws(() => cmf(high, low, close, volume, 0), {
    name: "RangeError",
    message: "cmf(): n must be an integer ≥ 1, found 0",
  });
  assert.throws(() => cmf(high, low, close, volume.subarray(1)), RangeError);
});
