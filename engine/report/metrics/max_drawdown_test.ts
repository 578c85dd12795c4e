import assert from "node:assert/strict";
import { maxDrawdown } from "./max_drawdown.ts";
import { drawdownSeries } from "./drawdown_series.ts";
import {
  EMPTY_RETURNS,
  MIXED_RETURNS,
  NEGATIVE_RETURNS,
  ONE_RETURN,
  POSITIVE_RETURNS,
  SIMPLE_BENCHMARK,
} from "./_empyrical_fixtures.ts";
import { assertAlmostEqual, DAY_MS, equityFromReturns, evenTimestamps } from "./_testing.ts";

const dd = (returns: readonly number[]) => maxDrawdown(equityFromReturns(returns, 100), 100).value;

Deno.test("maxDrawdown: empyrical test_max_drawdown", () => {
  // quantopian/empyrical empyrical/tests/test_stats.py, TestStats.test_max_drawdown.
  // Equity is 100·Π(1+r) with 100 as initial capital (NaN return = flat).
  // That empyrical version does not prepend the starting value as a peak; it
  // makes no difference here because none of these vectors starts with a loss.
  assertAlmostEqual(dd(EMPTY_RETURNS), NaN);
  assertAlmostEqual(dd(ONE_RETURN), 0.0);
  assertAlmostEqual(dd(SIMPLE_BENCHMARK), 0.0);
  assertAlmostEqual(dd(MIXED_RETURNS), -0.1);
  assertAlmostEqual(dd(POSITIVE_RETURNS), -0.0);
  assertAlmostEqual(dd(NEGATIVE_RETURNS), -0.36590730349873601);
  assertAlmostEqual(dd([0.1, -0.1, 0.1]), -0.10);
});

Deno.test("maxDrawdown: timing on mixed_returns (peak bar 7, trough bar 8, not recovered)", () => {
  // equity: 100, 101, 111.1, 106.656, 108.789, 112.053, 114.294, 115.437, 103.893
  const equity = equityFromReturns(MIXED_RETURNS, 100);
  const ts = evenTimestamps("2000-01-30", 9, DAY_MS);
  const r = maxDrawdown(equity, 100, ts);
  assertAlmostEqual(r.value, -0.1);
  assert.equal(r.peakIndex, 7);
  assert.equal(r.troughIndex, 8);
  assert.equal(r.durationBars, 1);
  assert.equal(r.durationMs, DAY_MS);
  assert.equal(r.peakTimeMs, Date.UTC(2000, 1, 6));
  assert.ok(Number.isNaN(r.recoveryIndex));
  assert.ok(Number.isNaN(r.timeToRecoverBars));
  assert.ok(Number.isNaN(r.timeToRecoverMs));
});

Deno.test("maxDrawdown: hand-worked, two drawdowns, the later one deeper", () => {
  // initial 100 → 90 (−10 % from the initial capital), back to 100 at bar 2
  // (recovered), 80 at bar 3 (−20 % from the bar-2 peak), 120 at bar 4.
  const ts = evenTimestamps("2024-01-01", 5, DAY_MS);
  const r = maxDrawdown(Float64Array.of(90, 95, 100, 80, 120), 100, ts);
  assertAlmostEqual(r.value, -0.2, 15);
  assert.equal(r.peakIndex, 2);
  assert.equal(r.troughIndex, 3);
  assert.equal(r.recoveryIndex, 4);
  assert.equal(r.durationBars, 1);
  assert.equal(r.timeToRecoverBars, 1);
  assert.equal(r.timeToRecoverMs, DAY_MS);
  assert.equal(r.recoveryTimeMs, ts[4]);
});

Deno.test("maxDrawdown: the initial capital is the first peak (index −1, time tsMs[0])", () => {
  const ts = evenTimestamps("2024-01-01", 3, DAY_MS);
  const r = maxDrawdown(Float64Array.of(90, 95, 100), 100, ts);
  assertAlmostEqual(r.value, -0.1, 15);
  assert.equal(r.peakIndex, -1);
  assert.equal(r.peakTimeMs, ts[0]);
  assert.equal(r.troughIndex, 0);
  assert.equal(r.durationBars, 1);
  assert.equal(r.durationMs, 0); // peak and trough both stamped tsMs[0]
  assert.equal(r.recoveryIndex, 2); // 100 ≥ 100
  assert.equal(r.timeToRecoverBars, 2);
  // Without `initial`, bar 0 is the first peak and nothing declines from it.
  const noInit = maxDrawdown(Float64Array.of(90, 95, 100));
  assert.equal(noInit.value, 0);
  assert.equal(noInit.peakIndex, 0);
});

