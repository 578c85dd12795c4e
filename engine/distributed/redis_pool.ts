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
 * - Results arrive through the queue's event stream; a poll every `pollMs`
 *   (2 s) of chunks with no event catches any result whose event was missed.
 *   The first result of a chunk counts; a duplicate is ignored.
 * - **Lost chunks.** The same poll finds chunks whose job is gone from Redis
 *   (Redis restarted without its data, or the queue was flushed) and adds
 *   them again under the same id, saying so through `onNotice`; a chunk lost
 *   more than `attempts` times stops the study.
 * - **Lost connection.** Every Redis call of the study is bounded: when Redis
 *   has not answered for `connectionLostMs` (30 s), the study stops with a
 *   {@linkcode BackendError} naming the address and the cause (exit 2).
 *   Shorter outages are ridden out (the clients reconnect by themselves).
 * - A chunk that fails on bad input (`[bad-input] …`: the data's sha256
 *   differs on a worker, say) stops the study with a {@linkcode BackendError}
 *   (exit 2); one that fails all its attempts stops it with an Error. A chunk
 *   whose run ran out of memory on a worker (its result says which) gets the
 *   local pool's crash rule: that run is retried once, then recorded as
 *   failed with the worker's message, and the rest of the chunk is re-queued.
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

/** How long a study rides out an unreachable Redis before it stops, by default. */
export const DEFAULT_CONNECTION_LOST_MS = 30_000;

/** How often a study looks up chunks that had no event, by default. */
export const DEFAULT_POLL_MS = 2000;

/** The bounds of a queue-backed study (see the module doc). */
export interface QueueTimingOptions {
  /** Redis may not answer for this long before the study stops (default 30 s). */
  readonly connectionLostMs?: number | undefined;
  /** Chunks with no event for this long are looked up; lost ones are re-queued (default 2 s). */
  readonly pollMs?: number | undefined;
  /** Called with a line for the user when something was recovered (lost chunks re-queued). */
  readonly onNotice?: ((text: string) => void) | undefined;
}

/** Where a study's queue is: what `--backend` and `--queue` say. */
export interface QueueBackendOptions extends QueueTimingOptions {
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
export interface RedisPoolOptions extends QueueTimingOptions {
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
  readonly data: ChunkJobData;
  /** When it was added (again), or last seen waiting or running. */
  sinceMs: number;
  /** Times it was found gone from Redis and added again. */
  lost: number;
}

/** A Redis call that did not answer in time. */
class NoAnswer extends Error {}

/** `p`, or a {@linkcode NoAnswer} after `ms` (the call itself may still complete later). */
function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new NoAnswer(`${what}: no answer within ${(ms / 1000).toFixed(1)} s`)), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

/** See the module doc. */
export class RedisPool<Run extends ChunkRun, Out> implements ChunkPool<Run, Out> {
  readonly #opts: RedisPoolOptions;
  readonly #queue: Queue<ChunkJobData>;
  readonly #events: QueueEvents;
  readonly #runId = crypto.randomUUID();
  readonly #workers: number;
  readonly #lastError: { message: string | undefined };
  #counters: CacheCounters = NO_CACHE_COUNTERS;
  #closed = false;

  private constructor(
    opts: RedisPoolOptions,
    queue: Queue<ChunkJobData>,
    events: QueueEvents,
    workers: number,
    lastError: { message: string | undefined },
  ) {
    this.#opts = opts;
    this.#queue = queue;
    this.#events = events;
    this.#workers = workers;
    this.#lastError = lastError;
  }

