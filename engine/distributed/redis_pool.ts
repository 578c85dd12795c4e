/**
 * The coordinator side of a queue-backed study: another implementation of
 * `engine/parallel/`'s `ChunkPool`, with chunks going through a BullMQ queue
 * on Redis to `deno task worker` processes on any machine instead of local
 * Workers. A caller chooses it with {@linkcode queueBackend}.
 *
 * The chunk scheduler, run order, ranking and result files are the local
 * pool's: only where a chunk runs differs, so the files are byte-identical
 * to a local run's.
 *
 * - Chunks are enqueued as the scheduler hands them out (at most
 *   `maxAheadChunks` past the oldest unreleased run), each with the job id
 *   `<run id>-<task>` as its idempotency key, three attempts and a 1 s
 *   backoff.
 * - Results arrive through the queue's event stream; a poll every 2 s of
 *   chunks with no event catches any result whose event was missed. The
 *   first result of a chunk counts; a duplicate is ignored.
 * - A chunk that fails on bad input (`[bad-input] …`: the data's sha256
 *   differs on a worker, say) stops the study with a {@linkcode BackendError}
 *   (exit 2); one that fails all its attempts stops it with an Error.
 * - An aborted study removes its waiting chunks from the queue.
 *
 * @module
 */
import { Job, Queue, QueueEvents } from "bullmq";
import { BackendError } from "../errors.ts";
import { addCounters, type CacheCounters, NO_CACHE_COUNTERS } from "../parallel/cache_counters.ts";
import type { ChunkPool, PoolBackend, PoolJob, PoolOutcome, PoolRequest } from "../parallel/chunk_pool.ts";
import type { Task } from "../parallel/chunk_scheduler.ts";
import type { ChunkRun } from "../parallel/protocol.ts";
import { decodeExact } from "./codec.ts";
import { BAD_INPUT, type ChunkJobData, chunkJobId, type ChunkResult, DEFAULT_QUEUE } from "./protocol.ts";
import { checkRedis, connectionOptions, parseRedisUrl, type RedisAddress } from "./redis.ts";
import { type StudyRef, studyRef } from "./study_ref.ts";

/** Where a study's queue is: what `--backend` and `--queue` say. */
export interface QueueBackendOptions {
  /** `redis://host:port[/db]`. */
  readonly url: string;
  /** The BullMQ queue (default `backtest-chunks`); workers must serve the same one. */
  readonly queue?: string | undefined;
  /** Called when no worker is connected yet (the study waits for one). */
  readonly onNoWorkers?: ((queue: string) => void) | undefined;
}

/**
 * The worker count a queue-backed study plans for when given none: the
 * count only sizes chunks and the look-ahead, so assume a few machines.
 */
export const QUEUE_DEFAULT_WORKERS = 16;

/** Options of {@linkcode RedisPool.open}. */
export interface RedisPoolOptions {
  readonly address: RedisAddress;
  readonly queue?: string | undefined;
  readonly study: StudyRef;
  /** Attempts per chunk (default 3). */
  readonly attempts?: number | undefined;
  /** Called when no worker is connected to the queue (the study waits for one). */
  readonly onNoWorkers?: ((queue: string) => void) | undefined;
}

/** A chunk waiting for its result. */
interface Pending {
  readonly task: Task;
  readonly jobId: string;
  readonly sinceMs: number;
}

/** See the module doc. */
export class RedisPool<Run extends ChunkRun, Out> implements ChunkPool<Run, Out> {
  readonly #opts: RedisPoolOptions;
  readonly #queue: Queue<ChunkJobData>;
  readonly #events: QueueEvents;
  readonly #runId = crypto.randomUUID();
  readonly #workers: number;
  #counters: CacheCounters = NO_CACHE_COUNTERS;
  #closed = false;

  private constructor(opts: RedisPoolOptions, queue: Queue<ChunkJobData>, events: QueueEvents, workers: number) {
    this.#opts = opts;
    this.#queue = queue;
    this.#events = events;
    this.#workers = workers;
  }

  /**
   * Check that Redis answers (fails within a few seconds with a
   * {@linkcode BackendError} when it does not), then open the queue.
   */
  static async open<Run extends ChunkRun, Out>(opts: RedisPoolOptions): Promise<RedisPool<Run, Out>> {
    const name = opts.queue ?? DEFAULT_QUEUE;
    const connection = connectionOptions(opts.address);
    const queue = new Queue<ChunkJobData>(name, { connection });
    const events = new QueueEvents(name, { connection });
    queue.on("error", () => {});
    events.on("error", () => {});
    await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
    const workers = (await queue.getWorkers()).length;
    if (workers === 0) opts.onNoWorkers?.(name);
    return new RedisPool<Run, Out>(opts, queue, events, workers);
  }

  /** Workers connected to the queue when the pool opened. */
  get size(): number {
    return this.#workers;
  }

  /** Indicator cache counters summed over every chunk's result. */
  get cacheCounters(): CacheCounters {
    return this.#counters;
  }

