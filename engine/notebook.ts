/**
 * The engine in a notebook or a script: a few steps that each do one thing
 * a researcher types (load a config and its bars, run a backtest, compare
 * runs, run a small sweep, open the tearsheet), and views of their results
 * that display as HTML in Deno's Jupyter kernel (`deno jupyter`).
 *
 * **Display.** The kernel shows any value with a
 * `[Symbol.for("Jupyter.display")]()` method by the MIME bundle it returns;
 * every view here returns `text/html` (tables and inline SVG charts, times
 * as ISO dates, numbers through the report's one formatter,
 * `report/display.ts`) and `text/plain` (the same table as aligned text,
 * which a script prints). The tearsheet is the run's `report.html` itself,
 * in an `<iframe srcdoc>` with `sandbox="allow-scripts"`: the same charts
 * as the report, drawn by its own scripts in its own document, whatever the
 * notebook front end does with scripts in output HTML; the page forbids
 * every network request.
 *
 * **Permissions.** Each step that touches the system checks or translates
 * what Deno refuses: a missing permission is a {@linkcode PermissionError}
 * naming the step, the permission, the path and the flag to add, never a
 * "file not found". `docs/notebooks.md` lists what each step needs.
 *
 * Import-light: nothing here loads DuckDB until bars are loaded.
 *
 * @example A backtest and its views, on hand-made bars
 * ```ts
 * import assert from "node:assert/strict";
 * import { z } from "zod";
 * import { frameFromRows } from "./data/bar_frame.ts";
 * import { parseConfig } from "./config/parse_config.ts";
 * import { defineStrategy } from "./strategy/types.ts";
 * import { backtest, JUPYTER_DISPLAY, metricsTable } from "./notebook.ts";
 * const buyFirst = defineStrategy({
 *   name: "buyFirst", params: z.strictObject({}),
 *   create: () => ({ onBar: (ctx) => { if (ctx.index === 0) ctx.buy(); } }),
 * });
 * const day = 86_400_000;
 * const frame = frameFromRows([10, 11, 12].map((c, i) => ({ symbol: "A", tsMs: i * day, open: c, high: c, low: c, close: c })), day);
 * const config = parseConfig({
 *   name: "demo", data: { source: "unused.csv" }, capital: 1000,
 *   strategy: { use: buyFirst, params: {} }, risk: { sizing: { kind: "fixedQty", qty: 1 } },
 * }, { file: "inline" });
 * const run = backtest({ config, frame });
 * const bundle = run[JUPYTER_DISPLAY]();
 * assert.ok(bundle["text/html"].includes("1970-01-03")); // the last bar as an ISO date
 * assert.ok(metricsTable(run).text.includes("Final equity"));
 * ```
 *
 * @module
 */
import { isAbsolute, resolve } from "node:path";
import { runBacktest } from "./backtest.ts";
import { type ConfigOverrides, loadConfig } from "./config/load_config.ts";
import type { Config } from "./config/schema.ts";
import type { BarFrame } from "./data/bar_frame.ts";
import { loadBars, type LoadBarsOptions } from "./data/load_bars.ts";
import { gridSearch, type GridSearchOptions, type GridSearchReport } from "./optimize/grid_search.ts";
import { type Analysis, analyzeResult } from "./report/analyze_result.ts";
import { collectText } from "./report/byte_writer.ts";
import { type DisplayKind, displayValue, HEADLINE_METRICS } from "./report/display.ts";
import { minMaxDownsample } from "./report/downsample.ts";
import { isoTime } from "./report/format.ts";
import { escapeHtml } from "./report/html_page.ts";
import { htmlReport, type HtmlReportOptions } from "./report/html_report.ts";
import { writeResults } from "./report/write_results.ts";
import type { BacktestResult } from "./result.ts";

/**
 * The key under which Deno's Jupyter kernel looks for a value's display
 * method (`Deno.jupyter.$display`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { JUPYTER_DISPLAY } from "./notebook.ts";
 * assert.equal(JUPYTER_DISPLAY, Symbol.for("Jupyter.display"));
 * ```
 */
export const JUPYTER_DISPLAY: unique symbol = Symbol.for("Jupyter.display") as never;

/**
 * What a view shows, by MIME type: HTML for a notebook, aligned text for a terminal.
 *
 * @example
 * ```ts
 * import type { MimeBundle } from "./notebook.ts";
 * const b: MimeBundle = { "text/html": "<b>1</b>", "text/plain": "1" };
 * console.log(b["text/plain"]);
 * ```
 */
export interface MimeBundle {
  readonly "text/html": string;
  readonly "text/plain": string;
}

/**
 * A value the Jupyter kernel displays as HTML; `html` and `text` are the
 * same views for a script (`console.log(view.text)`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { type Displayable, JUPYTER_DISPLAY, view } from "./notebook.ts";
 * const v: Displayable = view(() => "<b>hi</b>", () => "hi");
 * assert.equal(v[JUPYTER_DISPLAY]()["text/html"], "<b>hi</b>");
 * ```
 */
