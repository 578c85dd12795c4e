import { conditionalValueAtRisk } from "./conditional_value_at_risk.ts";
import { valueAtRisk } from "./value_at_risk.ts";
import { EMPTY_RETURNS, f64, MIXED_RETURNS, NEGATIVE_RETURNS, POSITIVE_RETURNS } from "./_empyrical_fixtures.ts";
import { assertAlmostEqual } from "./_testing.ts";

Deno.test("conditionalValueAtRisk: one value is its own CVaR at any cutoff (empyrical test)", () => {
  // quantopian/empyrical empyrical/tests/test_stats.py, TestStats.test_conditional_value_at_risk
  assertAlmostEqual(conditionalValueAtRisk(Float64Array.of(-0.013), 0), -0.013, 15);
  assertAlmostEqual(conditionalValueAtRisk(Float64Array.of(-0.013), 1), -0.013, 15);
});

Deno.test("conditionalValueAtRisk: equals the mean of returns at or below VaR (empyrical test's check)", () => {
  // The same check as empyrical's test, on 21 distinct returns instead of its seeded normal draw.
  const r = Float64Array.of(
    0.012,
    -0.031,
    0.004,
    0.027,
    -0.008,
    -0.045,
    0.019,
    0.001,
    -0.017,
    0.033,
    -0.002,
    0.008,
    -0.026,
    0.015,
    -0.011,
    0.041,
    -0.005,
    0.022,
    -0.038,
    0.006,
    -0.014,
  );
  for (const cutoff of [0, 0.0499, 0.05, 0.2, 0.999, 1]) {
    const v = valueAtRisk(r, cutoff);
    const below = [...r].filter((x) => x <= v);
    const expected = below.reduce((a, b) => a + b, 0) / below.length;
    assertAlmostEqual(conditionalValueAtRisk(r, cutoff), expected, 15, `cutoff ${cutoff}`);
  }
});

Deno.test("conditionalValueAtRisk: empyrical's fixtures by hand", () => {
  // mixed_returns, NaN dropped: n = 8, k = ⌊7·0.05⌋ = 0 → the worst return.
  assertAlmostEqual(conditionalValueAtRisk(f64(MIXED_RETURNS)), -0.1, 15);
  // cutoff 0.25: k = ⌊1.75⌋ = 1 → mean(−0.10, −0.04).
  assertAlmostEqual(conditionalValueAtRisk(f64(MIXED_RETURNS), 0.25), -0.07, 15);
  assertAlmostEqual(conditionalValueAtRisk(f64(POSITIVE_RETURNS)), 0.01, 15);
  assertAlmostEqual(conditionalValueAtRisk(f64(NEGATIVE_RETURNS)), -0.09, 15);
  // cutoff 1: the mean of all nine negative_returns, −0.44 / 9.
  assertAlmostEqual(conditionalValueAtRisk(f64(NEGATIVE_RETURNS), 1), -0.44 / 9, 15);
});

Deno.test("conditionalValueAtRisk: no value or a bad cutoff is NaN", () => {
  assertAlmostEqual(conditionalValueAtRisk(f64(EMPTY_RETURNS)), NaN);
  assertAlmostEqual(conditionalValueAtRisk(Float64Array.of(NaN)), NaN);
  assertAlmostEqual(conditionalValueAtRisk(Float64Array.of(0.01, 0.02), -0.1), NaN);
});
