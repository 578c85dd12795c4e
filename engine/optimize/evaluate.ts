/**
 * One run of a search: a config with a combination's params, run over a
 * frame, reduced to its metrics and objective. Workers and the coordinator
 * (for the top-K re-runs) use the same function, so both see the same numbers.
 *
 * @module
 */
import { runBacktest } from "../backtest.ts";
import type { Config } from "../config/schema.ts";
import type { BarFrame } from "../data/bar_frame.ts";
import type { IndicatorCache } from "../indicators/cache.ts";
import { computeMetrics, type Metrics } from "../report/metrics/compute_metrics.ts";
import type { BacktestResult } from "../result.ts";
import type { ParamSet } from "./config.ts";
import { type Objective, objectiveValue, SUMMARY_METRICS } from "./objective.ts";
import { lowerBound } from "../data/lower_bound.ts";
import { simpleReturns } from "../report/metrics/simple_returns.ts";
import type { SweepBlocks } from "../report/metrics/sweep_pass.ts";

/** What a run sends back: small and fixed-size, whatever the data. */
export interface RunSummary {
  /** The run's index in its plan. */
  readonly index: number;
  /** The objective (NaN when undefined or failed). */
  readonly objective: number;
  /** {@linkcode SUMMARY_METRICS}, in that order. */
  readonly metrics: readonly number[];
  /** Closed trades. */
  readonly trades: number;
  /** Why the run failed, or null. */
  readonly error: string | null;
  /** How the run stepped (`BacktestResult.stepping`): sparse when its strategy declares `when`; absent when failed. */
  readonly stepping?: "sparse" | "every bar";
}

/**
 * `config` with `params` merged over its strategy params and parsed by the
 * strategy's schema (defaults applied).
 *
 * @throws the schema's error when the params are invalid.
 *
 * @example
 * ```ts ignore
 * const c = configWithParams(await loadConfig("configs/sma_cross.ts"), { fast: 12 });
 * console.log(c.strategy.params); // { fast: 12, slow: 30 }
 * ```
 */
export function configWithParams(config: Config, params: ParamSet): Config {
  const def = config.strategy.use;
  const base = typeof config.strategy.params === "object" && config.strategy.params !== null
    ? config.strategy.params
    : {};
  const parsed = def.params.parse({ ...base, ...params });
  return { ...config, strategy: { use: def, params: parsed } };
}

/** Options of {@linkcode evaluate}. */
export interface EvaluateOptions {
  readonly objective: Objective;
  readonly cache: IndicatorCache;
  readonly periodsPerYear?: number | undefined;
  readonly riskFree?: number | undefined;
  /** Reused returns buffer, at least as long as the frame. */
  readonly scratch?: Float64Array | undefined;
  /** Trade (and measure) only from this time: the bars before it are warm-up (the strategy sees them, its orders are ignored). */
  readonly tradeFromMs?: number | undefined;
  /**
   * `"summary"`: measure only what a sweep's run reports (`computeMetrics`'s `only: "summary"`: the other metrics are
   * NaN), skip the trades' MAE and MFE (NaN) and keep no fill records (`RunOptions.fills`): the same bits for
   * everything it reports, in less time. Only for a named objective (a function objective may read any metric).
   */
  readonly only?: "summary" | undefined;
  /**
   * With `only: "summary"`, false leaves out the skew and kurtosis (NaN) and their sums: a study needs them for its
   * selected run only (engine/optimize/study_kernel.ts measures them where a run could be the one). Default true.
   */
  readonly moments?: boolean | undefined;
  /**
   * With `only: "summary"` and `moments: false`: the CSCV block statistics to fill in the metrics' one pass
   * (`computeMetrics`' `blocks`); the evaluation's `returns` are then not written (empty).
   */
  readonly blocks?: SweepBlocks | undefined;
  /** Reused equity buffer (`RunOptions.equityBuffer`): the evaluation's `equity` is then a view of it. */
  readonly equityBuffer?: Float64Array | undefined;
}