  /** Run a job through the queue; see the module doc. */
  async run(job: PoolJob<Run, Out>, signal?: AbortSignal): Promise<PoolOutcome> {
    if (this.#closed) throw new Error("RedisPool.run(): the pool is closed");
    const pending = new Map<string, Pending>();
    const done = new Set<string>();
    let failure: Error | undefined;
    let wake: (() => void) | undefined;
    const poke = () => wake?.();

    const accept = (jobId: string, value: unknown) => {
      const p = pending.get(jobId);
      if (p === undefined || done.has(jobId)) return; // another study's chunk, or a duplicate
      let result: ChunkResult<Out>;
      try {
        const r = typeof value === "string" ? (JSON.parse(value) as { r: string }) : (value as { r: string });
        result = decodeExact(r.r) as ChunkResult<Out>;
      } catch (e) {
        failure = new Error(`chunk ${jobId} returned an unreadable result: ${e instanceof Error ? e.message : e}`);
        poke();
        return;
      }
      pending.delete(jobId);
      done.add(jobId);
      this.#counters = addCounters(this.#counters, result.cache);
      for (const o of result.outcomes) {
        if (job.scheduler.complete(o.index, o.outcome)) {
          for (const [i, out] of job.scheduler.drain()) job.onOrdered(i, out);
        }
      }
      job.onProgress?.(job.scheduler.resolved);
      void this.#queue.remove(jobId).catch(() => {});
      poke();
    };
    const reject = (jobId: string, reason: string) => {
      if (!pending.has(jobId)) return;
      failure = reason.startsWith(BAD_INPUT)
        ? new BackendError(reason.slice(BAD_INPUT.length))
        : new Error(`chunk ${jobId} failed on every attempt: ${reason}`);
      poke();
    };
    const onCompleted = (e: { jobId: string; returnvalue: unknown }) => accept(e.jobId, e.returnvalue);
    const onFailed = (e: { jobId: string; failedReason: string }) => reject(e.jobId, e.failedReason);
    this.#events.on("completed", onCompleted);
    this.#events.on("failed", onFailed);
    const onAbort = () => poke();
    signal?.addEventListener("abort", onAbort);
    const attempts = this.#opts.attempts ?? 3;
    try {
      let lastPoll = performance.now();
      while (!job.scheduler.finished && failure === undefined && !signal?.aborted) {
        const adds: { name: string; data: ChunkJobData; opts: object }[] = [];
        for (let t = job.scheduler.nextTask(); t !== undefined; t = job.scheduler.nextTask()) {
          const jobId = chunkJobId(this.#runId, t.id);
          pending.set(jobId, { task: t, jobId, sinceMs: performance.now() });
          adds.push({
            name: "chunk",
            data: { study: this.#opts.study, task: t.id, runs: job.runsFor(t) },
            opts: {
              jobId,
              attempts,
              backoff: { type: "fixed", delay: 1000 },
              removeOnComplete: { age: 3600 },
              removeOnFail: { age: 24 * 3600 },
            },
          });
        }
        if (adds.length > 0) await this.#queue.addBulk(adds);
        if (job.scheduler.finished || failure !== undefined) break;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 2000);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = undefined;
        if (performance.now() - lastPoll >= 2000) {
          lastPoll = performance.now();
          await this.#poll(pending, accept, reject);
        }
      }
      if (failure !== undefined) throw failure;
      return { interrupted: !job.scheduler.finished, replacedWorkers: 0 };
    } finally {
      this.#events.off("completed", onCompleted);
      this.#events.off("failed", onFailed);
      signal?.removeEventListener("abort", onAbort);
      if (pending.size > 0) {
        // an aborted or failed study takes its waiting chunks off the queue (running ones finish and expire)
        await Promise.all([...pending.keys()].map((id) => this.#queue.remove(id).catch(() => 0)));
      }
    }
  }

  /** Look up chunks that have had no event for 2 s: finished ones count as if their event had come. */
  async #poll(
    pending: Map<string, Pending>,
    accept: (id: string, v: unknown) => void,
    reject: (id: string, reason: string) => void,
  ): Promise<void> {
    const now = performance.now();
    const stale = [...pending.values()].filter((p) => now - p.sinceMs > 2000).slice(0, 200);
    for (const p of stale) {
      const j = await Job.fromId<ChunkJobData, { r: string }>(this.#queue, p.jobId);
      if (j === undefined) continue;
      if (j.finishedOn !== undefined && j.returnvalue !== null && j.returnvalue !== undefined) {
        accept(p.jobId, j.returnvalue);
      } else if (j.finishedOn !== undefined && j.failedReason && (await j.isFailed())) {
        reject(p.jobId, j.failedReason);
      }
    }
  }

  /** Close the queue connections (idempotent). */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.allSettled([this.#events.close(), this.#queue.close()]);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

/**
 * The queue {@linkcode PoolBackend}: each study checks that Redis answers,
 * hashes its config module and data files into a {@linkcode StudyRef}, and
 * sends its chunks through the queue.
 *
 * @example
 * ```ts ignore
 * await gridSearch({ configPath, backend: queueBackend({ url: "redis://127.0.0.1:6379" }) });
 * ```
 */
export function queueBackend(opts: QueueBackendOptions): PoolBackend {
  return {
    defaultSize: QUEUE_DEFAULT_WORKERS,
    open: async <Run extends ChunkRun, Out>(req: PoolRequest) => {
      const address = parseRedisUrl(opts.url);
      await checkRedis(address);
      const ref = await studyRef(req.configPath, req.overrides, req.config);
      return await RedisPool.open<Run, Out>({ address, queue: opts.queue, study: ref, onNoWorkers: opts.onNoWorkers });
    },
  };
}
