import assert from "node:assert/strict";
import { computeMetrics, type Metrics } from "./compute_metrics.ts";
import { annualVolatility } from "./annual_volatility.ts";
import { cagr } from "./cagr.ts";
import { cagrCalendar } from "./cagr_calendar.ts";
import { calendarExtremes } from "./calendar_extremes.ts";
import { conditionalValueAtRisk } from "./conditional_value_at_risk.ts";
import { downsideDeviation } from "./downside_deviation.ts";
import { kurtosis } from "./kurtosis.ts";
import { maxDrawdown } from "./max_drawdown.ts";
import { omegaRatio } from "./omega_ratio.ts";
import { riskFreePerPeriod } from "./risk_free_per_period.ts";
import { sharpe } from "./sharpe.ts";
import { simpleReturns } from "./simple_returns.ts";
import { skew } from "./skew.ts";
import { sortino } from "./sortino.ts";
import { stabilityOfTimeseries } from "./stability_of_timeseries.ts";
import { tailRatio } from "./tail_ratio.ts";
import { tradeStats } from "./trade_stats.ts";
import { valueAtRisk } from "./value_at_risk.ts";
import { MONTHLY_INDEX_MS, MONTHLY_RETURNS, WEEKLY_INDEX_MS, WEEKLY_RETURNS } from "./_empyrical_fixtures.ts";
import { assertAlmostEqual, DAY_MS, equityFromReturns, evenTimestamps } from "./_testing.ts";

const KEYS = [
  "periodsPerYear",
  "bars",
  "startValue",
  "endValue",
  "totalReturn",
  "cagr",
  "cagrCalendar",
  "annualVolatility",
  "sharpe",
  "sortino",
  "downsideDeviation",
  "maxDrawdown",
  "maxDrawdownPeakIndex",
  "maxDrawdownPeakTimeMs",
  "maxDrawdownTroughIndex",
  "maxDrawdownTroughTimeMs",
  "maxDrawdownDurationBars",
  "maxDrawdownDurationMs",
  "timeToRecoverBars",
  "timeToRecoverMs",
  "calmar",
  "exposure",
  "turnover",
  "exposureAdjustedReturn",
  "bestDay",
  "worstDay",
  "bestMonth",
  "worstMonth",
  "bestYear",
  "worstYear",
  "omegaRatio",
  "tailRatio",
  "valueAtRisk",
  "conditionalValueAtRisk",
  "stability",
  "skew",
  "kurtosis",
  // then every trade statistic (trade_stats.ts, tested there)
  ...Object.keys(tradeStats([])),
];

function walk(n: number, seed: number): Float64Array {
  let s = seed;
  const next = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const eq = new Float64Array(n);
  let e = 10_000;
  for (let i = 0; i < n; i++) eq[i] = e *= 1 + (next() - 0.49) * 0.03;
  return eq;
}

Deno.test("computeMetrics: documented keys, all numbers", () => {
  const m = computeMetrics({
    equity: Float64Array.of(101),
    tsMs: Float64Array.of(0),
    initial: 100,
  });
  assert.deepEqual(Object.keys(m).sort(), [...KEYS].sort());
  for (const [k, v] of Object.entries(m)) assert.equal(typeof v, "number", k);
});

