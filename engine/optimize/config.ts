/**
 * The `optimize` section of a config: the parameter space, the search, the
 * objective and, for walk-forward studies, the windows.
 *
 * Functions (`constraint`, a custom `objective`) are allowed here because
 * every worker imports the config module itself; nothing in this section is
 * ever posted between threads.
 *
 * @module
 */
import { z } from "zod";
import type { Metrics } from "../report/metrics/compute_metrics.ts";
import { isObjective, OBJECTIVE_NAMES, type SummaryMetric } from "./objective.ts";
import { type ParamRange, rangeProblem } from "./range.ts";
import { parseWindowLength } from "./windows.ts";

/** A parameter value a search can try. */
export type ParamValue = number | string | boolean;

/** Parameter values by name. */
export type ParamSet = Readonly<Record<string, ParamValue>>;

const ParamValueSchema = z.union([
  z.number().refine(Number.isFinite, { message: "expected a finite number" }),
  z.string(),
  z.boolean(),
]);

/** A range made by `range(start, stop, step)` (or written out as that object). */
const ParamRangeSchema = z.strictObject({
  kind: z.literal("range"),
  start: z.number(),
  stop: z.number(),
  step: z.number(),
}).superRefine((r, ctx) => {
  const p = rangeProblem(r);
  if (p !== null) ctx.addIssue({ code: "custom", message: `bad range: ${p}`, input: r });
});

/** One parameter's candidates: a range, or a non-empty list of values. */
const ParamSpecSchema = z.union([ParamRangeSchema, z.array(ParamValueSchema).min(1)], {
  error: "expected range(start, stop, step) or a non-empty list of numbers, strings or booleans",
});

/** `grid`: every combination; `random`: `samples` distinct combinations drawn with `seed`. */
const SearchSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("grid") }),
  z.strictObject({
    kind: z.literal("random"),
    samples: z.number().int().positive(),
    seed: z.number().int().min(0).max(4294967295).default(0),
  }),
]);

/** A window length: a whole number of bars, or a calendar duration such as `2y`, `6m` (months), `3w`, `10d`. */
const WindowLengthSchema = z.union([
  z.number().int().positive(),
  z.string().refine((s) => parseWindowLength(s) !== null, {
    message: 'expected a bar count or a duration such as "2y", "6m" (months), "3w", "10d", "4h", "30min"',
  }),
]);

/** Schema of `optimize.walkForward`. */
const WalkForwardConfigSchema = z.strictObject({
  /** Length of each training (in-sample) window. */
  train: WindowLengthSchema,
  /** Length of each test (out-of-sample) window. */
  test: WindowLengthSchema,
  /** How far each window moves on; the test length by default. Must not be shorter than `test`. */
  step: WindowLengthSchema.optional(),
  /** `rolling`: the training window slides; `anchored`: it always starts at the first bar and grows. */
  mode: z.enum(["rolling", "anchored"]).default("rolling"),
  /** Bars before the test window that warm up indicators (no trading); the training window by default. */
  warmup: z.union([z.literal(0), WindowLengthSchema]).optional(),
  /** A training window with fewer bars is an error naming the window. */
  minTrainBars: z.number().int().positive().default(20),
  /** A test window with fewer bars is an error naming the window. */
  minTestBars: z.number().int().positive().default(1),
});

/** The largest CSCV partition count: C(20, 10) = 184,756 splits; each split costs N · S block merges. */
export const MAX_PARTITIONS = 20;

/** The partition count when `optimize.overfitting` is not written. */
export const DEFAULT_PARTITIONS = 16;

/** Schema of `optimize.overfitting`. */
const OverfittingConfigSchema = z.strictObject({
  /**
   * S, the blocks CSCV cuts the common timeline into (Bailey et al., 2015): even, 2 to 20. Every run needs at
   * least S returns and the sweep at least 2 runs; when the section is written, a smaller study is a ConfigError
   * (when it is not, the study's `overfitting` section says why it was skipped).
   */
  partitions: z.number().int().min(2).max(MAX_PARTITIONS).refine((n) => n % 2 === 0, {
    message: "expected an even number",
  }).default(DEFAULT_PARTITIONS),
});

