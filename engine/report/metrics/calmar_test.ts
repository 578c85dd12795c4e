import assert from "node:assert/strict";
import { calmar, calmarRatio } from "./calmar.ts";
import { cagr } from "./cagr.ts";
import { maxDrawdown } from "./max_drawdown.ts";
import {
  EMPTY_RETURNS,
  f64,
  MIXED_RETURNS,
  MONTHLY_RETURNS,
  ONE_RETURN,
  POSITIVE_RETURNS,
  WEEKLY_RETURNS,
} from "./_empyrical_fixtures.ts";
import { assertAlmostEqual, equityFromReturns } from "./_testing.ts";

Deno.test("calmar: empyrical test_calmar", () => {
  // quantopian/empyrical empyrical/tests/test_stats.py, TestStats.test_calmar
  assertAlmostEqual(calmar(f64(EMPTY_RETURNS), 252), NaN);
  assertAlmostEqual(calmar(f64(ONE_RETURN), 252), NaN);
  assertAlmostEqual(calmar(f64(MIXED_RETURNS), 252), 19.135925373194233);
  assertAlmostEqual(calmar(f64(WEEKLY_RETURNS), 52), 2.4690830513998208);
  assertAlmostEqual(calmar(f64(MONTHLY_RETURNS), 12), 0.52242061386048144);
});

Deno.test("calmarRatio: equals calmar built from cagr and maxDrawdown", () => {
  const r = f64(MIXED_RETURNS);
  const mdd = maxDrawdown(equityFromReturns(MIXED_RETURNS, 1), 1).value;
  assertAlmostEqual(calmarRatio(cagr(r, 252), mdd), calmar(r, 252), 12);
});

Deno.test("calmar: zero drawdown gives NaN", () => {
  assert.ok(Number.isNaN(calmar(f64(POSITIVE_RETURNS), 252)));
  assert.ok(Number.isNaN(calmarRatio(0.1, 0)));
  assert.ok(Number.isNaN(calmarRatio(0.1, -0)));
  assert.ok(Number.isNaN(calmarRatio(0.1, NaN)));
  assert.ok(Number.isNaN(calmarRatio(NaN, -0.1)));
  assert.ok(Number.isNaN(calmarRatio(Infinity, -0.1))); // empyrical: inf → NaN
});

Deno.test("calmar: a first-bar loss counts (starting capital is the first peak)", () => {
  // wealth 0.9, 0.99: drawdown −10 % from the start; CAGR 0.99^(252/2) − 1
  const expected = (0.99 ** 126 - 1) / 0.1;
  assertAlmostEqual(calmar(Float64Array.of(-0.1, 0.1), 252), expected, 12);
});

Deno.test("calmar: wipe-out is CAGR −1 over drawdown −1", () => {
  assert.equal(calmar(Float64Array.of(0.1, -1, NaN), 252), -1);
  assert.equal(calmarRatio(-1, -1), -1);
});

Deno.test("calmar: invalid periodsPerYear gives NaN", () => {
  assert.ok(Number.isNaN(calmar(f64(MIXED_RETURNS), NaN)));
});
