/**
 * Run one golden case and return the files it is compared on.
 *
 * A `backtest` case loads `config.ts`, runs it in process and writes its
 * result files with the project's own exporter (`writeResults`), so
 * `trades.csv`, `fills.csv`, `equity.csv` and `denials.csv` are exactly what
 * `deno task backtest` writes; `breakers.csv` lists the circuit-breaker
 * trips, and `metrics.json` holds the run's summary counts and
 * {@linkcode computeMetrics} of its equity curve and trades.
 *
 * A `walkForward` case runs the config's walk-forward study (one worker) and
 * takes its out-of-sample trades and stitched equity (`trades.csv`,
 * `equity.csv`), its `windows.csv`, and a `metrics.json` of the stitched
 * metrics; a study reports no denials, so it has no `denials.csv`.
 *
 * Numbers in `metrics.json` are written with `formatNumber` (8 decimals);
 * NaN and infinities are the strings `"NaN"`, `"Infinity"`, `"-Infinity"`.
 *
 * @module
 */
import { loadBars, loadConfig, runBacktest, walkForward, writeResults } from "../mod.ts";
import type { BacktestResult } from "../engine/result.ts";
import { latestRunDir } from "../engine/report/atomic_write.ts";
import { analyzeResult } from "../engine/report/analyze_result.ts";
import { loadBenchmarkFrame } from "../engine/report/benchmark.ts";
import { loadFxFrame } from "../engine/instruments/fx.ts";
import { computeMetrics } from "../engine/report/metrics/mod.ts";
import { csvDocument, formatNumber, isoTime } from "../engine/report/format.ts";
import type { GoldenMetadata } from "./metadata.ts";

/** A flat section of `metrics.json`: numbers, or text. */
export type MetricsSection = Readonly<Record<string, number | string>>;

/**
 * `metrics.json` text: sections of key → value, one key per line, numbers
 * in fixed form (`formatNumber`), non-finite numbers as strings.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { metricsJson } from "./run_case.ts";
 * const text = metricsJson({ metrics: { sharpe: 0.1 + 0.2, sortino: Infinity } });
 * assert.ok(text === '{\n  "metrics": {\n    "sharpe": 0.3,\n    "sortino": "Infinity"\n  }\n}\n');
 * ```
 */
export function metricsJson(sections: Readonly<Record<string, MetricsSection>>): string {
  const value = (v: number | string) =>
    typeof v === "string" ? JSON.stringify(v) : formatNumber(v) ?? JSON.stringify(String(v));
  const body = Object.entries(sections).map(([name, s]) =>
    `  ${JSON.stringify(name)}: {\n` +
    Object.entries(s).map(([k, v]) => `    ${JSON.stringify(k)}: ${value(v)}`).join(",\n") + "\n  }"
  );
  return `{\n${body.join(",\n")}\n}\n`;
}

/** The summary fields a golden case pins (counts exactly, money within the tolerance). */
const SUMMARY_FIELDS = [
  "bars",
  "symbols",
  "trades",
  "fills",
  "denials",
  "resizes",
  "breakerTrips",
  "openPositions",
  "initialCash",
  "finalEquity",
  "finalCash",
  "totalFees",
  "borrowCost",
  "realizedPnl",
  "unrealizedPnl",
] as const;

/**
 * `metrics.json` of a backtest: the run's summary and the metrics of its
 * equity curve and closed trades, with turnover from its fills and exposure
 * from the bars where equity differs from cash (a position is open).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { backtestMetricsJson } from "./run_case.ts";
 * import { frameFromRows, parseConfig, runBacktest } from "../mod.ts";
 * import { smaCross } from "../strategies/sma_cross.ts";
 * const day = 86_400_000;
 * const frame = frameFromRows([1, 2, 3].map((c, i) => ({ symbol: "A", tsMs: i * day, open: c, high: c, low: c, close: c })), day);
 * const config = parseConfig({
 *   name: "m", data: { source: "x.csv" }, capital: 100,
 *   strategy: { use: smaCross, params: { fast: 1, slow: 2 } }, risk: { sizing: { kind: "fixedQty", qty: 1 } },
 * }, { file: "inline" });
 * const m = JSON.parse(backtestMetricsJson(runBacktest(config, frame)));
 * assert.ok(m.summary.bars === 3 && m.metrics.numTrades === 0);
 * ```
 */
