/**
 * The notebook and its plain-script twin, run as a user runs them.
 *
 * - `notebooks/quickstart.ipynb` runs headless in Deno's Jupyter kernel
 *   through Jupyter's own executor, nbclient (`scripts/run_notebook.ts`):
 *   every cell must run, and every view must display as HTML (tables, SVG
 *   charts, the report in a frame) with ISO dates, never as an object dump
 *   with epoch milliseconds. Its numbers are those of the same run made
 *   here through the engine's functions. With Chromium, the tearsheet's
 *   frame is opened as a front end shows it: it draws its charts offline,
 *   with no console error (tests/_notebook_browser.ts).
 * - `scripts/library_quickstart.ts` runs with the minimum permissions the
 *   README states, and without each of them stops with a line naming the
 *   permission and the flag.
 *
 * Without nbclient (Debian: `apt-get install -y python3-nbclient`) the
 * notebook test is skipped with a message saying so; .ci/run installs it
 * and sets NOTEBOOK_TEST_REQUIRED=1, so CI fails instead of skipping.
 */
import assert from "node:assert/strict";
import { loadConfig } from "../engine/config/load_config.ts";
import { loadBars } from "../engine/data/load_bars.ts";
import { runBacktest } from "../engine/backtest.ts";
import { analyzeResult } from "../engine/report/analyze_result.ts";
import { displayValue } from "../engine/report/display.ts";
import { ROOT } from "./_cli.ts";
import { z } from "zod";
import { frameFromRows } from "../engine/data/bar_frame.ts";
import { parseConfig } from "../engine/config/parse_config.ts";
import { defineStrategy } from "../engine/strategy/types.ts";
import { collectText } from "../engine/report/byte_writer.ts";
import { htmlReport } from "../engine/report/html_report.ts";
import type { GridSearchReport } from "../engine/optimize/grid_search.ts";
import { backtest, compare, JUPYTER_DISPLAY, metricsTable, studyTable, tearsheet } from "../engine/notebook.ts";
import { chromiumPath } from "./_chromium.ts";

const deno = Deno.execPath();

