/**
 * Self-contained HTML pages for the optimisation reports, in the style of
 * `report.html` (engine/report/html_report.ts): heatmaps are tables of
 * coloured cells, time series are drawn by lightweight-charts inlined into
 * the page, and a Content-Security-Policy forbids every network request.
 *
 * @module
 */
import { escapeHtml } from "../report/html_report.ts";
import { jsonLine } from "./_text.ts";

export { escapeHtml };

/** JSON safe to embed in a `<script>` element. */
export function scriptJson(v: unknown): string {
  return jsonLine(v).replace(/</g, "\\u003c");
}

const STYLE = `
:root{color-scheme:light}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
main{max-width:1280px;margin:0 auto;padding:20px 24px 40px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 10px}
p.sub{color:#5b6475;margin:0 0 4px}p.note{color:#5b6475;font-size:12px;margin:6px 0}
section{background:#fff;border:1px solid #e3e6ec;border-radius:8px;padding:4px 18px 16px;margin-top:18px}
table{border-collapse:collapse;font-variant-numeric:tabular-nums}
th,td{padding:3px 10px;border-bottom:1px solid #eceef2;text-align:right;white-space:nowrap}
thead th{background:#f5f6f9;font-weight:600}
th.l,td.l{text-align:left}
table.heat td{min-width:44px;text-align:center;font-size:12px;padding:3px 6px}
table.heat td.best{outline:2px solid #1d2330;outline-offset:-2px;font-weight:700}
.chart{position:relative;width:100%;height:340px;margin:6px 0 10px}
.scroll{overflow-x:auto}
`;

/** A complete page: `body` inside `<main>`, then `scripts` (already wrapped in their elements). */
export function htmlPage(title: string, body: string, scripts = ""): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
${scripts}
</body>
</html>
`;
}

/**
 * A cell colour on the report's scale: green for positive, red for negative,
 * deeper with `|v| / scale`; grey when undefined.
 */
export function heatColour(v: number, scale: number): { bg: string; fg: string } {
  if (!Number.isFinite(v)) return { bg: "#f0f1f4", fg: "#8a93a6" };
  const t = Math.max(-1, Math.min(1, scale > 0 ? v / scale : 0));
  const [R, G, B] = t >= 0 ? [46, 125, 50] : [198, 40, 40];
  const a = Math.abs(t);
  const mix = (c: number) => Math.round(255 + (c - 255) * a).toString(16).padStart(2, "0");
  return { bg: `#${mix(R)}${mix(G)}${mix(B)}`, fg: a > 0.6 ? "#ffffff" : "#1d2330" };
}
