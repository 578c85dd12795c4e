import assert from "node:assert/strict";
import { zscore } from "./zscore.ts";
import { sma } from "./sma.ts";
import { stdev } from "./stdev.ts";
import { nanPrefix, tickWalk } from "./_test_helpers.ts";

Deno.test("zscore() is (x − mean) / population standard deviation over the same window", () => {
  // [1, 3]: mean 2, sd sqrt((1 + 1)/2) = 1: (3 - 2)/1 = 1
  // [3, 3]: sd 0: 0;  [3, 7]: mean 5, sd 2: (7 - 5)/2 = 1;  [7, 1]: mean 4, sd 3: (1 - 4)/3 = -1
  assert.deepEqual([...zscore(new Float64Array([1, 3, 3, 7, 1]), 2)], [NaN, 1, 0, 1, -1]);
  // [2, 4, 6, 8, 0]: mean 4, squared deviations 4+0+4+16+16 = 40, sd sqrt(8): (0 - 4)/sqrt(8) = -sqrt(2)
  assert.equal(zscore(new Float64Array([2, 4, 6, 8, 0]), 5)[4], -4 / Math.sqrt(8));
});

Deno.test("zscore() reaches sqrt(n − 1) when n − 1 equal values are followed by another (Samuelson's bound)", () => {
  // [0, 0, 0, 4]: mean 1, squared deviations 1+1+1+9 = 12, sd sqrt(3): 3/sqrt(3) = sqrt(3)
  assert.equal(zscore(new Float64Array([0, 0, 0, 4]), 4)[3], 3 / Math.sqrt(3));
  const x = tickWalk(23, 5_000);
  const out = zscore(x, 10);
  for (let i = 9; i < x.length; i++) assert.ok(Math.abs(out[i]!) <= 3 * (1 + 1e-12), `bar ${i}: ${out[i]}`);
});

Deno.test("zscore() uses the very values of sma() and stdev()", () => {
  const x = tickWalk(24, 3_000);
  for (const n of [2, 20, 60]) {
    const m = sma(x, n), sd = stdev(x, n), out = zscore(x, n);
    assert.equal(nanPrefix(out), n - 1);
    for (let i = n - 1; i < x.length; i++) {
      assert.equal(out[i], sd[i] === 0 ? 0 : (x[i]! - m[i]!) / sd[i]!, `n ${n} bar ${i}`);
    }
  }
});

Deno.test("zscore() stays accurate for prices near 1e9 (exact mean, two-pass deviation)", () => {
  // values on a 1/4 grid, then the same values shifted by 2^30 (an exact shift): the z-scores may differ only by the
  // rounding of the shifted mean, half an ulp of 2^30 (2^-23), divided by the window's standard deviation. (The
  // one-pass E[x²] − E[x]² would lose everything here: E[x²] ~ 1e18 has an ulp of 128.)
  const base = tickWalk(25, 2_000, 4_000, 8).map((v) => Math.round(v * 4) / 4);
  const shifted = base.map((v) => v + 2 ** 30);
  const a = zscore(base, 20), b = zscore(shifted, 20), sd = stdev(base, 20);
  for (let i = 19; i < base.length; i++) {
    assert.ok(Math.abs(a[i]! - b[i]!) * sd[i]! <= 2 ** -22, `bar ${i}: ${a[i]} vs ${b[i]}`);
  }
});

Deno.test("zscore() is 0 on a constant window and NaN for windows containing NaN or Infinity", () => {
  assert.deepEqual([...zscore(new Float64Array([5, 5, 5, 5]), 3)], [NaN, NaN, 0, 0]);
  const out = zscore(new Float64Array([1, 2, NaN, 4, 5, 6, Infinity, 7, 8, 9]), 3);
  assert.deepEqual([...out].map(Number.isNaN), [true, true, true, true, true, false, true, true, true, false]);
});

Deno.test("zscore() rejects a period below 2 naming zscore and n", () => {
  assert.throws(() => zscore(new Float64Array(3), 1), { name: "RangeError", message: /zscore\(\): n must be/ });
});
