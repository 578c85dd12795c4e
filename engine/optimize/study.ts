/**
 * What grid search and walk-forward share: the options of a study, loading
 * the config and its bars, expanding and validating the parameter space,
 * sharing the bars, opening the pool the caller chose, and the lines of the
 * result files.
 *
 * @module
 */
import { isAbsolute, resolve } from "node:path";
import { type ConfigOverrides, loadConfig } from "../config/load_config.ts";
import type { Config } from "../config/schema.ts";
import type { BarFrame } from "../data/bar_frame.ts";
import { loadBars, type LoadBarsOptions } from "../data/load_bars.ts";
import { ConfigError } from "../errors.ts";
import type { ChunkPool, PoolBackend } from "../parallel/chunk_pool.ts";
import { type SharedFrame, shareFrame } from "../parallel/shared_frame.ts";
import { localBackend } from "../parallel/worker_pool.ts";
import { AtomicOutput, type StagedDir } from "../report/atomic_write.ts";
import { toCompactJson } from "../report/format.ts";
import type { OptimizeConfig, ParamSet } from "./config.ts";
import type { RunSummary } from "./evaluate.ts";
import { objectiveName, SUMMARY_METRICS } from "./objective.ts";
import { type ParamPlan, paramsAt, planGrid, planRandom, validatePlan } from "./param_space.ts";
import { type RunOutcome, STUDY_KERNEL, type StudyRun } from "./study_kernel.ts";

/** Progress of a study, reported as results arrive. */
export interface StudyProgress {
  /** `search` (grid/random search), `train` or `test` (walk-forward phases). */
  readonly phase: "search" | "train" | "test";
  /** The objective's name. */
  readonly objective: string;
  readonly done: number;
  readonly total: number;
  readonly failed: number;
  /** The best result so far, by the ranking rule. */
  readonly best?: { readonly objective: number; readonly params: ParamSet } | undefined;
  /** Since the phase started. */
  readonly elapsedMs: number;
}

/** Options every study takes. */
export interface StudyOptions {
  /** The config module (its default export must have an `optimize` section). */
  readonly configPath: string;
  /** Command-line overrides; each worker applies the same ones. */
  readonly overrides?: ConfigOverrides | undefined;
  /** Worker count; `navigator.hardwareConcurrency` by default. */
  readonly workers?: number | undefined;
  /** Runs per chunk; `optimize.chunkSize` or a default from the run and worker counts. */
  readonly chunkSize?: number | undefined;
  /**
   * The output root: the study is published as a new run,
   * `<outDir>/runs/<run id>/`, and `<outDir>/latest.txt` names the newest;
   * `<output.dir or out/<name>>/<optimize|walkforward>` by default.
   */
  readonly outDir?: string | undefined;
  /**
   * Write the study's files into this directory of a set the caller
   * publishes (a job run's `studies/<name>/`) instead of publishing a run
   * under `outDir`.
   */
  readonly output?: StagedDir | undefined;
  /** When the study started (epoch ms), for its run id; now by default. */
  readonly startedMs?: number | undefined;
  /** Stops the study: workers are terminated, completed results written, files left valid. */
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ((p: StudyProgress) => void) | undefined;
  /** Bars already loaded; the config's `data` section is then not read. */
  readonly frame?: BarFrame | undefined;
  /** How to load the bars when `frame` is not given. */
  readonly loadOptions?: LoadBarsOptions | undefined;
  /**
   * Where the chunks run: local Workers ({@linkcode localBackend}) by
   * default, or a queue of `deno task worker` processes
   * (`engine/distributed/`'s `queueBackend`); the result files are the same
   * bytes.
   */
  readonly backend?: PoolBackend | undefined;
}

/** A loaded, validated study. */
export interface LoadedStudy {
  readonly config: Config;
  readonly optimize: OptimizeConfig;
  readonly configPath: string;
  readonly plan: ParamPlan;
  readonly shared: SharedFrame;
  readonly workers: number;
}

/** The `optimize` section, or a ConfigError saying how to add one. */
export function optimizeSection(config: Config, file: string, walkForward: boolean): OptimizeConfig {
  const o = config.optimize;
  if (o === undefined) {
    throw new ConfigError(
      `Cannot optimize "${file}": it has no optimize section; add e.g. optimize: { params: { fast: range(5, 50, 5) } }`,
    );
  }
  if (walkForward && o.walkForward === undefined) {
    throw new ConfigError(
      `Cannot run a walk-forward study of "${file}": optimize.walkForward is missing; add e.g. walkForward: { train: "2y", test: "6m" }`,
    );
  }
  return o;
}

