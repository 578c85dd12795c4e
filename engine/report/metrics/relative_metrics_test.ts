import assert from "node:assert/strict";
import { relativeMetrics } from "./relative_metrics.ts";
import {
  EMPTY_RETURNS,
  f64,
  FLAT_LINE_1,
  MIXED_RETURNS,
  NEGATIVE_RETURNS,
  ONE_RETURN,
  POSITIVE_RETURNS,
} from "./_empyrical_fixtures.ts";
import { assertAlmostEqual } from "./_testing.ts";

// quantopian/empyrical empyrical/tests/test_stats.py, class TestStats: `all_negative_returns`
const ALL_NEGATIVE_RETURNS = [-2, -6, -7, -1, -9, -2, -6, -8, -5].map((x) => x / 100);
const neg = (xs: readonly number[]) => xs.map((x) => -x);

Deno.test("relativeMetrics: empyrical test_alpha_beta and test_alpha", () => {
  // (mixed_returns, negative_returns[1:]) → (−0.9997853834885004, −0.71296296296296313): the benchmark's
  // first element is dropped by the label alignment, where mixed_returns is NaN anyway
  const m = relativeMetrics(f64(MIXED_RETURNS), f64(NEGATIVE_RETURNS), 252);
  assertAlmostEqual(m.alpha, -0.9997853834885004);
  assertAlmostEqual(m.beta, -0.71296296296296313);
  const same = relativeMetrics(f64(MIXED_RETURNS), f64(MIXED_RETURNS), 252);
  assertAlmostEqual(same.alpha, 0);
  assertAlmostEqual(same.beta, 1);
  const opposite = relativeMetrics(f64(MIXED_RETURNS), f64(neg(MIXED_RETURNS)), 252);
  assertAlmostEqual(opposite.alpha, 0);
  assertAlmostEqual(opposite.beta, -1);
  assertAlmostEqual(relativeMetrics(f64(MIXED_RETURNS), f64(FLAT_LINE_1), 252).alpha, NaN); // var(b) = 0
  assertAlmostEqual(relativeMetrics(f64(EMPTY_RETURNS), f64(EMPTY_RETURNS), 252).beta, NaN);
  const one = relativeMetrics(f64(ONE_RETURN), f64(ONE_RETURN), 252);
  assertAlmostEqual(one.alpha, NaN);
  assertAlmostEqual(one.beta, NaN);
});

Deno.test("relativeMetrics: information ratio is empyrical test_excess_sharpe × √periodsPerYear", () => {
  const zero = new Float64Array(9);
  assertAlmostEqual(relativeMetrics(f64(MIXED_RETURNS), zero, 1).informationRatio, 0.10859306069076737);
  assertAlmostEqual(relativeMetrics(f64(MIXED_RETURNS), f64(FLAT_LINE_1), 1).informationRatio, -0.06515583641446039);
  assertAlmostEqual(
    relativeMetrics(f64(MIXED_RETURNS), zero, 252).informationRatio,
    0.10859306069076737 * Math.sqrt(252),
  );
  assertAlmostEqual(relativeMetrics(f64(ONE_RETURN), zero, 252).informationRatio, NaN);
  assertAlmostEqual(relativeMetrics(f64(EMPTY_RETURNS), f64(EMPTY_RETURNS), 252).informationRatio, NaN);
  // pos_line against itself: zero tracking error and zero mean
  const line = f64(POSITIVE_RETURNS);
  assertAlmostEqual(relativeMetrics(line, line, 252).informationRatio, NaN);
});

Deno.test("relativeMetrics: empyrical test_up_capture and test_down_capture", () => {
  const up = (r: readonly number[], b: readonly number[]) => relativeMetrics(f64(r), f64(b), 252).upCapture;
  const down = (r: readonly number[], b: readonly number[]) => relativeMetrics(f64(r), f64(b), 252).downCapture;
  assertAlmostEqual(up(EMPTY_RETURNS, EMPTY_RETURNS), NaN);
  assertAlmostEqual(up(ONE_RETURN, ONE_RETURN), 1);
  assertAlmostEqual(up(MIXED_RETURNS, MIXED_RETURNS), 1);
  assertAlmostEqual(up(POSITIVE_RETURNS, MIXED_RETURNS), 0.0076167762);
  assertAlmostEqual(up(ALL_NEGATIVE_RETURNS, MIXED_RETURNS), -0.0004336328);
  assertAlmostEqual(down(EMPTY_RETURNS, EMPTY_RETURNS), NaN);
  assertAlmostEqual(down(ONE_RETURN, ONE_RETURN), NaN);
  assertAlmostEqual(down(MIXED_RETURNS, MIXED_RETURNS), 1);
  assertAlmostEqual(down(ALL_NEGATIVE_RETURNS, MIXED_RETURNS), 0.99956025703798634);
  assertAlmostEqual(down(POSITIVE_RETURNS, MIXED_RETURNS), -11.27400221);
});