export interface Displayable {
  /** The HTML fragment a notebook shows. */
  readonly html: string;
  /** The same content as aligned text. */
  readonly text: string;
  [JUPYTER_DISPLAY](): MimeBundle;
}

/**
 * A {@linkcode Displayable} from two producers, each run once on first use
 * (a tearsheet is a few hundred KB: made only when shown). Its `toString()`
 * is the text.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { view } from "./notebook.ts";
 * let made = 0;
 * const v = view(() => { made++; return "<i>x</i>"; }, () => "x");
 * assert.equal(made, 0);
 * assert.equal(v.html + v.html, "<i>x</i><i>x</i>");
 * assert.equal(made, 1);
 * assert.equal(`${v}`, "x");
 * ```
 */
export function view(html: () => string, text: () => string): Displayable {
  let h: string | undefined, t: string | undefined;
  const out = {
    get html() {
      return (h ??= html());
    },
    get text() {
      return (t ??= text());
    },
    [JUPYTER_DISPLAY]: () => ({ "text/html": out.html, "text/plain": out.text }),
    toString: () => out.text,
  };
  return out;
}

// ---------------------------------------------------------------- permissions

/**
 * A permission the process lacks for a step, said as such: the step, the
 * permission (`read`, `write`, `ffi`, …), the path when there is one, and
 * the flag that grants it. It is a `Deno.errors.NotCapable`, the error Deno
 * itself throws for a missing permission.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { PermissionError } from "./notebook.ts";
 * const e = new PermissionError("Cannot load the config", "read", "/p/c.ts");
 * assert.ok(e instanceof Deno.errors.NotCapable);
 * assert.equal(e.flag, "--allow-read=/p/c.ts");
 * assert.equal(e.message, 'Cannot load the config: needs read access to "/p/c.ts"; run with --allow-read=/p/c.ts (or --allow-read)');
 * ```
 */
export class PermissionError extends Deno.errors.NotCapable {
  override name = "PermissionError";
  /** The permission's name, as in `--allow-<name>`. */
  readonly permission: string;
  /** The path (or host, variable) it was needed for, when Deno said. */
  readonly target: string | undefined;
  /** The flag that grants it. */
  readonly flag: string;
  constructor(step: string, permission: string, target?: string, options?: ErrorOptions & { hint?: string }) {
    const flag = target === undefined ? `--allow-${permission}` : `--allow-${permission}=${target}`;
    super(
      `${step}: needs ${permission} access${target === undefined ? "" : ` to "${target}"`}; run with ${flag}${
        target === undefined ? "" : ` (or --allow-${permission})`
      }${options?.hint ?? ""}`,
      options,
    );
    this.permission = permission;
    this.target = target;
    this.flag = flag;
  }
}

/** Deno's own wording: `Requires read access to "/x", run again with the --allow-read flag`. */
const REQUIRES_RE = /Requires (\w+) access(?: to "([^"]*)")?/;

/** What each permission is for, when Deno's message alone would puzzle. */
const HINTS: Readonly<Record<string, string>> = {
  ffi: "; native DuckDB loads its library from node_modules/, so --allow-ffi=node_modules is enough",
};

/**
 * The permission Deno refused somewhere in `e` or its causes: the name and
 * the path, or undefined when the error is about something else.
 */
function refusedPermission(e: unknown): { permission: string; target: string | undefined } | undefined {
  for (let x = e, depth = 0; x instanceof Error && depth < 8; x = x.cause, depth++) {
    if (!(x instanceof Deno.errors.NotCapable) && !(x instanceof TypeError) && !x.message.includes("Requires ")) {
      continue;
    }
    const m = REQUIRES_RE.exec(x.message);
    if (m !== null) return { permission: m[1]!, target: m[2] };
    if (x instanceof Deno.errors.NotCapable) return { permission: "unknown", target: undefined };
  }
  return undefined;
}

/** Run `fn`; a permission Deno refused in it becomes a {@linkcode PermissionError} naming `step`. */
async function step<T>(name: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof PermissionError) throw e;
    const p = refusedPermission(e);
    if (p === undefined) throw e;
    throw new PermissionError(name, p.permission, p.target, {
      cause: e,
      ...(HINTS[p.permission] !== undefined && { hint: HINTS[p.permission] }),
    });
  }
}

/**
 * Fail with a {@linkcode PermissionError} unless the process may `permission`
 * `path`: checked before a step whose own message would hide the cause (a
 * config the process may not read looks missing to it). Asks when Deno may
 * prompt; `--no-prompt` refuses at once.
 */
function requirePath(stepName: string, permission: "read" | "write", path: string): void {
  const abs = isAbsolute(path) ? path : resolve(Deno.cwd(), path);
  const desc = { name: permission, path: abs } as const;
  let state = Deno.permissions.querySync(desc).state;
  if (state === "prompt") state = Deno.permissions.requestSync(desc).state;
  if (state !== "granted") throw new PermissionError(stepName, permission, abs);
}

