/**
 * Every HTML page the engine writes (a backtest's report.html, a search's
 * heatmap.html, walkforward.html, a job's report.html) comes from one
 * skeleton and one style sheet: the same head (CSP, viewport, style), the
 * same chart prelude on pages with charts, and nothing loaded from
 * elsewhere.
 */
import assert from "node:assert/strict";
import { planGrid } from "../engine/optimize/param_space.ts";
import { HeatmapGrid, heatmapHtml } from "../engine/optimize/heatmap_html.ts";
import { walkForwardHtml } from "../engine/optimize/walk_forward_html.ts";
import { reportHtml } from "../engine/jobs/report.ts";
import { analyzeResult } from "../engine/report/analyze_result.ts";
import { collectText } from "../engine/report/byte_writer.ts";
import { chartLibrary } from "../engine/report/chart_library.ts";
import { displayValue } from "../engine/report/display.ts";
import { htmlReport } from "../engine/report/html_report.ts";
import { sharpe } from "../engine/report/metrics/sharpe.ts";
import { simpleReturns } from "../engine/report/metrics/simple_returns.ts";
import { monteCarlo } from "../engine/report/monte_carlo.ts";
import { DAY, flatBars, runPlan } from "./_report.ts";

function pages(): Record<string, string> {
  const { result, frame } = runPlan(flatBars("A", [0, DAY, 2 * DAY], [10, 11, 12]), [["A", 0, "buy", 1]]);
  const grid = new HeatmapGrid(planGrid({ fast: [5, 10], slow: [20, 30] }), "fast", "slow");
  grid.add(0, 1.25);
  return {
    report: collectText(htmlReport(result, analyzeResult(result), { frame })),
    heatmap: collectText(heatmapHtml({ title: "h", subtitle: "s", label: "sharpe", grid })),
    walkforward: collectText(walkForwardHtml({
      title: "wf",
      objective: "sharpe",
      names: [],
      windows: [],
      tsMs: Float64Array.of(0, DAY),
      equity: Float64Array.of(100, 101),
      windowOf: Int32Array.of(1, 1),
      stitched: null,
      efficiency: NaN,
    })),
    job: collectText(reportHtml({
      schemaVersion: 1,
      job: "nightly",
      jobFile: "jobs/nightly.ts",
      schedule: "0 2 * * *",
      timezone: "UTC",
      stamp: "20260101T020000Z",
      dir: "out/jobs/nightly/20260101T020000Z",
      startedAt: "2026-01-01T02:00:00Z",
      finishedAt: "2026-01-01T02:00:05Z",
      status: "ok",
      exitCode: 0,
      gitRevision: null,
      resultsDb: "out/results.duckdb",
      studies: [],
      alerts: [],
      rows: [],
    })),
  };
}

Deno.test("every page has the same head: doctype, CSP, viewport and one style sheet; only the title differs", () => {
  const heads = Object.entries(pages()).map(([name, html]) => {
    assert.ok(html.startsWith("<!doctype html>\n") && html.endsWith("</body>\n</html>\n"), name);
    const head = html.slice(0, html.indexOf("<main>\n") + 7);
    assert.ok(head.includes(`<meta http-equiv="Content-Security-Policy" content="default-src 'none';`), name);
    return head.replace(/<title>[^<]*<\/title>/, "<title></title>");
  });
  for (const h of heads.slice(1)) assert.equal(h, heads[0]);
  assert.equal(heads[0]!.split("<style>").length, 2);
});

Deno.test("pages with charts inline the library once, with one data element and the shared chart prelude", () => {
  const all = pages();
  for (const name of ["report", "walkforward"]) {
    const html = all[name]!;
    assert.equal(html.split('<script type="application/json" id="page-data">').length, 2, name);
    assert.equal(html.split(chartLibrary().source).length, 2, `${name}: the library once`);
    assert.ok(html.includes("document.body.dataset.ready"), `${name}: says when its charts are drawn`);
    assert.ok(html.includes("<footer>Charts: TradingView Lightweight Charts™ v"), name);
    assert.ok(!/<script[^>]+src=/.test(html), `${name}: nothing loaded from elsewhere`);
  }
  for (const name of ["heatmap", "job"]) assert.ok(!all[name]!.includes("<script"), `${name}: no script`);
});