async function run(args: string[], opts: { cwd?: string } = {}) {
  const out = await new Deno.Command(deno, {
    args,
    cwd: opts.cwd ?? ROOT,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

const chromium = chromiumPath();

const check = await run(["run", "-A", "scripts/run_notebook.ts", "--check"]);
const toolsMissing = check.code !== 0;
const required = Deno.env.get("NOTEBOOK_TEST_REQUIRED") === "1";
if (toolsMissing && !required) {
  console.warn(`notebook test skipped: ${check.stderr.trim()}`);
}

interface Output {
  output_type: string;
  data?: Record<string, string | string[]>;
  text?: string | string[];
  ename?: string;
  evalue?: string;
}
interface Cell {
  cell_type: string;
  source: string | string[];
  outputs?: Output[];
  execution_count?: number | null;
}
const joined = (s: string | string[] | undefined) => (Array.isArray(s) ? s.join("") : s ?? "");

/** The document an `<iframe srcdoc="…">` holds. */
function srcdoc(html: string): string {
  const m = /srcdoc="([^"]*)"/.exec(html);
  assert.ok(m !== null, "a frame with a srcdoc");
  return m[1]!.replaceAll("&quot;", '"').replaceAll("&amp;", "&");
}

Deno.test("notebooks/quickstart.ipynb is shipped without outputs", async () => {
  const nb = JSON.parse(await Deno.readTextFile(`${ROOT}/notebooks/quickstart.ipynb`));
  assert.equal(nb.metadata.kernelspec.name, "deno");
  for (const c of nb.cells as Cell[]) {
    if (c.cell_type !== "code") continue;
    assert.deepEqual(c.outputs, [], "no outputs");
    assert.equal(c.execution_count, null);
  }
});

Deno.test({
  name: "notebook: quickstart.ipynb runs headless in the Deno kernel and every view displays as HTML",
  ignore: toolsMissing && !required,
  sanitizeResources: false,
  async fn() {
    assert.ok(!toolsMissing, `the notebook tools are required here (NOTEBOOK_TEST_REQUIRED=1): ${check.stderr}`);
    const dir = await Deno.makeTempDir({ prefix: "notebook-test-" });
    try {
      const executed = `${dir}/quickstart.ipynb`;
      const r = await run(["run", "-A", "scripts/run_notebook.ts", "notebooks/quickstart.ipynb", "--out", executed]);
      assert.equal(r.code, 0, `the notebook failed:\n${r.stdout}\n${r.stderr}`);
      const cells = (JSON.parse(await Deno.readTextFile(executed)).cells as Cell[]).filter((c) =>
        c.cell_type === "code"
      );
      for (const c of cells) {
        assert.ok(!c.outputs!.some((o) => o.output_type === "error"), `a cell failed: ${joined(c.source)}`);
        for (const o of c.outputs!) {
          // no epoch milliseconds and no object dumps anywhere: times are ISO dates, values are views
          const plain = joined(o.data?.["text/plain"] ?? o.text);
          assert.ok(!/\b1\d{12}\b/.test(plain), `epoch milliseconds in ${JSON.stringify(plain.slice(0, 200))}`);
          assert.ok(!/\[Object|\{ \w+: /.test(plain), `an object dump: ${JSON.stringify(plain.slice(0, 200))}`);
        }
      }
      const html = (needle: string) => {
        const c = cells.find((c) => joined(c.source).includes(needle));
        assert.ok(c !== undefined, `a cell with ${needle}`);
        const out = c.outputs!.find((o) => o.output_type === "execute_result" && o.data?.["text/html"] !== undefined);
        assert.ok(out !== undefined, `${needle} displays as HTML`);
        return joined(out.data!["text/html"]);
      };

      // the same run, made here through the engine's own functions
      const config = await loadConfig(`${ROOT}/configs/sma_cross.ts`);
      const frame = await loadBars(config.data, { baseDir: ROOT });
      const result = runBacktest(config, frame);
      const a = analyzeResult(result, { frame });

      const bars = html("barsTable(");
      assert.ok(bars.includes("<table") && bars.includes("2015-01-02") && bars.includes("2024-12-31"));
      assert.ok(bars.includes(displayValue(frame.tsMs.length, "int")));

      const runView = html("const run = backtest(");
      assert.ok(runView.includes("<svg") && runView.includes("<table"), "a chart and a table");
      assert.ok(runView.includes("2015-01-02 → 2024-12-31"));
      for (const v of [displayValue(result.summary.finalEquity, "money"), displayValue(a.metrics.sharpe, "ratio")]) {
        assert.ok(runView.includes(`<td>${v}</td>`), `the run shows ${v}`);
      }

      const comparison = html("compare(");
      assert.ok(comparison.includes("SMA 10/30") && comparison.includes("SMA 20/100"));
      assert.equal(comparison.match(/<path d="M/g)?.length, 2, "one line per run");

      const study = html("sweep(");
      assert.ok(study.includes("9 of 9 runs, 0 failed"), "the nine pairs ran");
      assert.ok(srcdoc(study).startsWith("<!doctype html>"), "the heatmap page in a frame");

      const sheet = html("tearsheet(run)");
      assert.ok(/<iframe [^>]*sandbox="allow-scripts"/.test(sheet));
      const page = srcdoc(sheet);
      assert.ok(page.startsWith("<!doctype html>") && page.includes('id="chart-equity"'), "the report page");
      assert.ok(page.includes("LightweightCharts"), "with its charting library inlined");

      assert.ok(html("metricsTable(").includes("<table"));

      // the frames work as a notebook front end shows them: the report draws its charts, offline, without errors
      if (chromium === undefined) {
        console.warn("notebook output not opened in a browser: no Chromium (apt-get install -y chromium)");
        return;
      }
      const shown = `${dir}/output.html`;
      await Deno.writeTextFile(shown, `<!doctype html><html><body>${sheet}${study}${runView}</body></html>`);
      const b = await run(["run", "-A", "tests/_notebook_browser.ts", chromium, shown]);
      assert.equal(b.code, 0, b.stderr);
      const seen = JSON.parse(b.stdout.trim().split("\n").pop()!) as {
        frames: { ready: string | null; canvases: number; title: string }[];
        errors: string[];
        requests: string[];
      };
      assert.deepEqual(seen.errors, []);
      assert.deepEqual(seen.requests, [new URL(`file://${shown}`).href], "no request but the page");
      const report = seen.frames.find((f) => f.title.endsWith("backtest report"));
      assert.ok(report !== undefined && Number(report.ready) > 0, `the tearsheet drew its charts: ${b.stdout}`);
      assert.ok(report.canvases > 0);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

const SCRIPT = "scripts/library_quickstart.ts";
const BASE = ["run", "--no-prompt", "--frozen", "--cached-only"];

Deno.test("library quickstart: the plain script runs with the minimum permissions the README states", async () => {
  const r = await run([...BASE, "--allow-read", "--allow-write=out", "--allow-ffi=node_modules", SCRIPT]);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(r.stdout.includes("2015-01-02 → 2024-12-31"), r.stdout.slice(0, 400));
  assert.ok(r.stdout.includes("SMA 20/100"));
  assert.ok(r.stdout.includes("9 of 9 runs, 0 failed"));
  assert.match(r.stdout, /tearsheet: out\/library_quickstart\/runs\/[^/]+\/report\.html/);
});

Deno.test("library quickstart: each missing permission is reported as one, with the flag to add", async () => {
  const cases: { flags: string[]; want: RegExp }[] = [
    {
      flags: ["--allow-write=out", "--allow-ffi=node_modules"],
      want:
        /^Cannot load config "configs\/sma_cross\.ts": needs read access to "[^"]*configs\/sma_cross\.ts"; run with --allow-read=/m,
    },
    {
      flags: ["--allow-read", "--allow-write=out"],
      want:
        /^Cannot load the bars of "sma_cross": needs ffi access to "[^"]*duckdb[^"]*"; run with --allow-ffi=.*--allow-ffi=node_modules is enough/m,
    },
    {
      flags: ["--allow-read", "--allow-ffi=node_modules"],
      want:
        /^Cannot run the sweep of "configs\/sma_optimize\.ts": needs write access to "[^"]*out\/library_quickstart\/sweep"; run with --allow-write=/m,
    },
  ];
  for (const { flags, want } of cases) {
    const r = await run([...BASE, ...flags, SCRIPT]);
    assert.equal(r.code, 2, `${flags.join(" ")}: exit ${r.code}\n${r.stderr}`);
    assert.match(r.stderr, want, `${flags.join(" ")}`);
  }
});

// ---------------------------------------------------------------- the views, on hand-made bars

const DAY = 86_400_000;
const buyFirst = defineStrategy({
  name: "buyFirst",
  params: z.strictObject({}),
  create: () => ({ onBar: (ctx) => void (ctx.index === 0 && ctx.buy()) }),
});
/** Closes 10, 11, 12, 12 a day apart from `t0`; 10 bought at bar 0's close fill at 11 (bar 1's open). */
function handRun(t0 = 0, stepMs = DAY) {
  const frame = frameFromRows(
    [10, 11, 12, 12].map((c, i) => ({ symbol: "A", tsMs: t0 + i * stepMs, open: c, high: c, low: c, close: c })),
    stepMs,
  );
  const config = parseConfig({
    name: "hand",
    data: { source: "unused.csv" },
    capital: 1000,
    strategy: { use: buyFirst, params: {} },
    risk: { sizing: { kind: "fixedQty", qty: 10 } },
  }, { file: "inline" });
  return backtest({ config, frame });
}

Deno.test("views: a run shows ISO times, the report's number format and its final equity", () => {
  const run = handRun(Date.UTC(2024, 0, 2));
  const { "text/html": html, "text/plain": text } = run[JUPYTER_DISPLAY]();
  // bought 10 at 11, marked at 12: 1000 + 10 × (12 − 11) = 1,010.00
  assert.ok(text.includes("1,010.00") && html.includes("<td>1,010.00</td>"));
  assert.ok(text.includes("2024-01-02 → 2024-01-05"), text);
  assert.ok(!/\b1\d{12}\b/.test(html + text), "no epoch milliseconds");
  const intraday = handRun(Date.UTC(2024, 0, 2, 14, 30), 60_000);
  assert.ok(intraday.text.includes("2024-01-02 14:30 → 2024-01-02 14:33"), intraday.text);
});

Deno.test("views: compare draws each run's cumulative return from its own capital", () => {
  const a = handRun();
  const v = compare({ first: a, again: a });
  assert.equal(v.html.match(/<path d="M/g)?.length, 2);
  // the highest cumulative return is 1,010 / 1,000 − 1 = 1.00%, the axis starts at 0.00%
  assert.ok(v.html.includes(">1.00%<") && v.html.includes(">0.00%<"), v.html.slice(0, 2000));
  assert.ok(metricsTable([a, a]).text.split("\n")[0]!.includes("hand {}"));
});

Deno.test("views: the tearsheet's frame holds report.html byte for byte", () => {
  const run = handRun();
  const sheet = tearsheet(run);
  const page = collectText(htmlReport(run.result, run.analysis, { frame: run.frame }));
  assert.equal(sheet.page, page);
  assert.equal(srcdoc(sheet.html), page);
  assert.ok(/<iframe [^>]*sandbox="allow-scripts"/.test(sheet.html));
});

Deno.test("views: a study lists its best runs, a failed one as failed, and its overfitting checks", async () => {
  const dir = await Deno.makeTempDir({ prefix: "study-view-" });
  try {
    await Deno.writeTextFile(
      `${dir}/results.json`,
      JSON.stringify({
        overfitting: { trials: 2, partitions: 4, dsr: 0.95, pbo: 0.25 },
        stability: { params: [{ param: "fast", label: "spike" }] },
      }),
    );
    const metrics = { sharpe: 1.5, maxDrawdown: -0.125 };
    const report: GridSearchReport = {
      dir,
      files: ["results.json"],
      notes: [],
      objective: "sharpe",
      runs: 3,
      completed: 3,
      failed: 1,
      interrupted: false,
      best: [
        { rank: 1, run: 2, params: { fast: 5 }, objective: 1.5, trades: 12, error: null, metrics },
        { rank: 2, run: 0, params: { fast: 10 }, objective: null, trades: 0, error: "boom", metrics: {} },
      ],
      cache: { hits: 0, misses: 0 } as unknown as GridSearchReport["cache"],
      stepping: { sparse: 2, everyBar: 0 },
      workers: 1,
      chunkSize: 1,
      replacedWorkers: 0,
      elapsedMs: 1,
    };
    const v = studyTable(report);
    assert.ok(v.text.includes("3 of 3 runs, 1 failed"));
    assert.ok(v.text.includes("Deflated Sharpe Ratio 95.00% (2 trials)"), v.text);
    assert.ok(v.text.includes("Probability of Backtest Overfitting 25.00% (4 partitions)"));
    assert.ok(v.text.includes("stability: fast spike"));
    const lines = v.text.split("\n");
    assert.match(lines.find((l) => l.startsWith("1 "))!, /^1\s+5\s+1\.50\s+12\s+1\.50\s+-12\.50%$/);
    assert.match(lines.find((l) => l.startsWith("2 "))!, /^2\s+10\s+failed\s+0/);
    assert.ok(v.html.includes("<td>-12.50%</td>") && !v.html.includes("<iframe"), "no heatmap written, no frame");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
