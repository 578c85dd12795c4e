import assert from "node:assert/strict";
import { percentChange } from "./percent_change.ts";
import { nanPrefix, tickWalk } from "./_test_helpers.ts";

Deno.test("percentChange() is the fraction x[i]/x[i-n] − 1, from bar n", () => {
  // (90 - 100)/100 = -0.1; (125 - 100)/100 = 0.25; (150 - 90)/90 = 2/3
  const out = percentChange(new Float64Array([100, 100, 90, 125, 150]), 2);
  assert.equal(nanPrefix(out), 2);
  assert.equal(out[2], -0.1);
  assert.equal(out[3], 0.25);
  assert.equal(out[4], 60 / 90);
});

Deno.test("percentChange() stays accurate for small changes of large prices (no ratio − 1 cancellation)", () => {
  // one-bar changes of a tick walk near 10,000 are 1e-5 or less: ratio − 1 would lose 5 of their 16 digits
  const x = tickWalk(3, 5_000, 1_000_000);
  const out = percentChange(x, 1);
  for (let i = 1; i < x.length; i++) {
    const d = x[i]! - x[i - 1]!; // exact (Sterbenz)
    // out * base reproduces the exact change to within two roundings
    assert.ok(Math.abs(out[i]! * x[i - 1]! - d) <= 4.5e-16 * Math.abs(d), `bar ${i}`);
  }
});

Deno.test("percentChange() is NaN only where either end is NaN, and follows IEEE division by a zero base", () => {
  const out = percentChange(new Float64Array([1, NaN, 2, 4, 0, 3, 0]), 2);
  // bar 2: (2 - 1)/1 = 1; bar 3: base NaN; bar 4: (0 - 2)/2 = -1; bar 5: (3 - 4)/4; bar 6: (0 - 0)/0
  assert.deepEqual([...out], [NaN, NaN, 1, NaN, -1, -0.25, NaN]);
  assert.equal(percentChange(new Float64Array([0, 5]), 1)[1], Infinity);
  assert.equal(nanPrefix(percentChange(new Float64Array(3), 30)), 3);
});

Deno.test("percentChange() rejects a bad period naming percentChange and n", () => {
  assert.throws(() => percentChange(new Float64Array(3), 0), {
    name: "RangeError",
    message: /percentChange\(\): n must be/,
  });
});
