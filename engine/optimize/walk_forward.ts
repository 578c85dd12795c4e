/**
 * Walk-forward analysis: per window, grid-search the training bars, choose
 * the best params by the objective, and run them on the following test bars.
 *
 * **No look-ahead.** A training run sees only a slice of the frame holding
 * the training window's bars: no later bar is reachable from it. The test run
 * sees the warm-up bars before the test window (the training window by
 * default) and the test window; it trades only from the test window's first
 * bar, with a fresh portfolio, so its indicators are warm but its state is
 * reset.
 *
 * Files of a study, published together as a new run of its output root
 * (`out/<name>/walkforward/runs/<run id>/` by default, beside a
 * `manifest.json`; see `engine/report/atomic_write.ts`), or written into a
 * directory the caller publishes (`StudyOptions.output`):
 * `train_runs.jsonl` (every training run, streamed into the unpublished set),
 * `windows.csv`, `oos_equity.csv`, `oos_trades.csv`, `walkforward.json` and
 * `walkforward.html` ({@linkcode walkForwardFiles}), published together in
 * one step at the end. Every file is byte-identical for 1 or N workers. An
 * interrupted study is published too (marked `"interrupted": true`), leaving
 * `latest.txt` as it was; a study that fails or is killed publishes nothing.
 *
 * **Walk-forward efficiency** is out-of-sample annualised return ÷ in-sample
 * annualised return (`cagr` of the metrics): per window, and overall as the
 * stitched out-of-sample CAGR ÷ the mean in-sample CAGR of the chosen runs.
 * It is NaN when the in-sample return is not positive.
 *
 * @module
 */
import type { OutputFile } from "../report/atomic_write.ts";
import type { ByteWriter } from "../report/byte_writer.ts";
import { csvField, isoTime, toCompactJson } from "../report/format.ts";
import { computeMetrics, type Metrics } from "../report/metrics/compute_metrics.ts";
import { type ClosedTrade, rMultiple } from "../report/metrics/trade_stats.ts";
import { type CacheCounters, NO_CACHE_COUNTERS } from "../parallel/cache_counters.ts";
import { ChunkScheduler, defaultChunkSize } from "../parallel/chunk_scheduler.ts";
import { frameFromShared } from "../parallel/shared_frame.ts";
import {
  collectGarbage,
  type LoadedStudy,
  openPool,
  openStudy,
  openStudyOutput,
  resultLine,
  searchHeader,
  type StudyOptions,
} from "./study.ts";
import { failedOutcome, type RunOutcome, type TradeColumns } from "./study_kernel.ts";
import type { ParamSet, ParamValue } from "./config.ts";
import type { RunSummary } from "./evaluate.ts";
import { JsonlWriter } from "./jsonl_writer.ts";
import { objectiveName, SUMMARY_METRICS } from "./objective.ts";
import { compareRunKeys, paramsAt } from "./param_space.ts";
import { compareObjectives } from "./ranking.ts";
import { stitchEquity } from "./stitch.ts";
import { walkForwardHtml } from "./walk_forward_html.ts";
import { DEFAULT_PARTITIONS } from "./config.ts";
import {
  overfittingSkip,
  SelectionBias,
  type SelectionBiasReport,
  type SelectionBiasSkipped,
} from "./selection_bias.ts";
import { buildWindows, timeAxis, type Window } from "./windows.ts";

/**
 * Version of the `walkforward.json` layout; bumped on any incompatible change.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { WALK_FORWARD_SCHEMA_VERSION } from "./walk_forward.ts";
 * assert.ok(WALK_FORWARD_SCHEMA_VERSION === 1);
 * ```
 */
export const WALK_FORWARD_SCHEMA_VERSION = 1;

