import assert from "node:assert/strict";
import { calendarExtremes } from "./calendar_extremes.ts";
import { calendarReturns } from "../period_returns.ts";
import { assertAlmostEqual, DAY_MS } from "./_testing.ts";

Deno.test("calendarExtremes: daily bars across two years, by hand", () => {
  // initial 100; 2023-12-29: 104, 2023-12-30: 101.92 (−2 %), 2024-01-02: 112.112 (+10 %), 2024-02-01: 100.9008 (−10 %)
  const ts = Float64Array.of(
    Date.UTC(2023, 11, 29),
    Date.UTC(2023, 11, 30),
    Date.UTC(2024, 0, 2),
    Date.UTC(2024, 1, 1),
  );
  const eq = Float64Array.of(104, 101.92, 112.112, 100.9008);
  const x = calendarExtremes(ts, eq, 100);
  assertAlmostEqual(x.bestDay, 0.1, 12);
  assertAlmostEqual(x.worstDay, -0.1, 12);
  // months: Dec 2023 100 → 101.92 (+1.92 %), Jan 2024 → 112.112 (+10 %), Feb → 100.9008 (−10 %)
  assertAlmostEqual(x.bestMonth, 0.1, 12);
  assertAlmostEqual(x.worstMonth, -0.1, 12);
  // years: 2023 +1.92 %, 2024 101.92 → 100.9008 = −1 %
  assertAlmostEqual(x.bestYear, 0.0192, 12);
  assertAlmostEqual(x.worstYear, -0.01, 12);
});

Deno.test("calendarExtremes: intraday bars compound within the UTC day", () => {
  const h = 3_600_000;
  // day 1: 100 → 102 → 96.9 (−5 % then… the day: 100 → 96.9 = −3.1 %); day 2: 96.9 → 99.807 (+3 %)
  const ts = Float64Array.of(10 * h, 11 * h, DAY_MS + 10 * h);
  const x = calendarExtremes(ts, Float64Array.of(102, 96.9, 99.807), 100);
  assertAlmostEqual(x.worstDay, -0.031, 12);
  assertAlmostEqual(x.bestDay, 0.03, 12);
});

Deno.test("calendarExtremes: months and years agree with calendarReturns", () => {
  // a deterministic wiggly curve over ~3 years of daily bars
  const n = 1100;
  const ts = Float64Array.from({ length: n }, (_, i) => Date.UTC(2021, 0, 1) + i * DAY_MS);
  const eq = Float64Array.from({ length: n }, (_, i) => 1000 * (1 + 0.3 * Math.sin(i / 37)) * (1 + i / 2000));
  const x = calendarExtremes(ts, eq, 1000);
  const c = calendarReturns(ts, eq, 1000);
  const ext = (
    ps: readonly { return: number }[],
  ) => [Math.max(...ps.map((p) => p.return)), Math.min(...ps.map((p) => p.return))];
  assert.deepEqual([x.bestMonth, x.worstMonth], ext(c.monthly));
  assert.deepEqual([x.bestYear, x.worstYear], ext(c.yearly));
  // one bar a day: the best day is the best bar return
  let best = -Infinity, worst = Infinity, prev = 1000;
  for (const e of eq) {
    best = Math.max(best, e / prev - 1);
    worst = Math.min(worst, e / prev - 1);
    prev = e;
  }
  assert.deepEqual([x.bestDay, x.worstDay], [best, worst]);
});

Deno.test("calendarExtremes: no bars or no usable start gives NaN", () => {
  const none = calendarExtremes(new Float64Array(0), new Float64Array(0), 100);
  assert.ok(Object.values(none).every(Number.isNaN));
  const bad = calendarExtremes(Float64Array.of(0), Float64Array.of(10), 0);
  assert.ok(Number.isNaN(bad.bestDay) && Number.isNaN(bad.worstYear));
});
