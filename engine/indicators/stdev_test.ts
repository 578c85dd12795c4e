import assert from "node:assert/strict";
import { stdev } from "./stdev.ts";
import { nanPrefix, tickWalk } from "./_test_helpers.ts";

Deno.test("stdev() is the population standard deviation of each window", () => {
  const src = new Float64Array([2, 4, 4, 4, 5, 5, 7, 9, 3]);
  // n = 8, window 0..7: mean 40/8 = 5, squared deviations
  //   9+1+1+1+0+0+4+16 = 32, sqrt(32/8) = 2
  // window 1..8: [4,4,4,5,5,7,9,3] mean 41/8 = 5.125,
  //   sum of squares 4^2*3 + 25*2 + 49 + 81 + 9 = 237, 237/8 - 5.125^2 = 29.625 - 26.265625 = 3.359375
  const out = stdev(src, 8);
  assert.equal(nanPrefix(out), 7);
  assert.equal(out[7], 2);
  assert.ok(Math.abs(out[8]! - Math.sqrt(3.359375)) < 1e-15);
  // n = 2: |a - b| / 2 for each pair: [2,4] 1, [4,4] 0, [4,5] 0.5, [5,7] 1, [7,9] 1, [9,3] 3
  assert.deepEqual([...stdev(src, 2)], [NaN, 1, 0, 0, 0.5, 0, 1, 1, 3]);
  // n = 1: always 0
  assert.deepEqual([...stdev(src, 1)], new Array(9).fill(0));
});

Deno.test("stdev() is exactly 0 on a constant window of a non-representable price", () => {
  // 1234.56 is not exact in binary; fsum of 20 copies, divided by 20, rounds
  // back to 1234.56 here, so every deviation is exactly 0
  const out = stdev(new Float64Array(30).fill(1234.56), 20);
  for (let i = 19; i < 30; i++) assert.equal(out[i], 0);
});

Deno.test("stdev() matches a naive two-pass per-window std within 1e-9 relative", () => {
  const src = tickWalk(51, 200_000);
  for (const n of [5, 20]) {
    const out = stdev(src, n);
    for (let i = n - 1; i < src.length; i++) {
      let s = 0;
      for (let j = i - n + 1; j <= i; j++) s += src[j]!;
      const m = s / n;
      let q = 0;
      for (let j = i - n + 1; j <= i; j++) q += (src[j]! - m) ** 2;
      const want = Math.sqrt(q / n);
      if (!(Math.abs(out[i]! - want) <= 1e-9 * want)) {
        assert.fail(`n=${n} i=${i}: ${out[i]} vs ${want}`);
      }
    }
  }
});

Deno.test("stdev() stays accurate far from zero, where E[x^2] - E[x]^2 fails", () => {
  // values ~1e8 + {0, 0.01, 0.02, 0.03} (std ~0.0112). Their offsets from 1e8
  // are exact doubles (Sterbenz), so the std of the offsets, computed at
  // small magnitude, is an accurate reference for the std of the values.
  const src = new Float64Array([1e8, 1e8 + 0.01, 1e8 + 0.02, 1e8 + 0.03]);
  const d = [...src].map((x) => x - 1e8);
  const dm = (d[0]! + d[1]! + d[2]! + d[3]!) / 4;
  const want = Math.sqrt(d.reduce((q, x) => q + (x - dm) ** 2, 0) / 4);
  assert.ok(Math.abs(want - 0.01118) < 1e-5);
  const got = stdev(src, 4)[3]!;
  assert.ok(Math.abs(got - want) < 1e-8 * want, `${got} vs ${want}`);
  // the one-pass textbook form loses almost every digit here
  let s = 0, q = 0;
  for (const x of src) {
    s += x;
    q += x * x;
  }
  const onePass = Math.sqrt(Math.max(q / 4 - (s / 4) ** 2, 0));
  assert.ok(Math.abs(onePass - want) > 1e-3 * want);
});

Deno.test("stdev() is NaN for windows containing NaN or an infinity", () => {
  const src = new Float64Array([1, 3, NaN, 5, 7, Infinity, 9, 11]);
  // n = 2: [1,3] 1, then NaN while NaN is in the window, [5,7] 1, inf windows NaN, [9,11] 1
  assert.deepEqual([...stdev(src, 2)], [NaN, 1, NaN, NaN, 1, NaN, NaN, 1]);
});

Deno.test("stdev() rejects a bad n or out with RangeError", () => {
  const src = new Float64Array(4);
  assert.throws(() => stdev(src, 0), { name: "RangeError", message: "stdev(): n must be an integer ≥ 1, found 0" });
  assert.throws(() => stdev(src, 2, new Float64Array(3)), RangeError);
  assert.throws(() => stdev(src, 2, src), /must not overlap/);
});
