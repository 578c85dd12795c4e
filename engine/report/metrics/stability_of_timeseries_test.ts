import { stabilityOfTimeseries } from "./stability_of_timeseries.ts";
import {
  EMPTY_RETURNS,
  f64,
  FLAT_LINE_1_TZ,
  MIXED_RETURNS,
  NEGATIVE_RETURNS,
  ONE_RETURN,
  POSITIVE_RETURNS,
} from "./_empyrical_fixtures.ts";
import { assertAlmostEqual } from "./_testing.ts";

/** R² = 1 − SS_res / SS_tot of the least-squares line through (t, Σ log(1 + r)), NaN dropped. */
function rSquaredByResiduals(returns: readonly number[]): number {
  const y: number[] = [];
  let acc = 0;
  for (const r of returns) if (!Number.isNaN(r)) y.push(acc += Math.log(1 + r));
  const n = y.length;
  const xs = y.map((_, i) => i);
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  const slope = xs.reduce((a, x, i) => a + (x - mx) * (y[i]! - my), 0) /
    xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  const ssRes = y.reduce((a, v, i) => a + (v - (my + slope * (i - mx))) ** 2, 0);
  const ssTot = y.reduce((a, v) => a + (v - my) ** 2, 0);
  return 1 - ssRes / ssTot;
}

Deno.test("stabilityOfTimeseries: empyrical test_stability_of_timeseries", () => {
  // quantopian/empyrical empyrical/tests/test_stats.py, TestStats.test_stability_of_timeseries
  assertAlmostEqual(stabilityOfTimeseries(f64(EMPTY_RETURNS)), NaN);
  assertAlmostEqual(stabilityOfTimeseries(f64(ONE_RETURN)), NaN);
  assertAlmostEqual(stabilityOfTimeseries(f64(MIXED_RETURNS)), 0.1529973665111273, 12);
  assertAlmostEqual(stabilityOfTimeseries(f64(FLAT_LINE_1_TZ)), 1, 12);
});

Deno.test("stabilityOfTimeseries: matches 1 − SS_res/SS_tot of a fitted line", () => {
  for (const r of [MIXED_RETURNS, POSITIVE_RETURNS, NEGATIVE_RETURNS]) {
    assertAlmostEqual(stabilityOfTimeseries(f64(r)), rSquaredByResiduals(r), 12);
  }
  // numpy 2.4.6 / scipy 1.17.1: linregress(arange(9), log1p(r).cumsum()).rvalue ** 2
  assertAlmostEqual(stabilityOfTimeseries(f64(POSITIVE_RETURNS)), 0.9911324543162683, 12);
  assertAlmostEqual(stabilityOfTimeseries(f64(NEGATIVE_RETURNS)), 0.9884074238254217, 12);
});

Deno.test("stabilityOfTimeseries: three points by hand", () => {
  // r = [e − 1, e − 1, e² − 1] → y = [1, 2, 4]: Sxx = 2, Syy = 14/3, Sxy = 3 → R² = 9 / (28/3) = 27/28.
  const e = Math.E;
  assertAlmostEqual(stabilityOfTimeseries(Float64Array.of(e - 1, e - 1, e * e - 1)), 27 / 28, 12);
});

Deno.test("stabilityOfTimeseries: a flat curve or one non-NaN return is NaN", () => {
  assertAlmostEqual(stabilityOfTimeseries(new Float64Array(5)), NaN);
  assertAlmostEqual(stabilityOfTimeseries(Float64Array.of(NaN, 0.01)), NaN);
});