// ---------------------------------------------------------------- steps

/**
 * A config and the bars it names, ready for {@linkcode backtest}.
 *
 * @example
 * ```ts
 * import type { BacktestInputs } from "./notebook.ts";
 * const symbolsOf = (i: BacktestInputs) => i.frame.symbols;
 * console.log(typeof symbolsOf);
 * ```
 */
export interface BacktestInputs {
  readonly config: Config;
  readonly frame: BarFrame;
}

/**
 * Options of {@linkcode loadBacktest}.
 *
 * @example
 * ```ts
 * import type { LoadBacktestOptions } from "./notebook.ts";
 * const slow50: LoadBacktestOptions = { overrides: { set: ["strategy.params.slow=50"] } };
 * console.log(slow50.overrides?.set);
 * ```
 */
export interface LoadBacktestOptions {
  /** The command line's overrides: `set: ["strategy.params.fast=12"]`, `symbols`, `from`, `to`, `data`. */
  readonly overrides?: ConfigOverrides;
  /** Bars already loaded (e.g. for a variant of the same config): the data is then not read again. */
  readonly frame?: BarFrame;
  /** How to load the bars (`baseDir`, `engine`). */
  readonly loadOptions?: LoadBarsOptions;
}

/**
 * Load a config module and the bars its `data` section names. Needs read
 * access to the config and its modules, and to the data; DuckDB's native
 * library needs `--allow-ffi` (`--allow-ffi=node_modules` is enough).
 *
 * @throws {PermissionError} naming the permission and the path when one is missing.
 * @throws {ConfigError} for a bad config; {@linkcode DataError} for bars that cannot load.
 *
 * @example
 * ```ts ignore
 * const { config, frame } = await loadBacktest("configs/sma_cross.ts");
 * const slow = await loadBacktest("configs/sma_cross.ts", { overrides: { set: ["strategy.params.slow=50"] }, frame });
 * ```
 */
export async function loadBacktest(configPath: string, opts: LoadBacktestOptions = {}): Promise<BacktestInputs> {
  const what = `Cannot load config "${configPath}"`;
  requirePath(what, "read", configPath);
  const config = await step(what, () => loadConfig(configPath, opts.overrides ?? {}));
  const frame = opts.frame ??
    await step(`Cannot load the bars of "${config.name}"`, () => loadBars(config.data, opts.loadOptions));
  return { config, frame };
}

/**
 * A run with everything its views need: the config, the bars, the result
 * and its analysis. Displays as its headline metrics and an equity chart.
 *
 * @example
 * ```ts
 * import type { Run } from "./notebook.ts";
 * const sharpe = (r: Run) => r.analysis.metrics.sharpe;
 * console.log(typeof sharpe);
 * ```
 */
export interface Run extends Displayable {
  readonly config: Config;
  readonly frame: BarFrame;
  readonly result: BacktestResult;
  readonly analysis: Analysis;
}

/**
 * Run a backtest and analyse it (with the bars, so that a benchmark the
 * config names is priced). Needs no permission: everything is in memory.
 *
 * @example
 * ```ts ignore
 * const run = backtest(await loadBacktest("configs/sma_cross.ts"));
 * run; // in a notebook: the headline metrics and the equity curve
 * ```
 */
export function backtest(inputs: BacktestInputs): Run {
  const { config, frame } = inputs;
  const result = runBacktest(config, frame);
  const analysis = analyzeResult(result, { frame });
  const v = view(() => runHtml(result, analysis), () => runText(result, analysis));
  return Object.assign(v, { config, frame, result, analysis });
}

/**
 * Write a run's result files (those of its config's `output.formats`:
 * `result.json`, the CSV files, `report.html`) as a new run directory
 * under `outDir`, as `deno task backtest` does; returns the paths. Needs
 * write access to `outDir`.
 *
 * @throws {PermissionError} when `outDir` may not be written.
 *
 * @example
 * ```ts ignore
 * const files = await saveRun(run, "out/notebook");
 * ```
 */
export function saveRun(run: Run, outDir: string): Promise<string[]> {
  const what = `Cannot write the results of "${run.config.name}" to "${outDir}"`;
  requirePath(what, "write", outDir);
  return step(what, () => writeResults(run.result, outDir, { frame: run.frame, analysis: run.analysis }));
}

/**
 * Options of {@linkcode sweep}: those of `gridSearch` but the config path.
 *
 * @example
 * ```ts
 * import type { SweepOptions } from "./notebook.ts";
 * const small: SweepOptions = { workers: 2, overrides: { set: ["optimize.params.fast=[5,10]"] } };
 * console.log(small.workers);
 * ```
 */
export type SweepOptions = Omit<GridSearchOptions, "configPath">;

/**
 * A finished grid search: its report, and its ranked runs and heatmap as
 * one view.
 *
 * @example
 * ```ts
 * import type { Study } from "./notebook.ts";
 * const bestParams = (s: Study) => s.report.best[0]?.params;
 * console.log(typeof bestParams);
 * ```
 */
