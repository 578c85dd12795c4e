/**
 * `report.html`: one self-contained page that works offline, in the
 * skeleton and style of every page (`html_page.ts`). The charts are drawn by
 * TradingView's lightweight-charts (Apache-2.0), whose standalone build is
 * inlined, with the data as JSON in the page; the histograms are inline SVG
 * and the tables plain HTML. A Content-Security-Policy forbids every network
 * request.
 *
 * What it shows: the headline metrics (the benchmark's beside them) and the
 * metrics against the benchmark; the equity curve with the benchmark's and
 * the underwater (drawdown) curve; rolling Sharpe ratio, volatility and beta
 * over `analysis.rollingWindow` bars (`rolling.ts`); net exposure and the
 * number of open positions over time; the Monte Carlo fan when the run has
 * one; monthly returns as a heatmap, quarterly and yearly returns; the
 * per-symbol and long/short breakdowns; each charted symbol's price as
 * candles with volume, the strategy's indicator overlays and its entries and
 * exits (clustered to stay readable at any zoom, details on hover); what the
 * risk manager denied, resized and tripped, and why; trade P&L and holding
 * time histograms; the trades.
 *
 * Size: the library is about 200 KB. Curves longer than `maxPoints` (4,000)
 * are drawn from each bucket's lowest and highest point (every peak and
 * trough survives); price charts are drawn for at most `maxPriceCharts`
 * symbols (20: those with the largest |total P&L|, then the most trades),
 * and candles beyond each charted symbol's share of `maxCandles` (24,000
 * over all charted symbols, 300–5,000 each) are aggregated into OHLC candles
 * of several bars, with the markers of a candle counted together. Long
 * tables show their first rows and point to the CSV files. The sample run's
 * page is about 500 KB; 2,000 symbols over ten years about 2 MB.
 *
 * @module
 */
import { type BarFrame, freeBuffers } from "../data/bar_frame.ts";
import type { BacktestResult, Trade } from "../result.ts";
import { DEFAULT_ROLLING_WINDOW } from "./analysis_config.ts";
import type { Analysis, DrawdownPeriod } from "./analyze_result.ts";
import type { ByteWriter } from "./byte_writer.ts";
import { type DisplayKind, displayValue, formatDuration, HEADLINE_METRICS } from "./display.ts";
import { aggregateCandles, drawdownDownsample, lastPerCandle, minMaxDownsample } from "./downsample.ts";
import { isoTime } from "./format.ts";
import { histogram, histogramSvg } from "./histogram.ts";
import { escapeHtml, heatColour, htmlPage } from "./html_page.ts";
import { simpleReturns } from "./metrics/simple_returns.ts";
import type { PeriodReturn } from "./period_returns.ts";
import { rollingBeta, rollingSharpe, rollingVolatility } from "./rolling.ts";
import { lowerBoundFrom } from "../data/lower_bound.ts";

/**
 * Options of {@linkcode htmlReport}.
 *
 * @example
 * ```ts
 * import type { HtmlReportOptions } from "./html_report.ts";
 * const opts: HtmlReportOptions = { maxPoints: 2000, maxRows: 50, maxPriceCharts: 10 };
 * console.log(opts.maxPoints);
 * ```
 */
export interface HtmlReportOptions {
  /** The bars of the run: each symbol's price is charted with its entries and exits. Without them, no price charts. */
  readonly frame?: BarFrame;
  /** Most points drawn per curve (equity, drawdown, rolling metrics, exposure); 4,000 by default. */
  readonly maxPoints?: number;
  /** Most candles over all charted symbols; 24,000 by default (each gets an equal share, 300 to 5,000). */
  readonly maxCandles?: number;
  /** Most rows of the long tables (denials, trades, symbols); 200 by default. */
  readonly maxRows?: number;
  /**
   * Most symbols with a price chart; 20 by default. Beyond it, the symbols
   * with the largest |total P&L| (ties: more trades, then data order) are
   * charted and the page says which.
   */
  readonly maxPriceCharts?: number;
}

