/**
 * The export manager end to end: which files each format writes, that they
 * agree with each other and with the metric kernels run independently, that
 * they are byte-reproducible (on both SQL engines), small, and atomic.
 */
import assert from "node:assert/strict";
import { analyzeResult } from "../engine/report/analyze_result.ts";
import { collectBytes } from "../engine/report/byte_writer.ts";
import { formatNumber, isoTime } from "../engine/report/format.ts";
import { htmlReport } from "../engine/report/html_report.ts";
import { displayValue } from "../engine/report/display.ts";
import { computeMetrics } from "../engine/report/metrics/compute_metrics.ts";
import { drawdownSeries } from "../engine/report/metrics/drawdown_series.ts";
import {
  conditionalValueAtRisk,
  kurtosis,
  omegaRatio,
  riskFreePerPeriod,
  simpleReturns,
  skew,
  stabilityOfTimeseries,
  tailRatio,
  valueAtRisk,
} from "../engine/report/metrics/mod.ts";
import { resultFiles } from "../engine/report/write_results.ts";
import { readEquityFile } from "../engine/report/result_json.ts";
import { formatSummary } from "../cli/summary.ts";
import { exists, latestRun, leftovers, ROOT, runCli, runSandbox, setProblems, withTmp } from "./_cli.ts";
import { taskArgs } from "./_optimize.ts";
import { runPlan, type Step } from "./_report.ts";

const CSVS = ["trades.csv", "fills.csv", "equity.csv", "denials.csv", "breakdown_symbol.csv", "returns_monthly.csv"];
const ALL = ["result.json", "equity.parquet", ...CSVS, "report.html"];

/** The distribution metrics of `result.json`, each the kernel of `engine/report/metrics/` on the per-bar returns. */
function distributionKernels(returns: Float64Array, periodsPerYear: number, riskFree: number) {
  return {
    omegaRatio: omegaRatio(returns, 0, periodsPerYear, riskFreePerPeriod(riskFree, periodsPerYear)),
    tailRatio: tailRatio(returns),
    valueAtRisk: valueAtRisk(returns),
    conditionalValueAtRisk: conditionalValueAtRisk(returns),
    stability: stabilityOfTimeseries(returns),
    skew: skew(returns),
    kurtosis: kurtosis(returns),
  };
}

/** Assert each written metric is its kernel's value (finite, rounded to 8 decimals in JSON). */
function assertDistribution(written: Record<string, unknown>, want: Record<string, number>): void {
  for (const [k, v] of Object.entries(want)) {
    assert.ok(Number.isFinite(v), `${k}: the kernel gives ${v}`);
    const got = written[k];
    assert.equal(typeof got, "number", `${k}: ${got}`);
    assert.ok(Math.abs((got as number) - v) <= 5e-9 * Math.max(1, Math.abs(v)), `${k}: ${got} vs ${v}`);
  }
}

