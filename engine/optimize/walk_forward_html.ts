/**
 * `walkforward.html`, in the skeleton and style of every page (the report
 * folder's `html_page.ts`): the stitched out-of-sample equity, drawn by
 * lightweight-charts as in `report.html` (its standalone build inlined, the
 * data as JSON in the page), each window's start marked; the headline
 * numbers; and the per-window table of chosen params, in-sample and
 * out-of-sample results.
 *
 * @module
 */
import type { ByteWriter } from "../report/byte_writer.ts";
import { minMaxDownsample } from "../report/downsample.ts";
import { toCompactJson } from "../report/format.ts";
import { escapeHtml, htmlPage } from "../report/html_page.ts";
import type { Metrics } from "../report/metrics/compute_metrics.ts";
import type { RunSummary } from "./evaluate.ts";
import type { ParamSet } from "./config.ts";
import { SUMMARY_METRICS } from "./objective.ts";
import type { Window } from "./windows.ts";
import type { SelectionBiasReport, SelectionBiasSkipped } from "./selection_bias.ts";

/** One row of the window table. */
export interface WindowRow {
  readonly window: Window;
  readonly params: ParamSet | null;
  readonly inSample: RunSummary | null;
  readonly outOfSample: RunSummary | null;
  readonly efficiency: number;
  /** The window's Deflated Sharpe Ratio and PBO, or why not measured. */
  readonly overfitting?: SelectionBiasReport | SelectionBiasSkipped;
}

/** What the page shows. */
export interface WalkForwardPage {
  readonly title: string;
  readonly objective: string;
  /** Param names, in display order. */
  readonly names: readonly string[];
  readonly windows: readonly WindowRow[];
  /** The stitched out-of-sample equity and, per point, its window's number. */
  readonly tsMs: Float64Array;
  readonly equity: Float64Array;
  readonly windowOf: Int32Array;
  readonly stitched: Metrics | null;
  readonly efficiency: number;
  /** The windows' selection-bias statistics, summarised (with the rows' `overfitting`, the page's DSR/PBO section). */
  readonly overfitting?: {
    readonly partitions: number;
    readonly windows: number;
    readonly meanPbo: number | null;
    readonly meanDsr: number | null;
    readonly minDsr: number | null;
  };
  /** Most points drawn; 4,000 by default. */
  readonly maxPoints?: number;
}

/** Draws the chart (the names it uses come from the page's chart prelude, `html_page.ts`). */
const CHARTS = `
  const s = equityCurve(chart("chart-equity"), D.t, D.v, D.initial);
  L.createSeriesMarkers(s, D.marks.map(([t, w]) => ({ time: t, position: "aboveBar", color: "#5b6475", shape: "arrowDown", text: "W" + w })));
`;

const pct = (v: number | null | undefined) =>
  v === null || v === undefined || !Number.isFinite(v) ? "" : `${(v * 100).toFixed(2)}%`;
const num = (v: number | null | undefined) =>
  v === null || v === undefined || Number.isNaN(v)
    ? ""
    : Number.isFinite(v)
    ? String(Number(v.toFixed(4)))
    : v > 0
    ? "∞"
    : "−∞";
const day = (ms: number, intraday: boolean) => {
  const s = new Date(ms).toISOString();
  return intraday ? s.slice(0, 16).replace("T", " ") : s.slice(0, 10);
};

/**
 * The page, as a producer for the publisher.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { collectText } from "../report/byte_writer.ts";
 * import { walkForwardHtml } from "./walk_forward_html.ts";
 * const html = collectText(walkForwardHtml({
 *   title: "wf", objective: "sharpe", names: [], windows: [],
 *   tsMs: Float64Array.of(0, 86_400_000), equity: Float64Array.of(100, 101), windowOf: Int32Array.of(1, 1),
 *   stitched: null, efficiency: NaN,
 * }));
 * assert.ok(html.includes("LightweightCharts") && html.includes('id="chart-equity"'));
 * ```
 */
