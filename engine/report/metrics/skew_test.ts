import { skew } from "./skew.ts";
import {
  EMPTY_RETURNS,
  f64,
  MIXED_RETURNS,
  NEGATIVE_RETURNS,
  ONE_RETURN,
  POSITIVE_RETURNS,
} from "./_empyrical_fixtures.ts";
import { assertAlmostEqual } from "./_testing.ts";

/** Textbook biased skew over an array, NaN dropped. */
function naiveSkew(values: readonly number[]): number {
  const x = values.filter((v) => !Number.isNaN(v));
  const mean = x.reduce((a, b) => a + b, 0) / x.length;
  const m = (k: number) => x.reduce((a, v) => a + (v - mean) ** k, 0) / x.length;
  return m(3) / m(2) ** 1.5;
}

Deno.test("skew: positive_returns by hand is 7/√8", () => {
  // Eight 0.01 and one 0.02: deviations 8 × (−1/900), 1 × 8/900 → m2 = 8u², m3 = 56u³ (u = 1/900).
  assertAlmostEqual(skew(f64(POSITIVE_RETURNS)), 7 / Math.sqrt(8), 12);
});

Deno.test("skew: matches scipy.stats.skew and a textbook re-implementation", () => {
  // scipy 1.17.1 stats.skew(r) with default bias=True (mixed_returns with its NaN dropped)
  assertAlmostEqual(skew(f64(MIXED_RETURNS)), -0.3650572690177865, 12);
  assertAlmostEqual(skew(f64(POSITIVE_RETURNS)), 2.4748737341529177, 12);
  assertAlmostEqual(skew(f64(NEGATIVE_RETURNS)), 0.3629881612495645, 12);
  for (const r of [MIXED_RETURNS, POSITIVE_RETURNS, NEGATIVE_RETURNS]) {
    assertAlmostEqual(skew(f64(r)), naiveSkew(r), 12);
  }
});

Deno.test("skew: fewer than two values or a constant series is NaN", () => {
  assertAlmostEqual(skew(f64(EMPTY_RETURNS)), NaN);
  assertAlmostEqual(skew(f64(ONE_RETURN)), NaN);
  assertAlmostEqual(skew(Float64Array.of(0.01, 0.01, 0.01, 0.01, 0.01)), NaN);
  assertAlmostEqual(skew(new Float64Array(4)), NaN);
});
