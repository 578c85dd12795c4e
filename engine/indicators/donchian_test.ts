import assert from "node:assert/strict";
import { donchian } from "./donchian.ts";
import { tickWalk } from "./_test_helpers.ts";

Deno.test("donchian() gives the highest high, lowest low and their mean over the last n bars", () => {
  // n = 2: bar 1: max(5, 7) = 7, min(3, 4) = 3; bar 2: 7, min(4, 2) = 2; bar 3: max(6, 8) = 8, min(2, 5) = 2;
  //        bar 4: max(8, 4) = 8, min(5, 1) = 1; bar 5: max(4, 3) = 4, min(1, 2) = 1
  const high = Float64Array.of(5, 7, 6, 8, 4, 3);
  const low = Float64Array.of(3, 4, 2, 5, 1, 2);
  const r = donchian(high, low, 2);
  assert.deepEqual([...r.upper], [NaN, 7, 7, 8, 8, 4]);
  assert.deepEqual([...r.lower], [NaN, 3, 2, 2, 1, 1]);
  assert.deepEqual([...r.middle], [NaN, 5, 4.5, 5, 4.5, 2.5]);
});

Deno.test("donchian() with n = 1 is the bar's own high and low", () => {
  const high = tickWalk(1, 50), low = high.map((x) => x - 0.25);
  const r = donchian(high, low, 1);
  assert.deepEqual(r.upper, high);
  assert.deepEqual(r.lower, low);
});

Deno.test("donchian() equals a direct scan of every window, NaN for the windows holding a NaN", () => {
  const high = tickWalk(2, 800), low = tickWalk(3, 800);
  for (const i of [5, 6, 100, 400, 401, 799]) high[i] = NaN;
  for (const i of [50, 300]) low[i] = NaN;
  const n = 20;
  const r = donchian(high, low, n);
  const scan = (x: Float64Array, i: number, f: (...v: number[]) => number) => {
    const w = [...x.subarray(i - n + 1, i + 1)];
    return w.some(Number.isNaN) ? NaN : f(...w);
  };
  for (let i = 0; i < high.length; i++) {
    const u = i < n - 1 ? NaN : scan(high, i, Math.max), d = i < n - 1 ? NaN : scan(low, i, Math.min);
    assert.ok(Object.is(r.upper[i], u) && Object.is(r.lower[i], d), `i=${i}`);
    assert.ok(Object.is(r.middle[i], (u + d) / 2), `middle at ${i}`);
  }
});

Deno.test("donchian() rejects a bad n, unequal lengths or an overlapping out with RangeError", () => {
  const x = Float64Array.of(1, 2, 3);
  assert.throws(() => donchian(x, x, 0), {
    name: "RangeError",
    message: "donchian(): n must be an integer ≥ 1, found 0",
  });
  assert.throws(() => donchian(x, x.subarray(1)), RangeError);
  assert.throws(() => donchian(x, x, 2, { upper: x }), RangeError);
});
