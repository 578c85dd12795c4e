/**
 * Edge cases never crash the reports: each gives the documented value (0,
 * NaN → JSON null / empty CSV field, ∞ → "Infinity") in every export.
 */
import assert from "node:assert/strict";
import { analyzeResult } from "../engine/report/analyze_result.ts";
import { collectBytes } from "../engine/report/byte_writer.ts";
import { resultFiles } from "../engine/report/write_results.ts";
import type { BacktestResult } from "../engine/result.ts";
import type { BarFrame } from "../engine/data/bar_frame.ts";
import { DAY, flatBars, runPlan, type Step } from "./_report.ts";

const T0 = Date.UTC(2024, 0, 1);
const days = (n: number) => Array.from({ length: n }, (_, i) => T0 + i * DAY);

/** Every export of a run, in memory: file name → text. */
function exportAll(r: BacktestResult, frame: BarFrame): Map<string, string> {
  const analysis = analyzeResult(r);
  const dec = new TextDecoder();
  return new Map(
    resultFiles(r, ["json", "csv", "html"], { analysis, frame }).map((f) => [
      f.name,
      dec.decode(collectBytes(f.content as never)),
    ]),
  );
}

function run(closes: number[], plan: Step[], capital = 1000) {
  const { result, frame } = runPlan(flatBars("A", days(closes.length), closes), plan, { capital });
  const files = exportAll(result, frame);
  const json = JSON.parse(files.get("result.json")!);
  for (const [name, text] of files) {
    assert.ok(text.length > 0, name);
    if (name.endsWith(".csv")) {
      const lines = text.trimEnd().split("\n");
      const width = lines[0]!.split(",").length;
      // no quoted commas in these runs: every row has the header's width
      for (const l of lines) assert.equal(l.split(",").length, width, `${name}: ${l}`);
    }
  }
  assert.ok(files.get("report.html")!.includes('id="chart-equity"'));
  return { result, files, json, m: json.metrics, csv: (n: string) => files.get(n)!.trimEnd().split("\n") };
}

Deno.test("edge case: no trades: counts 0, rates undefined (null), exposure and turnover 0", () => {
  const { json, m, csv } = run([10, 11, 12, 11, 10], []);
  assert.equal(m.numTrades, 0);
  for (const k of ["winRate", "avgWin", "avgLoss", "expectancy", "profitFactor", "avgHoldingMs", "largestWin"]) {
    assert.equal(m[k], null, k);
  }
  assert.deepEqual([m.exposure, m.turnover, m.totalReturn, m.maxDrawdown], [0, 0, 0, 0]);
  assert.equal(m.annualVolatility, 0);
  assert.equal(m.sharpe, null); // zero volatility
  assert.equal(json.breakdowns.bySymbol[0].trades, 0);
  assert.equal(csv("breakdown_symbol.csv")[1], "A,0,0,0,,0,0,0,,,,,0,0");
  assert.equal(csv("trades.csv").length, 1);
  assert.equal(json.riskEvents.denials, 0);
});

Deno.test("edge case: a single bar: no spacing to annualise by, no return spread", () => {
  const { m, json, csv } = run([10], []);
  assert.equal(m.bars, 1);
  assert.equal(m.periodsPerYear, null);
  for (const k of ["cagr", "annualVolatility", "sharpe", "sortino", "calmar", "cagrCalendar"]) {
    assert.equal(m[k], null, k);
  }
  assert.deepEqual([m.totalReturn, m.maxDrawdown, m.timeToRecoverBars], [0, 0, 0]);
  for (const k of ["omegaRatio", "stability", "skew", "kurtosis"]) assert.equal(m[k], null, k);
  // one return (0, against the initial capital) is its own VaR and CVaR; its tail ratio is 0/0
  assert.deepEqual([m.tailRatio, m.valueAtRisk, m.conditionalValueAtRisk], [null, 0, 0]);
  assert.deepEqual(json.equity, { file: "equity.parquet", rows: 1, columns: ["time", "equity", "cash"] });
  assert.deepEqual(csv("equity.csv"), ["time,equity,cash,drawdown", "2024-01-01T00:00:00Z,1000,1000,0"]);
  assert.equal(csv("returns_monthly.csv")[1], "2024-01,2024,1,1,1000,1000,0");
});

Deno.test("edge case: all trades win: profit factor and Sortino are Infinity, average loss undefined", () => {
  // two long round trips that both gain: 10 → 11 and 11 → 13; equity never falls
  const { m, json, csv } = run([10, 10, 11, 11, 13, 13], [["A", 0, "buy", 1], ["A", 1, "sell", 1], [
    "A",
    2,
    "buy",
    1,
  ], ["A", 3, "sell", 1]]);
  assert.equal(m.numTrades, 2);
  assert.equal(m.winRate, 1);
  assert.equal(m.profitFactor, "Infinity");
  assert.equal(m.avgLoss, null);
  assert.equal(m.largestLoss, null);
  assert.equal(m.maxDrawdown, 0);
  assert.equal(m.calmar, null); // no drawdown to divide by
  assert.equal(m.sortino, "Infinity"); // positive mean, no return below 0
  assert.equal(json.breakdowns.bySymbol[0].profitFactor, "Infinity");
  assert.equal(csv("breakdown_symbol.csv")[1]!.split(",")[8], "Infinity");
  assert.equal(json.breakdowns.bySide[1].profitFactor, null); // no short trades
});

Deno.test("edge case: zero volatility: flat equity gives volatility 0 and undefined ratios", () => {
  const { m } = run([10, 10, 10, 10, 10, 10], [["A", 0, "buy", 5]]);
  assert.equal(m.annualVolatility, 0);
  assert.deepEqual([m.sharpe, m.sortino, m.calmar], [null, null, null]);
  for (const k of ["omegaRatio", "tailRatio", "stability", "skew", "kurtosis"]) assert.equal(m[k], null, k);
  assert.deepEqual([m.valueAtRisk, m.conditionalValueAtRisk], [0, 0]);
  assert.equal(m.exposure, 0.83333333); // 5 of 6 bars, to 8 decimals
  assert.equal(m.numTrades, 0); // still open
});

Deno.test("edge case: equity that goes to zero: return −1, drawdown −1, not recovered, later returns undefined", () => {
  // short 10 at 10 with 100 of capital; at 20 the book is worth nothing
  const { m, json, csv } = run([10, 10, 20, 20], [["A", 0, "sell", 10]], 100);
  assert.equal(json.equity.rows, 4);
  assert.deepEqual(csv("equity.csv").slice(1).map((l: string) => Number(l.split(",")[1])), [100, 100, 0, 0]);
  assert.equal(m.totalReturn, -1);
  assert.equal(m.maxDrawdown, -1);
  assert.equal(m.cagr, -1);
  assert.equal(m.timeToRecoverBars, null);
  assert.equal(m.timeToRecoverMs, null);
  assert.equal(m.stability, null); // log of 0
  assert.deepEqual(csv("equity.csv").slice(1).map((l) => l.split(",")[3]), ["0", "0", "-1", "-1"]);
  assert.equal(json.breakdowns.returns.monthly[0].return, -1);
});

Deno.test("edge case: equity below zero: drawdown beyond −1, still no crash", () => {
  const { m } = run([10, 10, 25, 30], [["A", 0, "sell", 10]], 100);
  assert.equal(m.totalReturn, -2); // cash 100 + 100, short 10 marked at 30: −100
  assert.ok(m.maxDrawdown < -1);
  assert.equal(m.cagr, -1);
});
