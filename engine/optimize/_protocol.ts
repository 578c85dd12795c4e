/**
 * Messages between the coordinator and its workers. Only plain data crosses:
 * the config module is imported by each worker itself, and bars are shared.
 *
 * @module
 */
import type { ConfigOverrides } from "../config/load_config.ts";
import type { ParamSet } from "./config.ts";
import type { RunSummary } from "./evaluate.ts";
import type { SharedFrame } from "./shared_frame.ts";

/**
 * A fault to inject, for tests of the pool's recovery: at run `index`, on the
 * first `attempts` attempts (every attempt by default), the worker either
 * throws outside any run (`throw`) or closes itself without a word (`die`).
 */
export interface FaultSpec {
  readonly kind: "throw" | "die";
  readonly index: number;
  readonly attempts?: number;
}

/** First message to a worker. */
export interface InitMessage {
  readonly type: "init";
  /** Absolute path of the config module. */
  readonly configPath: string;
  /** The same command-line overrides the coordinator applied. */
  readonly overrides: ConfigOverrides;
  readonly shared: SharedFrame;
  readonly faults?: readonly FaultSpec[];
}

/** One run of a task. */
export interface WorkerRun {
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

/** A chunk of runs for a worker. */
export interface TaskMessage {
  readonly type: "task";
  readonly task: number;
  /** 0 on the first try, 1 on the retry. */
  readonly attempt: number;
  readonly runs: readonly WorkerRun[];
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
}

/** A finished run's full curve, when asked for. */
export interface RunCurve {
  readonly tsMs: Float64Array;
  readonly equity: Float64Array;
  readonly trades: TradeColumns;
}

/** Indicator cache counters of a worker, cumulative over its cache generations. */
export interface CacheCounters {
  readonly hits: number;
  readonly misses: number;
  /** Series evicted (their slot reused for another) to stay within `optimize.cacheMb`. */
  readonly evictions: number;
}

/** Messages from a worker. */
export type FromWorker =
  | { readonly type: "ready" }
  | { readonly type: "initError"; readonly message: string; readonly userError: boolean }
  /** An uncaught error in the worker, reported just before it closes itself. */
  | { readonly type: "fatal"; readonly message: string }
  | {
    readonly type: "run";
    readonly task: number;
    readonly summary: RunSummary;
    readonly curve?: RunCurve;
    readonly ms: number;
  }
  | { readonly type: "taskDone"; readonly task: number; readonly cache: CacheCounters };
