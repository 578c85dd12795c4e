import assert from "node:assert/strict";
import { fsum } from "./exact_sum.ts";
import { sma } from "./sma.ts";
import { exactSum, nanPrefix, tickWalk } from "./_test_helpers.ts";

Deno.test("sma() averages each window of n values", () => {
  const src = new Float64Array([2, 4, 6, 8, 10, 3]);
  // n = 3: (2+4+6)/3 = 4, (4+6+8)/3 = 6, (6+8+10)/3 = 8, (8+10+3)/3 = 7
  assert.deepEqual([...sma(src, 3)], [NaN, NaN, 4, 6, 8, 7]);
  // n = 2: 3, 5, 7, 9, 13/2 = 6.5
  assert.deepEqual([...sma(src, 2)], [NaN, 3, 5, 7, 9, 6.5]);
  // n = 1 is the input itself (fsum of one value is that value; -0 gives +0
  // as math.fsum([-0.0]) is 0.0)
  assert.deepEqual([...sma(src, 1)], [...src]);
  assert.deepEqual([...sma(new Float64Array([-0, NaN, -Infinity, 1.5]), 1)], [0, NaN, -Infinity, 1.5]);
  assert.ok(Object.is(sma(new Float64Array([-0]), 1)[0], 0));
  // n = length: one value, (2+4+6+8+10+3)/6 = 33/6 = 5.5
  assert.deepEqual([...sma(src, 6)], [NaN, NaN, NaN, NaN, NaN, 5.5]);
});

Deno.test("sma() is NaN during the n-1 bar warm-up and everywhere if n > length", () => {
  const src = tickWalk(1, 50);
  for (const n of [1, 2, 5, 50]) assert.equal(nanPrefix(sma(src, n)), n - 1);
  assert.equal(nanPrefix(sma(src, 51)), 50);
  assert.equal(sma(new Float64Array(0), 3).length, 0);
});

Deno.test("sma() divides the correctly rounded window sum, not the naive one", () => {
  // The exact sum of the doubles 0.1, 0.2, 0.3 rounds to 0.6, so the SMA is
  // 0.6 / 3; naive addition would give 0.6000000000000001 / 3.
  const out = sma(new Float64Array([0.1, 0.2, 0.3]), 3);
  assert.equal(out[2], 0.6 / 3);
  assert.notEqual(out[2], (0.1 + 0.2 + 0.3) / 3);
});

Deno.test("sma() does not drift where a naive running sum does (hand case)", () => {
  // src = [1e16, 1, 1], n = 2. A naive running sum: s = 1e16; s + 1 = 1e16
  // (1e16 + 1 is a tie between 1e16 and 1e16 + 2; it rounds to the even
  // 1e16), so the 1 is lost; then s + 1 - 1e16 = 0, giving 0 / 2 = 0 for the
  // window [1, 1], whose mean is 1.
  const src = new Float64Array([1e16, 1, 1]);
  let s = 0;
  const naive = [...src].map((x, i) => {
    s += x;
    if (i >= 2) s -= src[i - 2]!;
    return i >= 1 ? s / 2 : NaN;
  });
  assert.equal(naive[2], 0);
  const out = sma(src, 2);
  assert.equal(out[1], 1e16 / 2); // fsum([1e16, 1]) is 1e16 (same tie)
  assert.equal(out[2], 1); // (1 + 1) / 2
});

Deno.test("sma() equals fsum(window) / n bit for bit on a 250k-bar tick walk", () => {
  const src = tickWalk(42, 250_000);
  for (const n of [3, 20]) {
    const out = sma(src, n);
    for (let i = 0; i < n - 1; i++) assert.ok(Number.isNaN(out[i]!));
    for (let i = n - 1; i < src.length; i++) {
      const want = fsum(src.subarray(i - n + 1, i + 1)) / n;
      if (!Object.is(out[i], want)) {
        assert.fail(`n=${n} i=${i}: sma ${out[i]} !== fsum/n ${want}`);
      }
    }
    // spot-check against the independent BigInt oracle too
    for (let i = n - 1; i < src.length; i += 1009) {
      assert.ok(Object.is(out[i], exactSum(src.subarray(i - n + 1, i + 1)) / n));
    }
  }
});

Deno.test("sma() stays exact where a naive running sum drifts on a long walk", () => {
  const src = tickWalk(7, 250_000);
  const n = 20;
  const out = sma(src, n);
  let s = 0;
  let mismatches = 0;
  let maxDrift = 0;
  for (let i = 0; i < src.length; i++) {
    s += src[i]!;
    if (i >= n) s -= src[i - n]!;
    if (i < n - 1) continue;
    const exact = fsum(src.subarray(i - n + 1, i + 1)) / n;
    assert.ok(Object.is(out[i], exact), `i=${i}`);
    if (s / n !== exact) {
      mismatches++;
      maxDrift = Math.max(maxDrift, Math.abs(s / n - exact));
    }
  }
  // The naive running mean departs from the exact one on many bars.
  assert.ok(mismatches > 1000, `only ${mismatches} naive mismatches`);
  assert.ok(maxDrift > 0);
});

Deno.test("sma() gives NaN only for windows containing NaN", () => {
  const src = new Float64Array([1, NaN, 3, 4, 5, 6]);
  // n = 2: [1,NaN] NaN, [NaN,3] NaN, [3,4] 3.5, [4,5] 4.5, [5,6] 5.5
  assert.deepEqual([...sma(src, 2)], [NaN, NaN, NaN, 3.5, 4.5, 5.5]);
});

Deno.test("sma() treats infinities as math.fsum does, per window", () => {
  const inf = Infinity;
  // n = 2: [1,inf] inf, [inf,3] inf, [3,4] 3.5
  assert.deepEqual([...sma(new Float64Array([1, inf, 3, 4]), 2)], [
    NaN,
    inf,
    inf,
    3.5,
  ]);
  // [inf,-inf] NaN (fsum raises), [-inf,1] -inf, [1,2] 1.5
  assert.deepEqual([...sma(new Float64Array([inf, -inf, 1, 2]), 2)], [
    NaN,
    NaN,
    -inf,
    1.5,
  ]);
});

Deno.test("sma() writes into a preallocated out and returns it", () => {
  const src = new Float64Array([1, 2, 3, 4]);
  const out = new Float64Array(4).fill(99);
  assert.equal(sma(src, 2, out), out);
  assert.deepEqual([...out], [NaN, 1.5, 2.5, 3.5]);
});

Deno.test("sma() rejects a bad n or out with RangeError", () => {
  const src = new Float64Array(10);
  for (const n of [0, -1, 2.5, NaN, Infinity]) {
    assert.throws(() => sma(src, n), {
      name: "RangeError",
      message: `sma(): n must be an integer ≥ 1, found ${n}`,
    });
  }
  assert.throws(() => sma(src, 3, new Float64Array(9)), /sma\(\): out must have the input length 10, found 9/);
  assert.throws(() => sma(src, 3, src), /sma\(\): out must not overlap an input/);
  const buf = new Float64Array(15);
  assert.throws(
    () => sma(buf.subarray(0, 10), 3, buf.subarray(5, 15)),
    /must not overlap/,
  );
  // adjacent views of one buffer do not overlap
  assert.doesNotThrow(() => sma(buf.subarray(0, 5), 3, buf.subarray(5, 10)));
});

Deno.test("sma() throws RangeError when a window sum overflows", () => {
  assert.throws(() => sma(new Float64Array([1e308, 1e308]), 2), RangeError);
});
