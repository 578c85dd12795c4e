import assert from "node:assert/strict";
import { wma } from "./wma.ts";
import { nanPrefix, scaled, tickWalk, unscaled } from "./_test_helpers.ts";

Deno.test("wma() weights the window 1..n, latest heaviest, over n(n+1)/2", () => {
  const src = new Float64Array([1, 2, 3, 4, 6, 0, 5]);
  // n = 3, divisor 3*4/2 = 6
  // i=2: (1*1 + 2*2 + 3*3)/6 = 14/6
  // i=3: (1*2 + 2*3 + 3*4)/6 = 20/6
  // i=4: (1*3 + 2*4 + 3*6)/6 = 29/6
  // i=5: (1*4 + 2*6 + 3*0)/6 = 16/6
  // i=6: (1*6 + 2*0 + 3*5)/6 = 21/6
  assert.deepEqual([...wma(src, 3)], [NaN, NaN, 14 / 6, 20 / 6, 29 / 6, 16 / 6, 21 / 6]);
  // n = 4, divisor 10: i=3: (1+4+9+16)/10 = 3; i=4: (2+6+12+24)/10 = 4.4
  assert.deepEqual([...wma(src, 4)].slice(0, 5), [NaN, NaN, NaN, 3, 4.4]);
  // n = 1 is the input
  assert.deepEqual([...wma(src, 1)], [...src]);
});

Deno.test("wma() equals the correctly rounded exact weighted sum / divisor on a tick walk", () => {
  const src = tickWalk(9, 30_000);
  for (const n of [2, 10, 30]) {
    const out = wma(src, n);
    assert.equal(nanPrefix(out), n - 1);
    const denom = (n * (n + 1)) / 2;
    const big = Array.from(src, scaled);
    for (let i = n - 1; i < src.length; i++) {
      // independent oracle: exact BigInt sum of j * x, rounded once
      let s = 0n;
      for (let j = 1; j <= n; j++) s += BigInt(j) * big[i - n + j]!;
      const want = unscaled(s) / denom;
      if (!Object.is(out[i], want)) assert.fail(`n=${n} i=${i}: ${out[i]} !== ${want}`);
    }
  }
});

Deno.test("wma() is within rounding of a naive per-window weighted sum", () => {
  const src = tickWalk(10, 5000);
  const n = 14;
  const out = wma(src, n);
  for (let i = n - 1; i < src.length; i++) {
    let s = 0;
    for (let j = 1; j <= n; j++) s += j * src[i - n + j]!;
    const naive = s / ((n * (n + 1)) / 2);
    assert.ok(Math.abs(out[i]! - naive) <= 1e-12 * naive);
  }
});

Deno.test("wma() gives NaN only for windows containing NaN, and ±Infinity per window", () => {
  const src = new Float64Array([1, NaN, 3, 4, 5]);
  // n = 2 (divisor 3): [3,4] -> (3 + 8)/3 = 11/3, [4,5] -> (4 + 10)/3 = 14/3
  assert.deepEqual([...wma(src, 2)], [NaN, NaN, NaN, 11 / 3, 14 / 3]);
  const inf = new Float64Array([1, Infinity, 2, 3, -Infinity, Infinity, 6, 3]);
  // n = 2: [1,inf] inf, [inf,2] inf, [2,3] (2+6)/3, [3,-inf] -inf, [-inf,inf] NaN,
  //        [inf,6] inf, [6,3] (6+6)/3 = 4
  assert.deepEqual([...wma(inf, 2)], [NaN, Infinity, Infinity, 8 / 3, -Infinity, NaN, Infinity, 4]);
});

Deno.test("wma() rejects a bad n, out or out-of-range value with RangeError", () => {
  const src = new Float64Array(5);
  for (const n of [0, 2.5, NaN]) {
    assert.throws(() => wma(src, n), /wma\(\): n must be an integer between 1 and 94906265, found/);
  }
  assert.throws(() => wma(src, 94906266), RangeError);
  assert.throws(() => wma(src, 2, new Float64Array(6)), RangeError);
  assert.throws(() => wma(src, 2, src), /must not overlap/);
  assert.throws(() => wma(new Float64Array([1, 1e300]), 2), /wma\(\): \|src\[1\]\| must be below 2\^995/);
  assert.equal(nanPrefix(wma(src, 6)), 5); // n > length: all NaN
});
