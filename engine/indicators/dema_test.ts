import assert from "node:assert/strict";
import { dema } from "./dema.ts";
import { ema } from "./ema.ts";
import { nanPrefix, tickWalk } from "./_test_helpers.ts";

Deno.test("dema() is 2·ema − ema(ema), the second EMA seeded with the mean of the first n EMA values", () => {
  // n = 2, alpha = 2/3
  // e1 = [_, (3+9)/2 = 6, 2/3*0 + 1/3*6 = 2, 2/3*12 + 1/3*2 = 26/3]
  // e2 = [_, _, (6 + 2)/2 = 4, 2/3*26/3 + 1/3*4 = 64/9]
  // dema = [_, _, 2*2 - 4 = 0, 2*26/3 - 64/9 = 92/9]
  const out = dema(new Float64Array([3, 9, 0, 12]), 2);
  assert.equal(nanPrefix(out), 2);
  assert.ok(Math.abs(out[2]!) < 1e-15, `dema[2] = ${out[2]}`);
  assert.ok(Math.abs(out[3]! - 92 / 9) < 1e-14, `dema[3] = ${out[3]}`);
});

Deno.test("dema() equals 2 * ema(x) - ema(ema(x)) bit for bit", () => {
  const x = tickWalk(11, 4_000, 1_000_000);
  for (const n of [1, 3, 30]) {
    const e1 = ema(x, n), e2 = ema(e1, n);
    assert.deepEqual(dema(x, n), e1.map((v, i) => 2 * v - e2[i]!));
  }
});

Deno.test("dema() reproduces a linear series from bar 2n - 2", () => {
  // each SMA-seeded EMA of a line lags it by exactly (n - 1)/2 bars of slope: 2(x - L) - (x - 2L) = x
  const n = 10;
  const x = Float64Array.from({ length: 200 }, (_, i) => 5000 + 0.75 * i);
  const out = dema(x, n);
  assert.equal(nanPrefix(out), 2 * n - 2);
  for (let i = 2 * n - 2; i < x.length; i++) assert.ok(Math.abs(out[i]! - x[i]!) < 1e-9, `bar ${i}`);
});

Deno.test("dema() skips leading NaNs and carries a later NaN forward", () => {
  const x = new Float64Array([NaN, NaN, 1, 2, 3, 4, 5, NaN, 6]);
  const out = dema(x, 2);
  // e1 starts at 3, e2 at 4: first value 2 + 2*2 - 2 = 4 bars in
  assert.equal(nanPrefix(out.subarray(0, 7)), 4);
  assert.ok(Number.isNaN(out[7]!) && Number.isNaN(out[8]!));
});

Deno.test("dema() rejects a bad period naming dema and n", () => {
  assert.throws(() => dema(new Float64Array(3), 0), { name: "RangeError", message: /dema\(\): n must be/ });
});
