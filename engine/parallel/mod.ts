/**
 * Parallel execution: chunks of runs across Deno Workers, over bars shared
 * once in memory, with results released in run order whoever ran them.
 *
 * What it owns:
 *
 * - the chunk protocol between a pool and its workers (`protocol.ts`) and
 *   the one client side of it ({@linkcode WorkerClient});
 * - the worker entry (`worker_entry.ts`), which loads the config, views the
 *   shared bars, and runs an injected {@linkcode ChunkKernel} (a study's
 *   kernel lives with the study, in `engine/optimize/`);
 * - the {@linkcode ChunkPool} interface every pool implements, and the
 *   {@linkcode PoolBackend} a caller injects to choose one;
 * - the local pool ({@linkcode WorkerPool}, {@linkcode localBackend}), the
 *   {@linkcode ChunkScheduler}, the {@linkcode SharedFrame} and the cache
 *   counters' arithmetic;
 * - the {@linkcode MemoryGuard} that takes a Worker over the process's memory
 *   limit as out of memory (local pools and queue workers both use it).
 *
 * What it may import: `engine/config/`, `engine/data/` and `engine/errors.ts`
 * only (no packages). It knows nothing of studies (`engine/optimize/`) or
 * queues (`engine/distributed/`, another implementation of
 * {@linkcode ChunkPool}): both import it. `tests/architecture_test.ts`
 * checks these rules.
 *
 * @example Order results whoever finishes first
 * ```ts
 * import assert from "node:assert/strict";
 * import { ChunkScheduler } from "./mod.ts";
 * const s = new ChunkScheduler<string>({ total: 2, chunkSize: 1, maxAheadChunks: 2 });
 * s.nextTask();
 * s.nextTask();
 * s.complete(1, "b");
 * s.complete(0, "a");
 * assert.deepEqual(s.drain(), [[0, "a"], [1, "b"]]);
 * ```
 *
 * @module
 */
export { addCounters, type CacheCounters, NO_CACHE_COUNTERS } from "./cache_counters.ts";
export type { ChunkKernel, KernelSession } from "./chunk_kernel.ts";
export type { ChunkPool, PoolBackend, PoolJob, PoolOutcome, PoolRequest } from "./chunk_pool.ts";
export {
  ChunkScheduler,
  defaultChunkSize,
  type FailureOutcome,
  type SchedulerOptions,
  type Task,
} from "./chunk_scheduler.ts";
export { errorText } from "./error_text.ts";
export {
  DEFAULT_MEMORY_GRACE_MS,
  defaultMemoryLimitMb,
  MemoryGuard,
  type MemoryGuardOptions,
  type MemoryLimitOptions,
  OutOfMemoryError,
} from "./memory_guard.ts";
export type { ChunkRun, FaultSpec, FromWorker, InitMessage, TaskMessage } from "./protocol.ts";
export { frameFromShared, type SharedFrame, shareFrame } from "./shared_frame.ts";
export { type OnRun, WorkerClient, type WorkerClientOptions, WorkerFailure } from "./worker_client.ts";
export { localBackend, type LocalPoolOptions, WorkerPool, type WorkerPoolOptions } from "./worker_pool.ts";
