import { kurtosis } from "./kurtosis.ts";
import {
  EMPTY_RETURNS,
  f64,
  MIXED_RETURNS,
  NEGATIVE_RETURNS,
  ONE_RETURN,
  POSITIVE_RETURNS,
} from "./_empyrical_fixtures.ts";
import { assertAlmostEqual } from "./_testing.ts";

/** Textbook biased excess kurtosis over an array, NaN dropped. */
function naiveKurtosis(values: readonly number[]): number {
  const x = values.filter((v) => !Number.isNaN(v));
  const mean = x.reduce((a, b) => a + b, 0) / x.length;
  const m = (k: number) => x.reduce((a, v) => a + (v - mean) ** k, 0) / x.length;
  return m(4) / m(2) ** 2 - 3;
}

Deno.test("kurtosis: positive_returns by hand is 456/64 − 3", () => {
  // Eight 0.01 and one 0.02: deviations 8 × (−u), 1 × 8u (u = 1/900) → m2 = 8u², m4 = 456u⁴.
  assertAlmostEqual(kurtosis(f64(POSITIVE_RETURNS)), 456 / 64 - 3, 12);
});

Deno.test("kurtosis: matches scipy.stats.kurtosis and a textbook re-implementation", () => {
  // scipy 1.17.1 stats.kurtosis(r) with defaults fisher=True, bias=True (mixed_returns NaN dropped)
  assertAlmostEqual(kurtosis(f64(MIXED_RETURNS)), 0.11953473165699213, 12);
  assertAlmostEqual(kurtosis(f64(POSITIVE_RETURNS)), 4.125000000000006, 12);
  assertAlmostEqual(kurtosis(f64(NEGATIVE_RETURNS)), -1.2505056756430377, 12);
  for (const r of [MIXED_RETURNS, POSITIVE_RETURNS, NEGATIVE_RETURNS]) {
    assertAlmostEqual(kurtosis(f64(r)), naiveKurtosis(r), 12);
  }
});

Deno.test("kurtosis: fewer than two values or a constant series is NaN", () => {
  assertAlmostEqual(kurtosis(f64(EMPTY_RETURNS)), NaN);
  assertAlmostEqual(kurtosis(f64(ONE_RETURN)), NaN);
  assertAlmostEqual(kurtosis(Float64Array.of(-0.02, -0.02, -0.02)), NaN);
});