export function walkForwardHtml(p: WalkForwardPage): (w: ByteWriter) => void {
  const intraday = p.tsMs.length > 1 && p.tsMs.some((t) => t % 86_400_000 !== 0);
  const ds = minMaxDownsample(p.tsMs, p.equity, p.maxPoints ?? 4000);
  const t: number[] = [], v: number[] = [];
  for (let i = 0, last = -Infinity; i < ds.tsMs.length; i++) {
    const s = Math.floor(ds.tsMs[i]! / 1000);
    if (s <= last) continue;
    last = s;
    t.push(s);
    v.push(Number(ds.values[i]!.toFixed(2)));
  }
  const marks: [number, number][] = [];
  for (let i = 0; i < p.tsMs.length; i++) {
    if (i === 0 || p.windowOf[i] !== p.windowOf[i - 1]) {
      // a marker must sit on a drawn point: the first drawn time at or after the window's start
      const s = Math.floor(p.tsMs[i]! / 1000);
      const at = t.find((x) => x >= s);
      if (at !== undefined) marks.push([at, p.windowOf[i]!]);
    }
  }
  const initial = p.stitched?.startValue ?? (p.equity[0] ?? 0);
  const m = p.stitched;
  const idx = (k: (typeof SUMMARY_METRICS)[number]) => SUMMARY_METRICS.indexOf(k);
  const headline = m
    ? `<table><tbody>
<tr><th class="l">Walk-forward efficiency</th><td>${num(p.efficiency) || "n/a"}</td></tr>
<tr><th class="l">Out-of-sample total return</th><td>${pct(m.totalReturn)}</td></tr>
<tr><th class="l">CAGR</th><td>${pct(m.cagr)}</td></tr>
<tr><th class="l">Sharpe</th><td>${num(m.sharpe)}</td></tr>
<tr><th class="l">Max drawdown</th><td>${pct(m.maxDrawdown)}</td></tr>
<tr><th class="l">Trades</th><td>${m.numTrades}</td></tr>
</tbody></table>`
    : `<p>No window was tested.</p>`;
  const rows = p.windows.map((r) => {
    const w = r.window, is = r.inSample, oos = r.outOfSample;
    return `<tr><td>${w.index}</td><td class="l">${day(w.trainStartMs, intraday)} → ${
      day(w.trainEndMs, intraday)
    }</td><td class="l">${day(w.testStartMs, intraday)} → ${day(w.testEndMs, intraday)}</td>${
      p.names.map((n) => `<td>${escapeHtml(r.params ? String(r.params[n]) : "")}</td>`).join("")
    }<td>${num(is?.objective)}</td><td>${pct(is?.metrics[idx("cagr")])}</td><td>${num(oos?.objective)}</td><td>${
      pct(oos?.metrics[idx("cagr")])
    }</td><td>${pct(oos?.metrics[idx("totalReturn")])}</td><td>${pct(oos?.metrics[idx("maxDrawdown")])}</td><td>${
      oos?.trades ?? ""
    }</td><td>${num(r.efficiency)}</td></tr>`;
  });
  const body = `<h1>${escapeHtml(p.title)}</h1>
<p class="sub">Each window chooses its params by ${
    escapeHtml(p.objective)
  } on its training bars and trades them on the following test bars; the test windows are chained into one out-of-sample curve. Walk-forward efficiency is out-of-sample CAGR ÷ in-sample CAGR.</p>
<section>
<h2>Out-of-sample equity</h2>
<div class="chart" id="chart-equity"></div>
${headline}
</section>
<section class="scroll">
<h2>Windows</h2>
<table><thead><tr><th>#</th><th class="l">train</th><th class="l">test</th>${
    p.names.map((n) => `<th>${escapeHtml(n)}</th>`).join("")
  }<th>IS ${escapeHtml(p.objective)}</th><th>IS CAGR</th><th>OOS ${
    escapeHtml(p.objective)
  }</th><th>OOS CAGR</th><th>OOS return</th><th>OOS max DD</th><th>OOS trades</th><th>WFE</th></tr></thead>
<tbody>
${rows.join("\n")}
</tbody></table>
</section>${p.overfitting === undefined ? "" : "\n" + overfittingSection(p)}`;
  return htmlPage({
    title: p.title,
    body,
    footer: "Every number is also in walkforward.json and the CSV files.",
    charts: { data: toCompactJson({ intraday, initial, t, v, marks }), script: CHARTS },
  });
}

const sig = (v: number) => (Number.isFinite(v) ? String(Number(v.toPrecision(4))) : "n/a");
const share = (v: number | null | undefined) =>
  v === null || v === undefined || !Number.isFinite(v) ? "n/a" : `${(v * 100).toFixed(1)}%`;

/** The DSR/PBO section: the summary, then per window the inputs and results of its training sweep. */
function overfittingSection(p: WalkForwardPage): string {
  const o = p.overfitting!;
  const rows = p.windows.map((r) => {
    const f = r.overfitting;
    if (f === undefined || "skipped" in f) {
      return `<tr><td>${r.window.index}</td><td class="w" colspan="8">not measured: ${
        escapeHtml(f?.skipped ?? "no statistics")
      }</td></tr>`;
    }
    return `<tr><td>${r.window.index}</td><td>${f.trials}</td><td>${sig(f.sharpeVariance)}</td><td>${
      sig(f.expectedMaxSharpe)
    }</td><td>${sig(f.sharpe)}</td><td>${f.observations}</td><td>${share(f.psr)}</td><td>${share(f.dsr)}</td><td>${
      share(f.pbo)
    }</td></tr>`;
  });
  return `<section id="overfitting" class="scroll">
<h2>Selection bias: Deflated Sharpe Ratio and PBO per window</h2>
<p class="note">Each window chooses its run from its own training sweep: the DSR (Bailey and López de Prado, 2014) deflates the chosen run's in-sample Sharpe ratio by the expected maximum SR₀ of N trials without skill; the PBO (Bailey, Borwein, López de Prado and Zhu, 2015; CSCV with ${o.partitions} blocks of the training window) is the share of in-sample/out-of-sample splits where the in-sample best ranks at or below the median out-of-sample. Sharpe ratios per bar, not annualised.</p>
<table><tbody>
<tr><th class="l">Windows measured</th><td>${o.windows} of ${p.windows.length}</td></tr>
<tr><th class="l">Mean PBO</th><td>${share(o.meanPbo)}</td></tr>
<tr><th class="l">Mean DSR</th><td>${share(o.meanDsr)}</td></tr>
<tr><th class="l">Lowest DSR</th><td>${share(o.minDsr)}</td></tr>
</tbody></table>
<table><thead><tr><th>#</th><th>trials N</th><th>V[SR]</th><th>SR₀</th><th>chosen SR</th><th>T</th><th>PSR</th><th>DSR</th><th>PBO</th></tr></thead>
<tbody>
${rows.join("\n")}
</tbody></table>
</section>`;
}
