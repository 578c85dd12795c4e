/**
 * Progress of a parameter study on stderr, and the tables printed at the end.
 *
 * On a terminal, one line redrawn in place (at most ten times a second):
 * a bar, done/total, runs per second, the ETA and the best objective so far.
 * Otherwise (a pipe, a CI log), one plain line per 10 %.
 *
 * @module
 */
import type { StudyProgress } from "../engine/optimize/study.ts";
import type { ParamSet } from "../engine/optimize/config.ts";

/** Where the progress goes and how it is drawn. */
export interface ProgressOptions {
  /** Redraw one line in place (a terminal) or print a line per 10 %. */
  readonly tty: boolean;
  /** Receives the text; stderr by default. */
  readonly write?: (text: string) => void;
  /** Terminal width for the bar; 100 by default. */
  readonly columns?: number;
}

const enc = new TextEncoder();
const stderr = (s: string) => {
  Deno.stderr.writeSync(enc.encode(s));
};

/**
 * A duration as `m:ss` or `h:mm:ss`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatDuration } from "./progress.ts";
 * assert.ok(formatDuration(75_000) === "1:15" && formatDuration(3_725_000) === "1:02:05");
 * ```
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "--:--";
  const s = Math.round(ms / 1000), h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
  const mm = h > 0 ? String(m).padStart(2, "0") : String(m);
  return `${h > 0 ? `${h}:` : ""}${mm}:${String(sec).padStart(2, "0")}`;
}

/**
 * A number in about 4 significant digits, for tables and progress.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatValue } from "./progress.ts";
 * assert.ok(formatValue(1.23456) === "1.235" && formatValue(NaN) === "n/a" && formatValue(0.012345) === "0.0123");
 * ```
 */
export function formatValue(v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return "n/a";
  if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
  const a = Math.abs(v);
  return a >= 1e4 ? v.toFixed(0) : a >= 100 ? v.toFixed(1) : a >= 1 ? v.toFixed(3) : v.toPrecision(3);
}

/**
 * Params as `fast=10 slow=30`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatParams } from "./progress.ts";
 * assert.ok(formatParams({ fast: 10, slow: 30 }) === "fast=10 slow=30");
 * ```
 */
export function formatParams(p: ParamSet | null | undefined): string {
  if (p === null || p === undefined) return "-";
  return Object.entries(p).map(([k, v]) => `${k}=${v}`).join(" ");
}

/**
 * Renders {@linkcode StudyProgress} updates.
 *
 * @example Plain lines when stderr is not a terminal
 * ```ts
 * import assert from "node:assert/strict";
 * import { ProgressReporter } from "./progress.ts";
 * const out: string[] = [];
 * const p = new ProgressReporter({ tty: false, write: (s) => out.push(s) });
 * for (let done = 1; done <= 20; done++) {
 *   p.update({ phase: "search", objective: "sharpe", done, total: 20, failed: 0, elapsedMs: done * 100 });
 * }
 * p.finish();
 * assert.ok(out.length === 10 && out[9]!.includes("100%"));
 * ```
 */
export class ProgressReporter {
  readonly #opts: ProgressOptions;
  readonly #write: (s: string) => void;
  #phase = "";
  #lastDecile = 0;
  #lastDrawMs = -Infinity;
  #pending: StudyProgress | undefined;
  #drawn = false;

  /** A reporter writing as `opts` says. */
  constructor(opts: ProgressOptions) {
    this.#opts = opts;
    this.#write = opts.write ?? stderr;
  }

  /** Take a progress update. */
  update(p: StudyProgress): void {
    if (p.phase !== this.#phase) {
      this.#endLine();
      this.#phase = p.phase;
      this.#lastDecile = 0;
      this.#lastDrawMs = -Infinity;
    }
    if (this.#opts.tty) {
      this.#pending = p;
      const now = performance.now();
      if (now - this.#lastDrawMs >= 100 || p.done === p.total) {
        this.#lastDrawMs = now;
        this.#draw(p);
      }
      return;
    }
    const decile = p.total > 0 ? Math.floor((p.done * 10) / p.total) : 10;
    if (decile > this.#lastDecile) {
      this.#lastDecile = decile;
      this.#write(`${this.#text(p, `${decile * 10}%`)}\n`);
    }
  }

  /** End the progress line (call before printing anything else). */
  finish(): void {
    if (this.#opts.tty && this.#pending) this.#draw(this.#pending);
    this.#endLine();
  }

  #endLine(): void {
    if (this.#drawn) this.#write("\n");
    this.#drawn = false;
    this.#pending = undefined;
  }

  #text(p: StudyProgress, pct: string): string {
    const rate = p.elapsedMs > 0 ? (p.done * 1000) / p.elapsedMs : 0;
    const eta = rate > 0 ? ((p.total - p.done) / rate) * 1000 : NaN;
    const best = p.best
      ? `, best ${p.objective} ${formatValue(p.best.objective)} (${formatParams(p.best.params)})`
      : "";
    const failed = p.failed ? `, ${p.failed} failed` : "";
    return `${p.phase}: ${pct} ${p.done}/${p.total}, ${formatValue(rate)} runs/s, ETA ${
      formatDuration(eta)
    }${failed}${best}`;
  }

  #draw(p: StudyProgress): void {
    const width = 24;
    const frac = p.total > 0 ? p.done / p.total : 1;
    const full = Math.round(frac * width);
    const bar = `[${"#".repeat(full)}${".".repeat(width - full)}]`;
    const line = `${bar} ${this.#text(p, `${Math.floor(frac * 100)}%`)}`;
    const cols = (this.#opts.columns ?? 100) - 1;
    this.#write(`\r\x1b[2K${line.length > cols ? line.slice(0, cols) : line}`);
    this.#drawn = true;
  }
}

/**
 * A plain-text table with right-aligned columns (left-aligned where `left`
 * says so).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { table } from "./progress.ts";
 * assert.ok(table(["a", "bb"], [["1", "2"]]) === " a  bb\n 1   2");
 * ```
 */
export function table(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  left: readonly number[] = [],
): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const fmt = (r: readonly string[]) =>
    r.map((c, i) => (left.includes(i) ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ").trimEnd();
  return [header, ...rows].map((r) => ` ${fmt(r)}`).join("\n");
}
