/**
 * Parameter search and walk-forward analysis: the studies.
 *
 * A config's `optimize` section declares the space (`range(…)` or lists per
 * param, plus a `constraint`), the search (`grid` or seeded `random`), the
 * objective, and optionally `walkForward` windows. {@linkcode gridSearch}
 * and {@linkcode walkForward} load the bars once, share them with the
 * workers, and stream compact per-run summaries to disk; the result files
 * are byte-identical for any worker count, and for any pool: the caller
 * chooses where the chunks run (`backend`: local Workers by default, or a
 * queue of `deno task worker` processes on other machines), with the same
 * bytes.
 *
 * What it owns: the `optimize` config section, the parameter space, the
 * objective and ranking, walk-forward windows and stitching, one run of a
 * study ({@linkcode evaluate}) and the kernel pool workers run it with
 * (`study_kernel.ts`), the studies themselves (`study.ts`, `grid_search.ts`,
 * `walk_forward.ts`) and their result files; the overfitting statistics of a
 * study's trials, the Deflated Sharpe Ratio and the Probability of Backtest
 * Overfitting (`overfitting.ts`), from the per-run return statistics the
 * workers send back (`trial_returns.ts`, `selection_bias.ts`); the best
 * run's parameter stability (`stability.ts`).
 *
 * What it may import: the engine's core (`config/`, `data/`, `indicators/`,
 * `strategy/`, `report/`, `backtest.ts`, `result.ts`, `errors.ts`,
 * `random.ts`, `normal.ts`), `zod`, and `engine/parallel/`, through whose `ChunkPool`
 * interface it runs chunks. Never `engine/distributed/` nor `engine/jobs/`:
 * a queue backend is injected by the caller (the CLI, a job), and jobs build
 * on studies, not the other way round. `tests/architecture_test.ts` checks
 * these rules.
 *
 * @example A grid search from code
 * ```ts ignore
 * import { gridSearch } from "./mod.ts";
 * const report = await gridSearch({ configPath: "configs/sma_optimize.ts", workers: 2 });
 * console.log(report.best[0]?.params, `${report.cache.hits} cache hits`);
 * ```
 *
 * @module
 */
export {
  type OptimizeConfig,
  OptimizeConfigSchema,
  type OptimizeInput,
  type ParamSet,
  type ParamValue,
  type WalkForwardConfig,
} from "./config.ts";
export { evaluate, type Evaluation, type RunSummary } from "./evaluate.ts";
export { gridSearch, type GridSearchOptions, type GridSearchReport, type RankedRun } from "./grid_search.ts";
export { explorerData, HeatmapGrid, heatmapHtml } from "./heatmap_html.ts";
export { JsonlWriter } from "./jsonl_writer.ts";
export { type Objective, OBJECTIVE_NAMES, SUMMARY_METRICS } from "./objective.ts";
export {
  BlockStatistics,
  deflatedSharpeRatio,
  probabilisticSharpeRatio,
  probabilityOfBacktestOverfitting,
  probabilityOfBacktestOverfittingFromBlocks,
} from "./overfitting.ts";
export { paramKey, type ParamPlan, paramsAt, planGrid, planRandom, validatePlan } from "./param_space.ts";
export { type ParamRange, range } from "./range.ts";
export { compareObjectives, RankIndex } from "./ranking.ts";
export { SelectionBias, type SelectionBiasReport, type SelectionBiasSkipped } from "./selection_bias.ts";
export { sliceFrame } from "./slice_frame.ts";
export { parameterStability, PLATEAU_THRESHOLD, type Stability } from "./stability.ts";
export { stitchEquity } from "./stitch.ts";
export type { LoadedStudy, StudyOptions, StudyPool, StudyProgress } from "./study.ts";
export { type RunCurve, type RunOutcome, STUDY_KERNEL, type StudyRun, type TradeColumns } from "./study_kernel.ts";
export { walkForward, type WalkForwardOverfitting, type WalkForwardReport, type WindowResult } from "./walk_forward.ts";
export { buildWindows, parseWindowLength, type Window } from "./windows.ts";
