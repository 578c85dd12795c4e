import assert from "node:assert/strict";
import { momentum } from "./momentum.ts";
import { nanPrefix, tickWalk } from "./_test_helpers.ts";

Deno.test("momentum() is the difference from n bars earlier", () => {
  // n = 1: 12-10 = 2, 11-12 = -1, 15-11 = 4
  assert.deepEqual([...momentum(new Float64Array([10, 12, 11, 15]), 1)], [NaN, 2, -1, 4]);
  // n = 3: bar 3: 15 - 10 = 5; bar 4: 9 - 12 = -3
  assert.deepEqual([...momentum(new Float64Array([10, 12, 11, 15, 9]), 3)], [NaN, NaN, NaN, 5, -3]);
});

Deno.test("momentum() defaults to 12 bars and is 0 on a constant series", () => {
  const x = tickWalk(5, 40);
  const out = momentum(x);
  assert.equal(nanPrefix(out), 12);
  assert.equal(out[39], x[39]! - x[27]!);
  assert.deepEqual([...momentum(new Float64Array(5).fill(3.3), 2)], [NaN, NaN, 0, 0, 0]);
});

Deno.test("momentum() of a linear series is slope × n", () => {
  const x = new Float64Array(100).map((_, i) => 1000 + 0.25 * i); // exact in binary
  const out = momentum(x, 8);
  for (let i = 8; i < 100; i++) assert.equal(out[i], 2);
});

Deno.test("momentum() NaN touches only the bar itself and the bar n later", () => {
  const out = momentum(new Float64Array([1, NaN, 4, 8, 16]), 2);
  // bar 1 is the NaN itself (and before warm-up); bar 3 looks back to bar 1: NaN; bar 2: 4-1 = 3; bar 4: 16-4 = 12
  assert.deepEqual([...out], [NaN, NaN, 3, NaN, 12]);
});

Deno.test("momentum() rejects a bad n or out with RangeError", () => {
  const x = new Float64Array(3);
  assert.throws(() => momentum(x, 0), { name: "RangeError", message: "momentum(): n must be an integer ≥ 1, found 0" });
  assert.throws(() => momentum(x, 1, new Float64Array(2)), /momentum\(\): out must have the input length 3/);
});
