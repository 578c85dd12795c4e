import assert from "node:assert/strict";
import { vortex } from "./vortex.ts";
import { fsum } from "./exact_sum.ts";
import { nanPrefix, tickWalk } from "./_test_helpers.ts";

Deno.test("vortex() divides the window sums of the vortex movements by the window sum of the true range", () => {
  // bar 1: VM+ = |11 − 9| = 2, VM− = |9 − 10| = 1, TR = max(2, |11 − 9.5|, |9 − 9.5|) = 2
  // bar 2: VM+ = |12 − 9| = 3, VM− = |10 − 11| = 1, TR = max(2, |12 − 10|, |10 − 10|) = 2
  // bar 3: VM+ = |11 − 10| = 1, VM− = |8 − 12| = 4, TR = max(3, |11 − 11|, |8 − 11|) = 3
  // n = 2: bar 2: +VI = (2 + 3)/(2 + 2) = 1.25, −VI = (1 + 1)/4 = 0.5; bar 3: +VI = (3 + 1)/5 = 0.8, −VI = 5/5 = 1
  const high = Float64Array.of(10, 11, 12, 11);
  const low = Float64Array.of(9, 9, 10, 8);
  const close = Float64Array.of(9.5, 10, 11, 9);
  const r = vortex(high, low, close, 2);
  assert.deepEqual([...r.plus], [NaN, NaN, 1.25, 0.8]);
  assert.deepEqual([...r.minus], [NaN, NaN, 0.5, 1]);
});

Deno.test("vortex() gives NaN where the window's true ranges sum to 0", () => {
  // backtrader raises ZeroDivisionError here
  const flat = new Float64Array(6).fill(3);
  assert.ok(vortex(flat, flat, flat, 2).plus.every(Number.isNaN));
  // bar 1 has no range of its own but a movement from bar 0's low: VM+ = |10 − 8| = 2 over TR 0
  const r = vortex(Float64Array.of(12, 10), Float64Array.of(8, 10), Float64Array.of(10, 10), 1);
  assert.ok(Number.isNaN(r.plus[1]!) && Number.isNaN(r.minus[1]!));
});

Deno.test("vortex() gives NaN for the windows holding a bar with a NaN term, then recovers", () => {
  const c = tickWalk(4, 12);
  const h = c.map((x) => x + 0.5), l = c.map((x) => x - 0.5);
  h[4] = NaN; // terms of bars 4 (high[4]) and 5 (high[4] as the previous high) are NaN
  const r = vortex(h, l, c, 3);
  const bad = [...r.plus].map((v, i) => Number.isNaN(v) ? i : -1).filter((i) => i >= 0);
  // warm-up 0..2, then the windows ending at 4..7 hold bar 4 or 5
  assert.deepEqual(bad, [0, 1, 2, 4, 5, 6, 7]);
});

Deno.test("vortex() equals exact window sums recomputed per window, bit for bit", () => {
  const c = tickWalk(9, 1_200);
  const h = c.map((x, i) => x + 0.01 * (i % 6)), l = c.map((x, i) => x - 0.01 * (i % 5));
  const n = 14;
  const r = vortex(h, l, c, n);
  assert.equal(nanPrefix(r.plus), n);
  for (let i = n; i < c.length; i++) {
    const vp = [], vm = [], tr = [];
    for (let j = i - n + 1; j <= i; j++) {
      vp.push(Math.abs(h[j]! - l[j - 1]!));
      vm.push(Math.abs(l[j]! - h[j - 1]!));
      tr.push(Math.max(h[j]! - l[j]!, Math.abs(h[j]! - c[j - 1]!), Math.abs(l[j]! - c[j - 1]!)));
    }
    assert.ok(r.plus[i] === fsum(vp) / fsum(tr) && r.minus[i] === fsum(vm) / fsum(tr), `i=${i}`);
  }
});

Deno.test("vortex() rejects a bad n or unequal lengths with RangeError", () => {
  const x = Float64Array.of(1, 2, 3);
  assert.throws(() => vortex(x, x, x, 1.5), {
    name: "RangeError",
    message: "vortex(): n must be an integer ≥ 1, found 1.5",
  });
  assert.throws(() => vortex(x, x, x.subarray(1)), RangeError);
});
