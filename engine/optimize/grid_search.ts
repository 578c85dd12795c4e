/**
 * Grid (or random) search: every combination of a config's `optimize.params`
 * run across a pool of workers, results streamed to disk and ranked.
 *
 * Files of a study, published together as a new run of its output root
 * (`out/<name>/optimize/runs/<run id>/` by default, beside a `manifest.json`;
 * see `engine/report/atomic_write.ts`), or written into a directory the
 * caller publishes (`StudyOptions.output`):
 *
 * - `results.jsonl`: one line per run in plan order, written as results come
 *   in (the pool releases them in order, so the file is the same whatever
 *   the worker count);
 * - `results.csv`, `results.json`: every run ranked by the objective (ties
 *   by canonical parameter key), written at the end;
 * - `heatmap.html`: the best objective over two params;
 * - `top/01/ …`: full result files (trades, fills, equity) of the top K runs,
 *   re-run at the end.
 *
 * Every file is byte-identical for 1 or N workers and across repeated runs.
 * An interrupted study publishes the runs completed so far (marked
 * `"interrupted": true`) as a complete set of its own, skips the top-K
 * re-runs and leaves `latest.txt` naming the last study that finished. A
 * study that fails or is killed publishes nothing; earlier runs stay as
 * they were.
 *
 * @module
 */
import { IndicatorCache } from "../indicators/cache.ts";
import { analyzeResult } from "../report/analyze_result.ts";
import type { OutputFile, StagedDir } from "../report/atomic_write.ts";
import { csvField, toCompactJson } from "../report/format.ts";
import { resultFiles } from "../report/write_results.ts";
import type { CacheCounters } from "../parallel/cache_counters.ts";
import type { PoolOutcome } from "../parallel/chunk_pool.ts";
import { ChunkScheduler, defaultChunkSize } from "../parallel/chunk_scheduler.ts";
import { frameFromShared } from "../parallel/shared_frame.ts";
import type { ParamSet, ParamValue } from "./config.ts";
import { evaluate } from "./evaluate.ts";
import { explorerData, HeatmapGrid, heatmapHtml, MAX_EXPLORER_RUNS } from "./heatmap_html.ts";
import { JsonlWriter } from "./jsonl_writer.ts";
import { objectiveName, SUMMARY_METRICS } from "./objective.ts";
import { paramsAt } from "./param_space.ts";
import { compareObjectives, RankIndex } from "./ranking.ts";
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
import { failedOutcome, type RunOutcome } from "./study_kernel.ts";
import {
  overfittingSkip,
  SelectionBias,
  type SelectionBiasReport,
  type SelectionBiasSkipped,
} from "./selection_bias.ts";
import { parameterStability, type Stability } from "./stability.ts";
import { DEFAULT_PARTITIONS } from "./config.ts";
import { timeAxis } from "./windows.ts";

/**
 * Version of the `results.json` layout; bumped on any incompatible change.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { SEARCH_SCHEMA_VERSION } from "./grid_search.ts";
 * assert.ok(SEARCH_SCHEMA_VERSION === 1);
 * ```
 */
export const SEARCH_SCHEMA_VERSION = 1;

/** Options of {@linkcode gridSearch}. */
export interface GridSearchOptions extends StudyOptions {
  /** How many of the best runs to re-run with full result files; `optimize.top` by default. */
  readonly top?: number | undefined;
}

/** One ranked run, as the result files hold it. */
export interface RankedRun {
  /** 1 for the best. */
  readonly rank: number;
  /** The run's index in the plan (its line in `results.jsonl`). */
  readonly run: number;
  readonly params: ParamSet;
  /** The objective; null when undefined (NaN) or failed. */
  readonly objective: number | null;
  /** Closed trades. */
  readonly trades: number;
  /** Why the run failed, or null. */
  readonly error: string | null;
  /** {@linkcode SUMMARY_METRICS} by name (null for NaN). */
  readonly metrics: Readonly<Record<string, number | null>>;
}

