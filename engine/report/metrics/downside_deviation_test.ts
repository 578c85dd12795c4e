import assert from "node:assert/strict";
import { downsideDeviation } from "./downside_deviation.ts";
import {
  DF_ONE,
  DF_TWO,
  EMPTY_RETURNS,
  f64,
  MIXED_RETURNS,
  MONTHLY_RETURNS,
  ONE_RETURN,
  WEEKLY_RETURNS,
} from "./_empyrical_fixtures.ts";
import { assertAlmostEqual } from "./_testing.ts";

// quantopian/empyrical empyrical/tests/test_stats.py, TestStats.test_downside_risk.
// empyrical's required_return is per period; the annual rate passed here is
// its compounded equivalent (1 + req)^periodsPerYear − 1, which converts back
// to req (to ~1e-16) through riskFreePerPeriod.
const annual = (perPeriod: number, ppy: number) => (1 + perPeriod) ** ppy - 1;

Deno.test("downsideDeviation: empyrical test_downside_risk, series cases", () => {
  assertAlmostEqual(downsideDeviation(f64(EMPTY_RETURNS), 252), NaN);
  assertAlmostEqual(downsideDeviation(f64(ONE_RETURN), 252), 0.0);
  assertAlmostEqual(downsideDeviation(f64(MIXED_RETURNS), 252), 0.60448325038829653);
  assertAlmostEqual(downsideDeviation(f64(MIXED_RETURNS), 252, annual(0.1, 252)), 1.7161730681956295);
  assertAlmostEqual(downsideDeviation(f64(WEEKLY_RETURNS), 52), 0.25888650451930134);
  assertAlmostEqual(downsideDeviation(f64(WEEKLY_RETURNS), 52, annual(0.1, 52)), 0.7733045971672482);
  assertAlmostEqual(downsideDeviation(f64(MONTHLY_RETURNS), 12), 0.1243650540411842);
  assertAlmostEqual(downsideDeviation(f64(MONTHLY_RETURNS), 12, annual(0.1, 12)), 0.37148351242013422);
});

Deno.test("downsideDeviation: empyrical test_downside_risk, (mixed, mixed) → 0", () => {
  const zero = f64(MIXED_RETURNS.map((r) => r - r)); // [NaN, 0, …]
  assertAlmostEqual(downsideDeviation(zero, 252), 0.0);
});

Deno.test("downsideDeviation: empyrical test_downside_risk, df_simple / df_week / df_month", () => {
  assertAlmostEqual(downsideDeviation(f64(DF_ONE), 252), 0.20671788246185202);
  assertAlmostEqual(downsideDeviation(f64(DF_TWO), 252), 0.083495680595704475);
  assertAlmostEqual(downsideDeviation(f64(DF_ONE), 52), 0.093902996054410062);
  assertAlmostEqual(downsideDeviation(f64(DF_TWO), 52), 0.037928477556776516);
  assertAlmostEqual(downsideDeviation(f64(DF_ONE), 12), 0.045109540184877193);
  assertAlmostEqual(downsideDeviation(f64(DF_TWO), 12), 0.018220251263412916);
});

Deno.test("downsideDeviation: mean over all periods, not just losing ones", () => {
  // [−0.02, 0, 0, 0]: √(0.0004 / 4) = 0.01 per period, not 0.02
  assertAlmostEqual(downsideDeviation(Float64Array.of(-0.02, 0, 0, 0), 1), 0.01, 15);
});

Deno.test("downsideDeviation: invalid inputs give NaN", () => {
  assert.ok(Number.isNaN(downsideDeviation(Float64Array.of(NaN, NaN), 252)));
  assert.ok(Number.isNaN(downsideDeviation(Float64Array.of(0.01), NaN)));
  assert.ok(Number.isNaN(downsideDeviation(Float64Array.of(0.01), 252, -1)));
});