// ---- report.html: what its sections hold ----

const T0 = Date.UTC(2024, 0, 1);
const days = (n: number) => Array.from({ length: n }, (_, i) => T0 + i * DAY);

/** The page's embedded data. */
function pageData(html: string): Record<string, unknown> & { prices: Record<string, unknown>[] } {
  const a = html.indexOf('<script type="application/json" id="page-data">') + 47;
  return JSON.parse(html.slice(a, html.indexOf("</script>", a)));
}

Deno.test("report.html: benchmark column and relative metrics, rolling beta and the Monte Carlo fan when the analysis has them", () => {
  const closes = Array.from({ length: 120 }, (_, i) => 100 + 10 * Math.sin(i / 7) + i / 4);
  const rows = [...flatBars("A", days(120), closes), ...flatBars("B", days(120), closes.map((c) => 200 - c / 2))];
  const { result, frame } = runPlan(rows, [["A", 5, "buy", 3], ["A", 60, "sell", 3], ["B", 10, "buy", 2]], {
    analysis: { rollingWindow: 20 },
  });
  const analysis = analyzeResult(result, { frame });
  assert.ok(analysis.benchmark !== undefined, "equal weight of A and B");
  const returns = simpleReturns(result.equity.equity, result.summary.initialCash);
  const mc = monteCarlo({ returns, initial: 1000, periodsPerYear: 252 }, {
    paths: 200,
    blockLength: 5,
    ruinDrawdown: 0.5,
    confidence: 0.9,
    seed: 7,
  });
  const html = collectText(htmlReport(result, { ...analysis, monteCarlo: mc } as typeof analysis, { frame }));
  // the headline table: the benchmark's value beside each metric
  assert.ok(html.includes(`benchmark: ${analysis.benchmark.name}`));
  const sharpeRow = html.match(
    /<tr data-path="metrics.sharpe"[^>]*><th>[^<]*<\/th><td>([^<]*)<\/td><td class="bm">([^<]*)</,
  )!;
  assert.equal(sharpeRow[1], displayValue(analysis.metrics.sharpe, "ratio"));
  assert.equal(sharpeRow[2], displayValue(analysis.benchmark.metrics.sharpe, "ratio"));
  assert.ok(html.includes('id="relative"') && html.includes("Information ratio"));
  for (const id of ["chart-rolling-sharpe", "chart-rolling-volatility", "chart-rolling-beta", "chart-monte-carlo"]) {
    assert.ok(html.includes(`id="${id}"`), id);
  }
  const data = pageData(html) as unknown as {
    rolling: { sharpe: { t: number[]; v: number[] }; beta: { t: number[] } };
    fan: { t: number[]; p5: number[]; p50: number[]; p95: number[] };
    benchmark: { t: number[] };
  };
  // rolling values start at the first full window (bar 19) and are the windows' Sharpe ratios
  assert.equal(data.rolling.sharpe.t[0], (T0 + 19 * DAY) / 1000);
  const expected = sharpe(returns.subarray(0, 20), analysis.metrics.periodsPerYear, analysis.riskFree);
  assert.ok(Math.abs(data.rolling.sharpe.v[0]! - expected) < 1e-6, `${data.rolling.sharpe.v[0]} vs ${expected}`);
  assert.ok(data.rolling.beta.t.length > 0);
  assert.equal(data.fan.t.length, mc.returns.fan.step.length);
  data.fan.p50.forEach((v, i) => assert.ok(data.fan.p5[i]! <= v && v <= data.fan.p95[i]!));
  assert.equal(data.benchmark.t.length, 120);
  assert.ok(html.includes('id="monte-carlo"') && html.includes("Probability of ruin"));
});

