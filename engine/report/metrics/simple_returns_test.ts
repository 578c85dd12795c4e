import assert from "node:assert/strict";
import { simpleReturns } from "./simple_returns.ts";
import { NEGATIVE_RETURNS } from "./_empyrical_fixtures.ts";
import { assertAlmostEqual, equityFromReturns } from "./_testing.ts";

Deno.test("simpleReturns: with initial, one return per bar", () => {
  const r = simpleReturns(Float64Array.of(110, 99, 99, 108.9), 100);
  assert.equal(r.length, 4);
  // 110/100 − 1, 99/110 − 1, 99/99 − 1, 108.9/99 − 1
  assertAlmostEqual(r[0]!, 0.1, 15);
  assertAlmostEqual(r[1]!, -0.1, 15);
  assert.equal(r[2], 0);
  assertAlmostEqual(r[3]!, 0.1, 15);
});

Deno.test("simpleReturns: without initial, n − 1 returns", () => {
  const r = simpleReturns(Float64Array.of(100, 110, 99));
  assert.equal(r.length, 2);
  assertAlmostEqual(r[0]!, 0.1, 15);
  assertAlmostEqual(r[1]!, -0.1, 15);
});

Deno.test("simpleReturns: empty and single-bar curves", () => {
  assert.equal(simpleReturns(new Float64Array(0)).length, 0);
  assert.equal(simpleReturns(new Float64Array(0), 100).length, 0);
  assert.equal(simpleReturns(Float64Array.of(105)).length, 0);
  const one = simpleReturns(Float64Array.of(105), 100);
  assert.equal(one.length, 1);
  assertAlmostEqual(one[0]!, 0.05, 15);
});

Deno.test("simpleReturns: equity going to zero gives −1 then NaN", () => {
  const r = simpleReturns(Float64Array.of(50, 0, 0, 10), 100);
  assert.equal(r[0], -0.5);
  assert.equal(r[1], -1);
  assert.ok(Number.isNaN(r[2]!)); // 0/0
  assert.ok(Number.isNaN(r[3]!)); // 10/0: base not positive
});

Deno.test("simpleReturns: non-positive or NaN initial gives a NaN first return", () => {
  assert.ok(Number.isNaN(simpleReturns(Float64Array.of(1, 2), 0)[0]!));
  assert.ok(Number.isNaN(simpleReturns(Float64Array.of(1, 2), NaN)[0]!));
});

Deno.test("simpleReturns: NaN equity poisons its own and the next return", () => {
  const r = simpleReturns(Float64Array.of(100, NaN, 120, 132), 100);
  assert.equal(r[0], 0);
  assert.ok(Number.isNaN(r[1]!));
  assert.ok(Number.isNaN(r[2]!));
  assertAlmostEqual(r[3]!, 0.1, 15);
});

Deno.test("simpleReturns: writes into `out` instead of allocating", () => {
  const equity = Float64Array.of(101, 102);
  const exact = new Float64Array(2);
  assert.equal(simpleReturns(equity, 100, exact), exact);
  const longer = new Float64Array(10).fill(7);
  const view = simpleReturns(equity, 100, longer);
  assert.equal(view.length, 2);
  assert.equal(view.buffer, longer.buffer);
  assertAlmostEqual(longer[0]!, 0.01, 15);
  assert.equal(longer[2], 7); // untouched beyond the result
  const short = new Float64Array(1);
  assert.notEqual(simpleReturns(equity, 100, short), short);
});

Deno.test("simpleReturns: inverts compounding of empyrical's negative_returns", () => {
  // Reference equity: quantopian/empyrical empyrical/tests/test_stats.py,
  // test_cum_returns(negative_returns, 0) = [0.0, -0.06, -0.1258, -0.13454,
  // -0.21243, -0.22818, -0.27449, -0.33253, -0.36590] (4 decimals).
  const cum = [0.0, -0.06, -0.1258, -0.13454, -0.21243, -0.22818, -0.27449, -0.33253, -0.36590];
  const equity = equityFromReturns(NEGATIVE_RETURNS, 1);
  for (let i = 0; i < cum.length; i++) assertAlmostEqual(equity[i]! - 1, cum[i]!, 4);
  const r = simpleReturns(equity, 1);
  for (let i = 0; i < r.length; i++) assertAlmostEqual(r[i]!, NEGATIVE_RETURNS[i]!, 14);
});
