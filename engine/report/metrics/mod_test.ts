import assert from "node:assert/strict";
import * as metrics from "./mod.ts";

Deno.test("mod: re-exports every kernel", () => {
  const names = [
    "annualVolatility",
    "cagr",
    "cagrCalendar",
    "calendarExtremes",
    "calmar",
    "calmarRatio",
    "conditionalValueAtRisk",
    "computeMetrics",
    "downsideDeviation",
    "drawdownSeries",
    "drawdownTable",
    "exposure",
    "exposureAdjustedReturn",
    "inferPeriodsPerYear",
    "kurtosis",
    "maxDrawdown",
    "omegaRatio",
    "relativeMetrics",
    "riskFreePerPeriod",
    "sharpe",
    "simpleReturns",
    "skew",
    "sortino",
    "stabilityOfTimeseries",
    "tailRatio",
    "tradeStats",
    "turnover",
    "valueAtRisk",
  ];
  for (const name of names) {
    assert.equal(typeof (metrics as Record<string, unknown>)[name], "function", name);
  }
  assert.equal(metrics.PERIODS_PER_YEAR.daily, 252);
  assert.deepEqual(Object.keys(metrics).sort(), [...names, "PERIODS_PER_YEAR"].sort());
});
