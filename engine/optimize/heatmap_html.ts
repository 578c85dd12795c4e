/**
 * The sweep page, `heatmap.html`: a self-contained HTML page in the skeleton
 * and style of every page (the report folder's `html_page.ts`).
 *
 * - A heatmap of the objective over two params: a table of coloured cells,
 *   as `report.html` draws its monthly-returns heatmap (green above zero,
 *   red below, deeper for larger magnitudes; grey where no run had a
 *   defined value; the best cell outlined). Written in the page, so it reads
 *   without scripts. With the runs' data ({@linkcode HeatmapPage.explorer}),
 *   a small inline script lets the reader pick the two params and the
 *   metric to colour by; each cell is then the best run (by the study's
 *   ranking: objective, then parameter key) among those with that cell's
 *   two values, i.e. the other params are set to their best, and hovering a
 *   cell shows every metric of that run.
 * - The selection-bias section: Deflated Sharpe Ratio with its inputs, PBO
 *   with its logit distribution ({@linkcode ./selection_bias.ts}).
 * - The best run's parameter stability ({@linkcode ./stability.ts}).
 * - The top runs, linked to their report pages under `top/NN/`.
 *
 * @module
 */
import type { ByteWriter } from "../report/byte_writer.ts";
import { formatNumber } from "../report/format.ts";
import { escapeHtml, heatColour, htmlPage } from "../report/html_page.ts";
import type { ParamSet, ParamValue } from "./config.ts";
import type { ParamPlan } from "./param_space.ts";
import type { SelectionBiasReport, SelectionBiasSkipped } from "./selection_bias.ts";
import type { Stability } from "./stability.ts";

/**
 * The best objective per cell of two params (the maximum over every other
 * param), filled in as results arrive; memory is one number per cell.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { planGrid } from "./param_space.ts";
 * import { HeatmapGrid } from "./heatmap_html.ts";
 * const plan = planGrid({ a: [1, 2], b: [10, 20], c: [0, 1] });
 * const g = new HeatmapGrid(plan, "a", "b");
 * for (let r = 0; r < plan.size; r++) g.add(r, r);
 * assert.ok(g.values.every((v) => Number.isFinite(v)));
 * ```
 */
export class HeatmapGrid {
  /** The param across the columns. */
  readonly x: string;
  /** The param down the rows. */
  readonly y: string;
  /** Its values, in canonical order. */
  readonly xs: readonly ParamValue[];
  /** Its values, in canonical order. */
  readonly ys: readonly ParamValue[];
  /** Row-major by y: `values[j * xs.length + i]`. NaN where no run had a defined objective. */
  readonly values: Float64Array;
  readonly #px: number;
  readonly #py: number;
  readonly #plan: ParamPlan;

