/**
 * `report.html`: one self-contained page that works offline, in the
 * skeleton and style of every page (`html_page.ts`). The charts are drawn by
 * TradingView's lightweight-charts (Apache-2.0), whose standalone build is
 * inlined, with the data as JSON in the page; the tables are plain HTML. A
 * Content-Security-Policy forbids every network request.
 *
 * What it shows: the headline metrics; the equity and drawdown curves; the
 * price of each symbol as candles with entries and exits marked; monthly
 * returns as a heatmap, quarterly and yearly returns; the per-symbol and
 * long/short breakdowns; what the risk manager denied, resized and tripped,
 * and why; the trades.
 *
 * Size: the library is about 200 KB. Curves longer than `maxPoints` (4,000)
 * are drawn from each bucket's lowest and highest point (every peak and
 * trough survives), and candles beyond each symbol's share of `maxCandles`
 * (24,000 over all symbols, 300–5,000 each) are aggregated into OHLC
 * candles of several bars, with the markers of a candle counted together.
 * Long tables show their first rows and point to the CSV files. A 10-year
 * daily run of four symbols is about 750 KB; a 1M-bar run under 1 MB.
 *
 * @module
 */
import type { BarFrame } from "../data/bar_frame.ts";
import type { BacktestResult } from "../result.ts";
import type { Analysis } from "./analyze_result.ts";
import type { ByteWriter } from "./byte_writer.ts";
import { type DisplayKind, displayValue, HEADLINE_METRICS } from "./display.ts";
import { aggregateCandles, drawdownDownsample, minMaxDownsample } from "./downsample.ts";
import { isoTime } from "./format.ts";
import { escapeHtml, heatColour, htmlPage } from "./html_page.ts";
import type { PeriodReturn } from "./period_returns.ts";
import { lowerBound } from "../data/lower_bound.ts";

/**
 * Options of {@linkcode htmlReport}.
 *
 * @example
 * ```ts
 * import type { HtmlReportOptions } from "./html_report.ts";
 * const opts: HtmlReportOptions = { maxPoints: 2000, maxRows: 50 };
 * console.log(opts.maxPoints);
 * ```
 */
export interface HtmlReportOptions {
  /** The bars of the run: each symbol's price is charted with its entries and exits. Without them, no price charts. */
  readonly frame?: BarFrame;
  /** Most points drawn per curve (equity, drawdown); 4,000 by default. */
  readonly maxPoints?: number;
  /** Most candles over all symbols; 24,000 by default (each symbol gets an equal share, 300 to 5,000). */
  readonly maxCandles?: number;
  /** Most rows of the long tables (denials, trades); 200 by default. */
  readonly maxRows?: number;
}

