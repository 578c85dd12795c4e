import { omegaRatio } from "./omega_ratio.ts";
import {
  EMPTY_RETURNS,
  f64,
  MIXED_RETURNS,
  NEGATIVE_RETURNS,
  ONE_RETURN,
  POSITIVE_RETURNS,
} from "./_empyrical_fixtures.ts";
import { assertAlmostEqual } from "./_testing.ts";

Deno.test("omegaRatio: empyrical test_omega", () => {
  // quantopian/empyrical empyrical/tests/test_stats.py, TestStats.test_omega
  // (returns, risk_free, required_return) → expected; risk_free = flat_line_1 is 0.01 every period.
  assertAlmostEqual(omegaRatio(f64(EMPTY_RETURNS)), NaN);
  assertAlmostEqual(omegaRatio(f64(ONE_RETURN)), NaN);
  assertAlmostEqual(omegaRatio(f64(MIXED_RETURNS), 10), 0.83354263497557934);
  assertAlmostEqual(omegaRatio(f64(MIXED_RETURNS), -10), NaN);
  assertAlmostEqual(omegaRatio(f64(MIXED_RETURNS), 0, 252, 0.01), 0.8125);
  assertAlmostEqual(omegaRatio(f64(POSITIVE_RETURNS), 0, 252, 0.01), NaN);
  assertAlmostEqual(omegaRatio(f64(POSITIVE_RETURNS), 0, 252, 0.011), 1.125);
  assertAlmostEqual(omegaRatio(f64(POSITIVE_RETURNS), 0, 252, 0.02), 0);
  assertAlmostEqual(omegaRatio(f64(NEGATIVE_RETURNS), 0, 252, 0.01), 0);
});

Deno.test("omegaRatio: mixed_returns by hand, gains 0.19 over losses 0.14", () => {
  // Non-NaN mixed_returns: gains 0.01 + 0.10 + 0.02 + 0.03 + 0.02 + 0.01, losses 0.04 + 0.10.
  assertAlmostEqual(omegaRatio(f64(MIXED_RETURNS)), 19 / 14, 12);
  // Per-period risk-free 0.01 by hand: r − 0.01 = [0, 0.09, −0.05, 0.01, 0.02, 0.01, 0, −0.11].
  assertAlmostEqual(omegaRatio(f64(MIXED_RETURNS), 0, 252, 0.01), 0.13 / 0.16, 12);
});

Deno.test("omegaRatio: annual required return becomes a per-period threshold", () => {
  const r = Float64Array.of(0.011, -0.009, 0.003);
  // (1 + τ)^252 = 1.001^252 → τ = 0.001: gains 0.01 + 0.002, loss 0.01.
  assertAlmostEqual(omegaRatio(r, 1.001 ** 252 - 1), 0.012 / 0.01, 12);
  // annualization 1: the required return is used as is.
  assertAlmostEqual(omegaRatio(r, 0.001, 1), 0.012 / 0.01, 15);
  assertAlmostEqual(omegaRatio(r, 0, NaN), NaN);
});

Deno.test("omegaRatio: NaN returns are skipped, fewer than two left is NaN", () => {
  assertAlmostEqual(omegaRatio(Float64Array.of(NaN, 0.02, NaN, -0.01)), 2, 15);
  assertAlmostEqual(omegaRatio(Float64Array.of(NaN, -0.01)), NaN);
});
