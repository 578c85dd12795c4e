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

/**
 * A number for people: `pct` 2 decimals of a percent, `ratio` 2 decimals,
 * `money` 2 decimals with thousands separators, `int` with separators,
 * `duration` (ms) in days, hours or minutes with 1 decimal, `number` up to
 * 2 decimals. NaN (undefined) is `—`, infinities are `∞` and `-∞`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { displayValue } from "./display.ts";
 * assert.ok(displayValue(0.12345, "pct") === "12.35%");
 * assert.ok(displayValue(-1234.5, "money") === "-1,234.50");
 * assert.ok(displayValue(3 * 86_400_000, "duration") === "3.0 days");
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
      return z.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    case "int":
      return z.toLocaleString("en-US", { maximumFractionDigits: 0 });
    case "number":
      return z.toLocaleString("en-US", { maximumFractionDigits: 2 });
    case "duration": {
      const a = Math.abs(z);
      if (a >= DAY_MS) return `${fixed(z / DAY_MS, 1)} days`;
      if (a >= HOUR_MS) return `${fixed(z / HOUR_MS, 1)} h`;
      return `${fixed(z / 60_000, 1)} min`;
    }
  }
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
  { path: "metrics.profitFactor", label: "Profit factor", kind: "ratio" },
  { path: "metrics.avgHoldingMs", label: "Average holding time", kind: "duration" },
  { path: "metrics.exposure", label: "Exposure", kind: "pct" },
  { path: "metrics.turnover", label: "Turnover (× mean equity)", kind: "ratio" },
  { path: "summary.totalFees", label: "Total fees", kind: "money" },
  { path: "summary.borrowCost", label: "Borrow cost", kind: "money" },
  { path: "metrics.periodsPerYear", label: "Periods per year", kind: "number" },
];
