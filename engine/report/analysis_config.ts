/**
 * The `analysis` section of a config: what the run is measured against
 * (the benchmark), the window of the rolling charts, and the Monte Carlo
 * resampling of its returns and trades.
 *
 * ```text
 * analysis: {
 *   benchmark: { kind: "symbol", symbol: "SPY" },   // default: equal-weight buy-and-hold of the universe
 *   rollingWindow: 126,                              // bars of rolling Sharpe, volatility and beta (default 63)
 *   monteCarlo: { paths: 10_000, blockLength: 10, ruinDrawdown: 0.3 },
 * }
 * ```
 *
 * @module
 */
import { z } from "zod";
import { DataConfigSchema } from "../data/config.ts";

/**
 * What the run is measured against:
 *
 * - `{ kind: "equalWeight" }` (default): buy-and-hold of every symbol of the
 *   data at equal weight — the initial capital split equally at each
 *   symbol's first close, never rebalanced (a symbol whose data starts later
 *   holds its share as cash until its first bar);
 * - `{ kind: "symbol", symbol }`: buy-and-hold of one symbol of the data;
 * - `{ kind: "source", data, symbol? }`: buy-and-hold of a symbol read from
 *   another data source (the `data` section's format; `symbol` picks one
 *   when the source holds several);
 * - `false`: no benchmark.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { BenchmarkConfigSchema } from "./analysis_config.ts";
 * assert.ok(BenchmarkConfigSchema.safeParse({ kind: "symbol", symbol: "SPY" }).success);
 * assert.ok(BenchmarkConfigSchema.safeParse(false).success);
 * assert.ok(!BenchmarkConfigSchema.safeParse({ kind: "symbol" }).success);
 * ```
 */
export const BenchmarkConfigSchema = z.union([
  z.literal(false),
  z.discriminatedUnion("kind", [
    z.strictObject({ kind: z.literal("equalWeight") }),
    z.strictObject({ kind: z.literal("symbol"), symbol: z.string().min(1) }),
    z.strictObject({ kind: z.literal("source"), data: DataConfigSchema, symbol: z.string().min(1).optional() }),
  ]),
]);

/** The `analysis.benchmark` setting after validation. */
export type BenchmarkConfig = z.output<typeof BenchmarkConfigSchema>;

/**
 * Monte Carlo resampling of the run (off unless given):
 *
 * - `paths` resampled histories (default 1,000; at most 1,000,000);
 * - `blockLength`: the block bootstrap of the period returns draws blocks of
 *   this many consecutive bars (default 5; 1 is the plain bootstrap);
 * - `ruinDrawdown`: the drawdown that counts as ruin (default 0.5 = −50 %);
 * - `confidence`: the two-sided level of the intervals (default 0.9 → the
 *   5th and 95th percentiles);
 * - `seed`: the seed of the draws (default: the config's `seed`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { MonteCarloConfigSchema } from "./analysis_config.ts";
 * const mc = MonteCarloConfigSchema.parse({});
 * assert.deepEqual([mc.paths, mc.blockLength, mc.ruinDrawdown, mc.confidence], [1000, 5, 0.5, 0.9]);
 * assert.ok(!MonteCarloConfigSchema.safeParse({ blockLength: 0 }).success);
 * ```
 */
export const MonteCarloConfigSchema = z.strictObject({
  paths: z.number().int().min(1).max(1_000_000).default(1000),
  blockLength: z.number().int().min(1).default(5),
  ruinDrawdown: z.number().gt(0).lte(1).default(0.5),
  confidence: z.number().gt(0).lt(1).default(0.9),
  seed: z.number().int().min(0).max(4294967295).optional(),
});

/** The `analysis.monteCarlo` setting after validation. */
export type MonteCarloConfig = z.output<typeof MonteCarloConfigSchema>;

/**
 * The default window of the rolling charts, in bars: 63 (a quarter of
 * daily bars).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DEFAULT_ROLLING_WINDOW } from "./analysis_config.ts";
 * assert.equal(DEFAULT_ROLLING_WINDOW, 63);
 * ```
 */
export const DEFAULT_ROLLING_WINDOW = 63;

/**
 * Schema of the `analysis` section.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { AnalysisConfigSchema } from "./analysis_config.ts";
 * const a = AnalysisConfigSchema.parse({});
 * assert.deepEqual(a.benchmark, { kind: "equalWeight" });
 * assert.equal(a.rollingWindow, undefined); // DEFAULT_ROLLING_WINDOW at use
 * assert.equal(a.monteCarlo, undefined);
 * ```
 */
export const AnalysisConfigSchema = z.strictObject({
  benchmark: BenchmarkConfigSchema.default({ kind: "equalWeight" }),
  /**
   * Bars of the rolling Sharpe, volatility and beta: at least 2, and at most
   * the run's length when given. Without it, {@linkcode DEFAULT_ROLLING_WINDOW}
   * (a run shorter than that has no rolling charts, and says so).
   */
  rollingWindow: z.number().int().min(2).optional(),
  monteCarlo: MonteCarloConfigSchema.optional(),
});

/** The `analysis` section after validation. */
export type AnalysisConfig = z.output<typeof AnalysisConfigSchema>;
