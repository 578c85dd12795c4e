/**
 * The backtest loop: the one place that mutates run state.
 *
 * Per distinct timestamp T, in the frame's clock order:
 *
 * 0. **Corporate actions** (`data.prices: "rawWithActions"`, `frame.actions`):
 *    the splits and dividends whose ex-date bar starts at T are applied to
 *    positions, orders and cash before anything fills
 *    (engine/portfolio/corporate_actions.ts), and recorded in
 *    `result.corporateActions`.
 * 1. **Open.** For each symbol with a bar at T (by symbol id), its cursor
 *    advances and the fill simulator fills the orders due at that bar; each
 *    fill moves cash at once, and a buy is checked again against the cash of
 *    that moment (rule `cash-at-fill`: a denial or a resize, recorded with
 *    the gate's); a buy that cash cannot pay for at its turn waits until
 *    every symbol's orders at T were worked (`onStepEnd`), then is checked
 *    again.
 * 2. **Mark.** Each of those symbols is marked at its close; equity
 *    (`cash + Σ qty × close`) is recorded once for T. The risk gate then
 *    updates the trading day and the circuit breakers; a breaker that trips
 *    with `flatten` closes every position with orders that pass
 *    `risk.evaluate` like any other (as risk-reducing).
 * 3. **Close.** The fills of step 1 are reported to `strategy.onFill` and
 *    `strategy.onTrade` (a round trip closed), in the order they happened;
 *    then `strategy.onBar` runs for each of those symbols, by symbol id; then
 *    `strategy.onStep` once. Each intent a hook emits goes through
 *    `risk.evaluate` (or is denied by `no-price` when its symbol has no bar
 *    yet), a denial is reported to `strategy.onDenied` at once, and only an
 *    accepted, sized order is handed to the fill simulator, to arrive at the
 *    hook's close time plus its latency draw (see
 *    engine/execution/simulator.ts for the timing rule). An `onBar` (and its
 *    callbacks) decides at its bar's close, `onStep` at the latest close of
 *    the step's bars.
 *
 * No order reaches the simulator any other way.
 *
 * **Sparse stepping.** A strategy that declares `when` (the bars its `onBar`
 * needs, engine/strategy/types.ts) and no `onStep` is stepped sparsely: when
 * a step starts with no order working or waiting and no borrow running
 * (`FillSimulator.quiet`), the bar times up to the next one `when` names (or
 * the next corporate action, or `tradeFromMs`) pass in a tight loop that
 * advances the cursors, marks each symbol at its close and records equity,
 * exactly as steps 1–2 do then, since they have nothing to fill; it stops
 * early at a bar time whose equity or time leaves the risk gate's watch
 * bounds, which is then stepped in full. So the result is the same, byte for
 * byte, as stepping every bar (`RunOptions.sparse: false`; tested over random
 * strategies, risk and execution configs in tests/sparse_stepping_test.ts).
 *
 * With `config.instruments` (engine/instruments, docs/instruments.md), every
 * amount is valued in the account's base currency (`qty × price ×
 * multiplier × FX rate`): before a symbol's fills at a bar, its value is set
 * at the rate known at the bar's start; after the marks, at the rate known at
 * the close. The gate sees valued prices and the instruments' guard
 * (`lot-size`, `margin`, `margin-call`); a margin call found at the mark is a
 * risk event, and with `liquidate` it flattens like a breaker.
 *
 * @module
 */
import type { Config } from "./config/schema.ts";
import type { BarFrame } from "./data/bar_frame.ts";
import { StrategyError } from "./errors.ts";
import { CLOSE_AT_END, createFillSimulator, executionModels, type FillSink } from "./execution/simulator.ts";
import { IndicatorCache, SeriesPool } from "./indicators/cache.ts";
import {
  applyFill,
  chargeBorrow,
  createPortfolio,
  equityOf,
  type FillAt,
  openPositions,
  type Portfolio,
} from "./portfolio/portfolio.ts";
import { AT_CLOSE, AT_OPEN, INTRABAR } from "./portfolio/excursion.ts";
import { type ActionEffect, applyDividend, applySplit } from "./portfolio/corporate_actions.ts";
import { ACTION_SPLIT } from "./data/actions.ts";
import type { BacktestResult, CorporateActionRecord, Denial, EquityCurve, Fill, Resize, Trade } from "./result.ts";
import { ownBarValues } from "./strategy/series.ts";
import { lowerBound } from "./data/lower_bound.ts";
import { userFrame } from "./indicators/define_indicator.ts";
import { createThrew, hookThrew } from "./strategy/strategy_error.ts";
import { createInstrumentBook } from "./instruments/instrument_book.ts";
import { createInstrumentGuard } from "./instruments/guard.ts";
import { roundToTick, TICK_DOWN, TICK_UP } from "./instruments/tick.ts";
import type { RiskConfig } from "./risk/config.ts";
import { createRiskGate, type Decision, type Intent, type RiskState } from "./risk/gate.ts";
import { EngineContext, VIA_ORDER, VIA_TARGET_PERCENT } from "./strategy/context.ts";
import { createSetup, RunViews } from "./strategy/setup.ts";
import { OverlayRecorder } from "./strategy/overlays.ts";
import type { Strategy } from "./strategy/types.ts";

