/**
 * What a pool worker runs for a study (the {@linkcode ChunkKernel} of grid
 * search and walk-forward): one combination of params over the whole frame
 * or a walk-forward window, reduced to a {@linkcode RunSummary}, and the
 * measured curve when asked for.
 *
 * Each worker keeps one indicator cache per frame (the whole frame, or the
 * current walk-forward window). Its series live in one {@linkcode SeriesPool}
 * per worker: `optimize.cacheMb` worth of slots of the longest symbol's
 * length (at least two), partly reserved at open (see `seriesPool`), the
 * rest allocated on first need, and then recycled: when the pool is full,
 * each new series takes the slot of the least recently used one (never one
 * of the current run). The worker's cache memory is thus at most `cacheMb`
 * (or two series) and flat from the first runs, instead of growing to the
 * budget and then starting over.
 *
 * @module
 */
import type { Config } from "../config/schema.ts";
import type { BarFrame } from "../data/bar_frame.ts";
import { IndicatorCache, SeriesPool } from "../indicators/cache.ts";
import { addCounters, type CacheCounters, NO_CACHE_COUNTERS } from "../parallel/cache_counters.ts";
import type { ChunkKernel, KernelSession } from "../parallel/chunk_kernel.ts";
import { errorText } from "../parallel/error_text.ts";
import { DEFAULT_PARTITIONS, type OptimizeConfig, type ParamSet } from "./config.ts";
import { evaluate, type Evaluation, failedSummary, type RunSummary, summarize } from "./evaluate.ts";
import { rangeValues } from "./range.ts";
import { completeStatistics, runStatistics, STATISTICS_HEAD } from "./trial_returns.ts";
import { simpleReturns } from "../report/metrics/simple_returns.ts";
import type { SweepBlocks } from "../report/metrics/sweep_pass.ts";
import { riskFreePerPeriod } from "../report/metrics/risk_free_per_period.ts";
import { sliceFrame } from "./slice_frame.ts";
import { lowerBound } from "../data/lower_bound.ts";
import { inferPeriodsPerYear } from "../report/metrics/infer_periods_per_year.ts";
import { kurtosis } from "../report/metrics/kurtosis.ts";
import { skew } from "../report/metrics/skew.ts";

/** One run of a study, as a worker is sent it. */
export interface StudyRun {
  readonly index: number;
  readonly params: ParamSet;
  /** Run on the bars in `[fromMs, toMs)` only (a walk-forward window); the whole frame when absent. */
  readonly fromMs?: number;
  readonly toMs?: number;
  /** Trade and measure only from here (bars before are warm-up). */
  readonly tradeFromMs?: number;
  /** Send back the measured equity curve and trades. */
  readonly curve?: boolean;
}

/** Trades of a run, as columns. */
export interface TradeColumns {
  readonly symbol: string[];
  readonly pnl: Float64Array;
  readonly fees: Float64Array;
  readonly qty: Float64Array;
  readonly entryTimeMs: Float64Array;
  readonly entryPrice: Float64Array;
  readonly exitTimeMs: Float64Array;
  readonly exitPrice: Float64Array;
  /** The trade's initial risk, MAE and MFE (NaN where unknown; see `Trade` in engine/result.ts). */
  readonly initialRisk: Float64Array;
  readonly mae: Float64Array;
  readonly mfe: Float64Array;
}

/** A finished run's full curve, when asked for. */
export interface RunCurve {
  readonly tsMs: Float64Array;
  readonly equity: Float64Array;
  readonly trades: TradeColumns;
}

/** A run's result as a pool hands it on. */
export interface RunOutcome {
  readonly summary: RunSummary;
  readonly curve?: RunCurve | undefined;
  /**
   * The run's per-period excess returns reduced to their moments and CSCV
   * block statistics ({@linkcode runStatistics}, `optimize.overfitting.partitions`
   * blocks), for the study's selection-bias statistics; absent for a failed
   * run and for a run asked for its curve (a walk-forward test).
   */
  readonly stats?: Float64Array | undefined;
}

/** The URL of this module, for {@linkcode PoolRequest.kernel}. */
export const STUDY_KERNEL: string = import.meta.url;

/**
 * The outcome of a run that failed on every attempt.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { failedOutcome } from "./study_kernel.ts";
 * const o = failedOutcome(4, "worker crashed: boom");
 * assert.ok(o.summary.index === 4 && o.summary.error === "worker crashed: boom" && o.curve === undefined);
 * ```
 */
export function failedOutcome(index: number, error: string): RunOutcome {
  return { summary: failedSummary(index, error) };
}

