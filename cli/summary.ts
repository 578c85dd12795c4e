/**
 * The terminal summary of one run: what ran, the headline numbers, what the
 * risk manager did, how long each stage took and where the files went.
 *
 * @module
 */
import type { Analysis } from "../engine/report/analyze_result.ts";
import { displayValue } from "../engine/report/display.ts";
import type { BacktestResult } from "../engine/result.ts";

const money = (x: number) => displayValue(x, "money");
const int = (x: number) => x.toLocaleString("en-US");
const pct = (
  x: number,
) => (Number.isFinite(x) ? `${x >= 0 ? "+" : ""}${(x * 100).toFixed(2)}%` : displayValue(x, "pct"));
const day = (ms: number) => new Date(ms).toISOString().replace("T00:00:00.000Z", "").replace(".000Z", "Z");

/**
 * Timings of one run's stages, in ms.
 *
 * @example
 * ```ts
 * import type { Timings } from "./summary.ts";
 * const t: Timings = { loadMs: 300, runMs: 100, writeMs: 400 };
 * console.log(t.loadMs + t.runMs + t.writeMs);
 * ```
 */
export interface Timings {
  readonly loadMs: number;
  readonly runMs: number;
  readonly writeMs: number;
}

/**
 * What the summary adds beyond the run itself.
 *
 * @example
 * ```ts
 * import type { SummaryExtras } from "./summary.ts";
 * const extras: SummaryExtras = { history: "recorded as run 1 in out/results.duckdb" };
 * console.log(extras.history);
 * ```
 */
export interface SummaryExtras {
  /** The run's metrics and breakdowns: shown as the headline metrics. */
  readonly analysis?: Analysis;
  /** One line about the results history: where the run was recorded, or why not. */
  readonly history?: string;
}

function metricRows(a: Analysis): [string, string][] {
  const m = a.metrics;
  const v = (x: number, kind: Parameters<typeof displayValue>[1]) => displayValue(x, kind);
  const rows: [string, string][] = [
    ["return", `${pct(m.totalReturn)}  (CAGR ${v(m.cagr, "pct")}, calendar ${v(m.cagrCalendar, "pct")})`],
    [
      "risk-adjusted",
      `Sharpe ${v(m.sharpe, "ratio")}, Sortino ${v(m.sortino, "ratio")}, Calmar ${v(m.calmar, "ratio")}, volatility ${
        v(m.annualVolatility, "pct")
      }`,
    ],
    [
      "max drawdown",
      `${v(m.maxDrawdown, "pct")}${
        m.maxDrawdown < 0
          ? ` (${v(m.maxDrawdownDurationMs, "duration")} peak to trough, ${
            Number.isNaN(m.timeToRecoverMs) ? "not recovered" : `recovered in ${v(m.timeToRecoverMs, "duration")}`
          })`
          : ""
      }`,
    ],
    [
      "distribution",
      `omega ${v(m.omegaRatio, "ratio")}, tail ratio ${v(m.tailRatio, "ratio")}, VaR 5% ${
        v(m.valueAtRisk, "pct")
      }, CVaR 5% ${v(m.conditionalValueAtRisk, "pct")}, stability ${v(m.stability, "ratio")}, skew ${
        v(m.skew, "ratio")
      }, kurtosis ${v(m.kurtosis, "ratio")}`,
    ],
    [
      "trade stats",
      `win rate ${v(m.winRate, "pct")}, profit factor ${v(m.profitFactor, "ratio")}, expectancy ${
        v(m.expectancy, "money")
      }, avg hold ${v(m.avgHoldingMs, "duration")}`,
    ],
    ["exposure", `${v(m.exposure, "pct")} of bars, turnover ${v(m.turnover, "ratio")}× mean equity`],
    [
      "best / worst",
      `day ${pct(m.bestDay)} / ${pct(m.worstDay)}, month ${pct(m.bestMonth)} / ${pct(m.worstMonth)}, year ${
        pct(m.bestYear)
      } / ${pct(m.worstYear)}`,
    ],
  ];
  const b = a.benchmark;
  if (b) {
    const bm = b.metrics, rel = b.relative;
    rows.push([
      "benchmark",
      `${b.name}: ${pct(bm.totalReturn)} (CAGR ${v(bm.cagr, "pct")}, Sharpe ${v(bm.sharpe, "ratio")}, max drawdown ${
        v(bm.maxDrawdown, "pct")
      }); alpha ${v(rel.alpha, "pct")}, beta ${v(rel.beta, "ratio")}, information ratio ${
        v(rel.informationRatio, "ratio")
      }`,
    ]);
  }
  const mc = a.monteCarlo;
  if (mc) {
    const r = mc.returns, ci = `${Math.round(mc.confidence * 100)}%`;
    rows.push([
      "monte carlo",
      `${v(mc.paths, "int")} paths, blocks of ${mc.blockLength} bars: final return ${
        pct(r.finalReturn.median)
      } (${ci} ${pct(r.finalReturn.lower)} to ${pct(r.finalReturn.upper)}), max drawdown ${
        v(r.maxDrawdown.median, "pct")
      } (${ci} ${v(r.maxDrawdown.lower, "pct")} to ${v(r.maxDrawdown.upper, "pct")}), Sharpe ${
        v(r.sharpe.median, "ratio")
      }; P(drawdown ≥ ${v(mc.ruinDrawdown, "pct")}) ${v(r.probabilityOfRuin, "pct")}${
        mc.trades ? `, ${v(mc.trades.probabilityOfRuin, "pct")} over trades` : ""
      }`,
    ]);
  }
  if (!Number.isFinite(m.periodsPerYear)) {
    rows.push(["note", "annualised metrics need output.metrics.periodsPerYear for intraday bars"]);
  }
  return rows;
}

