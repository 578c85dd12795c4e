/**
 * Calendar returns of an equity curve: by year, quarter and month (UTC).
 *
 * @module
 */

/**
 * The return of one calendar period (UTC).
 *
 * @example
 * ```ts
 * import type { PeriodReturn } from "./period_returns.ts";
 * const jan: PeriodReturn = { period: "2024-01", year: 2024, month: 1, bars: 21, startEquity: 100, endEquity: 102, return: 0.02 };
 * console.log(jan.return);
 * ```
 */
export interface PeriodReturn {
  /** `2016`, `2016-Q1` or `2016-01`. */
  readonly period: string;
  readonly year: number;
  /** 1–4, on quarterly rows only. */
  readonly quarter?: number;
  /** 1–12, on monthly rows only. */
  readonly month?: number;
  /** Bars of the curve inside the period. */
  readonly bars: number;
  /** Equity at the last bar before the period: the initial capital for the first period. */
  readonly startEquity: number;
  /** Equity at the period's last bar. */
  readonly endEquity: number;
  /** `endEquity / startEquity − 1`; NaN when `startEquity` is not positive. */
  readonly return: number;
  /**
   * With a benchmark: its return over the same period, from its value at the
   * last bar before the period (the initial capital for the first period) to
   * its value at the period's last bar; NaN while it has no price.
   */
  readonly benchmarkReturn?: number;
  /** With a benchmark: `return − benchmarkReturn`, the excess return of the period. */
  readonly excessReturn?: number;
}

/**
 * Returns by calendar year, quarter and month, in time order; only periods with bars appear.
 *
 * @example
 * ```ts
 * import type { CalendarReturns } from "./period_returns.ts";
 * const none: CalendarReturns = { yearly: [], quarterly: [], monthly: [] };
 * console.log(none.monthly.length);
 * ```
 */
export interface CalendarReturns {
  readonly yearly: readonly PeriodReturn[];
  readonly quarterly: readonly PeriodReturn[];
  readonly monthly: readonly PeriodReturn[];
}

const pad2 = (m: number) => (m < 10 ? `0${m}` : String(m));

interface Open {
  key: number;
  year: number;
  sub: number;
  bars: number;
  start: number;
  /** The benchmark's value at the period's start. */
  bStart: number;
}

const periodReturn = (start: number, end: number) => (start > 0 && start < Infinity ? end / start - 1 : NaN);

/**
 * Returns by UTC calendar year, quarter and month, in one pass over the
 * curve. A period's return runs from the equity at the close of the last bar
 * before it (the initial capital for the first period) to the equity at its
 * own last bar, so the periods chain: the product of `1 + return` over the
 * months (or quarters, or years) is `final / initial`. A period that starts
 * from zero or negative equity has a NaN return; one that ends at zero has −1.
 * Periods without bars are left out.
 *
 * Given `benchmark` (the benchmark's value at each bar, starting from the
 * same initial capital: `BenchmarkAnalysis.value`), each period also gets
 * the benchmark's return, chained the same way, and the excess return
 * `return − benchmarkReturn` (an arithmetic difference of the two compounded
 * period returns).
 *
 * Cost: one `Date` per month boundary, one comparison per bar otherwise.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { calendarReturns } from "./period_returns.ts";
 * const t = (m: number, d: number) => Date.UTC(2024, m, d);
 * const r = calendarReturns(Float64Array.of(t(0, 2), t(0, 31), t(1, 1), t(3, 1)), Float64Array.of(101, 110, 99, 121), 100);
 * assert.deepEqual(r.monthly.map((p) => p.period), ["2024-01", "2024-02", "2024-04"]);
 * assert.ok(Math.abs(r.monthly[0]!.return - 0.1) < 1e-12); // 100 → 110
 * assert.equal(r.monthly[1]!.return, 99 / 110 - 1);
 * assert.equal(r.quarterly[0]!.return, 99 / 100 - 1); // Q1: 100 → 99
 * assert.ok(Math.abs(r.yearly[0]!.return - 0.21) < 1e-12);
 * ```
 *
 * @example With a benchmark
 * ```ts
 * import assert from "node:assert/strict";
 * import { calendarReturns } from "./period_returns.ts";
 * const t = (m: number) => Date.UTC(2024, m, 15);
 * const r = calendarReturns(Float64Array.of(t(0), t(1)), Float64Array.of(110, 121), 100, Float64Array.of(105, 94.5));
 * assert.deepEqual(r.monthly.map((p) => p.benchmarkReturn), [105 / 100 - 1, 94.5 / 105 - 1]); // +5 %, −10 %
 * assert.equal(r.monthly[1]!.excessReturn, r.monthly[1]!.return - r.monthly[1]!.benchmarkReturn!);
 * ```
 */