Deno.test("computeMetrics: agrees with the individual kernels", () => {
  const equity = walk(600, 7);
  const tsMs = evenTimestamps("2020-01-01", equity.length, DAY_MS);
  const trades = [
    { pnl: 120, fees: 2, entryTimeMs: tsMs[3]!, exitTimeMs: tsMs[9]!, qty: 5, entryPrice: 100, initialRisk: 60 },
    { pnl: -40, fees: 2, entryTimeMs: tsMs[20]!, exitTimeMs: tsMs[22]!, qty: 5, entryPrice: 101 },
  ];
  const position = new Float64Array(equity.length).fill(0).fill(1, 3, 9);
  const m = computeMetrics({
    equity,
    tsMs,
    initial: 10_000,
    riskFree: 0.03,
    trades,
    position,
    tradedNotional: 50_000,
  });
  const r = simpleReturns(equity, 10_000);
  assert.equal(r.length, equity.length);
  const dd = maxDrawdown(equity, 10_000, tsMs);
  assert.equal(m.periodsPerYear, 252);
  assert.equal(m.bars, 600);
  assert.equal(m.cagr, cagr(r, 252));
  assert.equal(m.annualVolatility, annualVolatility(r, 252));
  assert.equal(m.sharpe, sharpe(r, 252, 0.03));
  assert.equal(m.sortino, sortino(r, 252, 0.03));
  assert.equal(m.downsideDeviation, downsideDeviation(r, 252, 0.03));
  assert.equal(m.omegaRatio, omegaRatio(r, 0, 252, riskFreePerPeriod(0.03, 252)));
  assert.equal(m.tailRatio, tailRatio(r));
  assert.equal(m.valueAtRisk, valueAtRisk(r, 0.05));
  assert.equal(m.conditionalValueAtRisk, conditionalValueAtRisk(r, 0.05));
  assert.equal(m.stability, stabilityOfTimeseries(r));
  assert.equal(m.skew, skew(r));
  assert.equal(m.kurtosis, kurtosis(r));
  for (const k of ["omegaRatio", "tailRatio", "valueAtRisk", "stability", "skew", "kurtosis"] as const) {
    assert.ok(Number.isFinite(m[k]), k);
  }
  assert.equal(m.maxDrawdown, dd.value);
  assert.equal(m.maxDrawdownDurationMs, dd.durationMs);
  assert.equal(m.timeToRecoverMs, dd.timeToRecoverMs);
  assert.equal(m.calmar, m.cagr / Math.abs(dd.value));
  assert.equal(m.endValue, equity[599]);
  assertAlmostEqual(m.totalReturn, equity[599]! / 10_000 - 1, 14);
  // cagr from returns equals the compounded total return, annualised
  assertAlmostEqual(m.cagr, (1 + m.totalReturn) ** (252 / 600) - 1, 10);
  assert.equal(m.cagrCalendar, cagrCalendar(10_000, equity[599]!, tsMs[0]!, tsMs[599]!));
  assert.equal(m.exposure, 6 / 600);
  assert.equal(m.exposureAdjustedReturn, m.cagr / (6 / 600));
  const x = calendarExtremes(tsMs, equity, 10_000);
  for (const k of Object.keys(x) as (keyof typeof x)[]) assert.equal(m[k], x[k], k);
  // one bar a day: the best and worst day are the best and worst period return
  assert.equal(m.bestDay, Math.max(...r));
  assert.equal(m.worstDay, Math.min(...r));
  assertAlmostEqual(m.turnover, 50_000 / (equity.reduce((a, b) => a + b, 0) / 600), 10);
  const ts = tradeStats(trades);
  for (const k of Object.keys(ts) as (keyof typeof ts)[]) assert.ok(Object.is(m[k], ts[k]), k);
});

Deno.test("computeMetrics: empyrical weekly_returns / monthly_returns as equity curves", () => {
  // quantopian/empyrical empyrical/tests/test_stats.py: test_annual_ret,
  // test_annual_volatility, test_downside_risk, test_calmar; Sortino from
  // stefan-jansen/empyrical-reloaded tests/test_stats.py test_sortino.
  // periodsPerYear is inferred from empyrical's own W / M date indices.
  const cases: [readonly number[], Float64Array, Partial<Metrics>][] = [
    [WEEKLY_RETURNS, WEEKLY_INDEX_MS, {
      periodsPerYear: 52,
      cagr: 0.24690830513998208,
      annualVolatility: 0.38851569394870583,
      downsideDeviation: 0.25888650451930134,
      sortino: 1.1158901056866439,
      calmar: 2.4690830513998208,
    }],
    [MONTHLY_RETURNS, MONTHLY_INDEX_MS, {
      periodsPerYear: 12,
      cagr: 0.052242061386048144,
      annualVolatility: 0.18663690238892558,
      downsideDeviation: 0.1243650540411842,
      sortino: 0.53605626741889756,
      calmar: 0.52242061386048144,
    }],
  ];
  for (const [returns, tsMs, expected] of cases) {
    const m = computeMetrics({ equity: equityFromReturns(returns, 100), tsMs, initial: 100 });
    for (const [k, v] of Object.entries(expected)) {
      assertAlmostEqual(m[k as keyof Metrics], v, 8, k);
    }
    assertAlmostEqual(m.maxDrawdown, -0.1, 12); // last bar −10 % from the peak
  }
});