export function backtestMetricsJson(r: BacktestResult, periodsPerYear?: number): string {
  const summary: Record<string, number> = {};
  for (const k of SUMMARY_FIELDS) summary[k] = r.summary[k];
  let tradedNotional = 0;
  for (const f of r.fills) tradedNotional += Math.abs(f.qty * f.price);
  const metrics = computeMetrics({
    equity: r.equity.equity,
    tsMs: r.equity.tsMs,
    initial: r.config.capital,
    trades: r.trades,
    tradedNotional,
    // invested whenever equity differs from cash (prices are > 0)
    position: Array.from(r.equity.equity, (e, i) => e !== r.equity.cash[i]),
    ...(periodsPerYear !== undefined && { periodsPerYear }),
  });
  return metricsJson({ summary, metrics: { ...metrics } });
}

/**
 * `breakers.csv`: one circuit-breaker trip per row, with the closing orders
 * it submitted (`SYMBOL qty #orderId`, separated by `; `).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { breakersCsv } from "./run_case.ts";
 * assert.ok(breakersCsv({ breakerEvents: [] }) === "time,breaker,detail,flattened\n");
 * ```
 */
export function breakersCsv(r: Pick<BacktestResult, "breakerEvents">): string {
  return csvDocument(
    ["time", "breaker", "detail", "flattened"],
    r.breakerEvents.map((e) => [
      isoTime(e.tsMs),
      e.breaker,
      e.detail,
      e.flattened.map((f) => `${f.symbol} ${formatNumber(f.qty)} #${f.orderId}`).join("; "),
    ]),
  );
}

/**
 * Run the case in `dir` and return its files by name. Intermediate result
 * files (including `result.json`, or the whole walk-forward study) are left
 * in `runDir`, published as its newest run (`<runDir>/runs/<run id>/`, or
 * `<runDir>/walkforward/runs/<run id>/`): the files compared are that run's.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { runCase } from "./run_case.ts";
 * import { readMetadata } from "./metadata.ts";
 * const dir = "golden/01_sma_cross_daily", runDir = await Deno.makeTempDir();
 * const files = await runCase(dir, await readMetadata(dir), runDir);
 * assert.ok(files.get("trades.csv") === await Deno.readTextFile(`${dir}/expected/trades.csv`));
 * await Deno.remove(runDir, { recursive: true });
 * ```
 */
export async function runCase(dir: string, meta: GoldenMetadata, runDir: string): Promise<Map<string, string>> {
  const configPath = `${dir}/config.ts`;
  const files = new Map<string, string>();
  if (meta.kind === "walkForward") {
    const report = await walkForward({ configPath, workers: 1, outDir: `${runDir}/walkforward` });
    if (report.interrupted) throw new Error(`${dir}: the walk-forward study was interrupted`);
    const study = report.dir; // the study's own published run
    files.set("trades.csv", await Deno.readTextFile(`${study}/oos_trades.csv`));
    files.set("equity.csv", await Deno.readTextFile(`${study}/oos_equity.csv`));
    files.set("windows.csv", await Deno.readTextFile(`${study}/windows.csv`));
    files.set(
      "metrics.json",
      metricsJson({
        summary: {
          windows: report.windows.length,
          trainRuns: report.trainRuns,
          failedTrainRuns: report.failedTrainRuns,
          efficiency: report.efficiency,
        },
        stitched: { ...(report.stitched ?? {}) },
      }),
    );
    return files;
  }
  const config = await loadConfig(configPath, { out: runDir });
  if (!config.output.formats.includes("csv")) {
    throw new Error(`${configPath}: a golden config must write csv results (output.formats)`);
  }
  const frame = await loadBars(config.data);
  const fx = await loadFxFrame(config); // instruments.fx: the FX rates, a second frame
  const result = runBacktest(config, frame, fx === undefined ? {} : { fx });
  // result.json gets the benchmark; report.html stays without price charts (no `frame` for the writer)
  const analysis = analyzeResult(result, { frame, benchmarkFrame: await loadBenchmarkFrame(config) });
  await writeResults(result, runDir, { analysis });
  const run = await latestRunDir(runDir); // the run just published
  for (const name of ["trades.csv", "fills.csv", "equity.csv", "denials.csv"]) {
    files.set(name, await Deno.readTextFile(`${run}/${name}`));
  }
  // a rawWithActions run also writes the splits and dividends it applied
  if (result.corporateActions !== undefined) {
    files.set("corporate_actions.csv", await Deno.readTextFile(`${run}/corporate_actions.csv`));
  }
  files.set("breakers.csv", breakersCsv(result));
  files.set("metrics.json", backtestMetricsJson(result, meta.periodsPerYear));
  return files;
}
