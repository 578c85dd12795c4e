/**
 * The best and worst day, month and year of an equity curve.
 *
 * @module
 */

/**
 * Result of {@linkcode calendarExtremes}: compounded returns (0.05 = +5 %).
 *
 * @example
 * ```ts
 * import type { CalendarExtremes } from "./calendar_extremes.ts";
 * const spread = (x: CalendarExtremes) => x.bestMonth - x.worstMonth;
 * console.log(typeof spread);
 * ```
 */
export interface CalendarExtremes {
  readonly bestDay: number;
  readonly worstDay: number;
  readonly bestMonth: number;
  readonly worstMonth: number;
  readonly bestYear: number;
  readonly worstYear: number;
}

const DAY_MS = 86_400_000;

/** One calendar level: the period's start equity, and the extremes of the closed periods. */
class Level {
  start: number;
  best = -Infinity;
  worst = Infinity;
  constructor(initial: number) {
    this.start = initial;
  }
  /** Close the period ending at equity `end`; the next one starts from it. */
  close(end: number): void {
    const s = this.start;
    const r = s > 0 && s < Infinity ? end / s - 1 : NaN;
    if (r > this.best) this.best = r;
    if (r < this.worst) this.worst = r;
    this.start = end;
  }
}

const orNaN = (x: number) => (Number.isFinite(x) ? x : NaN);

/**
 * The highest and lowest compounded return over UTC calendar days, months
 * and years, as quantstats' `best` and `worst` with `aggregate` "D", "M" and
 * "Y" (compounded; ranaroussi/quantstats `quantstats/stats.py`). A period's
 * return runs from the equity at the last bar before it (`initial` for the
 * first period) to the equity at its own last bar — the chaining of
 * `calendarReturns` in `period_returns.ts`, so `bestMonth` is the largest of
 * its monthly returns. With one bar a day (daily bars) a day's return is the
 * bar's return: `bestDay` is then empyrical's and quantstats' `best` of the
 * period returns; with intraday bars it compounds the day's bars; with
 * weekly or coarser bars each day holds one bar, the bar's return.
 *
 * Only periods with bars count; a period starting from zero, negative or
 * NaN equity has no return (skipped). No period with a return gives NaN.
 * One pass, one `Date` per month boundary, no allocation besides the result.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { calendarExtremes } from "./calendar_extremes.ts";
 * const t = (m: number, d: number) => Date.UTC(2024, m, d);
 * const x = calendarExtremes(Float64Array.of(t(0, 2), t(0, 3), t(1, 1), t(1, 2)), Float64Array.of(110, 99, 108.9, 94.05), 100);
 * assert.equal(x.bestDay, 110 / 100 - 1);  // Jan 2: 100 → 110
 * assert.equal(x.worstDay, 94.05 / 108.9 - 1); // Feb 2: 108.9 → 94.05
 * assert.equal(x.bestMonth, 99 / 100 - 1); // January: 100 → 99; February: 99 → 94.05
 * assert.equal(x.worstMonth, 94.05 / 99 - 1);
 * assert.equal(x.bestYear, x.worstYear);   // one year
 * ```
 */
export function calendarExtremes(tsMs: Float64Array, equity: Float64Array, initial: number): CalendarExtremes {
  const n = Math.min(tsMs.length, equity.length);
  const day = new Level(initial), month = new Level(initial), year = new Level(initial);
  let dayKey = NaN, monthStart = Infinity, nextMonth = -Infinity, yearKey = NaN;
  let prev = initial;
  for (let i = 0; i < n; i++) {
    const t = tsMs[i]!;
    const d = Math.floor(t / DAY_MS);
    if (d !== dayKey) {
      if (i > 0) day.close(prev);
      dayKey = d;
    }
    if (t >= nextMonth || t < monthStart) {
      const date = new Date(t);
      const y = date.getUTCFullYear(), m = date.getUTCMonth();
      monthStart = Date.UTC(y, m, 1);
      nextMonth = Date.UTC(y, m + 1, 1);
      if (i > 0) month.close(prev);
      if (y !== yearKey) {
        if (i > 0) year.close(prev);
        yearKey = y;
      }
    }
    prev = equity[i]!;
  }
  if (n > 0) {
    day.close(prev);
    month.close(prev);
    year.close(prev);
  }
  return {
    bestDay: orNaN(day.best),
    worstDay: orNaN(day.worst),
    bestMonth: orNaN(month.best),
    worstMonth: orNaN(month.worst),
    bestYear: orNaN(year.best),
    worstYear: orNaN(year.worst),
  };
}