/** Options for {@linkcode runBacktest}. */
export interface RunOptions {
  /** Share indicator series across runs on the same frame. */
  readonly cache?: IndicatorCache;
  /**
   * Called after every risk gate decision, before its order (if any) is
   * submitted, with the state it was judged on: for tests and diagnostics.
   */
  readonly onRiskDecision?: (intent: Intent, state: RiskState, decision: Decision) => void;
  /** Called about every 65,536 bars with the bars done and the total: progress for long runs. */
  readonly onProgress?: (barsDone: number, barsTotal: number) => void;
  /**
   * Ignore the strategy's orders and cancels on bars that start before this
   * time: it sees those bars (its indicators and state warm up) but trades
   * only from here, flat. Walk-forward test windows run this way.
   */
  readonly tradeFromMs?: number;
  /**
   * Record the indicator series the strategy asks for at setup, per symbol, in
   * `result.overlays` (copies, at most 8 per symbol: engine/strategy/overlays.ts),
   * for the report's price pane. Off by default: sweeps and walk-forward do
   * not pay for the copies.
   */
  readonly overlays?: boolean;
  /**
   * Measure each closed trade's `mae` and `mfe` (default true): a scan of the
   * trade's bars when it closes (engine/portfolio/excursion.ts), nothing per
   * bar. It reads the high and low columns the loop does not stream, about
   * 5 % of the CPU time of a 1M-bar SMA-cross run with 19k trades; a sweep,
   * which reads only P&L, can turn it off (both are then NaN).
   */
  readonly excursions?: boolean;
  /** The FX rate series of `config.instruments.fx` (`loadFxFrame`): needed when an instrument is in another currency. */
  readonly fx?: BarFrame;
  /**
   * Step sparsely when the strategy allows it (default true; see the module doc). `false` steps every bar time in
   * full: the same result, byte for byte, only slower; for tests that prove it.
   */
  readonly sparse?: boolean;
  /**
   * Record the equity curve into this buffer (at least one element per distinct bar time) instead of a new array:
   * the result's `equity.equity` is then a view of it, valid until the caller reuses the buffer. A sweep passes the
   * same buffer to every run, so no run pays for fresh memory (8 MB, and its page faults, per 1M bars).
   */
  readonly equityBuffer?: Float64Array;
  /**
   * Keep each fill's record in `result.fills` (default true). A sweep's run, which reports no fill, passes false:
   * `result.fills` is then empty (unless the strategy has `onFill`, which gets its fills either way) and
   * `summary.fills` still counts them; nothing else changes.
   */
  readonly fills?: boolean;
}

/** Cash steps of the curves {@linkcode equityCurve} made: from point `at[x]` on, cash is `to[x]`. */
const cashSteps = new WeakMap<EquityCurve, { at: number[]; to: number[]; cash?: Float64Array }>();

/** `cash` of a curve, laid out per point on first read (one getter for every curve: they share their hidden class). */
function cashOf(this: EquityCurve): Float64Array {
  const st = cashSteps.get(this)!;
  if (st.cash === undefined) {
    const { at, to } = st, n = this.equity.length;
    const cash = st.cash = new Float64Array(n);
    for (let x = 0; x < at.length; x++) cash.fill(to[x]!, at[x]!, x + 1 < at.length ? at[x + 1]! : n);
  }
  return st.cash;
}

/**
 * The equity curve of a run. Cash moves only at fills and charges, so the loop records its steps and `cash` is laid
 * out per point on first read: a sweep reads only the equity, and one 8-byte-per-bar array less per run is memory it
 * never touches.
 */
function equityCurve(tsMs: Float64Array, equity: Float64Array, at: number[], to: number[]): EquityCurve {
  const curve = Object.defineProperty({ tsMs, equity } as EquityCurve, "cash", { get: cashOf, enumerable: true });
  cashSteps.set(curve, { at, to });
  return curve;
}

/**
 * The frame's corporate actions a run applies, as (step, action index) pairs in order: those whose time is a bar of
 * their symbol in this frame, after its first (a sliced frame may carry actions outside its bars).
 */
function dueActions(frame: BarFrame): { step: Int32Array; index: Int32Array } {
  const fa = frame.actions;
  if (fa === undefined || fa.tsMs.length === 0) return { step: new Int32Array(0), index: new Int32Array(0) };
  const step: number[] = [], index: number[] = [];
  for (let a = 0; a < fa.tsMs.length; a++) {
    const s = fa.symbolId[a]!, t = fa.tsMs[a]!;
    if (s < 0 || s >= frame.symbols.length) continue;
    const lo = frame.segStart[s]!, row = lowerBound(frame.tsMs, t, lo, frame.segEnd[s]!);
    if (row === lo || row >= frame.segEnd[s]! || frame.tsMs[row] !== t) continue;
    step.push(lowerBound(frame.times, t));
    index.push(a);
  }
  return { step: Int32Array.from(step), index: Int32Array.from(index) };
}

/** Series slots a run may keep in its frame's scratch pool; more get ordinary arrays. */
const SCRATCH_SLOTS = 32;
/** Most bytes of free slots a frame's scratch pool holds between runs. */
const SCRATCH_KEEP_BYTES = 64 * 2 ** 20;
const scratchPools = new WeakMap<BarFrame, SeriesPool>();

/**
 * The scratch pool of `frame`: a run given no cache computes its indicators into it and gives the slots back when
 * it ends, so back-to-back runs on one frame reuse that memory instead of allocating (and faulting in) fresh arrays.
 * It lives as long as the frame. Between runs it holds at most 64 MiB of free slots (a 1M-bar symbol's eight
 * series, none of a 10M-bar one's): the rest are let go when the run ends, so the memory of a large run's
 * indicators comes back for its analysis and result files.
 */
