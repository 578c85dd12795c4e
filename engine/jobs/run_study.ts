import { runBacktest } from "../backtest.ts";
import type { Config } from "../config/schema.ts";
import { loadBars } from "../data/load_bars.ts";
import { gridSearch } from "../optimize/grid_search.ts";
import type { PoolBackend } from "../parallel/chunk_pool.ts";
import type { ParamSet } from "../optimize/config.ts";
import { walkForward } from "../optimize/walk_forward.ts";
import { analyzeResult } from "../report/analyze_result.ts";
import { loadBenchmarkFrame } from "../report/benchmark.ts";
import type { StagedDir } from "../report/atomic_write.ts";
import { writeResults } from "../report/write_results.ts";
import { setArgs } from "./load_job.ts";
import { backtestValues, gridValues, walkForwardValues } from "./metrics.ts";
import type { Study } from "./schema.ts";

/**
 * A study stopped by its abort signal before it completed: it is not
 * recorded, and its partial files (valid, marked interrupted) stay in the
 * job run's set.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { StudyAborted } from "./run_study.ts";
 * assert.equal(new StudyAborted("wf").message, 'study "wf" was interrupted before it completed');
 * ```
 */
export class StudyAborted extends Error {
  override name = "StudyAborted";
  constructor(study: string) {
    super(`study "${study}" was interrupted before it completed`);
  }
}

/** What a completed study measured. */
export interface StudyOutcome {
  /** Every metric of the study's kind (see metrics.ts), NaN when undefined. */
  readonly values: Readonly<Record<string, number>>;
  /** Where its result files are once the job run is published. */
  readonly outputDir: string;
  /** Kind-specific facts for the report: the best params of a grid, the windows of a walk-forward study. */
  readonly details: Readonly<Record<string, unknown>>;
}

/** Options of {@linkcode runStudy}. */
export interface RunStudyOptions {
  /** The study's folder in the job run's set (`studies/<name>`), which the job publishes. */
  readonly output: StagedDir;
  /** Stops a grid or walk-forward study between runs; a backtest is checked before and after (it is synchronous). */
  readonly signal?: AbortSignal | undefined;
  /** Where grid and walk-forward chunks run: local threads by default, or queue workers (`deno task worker`). */
  readonly backend?: PoolBackend | undefined;
}

/**
 * Run one study of a job now: a backtest (result files written like `deno
 * task backtest`), a grid search or a walk-forward study (files like `deno
 * task optimize` / `walkforward`), all into `output`.
 *
 * @throws {StudyAborted} when the signal stops it first; {@linkcode ConfigError} /
 * {@linkcode DataError} / {@linkcode OutputError} for bad input; an Error when every run of a grid failed.
 *
 * @example
 * ```ts ignore
 * const { values } = await runStudy(study, config, { output: out.folder("studies/wf") });
 * console.log(values.oosSharpe);
 * ```
 */
export async function runStudy(study: Study, config: Config, opts: RunStudyOptions): Promise<StudyOutcome> {
  const { signal, output } = opts;
  if (signal?.aborted) throw new StudyAborted(study.name);
  const overrides = { set: setArgs(study) };
  if (study.kind === "backtest") {
    const frame = await loadBars(config.data);
    const benchmarkFrame = await loadBenchmarkFrame(config);
    if (signal?.aborted) throw new StudyAborted(study.name);
    const result = runBacktest(config, frame);
    if (signal?.aborted) throw new StudyAborted(study.name);
    const analysis = analyzeResult(result, { frame, benchmarkFrame });
    await writeResults(result, output, { frame, analysis });
    return {
      values: backtestValues(analysis.metrics),
      outputDir: output.dir,
      details: { params: config.strategy.params, bars: result.summary.bars },
    };
  }
  const common = {
    configPath: study.config,
    overrides,
    output,
    signal,
    workers: study.workers,
    backend: opts.backend,
  };
  if (study.kind === "grid") {
    const r = await gridSearch(common);
    if (r.interrupted || signal?.aborted) throw new StudyAborted(study.name);
    const best = r.best[0];
    if (best === undefined || best.error !== null) {
      throw new Error(
        `every one of the ${r.runs} runs of grid study "${study.name}" failed${
          best ? `; the first: ${best.error}` : ""
        }`,
      );
    }
    return {
      values: gridValues(r),
      outputDir: r.dir,
      details: { objectiveName: r.objective, bestParams: best.params, runs: r.runs },
    };
  }
  const r = await walkForward(common);
  if (r.interrupted || signal?.aborted) throw new StudyAborted(study.name);
  return {
    values: walkForwardValues(r),
    outputDir: r.dir,
    details: {
      objectiveName: r.objective,
      windows: r.windows.map((w): { index: number; params: ParamSet | null } => ({
        index: w.window.index,
        params: w.params,
      })),
    },
  };
}