/** One window's outcome. */
export interface WindowResult {
  readonly window: Window;
  /** The chosen params (the best training run), or null when no training run completed. */
  readonly params: ParamSet | null;
  /** The chosen run's index in the plan, or -1. */
  readonly trainRun: number;
  /** The chosen run's in-sample summary. */
  readonly inSample: RunSummary | null;
  /** The test run's summary (null when it did not run). */
  readonly outOfSample: RunSummary | null;
  /** Out-of-sample ÷ in-sample annualised return. */
  readonly efficiency: number;
  /** The Deflated Sharpe Ratio of the chosen run and the PBO of the window's training sweep, or why not measured. */
  readonly overfitting?: SelectionBiasReport | SelectionBiasSkipped;
}

/**
 * The walk-forward summary of the windows' selection-bias statistics: each
 * window is a separate selection (its own training sweep), and the papers
 * define no pooled statistic, so the summary is the mean PBO (the chance that
 * a window's choice is overfit), the mean and the lowest DSR, over the
 * windows measured.
 */
export interface WalkForwardOverfitting {
  readonly partitions: number;
  /** Windows with a DSR and PBO. */
  readonly windows: number;
  readonly meanPbo: number | null;
  readonly meanDsr: number | null;
  readonly minDsr: number | null;
}

/** The summary of the windows' selection-bias statistics ({@linkcode WalkForwardOverfitting}). */
export function summarizeOverfitting(
  windows: readonly { readonly overfitting?: SelectionBiasReport | SelectionBiasSkipped }[],
  partitions: number,
): WalkForwardOverfitting {
  const measured = windows.map((w) => w.overfitting).filter((o): o is SelectionBiasReport =>
    o !== undefined && !("skipped" in o)
  );
  const pbos = measured.map((o) => o.pbo).filter((x): x is number => x !== null);
  const dsrs = measured.map((o) => o.dsr);
  const mean = (xs: number[]) => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);
  return {
    partitions,
    windows: measured.length,
    meanPbo: mean(pbos),
    meanDsr: mean(dsrs),
    minDsr: dsrs.length === 0 ? null : Math.min(...dsrs),
  };
}

/** What a walk-forward study did. */
export interface WalkForwardReport {
  /** The study's directory: its published run (`<outDir>/runs/<run id>`), or the caller's `output`. */
  readonly dir: string;
  /** Files written, relative to `dir` (the manifest aside). */
  readonly files: readonly string[];
  /** What publishing found: killed runs' leftovers removed from the output root, a problem after publishing. */
  readonly notes: readonly string[];
  readonly objective: string;
  readonly windows: readonly WindowResult[];
  /** Metrics of the stitched out-of-sample equity (null when no window was tested). */
  readonly stitched: Metrics | null;
  /** Stitched out-of-sample CAGR ÷ mean in-sample CAGR. */
  readonly efficiency: number;
  /** The windows' selection-bias statistics, summarised. */
  readonly overfitting?: WalkForwardOverfitting;
  readonly trainRuns: number;
  readonly failedTrainRuns: number;
  readonly interrupted: boolean;
  readonly cache: CacheCounters;
  /** How the training runs stepped: sparsely (the strategy declares `when`) or every bar; the same results either way. */
  readonly stepping: { readonly sparse: number; readonly everyBar: number };
  readonly workers: number;
  readonly elapsedMs: number;
}

const cagrIndex = SUMMARY_METRICS.indexOf("cagr");

function efficiency(oosCagr: number, isCagr: number): number {
  return isCagr > 0 && Number.isFinite(isCagr) && Number.isFinite(oosCagr) ? oosCagr / isCagr : NaN;
}

/**
 * Run the walk-forward study a config's `optimize.walkForward` describes and
 * write its files.
 *
 * @throws {ConfigError} for bad windows (naming the window) or params,
 * {@linkcode DataError} for bars that cannot load, {@linkcode OutputError}
 * when results cannot be written.
 *
 * @example
 * ```ts ignore
 * const r = await walkForward({ configPath: "configs/sma_optimize.ts", workers: 2 });
 * for (const w of r.windows) console.log(w.window.index, w.params, w.outOfSample?.objective);
 * console.log(r.efficiency, r.stitched?.sharpe);
 * ```
 */