Deno.test("computeMetrics: no bars", () => {
  const m = computeMetrics({ equity: new Float64Array(0), tsMs: new Float64Array(0), initial: 100 });
  assert.equal(m.bars, 0);
  assert.equal(m.startValue, 100);
  assert.equal(m.numTrades, 0);
  assert.equal(m.totalFees, 0);
  for (
    const k of [
      "periodsPerYear",
      "endValue",
      "totalReturn",
      "cagr",
      "cagrCalendar",
      "annualVolatility",
      "sharpe",
      "sortino",
      "downsideDeviation",
      "maxDrawdown",
      "timeToRecoverMs",
      "calmar",
      "exposure",
      "turnover",
      "omegaRatio",
      "tailRatio",
      "valueAtRisk",
      "conditionalValueAtRisk",
      "stability",
      "skew",
      "kurtosis",
      "winRate",
      "expectancy",
      "profitFactor",
    ] as const
  ) assert.ok(Number.isNaN(m[k]), k);
});

Deno.test("computeMetrics: a single bar (one return)", () => {
  const m = computeMetrics({
    equity: Float64Array.of(101),
    tsMs: Float64Array.of(Date.UTC(2024, 0, 2)),
    initial: 100,
    periodsPerYear: 252,
  });
  assertAlmostEqual(m.totalReturn, 0.01, 14);
  assertAlmostEqual(m.cagr, 11.274002099240244, 8); // empyrical test_cagr(one_return)
  assert.ok(Number.isNaN(m.cagrCalendar)); // no elapsed time
  assert.ok(Number.isNaN(m.annualVolatility));
  assert.ok(Number.isNaN(m.sharpe));
  assert.ok(Number.isNaN(m.sortino));
  assert.equal(m.downsideDeviation, 0);
  assert.equal(m.maxDrawdown, 0);
  assert.ok(Number.isNaN(m.calmar)); // zero drawdown
  // inferred periodsPerYear needs ≥ 2 timestamps
  const inferred = computeMetrics({ equity: Float64Array.of(101), tsMs: Float64Array.of(0), initial: 100 });
  assert.ok(Number.isNaN(inferred.periodsPerYear));
  assert.ok(Number.isNaN(inferred.cagr));
});

Deno.test("computeMetrics: equity that goes to zero", () => {
  const tsMs = evenTimestamps("2024-01-01", 5, DAY_MS);
  const m = computeMetrics({ equity: Float64Array.of(110, 50, 0, 0, 0), tsMs, initial: 100 });
  assert.equal(m.totalReturn, -1);
  assert.equal(m.cagr, -1);
  assert.equal(m.cagrCalendar, -1);
  assert.equal(m.maxDrawdown, -1);
  assert.equal(m.maxDrawdownPeakIndex, 0);
  assert.equal(m.maxDrawdownTroughIndex, 2);
  assert.ok(Number.isNaN(m.timeToRecoverMs));
  assert.equal(m.calmar, -1);
  // returns after ruin are NaN (0/0) and skipped: stats use [0.1, −0.545…, −1]
  const r = Float64Array.of(0.1, 50 / 110 - 1, -1);
  assertAlmostEqual(m.sharpe, sharpe(r, 252), 12);
  assertAlmostEqual(m.sortino, sortino(r, 252), 12);
  assert.ok(Number.isFinite(m.sharpe) && Number.isFinite(m.sortino));
});

Deno.test("computeMetrics: flat equity (zero volatility)", () => {
  const tsMs = evenTimestamps("2024-01-01", 30, DAY_MS);
  const m = computeMetrics({ equity: new Float64Array(30).fill(100), tsMs, initial: 100 });
  assert.equal(m.cagr, 0);
  assert.equal(m.annualVolatility, 0);
  assert.ok(Number.isNaN(m.sharpe));
  assert.ok(Number.isNaN(m.sortino)); // mean 0 over downside 0
  assert.equal(m.maxDrawdown, 0);
  assert.equal(m.timeToRecoverMs, 0);
  assert.ok(Number.isNaN(m.calmar));
});