/**
 * The worker's slot pool: `cacheMb` worth of slots (at least two) as long as
 * the longest symbol (a walk-forward window's symbols are never longer), of
 * which it reserves at once as many as the study has parameter values, times
 * the symbols: an estimate of the distinct series it will ask for (`fast`
 * and `slow` lengths for an SMA cross), so memory is flat from the first run
 * and a small study reserves little (100 values × 5 symbols of 2,600 bars:
 * 10 MB). Slots past the estimate are allocated when needed; the estimate
 * never raises the budget.
 */
function seriesPool(bars: BarFrame, opt: OptimizeConfig | undefined): SeriesPool {
  let longest = 1;
  for (let s = 0; s < bars.symbols.length; s++) longest = Math.max(longest, bars.segEnd[s]! - bars.segStart[s]!);
  const budgetBytes = (opt?.cacheMb ?? 64) * 1024 * 1024;
  const p = new SeriesPool(longest, Math.max(2, Math.floor(budgetBytes / (8 * longest))));
  let values = 0;
  for (const spec of Object.values(opt?.params ?? {})) {
    values += Array.isArray(spec) ? spec.length : rangeValues(spec).length;
  }
  p.reserve(bars.symbols.length * values);
  return p;
}

function curveOf(e: Evaluation): RunCurve {
  const t = e.result.trades;
  const col = (f: (x: (typeof t)[number]) => number) => Float64Array.from(t, f);
  return {
    tsMs: e.tsMs.slice(),
    equity: e.equity.slice(),
    trades: {
      symbol: t.map((x) => x.symbol),
      pnl: col((x) => x.pnl),
      fees: col((x) => x.fees),
      qty: col((x) => x.qty),
      entryTimeMs: col((x) => x.entryTimeMs),
      entryPrice: col((x) => x.entryPrice),
      exitTimeMs: col((x) => x.exitTimeMs),
      exitPrice: col((x) => x.exitPrice),
      initialRisk: col((x) => x.initialRisk ?? NaN),
      mae: col((x) => x.mae ?? NaN),
      mfe: col((x) => x.mfe ?? NaN),
    },
  };
}

/** One worker's study state: the whole frame, the current window's frame and its cache. */
class StudySession implements KernelSession<StudyRun, RunOutcome> {
  readonly #config: Config;
  readonly #whole: BarFrame;
  readonly #pool: SeriesPool;
  #frame: BarFrame | undefined;
  #frameKey = "";
  #cache: IndicatorCache | undefined;
  #scratch: Float64Array | undefined;
  /** Every run's equity curve, reused (a run that sends its curve back sends a copy). */
  #equity: Float64Array | undefined;
  /** Counters of the caches already disposed. */
  #retired = NO_CACHE_COUNTERS;
  #ppy = NaN;
  #ppyKey: string | undefined;
  /** Per frame (the whole one, or a walk-forward window) and trading start: the best objective this session has met. */
  readonly #best = new Map<string, number>();

  constructor(config: Config, whole: BarFrame) {
    this.#config = config;
    this.#whole = whole;
    this.#pool = seriesPool(whole, config.optimize);
  }

  #retire(): void {
    if (this.#cache === undefined) return;
    this.#retired = addCounters(this.#retired, this.#cache.stats());
    this.#cache[Symbol.dispose]();
    this.#cache = undefined;
  }