export interface Study extends Displayable {
  readonly report: GridSearchReport;
}

/**
 * Run the grid (or random) search of a config's `optimize` section on local
 * workers, publish its files under `outDir` (`out/<name>/optimize` by
 * default) and return them as a {@linkcode Study}. Needs read access to the
 * project (the workers load the engine) and the data, write access to
 * `outDir`, and `--allow-ffi` unless `frame` is given.
 *
 * @throws {PermissionError} naming the permission and the path when one is missing.
 *
 * @example
 * ```ts ignore
 * const study = await sweep("configs/sma_optimize.ts", {
 *   workers: 2, outDir: "out/quickstart/sweep",
 *   overrides: { set: ["optimize.params.fast=[5,10,20]", "optimize.params.slow=[50,100]"] },
 * });
 * ```
 */
export async function sweep(configPath: string, opts: SweepOptions = {}): Promise<Study> {
  const what = `Cannot run the sweep of "${configPath}"`;
  requirePath(what, "read", configPath);
  if (opts.outDir !== undefined) requirePath(what, "write", opts.outDir);
  const report = await step(what, () => gridSearch({ ...opts, configPath }));
  return studyTable(report);
}

// ---------------------------------------------------------------- views

const DAY_MS = 86_400_000;

/** A time as people read it: the date alone when every time is midnight UTC, else date and minutes. */
function when(ms: number, intraday: boolean): string {
  if (!Number.isFinite(ms)) return "—";
  const s = isoTime(ms);
  return intraday ? `${s.slice(0, 10)} ${s.slice(11, 16)}` : s.slice(0, 10);
}

function isIntraday(tsMs: ArrayLike<number>): boolean {
  for (let i = 0; i < tsMs.length; i++) if (tsMs[i]! % DAY_MS !== 0) return true;
  return false;
}

/** One headline value of a run; NaN when the field is absent (the metric set grows). */
function headline(path: string, r: BacktestResult, a: Analysis): number {
  const [root, key] = path.split(".") as [string, string];
  const v = (root === "metrics" ? a.metrics : r.summary) as unknown as Record<string, unknown>;
  return typeof v[key] === "number" ? v[key] : NaN;
}

function headlineText(h: (typeof HEADLINE_METRICS)[number], v: number): string {
  return Number.isNaN(v) && h.whenUndefined !== undefined ? h.whenUndefined : displayValue(v, h.kind);
}

/** The style of every view: the report's look, scoped to the view's own root. */
const STYLE = `<style>
.bt-view{font:13px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2330}
.bt-view h3{font-size:15px;margin:4px 0}.bt-view p.sub{color:#5b6475;margin:0 0 6px}
.bt-view table{border-collapse:collapse;font-variant-numeric:tabular-nums;margin:4px 0 8px}
.bt-view th,.bt-view td{padding:2px 10px;border-bottom:1px solid #eceef2;text-align:right;white-space:nowrap}
.bt-view thead th{background:#f5f6f9;font-weight:600}.bt-view .l{text-align:left}
.bt-view .cols{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start}
.bt-view iframe{width:100%;border:1px solid #e3e6ec;border-radius:6px;resize:vertical;background:#fff}
</style>`;

const wrap = (body: string) => `<div class="bt-view">${STYLE}${body}</div>`;

