/**
 * How people read the numbers: one formatter for the HTML report and the
 * terminal summary, and the list of headline metrics both show.
 *
 * @module
 */

/**
 * How a value is shown: a percentage, a ratio, money, a count, a duration (ms) or a plain number.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { type DisplayKind, displayValue } from "./display.ts";
 * const kind: DisplayKind = "int";
 * assert.equal(displayValue(12345, kind), "12,345");
 * ```
 */
export type DisplayKind = "pct" | "ratio" | "money" | "int" | "duration" | "number";

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
// one formatter each, made once: `toLocaleString` with options builds a new one per call (~30 µs)
const MONEY = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const INT = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const NUMBER = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });
/** A Julian year: 365.25 days. */
const YEAR_MS = 365.25 * DAY_MS;

/**
 * A number for people: `pct` 2 decimals of a percent, `ratio` 2 decimals,
 * `money` 2 decimals with thousands separators, `int` with separators,
 * `duration` (ms) in the largest unit it reaches (see
 * {@linkcode formatDuration}), `number` up to 2 decimals. NaN (undefined)
 * is `—`, infinities are `∞` and `-∞`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { displayValue } from "./display.ts";
 * assert.ok(displayValue(0.12345, "pct") === "12.35%");
 * assert.ok(displayValue(-1234.5, "money") === "-1,234.50");
 * assert.ok(displayValue(3 * 86_400_000, "duration") === "3.0 days");
 * assert.ok(displayValue(2125 * 86_400_000, "duration") === "5.8 years");
 * assert.ok(displayValue(Infinity, "ratio") === "∞");
 * assert.ok(displayValue(NaN, "pct") === "—");
 * ```
 */
export function displayValue(x: number, kind: DisplayKind): string {
  if (Number.isNaN(x)) return "—";
  if (x === Infinity) return "∞";
  if (x === -Infinity) return "-∞";
  const z = x === 0 ? 0 : x; // no "-0"
  switch (kind) {
    case "pct":
      return `${fixed(z * 100, 2)}%`;
    case "ratio":
      return fixed(z, 2);
    case "money":
      return MONEY.format(z);
    case "int":
      return INT.format(z);
    case "number":
      return NUMBER.format(z);
    case "duration":
      return formatDuration(z);
  }
}

/**
 * A duration (ms) for people, in the largest unit it reaches, so that no
 * number has more than three digits before its point:
 *
 * | duration                 | shown as                          |
 * | ------------------------ | --------------------------------- |
 * | ≥ 1 year (365.25 days)   | years, 1 decimal: `5.8 years`     |
 * | ≥ 10 days                | whole days: `428 days`            |
 * | ≥ 1 day                  | days, 1 decimal: `3.5 days`       |
 * | ≥ 1 hour                 | hours, 1 decimal: `6.5 hours`     |
 * | ≥ 1 minute               | minutes, 1 decimal: `15.0 min`    |
 * | less                     | seconds, 1 decimal: `30.0 s`      |
 *
 * The thresholds compare the absolute value; the sign is kept.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatDuration } from "./display.ts";
 * const day = 86_400_000;
 * assert.equal(formatDuration(2125 * day), "5.8 years");
 * assert.equal(formatDuration(365.25 * day), "1.0 years");
 * assert.equal(formatDuration(365 * day), "365 days");
 * assert.equal(formatDuration(48.6 * day), "49 days");
 * assert.equal(formatDuration(3.5 * day), "3.5 days");
 * assert.equal(formatDuration(6.5 * 3_600_000), "6.5 hours");
 * assert.equal(formatDuration(90_000), "1.5 min");
 * assert.equal(formatDuration(30_000), "30.0 s");
 * ```
 */
export function formatDuration(ms: number): string {
  if (Number.isNaN(ms)) return "—";
  if (ms === Infinity) return "∞";
  if (ms === -Infinity) return "-∞";
  const a = Math.abs(ms);
  if (a >= YEAR_MS) return `${fixed(ms / YEAR_MS, 1)} years`;
  if (a >= 10 * DAY_MS) return `${fixed(ms / DAY_MS, 0)} days`;
  if (a >= DAY_MS) return `${fixed(ms / DAY_MS, 1)} days`;
  if (a >= HOUR_MS) return `${fixed(ms / HOUR_MS, 1)} hours`;
  if (a >= 60_000) return `${fixed(ms / 60_000, 1)} min`;
  return `${fixed(ms / 1000, 1)} s`;
}