function scratchPool(frame: BarFrame): SeriesPool {
  let pool = scratchPools.get(frame);
  if (pool === undefined) {
    let longest = 0;
    for (let s = 0; s < frame.symbols.length; s++) longest = Math.max(longest, frame.segEnd[s]! - frame.segStart[s]!);
    pool = new SeriesPool(longest, SCRATCH_SLOTS, Math.floor(SCRATCH_KEEP_BYTES / Math.max(1, longest * 8)));
    scratchPools.set(frame, pool);
  }
  return pool;
}

/** Bars between two `onProgress` calls. */
const PROGRESS_EVERY = 65_536;

/** Most intents one step may emit, hooks and callbacks together: an `onDenied` that re-sends what was denied would never end. */
const MAX_INTENTS_PER_STEP = 100_000;

/** An intent as records show it: `buy`, `sell 25`, `target 100`, `targetPercent 0.3 (target 150)`, `rebalance 0 (close)`. */
function describeIntent(kind: string, qty: number, via: number, weight: number): string {
  if (via !== VIA_ORDER) {
    const what = via === VIA_TARGET_PERCENT ? "targetPercent" : "rebalance";
    const then = kind === "close" ? "close" : qty === qty ? `target ${qty}` : "no price";
    return `${what} ${weight} (${then})`;
  }
  if (kind === "close") return "close";
  if (kind === "target") return `target ${qty}`;
  return Number.isNaN(qty) ? kind : `${kind} ${qty}`;
}

/** The largest gross weight `targetPercent` and `rebalance` may ask for under `risk`, and why. */
function grossWeightCap(risk: RiskConfig): { max: number; why: string } {
  const g = risk.limits.grossExposure;
  if (g !== undefined) return { max: g.max, why: "risk.limits.grossExposure" };
  if (risk.limits.account.kind === "cash") {
    return { max: 1, why: "what a cash account without risk.limits.grossExposure allows" };
  }
  return { max: Infinity, why: "" };
}

const HOOKS = ["onBar", "onStep", "onFill", "onTrade", "onDenied"] as const;

/** Check what `create` returned: an object of hooks, at least one of onBar and onStep. */
function checkStrategy(name: string, st: unknown): Strategy {
  const bad = (what: string) => new StrategyError(`Strategy "${name}": create() ${what}`);
  if (typeof st !== "object" || st === null) {
    throw bad(`returned ${st === null ? "null" : typeof st}; expected an object of hooks such as { onBar(ctx) { … } }`);
  }
  const hooks = st as Record<string, unknown>;
  for (const h of HOOKS) {
    if (hooks[h] !== undefined && typeof hooks[h] !== "function") throw bad(`returned ${h} that is not a function`);
  }
  if (hooks.onBar === undefined && hooks.onStep === undefined) {
    throw bad("returned neither onBar nor onStep: a strategy needs at least one of them");
  }
  if (hooks.when !== undefined && hooks.onBar === undefined) {
    throw bad("returned when but no onBar: when names the bars onBar needs");
  }
  return st as Strategy;
}

/**
 * The strategy's `when`: each symbol's series (onBar runs at a row where it is a number other than 0), and the steps
 * that hold such a row, in order (with one symbol, none: its steps are its rows, and sparse stepping reads the series
 * as it goes); undefined without `when`.
 */
function wakeSeries(
  name: string,
  when: unknown,
  frame: BarFrame,
): { data: Float64Array[]; steps: Int32Array | undefined } | undefined {
  if (when === undefined) return undefined;
  // an array, or anything iterable in symbol-id order (`setup.perSymbol(...)`)
  if (!Array.isArray(when) && typeof (when as Iterable<unknown>)?.[Symbol.iterator] === "function") {
    when = Array.from(when as Iterable<unknown>);
  }
  const { symbols, segStart, tsMs, times } = frame;
  const k = symbols.length;
  const bad = (what: string) => new StrategyError(`Strategy "${name}": create() returned ${what}`);
  if (!Array.isArray(when) || when.length !== k) {
    throw bad(
      `when that is not an array of ${k} series (one per symbol id, e.g. setup.symbols.map((s) => ` +
        `setup.symbol(s).ind.crossover(…))); found ${Array.isArray(when) ? `an array of ${when.length}` : typeof when}`,
    );
  }
  const data: Float64Array[] = [];
  for (let s = 0; s < k; s++) {
    const v = ownBarValues((when as unknown[])[s], s);
    if (v === undefined) {
      throw bad(
        `when[${s}] that is not a series of ${JSON.stringify(symbols[s])}'s own bars: expected a price field or an ` +
          `indicator of setup.symbol(${s}) (not another symbol's, not a timeframe's)`,
      );
    }
    data.push(v);
  }
  if (k === 1) return { data, steps: undefined };
  const steps: number[] = [];
  for (let s = 0; s < k; s++) {
    const rows = wakeIndices(data[s]!), base = segStart[s]!;
    for (let x = 0; x < rows.length; x++) steps.push(lowerBound(times, tsMs[base + rows[x]!]!));
  }
  const sorted = Int32Array.from(steps).sort();
  let u = 0;
  for (let x = 0; x < sorted.length; x++) if (x === 0 || sorted[x] !== sorted[x - 1]) sorted[u++] = sorted[x]!;
  return { data, steps: sorted.slice(0, u) };
}

/** The indices of `v` that hold a number other than 0, in one pass. */
function wakeIndices(v: Float64Array): Int32Array {
  let out = new Int32Array(1024), c = 0;
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!;
    if (x !== 0 && x === x) {
      if (c === out.length) {
        const grown = new Int32Array(c * 2);
        grown.set(out);
        out = grown;
      }
      out[c++] = i;
    }
  }
  return out.subarray(0, c);
}

