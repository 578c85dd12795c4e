import assert from "node:assert/strict";
import { sortino } from "./sortino.ts";
import {
  DF_ONE,
  DF_TWO,
  EMPTY_RETURNS,
  f64,
  MIXED_RETURNS,
  MONTHLY_RETURNS,
  NEGATIVE_RETURNS,
  ONE_RETURN,
  POSITIVE_RETURNS,
  SIMPLE_BENCHMARK,
  WEEKLY_RETURNS,
} from "./_empyrical_fixtures.ts";
import { assertAlmostEqual } from "./_testing.ts";

// quantopian/empyrical empyrical/tests/test_stats.py, TestStats.test_sortino.
//
// Weekly/monthly cases: in that version (commit 0a9fa58) `sortino_ratio` calls
// `downside_risk(returns, required_return)` without `period`, so the downside
// deviation is always annualised with √252 while the mean uses 52 or 12; its
// expected values embed that. empyrical's maintained successor fixed it
// (passes `period`) and updated the expectations: stefan-jansen/empyrical-reloaded
// tests/test_stats.py (commit 31173cf1), TestStats.test_sortino. We follow the
// fixed formula and check both: the new values directly, the old ones after
// undoing the mismatch (× √periodsPerYear / √252).
const OLD_EMPYRICAL = (ppy: number) => Math.sqrt(ppy) / Math.sqrt(252);

Deno.test("sortino: empyrical test_sortino, daily series cases", () => {
  assertAlmostEqual(sortino(f64(EMPTY_RETURNS), 252), NaN);
  assertAlmostEqual(sortino(f64(ONE_RETURN), 252), NaN);
  assertAlmostEqual(sortino(f64(MIXED_RETURNS), 252), 2.605531251673693);
  assertAlmostEqual(sortino(f64(POSITIVE_RETURNS), 252), Infinity);
  assertAlmostEqual(sortino(f64(NEGATIVE_RETURNS), 252), -13.532743075043401);
  assertAlmostEqual(sortino(f64(SIMPLE_BENCHMARK), 252), Infinity);
});

Deno.test("sortino: weekly / monthly (empyrical-reloaded values; old empyrical after rescaling)", () => {
  // empyrical-reloaded test_sortino
  assertAlmostEqual(sortino(f64(WEEKLY_RETURNS), 52), 1.1158901056866439);
  assertAlmostEqual(sortino(f64(MONTHLY_RETURNS), 12), 0.53605626741889756);
  // quantopian/empyrical 0a9fa58 test_sortino
  assertAlmostEqual(sortino(f64(WEEKLY_RETURNS), 52) * OLD_EMPYRICAL(52), 0.50690062680370862);
  assertAlmostEqual(sortino(f64(MONTHLY_RETURNS), 12) * OLD_EMPYRICAL(12), 0.11697706772393276);
});

Deno.test("sortino: empyrical (mixed_returns, flat_line_1) via the annual equivalent of 1 %/day", () => {
  // empyrical subtracts flat_line_1 (0.01 per period); 1.01^252 − 1 converts back to 0.01.
  assertAlmostEqual(sortino(f64(MIXED_RETURNS), 252, 1.01 ** 252 - 1), -1.3934779588919977);
});

Deno.test("sortino: empyrical (mixed_returns, mixed_returns) → NaN: all excess returns 0", () => {
  assertAlmostEqual(sortino(f64(MIXED_RETURNS.map((r) => r - r)), 252), NaN);
});

Deno.test("sortino: empyrical test_sortino, df_simple / df_week / df_month", () => {
  assertAlmostEqual(sortino(f64(DF_ONE), 252), 3.0639640966566306);
  assertAlmostEqual(sortino(f64(DF_TWO), 252), 38.090963117002495);
  // empyrical-reloaded test_sortino
  assertAlmostEqual(sortino(f64(DF_ONE), 52), 1.3918264112070571);
  assertAlmostEqual(sortino(f64(DF_TWO), 52), 17.303077589064618);
  assertAlmostEqual(sortino(f64(DF_ONE), 12), 0.6686117809312383);
  assertAlmostEqual(sortino(f64(DF_TWO), 12), 8.3121296084492844);
  // quantopian/empyrical 0a9fa58 test_sortino (downside annualised with √252)
  assertAlmostEqual(sortino(f64(DF_ONE), 52) * OLD_EMPYRICAL(52), 0.63224655962755871);
  assertAlmostEqual(sortino(f64(DF_TWO), 52) * OLD_EMPYRICAL(52), 7.8600400082703556);
  assertAlmostEqual(sortino(f64(DF_ONE), 12) * OLD_EMPYRICAL(12), 0.14590305222174432);
  assertAlmostEqual(sortino(f64(DF_TWO), 12) * OLD_EMPYRICAL(12), 1.8138553865239282);
});

Deno.test("sortino: dropping mixed_returns' NaN changes nothing", () => {
  assertAlmostEqual(sortino(f64(MIXED_RETURNS.slice(1)), 252), 2.605531251673693);
});

Deno.test("sortino: invalid inputs give NaN", () => {
  assert.ok(Number.isNaN(sortino(Float64Array.of(0.01, NaN), 252))); // one valid return
  assert.ok(Number.isNaN(sortino(f64(MIXED_RETURNS), NaN)));
  assert.ok(Number.isNaN(sortino(f64(MIXED_RETURNS), 252, -1)));
});