/** `toFixed` without a `-0.00` for values that round to zero. */
function fixed(x: number, digits: number): string {
  const s = x.toFixed(digits);
  return /^-0\.?0*$/.test(s) ? s.slice(1) : s;
}

/**
 * A row of the headline table: a path into `result.json` (`metrics.…` or `summary.…`), a label and a kind.
 *
 * @example
 * ```ts
 * import type { HeadlineMetric } from "./display.ts";
 * const row: HeadlineMetric = { path: "metrics.sharpe", label: "Sharpe ratio", kind: "ratio" };
 * console.log(row.label);
 * ```
 */
export interface HeadlineMetric {
  readonly path: `metrics.${string}` | `summary.${string}`;
  readonly label: string;
  readonly kind: DisplayKind;
  /** Shown for an undefined (NaN) value instead of `—`. */
  readonly whenUndefined?: string;
}

/**
 * The headline metrics, in the order the report and the terminal show them.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { HEADLINE_METRICS } from "./display.ts";
 * assert.ok(HEADLINE_METRICS.some((m) => m.path === "metrics.sharpe"));
 * ```
 */
export const HEADLINE_METRICS: readonly HeadlineMetric[] = [
  { path: "summary.initialCash", label: "Initial capital", kind: "money" },
  { path: "summary.finalEquity", label: "Final equity", kind: "money" },
  { path: "metrics.totalReturn", label: "Total return", kind: "pct" },
  { path: "metrics.cagr", label: "CAGR", kind: "pct" },
  { path: "metrics.cagrCalendar", label: "CAGR (calendar days)", kind: "pct" },
  { path: "metrics.annualVolatility", label: "Annual volatility", kind: "pct" },
  { path: "metrics.sharpe", label: "Sharpe ratio", kind: "ratio" },
  { path: "metrics.sortino", label: "Sortino ratio", kind: "ratio" },
  { path: "metrics.calmar", label: "Calmar ratio", kind: "ratio" },
  { path: "metrics.downsideDeviation", label: "Downside deviation", kind: "pct" },
  { path: "metrics.maxDrawdown", label: "Max drawdown", kind: "pct" },
  { path: "metrics.maxDrawdownDurationMs", label: "Max drawdown duration", kind: "duration" },
  { path: "metrics.timeToRecoverMs", label: "Time to recover", kind: "duration", whenUndefined: "not recovered" },
  { path: "metrics.omegaRatio", label: "Omega ratio", kind: "ratio" },
  { path: "metrics.tailRatio", label: "Tail ratio", kind: "ratio" },
  { path: "metrics.valueAtRisk", label: "Value at risk (5%)", kind: "pct" },
  { path: "metrics.conditionalValueAtRisk", label: "Conditional VaR (5%)", kind: "pct" },
  { path: "metrics.stability", label: "Stability (R²)", kind: "ratio" },
  { path: "metrics.skew", label: "Skew", kind: "ratio" },
  { path: "metrics.kurtosis", label: "Excess kurtosis", kind: "ratio" },
  { path: "metrics.numTrades", label: "Trades", kind: "int" },
  { path: "metrics.winRate", label: "Win rate", kind: "pct" },
  { path: "metrics.avgWin", label: "Average win", kind: "money" },
  { path: "metrics.avgLoss", label: "Average loss", kind: "money" },
  { path: "metrics.largestWin", label: "Largest win", kind: "money" },
  { path: "metrics.largestLoss", label: "Largest loss", kind: "money" },
  { path: "metrics.expectancy", label: "Expectancy per trade", kind: "money" },
  { path: "metrics.expectancyR", label: "Expectancy (R)", kind: "ratio" },
  { path: "metrics.medianR", label: "Median trade (R)", kind: "ratio" },
  { path: "metrics.profitFactor", label: "Profit factor", kind: "ratio" },
  { path: "metrics.avgHoldingMs", label: "Average holding time", kind: "duration" },
  { path: "metrics.exposure", label: "Exposure", kind: "pct" },
  { path: "metrics.exposureAdjustedReturn", label: "Exposure-adjusted return", kind: "pct" },
  { path: "metrics.turnover", label: "Turnover (× mean equity)", kind: "ratio" },
  { path: "summary.totalFees", label: "Total fees", kind: "money" },
  { path: "summary.borrowCost", label: "Borrow cost", kind: "money" },
  { path: "metrics.periodsPerYear", label: "Periods per year", kind: "number" },
];
