import assert from "node:assert/strict";
import { cagrCalendar } from "./cagr_calendar.ts";
import { DAILY_INDEX_MS } from "./_empyrical_fixtures.ts";
import { assertAlmostEqual, DAY_MS } from "./_testing.ts";

const YEAR = 365.25 * DAY_MS;

Deno.test("cagrCalendar: whole and fractional years", () => {
  assertAlmostEqual(cagrCalendar(100, 110, 0, YEAR), 0.1, 14); // 1.1^1 − 1
  assertAlmostEqual(cagrCalendar(100, 121, 0, 2 * YEAR), 0.1, 14); // 1.21^(1/2) − 1
  assertAlmostEqual(cagrCalendar(100, 105, 0, YEAR / 2), 0.1025, 14); // 1.05^2 − 1
});

Deno.test("cagrCalendar: empyrical's 9-day daily index spans 8 calendar days", () => {
  // pd.date_range('2000-1-30', periods=9, freq='D'): first → last is 8 days,
  // so growth g annualises as g^(365.25/8).
  const start = DAILY_INDEX_MS[0]!;
  const end = DAILY_INDEX_MS[8]!;
  assert.equal(end - start, 8 * DAY_MS);
  const g = 1.0389310917;
  assertAlmostEqual(cagrCalendar(1, g, start, end), g ** (365.25 / 8) - 1, 10);
});

Deno.test("cagrCalendar: wiped-out equity gives −1", () => {
  assert.equal(cagrCalendar(100, 0, 0, YEAR), -1);
  assert.equal(cagrCalendar(100, -5, 0, YEAR), -1);
});

Deno.test("cagrCalendar: no elapsed time or bad inputs give NaN", () => {
  assert.ok(Number.isNaN(cagrCalendar(100, 110, 7, 7))); // single bar
  assert.ok(Number.isNaN(cagrCalendar(100, 110, 10, 5))); // reversed
  assert.ok(Number.isNaN(cagrCalendar(100, 110, NaN, 5)));
  assert.ok(Number.isNaN(cagrCalendar(0, 110, 0, YEAR)));
  assert.ok(Number.isNaN(cagrCalendar(-1, 110, 0, YEAR)));
  assert.ok(Number.isNaN(cagrCalendar(100, NaN, 0, YEAR)));
});
