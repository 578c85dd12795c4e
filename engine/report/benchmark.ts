/**
 * The benchmark of a run: what `analysis.benchmark` names, priced on the
 * run's equity timestamps, with its own metrics and the run's metrics
 * against it.
 *
 * @module
 */
import type { Config } from "../config/schema.ts";
import { type BarFrame, freeBuffers } from "../data/bar_frame.ts";
import { loadBars, type LoadBarsOptions } from "../data/load_bars.ts";
import { ConfigError } from "../errors.ts";
import type { BenchmarkConfig } from "./analysis_config.ts";
import { computeMetrics, type Metrics } from "./metrics/compute_metrics.ts";
import { type RelativeMetrics, relativeMetrics } from "./metrics/relative_metrics.ts";
import { riskFreePerPeriod } from "./metrics/risk_free_per_period.ts";
import { simpleReturns } from "./metrics/simple_returns.ts";

/**
 * The benchmark part of an `Analysis`.
 *
 * @example
 * ```ts
 * import type { BenchmarkAnalysis } from "./benchmark.ts";
 * const alphaOf = (b: BenchmarkAnalysis) => b.relative.alpha;
 * console.log(typeof alphaOf);
 * ```
 */
export interface BenchmarkAnalysis {
  /** e.g. `"equal weight of 4 symbols"`, `"SPY"`, `"SPY (data/spy.csv)"`. */
  readonly name: string;
  /**
   * Benchmark equity on the run's equity timestamps (`r.equity.tsMs`),
   * scaled to start at the initial capital; NaN where it has no price yet.
   */
  readonly value: Float64Array;
  /**
   * Its own headline metrics: {@linkcode computeMetrics} of `value` from its
   * first priced bar, with the run's initial capital, periods per year and
   * risk-free rate. Without the distribution metrics (omega, tail ratio, VaR,
   * CVaR, stability, skew, kurtosis: NaN, so that the benchmark costs the
   * single-run path little) and, having no trades or positions, without
   * trade statistics, exposure and turnover ({@linkcode BENCHMARK_SKIPPED_METRICS}).
   */
  readonly metrics: Metrics;
  /** The run's metrics against it ({@linkcode relativeMetrics} of the two bar-return series). */
  readonly relative: RelativeMetrics;
}

/**
 * A benchmark priced on the run's timestamps: {@linkcode benchmarkSeries}.
 *
 * @example
 * ```ts
 * import type { BenchmarkSeries } from "./benchmark.ts";
 * const s: BenchmarkSeries = { name: "SPY", value: Float64Array.of(100, 101) };
 * console.log(s.value.length);
 * ```
 */
export interface BenchmarkSeries {
  readonly name: string;
  readonly value: Float64Array;
}