export async function walkForward(opts: StudyOptions): Promise<WalkForwardReport> {
  const t0 = performance.now();
  const study = await openStudy(opts, true);
  collectGarbage();
  const { plan, config, optimize } = study;
  const wf = optimize.walkForward!;
  const whole = frameFromShared(study.shared);
  const axis = timeAxis(whole);
  const windows = buildWindows(axis.times, axis.endMs, wf);
  // every file goes into the study's own new directory, published in one step at the end; train_runs.jsonl
  // streams there meanwhile, so an earlier study's files are never touched
  const { out, owned } = await openStudyOutput(study, "walkforward", opts);
  await using _unpublished = owned; // removed unless published
  const dir = out.dir;
  const W = windows.length, P = plan.size;
  const total = W * P;
  const chunkSize = Math.min(P, opts.chunkSize ?? optimize.chunkSize ?? defaultChunkSize(total, study.workers));
  const workers = Math.min(study.workers, Math.ceil(total / chunkSize));
  const partitions = optimize.overfitting?.partitions ?? DEFAULT_PARTITIONS;
  // per window: why its selection bias is not measured (a ConfigError now when optimize.overfitting is written)
  const skips = windows.map((win) =>
    overfittingSkip(optimize.overfitting, {
      trials: P,
      bars: win.trainBars,
      file: opts.configPath,
      what: `window ${win.index}'s training window`,
    })
  );
  const biases = skips.map((skip) => (skip === null ? new SelectionBias(P, partitions) : null));
  const overfitting: (SelectionBiasReport | SelectionBiasSkipped)[] = skips.map((skip) => ({
    skipped: skip ?? "its training did not finish",
  }));

  // per window: the best training run so far
  const bestRun = new Int32Array(W).fill(-1);
  const bestSummary: (RunSummary | null)[] = new Array(W).fill(null);
  /** Training runs with a result, per window: an interrupted window's partial best is not a choice. */
  const trained = new Int32Array(W);
  let failedTrain = 0, trainDone = 0, sparseTrain = 0;
  const jsonl = JsonlWriter.create(out.stagePath("train_runs.jsonl"));
  let interrupted = false;
  let cache: CacheCounters = NO_CACHE_COUNTERS;
  const tested: ({ summary: RunSummary; tsMs: Float64Array; equity: Float64Array; trades: TradeColumns } | null)[] =
    new Array(W).fill(null);
  try {
    const onTrain = (i: number, o: RunOutcome) => {
      const w = Math.floor(i / P), r = i - w * P;
      const s = { ...o.summary, index: r };
      jsonl.append(resultLine(plan, s, w + 1));
      trainDone++;
      trained[w]!++;
      if (s.error !== null) {
        failedTrain++;
      } else {
        if (s.stepping === "sparse") sparseTrain++;
        if (o.stats !== undefined) biases[w]?.add(r, o.stats);
        const b = bestRun[w]!;
        if (
          b < 0 ||
          (compareObjectives(s.objective, false, bestSummary[w]!.objective, false) || compareRunKeys(plan, r, b) ||
              r - b) < 0
        ) {
          bestRun[w] = r;
          bestSummary[w] = s;
        }
      }
      // the window's sweep is complete: measure its selection bias and let its statistics go
      if (trained[w] === P && biases[w] !== null) {
        const b = bestRun[w]!;
        overfitting[w] = b >= 0 && !Number.isNaN(bestSummary[w]!.objective)
          ? biases[w]!.report(b)
          : { skipped: "no training run has a defined objective" };
        biases[w] = null;
      }
    };
    {
      await using pool = await openPool(study, opts, workers);
      // 1. train: every combination on every training window, window by window
      const trainScheduler = new ChunkScheduler<RunOutcome>({
        total,
        chunkSize,
        maxAheadChunks: 4 * workers,
        boundary: P,
        // the default chunks shrink toward the end, so every worker finishes at about the same time
        ...(opts.chunkSize === undefined && optimize.chunkSize === undefined && { workers }),
      });
      let started = performance.now();
      const train = await pool.run({
        scheduler: trainScheduler,
        runsFor: (t) => {
          const w = windows[Math.floor(t.start / P)]!;
          const runs = [];
          for (let i = t.start; i < t.end; i++) {
            runs.push({ index: i, params: paramsAt(plan, i % P), fromMs: w.trainStartMs, toMs: w.trainEndMs });
          }
          return runs;
        },
        failed: failedOutcome,
        onOrdered: onTrain,
        onProgress: (done) => {
          const w = Math.min(W - 1, Math.floor(done / P));
          opts.onProgress?.({
            phase: "train",
            objective: objectiveName(optimize.objective),
            done,
            total,
            failed: failedTrain,
            best: bestRun[w]! < 0
              ? undefined
              : { objective: bestSummary[w]!.objective, params: paramsAt(plan, bestRun[w]!) },
            elapsedMs: performance.now() - started,
          });
        },
      }, opts.signal);
      for (const [i, o] of trainScheduler.drainAll()) onTrain(i, o);
      jsonl.flush();
      interrupted = train.interrupted;
      for (let w = 0; w < W; w++) {
        if (trained[w]! < P) {
          bestRun[w] = -1;
          bestSummary[w] = null;
        }
      }
      // 2. test: each window's chosen params on its test bars, after warm-up
      const testable = windows.map((_, w) => w).filter((w) => bestRun[w]! >= 0 && !interrupted);
      if (testable.length > 0) {
        const testScheduler = new ChunkScheduler<RunOutcome>({
          total: testable.length,
          chunkSize: 1,
          maxAheadChunks: 4 * workers,
        });
        started = performance.now();
        const onTest = (k: number, o: RunOutcome) => {
          const c = o.curve;
          tested[testable[k]!] = c === undefined
            ? { summary: o.summary, tsMs: new Float64Array(0), equity: new Float64Array(0), trades: noTrades() }
            : { summary: o.summary, tsMs: c.tsMs, equity: c.equity, trades: c.trades };
        };
        const test = await pool.run({
          scheduler: testScheduler,
          runsFor: (t) =>
            testable.slice(t.start, t.end).map((w, k) => {
              const win = windows[w]!;
              return {
                index: t.start + k,
                params: paramsAt(plan, bestRun[w]!),
                fromMs: win.warmStartMs,
                toMs: win.testEndMs,
                tradeFromMs: win.testStartMs,
                curve: true,
              };
            }),
          failed: failedOutcome,
          onOrdered: onTest,
          onProgress: (done) =>
            opts.onProgress?.({
              phase: "test",
              objective: objectiveName(optimize.objective),
              done,
              total: testable.length,
              failed: 0,
              elapsedMs: performance.now() - started,
            }),
        }, opts.signal);
        for (const [k, o] of testScheduler.drainAll()) onTest(k, o);
        interrupted ||= test.interrupted;
      }
      cache = pool.cacheCounters;
    }
  } finally {
    jsonl.close();
  }

  // 3. stitch, measure, export
  const results: WindowResult[] = windows.map((window, w) => {
    const is = bestSummary[w] ?? null;
    const oos = tested[w]?.summary ?? null;
    return {
      window,
      params: bestRun[w]! >= 0 ? paramsAt(plan, bestRun[w]!) : null,
      trainRun: bestRun[w]!,
      inSample: is,
      outOfSample: oos,
      efficiency: is && oos ? efficiency(oos.metrics[cagrIndex]!, is.metrics[cagrIndex]!) : NaN,
      overfitting: overfitting[w]!,
    };
  });
  const overfittingSummary = summarizeOverfitting(results, partitions);
  // stitch the tested windows in order; a window without a test result is left out
  const parts: { tsMs: Float64Array; equity: Float64Array; trades: TradeColumns; window: number }[] = [];
  for (let w = 0; w < W; w++) {
    const t = tested[w];
    if (t !== null && t !== undefined && t.summary.error === null) {
      parts.push({ tsMs: t.tsMs, equity: t.equity, trades: t.trades, window: w });
    }
  }
  const stitched = stitchEquity(parts, config.capital);
  const trades: OosTrade[] = [];
  for (const p of parts) {
    const c = p.trades;
    for (let i = 0; i < c.pnl.length; i++) {
      trades.push({
        window: windows[p.window]!.index,
        symbol: c.symbol[i]!,
        qty: c.qty[i]!,
        entryTimeMs: c.entryTimeMs[i]!,
        entryPrice: c.entryPrice[i]!,
        exitTimeMs: c.exitTimeMs[i]!,
        exitPrice: c.exitPrice[i]!,
        pnl: c.pnl[i]!,
        fees: c.fees[i]!,
        initialRisk: c.initialRisk[i]!,
        mae: c.mae[i]!,
        mfe: c.mfe[i]!,
      });
    }
  }
  const stitchedMetrics = stitched.tsMs.length === 0 ? null : computeMetrics({
    equity: stitched.equity,
    tsMs: stitched.tsMs,
    initial: config.capital,
    trades,
    ...(optimize.periodsPerYear !== undefined && { periodsPerYear: optimize.periodsPerYear }),
    riskFree: optimize.riskFree,
  });
  const isCagrs = results.filter((r) => r.inSample !== null && r.outOfSample !== null).map((r) =>
    r.inSample!.metrics[cagrIndex]!
  );
  const meanIs = isCagrs.length ? isCagrs.reduce((a, b) => a + b, 0) / isCagrs.length : NaN;
  const overall = stitchedMetrics ? efficiency(stitchedMetrics.cagr, meanIs) : NaN;
  const stepping = { sparse: sparseTrain, everyBar: trainDone - failedTrain - sparseTrain };

  const errors = results.map((r, w) =>
    r.outOfSample?.error ??
      (r.params !== null
        ? null
        : interrupted && trained[w]! < P
        ? "interrupted before its training finished"
        : "no training run completed")
  );
  const paths = [`${dir}/train_runs.jsonl`];
  paths.push(
    ...await out.write(walkForwardFiles({
      study,
      windows: results,
      errors,
      curve: {
        tsMs: stitched.tsMs,
        equity: stitched.equity,
        window: Int32Array.from(stitched.part, (k) => windows[parts[k]!.window]!.index),
      },
      trades,
      stitched: stitchedMetrics,
      efficiency: overall,
      meanInSampleCagr: meanIs,
      overfitting: overfittingSummary,
      interrupted,
      trainRuns: trainDone,
      failedTrainRuns: failedTrain,
      stepping,
    })),
  );
  await owned?.commit(interrupted ? { latest: false } : {});
  const files = paths.map((p) => p.slice(dir.length + 1));
  return {
    dir,
    files,
    notes: owned?.notes ?? [],
    objective: objectiveName(optimize.objective),
    windows: results,
    stitched: stitchedMetrics,
    efficiency: overall,
    overfitting: overfittingSummary,
    trainRuns: trainDone,
    failedTrainRuns: failedTrain,
    interrupted,
    cache,
    stepping,
    workers,
    elapsedMs: performance.now() - t0,
  };
}

