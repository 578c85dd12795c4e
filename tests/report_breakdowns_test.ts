/**
 * A two-symbol run worked by hand: every metric, breakdown and calendar
 * return below is computed in the comments from the bars and the plan, not
 * taken from the engine.
 *
 * Bars are flat (open = high = low = close), on five dates that cross a
 * year, a quarter and months: d0 2023-12-29, d1 2024-01-02, d2 2024-03-28,
 * d3 2024-04-01, d4 2024-04-02. Capital 1000, commission a fixed 1 per order.
 *
 *        d0   d1   d2   d3   d4
 *   A    10   11   12   11   13
 *   B    20   18   19   21   20
 *
 * Orders (sent at a bar's close, filled at the next bar's open):
 *   A buy 10 @ d0 → fill d1 @ 11;  A sell 10 @ d3 → fill d4 @ 13: long, pnl 2·10 − 2 = 18
 *   B sell 5 @ d0 → fill d1 @ 18;  B buy 5 @ d1 → fill d2 @ 19:   short, pnl −1·5 − 2 = −7
 *   B sell 5 @ d2 → fill d3 @ 21; open at the end, marked at 20: +5 unrealised, 1 fee paid
 *
 * Cash and equity at each close:
 *   d0  cash 1000                                     equity 1000
 *   d1  1000 − 110 − 1 + 90 − 1 = 978;  978 + 10·11 − 5·18 = 998
 *   d2  978 − 95 − 1 = 882;              882 + 10·12        = 1002
 *   d3  882 + 105 − 1 = 986;             986 + 10·11 − 5·21 = 991
 *   d4  986 + 130 − 1 = 1115;            1115 − 5·20        = 1015
 */
import assert from "node:assert/strict";
import { analyzeResult } from "../engine/report/analyze_result.ts";
import { calendarReturns } from "../engine/report/period_returns.ts";
import { loadBars } from "../engine/data/load_bars.ts";
import { loadConfig } from "../engine/config/load_config.ts";
import { runBacktest } from "../engine/backtest.ts";
import { DAY, flatBars, near, runPlan } from "./_report.ts";
import { markHeldBars } from "../engine/report/breakdowns.ts";
import { lowerBound } from "../engine/data/lower_bound.ts";
import { mulberry32 } from "../engine/random.ts";

const D = [
  Date.UTC(2023, 11, 29),
  Date.UTC(2024, 0, 2),
  Date.UTC(2024, 2, 28),
  Date.UTC(2024, 3, 1),
  Date.UTC(2024, 3, 2),
];
const EQUITY = [1000, 998, 1002, 991, 1015];

function handWorked() {
  return runPlan(
    [...flatBars("A", D, [10, 11, 12, 11, 13]), ...flatBars("B", D, [20, 18, 19, 21, 20])],
    [["A", 0, "buy", 10], ["A", 3, "sell", 10], ["B", 0, "sell", 5], ["B", 1, "buy", 5], ["B", 2, "sell", 5]],
    {
      execution: { commission: { kind: "fixed", amount: 1 } },
      output: { metrics: { periodsPerYear: 252 } },
    },
  ).result;
}

Deno.test("hand-worked run: the engine produces the equity and trades worked out above", () => {
  const r = handWorked();
  assert.deepEqual([...r.equity.equity], EQUITY);
  assert.deepEqual(r.trades.map((t) => [t.symbol, t.side, t.pnl]), [["B", "short", -7], ["A", "long", 18]]);
});