/** Rows of text as aligned columns: the first left-aligned, the rest right-aligned. */
function textTable(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows.map((row) => row.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  "))
    .map((l) => l.trimEnd()).join("\n");
}

function runTitle(r: BacktestResult): { title: string; sub: string } {
  const c = r.config, s = r.summary;
  const intraday = isIntraday(r.equity.tsMs);
  return {
    title: c.name,
    sub: `${c.strategy.use.name} ${JSON.stringify(c.strategy.params)} · ${r.symbols.join(", ")} · ${
      when(s.firstBarMs, intraday)
    } → ${when(s.lastBarMs, intraday)} · ${displayValue(s.bars, "int")} bars · ${displayValue(s.trades, "int")} trades`,
  };
}

/** A time axis label every chart shares. */
const axisText = (x: number, y: number, anchor: string, s: string) =>
  `<text x="${x}" y="${y}" text-anchor="${anchor}" font-size="11" fill="#5b6475">${escapeHtml(s)}</text>`;

/** A line of a chart: its name, colour, times (ms) and values. */
interface Line {
  readonly label: string;
  readonly colour: string;
  readonly tsMs: Float64Array;
  readonly values: Float64Array;
}

const COLOURS = ["#2962ff", "#e53935", "#2e7d32", "#f9a825", "#6a1b9a", "#00838f", "#5b6475"];

/**
 * Lines over time as inline SVG: no script, so every front end draws it
 * (the interactive charts are the tearsheet's). Each line is drawn from at
 * most 800 points, each bucket's lowest and highest kept.
 */
function lineChart(lines: readonly Line[], kind: DisplayKind, opts: { base?: number; height?: number } = {}): string {
  const W = 760, H = opts.height ?? 220, left = 78, right = 12, top = 10, bottom = 24;
  const pts = lines.map((l) => ({ ...l, c: minMaxDownsample(l.tsMs, l.values, 800) }));
  let t0 = Infinity, t1 = -Infinity, lo = opts.base ?? Infinity, hi = opts.base ?? -Infinity;
  for (const p of pts) {
    const { tsMs, values } = p.c;
    for (let i = 0; i < tsMs.length; i++) {
      const v = values[i]!;
      if (!Number.isFinite(v)) continue;
      t0 = Math.min(t0, tsMs[i]!), t1 = Math.max(t1, tsMs[i]!);
      lo = Math.min(lo, v), hi = Math.max(hi, v);
    }
  }
  if (!(t1 >= t0) || !(hi >= lo)) return "";
  if (hi === lo) hi = lo + 1;
  if (t1 === t0) t1 = t0 + 1;
  const x = (t: number) => (left + ((t - t0) / (t1 - t0)) * (W - left - right)).toFixed(1);
  const y = (v: number) => (top + ((hi - v) / (hi - lo)) * (H - top - bottom)).toFixed(1);
  const intraday = pts.some((p) => isIntraday(p.c.tsMs));
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img">`,
    `<rect x="${left}" y="${top}" width="${W - left - right}" height="${
      H - top - bottom
    }" fill="#fff" stroke="#e3e6ec"/>`,
    axisText(left - 6, top + 10, "end", displayValue(hi, kind)),
    axisText(left - 6, H - bottom, "end", displayValue(lo, kind)),
    axisText(left, H - 6, "start", when(t0, intraday)),
    axisText(W - right, H - 6, "end", when(t1, intraday)),
  ];
  if (opts.base !== undefined) {
    out.push(
      `<line x1="${left}" x2="${W - right}" y1="${y(opts.base)}" y2="${
        y(opts.base)
      }" stroke="#8a93a6" stroke-dasharray="4 3"/>`,
    );
  }
  for (const p of pts) {
    const d: string[] = [];
    let pen = "M";
    for (let i = 0; i < p.c.tsMs.length; i++) {
      const v = p.c.values[i]!;
      if (!Number.isFinite(v)) {
        pen = "M";
        continue;
      }
      d.push(`${pen}${x(p.c.tsMs[i]!)} ${y(v)}`);
      pen = "L";
    }
    out.push(`<path d="${d.join("")}" fill="none" stroke="${p.colour}" stroke-width="1.5"/>`);
  }
  if (lines.length > 1) {
    lines.forEach((l, i) => {
      const lx = left + 10 + i * 150;
      out.push(
        `<rect x="${lx}" y="${top + 6}" width="12" height="3" fill="${l.colour}"/>`,
        axisText(lx + 16, top + 11, "start", l.label.length > 20 ? `${l.label.slice(0, 19)}…` : l.label),
      );
    });
  }
  out.push("</svg>");
  return out.join("");
}

function runHtml(r: BacktestResult, a: Analysis): string {
  const { title, sub } = runTitle(r);
  const lines: Line[] = [{ label: r.config.name, colour: COLOURS[0]!, tsMs: r.equity.tsMs, values: r.equity.equity }];
  const b = a.benchmark;
  if (b !== undefined && b.value instanceof Float64Array) {
    lines.push({ label: b.name, colour: COLOURS[6]!, tsMs: r.equity.tsMs, values: b.value });
  }
  return wrap(
    `<h3>${escapeHtml(title)}</h3><p class="sub">${escapeHtml(sub)}</p><div class="cols"><div>${
      lineChart(lines, "money", { base: r.summary.initialCash })
    }</div>${metricsHtml([{ label: "", r, a }])}</div>`,
  );
}

function runText(r: BacktestResult, a: Analysis): string {
  const { title, sub } = runTitle(r);
  return `${title}\n${sub}\n${metricsText([{ label: "", r, a }])}`;
}

/** A run of a metrics table: its column label, result and analysis. */
interface Column {
  readonly label: string;
  readonly r: BacktestResult;
  readonly a: Analysis;
}

/**
 * The metrics against a benchmark, labelled and formatted as `report.html`
 * shows them; a field not listed here shows under its name, as a ratio.
 */
const RELATIVE_ROWS: readonly { readonly key: string; readonly label: string; readonly kind: DisplayKind }[] = [
  { key: "alpha", label: "Alpha (annualised)", kind: "pct" },
  { key: "beta", label: "Beta", kind: "ratio" },
  { key: "upCapture", label: "Up capture", kind: "ratio" },
  { key: "downCapture", label: "Down capture", kind: "ratio" },
  { key: "informationRatio", label: "Information ratio", kind: "ratio" },
  { key: "trackingError", label: "Tracking error", kind: "pct" },
  { key: "correlation", label: "Correlation", kind: "ratio" },
  { key: "excessReturn", label: "Excess return", kind: "pct" },
  { key: "periods", label: "Periods compared", kind: "int" },
];