/**
 * Steps `m` up to `limit` (exclusive) of a quiet run (sparse stepping, see the module doc): advance each bar's
 * cursor, mark it at its close and record the step's equity, with cash at `cash`. Returns the first step not done:
 * `limit`; or a step whose equity or time leaves the gate's `watch` bounds (not recorded: it is stepped in full); or,
 * with one symbol, a row its `when` series names (likewise); or the step after the first one that reaches row
 * `progressAt` (for the caller's progress report).
 */
function fastForward(
  frame: BarFrame,
  m: number,
  limit: number,
  progressAt: number,
  cash: number,
  portfolio: Portfolio,
  watch: Float64Array,
  eqVal: Float64Array,
  cur: Int32Array,
  when: Float64Array | undefined,
): number {
  const { stepStart, clock, symbolId, segStart, close, times } = frame;
  const mark = portfolio.mark;
  const lo = watch[0]!, hi = watch[1]!, until = watch[2]!;
  if (frame.symbols.length === 1) {
    // one symbol: step m is row m, and equity is `equityOf`'s cash + qty × close, or cash when flat
    const q = portfolio.openCount === 0 ? 0 : portfolio.qty[0]!;
    const end = Math.min(limit, progressAt); // step x ends at row x + 1: stop after the one that reaches progressAt
    let x = m;
    if (until < Infinity) {
      // a breaker watches the trading day: each step's time is compared with the day's end
      for (; x < end; x++) {
        const w = when![x]!;
        if (w !== 0 && w === w) break; // onBar's bar
        const equity = q !== 0 ? cash + q * close[x]! : cash;
        if (equity <= lo || equity > hi || times[x]! >= until) break;
        eqVal[x] = equity;
      }
    } else if (q === 0) {
      // flat: the equity is the cash at every step, and the bars' prices need not be read
      if (!(cash <= lo || cash > hi)) {
        for (; x < end; x++) {
          const w = when![x]!;
          if (w !== 0 && w === w) break; // onBar's bar
          eqVal[x] = cash;
        }
      }
    } else {
      for (; x < end; x++) {
        const w = when![x]!;
        if (w !== 0 && w === w) break; // onBar's bar
        const equity = cash + q * close[x]!;
        if (equity <= lo || equity > hi) break;
        eqVal[x] = equity;
      }
    }
    const last = x - 1;
    if (last >= m) {
      cur[0] = last;
      mark[0] = close[last]!;
    }
    return x;
  }
  for (; m < limit; m++) {
    const i = stepStart[m]!, j = stepStart[m + 1]!;
    for (let x = i; x < j; x++) {
      const r = clock[x]!, s = symbolId[r]!;
      cur[s] = r - segStart[s]!;
      mark[s] = close[r]!;
    }
    const equity = portfolio.openCount === 0 ? cash : equityOf(portfolio);
    if (equity <= lo || equity > hi || times[m]! >= until) return m;
    eqVal[m] = equity;
    if (j >= progressAt) return m + 1;
  }
  return m;
}

const iso = (t: number) => new Date(t).toISOString();

/** Run the strategy's `create` with its setup; an error there is the strategy's, named with the user's line. */
function createStrategy(config: Config, views: RunViews): Strategy {
  const def = config.strategy.use;
  try {
    const setup = createSetup(views, (what) => {
      const where = userFrame(new Error().stack);
      return new StrategyError(`Strategy "${def.name}" ${what} (in create${where ? `, ${where}` : ""})`);
    });
    return checkStrategy(def.name, def.create(config.strategy.params as never, setup));
  } catch (e) {
    throw createThrew(e, def.name, def.create);
  }
}

/**
 * Run one backtest of `config` over `frame`.
 *
 * Without `opts.cache`, the run computes its indicators into its frame's
 * scratch slots and returns them when it ends: the next run on the same frame
 * reuses up to 64 MiB of them, and the rest are let go. Strategies see indicators only through views that read
 * up to the current bar, so nothing can observe a slot after its run.
 *
 * @example
 * ```ts ignore
 * const config = await loadConfig("configs/sma_cross.ts");
 * const frame = await loadBars(config.data);
 * const result = runBacktest(config, frame);
 * console.log(result.summary.finalEquity);
 * ```
 */
export function runBacktest(config: Config, frame: BarFrame, opts: RunOptions = {}): BacktestResult {
  if (opts.cache !== undefined) return run(config, frame, opts.cache, opts);
  // the run's own cache: its series are read only through the run's views, so their slots are free once it ends
  const cache = new IndicatorCache(frame, { pool: scratchPool(frame) });
  try {
    return run(config, frame, cache, opts);
  } finally {
    cache[Symbol.dispose]();
  }
}