/**
 * Render the terminal summary of a run.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { frameFromRows } from "../engine/data/bar_frame.ts";
 * import { parseConfig } from "../engine/config/parse_config.ts";
 * import { runBacktest } from "../engine/backtest.ts";
 * import { defineStrategy } from "../engine/strategy/types.ts";
 * import { analyzeResult } from "../engine/report/analyze_result.ts";
 * import { z } from "zod";
 * import { formatSummary } from "./summary.ts";
 * const idle = defineStrategy({ name: "idle", params: z.strictObject({}), create: () => ({ onBar: () => {} }) });
 * const frame = frameFromRows([1, 2].map((c, i) => ({ symbol: "A", tsMs: i * 86_400_000, open: c, high: c, low: c, close: c })), 86_400_000);
 * const config = parseConfig({
 *   name: "idle", data: { source: "x.csv" }, capital: 100,
 *   strategy: { use: idle, params: {} }, risk: { sizing: { kind: "fixedQty", qty: 1 } },
 * }, { file: "inline" });
 * const r = runBacktest(config, frame);
 * const text = formatSummary(r, ["out/idle/result.json"], { loadMs: 1, runMs: 1, writeMs: 1 }, { analysis: analyzeResult(r) });
 * assert.match(text, /final equity +100\.00/);
 * assert.match(text, /risk-adjusted +Sharpe —/);
 * ```
 */
