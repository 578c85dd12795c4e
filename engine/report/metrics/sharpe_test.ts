import assert from "node:assert/strict";
import { sharpe } from "./sharpe.ts";
import { riskFreePerPeriod } from "./risk_free_per_period.ts";
import { simpleReturns } from "./simple_returns.ts";
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

Deno.test("sharpe: empyrical test_sharpe_ratio (risk_free = 0)", () => {
  // quantopian/empyrical empyrical/tests/test_stats.py, TestStats.test_sharpe_ratio
  assertAlmostEqual(sharpe(f64(EMPTY_RETURNS), 252), NaN);
  assertAlmostEqual(sharpe(f64(ONE_RETURN), 252), NaN);
  assertAlmostEqual(sharpe(f64(MIXED_RETURNS), 252), 1.7238613961706866);
  assertAlmostEqual(sharpe(f64(POSITIVE_RETURNS), 252), 52.915026221291804);
  assertAlmostEqual(sharpe(f64(NEGATIVE_RETURNS), 252), -24.406808633910085);
});

Deno.test("sharpe: empyrical (mixed_returns, mixed_returns) → NaN: zero excess series", () => {
  // returns − risk_free with risk_free = returns is [NaN, 0, 0, …]: zero volatility.
  const zero = f64(MIXED_RETURNS.map((r) => r - r));
  assertAlmostEqual(sharpe(zero, 252), NaN);
});

Deno.test("sharpe: dropping mixed_returns' NaN changes nothing (nanmean/nanstd)", () => {
  assertAlmostEqual(sharpe(f64(MIXED_RETURNS.slice(1)), 252), 1.7238613961706866);
});

Deno.test("sharpe: annual risk-free rate is converted per period", () => {
  // r = [0.011, −0.009]; with rf_p = 0.001 the excess mean is 0 → Sharpe 0.
  const annual = 1.001 ** 252 - 1;
  assertAlmostEqual(riskFreePerPeriod(annual, 252), 0.001, 15);
  assertAlmostEqual(sharpe(Float64Array.of(0.011, -0.009), 252, annual), 0, 12);
  // In general it equals the zero-rate Sharpe of r − rf_p.
  const r = f64(POSITIVE_RETURNS);
  const rfp = riskFreePerPeriod(0.05, 252);
  const shifted = r.map((x) => x - rfp);
  assertAlmostEqual(sharpe(r, 252, 0.05), sharpe(shifted, 252), 10);
  assert.ok(sharpe(r, 252, 0.05) < sharpe(r, 252));
});

Deno.test("sharpe: zero volatility follows empyrical: ±Infinity when the mean is not zero, NaN when it is", () => {
  // empyrical.stats.sharpe_ratio is np.divide(nanmean(r - rf), nanstd(r - rf, ddof=1)) · √ann:
  // numpy gives ±inf for x/0 and NaN for 0/0.
  assert.equal(sharpe(f64(FLAT_LINE_1), 252), Infinity);
  assert.equal(sharpe(Float64Array.of(-0.01, -0.01, -0.01), 252), -Infinity);
  assert.ok(Number.isNaN(sharpe(new Float64Array(10), 252))); // flat equity: mean 0
  // Equity compounding exactly 1 % a bar: returns carry ~1e-16 round-off, still zero volatility.
  const eq = new Float64Array(500);
  let e = 100;
  for (let i = 0; i < eq.length; i++) eq[i] = e *= 1.01;
  const r = simpleReturns(eq, 100);
  assert.equal(sharpe(r, 252), Infinity);
});

Deno.test("sharpe: invalid annualisation or rate gives NaN", () => {
  const r = f64(POSITIVE_RETURNS);
  assert.ok(Number.isNaN(sharpe(r, NaN)));
  assert.ok(Number.isNaN(sharpe(r, 0)));
  assert.ok(Number.isNaN(sharpe(r, 252, -1)));
});
