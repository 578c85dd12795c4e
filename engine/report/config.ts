/**
 * The `output` section of a config: where results go and how many runs stay
 * there, which files, how the metrics are annualised, and where the run is
 * recorded.
 *
 * @module
 */
import { z } from "zod";

/**
 * Result file formats: `json` (`result.json`), `csv` (trades, fills, equity,
 * denials, per-symbol breakdown, monthly returns), `html` (`report.html`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { OutputFormatSchema } from "./config.ts";
 * assert.ok(OutputFormatSchema.safeParse("html").success);
 * assert.ok(!OutputFormatSchema.safeParse("xlsx").success);
 * ```
 */
export const OutputFormatSchema = z.enum(["json", "csv", "html"]);

/**
 * How metrics are computed: the annual risk-free rate (Sharpe, Sortino) and
 * the annualisation factor. Without `periodsPerYear` it is inferred from the
 * bar spacing (252 for daily bars; intraday bars have no standard factor, so
 * annualised metrics are undefined until it is given, e.g. `252 * 390` for
 * US equity minute bars).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { MetricsConfigSchema } from "./config.ts";
 * assert.ok(MetricsConfigSchema.parse({}).riskFree === 0);
 * assert.ok(!MetricsConfigSchema.safeParse({ periodsPerYear: 0 }).success);
 * ```
 */
export const MetricsConfigSchema = z.strictObject({
  /** Annual risk-free rate (0.04 = 4 %), converted per period as `(1 + rf)^(1/periodsPerYear) − 1`. */
  riskFree: z.number().gt(-1).lt(10).default(0),
  /** Annualisation factor; inferred from the bar spacing when absent. */
  periodsPerYear: z.number().positive().finite().optional(),
});

/**
 * The default results database, relative to the working directory.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DEFAULT_RESULTS_DB } from "./config.ts";
 * assert.equal(DEFAULT_RESULTS_DB, "out/results.duckdb");
 * ```
 */
export const DEFAULT_RESULTS_DB = "out/results.duckdb";

/**
 * How many published runs an output root keeps by default, the newest
 * included (`output.keep`, `--keep N`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DEFAULT_KEEP_RUNS } from "./config.ts";
 * assert.equal(DEFAULT_KEEP_RUNS, 10);
 * ```
 */
export const DEFAULT_KEEP_RUNS = 10;

/**
 * Schema of the `output` section.
 *
 * @example Defaults
 * ```ts
 * import assert from "node:assert/strict";
 * import { OutputConfigSchema } from "./config.ts";
 * const o = OutputConfigSchema.parse({});
 * assert.ok(o.formats.join() === "json,csv,html" && o.resultsDb === "out/results.duckdb");
 * ```
 */
export const OutputConfigSchema = z.strictObject({
  /**
   * The output root, `out/<config name>` by default: each run is published
   * as `<dir>/runs/<run id>/`, and `<dir>/latest.txt` names the newest
   * (see `atomic_write.ts`).
   */
  dir: z.string().min(1).optional(),
  /**
   * Published runs to keep under the root, the new one included; older ones
   * are removed once a run is published. {@linkcode DEFAULT_KEEP_RUNS} when
   * absent (and absent from `result.json`'s config then).
   */
  keep: z.number().int().min(1).optional(),
  /** Which result files to write. */
  formats: z.array(OutputFormatSchema).min(1).default(["json", "csv", "html"]),
  /** DuckDB file every run is appended to, or `false` to record nothing. */
  resultsDb: z.union([z.string().min(1), z.literal(false)]).default(DEFAULT_RESULTS_DB),
  metrics: MetricsConfigSchema.default(MetricsConfigSchema.parse({})),
});