/** A run in full: the backtest, its measured equity and its metrics. */
export interface Evaluation {
  /** The backtest's full result. */
  readonly result: BacktestResult;
  /** The equity points measured (from `tradeFromMs` on). */
  readonly tsMs: Float64Array;
  readonly equity: Float64Array;
  /**
   * The per-bar returns the metrics were computed from,
   * `simpleReturns(equity, capital)`: a view of `scratch` when one was given.
   */
  readonly returns: Float64Array;
  readonly metrics: Metrics;
  readonly objective: number;
}

/**
 * Run `config` with `params` over `frame` and measure it.
 *
 * @example
 * ```ts ignore
 * const e = evaluate(config, frame, { fast: 10, slow: 30 }, { objective: "sharpe", cache: new IndicatorCache(frame) });
 * console.log(e.objective, e.metrics.maxDrawdown);
 * ```
 */
export function evaluate(config: Config, frame: BarFrame, params: ParamSet, opts: EvaluateOptions): Evaluation {
  const cfg = configWithParams(config, params);
  const summary = opts.only === "summary" && typeof opts.objective === "string";
  const result = runBacktest(cfg, frame, {
    cache: opts.cache,
    ...(summary && { excursions: false, fills: false }),
    ...(opts.equityBuffer !== undefined && { equityBuffer: opts.equityBuffer }),
    ...(opts.tradeFromMs !== undefined && { tradeFromMs: opts.tradeFromMs }),
  });
  let { tsMs, equity } = result.equity;
  if (opts.tradeFromMs !== undefined) {
    const i0 = lowerBound(tsMs, opts.tradeFromMs);
    tsMs = tsMs.subarray(i0);
    equity = equity.subarray(i0);
  }
  const scratch = opts.scratch !== undefined && opts.scratch.length >= equity.length
    ? opts.scratch.subarray(0, equity.length)
    : new Float64Array(equity.length);
  // a summary computes the returns into `scratch` in its first pass (none in its one pass with blocks); a full
  // measurement reads them
  const fused = summary && opts.moments === false && opts.blocks !== undefined;
  const returns = fused ? new Float64Array(0) : summary ? scratch : simpleReturns(equity, config.capital, scratch);
  const metrics = computeMetrics({
    equity,
    tsMs,
    initial: config.capital,
    trades: result.trades,
    ...(summary
      ? {
        scratch,
        only: "summary" as const,
        distribution: opts.moments ?? true,
        ...(fused && { blocks: opts.blocks }),
      }
      : { returns }),
    ...(opts.periodsPerYear !== undefined && { periodsPerYear: opts.periodsPerYear }),
    ...(opts.riskFree !== undefined && { riskFree: opts.riskFree }),
  });
  return { result, tsMs, equity, returns, metrics, objective: objectiveValue(opts.objective, metrics) };
}

/**
 * The compact summary of an evaluation.
 *
 * @example
 * ```ts ignore
 * const s = summarize(7, evaluate(config, frame, { fast: 10 }, { objective: "sharpe", cache }));
 * console.log(s.index, s.objective, s.metrics.length);
 * ```
 */
export function summarize(index: number, e: Evaluation): RunSummary {
  return {
    index,
    objective: e.objective,
    metrics: SUMMARY_METRICS.map((k) => e.metrics[k]),
    trades: e.result.trades.length,
    error: null,
    ...(e.result.stepping !== undefined && { stepping: e.result.stepping.mode }),
  };
}

/**
 * The summary of a run that failed.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { failedSummary } from "./evaluate.ts";
 * const s = failedSummary(3, "boom");
 * assert.ok(s.error === "boom" && Number.isNaN(s.objective) && s.trades === 0);
 * ```
 */
export function failedSummary(index: number, error: string): RunSummary {
  return { index, objective: NaN, metrics: SUMMARY_METRICS.map(() => NaN), trades: 0, error };
}
