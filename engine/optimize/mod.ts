/**
 * Parameter search and walk-forward analysis across a pool of Deno Workers.
 *
 * A config's `optimize` section declares the space (`range(…)` or lists per
 * param, plus a `constraint`), the search (`grid` or seeded `random`), the
 * objective, and optionally `walkForward` windows. {@linkcode gridSearch}
 * and {@linkcode walkForward} load the bars once, share them with the
 * workers through a SharedArrayBuffer, and stream compact per-run summaries
 * to disk; the result files are byte-identical for any worker count, and
 * with `backend: { url: "redis://…" }` the chunks run on `deno task worker`
 * processes on other machines instead (`engine/distributed/`), with the
 * same bytes.
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
export { ChunkScheduler, defaultChunkSize, type Task } from "./chunk_scheduler.ts";
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
export { HeatmapGrid, heatmapHtml } from "./heatmap_html.ts";
export { JsonlWriter } from "./jsonl_writer.ts";
export { type Objective, OBJECTIVE_NAMES, SUMMARY_METRICS } from "./objective.ts";
export { paramKey, type ParamPlan, paramsAt, planGrid, planRandom, validatePlan } from "./param_space.ts";
export { type ParamRange, range } from "./range.ts";
export { compareObjectives, RankIndex } from "./ranking.ts";
export { frameFromShared, type SharedFrame, shareFrame } from "./shared_frame.ts";
export { sliceFrame } from "./slice_frame.ts";
export { stitchEquity } from "./stitch.ts";
export type { QueueBackend, StudyOptions, StudyProgress } from "./_study.ts";
export { walkForward, type WalkForwardReport, type WindowResult } from "./walk_forward.ts";
export { buildWindows, parseWindowLength, type Window } from "./windows.ts";
export { type ChunkPool, WorkerPool } from "./worker_pool.ts";