/** What a grid search did. */
export interface GridSearchReport {
  /** The study's directory: its published run (`<outDir>/runs/<run id>`), or the caller's `output`. */
  readonly dir: string;
  /** Files written, relative to `dir` (the manifest aside). */
  readonly files: readonly string[];
  /** What publishing found: killed runs' leftovers removed from the output root, a problem after publishing. */
  readonly notes: readonly string[];
  /** The objective's name (`custom` for a function). */
  readonly objective: string;
  /** Runs planned. */
  readonly runs: number;
  /** Runs with a result (all of them unless interrupted), failed ones included. */
  readonly completed: number;
  /** Runs recorded as failed. */
  readonly failed: number;
  /** True when the signal stopped the study. */
  readonly interrupted: boolean;
  /** The best runs (up to ten), best first. */
  readonly best: readonly RankedRun[];
  /** The best run's Deflated Sharpe Ratio and the sweep's PBO, or why not measured (as in `results.json`). */
  readonly overfitting?: SelectionBiasReport | SelectionBiasSkipped;
  /** The best run's parameter stability; null without a run with a defined objective. */
  readonly stability?: Stability | null;
  /** Indicator cache counters over every worker. */
  readonly cache: CacheCounters;
  /**
   * How the completed runs stepped (`BacktestResult.stepping`): sparsely (the strategy declares `when`: many times
   * faster) or every bar in full; both give the same results.
   */
  readonly stepping: { readonly sparse: number; readonly everyBar: number };
  /** Workers used (at most one per chunk). */
  readonly workers: number;
  /** Runs per chunk. */
  readonly chunkSize: number;
  /** Workers replaced after a crash or a stall. */
  readonly replacedWorkers: number;
  /** Wall time of the whole study, including loading and the top-K re-runs. */
  readonly elapsedMs: number;
}

/**
 * Run the search a config's `optimize` section describes and write its files.
 *
 * @throws {ConfigError} for a bad `optimize` section or an invalid combination
 * (named), {@linkcode DataError} for bars that cannot load,
 * {@linkcode OutputError} when results cannot be written.
 *
 * @example
 * ```ts ignore
 * const report = await gridSearch({ configPath: "configs/sma_optimize.ts", workers: 2 });
 * console.log(report.best[0]?.params, report.cache.hits);
 * ```
 */