/**
 * A closed trade of the stitched out-of-sample curve, with its window's
 * number.
 *
 * @example
 * ```ts
 * import type { OosTrade } from "./walk_forward.ts";
 * const t: OosTrade = { window: 1, symbol: "A", qty: 1, entryTimeMs: 0, entryPrice: 10, exitTimeMs: 1, exitPrice: 11, pnl: 1, fees: 0 };
 * console.log(t.window);
 * ```
 */
export interface OosTrade extends ClosedTrade {
  readonly window: number;
  readonly symbol: string;
  readonly exitPrice: number;
  /** Maximum adverse and favourable excursion per unit (NaN where unknown; see `Trade` in engine/result.ts). */
  readonly mae?: number;
  readonly mfe?: number;
}

/**
 * What the files of a walk-forward study are written from.
 *
 * @example
 * ```ts
 * import type { WalkForwardOutput } from "./walk_forward.ts";
 * const tested = (o: WalkForwardOutput) => o.windows.filter((w) => w.outOfSample !== null).length;
 * console.log(typeof tested);
 * ```
 */
export interface WalkForwardOutput {
  readonly study: LoadedStudy;
  readonly windows: readonly WindowResult[];
  /** Per window, why it has no out-of-sample result (its test run's error, or why no params were chosen); null when it has one. */
  readonly errors: readonly (string | null)[];
  /** The stitched out-of-sample equity and, per point, its window's number. */
  readonly curve: { readonly tsMs: Float64Array; readonly equity: Float64Array; readonly window: Int32Array };
  readonly trades: readonly OosTrade[];
  /** Metrics of the stitched curve (null when no window was tested). */
  readonly stitched: Metrics | null;
  /** Stitched out-of-sample CAGR ÷ mean in-sample CAGR. */
  readonly efficiency: number;
  readonly meanInSampleCagr: number;
  /** The windows' selection-bias statistics, summarised; absent: not measured. */
  readonly overfitting?: WalkForwardOverfitting;
  readonly interrupted: boolean;
  readonly trainRuns: number;
  readonly failedTrainRuns: number;
  /** How the training runs stepped (see {@linkcode WalkForwardReport.stepping}); absent: not known. */
  readonly stepping?: { readonly sparse: number; readonly everyBar: number };
}