  /**
   * Check that Redis answers (fails within a few seconds with a
   * {@linkcode BackendError} when it does not), then open the queue (bounded
   * by `connectionLostMs`).
   */
  static async open<Run extends ChunkRun, Out>(opts: RedisPoolOptions): Promise<RedisPool<Run, Out>> {
    await checkRedis(opts.address);
    const name = opts.queue ?? DEFAULT_QUEUE;
    const connection = connectionOptions(opts.address);
    const queue = new Queue<ChunkJobData>(name, { connection });
    const events = new QueueEvents(name, { connection });
    const lastError = { message: undefined as string | undefined };
    queue.on("error", (e: Error) => (lastError.message = e.message));
    events.on("error", (e: Error) => (lastError.message = e.message));
    const limitMs = opts.connectionLostMs ?? DEFAULT_CONNECTION_LOST_MS;
    try {
      await within(Promise.all([queue.waitUntilReady(), events.waitUntilReady()]), limitMs, "opening the queue");
      const workers = (await within(queue.getWorkers(), limitMs, "listing the workers")).length;
      if (workers === 0) opts.onNoWorkers?.(name);
      return new RedisPool<Run, Out>(opts, queue, events, workers, lastError);
    } catch (e) {
      await within(Promise.allSettled([queue.disconnect(), events.disconnect()]), limitMs, "disconnecting").catch(
        () => {},
      );
      if (!(e instanceof NoAnswer)) throw e;
      throw new BackendError(
        `Lost the connection to Redis at ${opts.address.display}: ${lastError.message ?? e.message}`,
        { cause: e },
      );
    }
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
    const retries: Task[] = [];
    let failure: Error | undefined;
    let wake: (() => void) | undefined;
    const poke = () => wake?.();
    const attempts = this.#opts.attempts ?? 3;
    const pollMs = this.#opts.pollMs ?? DEFAULT_POLL_MS;
    const lostMs = this.#opts.connectionLostMs ?? DEFAULT_CONNECTION_LOST_MS;
    let lastAnswerMs = performance.now();

    const release = () => {
      for (const [i, out] of job.scheduler.drain()) job.onOrdered(i, out);
      job.onProgress?.(job.scheduler.resolved);
    };
    const settle = (jobId: string) => {
      pending.delete(jobId);
      done.add(jobId);
      void this.#queue.remove(jobId).catch(() => {});
      poke();
    };
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
      this.#counters = addCounters(this.#counters, result.cache);
      for (const o of result.outcomes) job.scheduler.complete(o.index, o.outcome);
      const oom = result.outOfMemory;
      if (oom !== undefined) {
        if (!(oom.index >= p.task.start && oom.index < p.task.end)) {
          failure = new Error(`chunk ${jobId} ran out of memory at run ${oom.index}, which is not one of its runs`);
          poke();
          return;
        }
        // the local pool's crash rule: one retry of the run, then it is recorded as failed; the rest runs on
        const { retry, failedIndex } = job.scheduler.fail(p.task, oom.index - p.task.start);
        if (failedIndex !== undefined) job.scheduler.complete(failedIndex, job.failed(failedIndex, oom.message));
        if (retry !== undefined) retries.push(retry);
      }
      release();
      settle(jobId);
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
    const chunk = (t: Task): Pending => {
      const jobId = chunkJobId(this.#runId, t.id);
      const data: ChunkJobData = { study: this.#opts.study, task: t.id, runs: job.runsFor(t) };
      const p: Pending = { task: t, jobId, data, sinceMs: performance.now(), lost: 0 };
      pending.set(jobId, p);
      return p;
    };
    const jobOpts = (jobId: string) => ({
      jobId,
      attempts,
      backoff: { type: "fixed", delay: 1000 },
      removeOnComplete: { age: 3600 },
      removeOnFail: { age: 24 * 3600 },
    });
    /** Run a Redis call bounded by the poll period; true when Redis answered. */
    const call = async (what: string, op: () => Promise<unknown>): Promise<boolean> => {
      try {
        await within(op(), pollMs, what);
        lastAnswerMs = performance.now();
        return true;
      } catch (e) {
        if (!(e instanceof NoAnswer)) this.#lastError.message = e instanceof Error ? e.message : String(e);
        return false;
      }
    };
    try {
      let lastPoll = performance.now();
      while (!job.scheduler.finished && failure === undefined && !signal?.aborted) {
        const adds: Pending[] = retries.splice(0).map(chunk);
        for (let t = job.scheduler.nextTask(); t !== undefined; t = job.scheduler.nextTask()) adds.push(chunk(t));
        if (adds.length > 0) {
          // not added in time: the poll below finds them missing and adds them again (same ids)
          await call(
            "adding chunks",
            () => this.#queue.addBulk(adds.map((p) => ({ name: "chunk", data: p.data, opts: jobOpts(p.jobId) }))),
          );
        }
        if (job.scheduler.finished || failure !== undefined) break;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, pollMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = undefined;
        if (performance.now() - lastPoll >= pollMs) {
          lastPoll = performance.now();
          await call("looking up chunks", () => this.#poll(pending, accept, reject, jobOpts));
        }
        const silentMs = performance.now() - lastAnswerMs;
        if (failure === undefined && silentMs > lostMs) {
          const left = job.scheduler.total - job.scheduler.resolved;
          failure = new BackendError(
            `Lost the connection to Redis at ${this.#opts.address.display}: no answer for ${
              (silentMs / 1000).toFixed(0)
            } s (${
              this.#lastError.message ?? "no reply"
            }); the study stopped with ${left} of ${job.scheduler.total} runs unfinished`,
          );
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
        await within(Promise.all([...pending.keys()].map((id) => this.#queue.remove(id).catch(() => 0))), pollMs, "")
          .catch(() => {});
      }
    }
  }

  /**
   * Look up chunks that have had no event for a poll period: finished ones
   * count as if their event had come; ones gone from Redis are added again.
   */
  async #poll(
    pending: Map<string, Pending>,
    accept: (id: string, v: unknown) => void,
    reject: (id: string, reason: string) => void,
    jobOpts: (jobId: string) => object,
  ): Promise<void> {
    await this.#queue.count(); // a heartbeat even when no chunk is due for a look-up
    const now = performance.now();
    const pollMs = this.#opts.pollMs ?? DEFAULT_POLL_MS;
    const stale = [...pending.values()].filter((p) => now - p.sinceMs > pollMs).slice(0, 200);
    const lost: Pending[] = [];
    for (const p of stale) {
      const j = await Job.fromId<ChunkJobData, { r: string }>(this.#queue, p.jobId);
      if (!pending.has(p.jobId)) continue; // its event came meanwhile
      if (j === undefined) {
        lost.push(p);
      } else if (j.finishedOn !== undefined && j.returnvalue !== null && j.returnvalue !== undefined) {
        accept(p.jobId, j.returnvalue);
      } else if (j.finishedOn !== undefined && j.failedReason && (await j.isFailed())) {
        reject(p.jobId, j.failedReason);
      }
    }
    if (lost.length === 0) return;
    const attempts = this.#opts.attempts ?? 3;
    const worst = lost.reduce((a, b) => (b.lost > a.lost ? b : a));
    if (worst.lost >= attempts) {
      reject(
        worst.jobId,
        `its job was lost from Redis ${
          worst.lost + 1
        } times (Redis restarted without its data, or the queue was flushed)`,
      );
      return;
    }
    for (const p of lost) {
      p.lost++;
      p.sinceMs = performance.now();
    }
    await this.#queue.addBulk(lost.map((p) => ({ name: "chunk", data: p.data, opts: jobOpts(p.jobId) })));
    this.#opts.onNotice?.(
      `${lost.length} chunk(s) of this study were gone from Redis at ${this.#opts.address.display} (restarted without its data, or flushed?): queued again`,
    );
  }

  /** Close the queue connections (idempotent; bounded: a Redis that does not answer is disconnected). */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const pollMs = this.#opts.pollMs ?? DEFAULT_POLL_MS;
    await within(Promise.allSettled([this.#events.close(), this.#queue.close()]), pollMs, "closing").catch(() =>
      // Redis does not answer: drop the connections without waiting for it
      within(Promise.allSettled([this.#events.disconnect(), this.#queue.disconnect()]), pollMs, "disconnecting")
        .catch(() => {})
    );
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

/**
 * The queue {@linkcode PoolBackend}: each study hashes its config module and
 * data files into a {@linkcode StudyRef}, checks that Redis answers, and
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
      const ref = await studyRef(req.configPath, req.overrides, req.config);
      return await RedisPool.open<Run, Out>({
        address,
        queue: opts.queue,
        study: ref,
        onNoWorkers: opts.onNoWorkers,
        connectionLostMs: opts.connectionLostMs,
        pollMs: opts.pollMs,
        onNotice: opts.onNotice,
      });
    },
  };
}
