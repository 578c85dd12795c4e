import assert from "node:assert/strict";
import { bollinger } from "./bollinger.ts";
import { sma } from "./sma.ts";
import { stdev } from "./stdev.ts";
import { nanPrefix, tickWalk } from "./_test_helpers.ts";

Deno.test("bollinger() bands are the SMA plus and minus k population std", () => {
  const src = new Float64Array([1, 3, 5, 9, 9, 6]);
  // n = 2, k = 2:
  //   [1,3] mean 2,   std sqrt((1+1)/2) = 1     -> 2 ± 2   = 4, 0
  //   [3,5] mean 4,   std 1                     -> 4 ± 2   = 6, 2
  //   [5,9] mean 7,   std sqrt((4+4)/2) = 2     -> 7 ± 4   = 11, 3
  //   [9,9] mean 9,   std 0                     -> 9, 9
  //   [9,6] mean 7.5, std 1.5                   -> 7.5 ± 3 = 10.5, 4.5
  const { middle, upper, lower } = bollinger(src, 2, 2);
  assert.deepEqual([...middle], [NaN, 2, 4, 7, 9, 7.5]);
  assert.deepEqual([...upper], [NaN, 4, 6, 11, 9, 10.5]);
  assert.deepEqual([...lower], [NaN, 0, 2, 3, 9, 4.5]);
});

Deno.test("bollinger() defaults to n = 20, k = 2", () => {
  const src = tickWalk(61, 100);
  const a = bollinger(src);
  const b = bollinger(src, 20, 2);
  assert.equal(nanPrefix(a.middle), 19);
  assert.equal(nanPrefix(a.upper), 19);
  assert.equal(nanPrefix(a.lower), 19);
  assert.deepEqual(a, b);
});

Deno.test("bollinger() middle is the exact sma() and the bands use stdev(), bit for bit", () => {
  const src = tickWalk(62, 50_000);
  const { middle, upper, lower } = bollinger(src, 20, 2.5);
  const m = sma(src, 20);
  const s = stdev(src, 20);
  for (let i = 0; i < src.length; i++) {
    assert.ok(Object.is(middle[i], m[i]));
    assert.ok(Object.is(upper[i], m[i]! + 2.5 * s[i]!));
    assert.ok(Object.is(lower[i], m[i]! - 2.5 * s[i]!));
  }
});

Deno.test("bollinger() width matches a naive two-pass std within 1e-9 relative on 200k bars", () => {
  const src = tickWalk(63, 200_000);
  const n = 20;
  const k = 2;
  const { middle, upper } = bollinger(src, n, k);
  for (let i = n - 1; i < src.length; i++) {
    let sum = 0;
    for (let j = i - n + 1; j <= i; j++) sum += src[j]!;
    const mean = sum / n;
    let q = 0;
    for (let j = i - n + 1; j <= i; j++) q += (src[j]! - mean) ** 2;
    const want = Math.sqrt(q / n);
    // std recovered from the band; the subtraction adds at most an ulp of
    // the price (~2e-13), far below the tolerance
    const got = (upper[i]! - middle[i]!) / k;
    if (!(Math.abs(got - want) <= 1e-9 * want)) assert.fail(`i=${i}: ${got} vs ${want}`);
  }
});

Deno.test("bollinger() gives NaN bands for windows with NaN or infinities", () => {
  const src = new Float64Array([1, 3, NaN, 5, 7, Infinity, 9, 11]);
  const { middle, upper, lower } = bollinger(src, 2, 1);
  // middle follows sma(): NaN windows NaN, windows with +inf give +inf
  assert.deepEqual([...middle], [NaN, 2, NaN, NaN, 6, Infinity, Infinity, 10]);
  assert.deepEqual([...upper], [NaN, 3, NaN, NaN, 7, NaN, NaN, 11]);
  assert.deepEqual([...lower], [NaN, 1, NaN, NaN, 5, NaN, NaN, 9]);
});

Deno.test("bollinger() fills the given out arrays", () => {
  const src = new Float64Array([1, 3, 5]);
  const middle = new Float64Array(3);
  const lower = new Float64Array(3);
  const r = bollinger(src, 2, 1, { middle, lower });
  assert.equal(r.middle, middle);
  assert.equal(r.lower, lower);
  assert.deepEqual([...r.upper], [NaN, 3, 5]);
});

Deno.test("bollinger() rejects bad n, k or out with RangeError", () => {
  const src = new Float64Array(5);
  assert.throws(() => bollinger(src, 0), /bollinger\(\): n must be an integer ≥ 1, found 0/);
  for (const k of [-1, NaN, Infinity]) {
    assert.throws(() => bollinger(src, 2, k), {
      name: "RangeError",
      message: `bollinger(): k must be a finite number ≥ 0, found ${k}`,
    });
  }
  assert.throws(() => bollinger(src, 2, 2, { upper: new Float64Array(4) }), /out.upper must have the input length 5/);
  assert.throws(() => bollinger(src, 2, 2, { middle: src }), /out.middle must not overlap/);
  const shared = new Float64Array(5);
  assert.throws(() => bollinger(src, 2, 2, { middle: shared, lower: shared }), /out.lower must not overlap/);
});