export async function gridSearch(opts: GridSearchOptions): Promise<GridSearchReport> {
  const t0 = performance.now();
  const study = await openStudy(opts, false);
  collectGarbage();
  const { plan, optimize } = study;
  const skip = overfittingSkip(optimize.overfitting, {
    trials: plan.size,
    bars: timeAxis(frameFromShared(study.shared)).times.length,
    file: opts.configPath,
  });
  const bias = skip === null
    ? new SelectionBias(plan.size, optimize.overfitting?.partitions ?? DEFAULT_PARTITIONS)
    : null;
  // every file goes into the run's own directory, published in one step at the end; results.jsonl streams there
  const { out, owned } = await openStudyOutput(study, "optimize", opts);
  await using _unpublished = owned; // removed unless published
  const dir = out.dir;
  const paths: string[] = [`${dir}/results.jsonl`];
  const chunkSize = opts.chunkSize ?? optimize.chunkSize ?? defaultChunkSize(plan.size, study.workers);
  const workers = Math.min(study.workers, Math.ceil(plan.size / chunkSize));
  // the default chunks shrink toward the end, so every worker finishes at about the same time
  const guided = opts.chunkSize === undefined && optimize.chunkSize === undefined;
  const scheduler = new ChunkScheduler<RunOutcome>({
    total: plan.size,
    chunkSize,
    maxAheadChunks: 4 * workers,
    ...(guided && { workers }),
  });
  const index = new RankIndex(plan);
  const axes = optimize.heatmap ??
    (plan.declared.length >= 2 ? { x: plan.declared[0]!, y: plan.declared[1]! } : undefined);
  const heat = axes === undefined ? undefined : new HeatmapGrid(plan, axes.x, axes.y);
  let failed = 0, best = -1, sparseRuns = 0;
  using jsonl = JsonlWriter.create(out.stagePath("results.jsonl"));
  const write = (i: number, o: RunOutcome) => {
    const failedRun = o.summary.error !== null;
    if (failedRun) failed++;
    else if (o.summary.stepping === "sparse") sparseRuns++;
    index.add(i, o.summary.objective, failedRun, jsonl.append(resultLine(plan, o.summary)));
    heat?.add(i, o.summary.objective);
    if (!failedRun && o.stats !== undefined) bias?.add(i, o.stats);
    if (best < 0 || index.compare(i, best) < 0) best = i;
  };
  let outcome: PoolOutcome;
  let cache: CacheCounters;
  {
    await using pool = await openPool(study, opts, workers);
    const started = performance.now();
    outcome = await pool.run({
      scheduler,
      runsFor: (t) => {
        const runs = [];
        for (let i = t.start; i < t.end; i++) runs.push({ index: i, params: paramsAt(plan, i) });
        return runs;
      },
      failed: failedOutcome,
      onOrdered: write,
      onProgress: (done) =>
        opts.onProgress?.({
          phase: "search",
          objective: objectiveName(optimize.objective),
          done,
          total: plan.size,
          failed,
          best: best < 0 ? undefined : { objective: index.objective(best), params: paramsAt(plan, best) },
          elapsedMs: performance.now() - started,
        }),
    }, opts.signal);
    cache = pool.cacheCounters;
  }
  for (const [i, o] of scheduler.drainAll()) write(i, o);
  jsonl.flush();
  const order = index.order();
  const stepping = { sparse: sparseRuns, everyBar: index.count - failed - sparseRuns };
  const top = order.length > 0 && !index.failed(order[0]!) && !Number.isNaN(index.objective(order[0]!))
    ? order[0]!
    : -1;
  const overfitting = top < 0
    ? { skipped: "no run has a defined objective" }
    : bias === null
    ? { skipped: skip! }
    : bias.report(top);
  const stability = top < 0 ? null : parameterStability(plan, top, (r) => index.objective(r));
  const k = outcome.interrupted ? 0 : Math.min(opts.top ?? optimize.top, order.length);
  paths.push(
    ...await out.write(searchFiles({
      study,
      jsonl,
      index,
      order,
      interrupted: outcome.interrupted,
      failed,
      overfitting,
      stability,
      top: { count: topRunCount(index, order, k), of: k },
      stepping,
      ...(heat !== undefined && { heatmap: heat }),
    })),
  );
  paths.push(...await stageTop(study, out, index, order, k));
  const bestRuns: RankedRun[] = [];
  for (let r = 0; r < Math.min(10, order.length); r++) {
    bestRuns.push({ rank: r + 1, ...JSON.parse(jsonl.read(index.line(order[r]!))) });
  }
  jsonl.close();
  await owned?.commit(outcome.interrupted ? { latest: false } : {});
  const files = paths.map((p) => p.slice(dir.length + 1));
  return {
    dir,
    files,
    notes: owned?.notes ?? [],
    objective: objectiveName(optimize.objective),
    runs: plan.size,
    completed: index.count,
    failed,
    interrupted: outcome.interrupted,
    best: bestRuns,
    overfitting,
    stability,
    cache,
    stepping,
    workers,
    chunkSize,
    replacedWorkers: outcome.replacedWorkers,
    elapsedMs: performance.now() - t0,
  };
}

/**
 * What the ranked files of a search are written from.
 *
 * @example
 * ```ts
 * import type { SearchOutput } from "./grid_search.ts";
 * const interrupted = (s: SearchOutput) => s.interrupted;
 * console.log(typeof interrupted);
 * ```
 */