  #useFrame(run: StudyRun): BarFrame {
    const key = run.fromMs === undefined ? "" : `${run.fromMs}|${run.toMs}`;
    if (this.#frame === undefined || key !== this.#frameKey) {
      this.#retire();
      this.#frame = run.fromMs === undefined ? this.#whole : sliceFrame(this.#whole, run.fromMs, run.toMs ?? Infinity);
      this.#frameKey = key;
    }
    this.#cache ??= new IndicatorCache(this.#frame, { pool: this.#pool });
    return this.#frame;
  }

  run(run: StudyRun, transfer: Transferable[]): RunOutcome {
    const opt = this.#config.optimize;
    const fr = this.#useFrame(run);
    if (this.#scratch === undefined || this.#scratch.length < fr.length) {
      this.#scratch = new Float64Array(this.#whole.length);
      this.#equity = new Float64Array(this.#whole.length);
    }
    let outcome: RunOutcome;
    try {
      const ppy = opt?.periodsPerYear ?? this.#periodsPerYear(fr, run.tradeFromMs);
      // a run that sends back only its summary and statistics measures only those, its CSCV blocks in the same pass
      const splits = opt?.overfitting?.partitions ?? DEFAULT_PARTITIONS;
      const stats = run.curve ? undefined : new Float64Array(STATISTICS_HEAD + 3 * splits);
      const blocks: SweepBlocks | undefined = stats &&
        { splits, riskFreePerPeriod: this.#riskFree(ppy), out: stats.subarray(STATISTICS_HEAD) };
      const e = evaluate(this.#config, fr, run.params, {
        objective: opt?.objective ?? "sharpe",
        cache: this.#cache!,
        periodsPerYear: ppy,
        ...(blocks !== undefined && { only: "summary" as const, moments: false, blocks }),
        riskFree: opt?.riskFree,
        scratch: this.#scratch,
        equityBuffer: this.#equity,
        tradeFromMs: run.tradeFromMs,
      });
      if (stats === undefined) {
        const curve = curveOf(e);
        transfer.push(curve.tsMs.buffer as ArrayBuffer, curve.equity.buffer as ArrayBuffer);
        outcome = { summary: summarize(run.index, e), curve };
      } else {
        this.#statistics(e, stats, blocks!.count, this.#couldBeSelected(run, e.objective));
        transfer.push(stats.buffer as ArrayBuffer);
        outcome = { summary: summarize(run.index, e), stats };
      }
    } catch (e) {
      outcome = failedOutcome(run.index, errorText(e));
    }
    this.#cache!.endRun();
    return outcome;
  }

  /** The per-period risk-free rate the block means are net of: NaN without a periods-per-year (as the Sharpe ratio). */
  #riskFree(ppy: number): number {
    const annual = this.#config.optimize?.riskFree ?? 0;
    return annual === 0 ? 0 : riskFreePerPeriod(annual, ppy);
  }

  /**
   * Complete `stats`, the run's returns reduced for CSCV and the DSR: the block statistics (filled by the metrics' one
   * pass when `count` is set, else computed here from the returns), the count of returns, the Sharpe ratio (per
   * period) from the run's metrics, and the skew and kurtosis when asked for (NaN otherwise).
   */
  #statistics(e: Evaluation, stats: Float64Array, count: number | undefined, withMoments: boolean): void {
    const ppy = e.metrics.periodsPerYear;
    const returns = count !== undefined && !withMoments
      ? undefined
      : e.returns.length === e.equity.length
      ? e.returns
      : simpleReturns(e.equity, this.#config.capital, this.#scratch);
    if (count === undefined) {
      const splits = (stats.length - STATISTICS_HEAD) / 3;
      stats.set(runStatistics(returns!, splits, this.#riskFree(ppy), { sharpe: NaN, skew: NaN, kurtosis: NaN }));
      count = stats[0]!;
    }
    // the same bits as the run's metrics' skew and kurtosis would be (computeMetrics' moments are centralMoments')
    completeStatistics(stats, count, {
      sharpe: e.metrics.sharpe / Math.sqrt(ppy),
      skew: withMoments ? skew(returns!) : NaN,
      kurtosis: withMoments ? kurtosis(returns!) + 3 : NaN,
    });
  }

  /**
   * Whether this run could be its study's selected one, whose skew and kurtosis the Deflated Sharpe Ratio reads (no
   * other run's are read): the selected run has the largest objective (a number) of all, so when it ran it was at
   * least as large as every one this session had met on the same frame before it. A run that is not is never
   * selected, and its statistics carry NaN moments; one that is (a tie included) measures them. In a random order
   * that is about ln(runs) of them.
   */
  #couldBeSelected(run: StudyRun, objective: number): boolean {
    if (objective !== objective) return false;
    const key = `${this.#frameKey}|${run.tradeFromMs ?? ""}`;
    const best = this.#best.get(key);
    if (best !== undefined && objective < best) return false;
    this.#best.set(key, objective);
    return true;
  }

  /** The periods per year inferred from the bar times measured on `fr` from `tradeFromMs`: the same for every run. */
  #periodsPerYear(fr: BarFrame, tradeFromMs: number | undefined): number {
    const key = `${this.#frameKey}|${tradeFromMs ?? ""}`;
    if (key !== this.#ppyKey) {
      const from = tradeFromMs === undefined ? 0 : lowerBound(fr.times, tradeFromMs);
      this.#ppy = inferPeriodsPerYear(fr.times.subarray(from));
      this.#ppyKey = key;
    }
    return this.#ppy;
  }

  counters(): CacheCounters {
    return this.#cache === undefined ? this.#retired : addCounters(this.#retired, this.#cache.stats());
  }
}

/** The study kernel (this module's default export, loaded by each worker). */
const studyKernel: ChunkKernel<StudyRun, RunOutcome> = {
  open: (config, bars) => new StudySession(config, bars),
};
export default studyKernel;
