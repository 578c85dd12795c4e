import assert from "node:assert/strict";
import { dpo, dpoLag } from "./dpo.ts";
import { sma } from "./sma.ts";
import { nanPrefix, tickWalk } from "./_test_helpers.ts";

Deno.test("dpoLag() is backtrader's -(-period // 2 + 1): ceil(n/2) - 1", () => {
  // Python: -4 // 2 + 1 = -2 + 1 = -1; -5 // 2 + 1 = -3 + 1 = -2; -20 // 2 + 1 = -9
  assert.deepEqual([1, 2, 3, 4, 5, 6, 20, 21].map(dpoLag), [0, 0, 1, 1, 2, 2, 9, 10]);
});

Deno.test("dpo() subtracts the SMA of lag bars ago from the current value", () => {
  // n = 4, lag 1; src = 2, 4, 6, 8, 4, 10
  //   sma4: bar 3 5, bar 4 5.5, bar 5 7
  //   dpo: bar 4 4 - 5 = -1; bar 5 10 - 5.5 = 4.5
  assert.deepEqual([...dpo(new Float64Array([2, 4, 6, 8, 4, 10]), 4)], [NaN, NaN, NaN, NaN, -1, 4.5]);
  // n = 2, lag 0: the value minus the current SMA2: bar 1 4 - 3 = 1, bar 2 6 - 5 = 1
  assert.deepEqual([...dpo(new Float64Array([2, 4, 6]), 2)], [NaN, 1, 1]);
});

Deno.test("dpo() defaults to 20 bars: lag 9, first value at bar 28", () => {
  const x = tickWalk(181, 100);
  const out = dpo(x);
  assert.equal(nanPrefix(out), 28);
  const m = sma(x, 20);
  assert.equal(out[50], x[50]! - m[41]!);
});

Deno.test("dpo() of a linear series is slope × (n - 1)/2 + slope × lag; of a constant, 0", () => {
  // x = a + b i: sma_n[j] = a + b (j - (n-1)/2), so x[i] - sma[i - lag] = b ((n-1)/2 + lag)
  const x = new Float64Array(60).map((_, i) => 500 + 0.5 * i);
  for (const n of [3, 4, 10]) {
    const out = dpo(x, n);
    const want = 0.5 * ((n - 1) / 2 + dpoLag(n));
    for (let i = n - 1 + dpoLag(n); i < 60; i++) assert.equal(out[i], want, `n=${n} i=${i}`);
  }
  assert.deepEqual([...dpo(new Float64Array(5).fill(8), 3)], [NaN, NaN, NaN, 0, 0]);
});

Deno.test("dpo() never looks ahead and matches a direct formula on a long series with NaNs", () => {
  const x = tickWalk(182, 3000);
  x.fill(NaN, 0, 6);
  x[1000] = NaN;
  for (const n of [1, 2, 7, 20, 21]) {
    const lag = dpoLag(n);
    const out = dpo(x, n);
    const m = sma(x, n);
    for (let i = 0; i < x.length; i++) {
      const want = i < lag ? NaN : x[i]! - m[i - lag]!;
      if (!Object.is(out[i], want)) assert.fail(`n=${n} i=${i}`);
    }
    assert.equal(nanPrefix(out.subarray(0, 1000)), 6 + n - 1 + lag);
    assert.deepEqual(dpo(x.subarray(0, 1500), n), out.subarray(0, 1500));
  }
});

Deno.test("dpo() rejects a bad n or out with RangeError", () => {
  const x = new Float64Array(3);
  assert.throws(() => dpo(x, 0), { name: "RangeError", message: "dpo(): n must be an integer ≥ 1, found 0" });
  assert.throws(() => dpo(x, 2, new Float64Array(2)), /dpo\(\): out must have the input length 3/);
  assert.throws(() => dpo(x, 2, x), /dpo\(\): out must not overlap/);
});