Deno.test("relativeMetrics: a hand-worked four-period example", () => {
  // r = [0.02, −0.01, 0.03, 0.00], b = [0.01, −0.02, 0.02, 0.01]
  // mean r = 0.01, mean b = 0.005; b − mean b = [0.005, −0.025, 0.015, 0.005]
  // Σ (b − mean b)·r = 0.0001 + 0.00025 + 0.00045 + 0 = 0.0008; Σ (b − mean b)² = 0.0009 → beta = 8/9
  // r − mean r = [0.01, −0.02, 0.02, −0.01]: Σ² = 0.001; Σ (b − mean b)(r − mean r) = 0.0008
  // correlation = 0.0008 / √(0.0009 · 0.001) = 0.8432740427115678
  // d = r − b = [0.01, 0.01, 0.01, −0.01]: mean 0.005, Σ (d − 0.005)² = 3·0.000025 + 0.000225 = 0.0003
  // sample std = √(0.0001) = 0.01 → tracking error 0.01·√252, information ratio 0.5·√252
  // alpha per period = 0.01 − 8/9 · 0.005 = 0.0055555…; annualised (1.0055555…)^252 − 1
  // up periods (b > 0): r = [0.02, 0.03, 0.00], b = [0.01, 0.02, 0.01] over 3 periods
  // down periods (b < 0): r = [−0.01], b = [−0.02]
  // excess = 1.02·0.99·1.03·1 − 1.01·0.98·1.02·1.01 = 1.040094 − 1.01969196 = 0.02040204
  const r = Float64Array.of(0.02, -0.01, 0.03, 0), b = Float64Array.of(0.01, -0.02, 0.02, 0.01);
  const m = relativeMetrics(r, b, 252);
  assertAlmostEqual(m.beta, 8 / 9, 12);
  assertAlmostEqual(m.correlation, 0.8432740427115678, 12);
  assertAlmostEqual(m.trackingError, 0.01 * Math.sqrt(252), 12);
  assertAlmostEqual(m.informationRatio, 0.5 * Math.sqrt(252), 10);
  assertAlmostEqual(m.alpha, (1 + 0.01 - (8 / 9) * 0.005) ** 252 - 1, 10);
  const ann = (p: number, k: number) => p ** (252 / k) - 1;
  assertAlmostEqual(m.upCapture, ann(1.02 * 1.03, 3) / ann(1.01 * 1.02 * 1.01, 3), 10);
  assertAlmostEqual(m.downCapture, ann(0.99, 1) / ann(0.98, 1), 10);
  assertAlmostEqual(m.excessReturn, 0.02040204, 12);
  assert.equal(m.periods, 4);
});

Deno.test("relativeMetrics: the risk-free rate moves alpha only", () => {
  const r = Float64Array.of(0.02, -0.01, 0.03, 0), b = Float64Array.of(0.01, -0.02, 0.02, 0.01);
  const rf = 0.0001;
  const m = relativeMetrics(r, b, 252, rf);
  assertAlmostEqual(m.beta, 8 / 9, 12);
  assertAlmostEqual(m.alpha, (1 + (0.01 - rf) - (8 / 9) * (0.005 - rf)) ** 252 - 1, 10);
});

Deno.test("relativeMetrics: periods where either side is NaN are left out", () => {
  const r = Float64Array.of(NaN, 0.02, -0.01, 0.03, 0, 0.5);
  const b = Float64Array.of(0.3, 0.01, -0.02, 0.02, 0.01, NaN);
  const m = relativeMetrics(r, b, 252);
  assert.equal(m.periods, 4);
  assertAlmostEqual(m.beta, 8 / 9, 12);
  assertAlmostEqual(m.excessReturn, 0.02040204, 12);
  // no annualisation factor: annualised figures are NaN, the others stay
  const noPpy = relativeMetrics(r, b, NaN);
  assertAlmostEqual(noPpy.alpha, NaN);
  assertAlmostEqual(noPpy.trackingError, NaN);
  assertAlmostEqual(noPpy.beta, 8 / 9, 12);
});