const fn = (what: string) =>
  z.custom<(...args: never[]) => unknown>((v) => typeof v === "function", { message: `expected ${what}` });

/**
 * Schema of the `optimize` section.
 *
 * @example Defaults filled in
 * ```ts
 * import assert from "node:assert/strict";
 * import { OptimizeConfigSchema } from "./config.ts";
 * import { range } from "./range.ts";
 * const o = OptimizeConfigSchema.parse({ params: { fast: range(5, 50, 5), slow: [100, 200] } });
 * assert.ok(o.objective === "sharpe" && o.search.kind === "grid" && o.top === 5 && o.cacheMb === 64);
 * ```
 */
export const OptimizeConfigSchema = z.strictObject({
  /** Candidates per strategy param; params not listed keep their value from `strategy.params`. */
  params: z.record(z.string().min(1), ParamSpecSchema).refine((p) => Object.keys(p).length > 0, {
    message: "expected at least one parameter",
  }),
  /** Keeps a combination only when it returns true, e.g. `(p) => p.fast < p.slow`. */
  constraint: fn("a function (params) => boolean").optional(),
  /** What to maximise: a metric name or a function of the metrics. */
  objective: z.custom<SummaryMetric | ((m: Metrics) => number)>(isObjective, {
    message: `expected one of ${OBJECTIVE_NAMES.map((n) => `"${n}"`).join(", ")} or a function (metrics) => number`,
  }).default("sharpe"),
  search: SearchSchema.default({ kind: "grid" }),
  /** How many of the best runs are re-run at the end with full result files. */
  top: z.number().int().min(0).default(5),
  /** Runs per chunk sent to a worker; by default about 8 chunks per worker, at most 64 runs. */
  chunkSize: z.number().int().positive().optional(),
  /** The two params of the heatmap; the first two in `params` by default. */
  heatmap: z.strictObject({ x: z.string(), y: z.string() }).optional(),
  /** Annualisation of the metrics; inferred from daily/weekly/monthly bars, required for intraday bars. */
  periodsPerYear: z.number().positive().optional(),
  /** Annual risk-free rate for Sharpe and Sortino. */
  riskFree: z.number().default(0),
  /**
   * Indicator-cache memory per worker, in MB: computed series live in a fixed pool of this many MB of slots (one
   * symbol's series per slot, at least two slots), reserved up to the study's parameter-value count times its
   * symbols and never exceeded; when the pool is full, a new series takes the slot of the least recently used one
   * (never one the current run uses). Only speed depends on it, never results.
   */
  cacheMb: z.number().positive().default(64),
  walkForward: WalkForwardConfigSchema.optional(),
  /**
   * The selection-bias statistics of the study (Deflated Sharpe Ratio, Probability of Backtest Overfitting);
   * computed with 16 partitions, where the study is large enough, when absent.
   */
  overfitting: OverfittingConfigSchema.optional(),
});

/** The validated `optimize` section. */
export type OptimizeConfig = z.output<typeof OptimizeConfigSchema>;

/** The validated `optimize.overfitting` section. */
export type OverfittingConfig = z.output<typeof OverfittingConfigSchema>;

/** The validated `optimize.walkForward` section. */
export type WalkForwardConfig = z.output<typeof WalkForwardConfigSchema>;

/**
 * The `optimize` section as written, typed by the strategy's params `P`, so a
 * config file gets completion for param names and a typed `constraint`.
 */
export type OptimizeInput<P = Record<string, ParamValue>> =
  & Omit<z.input<typeof OptimizeConfigSchema>, "params" | "constraint" | "objective">
  & {
    params: { readonly [K in keyof P]?: ParamRange | readonly P[K][] };
    constraint?: (params: P) => boolean;
    objective?: SummaryMetric | ((metrics: Metrics) => number);
  };