export function calendarReturns(
  tsMs: Float64Array,
  equity: Float64Array,
  initial: number,
  benchmark?: Float64Array,
): CalendarReturns {
  const yearly: PeriodReturn[] = [], quarterly: PeriodReturn[] = [], monthly: PeriodReturn[] = [];
  const n = Math.min(tsMs.length, equity.length);
  if (n === 0) return { yearly, quarterly, monthly };
  let monthStart = Infinity, nextMonth = -Infinity;
  const y: Open = { key: NaN, year: 0, sub: 0, bars: 0, start: initial, bStart: initial };
  const q: Open = { key: NaN, year: 0, sub: 0, bars: 0, start: initial, bStart: initial };
  const m: Open = { key: NaN, year: 0, sub: 0, bars: 0, start: initial, bStart: initial };
  const close = (o: Open, end: number, bEnd: number, out: PeriodReturn[], kind: "y" | "q" | "m") => {
    const ret = periodReturn(o.start, end);
    const bRet = periodReturn(o.bStart, bEnd);
    const tail = benchmark === undefined ? { bars: o.bars, startEquity: o.start, endEquity: end, return: ret } : {
      bars: o.bars,
      startEquity: o.start,
      endEquity: end,
      return: ret,
      benchmarkReturn: bRet,
      excessReturn: ret - bRet,
    };
    out.push(
      kind === "y"
        ? { period: String(o.year), year: o.year, ...tail }
        : kind === "q"
        ? { period: `${o.year}-Q${o.sub}`, year: o.year, quarter: o.sub, ...tail }
        : { period: `${o.year}-${pad2(o.sub)}`, year: o.year, month: o.sub, ...tail },
    );
  };
  const roll = (
    o: Open,
    key: number,
    sub: number,
    year: number,
    prev: number,
    bPrev: number,
    out: PeriodReturn[],
    kind: "y" | "q" | "m",
  ) => {
    if (o.key === key) return;
    if (o.key === o.key) close(o, prev, bPrev, out, kind);
    o.key = key;
    o.year = year;
    o.sub = sub;
    o.bars = 0;
    o.start = prev;
    o.bStart = bPrev;
  };
  let prev = initial, bPrev = initial;
  for (let i = 0; i < n; i++) {
    const t = tsMs[i]!;
    if (t >= nextMonth || t < monthStart) {
      const d = new Date(t);
      const year = d.getUTCFullYear(), month = d.getUTCMonth();
      monthStart = Date.UTC(year, month, 1);
      nextMonth = Date.UTC(year, month + 1, 1);
      const quarter = Math.floor(month / 3);
      roll(y, year, 0, year, prev, bPrev, yearly, "y");
      roll(q, year * 4 + quarter, quarter + 1, year, prev, bPrev, quarterly, "q");
      roll(m, year * 12 + month, month + 1, year, prev, bPrev, monthly, "m");
    }
    y.bars++;
    q.bars++;
    m.bars++;
    prev = equity[i]!;
    if (benchmark !== undefined) bPrev = benchmark[i]!;
  }
  close(y, prev, bPrev, yearly, "y");
  close(q, prev, bPrev, quarterly, "q");
  close(m, prev, bPrev, monthly, "m");
  return { yearly, quarterly, monthly };
}