  /** An empty grid over params `x` and `y` of `plan`. */
  constructor(plan: ParamPlan, x: string, y: string) {
    this.#plan = plan;
    this.#px = plan.names.indexOf(x);
    this.#py = plan.names.indexOf(y);
    if (this.#px < 0 || this.#py < 0) throw new RangeError(`HeatmapGrid: unknown param ${this.#px < 0 ? x : y}`);
    this.x = x;
    this.y = y;
    this.xs = plan.values[this.#px]!;
    this.ys = plan.values[this.#py]!;
    this.values = new Float64Array(this.xs.length * this.ys.length).fill(NaN);
  }

  /** Fold in run `r`'s objective. */
  add(r: number, objective: number): void {
    if (objective !== objective) return;
    const d = this.#plan.names.length;
    const i = this.#plan.choices[r * d + this.#px]!, j = this.#plan.choices[r * d + this.#py]!;
    const k = j * this.xs.length + i;
    const cur = this.values[k]!;
    if (cur !== cur || objective > cur) this.values[k] = objective;
  }
}

/** One of the best runs, linked to its full result files. */
export interface TopRun {
  readonly rank: number;
  /** The run's index in the plan. */
  readonly run: number;
  readonly params: ParamSet;
  readonly objective: number | null;
  readonly trades: number;
  /** Its page or result file, relative to the sweep page (e.g. `top/01/report.html`); null when none was written. */
  readonly href: string | null;
}

/**
 * The runs' data the interactive heatmap draws from, as JSON text
 * ({@linkcode explorerData} writes it).
 */
export interface SweepExplorer {
  /** JSON: `{params: [{name, values}], metrics: [name], x, y, runs: [[run, [value index per param], [metric]]]}`, runs best first. */
  readonly data: string;
  /** Runs in the study; more than `runs.length` when the page holds only the best ones. */
  readonly total: number;
  /** Runs the data holds. */
  readonly shown: number;
}

/** What the sweep page shows. */
export interface HeatmapPage {
  readonly title: string;
  /** One line under the title. */
  readonly subtitle: string;
  /** The objective's name. */
  readonly label: string;
  readonly grid: HeatmapGrid;
  /** The runs, for the interactive heatmap; without it the page has no script. */
  readonly explorer?: SweepExplorer;
  /** The Deflated Sharpe Ratio and PBO, or why they were skipped. */
  readonly overfitting?: SelectionBiasReport | SelectionBiasSkipped;
  /** The best run's parameter stability. */
  readonly stability?: Stability | null;
  /** The best runs with their links. */
  readonly top?: readonly TopRun[];
  /** Param names in display order (the config's); the top runs' key order by default. */
  readonly names?: readonly string[];
}

/**
 * A cell's text: a whole number as is (below a million), otherwise up to 3
 * significant digits of fixed notation, `∞`, or empty for NaN.
 * Self-contained: the page's script uses this same function.
 */
function cellText(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? "" : v > 0 ? "∞" : "−∞";
  const a = Math.abs(v);
  if (Number.isInteger(v) && a < 1e6) return String(v);
  return a >= 1000 ? v.toFixed(0) : a >= 10 ? v.toFixed(1) : a >= 0.01 ? v.toFixed(2) : v.toPrecision(2);
}

/**
 * A cell's colour depth in [−1, 1] for {@linkcode heatColour}, given the
 * finite values' range: with mixed signs, `v / max(|lo|, |hi|)` (the
 * report's scale); with one sign, stretched over the range (from 0.15 to 1),
 * so close values still differ in depth. Self-contained: the page's script
 * uses this same function.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { heatDepth } from "./heatmap_html.ts";
 * assert.equal(heatDepth(-1, -2, 4), -0.25);
 * assert.equal(heatDepth(3, 1, 3), 1);
 * assert.equal(heatDepth(1, 1, 3), 0.15);
 * ```
 */
export function heatDepth(v: number, lo: number, hi: number): number {
  if (!Number.isFinite(v) || lo > hi) return v;
  if (lo < 0 && hi > 0) return v / Math.max(-lo, hi);
  const span = hi - lo || 1;
  return hi > 0 ? 0.15 + (0.85 * (v - lo)) / span : -(0.15 + (0.85 * (hi - v)) / span);
}

/** The most runs a page holds for its interactive heatmap (the best ones): about 3 MB of data. */
export const MAX_EXPLORER_RUNS = 20_000;

/**
 * The interactive heatmap's data: the plan's params (in the order the
 * config declares them, with their values), the metric names, the default
 * axes, and per run (best first) its index, its value indices and its
 * metrics (numbers as result files write them; null for NaN).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { planGrid } from "./param_space.ts";
 * import { explorerData } from "./heatmap_html.ts";
 * const plan = planGrid({ fast: [5, 10], slow: [20] });
 * const e = explorerData(plan, ["sharpe"], { x: "fast", y: "slow" }, [{ run: 1, metrics: [1.5] }], 2);
 * assert.deepEqual(JSON.parse(e.data).runs, [[1, [1, 0], [1.5]]]);
 * ```
 */
export function explorerData(
  plan: ParamPlan,
  metrics: readonly string[],
  axes: { readonly x: string; readonly y: string },
  runs: Iterable<{ readonly run: number; readonly metrics: readonly (number | null)[] }>,
  total: number,
): SweepExplorer {
  const d = plan.names.length;
  const order = plan.declared.map((n) => plan.names.indexOf(n));
  const rows: string[] = [];
  for (const r of runs) {
    const c = order.map((p) => plan.choices[r.run * d + p]!);
    const m = r.metrics.map((v) => (v === null ? "null" : formatNumber(v) ?? "null"));
    rows.push(`[${r.run},[${c.join(",")}],[${m.join(",")}]]`);
  }
  const head = JSON.stringify({
    params: plan.declared.map((name, k) => ({ name, values: plan.values[order[k]!] })),
    metrics,
    x: plan.declared.indexOf(axes.x),
    y: plan.declared.indexOf(axes.y),
  });
  return {
    data: `${head.slice(0, -1)},"runs":[\n${rows.join(",\n")}\n]}`.replaceAll("<", "\\u003c"),
    total,
    shown: rows.length,
  };
}

const num = (v: number | null | undefined, digits = 4): string =>
  v === null || v === undefined || Number.isNaN(v)
    ? "n/a"
    : Number.isFinite(v)
    ? String(Number(v.toFixed(digits)))
    : v > 0
    ? "∞"
    : "−∞";
const pct = (v: number | null | undefined): string =>
  v === null || v === undefined || !Number.isFinite(v) ? "n/a" : `${(v * 100).toFixed(1)}%`;

function overfittingSection(o: SelectionBiasReport | SelectionBiasSkipped): string {
  if ("skipped" in o) {
    return `<section id="overfitting">
<h2>Selection bias: Deflated Sharpe Ratio and PBO</h2>
<p>Not measured: ${escapeHtml(o.skipped)}.</p>
</section>`;
  }
  const row = (name: string, value: string, what: string) =>
    `<tr><th class="l">${name}</th><td>${value}</td><td class="w">${what}</td></tr>`;
  const l = o.logits;
  return `<section id="overfitting">
<h2>Selection bias: Deflated Sharpe Ratio and PBO</h2>
<p class="note">Sharpe ratios here are per bar, not annualised (the papers' units). The selected run is the best by the objective.</p>
<table class="metrics"><tbody>
${
    row(
      "Deflated Sharpe Ratio",
      `<b>${pct(o.dsr)}</b>`,
      "DSR = PSR(SR₀): the probability that the selected run's true Sharpe ratio beats the best of N skill-less trials (Bailey and López de Prado, 2014).",
    )
  }
${row("Probabilistic Sharpe Ratio", pct(o.psr), "PSR(0): the probability that its true Sharpe ratio is above zero.")}
${
    row(
      "Trials N",
      String(o.trials),
      `Completed runs the best was selected from (${o.trialsWithSharpe} with a defined Sharpe ratio).`,
    )
  }
${row("V[SR]", num(o.sharpeVariance, 8), "Variance of the trials' per-bar Sharpe ratios (divisor N).")}
${
    row(
      "SR₀",
      num(o.expectedMaxSharpe, 6),
      "Expected maximum per-bar Sharpe of N trials without skill: √V[SR]·((1−γ)Φ⁻¹(1−1/N) + γΦ⁻¹(1−1/(Ne))).",
    )
  }
${
    row(
      "Selected run's SR",
      num(o.sharpe, 6),
      `Per bar, over T = ${o.observations} returns; skew ${num(o.skew)}, kurtosis ${
        num(o.kurtosis)
      } (3 for normal returns).`,
    )
  }
${
    row(
      "Probability of Backtest Overfitting",
      `<b>${o.pbo === null ? "n/a" : pct(o.pbo)}</b>`,
      `Share of the C(${o.partitions}, ${
        o.partitions / 2
      }) = ${o.combinations} in-sample/out-of-sample splits of the timeline (CSCV, ${o.partitions} blocks) where the in-sample best run ranks at or below the out-of-sample median (Bailey, Borwein, López de Prado and Zhu, 2015).`,
    )
  }
${
    l === null ? "" : row(
      "Logits λ",
      `${num(l.median, 3)}`,
      `Median of λ = ln(ω̄ / (1 − ω̄)), ω̄ the in-sample best's relative out-of-sample rank; min ${
        num(l.min, 3)
      }, quartiles ${num(l.q25, 3)} / ${num(l.q75, 3)}, max ${num(l.max, 3)}, mean ${
        num(l.mean, 3)
      }. λ > 0: it stayed above the median.`,
    )
  }
</tbody></table>
</section>`;
}

function stabilitySection(s: Stability, label: string): string {
  const n = (x: { objective: number | null; value: ParamValue } | null) =>
    x === null ? "—" : `${escapeHtml(String(x.value))}: ${num(x.objective)}`;
  const rows = s.params.map((p) =>
    `<tr><td class="l">${escapeHtml(p.param)}</td><td>${escapeHtml(String(p.value))}</td><td>${n(p.minus)}</td><td>${
      n(p.plus)
    }</td><td>${num(p.drop)}</td><td>${pct(p.relativeDrop)}</td><td class="l ${
      p.label === "spike" ? "bad" : p.label === "plateau" ? "good" : ""
    }">${p.label}</td></tr>`
  );
  return `<section id="stability" class="scroll">
<h2>Parameter stability of the best run</h2>
<p class="note">The best run's ${escapeHtml(label)} is ${num(s.objective)}. For each param, the ${
    escapeHtml(label)
  } one grid step below and above its value with the other params fixed (— where that run does not exist), and the larger drop: a plateau when it is at most ${
    s.threshold * 100
  }% of the best value's magnitude, a spike beyond.</p>
<table><thead><tr><th class="l">param</th><th>best</th><th>one step down</th><th>one step up</th><th>drop</th><th>relative</th><th class="l">verdict</th></tr></thead><tbody>
${rows.join("\n")}
</tbody></table>
</section>`;
}

function topSection(top: readonly TopRun[], names: readonly string[], label: string): string {
  const rows = top.map((t) =>
    `<tr><td>${t.rank}</td><td>${t.run}</td>${
      names.map((n) => `<td>${escapeHtml(String(t.params[n]))}</td>`).join("")
    }<td>${num(t.objective)}</td><td>${t.trades}</td><td class="l">${
      t.href === null ? "" : `<a href="${escapeHtml(t.href)}">${escapeHtml(t.href)}</a>`
    }</td></tr>`
  );
  return `<section id="top" class="scroll">
<h2>Top runs</h2>
<table><thead><tr><th>rank</th><th>run</th>${names.map((n) => `<th>${escapeHtml(n)}</th>`).join("")}<th>${
    escapeHtml(label)
  }</th><th>trades</th><th class="l">full results</th></tr></thead><tbody>
${rows.join("\n")}
</tbody></table>
</section>`;
}

/** The interactive heatmap: picks axes and metric, redraws the table, shows the hovered run's metrics. */
const EXPLORER_SCRIPT = `
const D = JSON.parse(document.getElementById("sweep-data").textContent);
const heatColour = ${heatColour.toString()};
const heatDepth = ${heatDepth.toString()};
const cellText = ${cellText.toString()};
const $ = (id) => document.getElementById(id);
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
const fmt = (v) => v === null ? "n/a" : String(Number(v.toPrecision(6)));
const fill = (sel, items, at) => {
  sel.innerHTML = items.map((t, i) => '<option value="' + i + '"' + (i === at ? " selected" : "") + ">" + esc(t) + "</option>").join("");
};
const names = D.params.map((p) => p.name);
fill($("pick-x"), names, D.x);
fill($("pick-y"), names, D.y);
fill($("pick-m"), D.metrics, 0);
const draw = () => {
  const x = +$("pick-x").value, y = +$("pick-y").value, m = +$("pick-m").value;
  const xs = D.params[x].values, ys = x === y ? [""] : D.params[y].values;
  const cell = new Array(xs.length * ys.length).fill(null);
  // runs are best first: the first run of a cell is its best
  for (const r of D.runs) {
    const k = (x === y ? 0 : r[1][y]) * xs.length + r[1][x];
    if (cell[k] === null) cell[k] = r;
  }
  let lo = Infinity, hi = -Infinity;
  for (const r of cell) if (r !== null && r[2][m] !== null) (lo = Math.min(lo, r[2][m]), hi = Math.max(hi, r[2][m]));
  const head = "<tr><th class=\\"l\\">" + (x === y ? "" : esc(names[y]) + " \\\\ ") + esc(names[x]) + "</th>" + xs.map((v) => "<th>" + esc(v) + "</th>").join("") + "</tr>";
  const rows = ys.map((yv, j) => "<tr><th class=\\"l\\">" + esc(yv) + "</th>" + xs.map((_, i) => {
    const r = cell[j * xs.length + i], v = r === null || r[2][m] === null ? NaN : r[2][m];
    const c = heatColour(heatDepth(v, lo, hi), 1);
    return "<td data-k=\\"" + (j * xs.length + i) + "\\"" + (r !== null && r === D.runs[0] ? " class=\\"best\\"" : "") + " style=\\"background:" + c.bg + ";color:" + c.fg + "\\">" + cellText(v) + "</td>";
  }).join("") + "</tr>");
  $("heat").innerHTML = "<thead>" + head + "</thead><tbody>" + rows.join("") + "</tbody>";
  $("heat-caption").textContent = D.metrics[m] + ": " + (x === y ? names[x] : names[y] + " (rows) × " + names[x] + " (columns)");
  $("heat").onmouseover = (e) => {
    const td = e.target.closest("td[data-k]");
    const r = td === null ? null : cell[+td.dataset.k];
    if (r === null) return;
    $("hover").innerHTML = "<b>run " + r[0] + "</b>: " + names.map((n, p) => esc(n) + " = " + esc(D.params[p].values[r[1][p]])).join(", ") +
      "<table><tbody>" + D.metrics.map((n, q) => "<tr><th class=\\"l\\">" + esc(n) + "</th><td>" + fmt(r[2][q]) + "</td></tr>").join("") + "</tbody></table>";
  };
};
for (const id of ["pick-x", "pick-y", "pick-m"]) $(id).onchange = draw;
draw();
document.body.dataset.ready = String(D.runs.length);
`;

/**
 * The sweep page, as a producer for the publisher: the heatmap (rows are
 * the y param's values, columns the x param's), interactive when the runs'
 * data is given, then the selection-bias, stability and top-runs sections
 * that are given.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { collectText } from "../report/byte_writer.ts";
 * import { planGrid } from "./param_space.ts";
 * import { explorerData, HeatmapGrid, heatmapHtml } from "./heatmap_html.ts";
 * const plan = planGrid({ fast: [5, 10], slow: [20, 30] });
 * const grid = new HeatmapGrid(plan, "fast", "slow");
 * grid.add(0, 1.25);
 * const html = collectText(heatmapHtml({ title: "sma", subtitle: "sharpe", label: "sharpe", grid }));
 * assert.ok(html.startsWith("<!doctype html>") && html.includes(">1.25</td>") && !html.includes("<script"));
 * const explorer = explorerData(plan, ["sharpe"], { x: "fast", y: "slow" }, [{ run: 0, metrics: [1.25] }], 4);
 * const live = collectText(heatmapHtml({ title: "sma", subtitle: "sharpe", label: "sharpe", grid, explorer }));
 * assert.ok(live.includes('id="sweep-data"') && live.includes('id="pick-m"'));
 * ```
 */
export function heatmapHtml(page: HeatmapPage): (w: ByteWriter) => void {
  const g = page.grid;
  const nx = g.xs.length;
  let lo = Infinity, hi = -Infinity, best = -1;
  g.values.forEach((v, k) => {
    if (Number.isFinite(v)) (lo = Math.min(lo, v), hi = Math.max(hi, v));
    if (!Number.isNaN(v) && (best < 0 || v > g.values[best]!)) best = k;
  });
  const rows = g.ys.map((yv, j) => {
    const cells = g.xs.map((xv, i) => {
      const k = j * nx + i, v = g.values[k]!;
      const { bg, fg } = heatColour(heatDepth(v, lo, hi), 1);
      const title = `${g.x} = ${xv}, ${g.y} = ${yv}: ${page.label} ${Number.isNaN(v) ? "n/a" : v}`;
      return `<td${k === best ? ' class="best"' : ""} style="background:${bg};color:${fg}" title="${
        escapeHtml(title)
      }">${cellText(v)}</td>`;
    }).join("");
    return `<tr><th class="l">${escapeHtml(String(yv))}</th>${cells}</tr>`;
  });
  const e = page.explorer;
  const controls = e === undefined ? "" : `<p class="note"><label>x <select id="pick-x"></select></label>
<label>y <select id="pick-y"></select></label>
<label>colour by <select id="pick-m"></select></label>
Each cell is the best run (by ${
    escapeHtml(page.label)
  }) among those with its two values: the other params at their best. Hover a cell for every metric of that run.${
    e.shown < e.total ? ` The page holds the best ${e.shown} of ${e.total} runs; every run is in results.csv.` : ""
  }</p>
`;
  const body = `<h1>${escapeHtml(page.title)}</h1>
<p class="sub">${escapeHtml(page.subtitle)}</p>
<section class="scroll">
<h2 id="heat-caption">${escapeHtml(page.label)}: ${escapeHtml(g.y)} (rows) × ${escapeHtml(g.x)} (columns)</h2>
${controls}<table class="heat" id="heat"><thead><tr><th class="l">${escapeHtml(g.y)} \\ ${escapeHtml(g.x)}</th>${
    g.xs.map((xv) => `<th>${escapeHtml(String(xv))}</th>`).join("")
  }</tr></thead><tbody>
${rows.join("\n")}
</tbody></table>
${
    e === undefined
      ? ""
      : '<div id="hover" class="note"></div>\n'
  }<p class="note">Green above zero, red below, deeper for better (or, below zero, worse) values; grey: no run, or no defined ${
    escapeHtml(page.label)
  }. The outlined cell is the best. Hover a cell for its exact value.</p>
</section>${page.overfitting === undefined ? "" : "\n" + overfittingSection(page.overfitting)}${
    page.stability === undefined || page.stability === null ? "" : "\n" + stabilitySection(page.stability, page.label)
  }${
    page.top === undefined || page.top.length === 0
      ? ""
      : "\n" + topSection(page.top, page.names ?? Object.keys(page.top[0]!.params), page.label)
  }${
    e === undefined
      ? ""
      : `\n<script type="application/json" id="sweep-data">${e.data}</script>\n<script>\n(() => {${EXPLORER_SCRIPT}})();\n</script>`
  }`;
  return htmlPage({ title: page.title, body, footer: "Every run is in results.csv and results.json." });
}
