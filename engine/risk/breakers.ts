/**
 * Circuit breakers on equity, updated once per distinct timestamp after the
 * portfolio is marked at the close.
 *
 * - **Daily loss limit.** The trading day is set by `timeZone` and
 *   `sessionStart`; each one left unset follows the run's data calendar when
 *   it has one (its time zone; local midnight for a day session, the open
 *   for an overnight one: `resolveTradingDay` in `engine/data/calendar.ts`),
 *   else the UTC day. A bar belongs to the day of its start time. Start-of-day equity is the last equity marked before the
 *   day's first bar (the initial equity on the first day), so an overnight
 *   gap counts toward the day's loss. When `startOfDayEquity − equity`
 *   reaches `amount` (or `percent × startOfDayEquity`), the breaker trips:
 *   orders that add risk are denied until the next trading day begins, when
 *   the daily state resets.
 * - **Maximum drawdown stop.** When equity falls `percent` below its running
 *   peak, the breaker trips and entries are denied for the rest of the run.
 *
 * Either may flatten: the engine then submits closing market orders for
 * every open position through the risk gate, where they pass as
 * risk-reducing. Trips are detected at bar closes only. Every trip is a
 * {@linkcode BreakerEvent} with the values that tripped it.
 *
 * Per timestamp the work is a few comparisons: the day boundary is cached
 * (see {@linkcode createTradingDay}).
 *
 * @module
 */
import type { BreakerEvent, FlattenOrder } from "../result.ts";
import type { BreakersConfig } from "./config.ts";
import { createTradingDay } from "../data/trading_day.ts";
import { type CalendarSpec, resolveTradingDay } from "../data/calendar.ts";

/** Breaker state of a run; the engine reads the flags, the gate denies by them. */
export interface Breakers {
  /** The drawdown stop has tripped: no more entries this run. */
  readonly halted: boolean;
  /** The daily loss limit has tripped in the current trading day. */
  readonly dayTripped: boolean;
  /** Start of the current trading day, epoch ms (NaN before the first mark). */
  readonly dayStartMs: number;
  /** Equity at the start of the current trading day. */
  readonly startOfDayEquity: number;
  /** Highest equity marked so far. */
  readonly peakEquity: number;
  /** Every trip so far, in time order. */
  readonly events: BreakerEvent[];
  /**
   * Bounds `[lowEquity, highEquity, nextMs]` within which a mark cannot
   * change any state: {@linkcode Breakers.onMark} needs calling only when
   * `equity <= lowEquity`, `equity > highEquity` or `tsMs >= nextMs`. The
   * loop checks them inline, so a quiet bar costs three comparisons.
   */
  readonly watch: Float64Array;
  /**
   * Take the equity marked at the close of the bars starting at `tsMs`, and
   * the equity of the mark before it (NaN for the first). Returns true when
   * a breaker tripped now and asks for positions to be flattened.
   */
  onMark(tsMs: number, equity: number, previousEquity: number): boolean;
  /** Why an entry is denied now, for the denial's detail. */
  explain(): string;
}

type MutableEvent = Omit<BreakerEvent, "flattened"> & { flattened: FlattenOrder[] };

const num = (x: number) => String(Number(x.toPrecision(8)));

/** Options of {@linkcode createBreakers}. */
export interface BreakersOptions {
  /** The run's data calendar: the daily loss limit's trading day follows it unless the config sets its own. */
  readonly calendar?: CalendarSpec | undefined;
}

/**
 * Build the breakers of a `risk.breakers` config.
 *
 * @example A 2 % daily loss limit trips, then resets the next UTC day
 * ```ts
 * import assert from "node:assert/strict";
 * import { createBreakers } from "./breakers.ts";
 * const day = 86_400_000;
 * const b = createBreakers({
 *   dailyLossLimit: { percent: 0.02, timeZone: "UTC", sessionStart: "00:00", flatten: false },
 * });
 * b.onMark(0, 1000, NaN);
 * b.onMark(day, 990, 1000); // day 2 starts at 1000: loss 10 < 20
 * b.onMark(day + 3_600_000, 975, 990); // loss 25 ≥ 20: trips
 * assert.ok(b.dayTripped && b.events.length === 1);
 * b.onMark(2 * day, 975, 975); // a new day, starting at 975
 * assert.ok(!b.dayTripped && b.startOfDayEquity === 975);
 * ```
 *
 * @example With an XNYS calendar the trading day is New York's
 * ```ts
 * import assert from "node:assert/strict";
 * import { createBreakers } from "./breakers.ts";
 * import { builtinCalendarSpec } from "../data/calendar.ts";
 * const b = createBreakers({ dailyLossLimit: { amount: 100, flatten: false } }, { calendar: builtinCalendarSpec("XNYS") });
 * b.onMark(Date.UTC(2024, 0, 2, 20), 1000, NaN); // 15:00 in New York (EST)
 * assert.ok(b.dayStartMs === Date.UTC(2024, 0, 2, 5)); // New York midnight
 * ```
 */
