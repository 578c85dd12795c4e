/**
 * Histograms for the report (trade P&L, holding time): the bins, and the
 * chart as inline SVG (drawn when the page is written: no script, no
 * canvas, a hover title on every bar).
 *
 * @module
 */
import { escapeHtml } from "./html_page.ts";

/**
 * Equal-width bins: `edges` (`counts.length + 1` ascending values, the first
 * the smallest value, the last the largest) and how many values fall in
 * each bin (`[edges[i], edges[i+1])`, the last bin closed).
 *
 * @example
 * ```ts
 * import type { Histogram } from "./histogram.ts";
 * const h: Histogram = { edges: [0, 1, 2], counts: [3, 1] };
 * console.log(h.counts.length);
 * ```
 */
export interface Histogram {
  readonly edges: readonly number[];
  readonly counts: readonly number[];
}

/** Quantile with linear interpolation (numpy's default) of sorted values. */
function quantile(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q, lo = Math.floor(h);
  return lo + 1 < sorted.length ? sorted[lo]! + (h - lo) * (sorted[lo + 1]! - sorted[lo]!) : sorted[lo]!;
}

/**
 * The histogram of the finite `values`, with numpy's `bins="auto"` rule
 * (numpy 2.x `numpy.histogram_bin_edges`, `_hist_bin_auto`): the bin width
 * is the smaller of the Sturges width `range / (log₂ n + 1)` and the
 * relaxed Freedman–Diaconis width `max(2 · IQR · n^(−1/3), range / √n / 2)`
 * (IQR from linearly interpolated quartiles), the number of bins
 * `ceil(range / width)`, capped at `maxBins` (50 by default). All values
 * equal: one bin `[v − 0.5, v + 0.5]`, as numpy. No finite value: no bins.
 *
 * Unlike numpy, integer values are not given bins at least 1 wide (the
 * values here are floats: money and milliseconds).
 *
 * @example 8 values: numpy.histogram(…, bins="auto") gives the same bins
 * ```ts
 * import assert from "node:assert/strict";
 * import { histogram } from "./histogram.ts";
 * const h = histogram([1, 2, 2, 3, 3, 3, 4, 8]);
 * // range 7; Sturges width 7 / (log2(8) + 1) = 1.75; IQR 3.25 − 2 = 1.25 → FD width 2·1.25·8^(−1/3) = 1.25
 * // (more than 7 / √8 / 2 = 1.24); ceil(7 / 1.25) = 6 bins of 7/6
 * assert.deepEqual(h.counts, [3, 3, 1, 0, 0, 1]);
 * assert.equal(h.edges.length, 7);
 * assert.deepEqual(histogram([5, 5]).edges, [4.5, 5.5]);
 * ```
 */
export function histogram(values: ArrayLike<number>, maxBins = 50): Histogram {
  const xs: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i]!)) xs.push(values[i]!);
  const n = xs.length;
  if (n === 0) return { edges: [], counts: [] };
  const sorted = Float64Array.from(xs).sort();
  let lo = sorted[0]!, hi = sorted[n - 1]!;
  // the widths come from the data's range; equal values get one bin around them
  const sturges = (hi - lo) / (Math.log2(n) + 1);
  const iqr = quantile(sorted, 0.75) - quantile(sorted, 0.25);
  const fd = 2 * iqr * Math.pow(n, -1 / 3);
  const width = Math.min(sturges, Math.max(fd, (hi - lo) / Math.sqrt(n) / 2));
  const bins = width > 0 ? Math.max(1, Math.min(maxBins, Math.ceil((hi - lo) / width))) : 1;
  if (lo === hi) (lo -= 0.5, hi += 0.5);
  const range = hi - lo;
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? hi : lo + (range * i) / bins));
  const counts = new Array<number>(bins).fill(0);
  for (const x of xs) counts[Math.min(bins - 1, Math.floor(((x - lo) / range) * bins))]!++;
  return { edges, counts };
}

/**
 * How {@linkcode histogramSvg} labels and colours a histogram.
 *
 * @example
 * ```ts
 * import type { HistogramLook } from "./histogram.ts";
 * const look: HistogramLook = { id: "hist-pnl", label: (x) => x.toFixed(0), unit: "trades" };
 * console.log(look.id);
 * ```
 */
export interface HistogramLook {
  /** The element id. */
  readonly id: string;
  /** An edge's text (axis labels and hover titles). */
  readonly label: (x: number) => string;
  /** What is counted, e.g. `trades`. */
  readonly unit: string;
  /** A bar's fill from its bin's centre; blue by default. */
  readonly colour?: (centre: number) => string;
}

const W = 640, H = 180, PAD_L = 36, PAD_B = 22, PAD_T = 8;

/**
 * A histogram as an inline SVG chart: one bar per bin, each with a hover
 * title (`a to b: n trades`); labels at the first, middle and last edges
 * only, and the largest count on the left (no other tick labels).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { histogram, histogramSvg } from "./histogram.ts";
 * const svg = histogramSvg(histogram([1, 2, 2, 3]), { id: "h", label: (x) => x.toFixed(1), unit: "trades" });
 * assert.ok(svg.startsWith('<svg class="hist" id="h"') && svg.includes("<title>1.0 to 1.5: 1 trades</title>"));
 * ```
 */
export function histogramSvg(h: Histogram, look: HistogramLook): string {
  const bins = h.counts.length;
  const out = [
    `<svg class="hist" id="${escapeHtml(look.id)}" viewBox="0 0 ${W} ${H}" role="img">`,
  ];
  if (bins === 0) {
    out.push(`<text x="${W / 2}" y="${H / 2}" text-anchor="middle">no ${escapeHtml(look.unit)}</text></svg>`);
    return out.join("");
  }
  const top = Math.max(...h.counts);
  const plotW = W - PAD_L - 4, plotH = H - PAD_B - PAD_T;
  const bw = plotW / bins;
  for (let i = 0; i < bins; i++) {
    const c = h.counts[i]!;
    const bh = top > 0 ? (c / top) * plotH : 0;
    const centre = (h.edges[i]! + h.edges[i + 1]!) / 2;
    const fill = look.colour?.(centre) ?? "#5c7cfa";
    out.push(
      `<rect x="${(PAD_L + i * bw + 0.5).toFixed(1)}" y="${(PAD_T + plotH - bh).toFixed(1)}" width="${
        Math.max(0.5, bw - 1).toFixed(1)
      }" height="${bh.toFixed(1)}" fill="${fill}"><title>${escapeHtml(look.label(h.edges[i]!))} to ${
        escapeHtml(look.label(h.edges[i + 1]!))
      }: ${c} ${escapeHtml(look.unit)}</title></rect>`,
    );
  }
  const y = PAD_T + plotH;
  out.push(`<line x1="${PAD_L}" y1="${y}" x2="${W - 4}" y2="${y}" stroke="#c5cad3"/>`);
  out.push(`<text x="${PAD_L - 4}" y="${PAD_T + 10}" text-anchor="end">${top}</text>`);
  const ticks = bins >= 2 ? [0, Math.round(bins / 2), bins] : [0, bins];
  for (const k of ticks) {
    const anchor = k === 0 ? "start" : k === bins ? "end" : "middle";
    out.push(
      `<text x="${(PAD_L + k * bw).toFixed(1)}" y="${H - 6}" text-anchor="${anchor}">${
        escapeHtml(look.label(h.edges[k]!))
      }</text>`,
    );
  }
  out.push(`</svg>`);
  return out.join("");
}
