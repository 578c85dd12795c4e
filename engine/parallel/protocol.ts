/**
 * The chunk protocol: the messages between a pool and its Deno Workers.
 * Only plain data crosses: each worker imports the config module and the
 * kernel module itself (functions cannot be posted), and the bars are shared
 * ({@linkcode SharedFrame}).
 *
 * A worker answers `init` with `ready` (or `initError`), then each `task`
 * with one `run` per run, in order, and a `taskDone` with its cache
 * counters. An uncaught error is reported as `fatal` just before the worker
 * closes itself. What a run is and what it returns belong to the kernel
 * ({@linkcode ChunkKernel}); the protocol only needs each run's index.
 *
 * @module
 */
import type { ConfigOverrides } from "../config/load_config.ts";
import type { CacheCounters } from "./cache_counters.ts";
import type { SharedFrame } from "./shared_frame.ts";

/** What every run sent to a worker has: its index in the job (each index runs once, results are released in index order). */
export interface ChunkRun {
  readonly index: number;
}

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
  /** URL of the kernel module: its default export is the {@linkcode ChunkKernel} the worker runs. */
  readonly kernel: string;
  /** Absolute path of the config module. */
  readonly configPath: string;
  /** The same command-line overrides the coordinator applied. */
  readonly overrides: ConfigOverrides;
  readonly shared: SharedFrame;
  readonly faults?: readonly FaultSpec[];
}

/** A chunk of runs for a worker. */
export interface TaskMessage<Run extends ChunkRun = ChunkRun> {
  readonly type: "task";
  readonly task: number;
  /** 0 on the first try, 1 on the retry. */
  readonly attempt: number;
  readonly runs: readonly Run[];
}

/** Messages from a worker. */
export type FromWorker<Out = unknown> =
  | { readonly type: "ready" }
  | { readonly type: "initError"; readonly message: string; readonly userError: boolean }
  /** An uncaught error in the worker, reported just before it closes itself. */
  | { readonly type: "fatal"; readonly message: string }
  | { readonly type: "run"; readonly task: number; readonly index: number; readonly outcome: Out; readonly ms: number }
  /** The task's runs are all sent; `cache` is the worker's running total. */
  | { readonly type: "taskDone"; readonly task: number; readonly cache: CacheCounters };
