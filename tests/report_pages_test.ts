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
import { htmlReport } from "../engine/report/html_report.ts";
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