/**
 * The files a walk-forward study writes at its end, for the publisher
 * (`AtomicOutput.write`): `windows.csv`, `oos_equity.csv`,
 * `oos_trades.csv`, `walkforward.json` and `walkforward.html`.
 *
 * @example
 * ```ts ignore
 * await out.write(walkForwardFiles({ study, windows, errors, curve, trades, stitched, … }));
 * ```
 */
/**
 * A parameter value in `windows.csv`: a number as `String` spells it (as
 * this file always has), text escaped like every CSV text field (a string
 * parameter `=cmd|…` is written `"'=cmd|…"`).
 */
function paramCell(v: ParamValue | undefined): string {
  return typeof v === "number" ? String(v) : csvField(v === undefined ? "undefined" : String(v));
}

export function walkForwardFiles(o: WalkForwardOutput): OutputFile[] {
  const { study, windows, curve, trades } = o;
  const { config, optimize, plan } = study;
  const wf = optimize.walkForward!;
  const names = plan.declared;
  const iso = (ms: number) => isoTime(ms);
  const windowsCsv = (w: ByteWriter) => {
    w.text(
      [
        "window",
        "train_start",
        "train_end",
        "test_start",
        "test_end",
        "train_bars",
        "test_bars",
        ...names,
        "is_objective",
        "is_trades",
        ...SUMMARY_METRICS.map((m) => `is_${m}`),
        "oos_objective",
        "oos_trades",
        ...SUMMARY_METRICS.map((m) => `oos_${m}`),
        "efficiency",
        "error",
      ].map(csvField).join(",") + "\n",
    );
    windows.forEach((r, k) => {
      const win = r.window;
      const is = r.inSample, oos = r.outOfSample;
      const cells = (vs: (string | number | null | undefined)[]) => vs.map((v) => csvField(v)).join(",");
      w.text(
        [
          cells([
            win.index,
            iso(win.trainStartMs),
            iso(win.trainEndMs),
            iso(win.testStartMs),
            iso(win.testEndMs),
            win.trainBars,
            win.testBars,
          ]),
          ...names.map((n) => (r.params ? paramCell(r.params[n]) : "")),
          cells([
            is?.objective,
            is?.trades,
            ...SUMMARY_METRICS.map((_, m) => is?.metrics[m]),
            oos?.objective,
            oos?.trades,
            ...SUMMARY_METRICS.map((_, m) => oos?.metrics[m]),
            r.efficiency,
            o.errors[k],
          ]),
        ].join(",") + "\n",
      );
    });
  };
  const oosEquityCsv = (w: ByteWriter) => {
    w.text("time,equity,window\n");
    for (let i = 0; i < curve.tsMs.length; i++) {
      w.isoTime(curve.tsMs[i]!);
      w.text(",");
      w.number(curve.equity[i]!, "");
      w.text(",");
      w.number(curve.window[i]!, "");
      w.text("\n");
    }
  };
  const oosTradesCsv = (w: ByteWriter) => {
    w.text("window,symbol,qty,entry_time,entry_price,exit_time,exit_price,pnl,fees,initial_risk,r_multiple,mae,mfe\n");
    for (const t of trades) {
      w.text(
        [
          t.window,
          t.symbol,
          t.qty,
          iso(t.entryTimeMs),
          t.entryPrice,
          iso(t.exitTimeMs),
          t.exitPrice,
          t.pnl,
          t.fees,
          t.initialRisk ?? NaN,
          rMultiple(t),
          t.mae ?? NaN,
          t.mfe ?? NaN,
        ].map((v) => csvField(v)).join(",") + "\n",
      );
    }
  };
  const header = {
    schemaVersion: WALK_FORWARD_SCHEMA_VERSION,
    ...searchHeader(study),
    walkForward: wf,
    interrupted: o.interrupted,
    trainRuns: o.trainRuns,
    failedTrainRuns: o.failedTrainRuns,
    ...(o.stepping !== undefined && { stepping: o.stepping }),
    efficiency: o.efficiency,
    meanInSampleCagr: o.meanInSampleCagr,
    ...(o.overfitting !== undefined && { overfitting: o.overfitting }),
    stitched: o.stitched,
  };
  const json = (w: ByteWriter) => {
    w.text(
      `{\n${
        Object.entries(header).map(([k, v]) => `  ${toCompactJson(k)}: ${toCompactJson(v)}`).join(",\n")
      },\n  "windows": [`,
    );
    windows.forEach((r, k) => w.text(`${k === 0 ? "\n" : ",\n"}    ${toCompactJson(windowJson(r))}`));
    w.text(windows.length ? "\n  ]\n}\n" : "]\n}\n");
  };
  return [
    { name: "windows.csv", content: windowsCsv },
    { name: "oos_equity.csv", content: oosEquityCsv },
    { name: "oos_trades.csv", content: oosTradesCsv },
    { name: "walkforward.json", content: json },
    {
      name: "walkforward.html",
      content: walkForwardHtml({
        title: `${config.name}: walk-forward (${wf.mode}, train ${wf.train}, test ${wf.test})`,
        objective: objectiveName(optimize.objective),
        names,
        windows,
        tsMs: curve.tsMs,
        equity: curve.equity,
        windowOf: curve.window,
        stitched: o.stitched,
        efficiency: o.efficiency,
        ...(o.overfitting !== undefined && { overfitting: o.overfitting }),
      }),
    },
  ];
}