function run(config: Config, frame: BarFrame, cache: IndicatorCache, opts: RunOptions): BacktestResult {
  const { symbols, tsMs, close, clock, symbolId, segStart } = frame;
  const barClose = frame.closeMs;
  const k = symbols.length;
  const n = frame.length;
  if (cache.frame !== frame) throw new Error("runBacktest(): the indicator cache belongs to another frame");

  const cursor = new Int32Array(k).fill(-1);
  // instruments: undefined without the section, and then nothing below changes (no per-bar work)
  const book = config.instruments === undefined ? undefined : createInstrumentBook(config.instruments, symbols, {
    ...(opts.fx === undefined ? {} : { fx: opts.fx }),
    firstCloseMs: symbols.map((_, s) => barClose[segStart[s]!]!),
  });
  const fxBook = book !== undefined && book.hasFx ? book : undefined;
  const closeOffset = book === undefined ? undefined : new Float64Array(k).fill(NaN);
  const guard = book !== undefined && (book.hasLot || book.hasMargin)
    ? createInstrumentGuard(book, symbols)
    : undefined;
  const marginGuard = book !== undefined && book.hasMargin ? guard : undefined;
  const pointValue = book?.pointValue, tick = book !== undefined && book.hasTick ? book.tick : undefined;
  const portfolio = createPortfolio(config.capital, k, opts.excursions === false ? undefined : frame, pointValue);
  const models = executionModels(config.execution, { frame, seed: config.seed, cache });
  const account = config.risk.limits.account;
  // buys are checked again at their fill, against the cash they really spend (engine/execution/simulator.ts)
  const sim = createFillSimulator(frame, models, portfolio, {
    account: portfolio,
    floor: account.minCash,
    mode: account.mode,
    lotSize: config.risk.sizing.lotSize,
  }, book && { pointValue: book.pointValue, tick });
  const gate = createRiskGate(config.risk, {
    symbols,
    cache,
    fee: models.commission,
    ...(book === undefined ? {} : { pointValue: book.pointValue }),
    ...(guard === undefined ? {} : { guard }),
    calendar: frame.calendar,
  });
  const observe = opts.onRiskDecision;
  const watch = gate.watch;
  const resizes: Resize[] = [];
  const trades: Trade[] = [];
  const fills: Fill[] = [];
  const denials: Denial[] = [];

  const def = config.strategy.use;
  const recorder = opts.overlays === true ? new OverlayRecorder(frame) : undefined;
  const views = new RunViews(frame, cache, cursor, recorder);
  const strategy = createStrategy(config, views);
  if (recorder !== undefined) recorder.active = false; // only what create() asked for
  const hasOnBar = typeof strategy.onBar === "function", hasOnStep = typeof strategy.onStep === "function";
  const wantFills = typeof strategy.onFill === "function", wantTrades = typeof strategy.onTrade === "function";
  const wantDenials = typeof strategy.onDenied === "function";
  // when: the rows where onBar runs, and the steps that hold one; sparse stepping needs no per-step hook or book
  const wake = wakeSeries(def.name, strategy.when, frame);
  const wakeData = wake?.data, wakeSteps = wake?.steps;
  const wakeOne = wake !== undefined && wakeSteps === undefined ? wakeData![0] : undefined;
  const sparse = wake !== undefined && !hasOnStep && book === undefined && opts.sparse !== false;
  let wp = 0, skipped = 0;
  const cap = grossWeightCap(config.risk);
  const ctx = new EngineContext({
    views,
    portfolio,
    desk: sim,
    strategyName: def.name,
    lotSize: config.risk.sizing.lotSize,
    maxGrossWeight: cap.max,
    maxGrossWhy: cap.why,
  });
  const intents = ctx.intents;
  // orders count from the first step at or after tradeFromMs
  const tradeFromStep = opts.tradeFromMs === undefined ? 0 : lowerBound(frame.times, opts.tradeFromMs);
  ctx.muted = tradeFromStep > 0;

  // fills (and the trades they closed) of the current step, for onFill / onTrade at its close
  const events = wantFills || wantTrades;
  // fill records: kept unless the caller reads none (a sweep's run) and no onFill needs them
  const keepFills = opts.fills !== false || wantFills;
  let fillCount = 0;
  const evFill: number[] = [], evTrade: number[] = [], evSymbol: number[] = [];
  // where each fill happened and what it risked, for the trade's initialRisk, mae and mfe (one object, rewritten)
  const at: FillAt = { row: 0, when: AT_OPEN, riskPerUnit: NaN };
  const sink: FillSink = {
    fill(orderId, s, signedQty, price, fee, t, detail) {
      const closedBefore = trades.length;
      const reason = detail.reason;
      at.row = segStart[s]! + cursor[s]!;
      at.when = reason === "intrabar" ? INTRABAR : reason === "closeAtEnd" ? AT_CLOSE : AT_OPEN;
      at.riskPerUnit = detail.riskPerUnit;
      applyFill(portfolio, s, signedQty, price, fee, t, symbols[s]!, trades, at);
      const closed = trades.length !== closedBefore;
      if (closed) gate.onExit(s, cursor[s]!, t, trades[trades.length - 1]!.pnl);
      fillCount++;
      if (keepFills) {
        fills.push({
          orderId,
          tsMs: t,
          symbol: symbols[s]!,
          side: signedQty > 0 ? "buy" : "sell",
          qty: Math.abs(signedQty),
          price,
          fee,
          orderType: detail.orderType,
          reason: detail.reason,
          liquidity: detail.liquidity,
          slippage: detail.slippage,
        });
      }
      if (events) {
        evFill.push(fills.length - 1);
        evTrade.push(closed ? trades.length - 1 : -1);
        evSymbol.push(s);
      }
    },
    cost(s, amount) {
      chargeBorrow(portfolio, s, pointValue === undefined ? amount : amount * pointValue[s]!);
    },
    refuse(orderId, s, t, rule, askedQty, filledQty, detail) {
      const intent = `${askedQty > 0 ? "buy" : "sell"} ${Math.abs(askedQty)} (order ${orderId}, at its fill)`;
      if (filledQty === 0) denials.push({ tsMs: t, symbol: symbols[s]!, intent, rule, detail });
      else resizes.push({ tsMs: t, symbol: symbols[s]!, intent, rule, originalQty: askedQty, finalQty: filledQty });
    },
  };

  const intent = { kind: "buy", qty: 0 } as { kind: Intent["kind"]; qty: number };
  // the gate reads positions, orders in flight and marks of every symbol through these live arrays
  const state: { -readonly [K in keyof RiskState]: RiskState[K] } = {
    symbol: 0,
    index: 0,
    tsMs: 0,
    closeMs: 0,
    refPrice: 0,
    equity: 0,
    cash: 0,
    positions: portfolio.qty,
    pending: sim.pendingQty,
    pendingSymbols: sim.pendingSymbols,
    // the gate values positions and orders at these: with instruments, close × multiplier × FX rate
    marks: book === undefined ? portfolio.mark : book.valueMarks,
  };
  // the decision for an intent whose symbol has no bar yet (or no price to turn a weight into a quantity)
  const noPrice: { -readonly [K in keyof Decision]: Decision[K] } = {
    accepted: false,
    qty: 0,
    requestedQty: NaN,
    rule: "no-price",
    detail: "",
    reducing: false,
    riskPerUnit: NaN,
  };

  const mark = portfolio.mark;
  const refMark = state.marks;
  const { times, stepStart } = frame;
  const steps = times.length;
  const eqVal = opts.equityBuffer !== undefined && opts.equityBuffer.length >= steps
    ? opts.equityBuffer.subarray(0, steps)
    : new Float64Array(steps);
  // cash moves only at fills and charges: kept as its steps (from point cashAt[x] on, cash is cashTo[x])
  const cashAt: number[] = [], cashTo: number[] = [];
  let lastCash = NaN;
  const onProgress = opts.onProgress;
  let nextProgress = onProgress === undefined ? Infinity : PROGRESS_EVERY;
  let m = 0;
  /** An error a hook threw: the strategy's, named with the hook, its symbol, the step's time and the user's line. */
  function hookError(e: unknown, t: number): unknown {
    const symbol = ctx.symbol >= 0 ? symbols[ctx.symbol] : undefined;
    return hookThrew(e, { strategy: def.name, create: def.create, hook: ctx.hook, symbol, tsMs: t });
  }

  /** The risk state of symbol `s` for an order decided at `closeMs`, in the step at `t` whose equity is `equity`. */
  function riskState(s: number, t: number, closeMs: number, equity: number): RiskState {
    state.symbol = s;
    state.index = cursor[s]!;
    state.tsMs = t;
    state.closeMs = closeMs;
    state.refPrice = refMark[s]!;
    state.equity = equity;
    state.cash = portfolio.cash;
    return state;
  }

  /** Judge every intent in the buffer (hooks may add more while it runs: onDenied), then empty it. */
  function decide(t: number, equity: number): void {
    for (let q = 0; q < intents.count; q++) {
      if (q === MAX_INTENTS_PER_STEP) {
        throw new StrategyError(
          `Strategy "${def.name}" emitted more than ${MAX_INTENTS_PER_STEP} orders at ${iso(t)}: ` +
            `an onDenied that sends the denied order again never ends`,
        );
      }
      const s = intents.symbol[q]!, via = intents.via[q]!;
      intent.kind = intents.kinds[q]!;
      intent.qty = intents.qty[q]!;
      const closeMs = intents.closeMs[q]!;
      riskState(s, t, closeMs, equity);
      let d: Decision;
      if (cursor[s]! < 0 || (via !== VIA_ORDER && intent.kind === "target" && intent.qty !== intent.qty)) {
        noPrice.detail = cursor[s]! < 0
          ? `${symbols[s]} has no bar at or before ${iso(t)}: no price to size or check the order at`
          : `${symbols[s]} has no price to turn a weight into a quantity`;
        d = noPrice;
      } else d = gate.evaluate(intent, state);
      if (observe !== undefined) observe(intent, state, d);
      if (!d.accepted) {
        const denial: Denial = {
          tsMs: t,
          symbol: symbols[s]!,
          intent: describeIntent(intent.kind, intent.qty, via, intents.weight[q]!),
          rule: d.rule,
          detail: d.detail,
        };
        denials.push(denial);
        if (wantDenials) {
          const was = ctx.hook;
          ctx.moveTo(s, cursor[s]!, t, portfolio.cash, equity);
          ctx.closeMs = closeMs;
          ctx.hook = "onDenied";
          try {
            strategy.onDenied!(Object.freeze(denial), ctx);
          } catch (e) {
            throw hookError(e, t);
          }
          ctx.hook = was;
        }
      } else if (d.qty !== 0) {
        if (d.qty !== d.requestedQty) {
          resizes.push({
            tsMs: t,
            symbol: symbols[s]!,
            intent: describeIntent(intent.kind, intent.qty, via, intents.weight[q]!),
            rule: d.rule,
            originalQty: d.requestedQty,
            finalQty: d.qty,
          });
        }
        sim.submit(s, d.qty, closeMs, intents, q, d.riskPerUnit);
      }
    }
    intents.count = 0;
  }

  /** Report this step's fills (and the round trips they closed) at its close. */
  function report(t: number, equity: number): void {
    for (let e = 0; e < evFill.length; e++) {
      const s = evSymbol[e]!, tr = evTrade[e]!;
      ctx.moveTo(s, cursor[s]!, t, portfolio.cash, equity);
      try {
        if (wantFills) {
          ctx.hook = "onFill";
          strategy.onFill!(Object.freeze(fills[evFill[e]!]!), ctx);
        }
        if (wantTrades && tr >= 0) {
          ctx.hook = "onTrade";
          strategy.onTrade!(Object.freeze(trades[tr]!), ctx);
        }
      } catch (e) {
        throw hookError(e, t);
      }
      ctx.hook = "onBar";
      if (intents.count !== 0) decide(t, equity);
    }
    evFill.length = evTrade.length = evSymbol.length = 0;
  }

  // 0. corporate actions (rawWithActions): due at the open of their ex-date step, before its fills; a step without
  // one costs one comparison of its number with the next action's
  const due = dueActions(frame);
  const corporateActions: CorporateActionRecord[] | undefined = frame.actions === undefined ? undefined : [];
  const effect: ActionEffect = { qtyBefore: 0, qtyAfter: 0, cash: 0 };
  const unit = Math.min(1, config.risk.sizing.lotSize);
  let nextAction = due.step.length > 0 ? due.step[0]! : -1, da = 0;
  /** Apply the actions due at step `m` (bar time `t`); returns the step of the next one, or −1. */
  function applyActions(m: number, t: number): number {
    const fa = frame.actions!;
    for (; da < due.step.length && due.step[da] === m; da++) {
      const a = due.index[da]!, s = fa.symbolId[a]!, value = fa.value[a]!, split = fa.kind[a] === ACTION_SPLIT;
      const closedBefore = trades.length;
      let orders = 0;
      if (split) {
        applySplit(portfolio, s, value, unit, t, symbols[s]!, trades, effect);
        orders = sim.applySplit(s, value);
      } else applyDividend(portfolio, s, value, effect);
      // cash in lieu of every share closed the trade
      if (trades.length !== closedBefore) gate.onExit(s, cursor[s]! + 1, t, trades[trades.length - 1]!.pnl);
      corporateActions!.push({
        tsMs: t,
        symbol: symbols[s]!,
        kind: split ? "split" : "dividend",
        value,
        qtyBefore: effect.qtyBefore,
        qtyAfter: effect.qtyAfter,
        cash: effect.cash,
        orders,
      });
    }
    return da < due.step.length ? due.step[da]! : -1;
  }

  // the hot loop's own names for what the closures above also use (those live in the closures' context)
  const cx = ctx, st = strategy, cur = cursor, ib = intents, ev = events;
  // one symbol whose every bar is a step of its own: step m is row m (clock and stepStart are the identity, every
  // symbol id 0), so a step reads none of those three columns at its row (each a cache miss after a sparse stretch)
  const oneRow = k === 1 && steps === n;
  for (; m < steps; m++) {
    if (sparse) {
      // nothing working and no hook due before the next step `when` names (or action, or tradeFromMs): those steps
      // only mark and record equity, which this does; a step that leaves the watch bounds is stepped in full
      let limit = steps; // one symbol: fastForward stops at the rows `when` names
      if (wakeSteps !== undefined) {
        while (wp < wakeSteps.length && wakeSteps[wp]! < m) wp++;
        if (wp < wakeSteps.length) limit = wakeSteps[wp]!;
      }
      if (nextAction >= 0 && nextAction < limit) limit = nextAction;
      if (tradeFromStep >= m && tradeFromStep < limit) limit = tradeFromStep; // its step unmutes the strategy
      if (limit > m && portfolio.cash === lastCash && sim.quiet()) {
        const m0 = m;
        m = fastForward(frame, m, limit, nextProgress, lastCash, portfolio, watch, eqVal, cur, wakeOne);
        skipped += m - m0;
        if (m !== m0 && (oneRow ? m : stepStart[m]!) >= nextProgress) {
          nextProgress = stepStart[m]! + PROGRESS_EVERY;
          onProgress!(stepStart[m]!, n);
        }
        if (m === steps) break;
      }
    }
    const t = times[m]!, i = oneRow ? m : stepStart[m]!, j = oneRow ? m + 1 : stepStart[m + 1]!;
    if (m === nextAction) nextAction = applyActions(m, t);
    // 1. open: advance cursors, fill due orders
    for (let x = i; x < j; x++) {
      const r = oneRow ? x : clock[x]!, s = oneRow ? 0 : symbolId[r]!;
      cur[s] = r - segStart[s]!;
      if (fxBook !== undefined) fxBook.atTime(s, tsMs[r]!); // fills at this bar convert at the rate known at its start
      sim.onBarOpen(s, r, sink);
    }
    sim.onStepEnd(sink); // buys that waited for the sales of this bar time (cash at the fill)
    // 2. mark at close, record equity
    for (let x = i; x < j; x++) {
      const r = oneRow ? x : clock[x]!;
      mark[oneRow ? 0 : symbolId[r]!] = close[r]!;
    }
    if (book !== undefined) {
      // each symbol's close offset in this step (a symbol without a bar keeps its last one)
      for (let x = i; x < j; x++) {
        const r = clock[x]!;
        closeOffset![symbolId[r]!] = barClose[r]! - tsMs[r]!;
      }
      book.mark(mark, t, closeOffset!);
    }
    const cash = portfolio.cash;
    const equity = portfolio.openCount === 0 ? cash : equityOf(portfolio);
    eqVal[m] = equity;
    if (cash !== lastCash) {
      cashAt.push(m);
      cashTo.push(cash);
      lastCash = cash;
    }
    // risk: trading day and breakers, only when the mark leaves the gate's watch bounds (a quiet bar costs three
    // comparisons and no call); a trip may flatten every position, through the gate
    if (
      (equity <= watch[0]! || equity > watch[1]! || t >= watch[2]!) &&
      gate.onMark(t, equity, m > 0 ? eqVal[m - 1]! : NaN)
    ) flatten(t, equity);
    if (marginGuard !== undefined) marginCall(t, equity);
    // 3. close: callbacks, strategy, risk gate, order submission
    if (m === tradeFromStep) cx.muted = false;
    if (ev && evFill.length !== 0) report(t, equity);
    if (hasOnBar) {
      for (let x = i; x < j; x++) {
        const r = oneRow ? x : clock[x]!, s = oneRow ? 0 : symbolId[r]!;
        if (wakeData !== undefined) {
          const v = wakeData[s]![cur[s]!]!;
          if (!(v !== 0 && v === v)) continue; // not a bar `when` names
        }
        cx.moveTo(s, cur[s]!, t, portfolio.cash, equity);
        try {
          st.onBar!(cx);
        } catch (e) {
          throw hookError(e, t);
        }
        if (ib.count !== 0) decide(t, equity);
      }
    }
    if (hasOnStep) {
      let closeMs = -Infinity;
      for (let x = i; x < j; x++) closeMs = Math.max(closeMs, barClose[clock[x]!]!);
      cx.moveToStep(t, closeMs, portfolio.cash, equity);
      cx.hook = "onStep";
      try {
        st.onStep!(cx);
      } catch (e) {
        throw hookError(e, t);
      }
      cx.hook = "onBar";
      if (intents.count !== 0) decide(t, equity);
    }
    if (j >= nextProgress) {
      nextProgress = j + PROGRESS_EVERY;
      onProgress!(j, n);
    }
  }

  if (config.execution.closeAtEnd) closeAll(m);

  /** A breaker tripped at the closes of `t` and asks to flatten: close every exposure, each order through the gate. */
  function flatten(t: number, equity: number): void {
    for (let s = 0; s < k; s++) {
      if (portfolio.qty[s]! + sim.pendingQty[s]! === 0) continue;
      // the close of the symbol's bar at t; a symbol without a bar then keeps its last bar's close offset
      const r = segStart[s]! + cursor[s]!;
      const closeMs = t + (barClose[r]! - tsMs[r]!);
      intent.kind = "close";
      intent.qty = 0;
      const d = gate.evaluate(intent, riskState(s, t, closeMs, equity));
      if (observe !== undefined) observe(intent, state, d);
      if (d.accepted && d.qty !== 0) {
        gate.noteFlatten({ symbol: symbols[s]!, qty: d.qty, orderId: sim.submit(s, d.qty, closeMs) });
      }
    }
  }

  /** Check the maintenance margin at the mark of `t`: a new margin call is a risk event, and may flatten. */
  function marginCall(t: number, equity: number): void {
    const event = marginGuard!.onMark(t, equity, portfolio.qty);
    if (event === undefined) return;
    gate.noteEvent(event);
    if (book!.marginCall === "liquidate") flatten(t, equity);
  }

  /** Close every position at its last close; `m` equity points are recorded (the last one is restated). */
  function closeAll(m: number): void {
    for (let s = 0; s < k; s++) {
      const q = portfolio.qty[s]!;
      if (q === 0) continue;
      const last = frame.segEnd[s]! - 1;
      // with a tick, the close rounds against the trader like any fill
      const px = tick === undefined ? close[last]! : roundToTick(close[last]!, tick[s]!, q > 0 ? TICK_DOWN : TICK_UP);
      if (fxBook !== undefined) fxBook.atTime(s, barClose[last]!); // at the fill's time, as below
      const f = models.commission(-q, pointValue === undefined ? px : px * pointValue[s]!);
      sink.fill(-1, s, -q, px, f, barClose[last]!, CLOSE_AT_END);
    }
    eqVal[m - 1] = equityOf(portfolio);
    if (portfolio.cash !== lastCash) {
      if (cashAt[cashAt.length - 1] === m - 1) cashTo[cashTo.length - 1] = portfolio.cash;
      else cashAt.push(m - 1), cashTo.push(portfolio.cash);
    }
  }

  const open = openPositions(portfolio, symbols);
  const finalEquity = m > 0 ? eqVal[m - 1]! : config.capital;
  return {
    config,
    symbols,
    summary: {
      initialCash: config.capital,
      finalEquity,
      finalCash: portfolio.cash,
      totalFees: portfolio.totalFees,
      borrowCost: portfolio.borrowCost,
      realizedPnl: portfolio.realizedPnl,
      unrealizedPnl: open.reduce((a, p) => a + p.unrealizedPnl, 0),
      bars: n,
      symbols: k,
      firstBarMs: tsMs[clock[0]!]!,
      lastBarMs: tsMs[clock[n - 1]!]!,
      trades: trades.length,
      fills: fillCount,
      denials: denials.length,
      resizes: resizes.length,
      breakerTrips: gate.events.length,
      openPositions: open.length,
    },
    trades,
    fills,
    denials,
    resizes,
    breakerEvents: gate.events,
    unfilled: sim.unfilled(),
    openPositions: open,
    equity: equityCurve(times, eqVal, cashAt, cashTo),
    stepping: { mode: sparse ? "sparse" : "every bar", steps, fullSteps: steps - skipped },
    ...(corporateActions === undefined ? {} : { corporateActions }),
    // taken out now: the run's own cache gives its series back when it returns, so they leave it (a cache the
    // caller passed keeps its series, which later runs may recycle: copies)
    ...(recorder === undefined ? {} : { overlays: recorder.collect(opts.cache === undefined ? cache : undefined) }),
  };
}
