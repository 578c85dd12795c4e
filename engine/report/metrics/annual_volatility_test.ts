import assert from "node:assert/strict";
import { annualVolatility } from "./annual_volatility.ts";
import {
  EMPTY_RETURNS,
  f64,
  FLAT_LINE_1_TZ,
  MIXED_RETURNS,
  MONTHLY_RETURNS,
  ONE_RETURN,
  WEEKLY_RETURNS,
} from "./_empyrical_fixtures.ts";
import { assertAlmostEqual } from "./_testing.ts";

Deno.test("annualVolatility: empyrical test_annual_volatility", () => {
  // quantopian/empyrical empyrical/tests/test_stats.py, TestStats.test_annual_volatility
  assertAlmostEqual(annualVolatility(f64(FLAT_LINE_1_TZ), 252), 0.0);
  assertAlmostEqual(annualVolatility(f64(MIXED_RETURNS), 252), 0.9136465399704637);
  assertAlmostEqual(annualVolatility(f64(WEEKLY_RETURNS), 52), 0.38851569394870583);
  assertAlmostEqual(annualVolatility(f64(MONTHLY_RETURNS), 12), 0.18663690238892558);
});

Deno.test("annualVolatility: dropping mixed_returns' NaN changes nothing (nanstd)", () => {
  assertAlmostEqual(annualVolatility(f64(MIXED_RETURNS.slice(1)), 252), 0.9136465399704637);
});

Deno.test("annualVolatility: hand-worked ddof=1", () => {
  // r = [0.01, 0.03]: mean 0.02, Σ(r−mean)² = 2·0.0001, /(n−1) = 0.0002
  assertAlmostEqual(annualVolatility(Float64Array.of(0.01, 0.03), 12), Math.sqrt(0.0002 * 12), 15);
});

Deno.test("annualVolatility: fewer than two returns give NaN; constant gives 0", () => {
  assert.ok(Number.isNaN(annualVolatility(f64(EMPTY_RETURNS), 252)));
  assert.ok(Number.isNaN(annualVolatility(f64(ONE_RETURN), 252)));
  assert.ok(Number.isNaN(annualVolatility(Float64Array.of(0.01, NaN), 252)));
  assert.equal(annualVolatility(new Float64Array(1000).fill(0.0123), 252), 0);
  assert.ok(Number.isNaN(annualVolatility(Float64Array.of(0.01, 0.02), NaN)));
});

Deno.test("annualVolatility: one-pass sums match a two-pass reference, even after an outlier", () => {
  let s = 99;
  const next = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const r = new Float64Array(200_000);
  for (let i = 0; i < r.length; i++) r[i] = 0.0004 + (next() - 0.5) * 0.02;
  r[0] = 0.5; // a +50 % first bar, 50 standard deviations from the mean
  let mean = 0;
  for (const x of r) mean += x;
  mean /= r.length;
  let ss = 0;
  for (const x of r) ss += (x - mean) ** 2;
  const reference = Math.sqrt(ss / (r.length - 1)) * Math.sqrt(252);
  const got = annualVolatility(r, 252);
  assert.ok(Math.abs(got / reference - 1) < 1e-12, `${got} vs ${reference}`);
});
