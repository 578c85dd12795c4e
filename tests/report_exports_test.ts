/**
 * The export manager end to end: which files each format writes, that they
 * agree with each other and with the metric kernels run independently, that
 * they are byte-reproducible (on both SQL engines), small, and atomic.
 */
import assert from "node:assert/strict";
import { analyzeResult } from "../engine/report/analyze_result.ts";
import { collectBytes } from "../engine/report/byte_writer.ts";
import { formatNumber } from "../engine/report/format.ts";
import { htmlReport } from "../engine/report/html_report.ts";
import { computeMetrics } from "../engine/report/metrics/compute_metrics.ts";
import { drawdownSeries } from "../engine/report/metrics/drawdown_series.ts";
import { exists, runCli, runSandbox } from "./_cli.ts";
import { runPlan, type Step } from "./_report.ts";

const CSVS = ["trades.csv", "fills.csv", "equity.csv", "denials.csv", "breakdown_symbol.csv", "returns_monthly.csv"];
const ALL = ["result.json", ...CSVS, "report.html"];

async function withTmp(f: (tmp: string) => Promise<void>): Promise<void> {
  const tmp = await Deno.makeTempDir();
  try {
    await f(tmp);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
}

const listDir = (dir: string) => [...Deno.readDirSync(dir)].map((e) => e.name).sort();
const csvRows = (text: string) => text.trimEnd().split("\n").map((l) => l.split(","));
/** A CSV field as the JSON holds the same value: a number, null for empty, or the text. */
const jsonOf = (field: string) =>
  field === ""
    ? null
    : field === "Infinity"
    ? "Infinity"
    : /^-?\d+(\.\d+)?(e[+-]?\d+)?$/.test(field)
    ? Number(field)
    : field;

Deno.test("the sample config writes every json, csv and html file, and they agree with each other", () =>
  withTmp(async (tmp) => {
    const out = `${tmp}/o`;
    const r = await runCli(["configs/sma_cross.ts", "--out", out, "--no-record", "--quiet"], tmp);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(listDir(out), [...ALL].sort());
    const json = JSON.parse(await Deno.readTextFile(`${out}/result.json`));
    assert.equal(json.schemaVersion, 2);
    assert.deepEqual(json.equity.columns, ["time", "equity", "cash"]);
    const rows: [string, number, number][] = json.equity.rows;
    assert.equal(rows.length, json.summary.bars);

    // equity.csv: the same curve, plus the drawdown the kernel computes from it
    const eq = csvRows(await Deno.readTextFile(`${out}/equity.csv`));
    assert.deepEqual(eq[0], ["time", "equity", "cash", "drawdown"]);
    const equity = Float64Array.from(rows, (x) => x[1]);
    const dd = drawdownSeries(equity, json.summary.initialCash);
    rows.forEach(([t, e, c], i) => {
      const row = eq[i + 1]!;
      assert.deepEqual([row[0], Number(row[1]), Number(row[2])], [t, e, c]);
      assert.equal(row[3], formatNumber(dd[i]!), `drawdown at ${t}`);
    });

    // metrics: the kernels run again on the written curve give the written values
    const tsMs = Float64Array.from(rows, (x) => Date.parse(x[0]));
    const m = computeMetrics({ equity, tsMs, initial: json.summary.initialCash, riskFree: 0 });
    for (
      const k of ["totalReturn", "cagr", "annualVolatility", "sharpe", "sortino", "maxDrawdown", "calmar"] as const
    ) {
      assert.ok(Math.abs(json.metrics[k] - m[k]) <= 1e-8, `${k}: ${json.metrics[k]} vs ${m[k]}`);
    }
    assert.equal(
      json.metrics.maxDrawdownTroughTime,
      new Date(m.maxDrawdownTroughTimeMs).toISOString().replace(".000", ""),
    );
    assert.equal(json.metrics.numTrades, json.trades.length);

    // breakdown_symbol.csv and returns_monthly.csv hold the JSON's breakdowns
    const sym = csvRows(await Deno.readTextFile(`${out}/breakdown_symbol.csv`));
    assert.equal(sym.length - 1, json.breakdowns.bySymbol.length);
    sym.slice(1).forEach((row, i) => {
      const rec = json.breakdowns.bySymbol[i];
      sym[0]!.forEach((col, c) => assert.deepEqual(jsonOf(row[c]!), rec[col], `bySymbol.${col}`));
    });
    const mon = csvRows(await Deno.readTextFile(`${out}/returns_monthly.csv`));
    assert.deepEqual(mon[0], ["period", "year", "month", "bars", "startEquity", "endEquity", "return"]);
    assert.equal(mon.length - 1, json.breakdowns.returns.monthly.length);
    mon.slice(1).forEach((row, i) => {
      const rec = json.breakdowns.returns.monthly[i];
      mon[0]!.forEach((col, c) => assert.deepEqual(jsonOf(row[c]!), rec[col], `monthly.${col}`));
    });

    // report.html: self-contained and small
    const html = await Deno.readTextFile(`${out}/report.html`);
    assert.ok(html.length < 3_000_000, `report.html is ${html.length} bytes`);
    assert.ok(!/<script[^>]*\ssrc=|<link\b|<img\b|@import/i.test(html), "no external resource");
    assert.ok(!/\burl\(\s*['"]?(?!#)/.test(html), "no CSS url() but in-page references");
    assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
  }));

Deno.test("--formats picks the files; an unknown format is exit 2 and writes nothing", () =>
  withTmp(async (tmp) => {
    const csv = await runCli(["configs/sma_cross.ts", "--out", `${tmp}/c`, "--formats", "csv", "--no-record"], tmp);
    assert.equal(csv.code, 0, csv.stderr);
    assert.deepEqual(listDir(`${tmp}/c`), [...CSVS].sort());
    const two = await runCli(
      ["configs/sma_cross.ts", "--out", `${tmp}/j`, "--formats", "html,json", "--no-record"],
      tmp,
    );
    assert.equal(two.code, 0, two.stderr);
    assert.deepEqual(listDir(`${tmp}/j`), ["report.html", "result.json"]);
    const bad = await runCli(["configs/sma_cross.ts", "--out", `${tmp}/x`, "--formats", "json,xlsx"], tmp);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--formats: unknown format "xlsx"; expected json, csv or html/);
    assert.equal(await exists(`${tmp}/x`), false);
  }));

Deno.test("an output directory that cannot be written is exit 2 and leaves no partial file", () =>
  withTmp(async (tmp) => {
    // an earlier run's CSV files
    const before = await runCli(["configs/sma_cross.ts", "--out", `${tmp}/o`, "--no-record", "--formats", "csv"], tmp);
    assert.equal(before.code, 0, before.stderr);
    const earlier = new Map(CSVS.map((f) => [f, Deno.readFileSync(`${tmp}/o/${f}`)]));
    // a directory where report.html should go fails the last rename, after the others were written and renamed
    await Deno.mkdir(`${tmp}/o/report.html`);
    const r = await runCli(
      ["configs/sma_cross.ts", "--out", `${tmp}/o`, "--no-record", "--set", "strategy.params.fast=5"],
      tmp,
    );
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /Cannot write results to ".*\/o": ".*report\.html" is a directory/);
    assert.deepEqual(listDir(`${tmp}/o`), [...CSVS, "report.html"].sort(), "no result.json, no temporary file");
    for (const f of CSVS) assert.deepEqual(Deno.readFileSync(`${tmp}/o/${f}`), earlier.get(f), `${f} untouched`);
    // and outside the allowed directory: permission denied, nothing written
    const denied = await runCli(["configs/sma_cross.ts", "--out", `${tmp}-elsewhere/o`, "--no-record"], tmp);
    assert.equal(denied.code, 2);
    assert.match(denied.stderr, /permission denied/);
    assert.equal(await exists(`${tmp}-elsewhere`), false);
  }));

Deno.test("every file, report.html included, is byte-identical on a second run and on the sandboxed engine", () =>
  withTmp(async (tmp) => {
    const out = `${tmp}/o`;
    const first = await runCli(["configs/sma_cross.ts", "--out", out, "--quiet", "--no-record"], tmp);
    assert.equal(first.code, 0, first.stderr);
    const bytes = new Map(ALL.map((f) => [f, Deno.readFileSync(`${out}/${f}`)]));
    await Deno.remove(out, { recursive: true });
    const second = await runCli(["configs/sma_cross.ts", "--out", out, "--quiet", "--no-record"], tmp);
    assert.equal(second.code, 0, second.stderr);
    for (const f of ALL) assert.deepEqual(Deno.readFileSync(`${out}/${f}`), bytes.get(f), f);
    await Deno.remove(out, { recursive: true });
    const sandbox = await runSandbox(["configs/sma_cross.ts", "--out", out, "--quiet", "--no-record"]);
    assert.equal(sandbox.code, 0, sandbox.stderr);
    for (const f of ALL) assert.deepEqual(Deno.readFileSync(`${out}/${f}`), bytes.get(f), `sandbox ${f}`);
  }));

Deno.test("the risk demo's denials, resizes and trips are in result.json, denials.csv and report.html", () =>
  withTmp(async (tmp) => {
    const out = `${tmp}/o`;
    const r = await runCli(["configs/risk_demo.ts", "--out", out, "--no-record", "--formats", "json,csv,html"], tmp);
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(await Deno.readTextFile(`${out}/result.json`));
    const byRule: Record<string, number> = {};
    const csv = (await Deno.readTextFile(`${out}/denials.csv`)).trimEnd().split("\n").slice(1);
    // the rule is the 4th field; the detail after it may hold quoted commas
    for (const line of csv) byRule[line.split(",")[3]!] = (byRule[line.split(",")[3]!] ?? 0) + 1;
    assert.deepEqual(json.riskEvents.denialsByRule, byRule);
    assert.equal(json.riskEvents.denials, csv.length);
    assert.ok(Object.keys(byRule).length >= 10);
    assert.equal(json.riskEvents.breakerTrips, json.breakerEvents.length);
    const html = await Deno.readTextFile(`${out}/report.html`);
    assert.match(html, /Denials by rule/);
    for (const rule of Object.keys(byRule)) assert.ok(html.includes(`<td class="l">${rule}</td>`), rule);
    assert.match(html, /Circuit breaker trips/);
    assert.match(html, /Orders resized by rule/);
  }));

Deno.test("report.html stays small: four symbols over ten years, and a 300,000-bar intraday run, downsampled", () =>
  withTmp(async (tmp) => {
    const r = await runCli([
      "configs/sma_cross.ts",
      "--data",
      "data/sample/???.csv",
      "--out",
      `${tmp}/o`,
      "--no-record",
    ], tmp);
    assert.equal(r.code, 0, r.stderr);
    const html = await Deno.readTextFile(`${tmp}/o/report.html`);
    assert.ok(html.length < 3_000_000, `${html.length} bytes`);
    assert.equal((html.match(/class="chart" id="chart-price-/g) ?? []).length, 4);

    // a random walk of minute bars, traded every 1,000 bars
    const n = 300_000;
    let x = 100, seed = 7;
    const rows = Array.from({ length: n }, (_, i) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      x *= 1 + (seed / 2147483648 - 0.5) * 0.002;
      return { symbol: "M", tsMs: Date.UTC(2024, 0, 1) + i * 60_000, open: x, high: x, low: x, close: x };
    });
    const plan: Step[] = Array.from({ length: 300 }, (_, k) => ["M", k * 1000, k % 2 ? "sell" : "buy", 1] as const);
    const { result, frame } = runPlan(rows, plan, {}, 60_000);
    const big = new TextDecoder().decode(collectBytes(htmlReport(result, analyzeResult(result), { frame })));
    assert.ok(big.length < 1_500_000, `${big.length} bytes`);
    assert.match(big, /Curves drawn from [\d,]+ of 300,000 points/);
    assert.match(big, /candles of \d+ bars/);
  }));