Deno.test("maxDrawdown: no decline is a zero drawdown at the start, already recovered", () => {
  const ts = evenTimestamps("2024-01-01", 3, DAY_MS);
  const r = maxDrawdown(Float64Array.of(100, 101, 102), 100, ts);
  assert.equal(r.value, 0);
  assert.ok(Object.is(r.value, 0)); // +0, not −0
  assert.equal(r.peakIndex, -1);
  assert.equal(r.troughIndex, -1);
  assert.equal(r.recoveryIndex, -1);
  assert.equal(r.durationBars, 0);
  assert.equal(r.durationMs, 0);
  assert.equal(r.timeToRecoverBars, 0);
  assert.equal(r.timeToRecoverMs, 0);
});

Deno.test("maxDrawdown: equity that goes to zero is −1 and never recovers", () => {
  const r = maxDrawdown(Float64Array.of(120, 60, 0, 0, 0), 100);
  assert.equal(r.value, -1);
  assert.equal(r.peakIndex, 0);
  assert.equal(r.troughIndex, 2); // first bar at the minimum
  assert.ok(Number.isNaN(r.recoveryIndex));
  assert.ok(Number.isNaN(r.troughTimeMs)); // no timestamps given
});

Deno.test("maxDrawdown: deeper trough in the same episode moves the trough only", () => {
  const r = maxDrawdown(Float64Array.of(100, 90, 95, 85, 99, 100), 100);
  assert.equal(r.peakIndex, 0);
  assert.equal(r.troughIndex, 3);
  assertAlmostEqual(r.value, -0.15, 15);
  assert.equal(r.recoveryIndex, 5);
});

Deno.test("maxDrawdown: equal troughs keep the first", () => {
  const r = maxDrawdown(Float64Array.of(100, 80, 100, 80), 100);
  assert.equal(r.troughIndex, 1);
  assert.equal(r.recoveryIndex, 2);
});

Deno.test("maxDrawdown: NaN equity is skipped", () => {
  const r = maxDrawdown(Float64Array.of(100, NaN, 80, NaN, 110), 100);
  assertAlmostEqual(r.value, -0.2, 15);
  assert.equal(r.troughIndex, 2);
  assert.equal(r.recoveryIndex, 4);
});

Deno.test("maxDrawdown: empty, all-NaN or bad initial give NaN everywhere", () => {
  for (
    const r of [
      maxDrawdown(new Float64Array(0)),
      maxDrawdown(new Float64Array(0), 100),
      maxDrawdown(Float64Array.of(NaN, NaN), 100),
      maxDrawdown(Float64Array.of(100, 90), 0),
      maxDrawdown(Float64Array.of(100, 90), NaN),
    ]
  ) {
    for (const v of Object.values(r)) assert.ok(Number.isNaN(v));
  }
});

Deno.test("maxDrawdown: single bar", () => {
  const ts = Float64Array.of(Date.UTC(2024, 0, 2));
  const down = maxDrawdown(Float64Array.of(95), 100, ts);
  assertAlmostEqual(down.value, -0.05, 15);
  assert.equal(down.durationMs, 0);
  assert.ok(Number.isNaN(down.timeToRecoverMs));
  assert.equal(maxDrawdown(Float64Array.of(95)).value, 0);
});

Deno.test("maxDrawdown: value equals the minimum of drawdownSeries on a random walk", () => {
  let s = 12345;
  const next = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const equity = new Float64Array(10_000);
  let e = 1000;
  for (let i = 0; i < equity.length; i++) equity[i] = e *= 1 + (next() - 0.5) * 0.04;
  const series = drawdownSeries(equity, 1000);
  let min = 0;
  let at = -1;
  for (let i = 0; i < series.length; i++) {
    if (series[i]! < min) {
      min = series[i]!;
      at = i;
    }
  }
  const r = maxDrawdown(equity, 1000);
  assert.equal(r.value, min);
  assert.equal(r.troughIndex, at);
  // The peak is the last bar at or above the peak value before the trough.
  const peakValue = r.peakIndex < 0 ? 1000 : equity[r.peakIndex]!;
  for (let i = r.peakIndex + 1; i < r.troughIndex; i++) assert.ok(equity[i]! < peakValue);
  if (!Number.isNaN(r.recoveryIndex)) {
    assert.ok(equity[r.recoveryIndex]! >= peakValue);
    for (let i = r.troughIndex + 1; i < r.recoveryIndex; i++) assert.ok(equity[i]! < peakValue);
  }
});