Deno.test("report.html: without a benchmark, Monte Carlo or a full rolling window, those sections say so or are absent", () => {
  const { result, frame } = runPlan(flatBars("A", days(30), Array.from({ length: 30 }, (_, i) => 10 + i)), [[
    "A",
    2,
    "buy",
    1,
  ]]);
  const html = collectText(htmlReport(result, analyzeResult(result), { frame })); // no frame: no benchmark
  assert.ok(!html.includes('id="chart-rolling-beta"') && !html.includes('id="chart-monte-carlo"'));
  assert.ok(html.includes("No rolling metrics: the window (<code>analysis.rollingWindow</code> = 63 bars)"));
  const data = pageData(html);
  assert.equal(data.benchmark, null);
  assert.equal(data.fan, null);
  assert.ok(html.includes('id="chart-exposure"'));
});

Deno.test("report.html: price charts for at most 20 symbols (largest |P&L| first), the symbol table capped with a row for the rest", () => {
  const n = 30, bars = 12;
  const rows = Array.from(
    { length: n },
    (_, k) =>
      flatBars(`S${String(k).padStart(2, "0")}`, days(bars), Array.from({ length: bars }, (_, i) => 50 + i * (k % 7))),
  )
    .flat();
  // symbol k gains (k % 7) per bar over 9 bars on k + 1 units: |P&L| = 9·(k % 7)·(k + 1)
  const plan = Array.from({ length: n }, (_, k) =>
    [[`S${String(k).padStart(2, "0")}`, 1, "buy", k + 1], [
      `S${String(k).padStart(2, "0")}`,
      10,
      "sell",
      k + 1,
    ]] as const).flat();
  const { result, frame } = runPlan(rows, plan, { capital: 1_000_000 });
  const a = analyzeResult(result);
  const html = collectText(htmlReport(result, a, { frame, maxRows: 10 }));
  const charted = [
    ...html.matchAll(/<h3>(S\d\d)[^<]*(?:<span[^>]*>[^<]*<\/span>)?<\/h3><div class="chart" id="chart-price-/g),
  ].map(
    (m) => m[1],
  );
  const byPnl = [...a.bySymbol].sort((x, y) =>
    Math.abs(y.totalPnl) - Math.abs(x.totalPnl) || y.trades - x.trades ||
    x.symbol.localeCompare(y.symbol)
  ).map((b) => b.symbol);
  assert.deepEqual(charted, byPnl.slice(0, 20));
  assert.ok(html.includes("Price charts for 20 of 30 symbols"));
  const table = html.slice(html.indexOf('id="by-symbol"'), html.indexOf("</table>", html.indexOf('id="by-symbol"')));
  assert.equal(table.split("<tr><td").length - 1, 10);
  assert.ok(table.includes(`<tr class="rest"><td class="l">20 other symbols</td>`));
  assert.equal(pageData(html).prices.length, 20);
});

Deno.test("report.html: markers carry each candle's count, quantity, notional and P&L for the hover details", () => {
  const { result, frame } = runPlan(flatBars("A", days(6), [10, 10, 12, 12, 9, 9]), [["A", 0, "buy", 2], [
    "A",
    2,
    "sell",
    2,
  ]], { capital: 100 });
  const html = collectText(htmlReport(result, analyzeResult(result), { frame }));
  const p = pageData(html).prices[0] as { m: number[][]; vol: unknown; dp: number };
  // bought 2 at bar 1's open (10), sold 2 at bar 3's open (12): P&L 4, no fees
  assert.deepEqual(p.m, [[1, 0, 1, 2, 20, 0], [3, 2, 1, 2, 24, 4]]);
  assert.equal(p.vol, null); // the bars have no volume
  assert.equal(p.dp, 2);
  assert.ok(html.includes("(5.0 days)"), "the period in words");
});