const DAY_MS = 86_400_000;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Draws the charts (the names it uses come from the page's chart prelude, `html_page.ts`). */
const CHARTS = `
  const eq = chart("chart-equity");
  equityCurve(eq, D.equity.t, D.equity.v, D.initial);

  const dd = chart("chart-drawdown");
  const ddSeries = dd.addSeries(L.BaselineSeries, {
    baseValue: { type: "price", price: 0 },
    topLineColor: "#e53935", bottomLineColor: "#e53935", lineWidth: 1,
    bottomFillColor1: "rgba(229,57,53,0.10)", bottomFillColor2: "rgba(229,57,53,0.40)",
    priceFormat: { type: "custom", minMove: 0.01, formatter: (v) => v.toFixed(2) + "%" },
  });
  ddSeries.setData(points(D.drawdown.t, D.drawdown.v));

  // keep the equity and drawdown charts on the same time range
  let syncing = false;
  const sync = (a, b) => a.timeScale().subscribeVisibleTimeRangeChange((r) => {
    if (syncing || !r) return;
    syncing = true;
    try { b.timeScale().setVisibleRange(r); } catch (_) { /* range outside the other series */ }
    syncing = false;
  });
  sync(eq, dd);
  sync(dd, eq);

  const MARK = [
    { position: "belowBar", color: "#2e7d32", shape: "arrowUp", text: "L" },
    { position: "aboveBar", color: "#c62828", shape: "arrowDown", text: "S" },
    { position: "aboveBar", color: "#5b6475", shape: "arrowDown", text: "xL" },
    { position: "belowBar", color: "#5b6475", shape: "arrowUp", text: "xS" },
  ];
  for (const p of D.prices) {
    const s = chart(p.id).addSeries(L.CandlestickSeries, {
      upColor: "#26a69a", downColor: "#ef5350", wickUpColor: "#26a69a", wickDownColor: "#ef5350", borderVisible: false,
    });
    s.setData(p.t.map((t, i) => ({ time: t, open: p.o[i], high: p.h[i], low: p.l[i], close: p.c[i] })));
    L.createSeriesMarkers(s, p.m.map(([t, k, n]) => ({ time: t, ...MARK[k], text: n > 1 ? MARK[k].text + "×" + n : MARK[k].text })));
  }
`;

/** Minimal column writers for the embedded JSON (numbers in fixed form, times in seconds). */
function numbers(w: ByteWriter, xs: ArrayLike<number>, scale = 1): void {
  w.text("[");
  for (let i = 0; i < xs.length; i++) {
    if (i > 0) w.text(",");
    w.number(xs[i]! * scale, "null");
  }
  w.text("]");
}

const isIntraday = (ts: Float64Array) => {
  for (let i = 0; i < ts.length; i++) if (ts[i]! % DAY_MS !== 0) return true;
  return false;
};

/** Lightweight-charts needs strictly increasing times: keep the first point of each second. */
function increasingSeconds(tsMs: Float64Array, values: Float64Array, scale = 1): { t: number[]; v: number[] } {
  const t: number[] = [], v: number[] = [];
  let last = -Infinity;
  for (let i = 0; i < tsMs.length; i++) {
    const s = Math.floor(tsMs[i]! / 1000);
    if (s <= last) continue;
    last = s;
    t.push(s);
    v.push(values[i]! * scale);
  }
  return { t, v };
}

function cell(x: number, kind: DisplayKind, cls = ""): string {
  return `<td${cls ? ` class="${cls}"` : ""}>${escapeHtml(displayValue(x, kind))}</td>`;
}

function heatCell(p: PeriodReturn | undefined, scale: number): string {
  if (p === undefined) return `<td></td>`;
  const { bg, fg } = heatColour(p.return, scale);
  const text = Number.isFinite(p.return) ? (p.return * 100).toFixed(1) : "—";
  return `<td style="background:${bg};color:${fg}" title="${p.period}: ${escapeHtml(displayValue(p.return, "pct"))}">${
    text === "-0.0" ? "0.0" : text
  }</td>`;
}

function heatmap(
  rows: readonly PeriodReturn[],
  years: readonly PeriodReturn[],
  parts: number,
  labels: string[],
): string {
  let scale = 0;
  for (const p of rows) if (Number.isFinite(p.return)) scale = Math.max(scale, Math.abs(p.return));
  let yScale = 0;
  for (const p of years) if (Number.isFinite(p.return)) yScale = Math.max(yScale, Math.abs(p.return));
  const byKey = new Map(rows.map((p) => [`${p.year}-${p.month ?? p.quarter}`, p]));
  const out = [
    `<table class="heat"><thead><tr><th class="l">Year</th>${
      labels.map((m) => `<th>${m}</th>`).join("")
    }<th>Year</th></tr></thead><tbody>`,
  ];
  for (const y of years) {
    out.push(`<tr><th class="l">${y.year}</th>`);
    for (let k = 1; k <= parts; k++) out.push(heatCell(byKey.get(`${y.year}-${k}`), scale || 0.01));
    out.push(heatCell(y, yScale || 0.01), "</tr>");
  }
  out.push("</tbody></table>");
  return out.join("");
}

/**
 * The `report.html` page of a run, as a producer for
 * {@linkcode writeFilesAtomic}. Deterministic: the same run gives the same
 * bytes.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { frameFromRows } from "../data/bar_frame.ts";
 * import { parseConfig } from "../config/parse_config.ts";
 * import { runBacktest } from "../backtest.ts";
 * import { defineStrategy } from "../strategy/types.ts";
 * import { z } from "zod";
 * import { analyzeResult } from "./analyze_result.ts";
 * import { collectBytes } from "./byte_writer.ts";
 * import { htmlReport } from "./html_report.ts";
 * const idle = defineStrategy({ name: "idle", params: z.strictObject({}), create: () => ({ onBar: () => {} }) });
 * const frame = frameFromRows([{ symbol: "A", tsMs: 0, open: 1, high: 1, low: 1, close: 1 }], 86_400_000);
 * const config = parseConfig({
 *   name: "idle", data: { source: "x.csv" }, capital: 100,
 *   strategy: { use: idle, params: {} }, risk: { sizing: { kind: "fixedQty", qty: 1 } },
 * }, { file: "inline" });
 * const r = runBacktest(config, frame);
 * const html = new TextDecoder().decode(collectBytes(htmlReport(r, analyzeResult(r), { frame })));
 * assert.ok(html.startsWith("<!doctype html>") && html.includes('id="chart-equity"'));
 * assert.ok(!/<script[^>]+src=/.test(html)); // nothing loaded from elsewhere
 * ```
 */
export function htmlReport(r: BacktestResult, a: Analysis, opts: HtmlReportOptions = {}): (w: ByteWriter) => void {
  const maxPoints = opts.maxPoints ?? 4000;
  const maxRows = opts.maxRows ?? 200;
  const { tsMs, equity } = r.equity;
  const intraday = isIntraday(tsMs);
  const when = (ms: number) => {
    if (!Number.isFinite(ms)) return "";
    const s = isoTime(ms);
    return intraday ? s.slice(0, 16).replace("T", " ") : s.slice(0, 10);
  };
  const s = r.summary, m = a.metrics;
  const c = r.config;

  const eq = minMaxDownsample(tsMs, equity, maxPoints);
  const dd = drawdownDownsample(tsMs, equity, s.initialCash, maxPoints);
  const eqPts = increasingSeconds(eq.tsMs, eq.values);
  const ddPts = increasingSeconds(dd.tsMs, dd.values, 100);

  // prices, aggregated, with entry/exit markers per candle
  const frame = opts.frame;
  const prices: { id: string; symbol: string; barsPerCandle: number; write: (w: ByteWriter) => void }[] = [];
  if (frame !== undefined) {
    const k = frame.symbols.length;
    const share = Math.max(300, Math.min(5000, Math.floor((opts.maxCandles ?? 24_000) / Math.max(1, k))));
    const bySymbol = new Map<string, number>(frame.symbols.map((sym, i) => [sym, i]));
    const marks: [number, number][][] = frame.symbols.map(() => []); // [time ms, kind]
    for (const t of r.trades) {
      const i = bySymbol.get(t.symbol);
      if (i === undefined) continue;
      marks[i]!.push([t.entryTimeMs, t.side === "long" ? 0 : 1], [t.exitTimeMs, t.side === "long" ? 2 : 3]);
    }
    for (const p of r.openPositions) {
      const i = bySymbol.get(p.symbol);
      if (i !== undefined) marks[i]!.push([p.entryTimeMs, p.qty > 0 ? 0 : 1]);
    }
    frame.symbols.forEach((symbol, i) => {
      const a0 = frame.segStart[i]!, b0 = frame.segEnd[i]!;
      if (b0 <= a0) return;
      const bars = {
        tsMs: frame.tsMs.subarray(a0, b0),
        open: frame.open.subarray(a0, b0),
        high: frame.high.subarray(a0, b0),
        low: frame.low.subarray(a0, b0),
        close: frame.close.subarray(a0, b0),
      };
      const cd = aggregateCandles(bars, share);
      const counts = new Map<number, number>(); // candle * 4 + kind → count
      for (const [t, kind] of marks[i]!) {
        const bar = Math.min(bars.tsMs.length - 1, lowerBound(bars.tsMs, t));
        const key = Math.floor(bar / cd.barsPerCandle) * 4 + kind;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      const keys = [...counts.keys()].sort((x, y) => x - y);
      prices.push({
        id: `chart-price-${i}`,
        symbol,
        barsPerCandle: cd.barsPerCandle,
        write: (w) => {
          const secs = Array.from(cd.tsMs, (t) => Math.floor(t / 1000));
          // the chart's times are whole seconds and must increase: sub-second bars keep the first of each second
          const keep = secs.flatMap((t, j) => (j === 0 || t > secs[j - 1]! ? [j] : []));
          const col = (a: Float64Array) => keep.map((j) => a[j]!);
          w.text('{"id":');
          w.jsonString(`chart-price-${i}`);
          w.text(',"t":');
          numbers(w, keep.map((j) => secs[j]!));
          w.text(',"o":');
          numbers(w, col(cd.open));
          w.text(',"h":');
          numbers(w, col(cd.high));
          w.text(',"l":');
          numbers(w, col(cd.low));
          w.text(',"c":');
          numbers(w, col(cd.close));
          w.text(',"m":[');
          keys.forEach((key, j) => {
            const candle = Math.floor(key / 4);
            w.text(j === 0 ? "[" : ",[");
            w.number(secs[candle]!, "null");
            w.text(",");
            w.number(key - candle * 4, "null");
            w.text(",");
            w.number(counts.get(key)!, "null");
            w.text("]");
          });
          w.text("]}");
        },
      });
    });
  }

  const title = `${c.name}: backtest report`;
  const params = JSON.stringify(c.strategy.params);
  const head = `<h1>${escapeHtml(c.name)}</h1>
<p class="sub">${escapeHtml(c.strategy.use.name)} ${escapeHtml(params)} · ${escapeHtml(r.symbols.join(", "))}</p>
<p class="sub">${escapeHtml(when(s.firstBarMs))} → ${escapeHtml(when(s.lastBarMs))} · ${
    displayValue(s.bars, "int")
  } bars · ${displayValue(s.trades, "int")} trades · ${displayValue(s.fills, "int")} fills</p>
`;

  const parts: string[] = [];
  // headline metrics and the curves
  parts.push(`<section class="top"><div><h2>Headline metrics</h2><table class="metrics" id="metrics"><tbody>`);
  for (const h of HEADLINE_METRICS) {
    const [root, key] = h.path.split(".") as ["metrics" | "summary", string];
    const v = root === "metrics"
      ? (m as unknown as Record<string, number>)[key]!
      : (s as unknown as Record<string, number>)[key]!;
    const text = Number.isNaN(v) && h.whenUndefined !== undefined ? h.whenUndefined : displayValue(v, h.kind);
    parts.push(
      `<tr data-path="${h.path}" data-kind="${h.kind}"><th>${escapeHtml(h.label)}</th><td>${
        escapeHtml(text)
      }</td></tr>`,
    );
  }
  parts.push(`</tbody></table>`);
  if (!Number.isFinite(m.periodsPerYear)) {
    parts.push(
      `<p class="note">Annualised metrics are undefined: the bar spacing has no standard number of periods per year. Set <code>output.metrics.periodsPerYear</code>.</p>`,
    );
  }
  parts.push(
    `<p class="note">Risk-free rate ${escapeHtml(displayValue(a.riskFree, "pct"))} a year; ${
      a.periodsPerYearGiven ? "periods per year from the config" : "periods per year inferred from the bar spacing"
    }.</p></div>`,
  );
  const sampled = eq.tsMs.length < tsMs.length
    ? `<p class="note">Curves drawn from ${displayValue(eq.tsMs.length, "int")} of ${
      displayValue(tsMs.length, "int")
    } points (each bucket's low and high); equity.csv has every bar.</p>`
    : "";
  parts.push(
    `<div><h2>Equity</h2><div class="chart" id="chart-equity"></div><h3>Drawdown</h3><div class="chart small" id="chart-drawdown"></div>${sampled}</div></section>`,
  );

  // calendar returns
  parts.push(`<section><h2>Returns</h2><h3>Monthly returns (%)</h3><div class="scroll">`);
  parts.push(heatmap(a.returns.monthly, a.returns.yearly, 12, MONTHS));
  parts.push(`</div><h3>Quarterly returns (%)</h3><div class="scroll">`);
  parts.push(heatmap(a.returns.quarterly, a.returns.yearly, 4, ["Q1", "Q2", "Q3", "Q4"]));
  parts.push(
    `</div><h3>Yearly returns</h3><table><thead><tr><th class="l">Year</th><th>Return</th><th>Start equity</th><th>End equity</th><th>Bars</th></tr></thead><tbody>`,
  );
  for (const y of a.returns.yearly) {
    parts.push(
      `<tr><td class="l">${y.year}</td>${cell(y.return, "pct")}${cell(y.startEquity, "money")}${
        cell(y.endEquity, "money")
      }${cell(y.bars, "int")}</tr>`,
    );
  }
  parts.push(`</tbody></table></section>`);

  // breakdowns
  parts.push(
    `<section><h2>Breakdowns</h2><h3>By symbol</h3><div class="scroll"><table id="by-symbol"><thead><tr><th class="l">Symbol</th><th>Trades</th><th>Win rate</th><th>Closed P&amp;L</th><th>Open P&amp;L</th><th>Total P&amp;L</th><th>Profit factor</th><th>Avg win</th><th>Avg loss</th><th>Expectancy</th><th>Fees</th><th>Exposure</th></tr></thead><tbody>`,
  );
  for (const b of a.bySymbol) {
    parts.push(
      `<tr><td class="l">${escapeHtml(b.symbol)}</td>${cell(b.trades, "int")}${cell(b.winRate, "pct")}${
        cell(b.netPnl, "money")
      }${cell(b.openPnl, "money")}${cell(b.totalPnl, "money")}${cell(b.profitFactor, "ratio")}${
        cell(b.avgWin, "money")
      }${cell(b.avgLoss, "money")}${cell(b.expectancy, "money")}${cell(b.fees, "money")}${
        cell(b.exposure, "pct")
      }</tr>`,
    );
  }
  parts.push(
    `</tbody></table></div><h3>Long versus short</h3><div class="scroll"><table id="by-side"><thead><tr><th class="l">Side</th><th>Trades</th><th>Win rate</th><th>P&amp;L</th><th>Profit factor</th><th>Avg win</th><th>Avg loss</th><th>Expectancy</th><th>Fees</th><th>Avg holding</th><th>Exposure</th></tr></thead><tbody>`,
  );
  for (const b of a.bySide) {
    parts.push(
      `<tr><td class="l">${b.side}</td>${cell(b.trades, "int")}${cell(b.winRate, "pct")}${cell(b.netPnl, "money")}${
        cell(b.profitFactor, "ratio")
      }${cell(b.avgWin, "money")}${cell(b.avgLoss, "money")}${cell(b.expectancy, "money")}${cell(b.fees, "money")}${
        cell(b.avgHoldingMs, "duration")
      }${cell(b.exposure, "pct")}</tr>`,
    );
  }
  parts.push(`</tbody></table></div></section>`);

  // prices
  parts.push(`<section><h2>Prices, entries and exits</h2>`);
  if (frame === undefined) {
    parts.push(`<p class="note">This report was written without the bars, so it has no price charts.</p>`);
  } else {
    parts.push(
      `<p class="note">Markers: L / S a long / short entry, xL / xS its exit; ×n counts several in one candle.</p>`,
    );
    for (const p of prices) {
      const agg = p.barsPerCandle > 1 ? ` <span class="note">(candles of ${p.barsPerCandle} bars)</span>` : "";
      parts.push(`<h3>${escapeHtml(p.symbol)}${agg}</h3><div class="chart" id="${p.id}"></div>`);
    }
  }
  parts.push(`</section>`);

  // risk manager
  const rk = a.riskEvents;
  parts.push(`<section id="risk"><h2>Risk manager</h2>`);
  if (rk.denials + rk.resizes + rk.breakerTrips === 0) {
    parts.push(`<p class="note">No order was denied or resized, and no circuit breaker tripped.</p>`);
  }
  if (rk.denials > 0) {
    const example = new Map<string, string>();
    for (const d of r.denials) if (!example.has(d.rule)) example.set(d.rule, d.detail);
    parts.push(
      `<h3>Denials by rule (${
        displayValue(rk.denials, "int")
      })</h3><table id="denials-by-rule"><thead><tr><th class="l">Rule</th><th>Denials</th><th class="l">First reason given</th></tr></thead><tbody>`,
    );
    for (const [rule, n] of Object.entries(rk.denialsByRule)) {
      parts.push(
        `<tr><td class="l">${escapeHtml(rule)}</td>${cell(n, "int")}<td class="w">${
          escapeHtml(example.get(rule) ?? "")
        }</td></tr>`,
      );
    }
    parts.push(`</tbody></table>`);
  }
  if (rk.resizes > 0) {
    parts.push(
      `<h3>Orders resized by rule (${
        displayValue(rk.resizes, "int")
      })</h3><table><thead><tr><th class="l">Rule</th><th>Orders</th></tr></thead><tbody>`,
    );
    for (const [rule, n] of Object.entries(rk.resizesByRule)) {
      parts.push(`<tr><td class="l">${escapeHtml(rule)}</td>${cell(n, "int")}</tr>`);
    }
    parts.push(`</tbody></table>`);
  }
  if (rk.breakerTrips > 0) {
    parts.push(
      `<h3>Circuit breaker trips (${
        displayValue(rk.breakerTrips, "int")
      })</h3><div class="scroll"><table><thead><tr><th class="l">Time</th><th class="l">Breaker</th><th class="l">Detail</th><th>Positions closed</th></tr></thead><tbody>`,
    );
    for (const e of r.breakerEvents.slice(0, maxRows)) {
      parts.push(
        `<tr><td class="l">${when(e.tsMs)}</td><td class="l">${escapeHtml(e.breaker)}</td><td class="w">${
          escapeHtml(e.detail)
        }</td>${cell(e.flattened.length, "int")}</tr>`,
      );
    }
    parts.push(`</tbody></table></div>`);
    if (r.breakerEvents.length > maxRows) parts.push(`<p class="note">First ${maxRows}; all in result.json.</p>`);
  }
  if (rk.denials > 0) {
    parts.push(
      `<details><summary>Denied intents${
        rk.denials > maxRows ? ` (first ${maxRows} of ${displayValue(rk.denials, "int")}; all in denials.csv)` : ""
      }</summary><div class="scroll"><table><thead><tr><th class="l">Time</th><th class="l">Symbol</th><th class="l">Intent</th><th class="l">Rule</th><th class="l">Why</th></tr></thead><tbody>`,
    );
    for (const d of r.denials.slice(0, maxRows)) {
      parts.push(
        `<tr><td class="l">${when(d.tsMs)}</td><td class="l">${escapeHtml(d.symbol)}</td><td class="l">${
          escapeHtml(d.intent)
        }</td><td class="l">${escapeHtml(d.rule)}</td><td class="w">${escapeHtml(d.detail)}</td></tr>`,
      );
    }
    parts.push(`</tbody></table></div></details>`);
  }
  parts.push(`</section>`);

  // trades
  parts.push(
    `<section><h2>Trades</h2><details><summary>${displayValue(r.trades.length, "int")} closed trades${
      r.trades.length > maxRows ? ` (first ${maxRows}; all in trades.csv)` : ""
    }</summary><div class="scroll"><table><thead><tr><th class="l">Symbol</th><th class="l">Side</th><th>Qty</th><th class="l">Entry</th><th>Entry price</th><th class="l">Exit</th><th>Exit price</th><th>P&amp;L</th><th>Fees</th></tr></thead><tbody>`,
  );
  for (const t of r.trades.slice(0, maxRows)) {
    parts.push(
      `<tr><td class="l">${escapeHtml(t.symbol)}</td><td class="l">${t.side}</td>${
        cell(t.qty, "number")
      }<td class="l">${when(t.entryTimeMs)}</td>${cell(t.entryPrice, "money")}<td class="l">${when(t.exitTimeMs)}</td>${
        cell(t.exitPrice, "money")
      }${cell(t.pnl, "money")}${cell(t.fees, "money")}</tr>`,
    );
  }
  parts.push(`</tbody></table></div></details></section>`);

  const data = (w: ByteWriter) => {
    w.text('{"intraday":');
    w.text(intraday ? "true" : "false");
    w.text(',"initial":');
    w.number(s.initialCash, "null");
    w.text(',"equity":{"t":');
    numbers(w, eqPts.t);
    w.text(',"v":');
    numbers(w, eqPts.v);
    w.text('},"drawdown":{"t":');
    numbers(w, ddPts.t);
    w.text(',"v":');
    numbers(w, ddPts.v);
    w.text('},"prices":[');
    prices.forEach((p, i) => {
      if (i > 0) w.text(",");
      p.write(w);
    });
    w.text("]}");
  };
  return htmlPage({
    title,
    body: head + parts.join("\n"),
    footer: "Every number is also in result.json and the CSV files.",
    charts: { data, script: CHARTS },
  });
}