Deno.test("hand-worked run: headline metrics", () => {
  const m = analyzeResult(handWorked()).metrics;
  near(m.totalReturn, 0.015, "total return");
  // returns per bar: 0, −0.002, 1002/998 − 1, 991/1002 − 1, 1015/991 − 1; Sharpe = mean / sd(ddof 1) · √252
  const r = [0, 998 / 1000 - 1, 1002 / 998 - 1, 991 / 1002 - 1, 1015 / 991 - 1];
  const mean = r.reduce((a, b) => a + b) / 5;
  const sd = Math.sqrt(r.reduce((a, b) => a + (b - mean) ** 2, 0) / 4);
  assert.ok(Math.abs(m.sharpe - (mean / sd) * Math.sqrt(252)) < 1e-9, `sharpe ${m.sharpe}`);
  assert.ok(Math.abs(m.annualVolatility - sd * Math.sqrt(252)) < 1e-12);
  assert.equal(m.periodsPerYear, 252); // from the config: the spacing (median 4 days) would say weekly
  // the peak 1002 at d2, the trough 991 at d3, recovered at d4
  near(m.maxDrawdown, 991 / 1002 - 1, "max drawdown");
  assert.deepEqual([m.maxDrawdownPeakIndex, m.maxDrawdownTroughIndex, m.timeToRecoverBars], [2, 3, 1]);
  assert.equal(m.maxDrawdownDurationMs, D[3]! - D[2]!);
  // a position at the closes of d1 (A, B), d2 (A), d3 (A, B), d4 (B): 4 of 5
  assert.equal(m.exposure, 0.8);
  // traded notional 110 + 90 + 95 + 105 + 130 = 530 over mean equity 5006 / 5
  near(m.turnover, 530 / (5006 / 5), "turnover");
  // trades: one win of 18, one loss of −7
  assert.deepEqual([m.numTrades, m.numWins, m.numLosses], [2, 1, 1]);
  assert.equal(m.winRate, 0.5);
  assert.equal(m.profitFactor, 18 / 7);
  assert.equal(m.expectancy, 5.5); // 0.5·18 − 0.5·7
  assert.deepEqual([m.avgWin, m.avgLoss, m.largestWin, m.largestLoss], [18, -7, 18, -7]);
  assert.equal(m.avgHoldingMs, ((D[4]! - D[1]!) + (D[2]! - D[1]!)) / 2);
  assert.ok(Number.isNaN(m.expectancyR), "no trade records an initial risk");
});

Deno.test("hand-worked run: the per-symbol breakdown adds up to the run's P&L", () => {
  const a = analyzeResult(handWorked());
  const [A, B] = a.bySymbol;
  assert.deepEqual(A, {
    symbol: "A",
    trades: 1,
    wins: 1,
    losses: 0,
    winRate: 1,
    netPnl: 18,
    openPnl: 0,
    totalPnl: 18,
    profitFactor: Infinity, // a win and no loss
    avgWin: 18,
    avgLoss: NaN,
    expectancy: 18,
    fees: 2,
    exposure: 0.6, // d1, d2, d3
  });
  assert.deepEqual(B, {
    symbol: "B",
    trades: 1,
    wins: 0,
    losses: 1,
    winRate: 0,
    netPnl: -7,
    openPnl: 4, // 5 unrealised − 1 fee paid on the open short
    totalPnl: -3,
    profitFactor: 0, // a loss and no win
    avgWin: NaN,
    avgLoss: -7,
    expectancy: -7,
    fees: 3,
    exposure: 0.6, // d1 (first short), d3 and d4 (the open one)
  });
  assert.equal(A!.totalPnl + B!.totalPnl, 1015 - 1000);
});

Deno.test("hand-worked run: long versus short", () => {
  const [long, short] = analyzeResult(handWorked()).bySide;
  assert.equal(long!.side, "long");
  assert.deepEqual([long!.trades, long!.netPnl, long!.winRate, long!.exposure], [1, 18, 1, 0.6]);
  assert.equal(long!.avgHoldingMs, D[4]! - D[1]!);
  assert.equal(short!.side, "short");
  assert.deepEqual([short!.trades, short!.netPnl, short!.winRate, short!.profitFactor], [1, -7, 0, 0]);
  assert.equal(short!.exposure, 0.6);
  assert.equal(short!.fees, 2);
});

Deno.test("hand-worked run: yearly, quarterly and monthly returns chain from the previous period's last close", () => {
  const { yearly, quarterly, monthly } = analyzeResult(handWorked()).returns;
  const rows = (ps: typeof yearly) => ps.map((p) => [p.period, p.bars, p.startEquity, p.endEquity]);
  assert.deepEqual(rows(yearly), [["2023", 1, 1000, 1000], ["2024", 4, 1000, 1015]]);
  assert.deepEqual(rows(quarterly), [["2023-Q4", 1, 1000, 1000], ["2024-Q1", 2, 1000, 1002], [
    "2024-Q2",
    2,
    1002,
    1015,
  ]]);
  assert.deepEqual(rows(monthly), [["2023-12", 1, 1000, 1000], ["2024-01", 1, 1000, 998], ["2024-03", 1, 998, 1002], [
    "2024-04",
    2,
    1002,
    1015,
  ]]);
  assert.deepEqual(monthly.map((p) => [p.year, p.month]), [[2023, 12], [2024, 1], [2024, 3], [2024, 4]]);
  assert.deepEqual(quarterly.map((p) => p.quarter), [4, 1, 2]);
  near(monthly[1]!.return, -0.002, "January");
  near(yearly[1]!.return, 0.015, "2024");
});

