import assert from "node:assert/strict";
import { drawdownSeries } from "./drawdown_series.ts";
import { NEGATIVE_RETURNS } from "./_empyrical_fixtures.ts";
import { assertAlmostEqual, equityFromReturns } from "./_testing.ts";

Deno.test("drawdownSeries: hand-worked with initial capital", () => {
  // peaks: 100 (initial), 100, 120, 120, 130 → 90/100−1, 100/100−1, 0, 60/120−1, 0
  const d = drawdownSeries(Float64Array.of(90, 100, 120, 60, 130), 100);
  assert.deepEqual([...d], [90 / 100 - 1, 0, 0, -0.5, 0]);
});

Deno.test("drawdownSeries: without initial the first bar is the first peak", () => {
  assert.deepEqual([...drawdownSeries(Float64Array.of(90, 45))], [0, -0.5]);
});

Deno.test("drawdownSeries: empyrical negative_returns equals cumulative loss", () => {
  // Every return ≤ 0 and the first is 0, so the drawdown is the cumulative return
  // (quantopian/empyrical test_cum_returns(negative_returns, 0), 4 decimals).
  const cum = [0.0, -0.06, -0.1258, -0.13454, -0.21243, -0.22818, -0.27449, -0.33253, -0.36590];
  const d = drawdownSeries(equityFromReturns(NEGATIVE_RETURNS, 1), 1);
  for (let i = 0; i < cum.length; i++) assertAlmostEqual(d[i]!, cum[i]!, 4);
});

Deno.test("drawdownSeries: zero equity, NaN equity, non-positive peaks", () => {
  const d = drawdownSeries(Float64Array.of(50, 0, NaN, 0), 100);
  assert.equal(d[0], -0.5);
  assert.equal(d[1], -1);
  assert.ok(Number.isNaN(d[2]!));
  assert.equal(d[3], -1);
  const neg = drawdownSeries(Float64Array.of(-5, -10, 5, 4));
  assert.ok(Number.isNaN(neg[0]!) && Number.isNaN(neg[1]!));
  assert.equal(neg[2], 0);
  assertAlmostEqual(neg[3]!, -0.2, 15);
});

Deno.test("drawdownSeries: empty, bad initial, and `out` reuse", () => {
  assert.equal(drawdownSeries(new Float64Array(0), 100).length, 0);
  const bad = drawdownSeries(Float64Array.of(1, 2), -1);
  assert.ok(bad.every(Number.isNaN));
  const out = new Float64Array(4);
  const v = drawdownSeries(Float64Array.of(100, 50), 100, out);
  assert.equal(v.buffer, out.buffer);
  assert.equal(v.length, 2);
  assert.equal(out[1], -0.5);
});
