import assert from "node:assert/strict";
import { zlema } from "./zlema.ts";
import { ema } from "./ema.ts";
import { nanPrefix, tickWalk } from "./_test_helpers.ts";

Deno.test("zlema() is the EMA of 2·x − x(−lag), lag = (n − 1) // 2, first value at bar lag + n − 1", () => {
  // n = 5: lag 2, alpha 1/3; x = [1, 2, 4, 8, 16, 32, 0, 5]
  // y = 2x - x(-2) from bar 2: 8-1 = 7, 16-2 = 14, 32-4 = 28, 64-8 = 56, 0-16 = -16, 10-32 = -22
  // seed at bar 6: (7 + 14 + 28 + 56 - 16)/5 = 89/5 = 17.8; bar 7: -22/3 + 2/3*17.8 = 13.6/3
  const out = zlema(new Float64Array([1, 2, 4, 8, 16, 32, 0, 5]), 5);
  assert.equal(nanPrefix(out), 6);
  assert.equal(out[6], 17.8);
  assert.ok(Math.abs(out[7]! - 13.6 / 3) < 1e-14, `zlema[7] = ${out[7]}`);
});

Deno.test("zlema() equals ema() of the de-lagged series built independently, bit for bit", () => {
  const x = tickWalk(4, 3_000);
  for (const n of [1, 2, 3, 8, 30]) {
    const lag = Math.floor((n - 1) / 2);
    const y = x.map((v, i) => i < lag ? NaN : 2 * v - x[i - lag]!);
    assert.deepEqual(zlema(x, n), ema(y, n), `n = ${n}`);
  }
});

Deno.test("zlema() with lag 0 (n = 1 or 2) is the plain EMA", () => {
  const x = tickWalk(6, 200);
  assert.deepEqual(zlema(x, 1), ema(x, 1));
  assert.deepEqual(zlema(x, 2), ema(x, 2));
});

Deno.test("zlema() with an odd n reproduces a linear series: the de-lag undoes the EMA's (n − 1)/2-bar lag", () => {
  const n = 11;
  const line = Float64Array.from({ length: 150 }, (_, i) => 9_000 + 0.25 * i);
  const out = zlema(line, n);
  assert.equal(nanPrefix(out), 5 + n - 1);
  for (let i = 5 + n - 1; i < line.length; i++) assert.ok(Math.abs(out[i]! - line[i]!) < 1e-9, `bar ${i}`);
});

Deno.test("zlema() skips leading NaNs and carries a later NaN forward", () => {
  // n = 3, lag 1: y defined from bar 2 (x[1] is the first value); seed at 2 + 2 = 4
  const out = zlema(new Float64Array([NaN, 1, 2, 3, 4, 5, NaN, 7]), 3);
  assert.equal(nanPrefix(out.subarray(0, 6)), 4);
  assert.ok(Number.isNaN(out[6]!) && Number.isNaN(out[7]!));
});

Deno.test("zlema() rejects a bad period naming zlema and n", () => {
  assert.throws(() => zlema(new Float64Array(3), 0), { name: "RangeError", message: /zlema\(\): n must be/ });
});