Deno.test("calendarReturns(): a period that starts at zero equity is NaN, one that ends there is −1", () => {
  const t = (m: number) => Date.UTC(2024, m, 15);
  const r = calendarReturns(Float64Array.of(t(0), t(1), t(2)), Float64Array.of(50, 0, 0), 100);
  assert.deepEqual(r.monthly.map((p) => p.return), [-0.5, -1, NaN]);
  assert.deepEqual(calendarReturns(new Float64Array(0), new Float64Array(0), 100), {
    yearly: [],
    quarterly: [],
    monthly: [],
  });
});

Deno.test("sample runs: monthly returns compound to the total, and symbols' P&L adds up to it", async () => {
  for (const file of ["configs/sma_cross.ts", "configs/execution_demo.ts", "configs/risk_demo.ts"]) {
    const config = await loadConfig(file);
    const r = runBacktest(config, await loadBars(config.data));
    const a = analyzeResult(r);
    const growth = a.returns.monthly.reduce((g, p) => g * (1 + p.return), 1);
    assert.ok(Math.abs(growth - r.summary.finalEquity / r.summary.initialCash) < 1e-9, `${file}: ${growth}`);
    const years = a.returns.yearly.reduce((g, p) => g * (1 + p.return), 1);
    assert.ok(Math.abs(years - growth) < 1e-9);
    const total = a.bySymbol.reduce((s, b) => s + b.totalPnl, 0);
    assert.ok(Math.abs(total - (r.summary.finalEquity - r.summary.initialCash)) < 1e-6, `${file}: Σ totalPnl ${total}`);
    assert.equal(a.bySymbol.reduce((s, b) => s + b.trades, 0), r.trades.length);
    assert.equal(a.bySide.reduce((s, b) => s + b.trades, 0), r.trades.length);
    assert.equal(a.returns.monthly.reduce((s, p) => s + p.bars, 0), r.equity.tsMs.length);
    // risk events are counts of the records, by rule
    const byRule: Record<string, number> = {};
    for (const d of r.denials) byRule[d.rule] = (byRule[d.rule] ?? 0) + 1;
    assert.deepEqual(a.riskEvents.denialsByRule, byRule);
    assert.equal(a.riskEvents.breakerTrips, r.breakerEvents.length);
    assert.equal(a.riskEvents.resizes, r.resizes.length);
  }
});

Deno.test("exposure counts bars that close with a position: a closeAtEnd exit holds through the last bar", () => {
  const times = [0, 1, 2, 3].map((i) => Date.UTC(2024, 0, 1) + i * DAY);
  const { result } = runPlan(flatBars("A", times, [10, 10, 10, 10]), [["A", 1, "buy", 1]], {
    execution: { closeAtEnd: true },
  });
  // bought at d2's open, closed at the last close: held at the closes of d2 and d3
  assert.equal(analyzeResult(result).metrics.exposure, 0.5);
});

Deno.test("markHeldBars() marks what a binary search per trade marks, for trades in any order", () => {
  // the search gallops from the previous trade's answer: check it against a plain lowerBound on random cases
  const rnd = mulberry32(5);
  const draw = (k: number) => Math.floor((rnd() / 2 ** 32) * k);
  for (let it = 0; it < 3000; it++) {
    const n = 1 + draw(40);
    const ts = new Float64Array(n);
    let v = 0;
    for (let i = 0; i < n; i++) ts[i] = v += draw(3);
    const trades = Array.from({ length: draw(8) }, () => {
      const a = draw(v + 3) - 1;
      return { entryTimeMs: a + (draw(2) ? 0.5 : 0), exitTimeMs: a + draw(v + 2) };
    });
    const want = new Uint8Array(n);
    for (const t of trades) {
      const a = lowerBound(ts, t.entryTimeMs), b = lowerBound(ts, t.exitTimeMs);
      if (b > a) want.fill(1, a, b);
    }
    assert.deepEqual(markHeldBars(new Uint8Array(n), ts, trades), want, JSON.stringify({ ts: [...ts], trades }));
  }
});
