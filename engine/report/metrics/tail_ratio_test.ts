import { tailRatio } from "./tail_ratio.ts";
import {
  EMPTY_RETURNS,
  f64,
  MIXED_RETURNS,
  NEGATIVE_RETURNS,
  ONE_RETURN,
  POSITIVE_RETURNS,
} from "./_empyrical_fixtures.ts";
import { assertAlmostEqual } from "./_testing.ts";

Deno.test("tailRatio: empyrical test_tail_ratio", () => {
  // quantopian/empyrical empyrical/tests/test_stats.py, TestStats.test_tail_ratio, compared
  // there to 1 decimal: its mixed_returns figure 0.947… is loose (numpy gives 0.9557, below).
  assertAlmostEqual(tailRatio(f64(EMPTY_RETURNS)), NaN);
  assertAlmostEqual(tailRatio(f64(ONE_RETURN)), 1);
  assertAlmostEqual(tailRatio(f64(MIXED_RETURNS)), 0.9473684210526313, 1);
});

Deno.test("tailRatio: mixed_returns by hand with numpy's linear percentiles", () => {
  // Sorted non-NaN: [−0.10, −0.04, 0.01, 0.01, 0.02, 0.02, 0.03, 0.10], n − 1 = 7.
  // P5: h = 0.35 → −0.10 + 0.06·0.35 = −0.079; P95: h = 6.65 → 0.03 + 0.07·0.65 = 0.0755.
  assertAlmostEqual(tailRatio(f64(MIXED_RETURNS)), 0.0755 / 0.079, 12);
  // numpy 2.4.6: np.abs(np.percentile(r, 95)) / np.abs(np.percentile(r, 5))
  assertAlmostEqual(tailRatio(f64(MIXED_RETURNS)), 0.9556962025316452, 12);
});

Deno.test("tailRatio: both tails in absolute value, as empyrical", () => {
  // positive_returns: sorted [0.01 × 8, 0.02]; P95 h = 7.6 → 0.01 + 0.01·0.6 = 0.016; P5 = 0.01.
  assertAlmostEqual(tailRatio(f64(POSITIVE_RETURNS)), 1.6, 12);
  // negative_returns: sorted [−0.09, −0.08, −0.07, −0.06, −0.06, −0.05, −0.02, −0.01, 0];
  // P95 h = 7.6 → −0.004, P5 h = 0.4 → −0.086.
  assertAlmostEqual(tailRatio(f64(NEGATIVE_RETURNS)), 0.004 / 0.086, 12);
});

Deno.test("tailRatio: zero left tail divides as numpy", () => {
  assertAlmostEqual(tailRatio(Float64Array.of(0, 0, 0, 0.01)), Infinity);
  assertAlmostEqual(tailRatio(new Float64Array(3)), NaN);
});
