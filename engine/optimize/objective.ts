/**
 * What a parameter search maximises, and the compact metrics each run reports.
 *
 * @module
 */
import type { Metrics } from "../report/metrics/compute_metrics.ts";

/**
 * The metrics every run sends back, in this order (a run's summary is these
 * numbers, its objective, its trade count and its error).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { SUMMARY_METRICS } from "./objective.ts";
 * assert.ok(SUMMARY_METRICS.indexOf("sharpe") === 2);
 * ```
 */
export const SUMMARY_METRICS = [
  "totalReturn",
  "cagr",
  "sharpe",
  "sortino",
  "calmar",
  "maxDrawdown",
  "annualVolatility",
  "winRate",
  "profitFactor",
  "expectancy",
] as const satisfies readonly (keyof Metrics)[];

/** A metric a run reports; each is also a named objective. */
export type SummaryMetric = (typeof SUMMARY_METRICS)[number];

/**
 * Objectives by name: every summary metric, all maximised (`maxDrawdown` is
 * ≤ 0, so larger is shallower).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { OBJECTIVE_NAMES } from "./objective.ts";
 * assert.ok(OBJECTIVE_NAMES.includes("calmar"));
 * ```
 */
export const OBJECTIVE_NAMES: readonly SummaryMetric[] = SUMMARY_METRICS;

/** A named objective, or a function of a run's metrics; the search maximises it. */
export type Objective = SummaryMetric | ((metrics: Metrics) => number);

/**
 * True when `v` is a usable objective.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isObjective } from "./objective.ts";
 * assert.ok(isObjective("sharpe") && isObjective((m: { cagr: number }) => m.cagr) && !isObjective("alpha"));
 * ```
 */
export function isObjective(v: unknown): v is Objective {
  return typeof v === "function" || (typeof v === "string" && (OBJECTIVE_NAMES as readonly string[]).includes(v));
}

/**
 * The objective's name as result files show it: the metric, or `custom` for a function.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { objectiveName } from "./objective.ts";
 * assert.ok(objectiveName("sortino") === "sortino" && objectiveName(() => 0) === "custom");
 * ```
 */
export function objectiveName(o: Objective): string {
  return typeof o === "function" ? "custom" : o;
}

/**
 * The objective's value for a run's metrics. A non-number from a custom
 * objective counts as NaN (ranked last); an exception propagates, and the run
 * is then recorded as failed.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { objectiveValue } from "./objective.ts";
 * import type { Metrics } from "../report/metrics/compute_metrics.ts";
 * const m = { sharpe: 1.5, cagr: 0.1 } as Metrics;
 * assert.ok(objectiveValue("sharpe", m) === 1.5);
 * assert.ok(objectiveValue((x) => x.cagr * 2, m) === 0.2);
 * ```
 */
export function objectiveValue(o: Objective, metrics: Metrics): number {
  const v = typeof o === "function" ? o(metrics) : metrics[o];
  return typeof v === "number" ? v : NaN;
}