/** Expand the config's parameter space and check every combination against the strategy's schema. */
export function planOf(config: Config, o: OptimizeConfig, file: string): ParamPlan {
  const constraint = o.constraint as ((p: never) => unknown) | undefined;
  const plan = o.search.kind === "grid"
    ? planGrid(o.params, { constraint })
    : planRandom(o.params, o.search.samples, o.search.seed, { constraint });
  validatePlan(plan, config.strategy.use.params, config.strategy.params, {
    strategy: config.strategy.use.name,
    file,
  });
  if (o.heatmap !== undefined) {
    for (const k of ["x", "y"] as const) {
      if (!plan.names.includes(o.heatmap[k])) {
        throw new ConfigError(
          `Invalid optimize.heatmap.${k} in "${file}": "${o.heatmap[k]}" is not one of optimize.params (${
            plan.declared.join(", ")
          })`,
        );
      }
    }
    if (o.heatmap.x === o.heatmap.y) {
      throw new ConfigError(`Invalid optimize.heatmap in "${file}": x and y must be different params`);
    }
  }
  return plan;
}

/** Load the config, plan and bars of a study. */
export async function openStudy(opts: StudyOptions, walkForward: boolean): Promise<LoadedStudy> {
  const config = await loadConfig(opts.configPath, opts.overrides ?? {});
  const optimize = optimizeSection(config, opts.configPath, walkForward);
  const plan = planOf(config, optimize, opts.configPath);
  // with a queue backend the worker count only sizes chunks and the look-ahead: the backend says how many to assume
  const requested = opts.workers ?? opts.backend?.defaultSize ?? navigator.hardwareConcurrency ?? 1;
  if (!(Number.isInteger(requested) && requested >= 1)) {
    throw new ConfigError(`Invalid worker count ${requested}: expected a whole number ≥ 1`);
  }
  const chunk = opts.chunkSize ?? optimize.chunkSize;
  if (chunk !== undefined && !(Number.isInteger(chunk) && chunk >= 1)) {
    throw new ConfigError(`Invalid chunk size ${chunk}: expected a whole number ≥ 1`);
  }
  const frame = opts.frame ?? await loadBars(config.data, opts.loadOptions);
  const shared = shareFrame(frame);
  const configPath = isAbsolute(opts.configPath) ? opts.configPath : resolve(Deno.cwd(), opts.configPath);
  return { config, optimize, configPath, plan, shared, workers: requested };
}

/** The pool a study's chunks run on. */
export type StudyPool = ChunkPool<StudyRun, RunOutcome>;

/** Open `size` workers of the study's backend (local Workers unless the caller chose another). */
export function openPool(study: LoadedStudy, opts: StudyOptions, size: number): Promise<StudyPool> {
  return (opts.backend ?? localBackend()).open<StudyRun, RunOutcome>({
    size,
    kernel: STUDY_KERNEL,
    configPath: study.configPath,
    config: study.config,
    overrides: opts.overrides ?? {},
    shared: study.shared,
  });
}

/**
 * Collect garbage now when the runtime allows it (`--v8-flags=--expose-gc`,
 * as the optimize tasks run): called once after the bars are shared, so the
 * loaded copy is freed before the workers start rather than whenever the
 * mostly idle coordinator next collects.
 */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** The default output root of a study. */
export function studyDir(config: Config, kind: "optimize" | "walkforward", outDir?: string): string {
  return outDir ?? `${config.output.dir ?? `out/${config.name}`}/${kind}`;
}

/**
 * Where a study writes: the caller's directory (`opts.output`), or a new run
 * under the study's output root, which the study publishes (`owned`).
 */
export async function openStudyOutput(
  study: LoadedStudy,
  kind: "optimize" | "walkforward",
  opts: StudyOptions,
): Promise<{ readonly out: StagedDir; readonly owned: AtomicOutput | undefined }> {
  if (opts.output !== undefined) return { out: opts.output, owned: undefined };
  const owned = await AtomicOutput.open(studyDir(study.config, kind, opts.outDir), {
    keep: study.config.output.keep,
    startedMs: opts.startedMs,
  });
  return { out: owned, owned };
}

/** A result line: `{window?, run, params, objective, trades, error, metrics}`. */
export function resultLine(plan: ParamPlan, s: RunSummary, window?: number): string {
  const metrics: Record<string, number> = {};
  SUMMARY_METRICS.forEach((k, i) => (metrics[k] = s.metrics[i]!));
  return toCompactJson({
    ...(window !== undefined && { window }),
    run: s.index,
    params: paramsAt(plan, s.index),
    objective: s.objective,
    trades: s.trades,
    error: s.error,
    metrics,
  });
}

/** The header fields of result files that describe the search. */
export function searchHeader(study: LoadedStudy): Record<string, unknown> {
  const { config, optimize, plan } = study;
  return {
    config: config.name,
    strategy: config.strategy.use.name,
    objective: objectiveName(optimize.objective),
    search: optimize.search,
    params: Object.fromEntries(plan.names.map((n, p) => [n, plan.values[p]])),
    gridSize: plan.gridSize,
    runs: plan.size,
  };
}