/** A table of metrics: column labels (empty for a lone run) and rows of label and cells. */
interface MetricRows {
  readonly labels: readonly string[];
  readonly rows: readonly { readonly label: string; readonly cells: readonly string[] }[];
}

/**
 * Every headline metric of each column; for a lone run with a benchmark,
 * the benchmark's own metrics beside them (as `report.html` shows them)
 * and the run's metrics against it below.
 */
function metricRows(cols: readonly Column[]): MetricRows {
  const bm = cols.length === 1 ? cols[0]!.a.benchmark : undefined;
  const bmValue = bm?.value instanceof Float64Array ? bm.value : undefined;
  let bmFinal = NaN;
  for (let i = (bmValue?.length ?? 0) - 1; i >= 0 && Number.isNaN(bmFinal); i--) bmFinal = bmValue![i]!;
  const benchmarkCell = (h: (typeof HEADLINE_METRICS)[number]): string => {
    const [root, key] = h.path.split(".") as [string, string];
    if (root === "summary") {
      if (key === "initialCash") return headlineText(h, cols[0]!.r.summary.initialCash);
      return key === "finalEquity" ? headlineText(h, bmFinal) : "";
    }
    const v = (bm!.metrics as unknown as Record<string, unknown>)[key];
    return typeof v === "number" ? headlineText(h, v) : "";
  };
  const rows = HEADLINE_METRICS.map((h) => ({
    label: h.label,
    cells: [
      ...cols.map((c) => headlineText(h, headline(h.path, c.r, c.a))),
      ...(bm?.metrics === undefined ? [] : [benchmarkCell(h)]),
    ],
  }));
  if (bm === undefined) return { labels: cols.map((c) => c.label), rows };
  const rel = (bm.relative ?? {}) as unknown as Record<string, unknown>;
  const known = new Set(RELATIVE_ROWS.map((r) => r.key));
  const relRows = [
    ...RELATIVE_ROWS,
    ...Object.keys(rel).filter((k) => !known.has(k)).map((key) => ({ key, label: key, kind: "ratio" as const })),
  ];
  for (const r of relRows) {
    const v = rel[r.key];
    if (typeof v === "number") rows.push({ label: r.label, cells: [displayValue(v, r.kind), ""] });
  }
  return { labels: [cols[0]!.label || "Strategy", `Benchmark: ${bm.name}`], rows };
}

function metricsHtml(cols: readonly Column[]): string {
  const { labels, rows } = metricRows(cols);
  const head = labels.some((l) => l !== "")
    ? `<thead><tr><th class="l">Metric</th>${labels.map((l) => `<th>${escapeHtml(l)}</th>`).join("")}</tr></thead>`
    : "";
  const body = rows.map((row) =>
    `<tr><th class="l">${escapeHtml(row.label)}</th>${row.cells.map((c) => `<td>${escapeHtml(c)}</td>`).join("")}</tr>`
  ).join("");
  return `<table class="metrics">${head}<tbody>${body}</tbody></table>`;
}

function metricsText(cols: readonly Column[]): string {
  const { labels, rows } = metricRows(cols);
  const lines = rows.map((row) => [row.label, ...row.cells]);
  return textTable(labels.some((l) => l !== "") ? [["", ...labels], ...lines] : lines);
}

/**
 * What a metrics table or a comparison takes: a run, runs by name, or a
 * list of runs (named by their configs).
 *
 * @example
 * ```ts
 * import type { Runs } from "./notebook.ts";
 * const count = (r: Runs) => Array.isArray(r) ? r.length : 1;
 * console.log(typeof count);
 * ```
 */
export type Runs =
  | Pick<Run, "result" | "analysis">
  | readonly Pick<Run, "result" | "analysis">[]
  | Readonly<Record<string, Pick<Run, "result" | "analysis">>>;

function columns(runs: Runs): Column[] {
  const isRun = (x: unknown): x is Pick<Run, "result" | "analysis"> =>
    typeof x === "object" && x !== null && "result" in x && "analysis" in x;
  if (isRun(runs)) return [{ label: "", r: runs.result, a: runs.analysis }];
  if (Array.isArray(runs)) {
    return runs.map((x: Pick<Run, "result" | "analysis">, i) => ({
      label: `${x.result.config.name} ${JSON.stringify(x.result.config.strategy.params)}`.slice(0, 60) ||
        `run ${i + 1}`,
      r: x.result,
      a: x.analysis,
    }));
  }
  return Object.entries(runs as Readonly<Record<string, Pick<Run, "result" | "analysis">>>).map(([label, x]) => ({
    label,
    r: x.result,
    a: x.analysis,
  }));
}

/**
 * The headline metrics of one run or several side by side, in the order
 * and format of `report.html`'s table; with one run whose analysis has a
 * benchmark, its metrics against it too.
 *
 * @example
 * ```ts ignore
 * metricsTable(run);
 * metricsTable({ "fast 10": run, "fast 20": other });
 * ```
 */