const listDir = (dir: string) => [...Deno.readDirSync(dir)].map((e) => e.name).sort();
/** The files of the newest run published under an output root, the manifest aside. */
const listRun = async (root: string) => listDir(await latestRun(root)).filter((f) => f !== "manifest.json");
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
    const r = await runCli(["configs/sma_cross.ts", "--out", `${tmp}/o`, "--no-record", "--quiet"], tmp);
    assert.equal(r.code, 0, r.stderr);
    const out = await latestRun(`${tmp}/o`);
    assert.deepEqual(listDir(out), [...ALL, "manifest.json"].sort());
    assert.deepEqual(await setProblems(out), []);
    const json = JSON.parse(await Deno.readTextFile(`${out}/result.json`));
    assert.equal(json.schemaVersion, 3);
    assert.deepEqual(json.equity, {
      file: "equity.parquet",
      rows: json.summary.bars,
      columns: ["time", "equity", "cash"],
    });
    const curve = await readEquityFile(`${out}/equity.parquet`);
    const rows: [string, number, number][] = Array.from(
      curve.tsMs,
      (t, i) => [isoTime(t), curve.equity[i]!, curve.cash[i]!],
    );
    assert.equal(rows.length, json.summary.bars);

    // equity.csv: the same curve in text (equity.parquet holds the exact doubles), plus the drawdown the kernel computes
    const eq = csvRows(await Deno.readTextFile(`${out}/equity.csv`));
    assert.deepEqual(eq[0], ["time", "equity", "cash", "drawdown"]);
    const equity = Float64Array.from(rows, (x) => x[1]);
    const dd = drawdownSeries(equity, json.summary.initialCash);
    rows.forEach(([t, e, c], i) => {
      const row = eq[i + 1]!;
      assert.deepEqual([row[0], row[1], row[2]], [t, formatNumber(e), formatNumber(c)]);
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
    // omega, tail ratio, VaR, CVaR, stability, skew, kurtosis: the kernels on the run's per-bar returns
    assertDistribution(
      json.metrics,
      distributionKernels(simpleReturns(equity, json.summary.initialCash), json.metrics.periodsPerYear, 0),
    );

    // breakdown_symbol.csv and returns_monthly.csv hold the JSON's breakdowns
    const sym = csvRows(await Deno.readTextFile(`${out}/breakdown_symbol.csv`));
    assert.equal(sym.length - 1, json.breakdowns.bySymbol.length);
    sym.slice(1).forEach((row, i) => {
      const rec = json.breakdowns.bySymbol[i];
      sym[0]!.forEach((col, c) => assert.deepEqual(jsonOf(row[c]!), rec[col], `bySymbol.${col}`));
    });
    const mon = csvRows(await Deno.readTextFile(`${out}/returns_monthly.csv`));
    // the sample config is measured against its default benchmark: its return and the excess per month
    assert.deepEqual(mon[0], [
      "period",
      "year",
      "month",
      "bars",
      "startEquity",
      "endEquity",
      "return",
      "benchmarkReturn",
      "excessReturn",
    ]);
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

Deno.test("omega, tail ratio, VaR, CVaR, stability, skew and kurtosis reach result.json, the HTML table and the summary", () => {
  const day = 86_400_000;
  const t0 = Date.UTC(2024, 0, 1);
  const closes = [10, 10.4, 10.1, 10.9, 10.6, 11.3, 10.8, 11.6, 11.2, 12.1, 11.5, 12.4, 12, 12.9, 12.3, 13.1];
  const rows = closes.map((c, i) => ({ symbol: "A", tsMs: t0 + i * day, open: c, high: c, low: c, close: c }));
  const riskFree = 0.03;
  const { result, frame } = runPlan(rows, [["A", 0, "buy", 50], ["A", 9, "sell", 20]], {
    output: { metrics: { riskFree } },
  });
  const analysis = analyzeResult(result);
  const files = new Map(
    resultFiles(result, ["json", "html"], { analysis, frame }).map((
      f,
    ) => [f.name, new TextDecoder().decode(collectBytes(f.content as never))]),
  );
  const json = JSON.parse(files.get("result.json")!);
  const returns = simpleReturns(result.equity.equity, result.summary.initialCash);
  const want = distributionKernels(returns, 252, riskFree);
  assert.equal(json.metrics.periodsPerYear, 252);
  assert.equal(json.metrics.riskFree, riskFree);
  assertDistribution(json.metrics, want);
  // the in-memory metrics are the kernels' values exactly
  for (const [k, v] of Object.entries(want)) assert.equal(analysis.metrics[k as keyof typeof want], v, k);
  // riskFree moves omega's threshold: it is not the empyrical default (0) here
  assert.notEqual(want.omegaRatio, omegaRatio(returns, 0, 252, 0));
  // placed after turnover, before the trade statistics
  const keys = Object.keys(json.metrics);
  assert.deepEqual(keys.slice(keys.indexOf("turnover"), keys.indexOf("numTrades")), ["turnover", ...Object.keys(want)]);

  const html = files.get("report.html")!;
  const summary = formatSummary(result, [], { loadMs: 1, runMs: 1, writeMs: 1 }, { analysis });
  for (
    const [k, label, kind] of [
      ["omegaRatio", "Omega ratio", "ratio"],
      ["tailRatio", "Tail ratio", "ratio"],
      ["valueAtRisk", "Value at risk (5%)", "pct"],
      ["conditionalValueAtRisk", "Conditional VaR (5%)", "pct"],
      ["stability", "Stability (R²)", "ratio"],
      ["skew", "Skew", "ratio"],
      ["kurtosis", "Excess kurtosis", "ratio"],
    ] as const
  ) {
    assert.ok(html.includes(label), `HTML row ${label}`);
    assert.ok(html.includes(displayValue(want[k], kind)), `HTML value of ${k}`);
    assert.ok(summary.includes(displayValue(want[k], kind)), `summary value of ${k}`);
  }
  assert.match(summary, /distribution +omega [-\d.]+, tail ratio /);
});

Deno.test("--formats picks the files; an unknown format is exit 2 and writes nothing", () =>
  withTmp(async (tmp) => {
    const csv = await runCli(["configs/sma_cross.ts", "--out", `${tmp}/c`, "--formats", "csv", "--no-record"], tmp);
    assert.equal(csv.code, 0, csv.stderr);
    assert.deepEqual(await listRun(`${tmp}/c`), [...CSVS].sort());
    const two = await runCli(
      ["configs/sma_cross.ts", "--out", `${tmp}/j`, "--formats", "html,json", "--no-record"],
      tmp,
    );
    assert.equal(two.code, 0, two.stderr);
    assert.deepEqual(await listRun(`${tmp}/j`), ["equity.parquet", "report.html", "result.json"]);
    const bad = await runCli(["configs/sma_cross.ts", "--out", `${tmp}/x`, "--formats", "json,xlsx"], tmp);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--formats: unknown format "xlsx"; expected json, csv or html/);
    assert.equal(await exists(`${tmp}/x`), false);
  }));

Deno.test("an output root that cannot be written is exit 2 and leaves no partial file", () =>
  withTmp(async (tmp) => {
    // a root whose runs/ is a file, and one whose latest.txt is a folder: refused before anything is written
    await Deno.mkdir(`${tmp}/f`);
    await Deno.writeTextFile(`${tmp}/f/runs`, "not a folder");
    await Deno.mkdir(`${tmp}/d/latest.txt`, { recursive: true });
    for (const [root, why] of [[`${tmp}/f`, /runs/], [`${tmp}/d`, /latest\.txt" is not a file/]] as const) {
      const r = await runCli(["configs/sma_cross.ts", "--out", root, "--no-record"], tmp);
      assert.equal(r.code, 2, r.stderr);
      assert.ok(r.stderr.startsWith(`error: Cannot write results to "${root}": `), r.stderr);
      assert.match(r.stderr, why);
      assert.deepEqual(await leftovers(root), []);
    }
    assert.deepEqual(listDir(`${tmp}/f`), ["runs"]);
    assert.deepEqual(listDir(`${tmp}/d`), ["latest.txt"]);
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
    const files = [...ALL, "manifest.json"];
    const run1 = await latestRun(out);
    const bytes = new Map(files.map((f) => [f, Deno.readFileSync(`${run1}/${f}`)]));
    const second = await runCli(["configs/sma_cross.ts", "--out", out, "--quiet", "--no-record"], tmp);
    assert.equal(second.code, 0, second.stderr);
    const run2 = await latestRun(out);
    assert.notEqual(run2, run1);
    for (const f of files) assert.deepEqual(Deno.readFileSync(`${run2}/${f}`), bytes.get(f), f);
    const sandbox = await runSandbox(["configs/sma_cross.ts", "--out", out, "--quiet", "--no-record"]);
    assert.equal(sandbox.code, 0, sandbox.stderr);
    const run3 = await latestRun(out);
    for (const f of files) assert.deepEqual(Deno.readFileSync(`${run3}/${f}`), bytes.get(f), `sandbox ${f}`);
  }));

Deno.test("the risk demo's denials, resizes and trips are in result.json, denials.csv and report.html", () =>
  withTmp(async (tmp) => {
    const r = await runCli(
      ["configs/risk_demo.ts", "--out", `${tmp}/o`, "--no-record", "--formats", "json,csv,html"],
      tmp,
    );
    assert.equal(r.code, 0, r.stderr);
    const out = await latestRun(`${tmp}/o`);
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
    const html = await Deno.readTextFile(`${await latestRun(`${tmp}/o`)}/report.html`);
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

Deno.test("text written to CSV that a spreadsheet would run as a formula is escaped (OWASP); numbers stay numbers", async () => {
  const { streamTradesCsv, streamFillsCsv, streamDenialsCsv, streamBreakdownSymbolCsv } = await import(
    "../engine/report/csv_exports.ts"
  );
  const decode = (b: Uint8Array) => new TextDecoder().decode(b).split("\n")[1]!;
  const trades = [{
    symbol: '=HYPERLINK("http://x","y")',
    side: "long",
    qty: 2,
    entryTimeMs: 0,
    entryPrice: 10,
    exitTimeMs: 60_000,
    exitPrice: 11.5,
    pnl: -3,
    fees: 0,
  }] as const;
  assert.equal(
    decode(collectBytes(streamTradesCsv({ trades }))),
    `"'=HYPERLINK(""http://x"",""y"")",long,2,1970-01-01T00:00:00Z,10,1970-01-01T00:01:00Z,11.5,-3,0,,,,`,
  );
  const fills = [{
    orderId: 1,
    tsMs: 0,
    symbol: "+A",
    side: "buy",
    qty: 5,
    price: 10.25,
    fee: 0.1,
    orderType: "market",
    reason: "@SUM(1)" as "open",
    liquidity: "taker",
    slippage: -0.5,
  }] as const;
  assert.equal(
    decode(collectBytes(streamFillsCsv({ fills }))),
    `1,1970-01-01T00:00:00Z,"'+A",buy,5,10.25,0.1,market,"'@SUM(1)",taker,-0.5`,
  );
  const denials = [{ tsMs: 0, symbol: "\tA", intent: "-1+1", rule: "cash", detail: "\rcmd" }];
  assert.equal(
    decode(collectBytes(streamDenialsCsv({ denials }))),
    `1970-01-01T00:00:00Z,"'\tA","'-1+1",cash,"'\rcmd"`,
  );
  const row = {
    symbol: "-2",
    trades: 1,
    wins: 0,
    losses: 1,
    winRate: 0,
    netPnl: -5,
    openPnl: 0,
    totalPnl: -5,
    profitFactor: 0,
    avgWin: NaN,
    avgLoss: -5,
    expectancy: -5,
    fees: 0,
    exposure: 0.5,
  };
  assert.ok(decode(collectBytes(streamBreakdownSymbolCsv([row]))).startsWith(`"'-2",1,0,1,0,-5,0,-5,`));
});

/** Every `.csv` file under a directory, by path relative to it. */
async function csvFiles(dir: string, rel = ""): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for await (const e of Deno.readDir(`${dir}/${rel}`)) {
    const path = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory) { for (const [k, v] of await csvFiles(dir, path)) found.set(k, v); }
    else if (e.name.endsWith(".csv")) found.set(path, await Deno.readTextFile(`${dir}/${path}`));
  }
  return found;
}

Deno.test("a symbol and a parameter text that a spreadsheet would run are escaped in every CSV file of a backtest and a study", () =>
  withTmp(async (tmp) => {
    const evil = "=cmd|' /C calc'!A0";
    // the sample bars, under a Symbol column that holds the formula
    const [head, ...rows] = (await Deno.readTextFile(`${ROOT}data/sample/AAA.csv`)).trimEnd().split("\n");
    await Deno.writeTextFile(
      `${tmp}/bars.csv`,
      [`${head},Symbol`, ...rows.map((r) => `${r},${evil}`)].join("\n") + "\n",
    );
    const mod = new URL("../mod.ts", import.meta.url).href,
      sma = new URL("../strategies/sma_cross.ts", import.meta.url).href;
    // SMA cross with a text parameter, adding to a position it holds so that the limit denies (denials.csv)
    await Deno.writeTextFile(
      `${tmp}/c.ts`,
      `import { defineConfig, defineStrategy } from "${mod}";
import { smaCross } from "${sma}";
import { z } from "zod";
const tagged = defineStrategy({
  name: "tagged",
  params: z.strictObject({ fast: z.number(), slow: z.number(), tag: z.string() }),
  create(p, setup) {
    const inner = smaCross.create({ fast: p.fast, slow: p.slow }, setup);
    return { onBar(ctx) { inner.onBar(ctx); if (ctx.exposure() > 0) ctx.buy(); } };
  },
});
export default defineConfig({
  name: "evil", data: { source: ${JSON.stringify(`${tmp}/bars.csv`)} }, capital: 100_000,
  strategy: { use: tagged, params: { fast: 10, slow: 30, tag: ${JSON.stringify(evil)} } },
  risk: { sizing: { kind: "fixedQty", qty: 10 }, limits: { mode: "deny", perSymbol: { maxQty: 10 } } },
  optimize: {
    params: { fast: [5, 10], tag: [${JSON.stringify(evil)}, "-1+1"] },
    top: 1,
    walkForward: { train: "3y", test: "2y" },
  },
});
`,
    );
    const bt = await runCli([`${tmp}/c.ts`, "--out", `${tmp}/bt`, "--no-record", "--quiet"], tmp);
    assert.equal(bt.code, 0, bt.stderr);
    for (const task of ["optimize", "walkforward"]) {
      const out = await new Deno.Command(Deno.execPath(), {
        args: [...await taskArgs(task, tmp), `${tmp}/c.ts`, "--workers", "1", "--out", `${tmp}/${task}`],
        cwd: ROOT,
        stdout: "piped",
        stderr: "piped",
      }).output();
      assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    }
    const holding = new Set<string>();
    for (const root of ["bt", "optimize", "walkforward"]) {
      for (const [name, text] of await csvFiles(await latestRun(`${tmp}/${root}`))) {
        for (const [i, line] of text.split("\n").entries()) {
          for (const bad of [evil, "-1+1"]) {
            const raw = line.split(bad).length - 1, escaped = line.split(`"'${bad}"`).length - 1;
            assert.equal(raw, escaped, `${root}/${name} line ${i + 1}: ${line}`);
            if (raw > 0) holding.add(`${root}/${name}`);
          }
        }
      }
    }
    // the text reached every file that has a text column
    assert.deepEqual([...holding].sort(), [
      "bt/breakdown_symbol.csv",
      "bt/denials.csv",
      "bt/fills.csv",
      "bt/trades.csv",
      "optimize/results.csv",
      "optimize/top/01/breakdown_symbol.csv",
      "optimize/top/01/denials.csv",
      "optimize/top/01/fills.csv",
      "optimize/top/01/trades.csv",
      "walkforward/oos_trades.csv",
      "walkforward/windows.csv",
    ]);
  }));
