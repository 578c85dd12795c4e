import { valueAtRisk } from "./value_at_risk.ts";
import { EMPTY_RETURNS, f64, MIXED_RETURNS, NEGATIVE_RETURNS, POSITIVE_RETURNS } from "./_empyrical_fixtures.ts";
import { assertAlmostEqual } from "./_testing.ts";

Deno.test("valueAtRisk: empyrical test_value_at_risk", () => {
  // quantopian/empyrical empyrical/tests/test_stats.py, TestStats.test_value_at_risk
  const two = Float64Array.of(1, 2);
  assertAlmostEqual(valueAtRisk(two, 0), 1);
  assertAlmostEqual(valueAtRisk(two, 0.3), 1.3);
  assertAlmostEqual(valueAtRisk(two, 1), 2);
  const six = Float64Array.of(1, 81, 82, 83, 84, 85);
  assertAlmostEqual(valueAtRisk(six, 0.1), 41);
  assertAlmostEqual(valueAtRisk(six, 0.2), 81);
  assertAlmostEqual(valueAtRisk(six, 0.3), 81.5);
});

Deno.test("valueAtRisk: the 5 % quantile of empyrical's fixtures by hand", () => {
  // mixed_returns, NaN dropped: h = 7·0.05 = 0.35 between −0.10 and −0.04.
  assertAlmostEqual(valueAtRisk(f64(MIXED_RETURNS)), -0.1 + 0.06 * 0.35, 12);
  assertAlmostEqual(valueAtRisk(f64(MIXED_RETURNS)), -0.079, 12); // numpy 2.4.6 np.percentile(r, 5)
  assertAlmostEqual(valueAtRisk(f64(POSITIVE_RETURNS)), 0.01, 12);
  // negative_returns: h = 8·0.05 = 0.4 between −0.09 and −0.08.
  assertAlmostEqual(valueAtRisk(f64(NEGATIVE_RETURNS)), -0.086, 12);
});

Deno.test("valueAtRisk: matches a straightforward sort-and-interpolate on unsorted input", () => {
  const r = Float64Array.of(0.03, -0.02, NaN, 0.005, -0.07, 0.01, -0.001, 0.04, -0.03, 0.02, 0.0);
  const s = [...r].filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  for (const cutoff of [0, 0.0499, 0.05, 0.2, 0.5, 0.999, 1]) {
    const h = (s.length - 1) * cutoff;
    const lo = Math.floor(h);
    const hi = Math.min(lo + 1, s.length - 1);
    assertAlmostEqual(valueAtRisk(r, cutoff), s[lo]! + (s[hi]! - s[lo]!) * (h - lo), 15, `cutoff ${cutoff}`);
  }
});

Deno.test("valueAtRisk: one value is its own VaR; none or a bad cutoff is NaN", () => {
  assertAlmostEqual(valueAtRisk(Float64Array.of(-0.02)), -0.02, 15);
  assertAlmostEqual(valueAtRisk(f64(EMPTY_RETURNS)), NaN);
  assertAlmostEqual(valueAtRisk(Float64Array.of(NaN, NaN)), NaN);
  assertAlmostEqual(valueAtRisk(Float64Array.of(0.01, 0.02), 1.5), NaN);
});
