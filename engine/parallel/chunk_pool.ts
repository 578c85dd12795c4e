/**
 * The one interface studies run their chunks through, whoever runs them:
 * the local {@linkcode WorkerPool} (Deno Workers in this process) or a queue
 * backend (`engine/distributed/`'s Redis pool). A caller chooses the
 * {@linkcode PoolBackend} and hands it to the study; the study asks it for a
 * pool and sees only {@linkcode ChunkPool}.
 *
 * @module
 */
import type { ConfigOverrides } from "../config/load_config.ts";
import type { Config } from "../config/schema.ts";
import type { CacheCounters } from "./cache_counters.ts";
import type { ChunkScheduler, Task } from "./chunk_scheduler.ts";
import type { ChunkRun } from "./protocol.ts";
import type { SharedFrame } from "./shared_frame.ts";

/** One job for {@linkcode ChunkPool.run}. */
export interface PoolJob<Run extends ChunkRun, Out> {
  readonly scheduler: ChunkScheduler<Out>;
  /** The runs of a task. */
  runsFor(task: Task): Run[];
  /** The outcome of run `index` when every attempt at it failed with `error` (a worker crash, a stall). */
  failed(index: number, error: string): Out;
  /** Called for each result, in run order. */
  onOrdered(index: number, outcome: Out): void;
  /** Called after each result arrives (any order): runs resolved so far. */
  onProgress?(resolved: number): void;
}

/** How a job ended. */
export interface PoolOutcome {
  /** True when the signal stopped it before every run had a result. */
  readonly interrupted: boolean;
  /** Workers replaced after a crash or a stall. */
  readonly replacedWorkers: number;
}

/** Where a study's chunks run. */
export interface ChunkPool<Run extends ChunkRun, Out> extends AsyncDisposable {
  /** Workers (local threads, or queue workers connected when it opened). */
  readonly size: number;
  /** Indicator cache counters over every chunk so far. */
  readonly cacheCounters: CacheCounters;
  /**
   * Run a job to the end (every run has a result) or until `signal` aborts.
   * Results reach `job.onOrdered` in run order as they become contiguous.
   */
  run(job: PoolJob<Run, Out>, signal?: AbortSignal): Promise<PoolOutcome>;
  close(): Promise<void>;
}

/** What a study asks a {@linkcode PoolBackend} for. */
export interface PoolRequest {
  /** Workers wanted (≥ 1; a queue backend takes it as a hint). */
  readonly size: number;
  /** URL of the kernel module the workers run (see {@linkcode ChunkKernel}). */
  readonly kernel: string;
  /** Absolute path of the config module each worker imports. */
  readonly configPath: string;
  /** The config as the coordinator loaded it (a queue backend hashes its data files). */
  readonly config: Config;
  /** The overrides the coordinator applied; each worker applies the same. */
  readonly overrides: ConfigOverrides;
  /** The bars, shared with local workers. */
  readonly shared: SharedFrame;
}

/**
 * How a study gets its pool: chosen by the caller (the CLI's `--backend`,
 * a job's), {@linkcode localBackend} when none is given.
 */
export interface PoolBackend {
  /** Workers a study plans for when it is given no count; the cores when undefined. */
  readonly defaultSize?: number | undefined;
  /** Open a pool for one study; the study closes it. */
  open<Run extends ChunkRun, Out>(request: PoolRequest): Promise<ChunkPool<Run, Out>>;
}