export function createBreakers(config: BreakersConfig, opts: BreakersOptions = {}): Breakers {
  const daily = config.dailyLossLimit;
  const dd = config.maxDrawdownStop;
  const tradingDay = resolveTradingDay(daily ?? {}, opts.calendar);
  const day = createTradingDay(tradingDay.timeZone, tradingDay.sessionStart);
  const events: MutableEvent[] = [];
  // Mutable numbers live in a typed array: a double stored in a closure variable or a plain field may be boxed
  // anew on every write, and this runs once per timestamp.
  const x = Float64Array.of(NaN, -Infinity, NaN, -Infinity, 0, 0);
  const DAY_START = 0, DAY_END = 1, SOD = 2, PEAK = 3, HALTED = 4, TRIPPED = 5;
  // the first mark always goes through onMark
  const watch = Float64Array.of(Infinity, Infinity, Infinity);
  const LOW = 0, HIGH = 1, NEXT = 2;
  const margin = (level: number) => level + 1e-9 * Math.max(1, Math.abs(level));
  /** Reset the watch bounds from the state: a trip or a new peak or day needs a call, nothing else does. */
  function rewatch(): void {
    let low = -Infinity;
    if (hasDaily && x[TRIPPED] === 0) {
      const sod = x[SOD]!;
      low = margin(sod - (amount === amount ? amount : percent * sod));
    }
    if (hasDd && x[HALTED] === 0) low = Math.max(low, margin(x[PEAK]! * (1 - stop)));
    watch[LOW] = low;
    watch[HIGH] = hasDd ? x[PEAK]! : Infinity;
    watch[NEXT] = hasDaily ? x[DAY_END]! : Infinity;
  }
  const percent = daily?.percent ?? NaN, amount = daily?.amount ?? NaN;
  const hasDaily = daily !== undefined, hasDd = dd !== undefined, stop = dd?.percent ?? Infinity;

  function tripDaily(t: number, equity: number): boolean {
    const sod = x[SOD]!, limit = amount === amount ? amount : percent * sod, loss = sod - equity;
    x[TRIPPED] = 1;
    events.push({
      tsMs: t,
      breaker: "daily-loss",
      detail: `the day's loss ${num(loss)} reached the limit ${num(limit)} (${
        amount === amount ? "absolute" : `${percent * 100}% of start-of-day equity ${num(sod)}`
      })`,
      values: { startOfDayEquity: sod, equity, loss, limit },
      flattened: [],
    });
    return daily!.flatten;
  }

  function tripDrawdown(t: number, equity: number): boolean {
    const peak = x[PEAK]!, drawdown = (peak - equity) / peak;
    x[HALTED] = 1;
    events.push({
      tsMs: t,
      breaker: "max-drawdown",
      detail: `drawdown ${num(drawdown * 100)}% from peak equity ${num(peak)} reached the stop at ${stop * 100}%`,
      values: { peakEquity: peak, equity, drawdown, limit: stop },
      flattened: [],
    });
    return dd!.flatten;
  }

  const b: Breakers = {
    get halted() {
      return x[HALTED] === 1;
    },
    get dayTripped() {
      return x[TRIPPED] === 1;
    },
    get dayStartMs() {
      return x[DAY_START]!;
    },
    get startOfDayEquity() {
      return x[SOD]!;
    },
    get peakEquity() {
      return x[PEAK]!;
    },
    events: events as BreakerEvent[],
    watch,
    onMark(t, equity, previousEquity) {
      let flatten = false;
      if (hasDaily) {
        if (t >= x[DAY_END]! || t < x[DAY_START]!) {
          x[DAY_START] = day.dayOf(t);
          x[DAY_END] = day.nextStartMs;
          x[SOD] = previousEquity === previousEquity ? previousEquity : equity;
          x[TRIPPED] = 0;
        }
        if (x[TRIPPED] === 0) {
          const sod = x[SOD]!;
          if (sod - equity >= (amount === amount ? amount : percent * sod)) flatten = tripDaily(t, equity);
        }
      }
      if (hasDd) {
        if (equity > x[PEAK]!) x[PEAK] = equity;
        const peak = x[PEAK]!;
        if (x[HALTED] === 0 && peak > 0 && (peak - equity) / peak >= stop) flatten = tripDrawdown(t, equity) || flatten;
      }
      rewatch();
      return flatten;
    },
    explain() {
      const last = (kind: BreakerEvent["breaker"]) => events.findLast((e) => e.breaker === kind);
      if (b.halted) {
        return `the max drawdown stop tripped at ${new Date(last("max-drawdown")!.tsMs).toISOString()}: ${
          last("max-drawdown")!.detail
        }; no new risk for the rest of the run`;
      }
      if (b.dayTripped) {
        return `the daily loss limit tripped at ${new Date(last("daily-loss")!.tsMs).toISOString()}: ${
          last("daily-loss")!.detail
        }; no new risk until the next trading day (${new Date(x[DAY_END]!).toISOString()})`;
      }
      return "";
    },
  };
  return b;
}
