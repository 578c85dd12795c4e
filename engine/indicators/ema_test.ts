import assert from "node:assert/strict";
import { ema, wilder } from "./ema.ts";
import { sma } from "./sma.ts";
import { nanPrefix, tickWalk } from "./_test_helpers.ts";

Deno.test("ema() seeds with the SMA of the first n values, then smooths with alpha = 2/(n+1)", () => {
  // n = 3: alpha = 2/4 = 0.5 (exact in binary), beta = 0.5.
  const src = new Float64Array([2, 4, 6, 8, 12, 10, 1]);
  // seed at index 2: (2 + 4 + 6)/3 = 4
  // i=3: 0.5*8  + 0.5*4   = 6
  // i=4: 0.5*12 + 0.5*6   = 9
  // i=5: 0.5*10 + 0.5*9   = 9.5
  // i=6: 0.5*1  + 0.5*9.5 = 5.25
  assert.deepEqual([...ema(src, 3)], [NaN, NaN, 4, 6, 9, 9.5, 5.25]);
});

Deno.test("ema() evaluates alpha*x + (1-alpha)*prev in double precision", () => {
  // n = 4: alpha = 2/5 = 0.4 (not exact in binary), beta = 1 - 0.4 = 0.6.
  const src = new Float64Array([10, 20, 30, 40, 50, 20]);
  const a = 2 / 5;
  const b = 1 - a;
  // seed (10+20+30+40)/4 = 25
  // i=4: 0.4*50 + 0.6*25 = 20 + 15 = 35 (35.00000000000000x in doubles)
  // i=5: 0.4*20 + 0.6*35 = 8 + 21 = 29
  const e4 = a * 50 + b * 25;
  const e5 = a * 20 + b * e4;
  assert.ok(Math.abs(e4 - 35) < 1e-12 && Math.abs(e5 - 29) < 1e-12);
  assert.deepEqual([...ema(src, 4)], [NaN, NaN, NaN, 25, e4, e5]);
});

Deno.test("ema() seed is bit-identical to sma() and the recursion matches a direct loop", () => {
  const src = tickWalk(5, 20_000);
  for (const n of [1, 2, 12, 26, 200]) {
    const out = ema(src, n);
    const seed = sma(src, n)[n - 1]!;
    assert.equal(nanPrefix(out), n - 1);
    assert.ok(Object.is(out[n - 1], seed));
    const alpha = 2 / (n + 1);
    let prev = seed;
    for (let i = n; i < src.length; i++) {
      prev = alpha * src[i]! + (1 - alpha) * prev;
      assert.ok(Object.is(out[i], prev), `n=${n} i=${i}`);
    }
  }
});

Deno.test("ema() with n = 1 reproduces the input", () => {
  const src = new Float64Array([3.25, -1, 7, 0.1]);
  assert.deepEqual([...ema(src, 1)], [...src]);
});

Deno.test("ema() skips leading NaNs and starts n-1 bars after the first value", () => {
  // first defined value at s = 2; seed at 2 + 3 - 1 = 4: (1+2+3)/3 = 2
  // i=5: 0.5*6 + 0.5*2 = 4
  const src = new Float64Array([NaN, NaN, 1, 2, 3, 6]);
  assert.deepEqual([...ema(src, 3)], [NaN, NaN, NaN, NaN, 2, 4]);
});

Deno.test("ema() carries a NaN forward once it appears after the seed", () => {
  const src = new Float64Array([1, 3, NaN, 5, 7]);
  // seed (1+3)/2 = 2 at index 1, then NaN forever
  assert.deepEqual([...ema(src, 2)], [NaN, 2, NaN, NaN, NaN]);
  // a NaN inside the seed window makes every value NaN
  assert.equal(nanPrefix(ema(new Float64Array([1, NaN, 3, 4]), 3)), 4);
});

Deno.test("ema() is all NaN when fewer than n values are defined", () => {
  assert.equal(nanPrefix(ema(new Float64Array([1, 2]), 3)), 2);
  assert.equal(nanPrefix(ema(new Float64Array([NaN, 1, 2]), 3)), 3);
  assert.equal(ema(new Float64Array(0), 3).length, 0);
});

Deno.test("wilder() seeds with the SMA, then applies (prev*(n-1) + x)/n", () => {
  const src = new Float64Array([3, 6, 9, 12, 3, 0]);
  // n = 3: seed (3+6+9)/3 = 6 at index 2
  // i=3: (6*2 + 12)/3 = 24/3 = 8
  // i=4: (8*2 + 3)/3 = 19/3
  // i=5: (19/3*2 + 0)/3 = 38/9
  const w4 = (8 * 2 + 3) / 3;
  const w5 = (w4 * 2 + 0) / 3;
  assert.deepEqual([...wilder(src, 3)], [NaN, NaN, 6, 8, w4, w5]);
  assert.ok(Math.abs(w5 - 38 / 9) < 1e-15);
});

Deno.test("wilder() follows the same leading-NaN rule as ema()", () => {
  // seed at 1 + 2 - 1 = 2: (4+8)/2 = 6; i=3: (6*1 + 2)/2 = 4
  assert.deepEqual([...wilder(new Float64Array([NaN, 4, 8, 2]), 2)], [
    NaN,
    NaN,
    6,
    4,
  ]);
});

Deno.test("ema() and wilder() reject a bad n or out with RangeError", () => {
  const src = new Float64Array(5);
  for (const f of [ema, wilder]) {
    for (const n of [0, 1.5, -3, NaN]) {
      assert.throws(() => f(src, n), {
        name: "RangeError",
        message: `${f.name}(): n must be an integer ≥ 1, found ${n}`,
      });
    }
    assert.throws(() => f(src, 2, new Float64Array(4)), RangeError);
    assert.throws(() => f(src, 2, src), /must not overlap/);
    const out = new Float64Array(5);
    assert.equal(f(src, 2, out), out);
  }
});