export function formatSummary(
  r: BacktestResult,
  written: readonly string[],
  t: Timings,
  extras: SummaryExtras = {},
): string {
  const s = r.summary;
  const c = r.config;
  const rows: [string, string][] = [
    ["strategy", `${c.strategy.use.name} ${JSON.stringify(c.strategy.params)}`],
    ["symbols", r.symbols.join(", ")],
    ["period", `${day(s.firstBarMs)} → ${day(s.lastBarMs)} (${int(s.bars)} bars)`],
    ["initial cash", money(s.initialCash)],
    ["final equity", `${money(s.finalEquity)}  (${pct(s.finalEquity / s.initialCash - 1)})`],
    ["final cash", money(s.finalCash)],
    ["realized P&L", money(s.realizedPnl)],
    ["unrealized P&L", money(s.unrealizedPnl)],
    ["fees", money(s.totalFees)],
    ["trades", `${int(s.trades)}  (${int(s.fills)} fills)`],
    ["open positions", String(s.openPositions)],
  ];
  if (extras.analysis) rows.push(...metricRows(extras.analysis));
  const countBy = (keys: readonly string[]) => {
    const n = new Map<string, number>();
    for (const k of keys) n.set(k, (n.get(k) ?? 0) + 1);
    return [...n].sort().map(([k, v]) => `${k} ${v}`).join(", ");
  };
  if (s.denials > 0) rows.push(["denials", countBy(r.denials.map((d) => d.rule))]);
  if (r.resizes.length > 0) rows.push(["resized orders", countBy(r.resizes.map((z) => z.rule))]);
  if (r.breakerEvents.length > 0) rows.push(["breaker trips", countBy(r.breakerEvents.map((e) => e.breaker))]);
  if (r.unfilled.length > 0) rows.push(["unfilled orders", String(r.unfilled.length)]);
  const w = Math.max(...rows.map(([k]) => k.length), "history".length);
  const lines = [`${c.name}`, ...rows.map(([k, v]) => `  ${k.padEnd(w)}  ${v}`)];
  const barsPerSec = s.bars / (t.runMs / 1000);
  lines.push(
    `  ${"time".padEnd(w)}  load ${t.loadMs.toFixed(0)} ms, run ${t.runMs.toFixed(0)} ms (${
      int(Math.round(barsPerSec))
    } bars/s), write ${t.writeMs.toFixed(0)} ms`,
  );
  lines.push(`  ${"wrote".padEnd(w)}  ${writtenText(written)}`);
  if (extras.history !== undefined) lines.push(`  ${"history".padEnd(w)}  ${extras.history}`);
  return lines.join("\n");
}

/**
 * Print the terminal summary of a run to stdout.
 *
 * @example
 * ```ts
 * import { runBacktest } from "../engine/backtest.ts";
 * import { parseConfig } from "../engine/config/parse_config.ts";
 * import { frameFromRows } from "../engine/data/bar_frame.ts";
 * import { defineStrategy } from "../engine/strategy/types.ts";
 * import { z } from "zod";
 * import { printSummary } from "./summary.ts";
 * const idle = defineStrategy({ name: "idle", params: z.strictObject({}), create: () => ({ onBar: () => {} }) });
 * const frame = frameFromRows([{ symbol: "A", tsMs: 0, open: 1, high: 1, low: 1, close: 1 }], 86_400_000);
 * const config = parseConfig({
 *   name: "idle", data: { source: "x.csv" }, capital: 100,
 *   strategy: { use: idle, params: {} }, risk: { sizing: { kind: "fixedQty", qty: 1 } },
 * }, { file: "inline" });
 * printSummary(runBacktest(config, frame), [], { loadMs: 1, runMs: 1, writeMs: 1 }, { history: "not recorded" });
 * ```
 */
export function printSummary(
  r: BacktestResult,
  written: readonly string[],
  t: Timings,
  extras: SummaryExtras = {},
): void {
  console.log(formatSummary(r, written, t, extras));
}

/**
 * The files a run wrote, as the summary lists them: the directory once, then
 * the names in it, when they share one (`out/x/runs/<id>/: result.json, trades.csv`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { writtenText } from "./summary.ts";
 * assert.equal(writtenText(["o/r/a.json", "o/r/b.csv"]), "o/r/: a.json, b.csv");
 * assert.equal(writtenText(["o/a.json", "p/b.csv"]), "o/a.json, p/b.csv");
 * ```
 */
export function writtenText(written: readonly string[]): string {
  const slash = written[0]?.lastIndexOf("/") ?? -1;
  const dir = slash < 0 ? "" : written[0]!.slice(0, slash + 1);
  if (dir === "" || !written.every((p) => p.startsWith(dir) && !p.slice(dir.length).includes("/"))) {
    return written.join(", ");
  }
  return `${dir}: ${written.map((p) => p.slice(dir.length)).join(", ")}`;
}
