/**
 * A heatmap of the objective over two params, as a self-contained HTML page
 * in the skeleton and style of every page (the report folder's
 * `html_page.ts`): a table of coloured cells, as `report.html` draws its
 * monthly-returns heatmap (green above zero, red below, deeper for larger
 * magnitudes; grey where no run had a defined objective; the best cell
 * outlined).
 *
 * @module
 */
import type { ByteWriter } from "../report/byte_writer.ts";
import { escapeHtml, heatColour, htmlPage } from "../report/html_page.ts";
import type { ParamValue } from "./config.ts";
import type { ParamPlan } from "./param_space.ts";

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

/** What the heatmap page shows. */
export interface HeatmapPage {
  readonly title: string;
  /** One line under the title. */
  readonly subtitle: string;
  /** The objective's name. */
  readonly label: string;
  readonly grid: HeatmapGrid;
}

function cellText(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? "" : v > 0 ? "∞" : "−∞";
  const a = Math.abs(v);
  return a >= 1000 ? v.toFixed(0) : a >= 10 ? v.toFixed(1) : a >= 0.01 ? v.toFixed(2) : v.toPrecision(2);
}

/**
 * The heatmap page, as a producer for the publisher: rows are the y param's
 * values, columns the x param's.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { collectText } from "../report/byte_writer.ts";
 * import { planGrid } from "./param_space.ts";
 * import { HeatmapGrid, heatmapHtml } from "./heatmap_html.ts";
 * const plan = planGrid({ fast: [5, 10], slow: [20, 30] });
 * const grid = new HeatmapGrid(plan, "fast", "slow");
 * grid.add(0, 1.25);
 * const html = collectText(heatmapHtml({ title: "sma", subtitle: "sharpe", label: "sharpe", grid }));
 * assert.ok(html.startsWith("<!doctype html>") && html.includes(">1.25</td>") && !html.includes("<script"));
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
  // mixed signs: the report's scale, |v| against the largest |v|; one sign: stretched over the range, so close
  // values still differ in depth
  const depth = (v: number): number => {
    if (!Number.isFinite(v) || lo > hi) return v;
    if (lo < 0 && hi > 0) return v / Math.max(-lo, hi);
    const span = hi - lo || 1;
    return hi > 0 ? 0.15 + (0.85 * (v - lo)) / span : -(0.15 + (0.85 * (hi - v)) / span);
  };
  const rows = g.ys.map((yv, j) => {
    const cells = g.xs.map((xv, i) => {
      const k = j * nx + i, v = g.values[k]!;
      const { bg, fg } = heatColour(depth(v), 1);
      const title = `${g.x} = ${xv}, ${g.y} = ${yv}: ${page.label} ${Number.isNaN(v) ? "n/a" : v}`;
      return `<td${k === best ? ' class="best"' : ""} style="background:${bg};color:${fg}" title="${
        escapeHtml(title)
      }">${cellText(v)}</td>`;
    }).join("");
    return `<tr><th class="l">${escapeHtml(String(yv))}</th>${cells}</tr>`;
  });
  const body = `<h1>${escapeHtml(page.title)}</h1>
<p class="sub">${escapeHtml(page.subtitle)}</p>
<section class="scroll">
<h2>${escapeHtml(page.label)}: ${escapeHtml(g.y)} (rows) × ${escapeHtml(g.x)} (columns)</h2>
<table class="heat"><thead><tr><th class="l">${escapeHtml(g.y)} \\ ${escapeHtml(g.x)}</th>${
    g.xs.map((xv) => `<th>${escapeHtml(String(xv))}</th>`).join("")
  }</tr></thead><tbody>
${rows.join("\n")}
</tbody></table>
<p class="note">Green above zero, red below, deeper for better (or, below zero, worse) values; grey: no run, or no defined ${
    escapeHtml(page.label)
  }. The outlined cell is the best. Hover a cell for its exact value.</p>
</section>`;
  return htmlPage({ title: page.title, body, footer: "Every run is in results.csv and results.json." });
}