/** `A, B, C, … (and 12 more)`: a list of symbols for a message. */
function listSymbols(symbols: readonly string[], max = 10): string {
  const head = symbols.slice(0, max).join(", ");
  return symbols.length > max ? `${head}, … (${symbols.length} in all)` : head;
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Equal-weight buy-and-hold of every symbol of `frame`, on the timestamps
 * `tsMs`: the capital `initial` split into equal shares, each bought at its
 * symbol's first close and held, never rebalanced; a symbol whose bars start
 * later holds its share as cash until its first close. At each timestamp a
 * symbol is valued at its last close at or before it (bar start time ≤ the
 * timestamp). Non-positive or non-finite closes are skipped.
 *
 * One pass over the frame's rows in time order (its `clock`), keeping the
 * total up to date: O(rows + timestamps), two arrays of one number per symbol.
 *
 * @example Two symbols, the second starting a day later
 * ```ts
 * import assert from "node:assert/strict";
 * import { frameFromRows } from "../data/bar_frame.ts";
 * import { equalWeightValue } from "./benchmark.ts";
 * const day = 86_400_000;
 * const bar = (symbol: string, i: number, close: number) => ({ symbol, tsMs: i * day, open: close, high: close, low: close, close });
 * const frame = frameFromRows([bar("A", 0, 10), bar("A", 1, 12), bar("A", 2, 11), bar("B", 1, 50), bar("B", 2, 60)], day);
 * const v = equalWeightValue(frame, frame.times, 1000);
 * // A: 500 in 50 shares from day 0; B: 500 in cash on day 0, 10 shares from day 1
 * assert.deepEqual(Array.from(v), [1000, 600 + 500, 550 + 600]);
 * ```
 */
export function equalWeightValue(frame: BarFrame, tsMs: Float64Array, initial: number): Float64Array {
  const k = frame.symbols.length;
  const n = tsMs.length;
  const value = new Float64Array(n);
  if (k === 1 && tsMs === frame.tsMs) {
    // one symbol, the run's own times (the result shares the frame's): one row per timestamp
    const { close } = frame;
    let units = 0, now = initial;
    for (let i = 0; i < n; i++) {
      const c = close[i]!;
      if (c > 0 && c < Infinity) {
        if (units === 0) units = initial / c;
        now = units * c;
      }
      value[i] = now;
    }
    return value;
  }
  const share = initial / k;
  const units = new Float64Array(k); // 0 until the symbol's first close
  const held = new Float64Array(k).fill(share); // what each share is worth now
  const { clock, symbolId, close } = frame;
  const rowTs = frame.tsMs;
  let total = initial;
  let p = 0;
  for (let i = 0; i < n; i++) {
    const t = tsMs[i]!;
    for (; p < clock.length; p++) {
      const row = clock[p]!;
      if (rowTs[row]! > t) break;
      const c = close[row]!;
      if (!(c > 0 && c < Infinity)) continue;
      const s = symbolId[row]!;
      if (units[s] === 0) units[s] = share / c;
      const now = units[s]! * c;
      total += now - held[s]!;
      held[s] = now;
    }
    value[i] = total;
  }
  return value;
}

/**
 * Buy-and-hold of symbol `s` of `frame` on the timestamps `tsMs`: NaN until
 * the symbol has a close at or before the timestamp, then `initial × close /
 * base`, where `base` is the first close used (so the curve starts at
 * `initial`). A symbol whose bars begin before `tsMs[0]` starts from its last
 * close at or before it. One pass over the symbol's segment.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { frameFromRows } from "../data/bar_frame.ts";
 * import { buyAndHoldValue } from "./benchmark.ts";
 * const day = 86_400_000;
 * const frame = frameFromRows([1, 2, 3].map((i) => ({ symbol: "SPY", tsMs: i * day, open: 1, high: 1, low: 1, close: 10 * i })), day);
 * const v = buyAndHoldValue(frame, 0, Float64Array.of(0, day, 2.5 * day, 3 * day), 100);
 * assert.deepEqual(Array.from(v), [NaN, 100, 200, 300]);
 * ```
 */
export function buyAndHoldValue(frame: BarFrame, s: number, tsMs: Float64Array, initial: number): Float64Array {
  const n = tsMs.length;
  const value = new Float64Array(n);
  const end = frame.segEnd[s]!;
  const { close } = frame;
  const rowTs = frame.tsMs;
  let p = frame.segStart[s]!;
  let last = NaN, base = NaN;
  for (let i = 0; i < n; i++) {
    const t = tsMs[i]!;
    for (; p < end && rowTs[p]! <= t; p++) {
      const c = close[p]!;
      if (c > 0 && c < Infinity) last = c;
    }
    if (base !== base) base = last;
    value[i] = (initial * last) / base;
  }
  return value;
}

/** Where a `source` benchmark's bars come from, for its name: the file, the table or "query". */
function sourceLabel(b: Extract<BenchmarkConfig, { kind: "source" }>): string {
  const s = b.data.source;
  if (s.kind === "files") return s.files ? Object.keys(s.files).sort().join(", ") : s.path;
  return s.kind === "duckdb" ? `${s.path}:${s.table}` : "query";
}

/** The symbol id the benchmark names in `frame`, or a ConfigError naming the field and the symbols present. */
function symbolIndex(frame: BarFrame, symbol: string | undefined, where: string): number {
  if (symbol === undefined) {
    if (frame.symbols.length === 1) return 0;
    throw new ConfigError(
      `analysis.benchmark.symbol: ${where} holds ${frame.symbols.length} symbols (${
        listSymbols(frame.symbols)
      }): name the one to use`,
    );
  }
  const s = frame.symbols.indexOf(symbol);
  if (s < 0) {
    throw new ConfigError(
      `analysis.benchmark.symbol: "${symbol}" is not a symbol of ${where}; found ${frame.symbols.length} symbol${
        frame.symbols.length === 1 ? "" : "s"
      }: ${listSymbols(frame.symbols)}`,
    );
  }
  return s;
}

/**
 * The benchmark `benchmark` names, priced on the run's timestamps `tsMs` and
 * scaled to the initial capital (see {@linkcode equalWeightValue} and
 * {@linkcode buyAndHoldValue}); undefined when it is `false`, when the
 * frame it needs was not given (`frame`: the run's bars, for `equalWeight`
 * and `symbol`; `benchmarkFrame`, for `source`) or when the run has no bars.
 *
 * @throws {ConfigError} when `analysis.benchmark.symbol` is not in the bars
 * (the message lists the symbols present), a `source` of several symbols
 * names none, or the benchmark has no bar between the run's first and last
 * timestamps.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { frameFromRows } from "../data/bar_frame.ts";
 * import { benchmarkSeries } from "./benchmark.ts";
 * const day = 86_400_000;
 * const frame = frameFromRows([10, 11].map((c, i) => ({ symbol: "SPY", tsMs: i * day, open: c, high: c, low: c, close: c })), day);
 * const s = benchmarkSeries({ kind: "symbol", symbol: "SPY" }, frame.times, 100, { frame })!;
 * assert.equal(s.name, "SPY");
 * assert.deepEqual(Array.from(s.value), [100, 110]);
 * assert.throws(() => benchmarkSeries({ kind: "symbol", symbol: "QQQ" }, frame.times, 100, { frame }), /"QQQ" is not a symbol of the data; found 1 symbol: SPY/);
 * ```
 */
export function benchmarkSeries(
  benchmark: BenchmarkConfig,
  tsMs: Float64Array,
  initial: number,
  frames: { readonly frame?: BarFrame | undefined; readonly benchmarkFrame?: BarFrame | undefined },
): BenchmarkSeries | undefined {
  if (benchmark === false || tsMs.length === 0) return undefined;
  if (benchmark.kind === "equalWeight") {
    const f = frames.frame;
    if (f === undefined || f.symbols.length === 0) return undefined;
    const k = f.symbols.length;
    return { name: `equal weight of ${k} symbol${k === 1 ? "" : "s"}`, value: equalWeightValue(f, tsMs, initial) };
  }
  const f = benchmark.kind === "symbol" ? frames.frame : frames.benchmarkFrame;
  if (f === undefined) return undefined;
  const where = benchmark.kind === "symbol" ? "the data" : `the benchmark source ${sourceLabel(benchmark)}`;
  const s = symbolIndex(f, benchmark.symbol, where);
  const symbol = f.symbols[s]!;
  const name = benchmark.kind === "symbol" ? symbol : `${symbol} (${sourceLabel(benchmark)})`;
  const first = f.tsMs[f.segStart[s]!]!, last = f.tsMs[f.segEnd[s]! - 1]!;
  const runFirst = tsMs[0]!, runLast = tsMs[tsMs.length - 1]!;
  if (!(first <= runLast && last >= runFirst)) {
    throw new ConfigError(
      `analysis.benchmark: ${name} has no bar within the run (${day(runFirst)} → ${day(runLast)}); its bars run ${
        day(first)
      } → ${day(last)}`,
    );
  }
  return { name, value: buyAndHoldValue(f, s, tsMs, initial) };
}

/** Metrics of {@linkcode Metrics} a benchmark does not compute (see {@linkcode BenchmarkAnalysis.metrics}). */
export const BENCHMARK_SKIPPED_METRICS: readonly string[] = [
  "omegaRatio",
  "tailRatio",
  "valueAtRisk",
  "conditionalValueAtRisk",
  "stability",
  "skew",
  "kurtosis",
  "exposure",
  "turnover",
  "exposureAdjustedReturn",
];

/**
 * Analyse a run against a priced benchmark: the benchmark's own metrics and
 * {@linkcode relativeMetrics} of the run's bar returns `runReturns`
 * (`simpleReturns(equity, initial)`, as `computeMetrics` uses them) against
 * the benchmark's, with the run's `periodsPerYear` and the annual `riskFree`
 * rate per period. Cost: one returns buffer, one pass for the relative
 * metrics, and `computeMetrics` without its distribution passes.
 *
 * @example A run that tracks its benchmark exactly
 * ```ts
 * import assert from "node:assert/strict";
 * import { simpleReturns } from "./metrics/simple_returns.ts";
 * import { benchmarkAnalysis } from "./benchmark.ts";
 * const day = 86_400_000;
 * const value = Float64Array.of(100, 110, 99, 125);
 * const tsMs = Float64Array.from(value, (_, i) => i * day);
 * const b = benchmarkAnalysis({ name: "X", value }, simpleReturns(value, 100), tsMs, 100, 252, 0);
 * assert.equal(b.relative.beta, 1);
 * assert.equal(b.relative.excessReturn, 0);
 * assert.equal(b.metrics.totalReturn, 0.25);
 * ```
 */
export function benchmarkAnalysis(
  series: BenchmarkSeries,
  runReturns: Float64Array,
  tsMs: Float64Array,
  initial: number,
  periodsPerYear: number,
  riskFree: number,
): BenchmarkAnalysis {
  const { value } = series;
  const returns = simpleReturns(value, initial);
  const relative = relativeMetrics(runReturns, returns, periodsPerYear, riskFreePerPeriod(riskFree, periodsPerYear));
  // its own metrics from its first price, where it stands at the initial capital: that bar's return is against it
  let j = 0;
  while (j < value.length && value[j] !== value[j]) j++;
  if (j < value.length) returns[j] = value[j]! / initial - 1;
  const metrics = computeMetrics({
    equity: value.subarray(j),
    tsMs: tsMs.subarray(j),
    initial,
    periodsPerYear,
    riskFree,
    returns: returns.subarray(j),
    distribution: false,
  });
  freeBuffers([returns]); // its metrics taken: its memory back now, not at V8's next major collection
  return { name: series.name, value, metrics, relative };
}

/**
 * Load the bars of a `source` benchmark (`config.analysis.benchmark` of kind
 * `source`) with the data layer's {@linkcode loadBars}; undefined for every
 * other kind, which read the run's own bars.
 *
 * @throws {DataError} as `loadBars`, naming the benchmark's file.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadBenchmarkFrame } from "./benchmark.ts";
 * const config = { analysis: { benchmark: { kind: "equalWeight" as const }, rollingWindow: 63 } };
 * assert.equal(await loadBenchmarkFrame(config), undefined);
 * ```
 */
export async function loadBenchmarkFrame(
  config: Pick<Config, "analysis">,
  opts: LoadBarsOptions = {},
): Promise<BarFrame | undefined> {
  const b = config.analysis.benchmark;
  if (b === false || b.kind !== "source") return undefined;
  return await loadBars(b.data, opts);
}