const DAY_MS = 86_400_000;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Draws the charts (the names it uses come from the page's chart prelude, `html_page.ts`). */
const CHARTS = `
  const line = (c, t, v, opts, pane) => {
    const s = c.addSeries(L.LineSeries, { lineWidth: 1, priceLineVisible: false, lastValueVisible: false, ...opts }, pane);
    s.setData(points(t, v));
    return s;
  };
  const pct = { type: "custom", minMove: 0.01, formatter: (v) => v.toFixed(2) + "%" };

  const eq = chart("chart-equity");
  equityCurve(eq, D.equity.t, D.equity.v, D.initial);
  if (D.benchmark) line(eq, D.benchmark.t, D.benchmark.v, { color: "#8a5cf5", lineWidth: 2, title: "benchmark" });

  const dd = chart("chart-drawdown");
  const ddSeries = dd.addSeries(L.BaselineSeries, {
    baseValue: { type: "price", price: 0 },
    topLineColor: "#e53935", bottomLineColor: "#e53935", lineWidth: 1,
    bottomFillColor1: "rgba(229,57,53,0.10)", bottomFillColor2: "rgba(229,57,53,0.40)",
    priceFormat: pct,
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

  if (D.rolling) {
    const rs = chart("chart-rolling-sharpe");
    line(rs, D.rolling.sharpe.t, D.rolling.sharpe.v, { color: "#2962ff", lineWidth: 2 }).createPriceLine({ price: 0, color: "#8a93a6", lineWidth: 1, lineStyle: 2 });
    line(chart("chart-rolling-volatility"), D.rolling.volatility.t, D.rolling.volatility.v, { color: "#ef6c00", lineWidth: 2, priceFormat: pct });
    if (D.rolling.beta) {
      line(chart("chart-rolling-beta"), D.rolling.beta.t, D.rolling.beta.v, { color: "#8a5cf5", lineWidth: 2 })
        .createPriceLine({ price: 1, color: "#8a93a6", lineWidth: 1, lineStyle: 2, title: "β = 1" });
    }
  }

  const ex = chart("chart-exposure");
  ex.applyOptions({ leftPriceScale: { visible: true, borderColor: "#e3e6ec" } });
  const exS = ex.addSeries(L.AreaSeries, {
    lineColor: "#00897b", topColor: "rgba(0,137,123,0.25)", bottomColor: "rgba(0,137,123,0.02)", lineWidth: 1,
    priceFormat: pct, title: "net exposure",
  });
  exS.setData(points(D.exposure.t, D.exposure.v));
  line(ex, D.positions.t, D.positions.v, {
    color: "#5b6475", priceScaleId: "left", lineType: 1, title: "positions",
    priceFormat: { type: "custom", minMove: 1, formatter: (v) => (Number.isInteger(v) && v >= 0 ? String(v) : "") },
  });

  if (D.fan) {
    const f = chart("chart-monte-carlo");
    const band = (k, colour, width) => line(f, D.fan.t, D.fan[k], { color: colour, lineWidth: width, title: k });
    band("p95", "rgba(41,98,255,0.35)", 1); band("p75", "rgba(41,98,255,0.7)", 1); band("p50", "#2962ff", 2);
    band("p25", "rgba(41,98,255,0.7)", 1); band("p5", "rgba(41,98,255,0.35)", 1);
    line(f, D.equity.t, D.equity.v, { color: "#1d2330", lineWidth: 1, title: "run" });
  }

  const MARK = [
    { position: "belowBar", color: "#2e7d32", shape: "arrowUp", text: "L" },
    { position: "aboveBar", color: "#c62828", shape: "arrowDown", text: "S" },
    { position: "aboveBar", color: "#5b6475", shape: "arrowDown", text: "xL" },
    { position: "belowBar", color: "#5b6475", shape: "arrowUp", text: "xS" },
  ];
  const WHAT = ["long entry", "short entry", "long exit", "short exit"];
  const OVERLAY = ["#f9a825", "#8e24aa", "#00acc1", "#6d4c41", "#d81b60", "#43a047"];
  const money = (x) => x.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const day = (t) => new Date(t * 1000).toISOString().slice(0, D.intraday ? 16 : 10).replace("T", " ");
  for (const p of D.prices) {
    const el = document.getElementById(p.id);
    const c = chart(p.id);
    // prices are positive: the axis stops at zero (no margin below it, no label below it)
    const s = c.addSeries(L.CandlestickSeries, {
      upColor: "#26a69a", downColor: "#ef5350", wickUpColor: "#26a69a", wickDownColor: "#ef5350", borderVisible: false,
      priceFormat: { type: "custom", minMove: 10 ** -p.dp, formatter: (v) => (v < 0 ? "" : v.toFixed(p.dp)) },
      autoscaleInfoProvider: (original) => {
        const r = original();
        if (r === null || r.priceRange === null) return r;
        const lo = Math.max(0, r.priceRange.minValue), hi = r.priceRange.maxValue;
        const h = c.panes()[0].getHeight(), above = 0.08 * h;
        const below = hi > 0 ? Math.min(0.08 * h, (lo * (h - above)) / hi) : 0;
        return { priceRange: { minValue: lo, maxValue: hi }, margins: { above, below } };
      },
    });
    c.priceScale("right").applyOptions({ scaleMargins: { top: 0, bottom: 0 } });
    s.setData(p.t.map((t, i) => ({ time: t, open: p.o[i], high: p.h[i], low: p.l[i], close: p.c[i] })));
    let pane = 1;
    if (p.vol) {
      const v = c.addSeries(L.HistogramSeries, { priceFormat: { type: "volume" }, priceLineVisible: false, lastValueVisible: false }, pane++);
      v.setData(p.t.map((t, i) => ({ time: t, value: p.vol[i], color: p.c[i] >= p.o[i] ? "rgba(38,166,154,0.5)" : "rgba(239,83,80,0.5)" })));
      c.panes()[1].setHeight(70);
    }
    const own = p.ov.some((o) => o.pane === "own") ? pane : -1;
    p.ov.forEach((o, k) => {
      const data = [];
      for (let i = 0; i < p.t.length; i++) if (o.v[i] !== null) data.push({ time: p.t[i], value: o.v[i] });
      c.addSeries(L.LineSeries, {
        color: OVERLAY[k % OVERLAY.length], lineWidth: 1, priceLineVisible: false, lastValueVisible: false, title: o.name,
      }, o.pane === "own" ? own : 0).setData(data);
    });
    if (own > 0) c.panes()[own].setHeight(90);

    // markers: [candle, kind, count, qty, qty × price, P&L]; clustered by powers of two of candles so that
    // about one marker fits in 16 px at the current zoom
    const mk = L.createSeriesMarkers(s, []);
    let groups = [], g = 0;
    const cluster = () => {
      // where the first marker is drawn, for a test driver to hover it
      if (groups.length > 0) el.dataset.firstMarkerX = String(c.timeScale().timeToCoordinate(p.t[groups[0].at]));
      const r = c.timeScale().getVisibleLogicalRange();
      const span = r ? Math.max(1, r.to - r.from) : p.t.length;
      const room = Math.max(1, (c.timeScale().width() || el.clientWidth || 600) / 16);
      let size = 1;
      while (span / size > room) size *= 2;
      if (size === g) return;
      g = size;
      const byKey = new Map();
      for (const [j, k, n, q, qp, pnl] of p.m) {
        const at = Math.floor(j / g) * g, key = at * 4 + k;
        const e = byKey.get(key) ?? { at, k, n: 0, q: 0, qp: 0, pnl: 0, first: j, last: j };
        e.n += n; e.q += q; e.qp += qp; e.pnl += pnl; e.last = j;
        byKey.set(key, e);
      }
      groups = [...byKey.values()].sort((a, b) => a.at - b.at || a.k - b.k);
      mk.setMarkers(groups.map((e) => ({ time: p.t[e.at], ...MARK[e.k], text: e.n > 1 ? MARK[e.k].text + "×" + e.n : MARK[e.k].text })));
      if (groups.length > 0) el.dataset.firstMarkerX = String(c.timeScale().timeToCoordinate(p.t[groups[0].at]));
    };
    cluster();
    c.timeScale().subscribeVisibleLogicalRangeChange(() => requestAnimationFrame(cluster));
    const tip = document.createElement("div");
    tip.className = "tip";
    el.appendChild(tip);
    const describe = (e) => {
      const span = e.first === e.last ? day(p.t[e.first]) : day(p.t[e.first]) + " to " + day(p.t[e.last]);
      const lines = [(e.n > 1 ? e.n + " × " : "") + WHAT[e.k] + ", " + span, "qty " + money(e.q) + " at " + (e.qp / e.q).toFixed(p.dp) + (e.n > 1 ? " (average)" : "")];
      if (e.k >= 2) lines.push("P&L " + money(e.pnl) + (e.n > 1 ? " (sum)" : ""));
      return lines.join("\\n");
    };
    c.subscribeCrosshairMove((e) => {
      let j = -1;
      if (e.point && e.time !== undefined) {
        let lo = 0, hi = p.t.length - 1;
        while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (p.t[mid] <= e.time) lo = mid; else hi = mid - 1; }
        j = Math.floor(lo / g) * g;
      }
      const here = groups.filter((x) => x.at === j);
      if (here.length === 0) { tip.style.display = "none"; return; }
      tip.textContent = here.map(describe).join("\\n\\n");
      tip.style.display = "block";
      const x = Math.min(e.point.x + 14, el.clientWidth - tip.offsetWidth - 4);
      tip.style.left = Math.max(0, x) + "px";
      tip.style.top = Math.max(0, e.point.y - tip.offsetHeight - 10) + "px";
    });
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

/** A curve's points, as `{"t":[…],"v":[…]}`. */
function curve(w: ByteWriter, c: { t: number[]; v: number[] }): void {
  w.text('{"t":');
  numbers(w, c.t);
  w.text(',"v":');
  numbers(w, c.v);
  w.text("}");
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

/** A per-bar series drawn as a line: ±∞ dropped with NaN, downsampled, in whole increasing seconds. */
function drawable(
  tsMs: Float64Array,
  values: Float64Array,
  maxPoints: number,
  scale = 1,
): { t: number[]; v: number[] } {
  // infinities are not drawn: copied out only when there is one, so a curve the caller keeps is never changed
  let finite = values;
  for (let i = 0; i < values.length; i++) {
    if (values[i] !== Infinity && values[i] !== -Infinity) continue;
    if (finite === values) finite = Float64Array.from(values);
    finite[i] = NaN;
  }
  const d = minMaxDownsample(tsMs, finite, maxPoints);
  if (finite !== values) freeBuffers([finite]);
  return increasingSeconds(d.tsMs, d.values, scale);
}

/**
 * {@linkcode drawable} of a curve computed for the chart alone, whose memory is let go as soon as it is drawn rather
 * than at V8's next major collection (each rolling curve of a 10M-bar run is 80 MB, and the report is built while the
 * run's result is held whole).
 */
function drawOnce(
  tsMs: Float64Array,
  values: Float64Array,
  maxPoints: number,
  scale = 1,
): { t: number[]; v: number[] } {
  try {
    return drawable(tsMs, values, maxPoints, scale);
  } finally {
    freeBuffers([values]);
  }
}

/** `lowerBound(sorted, t)` for a run of queries that mostly come in time order: each gallops from the last answer. */
function nearLowerBound(sorted: Float64Array, from: number): (t: number) => number {
  let at = from;
  return (t) => at = lowerBoundFrom(sorted, t, at);
}

/**
 * Open positions at each bar's close, as steps (+1 at a trade's entry bar, −1 at its exit bar) whose running sum is
 * the count: a trade counts from its entry bar to the bar before its exit, as exposure does.
 */
function positionSteps(tsMs: Float64Array, r: BacktestResult): Int32Array {
  const n = tsMs.length, diff = new Int32Array(n + 1);
  const find = nearLowerBound(tsMs, 0);
  for (const t of r.trades) {
    const a = find(t.entryTimeMs), b = find(t.exitTimeMs);
    if (b > a) (diff[a]!++, diff[b]!--);
  }
  for (const p of r.openPositions) diff[Math.min(n, find(p.entryTimeMs))]!++;
  return diff;
}

/**
 * Net exposure (`1 − cash / equity`: the positions' market value over equity,
 * negative when short) and the number of open positions (the running sum of
 * `steps`) at each bar, drawn as at most `maxPoints` points: beyond that,
 * each point is the average over a bucket of consecutive bars (the share of
 * the time in the market, the average count), stamped with its first bar.
 * One pass, no per-bar array.
 */
function exposureAndPositions(
  tsMs: Float64Array,
  equity: Float64Array,
  cash: Float64Array,
  steps: Int32Array,
  maxPoints: number,
): { exposure: { tsMs: Float64Array; values: Float64Array }; positions: { tsMs: Float64Array; values: Float64Array } } {
  const n = tsMs.length, size = Math.max(1, Math.ceil(n / Math.max(1, maxPoints)));
  const m = Math.ceil(n / size);
  const t = new Float64Array(m), ex = new Float64Array(m), pos = new Float64Array(m);
  let open = 0, j = 0;
  for (let a = 0; a < n; a += size, j++) {
    const b = Math.min(n, a + size);
    let sum = 0, k = 0, count = 0;
    for (let i = a; i < b; i++) {
      open += steps[i]!;
      count += open;
      const e = equity[i]!;
      if (e > 0 && e < Infinity) (sum += 1 - cash[i]! / e, k++);
    }
    t[j] = tsMs[a]!;
    ex[j] = k > 0 ? sum / k : NaN;
    pos[j] = count / (b - a);
  }
  // a bar whose equity is not positive has no exposure: leave its point out
  let w = 0;
  const te = new Float64Array(m), ve = new Float64Array(m);
  for (let q = 0; q < m; q++) if (ex[q] === ex[q]) (te[w] = t[q]!, ve[w++] = ex[q]!);
  return { exposure: { tsMs: te.subarray(0, w), values: ve.subarray(0, w) }, positions: { tsMs: t, values: pos } };
}

/** Decimal places that show a price series: 2, more for prices under 1 (up to 8). */
function priceDecimals(low: Float64Array): number {
  let lo = Infinity;
  for (let i = 0; i < low.length; i++) if (low[i]! > 0 && low[i]! < lo) lo = low[i]!;
  return lo >= 1 || lo === Infinity ? 2 : Math.min(8, 2 + Math.ceil(-Math.log10(lo)));
}

/** R-multiple of a trade: its P&L over its initial risk (NaN when the risk is unknown or not positive). */
const rMultiple = (t: Trade) => (t.initialRisk !== undefined && t.initialRisk > 0 ? t.pnl / t.initialRisk : NaN);

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
  const { tsMs, equity, cash } = r.equity;
  const intraday = isIntraday(tsMs);
  const when = (ms: number) => {
    if (!Number.isFinite(ms)) return "";
    const s = isoTime(ms);
    return intraday ? s.slice(0, 16).replace("T", " ") : s.slice(0, 10);
  };
  const s = r.summary, m = a.metrics;
  const c = r.config;
  const bm = a.benchmark;
  const mc = a.monteCarlo;

  const eq = minMaxDownsample(tsMs, equity, maxPoints);
  const dd = drawdownDownsample(tsMs, equity, s.initialCash, maxPoints);
  const eqPts = increasingSeconds(eq.tsMs, eq.values);
  const ddPts = increasingSeconds(dd.tsMs, dd.values, 100);
  const bmPts = bm === undefined ? undefined : drawable(tsMs, bm.value, maxPoints);

  // rolling metrics over analysis.rollingWindow bars of per-bar returns (the first against the initial capital)
  const window = c.analysis.rollingWindow ?? DEFAULT_ROLLING_WINDOW;
  const ppy = m.periodsPerYear;
  const hasRolling = window <= equity.length && Number.isFinite(ppy);
  const ownReturns = hasRolling && a.barReturns === undefined;
  const returns = hasRolling ? a.barReturns ?? simpleReturns(equity, s.initialCash) : new Float64Array(0);
  let benchReturns: Float64Array | undefined;
  if (bm !== undefined && hasRolling) {
    // the benchmark's return of each bar against its previous bar (NaN until it has two prices)
    benchReturns = new Float64Array(returns.length).fill(NaN);
    const own = simpleReturns(bm.value);
    benchReturns.set(own.subarray(0, Math.max(0, returns.length - 1)), 1);
    freeBuffers([own]);
  }
  // each full-length curve below is this function's own: freed once drawn
  const rolling = hasRolling
    ? {
      sharpe: drawOnce(tsMs, rollingSharpe(returns, window, ppy, a.riskFree), maxPoints),
      volatility: drawOnce(tsMs, rollingVolatility(returns, window, ppy), maxPoints, 100),
      beta: benchReturns === undefined
        ? undefined
        : drawOnce(tsMs, rollingBeta(returns, benchReturns, window), maxPoints),
    }
    : undefined;
  freeBuffers([benchReturns, ownReturns ? returns : undefined]);

  // net exposure (market value of the positions over equity) and open positions, per bar
  const steps = positionSteps(tsMs, r);
  const { exposure: exCurve, positions: posCurve } = exposureAndPositions(tsMs, equity, cash, steps, maxPoints);
  freeBuffers([steps]);
  const exPts = increasingSeconds(exCurve.tsMs, exCurve.values, 100);
  const posPts = increasingSeconds(posCurve.tsMs, posCurve.values);

  // the Monte Carlo fan of the returns bootstrap: equity quantiles at some of the run's bars
  const fan = mc?.returns.fan;
  let fanCols: number[] = [];
  if (fan !== undefined) {
    let last = -Infinity;
    fan.step.forEach((step, j) => {
      const t = tsMs[step];
      if (t === undefined) return;
      const sec = Math.floor(t / 1000);
      if (sec > last) (fanCols.push(j), last = sec);
    });
    if (fanCols.length < 2) fanCols = [];
  }

  // prices, for the charted symbols, aggregated, with entry/exit markers per candle
  const frame = opts.frame;
  const maxPriceCharts = opts.maxPriceCharts ?? 20;
  const prices: { id: string; symbol: string; barsPerCandle: number; write: (w: ByteWriter) => void }[] = [];
  let charted: number[] = [];
  if (frame !== undefined) {
    const order = frame.symbols.map((_, i) => i);
    if (order.length > maxPriceCharts) {
      const bd = new Map(a.bySymbol.map((b) => [b.symbol, b]));
      const pnl = (i: number) => Math.abs(bd.get(frame.symbols[i]!)?.totalPnl ?? 0) || 0;
      const trades = (i: number) => bd.get(frame.symbols[i]!)?.trades ?? 0;
      order.sort((x, y) => pnl(y) - pnl(x) || trades(y) - trades(x) || x - y);
    }
    charted = order.slice(0, maxPriceCharts);
    const k = charted.length;
    const share = Math.max(300, Math.min(5000, Math.floor((opts.maxCandles ?? 24_000) / Math.max(1, k))));
    const slot = new Map<string, number>(charted.map((i, j) => [frame.symbols[i]!, j]));
    // [time ms, kind, qty, price, pnl] per charted symbol
    const marks: [number, number, number, number, number][][] = charted.map(() => []);
    for (const t of r.trades) {
      const j = slot.get(t.symbol);
      if (j === undefined) continue;
      marks[j]!.push(
        [t.entryTimeMs, t.side === "long" ? 0 : 1, t.qty, t.entryPrice, 0],
        [t.exitTimeMs, t.side === "long" ? 2 : 3, t.qty, t.exitPrice, t.pnl],
      );
    }
    for (const p of r.openPositions) {
      const j = slot.get(p.symbol);
      if (j !== undefined) marks[j]!.push([p.entryTimeMs, p.qty > 0 ? 0 : 1, Math.abs(p.qty), p.avgPrice, 0]);
    }
    const overlays = r.overlays ?? [];
    charted.forEach((i, j) => {
      const symbol = frame.symbols[i]!;
      const a0 = frame.segStart[i]!, b0 = frame.segEnd[i]!;
      if (b0 <= a0) return;
      const bars = {
        tsMs: frame.tsMs.subarray(a0, b0),
        open: frame.open.subarray(a0, b0),
        high: frame.high.subarray(a0, b0),
        low: frame.low.subarray(a0, b0),
        close: frame.close.subarray(a0, b0),
      };
      const volume = frame.volume.subarray(a0, b0);
      let hasVolume = false;
      for (let q = 0; q < volume.length && !hasVolume; q++) hasVolume = volume[q]! > 0;
      const cd = aggregateCandles(hasVolume ? { ...bars, volume } : bars, share);
      const dp = priceDecimals(cd.low);
      // [candle, kind] → [count, qty, qty × price, pnl]
      const agg = new Map<number, [number, number, number, number]>();
      const find = nearLowerBound(bars.tsMs, 0);
      for (const [t, kind, qty, price, pnl] of marks[j]!) {
        const bar = Math.min(bars.tsMs.length - 1, find(t));
        const key = Math.floor(bar / cd.barsPerCandle) * 4 + kind;
        const e = agg.get(key) ?? [0, 0, 0, 0];
        (e[0]++, e[1] += qty, e[2] += qty * price, e[3] += pnl);
        agg.set(key, e);
      }
      const keys = [...agg.keys()].sort((x, y) => x - y);
      const ovs = overlays.filter((o) => o.symbol === symbol && o.values.length === bars.tsMs.length);
      const id = `chart-price-${i}`;
      prices.push({
        id,
        symbol,
        barsPerCandle: cd.barsPerCandle,
        write: (w) => {
          const secs = Array.from(cd.tsMs, (t) => Math.floor(t / 1000));
          // the chart's times are whole seconds and must increase: sub-second bars keep the first of each second
          const keep = secs.flatMap((t, q) => (q === 0 || t > secs[q - 1]! ? [q] : []));
          const newIndex = new Int32Array(secs.length);
          keep.forEach((q, n) => newIndex[q] = n);
          for (let q = 1; q < secs.length; q++) if (!(secs[q]! > secs[q - 1]!)) newIndex[q] = newIndex[q - 1]!;
          const col = (arr: Float64Array) => keep.map((q) => arr[q]!);
          w.text('{"id":');
          w.jsonString(id);
          w.text(`,"dp":${dp},"t":`);
          numbers(w, keep.map((q) => secs[q]!));
          w.text(',"o":');
          numbers(w, col(cd.open));
          w.text(',"h":');
          numbers(w, col(cd.high));
          w.text(',"l":');
          numbers(w, col(cd.low));
          w.text(',"c":');
          numbers(w, col(cd.close));
          w.text(',"vol":');
          if (cd.volume === undefined) w.text("null");
          else numbers(w, col(cd.volume));
          w.text(',"ov":[');
          ovs.forEach((o, n) => {
            w.text(n === 0 ? '{"name":' : ',{"name":');
            w.jsonString(o.name);
            w.text(',"pane":');
            w.jsonString(o.pane);
            w.text(',"v":');
            numbers(w, col(lastPerCandle(o.values, cd.barsPerCandle)));
            w.text("}");
          });
          w.text('],"m":[');
          keys.forEach((key, n) => {
            const candle = Math.floor(key / 4), e = agg.get(key)!;
            w.text(n === 0 ? "[" : ",[");
            w.number(newIndex[candle]!, "null");
            w.text(`,${key - candle * 4},`);
            w.number(e[0], "null");
            w.text(",");
            w.number(e[1], "0");
            w.text(",");
            w.number(e[2], "0");
            w.text(",");
            w.number(e[3], "0");
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
<p class="sub">${escapeHtml(c.strategy.use.name)} ${escapeHtml(params)} · ${
    escapeHtml(r.symbols.length > 12 ? `${displayValue(r.symbols.length, "int")} symbols` : r.symbols.join(", "))
  }</p>
<p class="sub">${escapeHtml(when(s.firstBarMs))} → ${escapeHtml(when(s.lastBarMs))} (${
    escapeHtml(formatDuration(s.lastBarMs - s.firstBarMs))
  }) · ${displayValue(s.bars, "int")} bars · ${displayValue(s.trades, "int")} trades · ${
    displayValue(s.fills, "int")
  } fills</p>
`;

  const parts: string[] = [];
  // headline metrics (the benchmark's beside them) and the curves
  parts.push(
    `<section class="top${
      bm === undefined ? "" : " wide"
    }"><div><h2>Headline metrics</h2><table class="metrics" id="metrics">`,
  );
  if (bm !== undefined) {
    parts.push(`<caption>Strategy · <span class="bm">benchmark: ${escapeHtml(bm.name)}</span></caption>`);
  }
  parts.push(`<tbody>`);
  let bmFinal = NaN;
  if (bm !== undefined) {
    for (let i = bm.value.length - 1; i >= 0 && Number.isNaN(bmFinal); i--) {
      bmFinal = bm.value[i]!;
    }
  }
  for (const h of HEADLINE_METRICS) {
    const [root, key] = h.path.split(".") as ["metrics" | "summary", string];
    const pick = (mm: typeof m, final: number) =>
      root === "metrics"
        ? (mm as unknown as Record<string, number>)[key]!
        : key === "finalEquity"
        ? final
        : (s as unknown as Record<string, number>)[key]!;
    const show = (v: number | undefined) =>
      v === undefined || typeof v !== "number"
        ? ""
        : Number.isNaN(v) && h.whenUndefined !== undefined
        ? h.whenUndefined
        : displayValue(v, h.kind);
    const benchmarkCell = bm === undefined ? "" : `<td class="bm">${
      escapeHtml(
        root === "summary" && key !== "initialCash" && key !== "finalEquity" ? "" : show(pick(bm.metrics, bmFinal)),
      )
    }</td>`;
    parts.push(
      `<tr data-path="${h.path}" data-kind="${h.kind}"><th>${escapeHtml(h.label)}</th><td>${
        escapeHtml(show(pick(m, s.finalEquity)))
      }</td>${benchmarkCell}</tr>`,
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
    `<div><h2>Equity</h2><div class="chart" id="chart-equity"></div>${
      bm === undefined
        ? ""
        : `<p class="note">Blue: the strategy; <span class="bm">purple: the benchmark, ${
          escapeHtml(bm.name)
        }</span>.</p>`
    }<h3>Underwater (drawdown from the running peak)</h3><div class="chart small" id="chart-drawdown"></div>${sampled}</div></section>`,
  );

  // against the benchmark
  if (bm !== undefined) {
    const rel = bm.relative;
    const rows: [string, number, DisplayKind][] = [
      ["Alpha (annualised)", rel.alpha, "pct"],
      ["Beta", rel.beta, "ratio"],
      ["Up capture", rel.upCapture, "ratio"],
      ["Down capture", rel.downCapture, "ratio"],
      ["Information ratio", rel.informationRatio, "ratio"],
      ["Tracking error", rel.trackingError, "pct"],
      ["Correlation", rel.correlation, "ratio"],
      ["Excess return", rel.excessReturn, "pct"],
      ["Periods compared", rel.periods, "int"],
    ];
    parts.push(
      `<section id="benchmark"><h2>Against the benchmark: ${
        escapeHtml(bm.name)
      }</h2><table class="metrics narrow" id="relative"><tbody>`,
    );
    for (const [label, v, kind] of rows) parts.push(`<tr><th>${label}</th>${cell(v, kind)}</tr>`);
    parts.push(`</tbody></table></section>`);
  }

  // rolling metrics, exposure, Monte Carlo
  parts.push(`<section id="rolling"><h2>Over time</h2>`);
  if (rolling === undefined) {
    parts.push(
      `<p class="note">No rolling metrics: ${
        Number.isFinite(ppy)
          ? `the window (<code>analysis.rollingWindow</code> = ${window} bars) is longer than the run (${equity.length} bars)`
          : "the bars have no number of periods per year"
      }.</p>`,
    );
  } else {
    parts.push(
      `<p class="note">Over the last ${window} bars at each bar (<code>analysis.rollingWindow</code>), annualised with ${
        displayValue(ppy, "number")
      } periods a year, as the headline metrics.</p>`,
      `<div class="grid2"><div><h3>Rolling Sharpe ratio</h3><div class="chart small" id="chart-rolling-sharpe"></div></div>`,
      `<div><h3>Rolling volatility (annualised, %)</h3><div class="chart small" id="chart-rolling-volatility"></div></div>`,
      rolling.beta === undefined
        ? `</div>`
        : `<div><h3>Rolling beta against the benchmark</h3><div class="chart small" id="chart-rolling-beta"></div></div></div>`,
    );
  }
  parts.push(
    `<h3>Net exposure (% of equity, right) and open positions (left)</h3><div class="chart small" id="chart-exposure"></div><p class="note">Net exposure: the positions' market value over equity (negative when short)${
      exCurve.tsMs.length < tsMs.length ? "; each point averages a run of consecutive bars" : ""
    }.</p>`,
  );
  if (mc !== undefined && fanCols.length > 0) {
    const d = mc.returns;
    parts.push(
      `<h3>Monte Carlo: equity of ${
        displayValue(mc.paths, "int")
      } block-bootstrapped paths (blocks of ${mc.blockLength} bars, seed ${mc.seed})</h3>`,
      `<div class="chart" id="chart-monte-carlo"></div><p class="note">Lines: the 5th, 25th, 50th, 75th and 95th percentiles of equity across paths at each bar; black: the run.</p>`,
      `<table id="monte-carlo"><thead><tr><th class="l">Across paths</th><th>${
        displayValue((1 - mc.confidence) / 2, "pct")
      }</th><th>Median</th><th>${displayValue((1 + mc.confidence) / 2, "pct")}</th></tr></thead><tbody>`,
    );
    const rows: [string, { lower: number; median: number; upper: number }, DisplayKind][] = [
      ["Final return", d.finalReturn, "pct"],
      ["CAGR", d.cagr, "pct"],
      ["Max drawdown", d.maxDrawdown, "pct"],
      ["Sharpe ratio", d.sharpe, "ratio"],
    ];
    for (const [label, x, kind] of rows) {
      parts.push(
        `<tr><td class="l">${label}</td>${cell(x.lower, kind)}${cell(x.median, kind)}${cell(x.upper, kind)}</tr>`,
      );
    }
    parts.push(
      `</tbody></table><p class="note">Probability of ruin (a drawdown of ${
        displayValue(mc.ruinDrawdown, "pct")
      } or worse): ${displayValue(d.probabilityOfRuin, "pct")}.</p>`,
    );
  }
  parts.push(`</section>`);

  // calendar returns
  const withBench = a.returns.yearly.some((y) => y.benchmarkReturn !== undefined);
  parts.push(`<section><h2>Returns</h2><h3>Monthly returns (%)</h3><div class="scroll">`);
  parts.push(heatmap(a.returns.monthly, a.returns.yearly, 12, MONTHS));
  parts.push(`</div><h3>Quarterly returns (%)</h3><div class="scroll">`);
  parts.push(heatmap(a.returns.quarterly, a.returns.yearly, 4, ["Q1", "Q2", "Q3", "Q4"]));
  parts.push(
    `</div><h3>Yearly returns</h3><table id="yearly"><thead><tr><th class="l">Year</th><th>Return</th>${
      withBench ? `<th class="bm">Benchmark</th><th>Excess</th>` : ""
    }<th>Start equity</th><th>End equity</th><th>Bars</th></tr></thead><tbody>`,
  );
  for (const y of a.returns.yearly) {
    parts.push(
      `<tr><td class="l">${y.year}</td>${cell(y.return, "pct")}${
        withBench ? cell(y.benchmarkReturn ?? NaN, "pct", "bm") + cell(y.excessReturn ?? NaN, "pct") : ""
      }${cell(y.startEquity, "money")}${cell(y.endEquity, "money")}${cell(y.bars, "int")}</tr>`,
    );
  }
  parts.push(`</tbody></table></section>`);

  // breakdowns: every symbol up to maxRows, then the largest |P&L| and one row for the rest
  const dds = a.drawdowns;
  const drawdownRows = (id: string, rows: readonly DrawdownPeriod[]) => {
    parts.push(
      `<table id="${id}"><thead><tr><th class="l">Peak</th><th class="l">Trough</th><th class="l">Recovered</th><th>Depth</th><th>Length</th><th>Bars</th></tr></thead><tbody>`,
    );
    for (const d of rows) {
      parts.push(
        `<tr><td class="l">${when(d.peakTimeMs)}</td><td class="l">${when(d.troughTimeMs)}</td><td class="l">${
          Number.isNaN(d.recoveryTimeMs) ? "not recovered" : when(d.recoveryTimeMs)
        }</td>${cell(d.depth, "pct")}${cell(d.lengthDays * DAY_MS, "duration")}${cell(d.lengthBars, "int")}</tr>`,
      );
    }
    parts.push(`</tbody></table>`);
  };
  parts.push(
    `<section id="drawdowns"><h2>Drawdowns and extremes</h2><h3>The ${
      dds.length === 5 ? "five deepest drawdowns" : dds.length === 1 ? "drawdown" : `${dds.length} drawdowns`
    }</h3>`,
  );
  if (dds.length === 0) parts.push(`<p class="note">Equity never fell below a previous peak.</p>`);
  else {
    drawdownRows("drawdown-table", dds);
    if (dds.length > 1) {
      parts.push(`<h3>The ${dds.length === 5 ? "five" : dds.length} longest drawdowns</h3>`);
      drawdownRows("longest-drawdown-table", a.longestDrawdowns);
    }
  }
  parts.push(
    `<h3>Best and worst periods</h3><table id="extremes"><thead><tr><th class="l">Period</th><th>Best</th><th>Worst</th>${
      bm === undefined ? "" : `<th class="bm">Benchmark best</th><th class="bm">Benchmark worst</th>`
    }</tr></thead><tbody>`,
  );
  for (
    const [label, best, worst] of [["Day", "bestDay", "worstDay"], ["Month", "bestMonth", "worstMonth"], [
      "Year",
      "bestYear",
      "worstYear",
    ]] as const
  ) {
    parts.push(
      `<tr><td class="l">${label}</td>${cell(m[best], "pct")}${cell(m[worst], "pct")}${
        bm === undefined ? "" : cell(bm.metrics[best], "pct", "bm") + cell(bm.metrics[worst], "pct", "bm")
      }</tr>`,
    );
  }
  parts.push(`</tbody></table></section>`);

  const symbolRows = a.bySymbol.length <= maxRows
    ? a.bySymbol
    : [...a.bySymbol].sort((x, y) => (Math.abs(y.totalPnl) || 0) - (Math.abs(x.totalPnl) || 0) || y.trades - x.trades)
      .slice(0, maxRows);
  parts.push(
    `<section><h2>Breakdowns</h2><h3>By symbol${
      symbolRows.length < a.bySymbol.length
        ? ` (the ${maxRows} of ${
          displayValue(a.bySymbol.length, "int")
        } with the largest |total P&amp;L|; all in breakdown_symbol.csv)`
        : ""
    }</h3><div class="scroll"><table id="by-symbol"><thead><tr><th class="l">Symbol</th><th>Trades</th><th>Win rate</th><th>Closed P&amp;L</th><th>Open P&amp;L</th><th>Total P&amp;L</th><th>Profit factor</th><th>Avg win</th><th>Avg loss</th><th>Expectancy</th><th>Fees</th><th>Exposure</th></tr></thead><tbody>`,
  );
  for (const b of symbolRows) {
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
  if (symbolRows.length < a.bySymbol.length) {
    const shown = new Set(symbolRows.map((b) => b.symbol));
    let n = 0, trades = 0, net = 0, open = 0, total = 0, fees = 0;
    for (const b of a.bySymbol) {
      if (shown.has(b.symbol)) continue;
      (n++, trades += b.trades, net += b.netPnl, open += b.openPnl, total += b.totalPnl, fees += b.fees);
    }
    parts.push(
      `<tr class="rest"><td class="l">${displayValue(n, "int")} other symbols</td>${cell(trades, "int")}<td></td>${
        cell(net, "money")
      }${cell(open, "money")}${cell(total, "money")}<td></td><td></td><td></td><td></td>${
        cell(fees, "money")
      }<td></td></tr>`,
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
    if (charted.length < frame.symbols.length) {
      parts.push(
        `<p class="note">Price charts for ${charted.length} of ${
          displayValue(frame.symbols.length, "int")
        } symbols: those with the largest |total P&amp;L| (ties: more trades). Every symbol is in the breakdown above and in breakdown_symbol.csv.</p>`,
      );
    }
    parts.push(
      `<p class="note">Markers: L / S a long / short entry, xL / xS its exit; ×n counts several in one candle, or in neighbouring candles when zoomed out. Hover a candle for the details. Volume below the prices; the strategy's indicators as lines.</p>`,
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

  // trades: histograms, R-multiples, the first rows
  const trades = r.trades;
  const withRisk = trades.filter((t) => Number.isFinite(rMultiple(t)));
  const withExcursion = trades.some((t) => t.mae !== undefined || t.mfe !== undefined);
  const hasR = withRisk.length > 0;
  parts.push(`<section id="trades"><h2>Trades</h2>`);
  if (trades.length > 0) {
    parts.push(
      `<div class="grid2"><div><h3>P&amp;L per trade</h3>${
        histogramSvg(histogram(trades.map((t) => t.pnl)), {
          id: "hist-pnl",
          label: (x) => displayValue(x, "money"),
          unit: "trades",
          colour: (x) => (x < 0 ? "#ef5350" : "#26a69a"),
        })
      }</div><div><h3>Holding time</h3>${
        histogramSvg(histogram(trades.map((t) => t.exitTimeMs - t.entryTimeMs)), {
          id: "hist-holding",
          label: formatDuration,
          unit: "trades",
        })
      }</div></div>`,
    );
    if (hasR) {
      const rs = withRisk.map(rMultiple).sort((x, y) => x - y);
      const mid = rs.length >> 1;
      const median = rs.length % 2 === 1 ? rs[mid]! : (rs[mid - 1]! + rs[mid]!) / 2;
      const mean = rs.reduce((x, y) => x + y, 0) / rs.length;
      parts.push(
        `<p class="note" id="r-multiples">R-multiples (P&amp;L ÷ initial risk) of the ${
          displayValue(rs.length, "int")
        } trades with a known initial risk: average ${displayValue(mean, "ratio")} R, median ${
          displayValue(median, "ratio")
        } R.</p>`,
      );
    }
  }
  parts.push(
    `<details><summary>${displayValue(trades.length, "int")} closed trades${
      trades.length > maxRows ? ` (first ${maxRows}; all in trades.csv)` : ""
    }</summary><div class="scroll"><table id="trade-list"><thead><tr><th class="l">Symbol</th><th class="l">Side</th><th>Qty</th><th class="l">Entry</th><th>Entry price</th><th class="l">Exit</th><th>Exit price</th><th>P&amp;L</th><th>Fees</th><th>Held</th>${
      hasR ? "<th>R</th>" : ""
    }${withExcursion ? "<th>MAE</th><th>MFE</th>" : ""}</tr></thead><tbody>`,
  );
  for (const t of trades.slice(0, maxRows)) {
    parts.push(
      `<tr><td class="l">${escapeHtml(t.symbol)}</td><td class="l">${t.side}</td>${
        cell(t.qty, "number")
      }<td class="l">${when(t.entryTimeMs)}</td>${cell(t.entryPrice, "money")}<td class="l">${when(t.exitTimeMs)}</td>${
        cell(t.exitPrice, "money")
      }${cell(t.pnl, "money")}${cell(t.fees, "money")}${cell(t.exitTimeMs - t.entryTimeMs, "duration")}${
        hasR ? cell(rMultiple(t), "ratio") : ""
      }${withExcursion ? cell(t.mae ?? NaN, "money") + cell(t.mfe ?? NaN, "money") : ""}</tr>`,
    );
  }
  parts.push(`</tbody></table></div></details>`);
  if (withExcursion) {
    parts.push(
      `<p class="note">MAE / MFE: the largest move against / in favour of the entry price while the trade was open, per unit.</p>`,
    );
  }
  parts.push(`</section>`);

  const data = (w: ByteWriter) => {
    w.text('{"intraday":');
    w.text(intraday ? "true" : "false");
    w.text(',"initial":');
    w.number(s.initialCash, "null");
    w.text(',"equity":');
    curve(w, eqPts);
    w.text(',"benchmark":');
    if (bmPts === undefined) w.text("null");
    else curve(w, bmPts);
    w.text(',"drawdown":');
    curve(w, ddPts);
    w.text(',"rolling":');
    if (rolling === undefined) w.text("null");
    else {
      w.text('{"sharpe":');
      curve(w, rolling.sharpe);
      w.text(',"volatility":');
      curve(w, rolling.volatility);
      w.text(',"beta":');
      if (rolling.beta === undefined) w.text("null");
      else curve(w, rolling.beta);
      w.text("}");
    }
    w.text(',"exposure":');
    curve(w, exPts);
    w.text(',"positions":');
    curve(w, posPts);
    w.text(',"fan":');
    if (fan === undefined || fanCols.length === 0) w.text("null");
    else {
      w.text('{"t":');
      numbers(w, fanCols.map((j) => Math.floor(tsMs[fan.step[j]!]! / 1000)));
      for (const k of ["p5", "p25", "p50", "p75", "p95"] as const) {
        w.text(`,"${k}":`);
        numbers(w, fanCols.map((j) => fan[k][j]!));
      }
      w.text("}");
    }
    w.text(',"prices":[');
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
