import assert from "node:assert/strict";
import { rsi } from "./rsi.ts";
import { fsum } from "./exact_sum.ts";
import { nanPrefix, tickWalk } from "./_test_helpers.ts";

Deno.test("rsi() starts at bar n from simple means of gains and losses", () => {
  const close = new Float64Array([44, 46, 45, 48, 47, 47, 50]);
  // changes d: [_, +2, -1, +3, -1, 0, +3]
  // n = 3, at i=3: G = (2 + 0 + 3)/3 = 5/3, L = (0 + 1 + 0)/3 = 1/3
  //   RS = 5, RSI = 100 - 100/6 = 83.33...
  const out = rsi(close, 3);
  assert.equal(nanPrefix(out), 3);
  const g3 = 5 / 3;
  const l3 = 1 / 3;
  assert.equal(out[3], 100 - 100 / (1 + g3 / l3));
  assert.ok(Math.abs(out[3]! - 250 / 3) < 1e-12);
});

Deno.test("rsi() matches Wilder smoothing after warm-up", () => {
  const close = new Float64Array([44, 46, 45, 48, 47, 47, 50]);
  // n = 3, continuing from G = 5/3, L = 1/3:
  // i=4 (d=-1): G = (5/3*2 + 0)/3 = 10/9,  L = (1/3*2 + 1)/3 = 5/9    RSI = 100 - 100/3
  // i=5 (d=0):  G = (10/9*2)/3 = 20/27,    L = (5/9*2)/3 = 10/27      RSI = 100 - 100/3
  // i=6 (d=+3): G = (20/27*2 + 3)/3 = 121/81, L = (10/27*2)/3 = 20/81 RSI = 100 - 100/(1 + 121/20)
  let g = 5 / 3;
  let l = 1 / 3;
  const want = [NaN, NaN, NaN, 100 - 100 / (1 + g / l)];
  for (const d of [-1, 0, 3]) {
    g = (g * 2 + Math.max(d, 0)) / 3;
    l = (l * 2 + Math.max(-d, 0)) / 3;
    want.push(100 - 100 / (1 + g / l));
  }
  assert.deepEqual([...rsi(close, 3)], want);
  assert.ok(Math.abs(want[4]! - 200 / 3) < 1e-12);
  assert.ok(Math.abs(want[6]! - (100 - 100 / (1 + 121 / 20))) < 1e-12);
});

Deno.test("rsi() is 100 with no losses, 0 with no gains, 50 when flat", () => {
  assert.deepEqual([...rsi(new Float64Array([1, 2, 3, 5]), 2)], [NaN, NaN, 100, 100]);
  assert.deepEqual([...rsi(new Float64Array([5, 3, 2, 1]), 2)], [NaN, NaN, 0, 0]);
  assert.deepEqual([...rsi(new Float64Array([7, 7, 7, 7]), 2)], [NaN, NaN, 50, 50]);
  // flat first, then a rise: L stays 0 -> 100
  assert.deepEqual([...rsi(new Float64Array([7, 7, 7, 8]), 2)], [NaN, NaN, 50, 100]);
});

Deno.test("rsi() skips leading NaN closes and carries later NaNs forward", () => {
  // first change at index 2 (close[1] - close[0] is NaN); n = 2 -> first RSI at 3
  // d = [_, _, +2, -2, ...]: G = 1, L = 1 -> 50
  const out = rsi(new Float64Array([NaN, 10, 12, 10, NaN, 11]), 2);
  assert.deepEqual([...out], [NaN, NaN, NaN, 50, NaN, NaN]);
  assert.equal(nanPrefix(rsi(new Float64Array([1, 2]), 2)), 2);
});

Deno.test("rsi() equals a direct reimplementation on a long series", () => {
  const c = tickWalk(31, 20_000);
  const n = 14;
  const out = rsi(c, n);
  const gains: number[] = [];
  const losses: number[] = [];
  for (let i = 1; i <= n; i++) {
    const d = c[i]! - c[i - 1]!;
    gains.push(d > 0 ? d : 0);
    losses.push(d < 0 ? -d : 0);
  }
  let g = fsum(gains) / n;
  let l = fsum(losses) / n;
  for (let i = n; i < c.length; i++) {
    if (i > n) {
      const d = c[i]! - c[i - 1]!;
      g = (g * (n - 1) + (d > 0 ? d : 0)) / n;
      l = (l * (n - 1) + (d < 0 ? -d : 0)) / n;
    }
    const want = l === 0 ? (g === 0 ? 50 : 100) : 100 - 100 / (1 + g / l);
    assert.ok(Object.is(out[i], want), `i=${i}`);
    assert.ok(out[i]! >= 0 && out[i]! <= 100);
  }
});

Deno.test("rsi() rejects a bad n or out with RangeError", () => {
  const c = new Float64Array(5);
  for (const n of [0, 2.5, NaN]) {
    assert.throws(() => rsi(c, n), { name: "RangeError", message: `rsi(): n must be an integer ≥ 1, found ${n}` });
  }
  assert.throws(() => rsi(c, 2, new Float64Array(3)), RangeError);
  assert.throws(() => rsi(c, 2, c), /must not overlap/);
});
