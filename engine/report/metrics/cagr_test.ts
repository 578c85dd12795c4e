import assert from "node:assert/strict";
import { cagr } from "./cagr.ts";
import { simpleReturns } from "./simple_returns.ts";
import {
  EMPTY_RETURNS,
  f64,
  FLAT_LINE_1_TZ,
  MIXED_RETURNS,
  MONTHLY_RETURNS,
  ONE_RETURN,
  WEEKLY_RETURNS,
} from "./_empyrical_fixtures.ts";
import { assertAlmostEqual } from "./_testing.ts";

// Expected values: quantopian/empyrical empyrical/tests/test_stats.py,
// TestStats.test_annual_ret and TestStats.test_cagr (8 decimal places).

Deno.test("cagr: empyrical test_annual_ret", () => {
  assertAlmostEqual(cagr(f64(MIXED_RETURNS), 252), 1.9135925373194231);
  assertAlmostEqual(cagr(f64(WEEKLY_RETURNS), 52), 0.24690830513998208);
  assertAlmostEqual(cagr(f64(MONTHLY_RETURNS), 12), 0.052242061386048144);
});

Deno.test("cagr: empyrical test_cagr", () => {
  assertAlmostEqual(cagr(f64(EMPTY_RETURNS), 252), NaN);
  assertAlmostEqual(cagr(f64(ONE_RETURN), 252), 11.274002099240244);
  assertAlmostEqual(cagr(f64(MIXED_RETURNS), 252), 1.9135925373194231);
  assertAlmostEqual(cagr(f64(FLAT_LINE_1_TZ), 252), 11.274002099240256);
  // pd.Series([3, 3, 3] / 100, freq='A'), period 'yearly'
  assertAlmostEqual(cagr(Float64Array.of(0.03, 0.03, 0.03), 1), 0.03);
});

Deno.test("cagr: mixed_returns with the NaN dropped has one period fewer", () => {
  // empyrical counts the leading NaN as a (flat) period: n = 9, exponent 252/9.
  // Dropping it leaves the same growth over n = 8 periods, exponent 252/8:
  // Π(1+r) = 1.01·1.10·0.96·1.02·1.03·1.02·1.01·0.90 = 1.0389310917...
  const growth = 1.01 * 1.1 * 0.96 * 1.02 * 1.03 * 1.02 * 1.01 * 0.9;
  assertAlmostEqual(growth, 1.0389310917, 10); // test_cum_returns_final: 0.03893
  const dropped = f64(MIXED_RETURNS.slice(1));
  assertAlmostEqual(cagr(dropped, 252), growth ** (252 / 8) - 1, 10);
  assertAlmostEqual(cagr(f64(MIXED_RETURNS), 252), growth ** (252 / 9) - 1, 10);
});

Deno.test("cagr: a return of −1 or below gives −1 whatever follows", () => {
  assert.equal(cagr(Float64Array.of(0.1, -1, 0.5), 252), -1);
  assert.equal(cagr(Float64Array.of(-1.5), 252), -1);
  // equity that goes to zero: returns [0, −0.5, −1, NaN, NaN]
  const r = simpleReturns(Float64Array.of(100, 50, 0, 0, 0), 100);
  assert.equal(cagr(r, 252), -1);
});

Deno.test("cagr: NaN returns are flat periods", () => {
  // 1.1 over 4 periods (two of them NaN) at 4 periods/year = 10 %/year
  assertAlmostEqual(cagr(Float64Array.of(NaN, 0.1, NaN, 0), 4), 0.1, 15);
  assert.equal(cagr(Float64Array.of(NaN, NaN), 252), 0);
});

Deno.test("cagr: invalid periodsPerYear gives NaN", () => {
  const r = Float64Array.of(0.01, 0.02);
  assert.ok(Number.isNaN(cagr(r, NaN)));
  assert.ok(Number.isNaN(cagr(r, 0)));
  assert.ok(Number.isNaN(cagr(r, -252)));
  assert.ok(Number.isNaN(cagr(r, Infinity)));
});

Deno.test("cagr: 1M bars whose product overflows a double", () => {
  // 1.01^1e6 ≈ e^9950 is far beyond Number.MAX_VALUE; the answer is still 1.01^252 − 1.
  const r = new Float64Array(1_000_000).fill(0.01);
  const g = cagr(r, 252);
  assert.ok(Math.abs(g / (1.01 ** 252 - 1) - 1) < 1e-9, `got ${g}`);
  const down = new Float64Array(1_000_000).fill(-0.01);
  assert.ok(Math.abs(cagr(down, 252) / (0.99 ** 252 - 1) - 1) < 1e-9);
});
