/**
 * The one skeleton and style of every HTML page the engine writes
 * (`report.html`, `heatmap.html`, `walkforward.html`, a job's
 * `report.html`): a self-contained page that works offline, with a
 * Content-Security-Policy that forbids every network request, one style
 * sheet, and, on pages with charts, TradingView's lightweight-charts
 * (Apache-2.0) inlined with the page's data as JSON and one look for every
 * chart. Also the helpers the pages share: {@linkcode escapeHtml} and
 * {@linkcode heatColour}.
 *
 * @module
 */
import type { ByteWriter } from "./byte_writer.ts";
import { chartLibrary } from "./chart_library.ts";

/**
 * Text escaped for HTML content and attribute values.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { escapeHtml } from "./html_page.ts";
 * assert.equal(escapeHtml(`<a href="x">&'`), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
 * ```
 */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/**
 * A heatmap cell's colours: green for positive, red for negative, deeper
 * with `|v| / scale` (full depth at `scale` and beyond, white text from 60 %);
 * grey when `v` is not finite.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { heatColour } from "./html_page.ts";
 * assert.deepEqual(heatColour(0.1, 0.1), { bg: "#2e7d32", fg: "#ffffff" }); // full green
 * assert.deepEqual(heatColour(-0.05, 0.1), { bg: "#e39494", fg: "#1d2330" }); // half-way to red #c62828
 * assert.deepEqual(heatColour(NaN, 0.1), { bg: "#f0f1f4", fg: "#8a93a6" });
 * ```
 */
export function heatColour(v: number, scale: number): { bg: string; fg: string } {
  if (!Number.isFinite(v)) return { bg: "#f0f1f4", fg: "#8a93a6" };
  const t = Math.max(-1, Math.min(1, scale > 0 ? v / scale : 0));
  const [R, G, B] = t >= 0 ? [46, 125, 50] : [198, 40, 40];
  const a = Math.abs(t);
  const mix = (c: number) => Math.round(255 + (c - 255) * a).toString(16).padStart(2, "0");
  return { bg: `#${mix(R)}${mix(G)}${mix(B)}`, fg: a > 0.6 ? "#ffffff" : "#1d2330" };
}

const CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:";

/** The one style sheet. Cells are numbers (right-aligned) unless `.l` (text) or `.w` (wrapped text). */
const STYLE = `
:root{color-scheme:light}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
main{max-width:1280px;margin:0 auto;padding:20px 24px 40px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:32px 0 10px}h3{font-size:14px;margin:18px 0 6px;color:#3a4254}
p.sub{color:#5b6475;margin:0 0 4px}p.note{color:#5b6475;font-size:12px;margin:6px 0}
section{background:#fff;border:1px solid #e3e6ec;border-radius:8px;padding:4px 18px 16px;margin-top:18px}
.top{display:grid;grid-template-columns:minmax(280px,360px) 1fr;gap:24px;align-items:start}
.top.wide{grid-template-columns:minmax(360px,470px) 1fr}
@media (max-width:900px){.top,.top.wide{grid-template-columns:1fr}}
table{border-collapse:collapse;font-variant-numeric:tabular-nums}
th,td{padding:3px 10px;border-bottom:1px solid #eceef2;text-align:right;white-space:nowrap}
thead th{background:#f5f6f9;font-weight:600}
th.l,td.l{text-align:left}td.w{white-space:normal;text-align:left;min-width:320px}
table.metrics{width:100%}table.metrics th{text-align:left;font-weight:500;color:#3a4254}
table.heat td{min-width:44px;text-align:center;font-size:12px;padding:3px 6px}
table.heat td.best{outline:2px solid #1d2330;outline-offset:-2px;font-weight:700}
tr.fired td{background:#fde2e2;font-weight:600}
.good{color:#2e7d32}.bad{color:#c62828}
.chart{position:relative;width:100%;height:300px;margin:6px 0 10px}
.chart.small{height:190px}div.chart[id^="chart-price-"]{height:420px}
.grid2{display:grid;grid-template-columns:1fr 1fr;gap:0 24px}@media (max-width:900px){.grid2{grid-template-columns:1fr}}
svg.hist{display:block;width:100%;height:auto;max-height:240px;font-size:11px;fill:#3a4254}
.tip{position:absolute;z-index:5;display:none;pointer-events:none;background:#fff;border:1px solid #c5cad3;border-radius:4px;padding:4px 8px;font-size:12px;white-space:pre;box-shadow:0 2px 6px rgba(0,0,0,.12)}
table.metrics caption{text-align:right;font-size:12px;color:#5b6475;padding-bottom:4px}
.bm{color:#6a45c9}table.narrow{width:auto}tr.rest td{font-style:italic;color:#5b6475}
.scroll{overflow-x:auto}
details summary{cursor:pointer;color:#2962ff;margin:8px 0}
footer{color:#8a93a6;font-size:12px;margin-top:24px}
`;

/**
 * What every chart script starts with: `D` (the page's data), `L` (the
 * library), `chart(id)` (a chart in the element with that id, in the one
 * look: `D.intraday` shows times of day), `points(t, v)` (a line's data) and
 * `equityCurve(chart, t, v, initial)` (the equity curve as every page draws
 * it).
 */
