import assert from "node:assert/strict";
import { inferPeriodsPerYear, PERIODS_PER_YEAR } from "./infer_periods_per_year.ts";
import { DAILY_INDEX_MS, MONTHLY_INDEX_MS, WEEKLY_INDEX_MS } from "./_empyrical_fixtures.ts";
import { DAY_MS, evenTimestamps } from "./_testing.ts";

Deno.test("inferPeriodsPerYear: empyrical's D / W / M indices", () => {
  // Indices of quantopian/empyrical empyrical/tests/test_stats.py fixtures,
  // which empyrical annualises as DAILY (252), WEEKLY (52), MONTHLY (12).
  assert.equal(inferPeriodsPerYear(DAILY_INDEX_MS), 252);
  assert.equal(inferPeriodsPerYear(WEEKLY_INDEX_MS), 52);
  assert.equal(inferPeriodsPerYear(MONTHLY_INDEX_MS), 12);
});

Deno.test("inferPeriodsPerYear: business days with weekends and a holiday", () => {
  const ts: number[] = [];
  for (let d = 0; d < 60; d++) {
    const t = Date.UTC(2024, 0, 1 + d);
    const wd = new Date(t).getUTCDay();
    if (wd === 0 || wd === 6 || d === 14) continue; // weekend, MLK day
    ts.push(t);
  }
  assert.equal(inferPeriodsPerYear(Float64Array.from(ts)), 252);
});

Deno.test("inferPeriodsPerYear: quarterly and yearly", () => {
  const q = Float64Array.from({ length: 8 }, (_, i) => Date.UTC(2020, 3 * i + 3, 0));
  assert.equal(inferPeriodsPerYear(q), 4);
  const y = Float64Array.from({ length: 5 }, (_, i) => Date.UTC(2020 + i, 11, 31));
  assert.equal(inferPeriodsPerYear(y), 1);
  assert.equal(PERIODS_PER_YEAR.quarterly, 4);
});

Deno.test("inferPeriodsPerYear: intraday bars give NaN (explicit config required)", () => {
  assert.ok(Number.isNaN(inferPeriodsPerYear(evenTimestamps("2024-01-02T14:30Z", 100, 60_000))));
  assert.ok(Number.isNaN(inferPeriodsPerYear(evenTimestamps("2024-01-02T00:00Z", 100, 3_600_000))));
});

Deno.test("inferPeriodsPerYear: unknown spacing, too few or bad timestamps give NaN", () => {
  assert.ok(Number.isNaN(inferPeriodsPerYear(evenTimestamps("2024-01-01", 10, 14 * DAY_MS))));
  assert.ok(Number.isNaN(inferPeriodsPerYear(new Float64Array(0))));
  assert.ok(Number.isNaN(inferPeriodsPerYear(Float64Array.of(0))));
  assert.ok(Number.isNaN(inferPeriodsPerYear(Float64Array.of(5, 5, 5)))); // zero spacing
  assert.ok(Number.isNaN(inferPeriodsPerYear(Float64Array.of(NaN, NaN))));
});

Deno.test("inferPeriodsPerYear: lower median decides between two bands", () => {
  // spacings 1 day and 7 days: lower median is 1 day → daily
  assert.equal(inferPeriodsPerYear(Float64Array.of(0, DAY_MS, 8 * DAY_MS)), 252);
  // spacings 7, 7, 1: median 7 days → weekly
  assert.equal(inferPeriodsPerYear(Float64Array.of(0, 7 * DAY_MS, 14 * DAY_MS, 15 * DAY_MS)), 52);
  // NaN spacings are ignored
  assert.equal(inferPeriodsPerYear(Float64Array.of(0, NaN, 7 * DAY_MS, 14 * DAY_MS, 21 * DAY_MS)), 52);
});