export function metricsTable(runs: Runs): Displayable {
  const cols = columns(runs);
  return view(() => wrap(metricsHtml(cols)), () => metricsText(cols));
}

/**
 * Runs side by side: their cumulative returns on one chart (each from its
 * own initial capital) and their headline metrics in one table.
 *
 * @example
 * ```ts ignore
 * compare({ "10/30": run, "10/50": slow });
 * ```
 */
export function compare(runs: Runs): Displayable {
  const cols = columns(runs);
  const growth = (c: Column) => {
    const eq = c.r.equity.equity, init = c.r.summary.initialCash, out = new Float64Array(eq.length);
    for (let i = 0; i < eq.length; i++) out[i] = eq[i]! / init - 1;
    return out;
  };
  const chart = () =>
    lineChart(
      cols.map((c, i) => ({
        label: c.label || c.r.config.name,
        colour: COLOURS[i % COLOURS.length]!,
        tsMs: c.r.equity.tsMs,
        values: growth(c),
      })),
      "pct",
      { base: 0, height: 260 },
    );
  return view(
    () => wrap(`<h3>Cumulative return</h3>${chart()}${metricsHtml(cols)}`),
    () => metricsText(cols),
  );
}

/** An HTML page inside a sandboxed iframe: its scripts run in its own document, never in the notebook's. */
function framed(page: string, title: string, heightPx: number): string {
  const src = page.replaceAll("&", "&amp;").replaceAll('"', "&quot;");
  return `<iframe title="${
    escapeHtml(title)
  }" sandbox="allow-scripts" style="height:${heightPx}px" srcdoc="${src}"></iframe>`;
}

/**
 * Options of {@linkcode tearsheet}: those of `report.html`, and the height
 * of the frame it is shown in.
 *
 * @example
 * ```ts
 * import type { TearsheetOptions } from "./notebook.ts";
 * const tall: TearsheetOptions = { heightPx: 1400, maxRows: 50 };
 * console.log(tall.heightPx);
 * ```
 */
export interface TearsheetOptions extends Omit<HtmlReportOptions, "frame"> {
  /** The frame's height in pixels (900 by default); the frame can be resized, and scrolls. */
  readonly heightPx?: number;
}

/**
 * A run's tearsheet: its `report.html` (headline metrics, equity and
 * drawdown, calendar returns, breakdowns, prices with entries and exits,
 * risk events, trades), shown in a sandboxed frame; `page` is the page
 * itself, as `deno task backtest` writes it.
 *
 * @example
 * ```ts ignore
 * tearsheet(run);
 * await Deno.writeTextFile("out/tearsheet.html", tearsheet(run).page);
 * ```
 */
export function tearsheet(run: Pick<Run, "result" | "analysis" | "frame">, opts: TearsheetOptions = {}): Displayable & {
  readonly page: string;
} {
  const { heightPx = 900, ...reportOpts } = opts;
  let page: string | undefined;
  const make = () => (page ??= collectText(htmlReport(run.result, run.analysis, { ...reportOpts, frame: run.frame })));
  const v = view(
    () => wrap(framed(make(), `${run.result.config.name}: backtest report`, heightPx)),
    () => runText(run.result, run.analysis),
  );
  return Object.defineProperty(v, "page", { get: make, enumerable: true }) as Displayable & { readonly page: string };
}

function paramText(v: unknown): string {
  return typeof v === "number" ? displayValue(v, "number") : String(v);
}

/** How a study's metric reads and is labelled: as the headline table shows it, else as a ratio under its name. */
function metricKind(name: string): DisplayKind {
  return HEADLINE_METRICS.find((h) => h.path === `metrics.${name}`)?.kind ?? "ratio";
}

function metricLabel(name: string): string {
  return HEADLINE_METRICS.find((h) => h.path === `metrics.${name}`)?.label ?? name;
}

/**
 * A grid search's report as a view: its best runs ranked (params,
 * objective, trades and the summary metrics), and its `heatmap.html` in a
 * sandboxed frame when the study wrote one (read now, so that showing the
 * view later needs no file access).
 *
 * @example
 * ```ts ignore
 * const report = await gridSearch({ configPath: "configs/sma_optimize.ts", workers: 2 });
 * studyTable(report);
 * ```
 */
