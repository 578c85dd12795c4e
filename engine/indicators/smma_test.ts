import assert from "node:assert/strict";
import { smma } from "./smma.ts";
import { wilder } from "./ema.ts";
import { fsum } from "./exact_sum.ts";
import { nanPrefix, tickWalk } from "./_test_helpers.ts";

Deno.test("smma() seeds with the SMA of the first n values, then smooths with alpha = 1/n", () => {
  const out = smma(new Float64Array([1, 2, 3, 4, 5, 6]), 3);
  // seed (1+2+3)/3 = 2 at index 2
  // 3: (2*2 + 4)/3 = 8/3; 4: (8/3*2 + 5)/3 = 31/9; 5: (31/9*2 + 6)/3 = 116/27
  assert.equal(nanPrefix(out), 2);
  assert.equal(out[2], 2);
  for (const [i, want] of [[3, 8 / 3], [4, 31 / 9], [5, 116 / 27]] as const) {
    assert.ok(Math.abs(out[i]! - want) < 1e-14, `smma[${i}] = ${out[i]}, want ${want}`);
  }
});

Deno.test("smma() of a constant series is the constant from bar n - 1 on", () => {
  const out = smma(new Float64Array(50).fill(1234.5), 7);
  assert.equal(nanPrefix(out), 6);
  for (let i = 6; i < 50; i++) assert.equal(out[i], 1234.5);
});

Deno.test("smma() is the wilder() kernel, bit for bit", () => {
  const x = tickWalk(5, 5_000);
  for (const n of [1, 2, 14, 30]) assert.deepEqual(smma(x, n), wilder(x, n));
});

Deno.test("smma() agrees with backtrader's form prev * (1 - 1/n) + x * (1/n), written independently", () => {
  const x = tickWalk(8, 3_000);
  const n = 30;
  const out = smma(x, n);
  let prev = fsum(x.subarray(0, n)) / n;
  assert.equal(out[n - 1], prev);
  const alpha = 1 / n;
  for (let i = n; i < x.length; i++) {
    prev = prev * (1 - alpha) + x[i]! * alpha;
    // the two forms round differently; their difference stays within a few n ulps (the recursion damps old errors)
    assert.ok(Math.abs(out[i]! - prev) <= n * 2.3e-16 * Math.abs(prev), `bar ${i}: ${out[i]} vs ${prev}`);
  }
});

Deno.test("smma() skips leading NaNs and carries a later NaN forward", () => {
  // first value at 1 + (2 - 1) = 2: (4 + 8)/2 = 6; then (6 + 2)/2 = 4; NaN; NaN from then on
  assert.deepEqual([...smma(new Float64Array([NaN, 4, 8, 2, NaN, 5]), 2)], [NaN, NaN, 6, 4, NaN, NaN]);
  assert.equal(nanPrefix(smma(new Float64Array([1, 2]), 3)), 2);
});

Deno.test("smma() rejects a bad period naming smma and n", () => {
  assert.throws(() => smma(new Float64Array(3), 0), { name: "RangeError", message: /smma\(\): n must be/ });
  assert.throws(() => smma(new Float64Array(3), 2.5), RangeError);
  assert.throws(() => smma(new Float64Array(3), 2, new Float64Array(2)), RangeError);
});