function noTrades(): TradeColumns {
  const e = new Float64Array(0);
  return {
    symbol: [],
    pnl: e,
    fees: e,
    qty: e,
    entryTimeMs: e,
    entryPrice: e,
    exitTimeMs: e,
    exitPrice: e,
    initialRisk: e,
    mae: e,
    mfe: e,
  };
}

function summaryJson(s: RunSummary | null): unknown {
  if (s === null) return null;
  return {
    objective: s.objective,
    trades: s.trades,
    error: s.error,
    metrics: Object.fromEntries(SUMMARY_METRICS.map((m, k) => [m, s.metrics[k]])),
  };
}

function windowJson(r: WindowResult): unknown {
  const w = r.window;
  return {
    window: w.index,
    trainStart: isoTime(w.trainStartMs),
    trainEnd: isoTime(w.trainEndMs),
    testStart: isoTime(w.testStartMs),
    testEnd: isoTime(w.testEndMs),
    warmupStart: isoTime(w.warmStartMs),
    trainBars: w.trainBars,
    testBars: w.testBars,
    params: r.params,
    trainRun: r.trainRun < 0 ? null : r.trainRun,
    inSample: summaryJson(r.inSample),
    outOfSample: summaryJson(r.outOfSample),
    efficiency: r.efficiency,
    overfitting: r.overfitting,
  };
}
