import assert from "node:assert/strict";
import { obv } from "./obv.ts";
import { tickWalk } from "./_test_helpers.ts";

Deno.test("obv() adds the volume of an up close, subtracts a down close's and keeps an unchanged one, from 0", () => {
  // closes 5 → 4 down −20, 4 → 4 unchanged, 4 → 6 up +40, 6 → 7 up +50, 7 → 3 down −60
  const close = Float64Array.of(5, 4, 4, 6, 7, 3);
  const volume = Float64Array.of(10, 20, 30, 40, 50, 60);
  assert.deepEqual([...obv(close, volume)], [0, -20, -20, 20, 70, 10]);
});

Deno.test("obv() is an exact running total: fractional volumes do not drift", () => {
  // ten up closes of volume 0.1: plain addition gives 0.9999999999999999
  const close = Float64Array.from({ length: 11 }, (_, i) => 100 + i);
  const volume = new Float64Array(11).fill(0.1);
  assert.equal(obv(close, volume)[10], 1);
});

Deno.test("obv() moves by ± the bar's volume exactly as the close rises or falls", () => {
  const close = tickWalk(16, 2_000, 10_000, 3);
  const volume = Float64Array.from(tickWalk(17, 2_000, 50_000, 500), (x) => Math.round(x * 100));
  const out = obv(close, volume);
  assert.equal(out[0], 0);
  for (let i = 1; i < close.length; i++) {
    const sign = Math.sign(close[i]! - close[i - 1]!);
    assert.equal(out[i]! - out[i - 1]!, sign * volume[i]!, `i=${i}`);
  }
});

Deno.test("obv() starts at the first bar with a close and a volume; data without volume gives NaN throughout", () => {
  assert.deepEqual([...obv(Float64Array.of(NaN, 5, 6), Float64Array.of(1, 2, 3))], [NaN, 0, 3]);
  assert.deepEqual([...obv(Float64Array.of(1, 2, 3), Float64Array.of(NaN, NaN, NaN))], [NaN, NaN, NaN]);
  // a later NaN is carried forward
  assert.deepEqual([...obv(Float64Array.of(1, 2, NaN, 3), Float64Array.of(1, 2, 3, 4))], [0, 2, NaN, NaN]);
});

Deno.test("obv() rejects unequal lengths or an overlapping out with RangeError", () => {
  const x = Float64Array.of(1, 2, 3);
  assert.throws(() => obv(x, x.subarray(1)), RangeError);
  assert.throws(() => obv(x, Float64Array.of(1, 1, 1), x), RangeError);
});