const CHART_PRELUDE = `
  const D = JSON.parse(document.getElementById("page-data").textContent);
  const L = LightweightCharts;
  // every time-axis label says what it is: a lone "15" or "May" at a chart's edge reads as a stray number
  const MON = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const tickLabel = (t, type) => {
    if (typeof t !== "number") return null;
    const d = new Date(t * 1000), y = d.getUTCFullYear(), m = MON[d.getUTCMonth()];
    if (type === 0) return String(y);
    if (type === 1) return m + " " + y;
    if (type === 2) return d.getUTCDate() + " " + m + " " + y;
    return null;
  };
  const look = {
    autoSize: true,
    layout: { background: { color: "#ffffff" }, textColor: "#3a4254", fontFamily: "system-ui, sans-serif" },
    grid: { vertLines: { color: "#f0f1f4" }, horzLines: { color: "#f0f1f4" } },
    rightPriceScale: { borderColor: "#e3e6ec" },
    // fitContent must fit a few thousand points into a few hundred pixels
    timeScale: {
      borderColor: "#e3e6ec", timeVisible: D.intraday, secondsVisible: false, minBarSpacing: 0.01,
      tickMarkFormatter: (t, type) => tickLabel(t, type),
    },
  };
  const charts = [];
  const chart = (id) => { const c = L.createChart(document.getElementById(id), look); charts.push(c); return c; };
  const points = (t, v) => t.map((x, i) => ({ time: x, value: v[i] }));
  const equityCurve = (c, t, v, initial) => {
    const s = c.addSeries(L.AreaSeries, {
      lineColor: "#2962ff", topColor: "rgba(41,98,255,0.28)", bottomColor: "rgba(41,98,255,0.03)", lineWidth: 2,
    });
    s.setData(points(t, v));
    s.createPriceLine({ price: initial, color: "#8a93a6", lineWidth: 1, lineStyle: 2, title: "initial" });
    return s;
  };
`;

/**
 * What every chart script ends with: fit each chart once the containers
 * have their size (autoSize measures them on the next frame), then set
 * `document.body.dataset.ready` to the number of charts (for a test driver).
 */
const CHART_EPILOGUE = `
  // fit once the containers have their size (autoSize measures them on the next frame), then say so
  const fit = () => { for (const c of charts) c.timeScale().fitContent(); };
  fit();
  requestAnimationFrame(() => {
    fit();
    requestAnimationFrame(() => requestAnimationFrame(() => { document.body.dataset.ready = String(charts.length); }));
  });
`;

/**
 * The charts of a page: its data and the script that draws them.
 *
 * @example
 * ```ts
 * import type { PageCharts } from "./html_page.ts";
 * const charts: PageCharts = {
 *   data: JSON.stringify({ intraday: false, t: [0, 86400], v: [100, 101] }),
 *   script: `equityCurve(chart("chart-equity"), D.t, D.v, 100);`,
 * };
 * console.log(charts.script.length > 0);
 * ```
 */
export interface PageCharts {
  /**
   * The data, as JSON text (its `<` escaped here) or written by a producer
   * (which must not write `<`: numbers never do). It must have `intraday`.
   */
  readonly data: string | ((w: ByteWriter) => void);
  /** Draws the charts, with the names of the chart prelude in scope (`D`, `L`, `chart`, `points`, `equityCurve`). */
  readonly script: string;
}

/**
 * A page: its title, its content, and optionally a footer and charts.
 *
 * @example
 * ```ts
 * import type { HtmlPage } from "./html_page.ts";
 * const page: HtmlPage = { title: "t", body: "<h1>t</h1>", footer: "Every number is also in t.json." };
 * console.log(page.title);
 * ```
 */
export interface HtmlPage {
  /** The document's title (text). */
  readonly title: string;
  /** The content of `<main>` (HTML). */
  readonly body: string;
  /** The footer's text (HTML), after the charting library's credit on a page with charts. */
  readonly footer?: string;
  readonly charts?: PageCharts;
}

/**
 * A page in the one skeleton and style, as a producer for
 * `writeFilesAtomic`. Deterministic: the same page gives the same bytes.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { collectText } from "./byte_writer.ts";
 * import { htmlPage } from "./html_page.ts";
 * const html = collectText(htmlPage({ title: "a < b", body: "<h1>x</h1>" }));
 * assert.ok(html.startsWith("<!doctype html>") && html.includes("<title>a &lt; b</title>"));
 * assert.ok(html.includes("Content-Security-Policy") && !html.includes("<script"));
 * const charted = collectText(htmlPage({
 *   title: "c", body: '<div class="chart" id="chart-equity"></div>',
 *   charts: { data: '{"intraday":false,"t":[0],"v":[1]}', script: `equityCurve(chart("chart-equity"), D.t, D.v, 1);` },
 * }));
 * assert.ok(charted.includes("LightweightCharts") && charted.includes('id="page-data"'));
 * ```
 */
export function htmlPage(page: HtmlPage): (w: ByteWriter) => void {
  const lib = page.charts === undefined ? undefined : chartLibrary();
  const credit = lib === undefined
    ? ""
    : `Charts: TradingView Lightweight Charts™ v${escapeHtml(lib.version)} (Apache License 2.0), inlined.`;
  const footer = [credit, page.footer ?? ""].filter((s) => s !== "").join(" ");
  const head = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
`;
  const end = `${footer === "" ? "" : `\n<footer>${footer}</footer>`}\n</main>\n`;
  return (w) => {
    w.text(head);
    w.text(page.body);
    w.text(end);
    const charts = page.charts;
    if (charts !== undefined) {
      w.text('<script type="application/json" id="page-data">');
      if (typeof charts.data === "string") w.text(charts.data.replaceAll("<", "\\u003c"));
      else charts.data(w);
      w.text("</script>\n<script>\n");
      w.text(lib!.source);
      w.text("\n</script>\n<script>\n(() => {");
      w.text(CHART_PRELUDE);
      w.text(charts.script);
      w.text(CHART_EPILOGUE);
      w.text("})();\n</script>\n");
    }
    w.text("</body>\n</html>\n");
  };
}