export function studyTable(report: GridSearchReport): Study {
  const read = (name: string): string | undefined => {
    if (!report.files.includes(name)) return undefined;
    try {
      return Deno.readTextFileSync(`${report.dir}/${name}`);
    } catch {
      return undefined; // shown without it: the view says where the study is
    }
  };
  const heatmap = read("heatmap.html");
  const checks = robustnessLine(read("results.json"));
  const params = [...new Set(report.best.flatMap((b) => Object.keys(b.params)))];
  const metrics = [...new Set(report.best.flatMap((b) => Object.keys(b.metrics)))];
  const header = ["Rank", ...params, `Objective (${report.objective})`, "Trades", ...metrics.map(metricLabel)];
  const rows = report.best.map((b) => [
    String(b.rank),
    ...params.map((p) => paramText(b.params[p])),
    b.error !== null ? "failed" : displayValue(b.objective ?? NaN, metricKind(report.objective)),
    displayValue(b.trades, "int"),
    ...metrics.map((m) => displayValue(b.metrics[m] ?? NaN, metricKind(m))),
  ]);
  const summary = `${displayValue(report.completed, "int")} of ${displayValue(report.runs, "int")} runs, ${
    displayValue(report.failed, "int")
  } failed${report.interrupted ? ", interrupted" : ""} · ${report.workers} workers · ${report.dir}${
    checks === "" ? "" : `\n${checks}`
  }`;
  const html = () =>
    wrap(
      `<h3>Grid search: best ${rows.length} by ${escapeHtml(report.objective)}</h3>${
        summary.split("\n").map((l) => `<p class="sub">${escapeHtml(l)}</p>`).join("")
      }<table><thead><tr>${
        header.map((h, i) => `<th${i > 0 && i <= params.length ? ' class="l"' : ""}>${escapeHtml(h)}</th>`).join("")
      }</tr></thead><tbody>${
        rows.map((r) =>
          `<tr>${
            r.map((c, i) => `<td${i > 0 && i <= params.length ? ' class="l"' : ""}>${escapeHtml(c)}</td>`).join("")
          }</tr>`
        ).join("")
      }</tbody></table>${heatmap === undefined ? "" : framed(heatmap, "heatmap", 560)}`,
    );
  const text = () =>
    `Grid search: best ${rows.length} by ${report.objective}\n${summary}\n${textTable([header, ...rows])}`;
  return Object.assign(view(html, text), { report });
}

/**
 * The study's checks against overfitting, from its `results.json`, as one
 * line: the Deflated Sharpe Ratio and the Probability of Backtest
 * Overfitting of the selected run, and each parameter's stability (plateau
 * or spike); empty when the study has none (or the file is unreadable).
 */
function robustnessLine(resultsJson: string | undefined): string {
  if (resultsJson === undefined) return "";
  let j: { overfitting?: Record<string, unknown>; stability?: { params?: unknown } | null };
  try {
    j = JSON.parse(resultsJson);
  } catch {
    return "";
  }
  const parts: string[] = [];
  const o = j.overfitting;
  const num = (v: unknown) => (typeof v === "number" ? v : NaN);
  if (o !== undefined && o !== null && typeof o === "object") {
    if (typeof o.skipped === "string") parts.push(`overfitting checks skipped: ${o.skipped}`);
    else {
      parts.push(
        `Deflated Sharpe Ratio ${displayValue(num(o.dsr), "pct")} (${displayValue(num(o.trials), "int")} trials)`,
      );
      if ("pbo" in o) {
        parts.push(
          `Probability of Backtest Overfitting ${o.pbo === null ? "n/a" : displayValue(num(o.pbo), "pct")} (${
            displayValue(num(o.partitions), "int")
          } partitions)`,
        );
      }
    }
  }
  const params = j.stability?.params;
  if (Array.isArray(params)) {
    const labels = params.flatMap((p) =>
      typeof p?.param === "string" && typeof p?.label === "string" ? [`${p.param} ${p.label}`] : []
    );
    if (labels.length > 0) parts.push(`stability: ${labels.join(", ")}`);
  }
  return parts.join(" · ");
}

/**
 * The bars of a frame as a table: per symbol, the first and last bar time
 * (ISO), the bar count and the last close.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { frameFromRows } from "./data/bar_frame.ts";
 * import { barsTable } from "./notebook.ts";
 * const frame = frameFromRows([{ symbol: "A", tsMs: 0, open: 1, high: 1, low: 1, close: 1.5 }], 86_400_000);
 * assert.ok(barsTable(frame).text.includes("1970-01-01"));
 * ```
 */
export function barsTable(frame: BarFrame): Displayable {
  const intraday = isIntraday(frame.tsMs);
  const header = ["Symbol", "First bar", "Last bar", "Bars", "Last close"];
  const rows = frame.symbols.map((s, i) => {
    const a = frame.segStart[i]!, b = frame.segEnd[i]!;
    return [
      s,
      b > a ? when(frame.tsMs[a]!, intraday) : "—",
      b > a ? when(frame.tsMs[b - 1]!, intraday) : "—",
      displayValue(b - a, "int"),
      b > a ? displayValue(frame.close[b - 1]!, "money") : "—",
    ];
  });
  return view(
    () =>
      wrap(
        `<table><thead><tr>${
          header.map((h, i) => `<th${i < 3 ? ' class="l"' : ""}>${h}</th>`).join("")
        }</tr></thead><tbody>${
          rows.map((r) =>
            `<tr>${r.map((c, i) => `<td${i < 3 ? ' class="l"' : ""}>${escapeHtml(c)}</td>`).join("")}</tr>`
          )
            .join("")
        }</tbody></table>`,
      ),
    () => textTable([header, ...rows]),
  );
}