Deno.test("computeMetrics: intraday bars need an explicit periodsPerYear", () => {
  const equity = walk(390, 3);
  const tsMs = evenTimestamps("2024-01-02T14:30Z", 390, 60_000);
  const m = computeMetrics({ equity, tsMs, initial: 10_000 });
  assert.ok(Number.isNaN(m.periodsPerYear));
  for (const k of ["cagr", "annualVolatility", "sharpe", "sortino", "calmar"] as const) {
    assert.ok(Number.isNaN(m[k]), k);
  }
  // non-annualised metrics are unaffected
  assert.ok(Number.isFinite(m.maxDrawdown) && Number.isFinite(m.totalReturn));
  assert.ok(Number.isFinite(m.cagrCalendar));
  const explicit = computeMetrics({ equity, tsMs, initial: 10_000, periodsPerYear: 252 * 390 });
  assert.equal(explicit.periodsPerYear, 98_280);
  assert.ok(Number.isFinite(explicit.sharpe));
});

Deno.test("computeMetrics: scratch buffer is reused and gives identical results", () => {
  const equity = walk(1000, 11);
  const tsMs = evenTimestamps("2020-01-01", 1000, DAY_MS);
  const scratch = new Float64Array(2000);
  const a = computeMetrics({ equity, tsMs, initial: 10_000 });
  const b = computeMetrics({ equity, tsMs, initial: 10_000, scratch });
  assert.deepEqual(b, a);
  assert.equal(scratch[0], equity[0]! / 10_000 - 1);
});

Deno.test("computeMetrics: non-positive initial gives NaN return metrics, no throw", () => {
  const tsMs = evenTimestamps("2024-01-01", 3, DAY_MS);
  const m = computeMetrics({ equity: Float64Array.of(1, 2, 3), tsMs, initial: 0 });
  for (const k of ["totalReturn", "cagr", "cagrCalendar", "maxDrawdown", "calmar"] as const) {
    assert.ok(Number.isNaN(m[k]), k);
  }
});

Deno.test("computeMetrics: 1M bars stays linear", () => {
  const n = 1_000_000;
  const equity = walk(n, 5);
  const tsMs = evenTimestamps("2000-01-01", n, 60_000);
  const scratch = new Float64Array(n);
  computeMetrics({ equity, tsMs, initial: 10_000, periodsPerYear: 98_280, scratch }); // warm-up
  const t0 = performance.now();
  const m = computeMetrics({ equity, tsMs, initial: 10_000, periodsPerYear: 98_280, scratch });
  const ms = performance.now() - t0;
  assert.equal(m.bars, n);
  assert.ok(Number.isFinite(m.sharpe));
  assert.ok(ms < 1_000, `took ${ms.toFixed(1)} ms`); // generous bound; the sort for tail ratio, VaR and CVaR takes most of it
});

Deno.test("computeMetrics: given returns are used as they are; distribution: false leaves those metrics NaN", () => {
  const equity = walk(300, 3);
  const tsMs = evenTimestamps("2020-01-01", equity.length, DAY_MS);
  const full = computeMetrics({ equity, tsMs, initial: 10_000 });
  const returns = simpleReturns(equity, 10_000);
  const copy = returns.slice();
  const same = computeMetrics({ equity, tsMs, initial: 10_000, returns });
  assert.deepEqual(same, full);
  assert.deepEqual(returns, copy); // read, never written
  const lean = computeMetrics({ equity, tsMs, initial: 10_000, returns, distribution: false });
  const dist = ["omegaRatio", "tailRatio", "valueAtRisk", "conditionalValueAtRisk", "stability", "skew", "kurtosis"];
  for (const [k, v] of Object.entries(lean)) {
    if (dist.includes(k)) assert.ok(Number.isNaN(v), k);
    else assert.ok(Object.is(v, full[k as keyof typeof full]), k);
  }
});