export interface SearchOutput {
  readonly study: LoadedStudy;
  /** `results.jsonl`: one line per run, read back in rank order. */
  readonly jsonl: JsonlWriter;
  readonly index: RankIndex;
  /** The recorded runs, best first ({@linkcode RankIndex.order}). */
  readonly order: Uint32Array;
  readonly interrupted: boolean;
  /** Runs recorded as failed. */
  readonly failed: number;
  /** The best objective over two params, when the search has two to draw. */
  readonly heatmap?: HeatmapGrid;
  /** The Deflated Sharpe Ratio and PBO of the search, or why they were skipped; absent: not measured. */
  readonly overfitting?: SelectionBiasReport | SelectionBiasSkipped;
  /** The best run's parameter stability (null: no run with a defined objective); absent: not measured. */
  readonly stability?: Stability | null;
  /** How many of the best runs have full result files under `top/NN/`, of the `of` asked for (none by default). */
  readonly top?: { readonly count: number; readonly of: number };
  /** How the completed runs stepped (see {@linkcode GridSearchReport.stepping}); absent: not known. */
  readonly stepping?: { readonly sparse: number; readonly everyBar: number };
}

/** The directory of the `n`th best run's files (from 1) when `k` were asked for: `top/01`, or `top/001` for k ≥ 100. */
function topDir(n: number, k: number): string {
  return `top/${String(n).padStart(Math.max(2, String(k).length), "0")}`;
}

/** How many of the first `k` ranked runs {@linkcode stageTop} writes: it stops at the first failed run. */
function topRunCount(index: RankIndex, order: Uint32Array, k: number): number {
  let n = 0;
  while (n < k && n < order.length && !index.failed(order[n]!)) n++;
  return n;
}

/**
 * The files a search writes at its end, for the publisher
 * (`AtomicOutput.write`): `results.csv` and `results.json`,
 * every run ranked (read back from `results.jsonl` in rank order, so memory
 * does not grow with the run count), and `heatmap.html`.
 *
 * @example
 * ```ts ignore
 * await out.write(searchFiles({ study, jsonl, index, order: index.order(), interrupted: false, failed: 0 }));
 * ```
 */
