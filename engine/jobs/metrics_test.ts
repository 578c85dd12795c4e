import assert from "node:assert/strict";
import { computeMetrics } from "../report/metrics/compute_metrics.ts";
import { SUMMARY_METRICS } from "../optimize/objective.ts";
import { BACKTEST_METRICS, GRID_METRICS, metricsOf, WALKFORWARD_METRICS, walkForwardValues } from "./metrics.ts";

Deno.test("BACKTEST_METRICS is every metric computeMetrics returns but the annualisation factor, indexes and timestamps", () => {
  const m = computeMetrics({
    equity: Float64Array.of(100, 101, 99),
    tsMs: Float64Array.of(0, 86_400_000, 172_800_000),
    initial: 100,
  });
  const expected = Object.keys(m).filter((k) =>
    k !== "periodsPerYear" && !k.endsWith("Index") && !k.endsWith("TimeMs")
  );
  assert.deepEqual([...BACKTEST_METRICS], expected);
});

Deno.test("metric names are camelCase and unique within each kind", () => {
  for (const kind of ["backtest", "grid", "walkforward"] as const) {
    const names = metricsOf(kind);
    assert.equal(new Set(names).size, names.length, kind);
    for (const n of names) assert.match(n, /^[a-z][a-zA-Z]*$/, `${kind}: ${n}`);
  }
  assert.deepEqual(GRID_METRICS.slice(3), [...SUMMARY_METRICS]);
  assert.deepEqual(WALKFORWARD_METRICS, [
    "oosTotalReturn",
    "oosCagr",
    "oosSharpe",
    "oosSortino",
    "oosCalmar",
    "oosMaxDrawdown",
    "oosAnnualVolatility",
    "oosWinRate",
    "oosProfitFactor",
    "oosExpectancy",
    "oosNumTrades",
    "efficiency",
    "testedWindows",
    "failedTrainRuns",
  ]);
});

Deno.test("walkForwardValues() takes the stitched metrics and counts windows tested without error", () => {
  const stitched = computeMetrics({
    equity: Float64Array.of(100, 102, 101),
    tsMs: Float64Array.of(0, 86_400_000, 172_800_000),
    initial: 100,
  });
  const v = walkForwardValues({
    stitched,
    efficiency: 0.5,
    failedTrainRuns: 2,
    windows: [{ outOfSample: { error: null } }, { outOfSample: { error: "boom" } }, { outOfSample: null }],
  });
  assert.deepEqual(
    [v.oosSharpe, v.oosTotalReturn, v.oosMaxDrawdown, v.efficiency, v.testedWindows, v.failedTrainRuns],
    [stitched.sharpe, 101 / 100 - 1, 101 / 102 - 1, 0.5, 1, 2],
  );
});
