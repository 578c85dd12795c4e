/**
 * The numbers a research job records per study, by kind, under camelCase
 * names:
 *
 * - **backtest**: the run's headline metrics, as `result.json` has them under
 *   `metrics` (`sharpe`, `cagr`, `maxDrawdown`, `numTrades`, …), without the
 *   bar indexes and timestamps of the drawdown.
 * - **grid**: the best run's `objective`, its `numTrades` and its
 *   {@linkcode SUMMARY_METRICS} (`sharpe`, `totalReturn`, …), plus
 *   `failedRuns`.
 * - **walkforward**: the stitched out-of-sample curve's metrics, prefixed
 *   `oos` (`oosSharpe`, `oosCagr`, `oosMaxDrawdown`, `oosNumTrades`, …), the
 *   walk-forward `efficiency` (OOS CAGR ÷ mean in-sample CAGR),
 *   `testedWindows` and `failedTrainRuns`.
 *
 * An undefined number (e.g. the Sharpe ratio of a flat curve) is NaN.
 *
 * @module
 */
import type { Metrics } from "../report/metrics/compute_metrics.ts";
import type { GridSearchReport } from "../optimize/grid_search.ts";
import { SUMMARY_METRICS } from "../optimize/objective.ts";
import type { WalkForwardReport } from "../optimize/walk_forward.ts";
import type { StudyKind } from "../report/study_db.ts";

/**
 * A backtest study's metrics: every headline metric but the drawdown's bar
 * indexes and timestamps, and the annualisation factor (a setting).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { BACKTEST_METRICS } from "./metrics.ts";
 * const names: readonly string[] = BACKTEST_METRICS;
 * assert.ok(names.includes("sharpe") && !names.includes("maxDrawdownPeakIndex"));
 * ```
 */
export const BACKTEST_METRICS = [
  "bars",
  "startValue",
  "endValue",
  "totalReturn",
  "cagr",
  "cagrCalendar",
  "annualVolatility",
  "sharpe",
  "sortino",
  "downsideDeviation",
  "maxDrawdown",
  "maxDrawdownDurationBars",
  "maxDrawdownDurationMs",
  "timeToRecoverBars",
  "timeToRecoverMs",
  "calmar",
  "exposure",
  "turnover",
  "omegaRatio",
  "tailRatio",
  "valueAtRisk",
  "conditionalValueAtRisk",
  "stability",
  "skew",
  "kurtosis",
  "numTrades",
  "numWins",
  "numLosses",
  "numBreakEven",
  "winRate",
  "lossRate",
  "grossProfit",
  "grossLoss",
  "netPnl",
  "avgWin",
  "avgLoss",
  "largestWin",
  "largestLoss",
  "expectancy",
  "numRTrades",
  "expectancyR",
  "medianR",
  "profitFactor",
  "avgHoldingMs",
  "totalFees",
  "exposureAdjustedReturn",
  "bestDay",
  "worstDay",
  "bestMonth",
  "worstMonth",
  "bestYear",
  "worstYear",
] as const satisfies readonly (keyof Metrics)[];

/**
 * A grid study's metrics: the best run's objective, trades and summary metrics, and the failed run count.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { GRID_METRICS } from "./metrics.ts";
 * assert.deepEqual(GRID_METRICS.slice(0, 4), ["objective", "numTrades", "failedRuns", "totalReturn"]);
 * ```
 */
export const GRID_METRICS: readonly string[] = ["objective", "numTrades", "failedRuns", ...SUMMARY_METRICS];

/** Stitched out-of-sample metrics a walk-forward study records, before the `oos` prefix. */
const OOS_BASE = [...SUMMARY_METRICS, "numTrades"] as const satisfies readonly (keyof Metrics)[];

const oosName = (m: string) => `oos${m[0]!.toUpperCase()}${m.slice(1)}`;

/**
 * A walk-forward study's metrics: the stitched out-of-sample metrics
 * (`oosSharpe`, …), the efficiency, the windows tested and the failed training runs.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { WALKFORWARD_METRICS } from "./metrics.ts";
 * assert.ok(WALKFORWARD_METRICS.includes("oosSharpe") && WALKFORWARD_METRICS.includes("efficiency"));
 * ```
 */
export const WALKFORWARD_METRICS: readonly string[] = [
  ...OOS_BASE.map(oosName),
  "efficiency",
  "testedWindows",
  "failedTrainRuns",
];

/**
 * The metrics a study of `kind` can record, in report order.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { metricsOf } from "./metrics.ts";
 * assert.equal(metricsOf("grid")[0], "objective");
 * assert.equal(metricsOf("walkforward")[2], "oosSharpe");
 * ```
 */
export function metricsOf(kind: StudyKind): readonly string[] {
  return kind === "backtest" ? BACKTEST_METRICS : kind === "grid" ? GRID_METRICS : WALKFORWARD_METRICS;
}

/**
 * A backtest's metrics by name.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { computeMetrics } from "../report/metrics/compute_metrics.ts";
 * import { backtestValues } from "./metrics.ts";
 * const m = computeMetrics({ equity: Float64Array.of(110), tsMs: Float64Array.of(0), initial: 100 });
 * assert.equal(backtestValues(m).endValue, 110);
 * ```
 */
export function backtestValues(m: Metrics): Record<string, number> {
  return Object.fromEntries(BACKTEST_METRICS.map((k) => [k, m[k]]));
}

/**
 * A grid search's metrics by name: those of its best run (NaN for each when no run succeeded).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { gridValues } from "./metrics.ts";
 * const v = gridValues({ failed: 1, best: [{ objective: 1.5, trades: 7, metrics: { sharpe: 1.5, cagr: null } }] });
 * assert.deepEqual([v.objective, v.numTrades, v.failedRuns, v.sharpe, v.cagr], [1.5, 7, 1, 1.5, NaN]);
 * ```
 */
export function gridValues(
  r: Pick<GridSearchReport, "failed"> & {
    readonly best: readonly {
      readonly objective: number | null;
      readonly trades: number;
      readonly error?: string | null;
      readonly metrics: Readonly<Record<string, number | null>>;
    }[];
  },
): Record<string, number> {
  const best = r.best[0];
  const ok = best !== undefined && (best.error ?? null) === null;
  const num = (v: number | null | undefined) => (ok && typeof v === "number" ? v : NaN);
  const values: Record<string, number> = {
    objective: num(best?.objective),
    numTrades: num(best?.trades),
    failedRuns: r.failed,
  };
  for (const m of SUMMARY_METRICS) values[m] = num(best?.metrics[m]);
  return values;
}

/**
 * A walk-forward study's metrics by name (the `oos*` ones NaN when no window was tested).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { walkForwardValues } from "./metrics.ts";
 * const v = walkForwardValues({ stitched: null, efficiency: NaN, failedTrainRuns: 0, windows: [] });
 * assert.ok(Number.isNaN(v.oosSharpe!) && v.testedWindows === 0);
 * ```
 */
export function walkForwardValues(
  r: Pick<WalkForwardReport, "stitched" | "efficiency" | "failedTrainRuns"> & {
    readonly windows: readonly { readonly outOfSample: { readonly error: string | null } | null }[];
  },
): Record<string, number> {
  const values: Record<string, number> = {};
  for (const m of OOS_BASE) values[oosName(m)] = r.stitched === null ? NaN : r.stitched[m];
  values.efficiency = r.efficiency;
  values.testedWindows = r.windows.filter((w) => w.outOfSample !== null && w.outOfSample.error === null).length;
  values.failedTrainRuns = r.failedTrainRuns;
  return values;
}
