import assert from "node:assert/strict";
import { exposureAdjustedReturn } from "./exposure_adjusted_return.ts";
import { computeMetrics } from "./compute_metrics.ts";
import { assertAlmostEqual, DAY_MS } from "./_testing.ts";

Deno.test("exposureAdjustedReturn: CAGR over exposure, NaN out of the market", () => {
  assert.equal(exposureAdjustedReturn(0.1, 0.5), 0.2);
  assert.equal(exposureAdjustedReturn(-0.1, 1), -0.1);
  assert.ok(Number.isNaN(exposureAdjustedReturn(0.1, 0)));
  assert.ok(Number.isNaN(exposureAdjustedReturn(NaN, 0.5)));
  assert.ok(Number.isNaN(exposureAdjustedReturn(0.1, NaN)));
});

Deno.test("computeMetrics: exposureAdjustedReturn of a hand-worked run", () => {
  // 4 daily bars, 100 → 121 (+21 %); in the market on 2 of 4 bars
  // CAGR = 1.21^(252/4) − 1; exposure 0.5 → twice the CAGR
  const m = computeMetrics({
    equity: Float64Array.of(100, 110, 121, 121),
    tsMs: Float64Array.of(0, DAY_MS, 2 * DAY_MS, 3 * DAY_MS),
    initial: 100,
    position: Float64Array.of(0, 1, 1, 0),
  });
  assertAlmostEqual(m.exposureAdjustedReturn / (2 * (1.21 ** (252 / 4) - 1)), 1, 12);
  assert.equal(m.exposureAdjustedReturn, m.cagr / 0.5);
});
