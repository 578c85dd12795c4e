import assert from "node:assert/strict";
import { roc } from "./roc.ts";
import { momentum } from "./momentum.ts";
import { nanPrefix, tickWalk } from "./_test_helpers.ts";

Deno.test("roc() is the fractional change over n bars, not percent", () => {
  // n = 1: (11-10)/10 = 0.1, (9.9-11)/11 = -0.1 (to rounding), (9.9-9.9)/9.9 = 0
  const out = roc(new Float64Array([10, 11, 9.9, 9.9]), 1);
  assert.deepEqual([...out], [NaN, (11 - 10) / 10, (9.9 - 11) / 11, 0]);
  assert.ok(Math.abs(out[1]! - 0.1) < 1e-15 && Math.abs(out[2]! + 0.1) < 1e-15);
  // n = 3: bar 3: (20 - 10)/10 = 1 (a doubling is 1, not 100)
  assert.deepEqual([...roc(new Float64Array([10, 12, 15, 20, 18]), 3)], [NaN, NaN, NaN, 1, 0.5]);
});

Deno.test("roc() defaults to 12 bars: first value at bar 12", () => {
  const x = tickWalk(3, 50);
  const out = roc(x);
  assert.equal(nanPrefix(out), 12);
  assert.equal(out[12], (x[12]! - x[0]!) / x[0]!);
});

Deno.test("roc() is 0 on a constant series and momentum / previous value in general", () => {
  assert.deepEqual([...roc(new Float64Array(6).fill(7), 2)], [NaN, NaN, 0, 0, 0, 0]);
  const x = tickWalk(4, 2000);
  for (const n of [1, 5, 12, 40]) {
    const r = roc(x, n), m = momentum(x, n);
    for (let i = n; i < x.length; i++) {
      if (!Object.is(r[i], m[i]! / x[i - n]!)) assert.fail(`n=${n} i=${i}`);
    }
  }
});

Deno.test("roc() NaN touches only the bar itself and the bar n later; 0 previous value follows IEEE", () => {
  const out = roc(new Float64Array([1, 2, NaN, 4, 8, 16]), 2);
  // bar 2 (its own value NaN) and bar 4 (looks back to bar 2) are NaN; bar 3: (4-2)/2 = 1; bar 5: (16-4)/4 = 3
  assert.deepEqual([...out], [NaN, NaN, NaN, 1, NaN, 3]);
  assert.deepEqual([...roc(new Float64Array([0, 0, 1, -1]), 2)], [NaN, NaN, Infinity, -Infinity]);
  assert.ok(Number.isNaN(roc(new Float64Array([0, 0]), 1)[1]));
});

Deno.test("roc() rejects a bad n or out with RangeError", () => {
  const x = new Float64Array(4);
  assert.throws(() => roc(x, 0), { name: "RangeError", message: "roc(): n must be an integer ≥ 1, found 0" });
  assert.throws(() => roc(x, 1.5), /roc\(\): n must be an integer/);
  assert.throws(() => roc(x, 1, new Float64Array(3)), /roc\(\): out must have the input length 4/);
  assert.throws(() => roc(x, 1, x), /out must not overlap/);
  assert.deepEqual([...roc(x, 9)], [NaN, NaN, NaN, NaN]);
});
