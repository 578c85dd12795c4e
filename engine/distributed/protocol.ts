/**
 * What a chunk job on the queue holds and returns.
 *
 * - **Queue**: one BullMQ queue (`backtest-chunks` unless `--queue` says
 *   otherwise) shared by every coordinator and worker on a Redis.
 * - **Job id** `<study run id>-<task>`: the idempotency key of a chunk. BullMQ
 *   ignores a second add with the same id, and the coordinator takes the first
 *   result of each chunk and ignores any later one, so a chunk delivered twice
 *   (a worker that stalled but was not dead) changes nothing.
 * - **Data**: the study by reference ({@linkcode StudyRef}), the task id and
 *   the runs (index, params, window) — the same runs a local worker is sent.
 * - **Result**: `{ r }`, the exact encoding ({@linkcode encodeExact}) of the
 *   run outcomes (each with its run index) and the chunk's indicator cache
 *   counters.
 * - **Bad input** (a hash mismatch, a config the worker cannot load) fails the
 *   job at once, without retries, with a reason starting `[bad-input] `; the
 *   coordinator stops the study with that message and exit code 2.
 * - **Out of memory**: a chunk whose thread went over the worker's memory
 *   limit completes (no BullMQ retries) with the outcomes of the runs before
 *   and `outOfMemory` naming the run; the coordinator applies the local
 *   pool's crash rule to that run (one retry, then recorded as failed with
 *   the worker's message) and re-queues the rest of the chunk.
 *
 * @module
 */
import type { CacheCounters } from "../parallel/cache_counters.ts";
import type { ChunkRun } from "../parallel/protocol.ts";
import type { StudyRef } from "./study_ref.ts";

/** The default queue name. */
export const DEFAULT_QUEUE = "backtest-chunks";

/** Prefix of the failure reason of a job that failed on bad input. */
export const BAD_INPUT = "[bad-input] ";

/** A chunk job's data. */
export interface ChunkJobData<Run extends ChunkRun = ChunkRun> {
  readonly study: StudyRef;
  readonly task: number;
  readonly runs: readonly Run[];
}

/** A chunk job's result, before encoding. */
export interface ChunkResult<Out = unknown> {
  /** Each run's index and outcome, in run order. */
  readonly outcomes: readonly { readonly index: number; readonly outcome: Out }[];
  readonly cache: CacheCounters;
  /** Which worker ran it (`host:pid`), for logs. */
  readonly worker: string;
  /** Set when run `index` went over the worker's memory limit: `outcomes` are the runs before it. */
  readonly outOfMemory?: { readonly index: number; readonly message: string } | undefined;
}

/** The job id of a chunk: the study run's id and the task. BullMQ ids may not contain `:`. */
export const chunkJobId = (runId: string, task: number): string => `${runId}-${task}`;