export function searchFiles(s: SearchOutput): OutputFile[] {
  const { study, jsonl, index, order } = s;
  const { plan, config, optimize } = study;
  const buf = new Uint8Array(1 << 12);
  const names = plan.declared;
  const files: OutputFile[] = [{
    name: "results.csv",
    content: (w) => {
      w.text(
        ["rank", "run", ...names, "objective", "trades", ...SUMMARY_METRICS, "error"].map(csvField).join(",") + "\n",
      );
      for (let r = 0; r < order.length; r++) {
        const line = JSON.parse(jsonl.read(index.line(order[r]!), buf)) as RankedRunLine;
        w.text(
          [
            r + 1,
            line.run,
            ...names.map((n) => csvValue(line.params[n]!)),
            line.objective,
            line.trades,
            ...SUMMARY_METRICS.map((m) => line.metrics[m]),
            line.error,
          ].map(csvField).join(",") + "\n",
        );
      }
    },
  }, {
    name: "results.json",
    content: (w) => {
      const head = {
        schemaVersion: SEARCH_SCHEMA_VERSION,
        ...searchHeader(study),
        completed: index.count,
        failed: s.failed,
        interrupted: s.interrupted,
        ...(s.stepping !== undefined && { stepping: s.stepping }),
        ...(s.overfitting !== undefined && { overfitting: s.overfitting }),
        ...(s.stability !== undefined && { stability: s.stability }),
      };
      w.text(
        `{\n${
          Object.entries(head).map(([k, v]) => `  ${toCompactJson(k)}: ${toCompactJson(v)}`).join(",\n")
        },\n  "ranked": [`,
      );
      for (let r = 0; r < order.length; r++) {
        const line = jsonl.read(index.line(order[r]!), buf);
        w.text(`${r === 0 ? "\n" : ",\n"}    {"rank":${r + 1},${line.slice(1)}`);
      }
      w.text(order.length ? "\n  ]\n}\n" : "]\n}\n");
    },
  }];
  const heat = s.heatmap;
  if (heat !== undefined) {
    const objective = objectiveName(optimize.objective);
    const formats = config.output.formats;
    const page = formats.includes("html") ? "report.html" : formats.includes("json") ? "result.json" : null;
    const lineAt = (r: number) => JSON.parse(jsonl.read(index.line(order[r]!), buf)) as RankedRunLine;
    files.push({
      name: "heatmap.html",
      content: (w) => {
        const top = [];
        for (let r = 0; r < Math.min(s.top?.count ?? 0, order.length); r++) {
          const line = lineAt(r);
          top.push({
            rank: r + 1,
            run: line.run,
            params: line.params,
            objective: line.objective,
            trades: line.trades,
            href: page === null ? null : `${topDir(r + 1, s.top!.of)}/${page}`,
          });
        }
        const shown = Math.min(order.length, MAX_EXPLORER_RUNS);
        const explorer = explorerData(
          plan,
          [objective, ...SUMMARY_METRICS.filter((m) => m !== objective), "trades"],
          { x: heat.x, y: heat.y },
          (function* () {
            for (let r = 0; r < shown; r++) {
              const line = lineAt(r);
              yield {
                run: line.run,
                metrics: [
                  line.objective,
                  ...SUMMARY_METRICS.filter((m) => m !== objective).map((m) => line.metrics[m] ?? null),
                  line.trades,
                ],
              };
            }
          })(),
          order.length,
        );
        heatmapHtml({
          title: `${config.name}: ${objective} over ${heat.x} × ${heat.y}`,
          subtitle: `${config.strategy.use.name}, ${index.count} of ${plan.size} runs${
            s.interrupted ? " (interrupted)" : ""
          }; each cell is the best ${objective} over the other params`,
          label: objective,
          grid: heat,
          explorer,
          names,
          top,
          ...(s.overfitting !== undefined && { overfitting: s.overfitting }),
          ...(s.stability !== undefined && { stability: s.stability }),
        })(w);
      },
    });
  }
  return files;
}

interface RankedRunLine {
  run: number;
  params: Record<string, ParamValue>;
  objective: number | null;
  trades: number;
  error: string | null;
  metrics: Record<string, number | null>;
}

const csvValue = (v: ParamValue): string | number => (typeof v === "boolean" ? String(v) : v);

/**
 * Re-run the top `k` completed runs in full and write their result files
 * under `top/NN/`, one run at a time. Returns the paths written.
 */
async function stageTop(
  study: LoadedStudy,
  out: StagedDir,
  index: RankIndex,
  order: Uint32Array,
  k: number,
): Promise<string[]> {
  const paths: string[] = [];
  if (k === 0) return paths;
  const frame = frameFromShared(study.shared);
  const cache = new IndicatorCache(frame);
  const o = study.optimize;
  let written = 0;
  for (let r = 0; r < order.length && written < k; r++) {
    const i = order[r]!;
    if (index.failed(i)) break;
    const e = evaluate(study.config, frame, paramsAt(study.plan, i), {
      objective: o.objective,
      cache,
      periodsPerYear: o.periodsPerYear,
      riskFree: o.riskFree,
    });
    if (compareObjectives(e.objective, false, index.objective(i), false) !== 0) {
      throw new Error(
        `re-running run ${i} gave objective ${e.objective}, not ${
          index.objective(i)
        }: the strategy is not deterministic`,
      );
    }
    const sub = topDir(written + 1, k);
    const files = resultFiles(e.result, e.result.config.output.formats, { analysis: analyzeResult(e.result) });
    // written now, so only one run's result is held at a time
    paths.push(...await out.write(files.map((f) => ({ name: `${sub}/${f.name}`, content: f.content }))));
    written++;
  }
  return paths;
}
