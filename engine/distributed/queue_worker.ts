/**
 * A queue worker: serves chunk jobs from Redis with BullMQ, on any machine
 * that has a checkout of the repository and the study's data files.
 *
 * Each chunk runs on the same code as a local pool's worker: a Deno Worker
 * driven by the same {@linkcode WorkerClient}, running the kernel the caller
 * names (`deno task worker` names the study kernel), sent the same `init` and
 * `task` messages. The process keeps up to `concurrency` such Workers per
 * study and takes up to `concurrency` jobs at a time.
 *
 * Before the first chunk of a study the worker checks the study reference:
 * the config module's and every data file's sha256 must equal the
 * coordinator's ({@linkcode verifyConfigRef}, {@linkcode verifyDataRef}),
 * else the job fails at once as bad input. Then it loads the bars once and
 * shares them with its Workers; the two most recently used studies stay
 * loaded.
 *
 * Recovery is BullMQ's: a job holds a lock the worker renews every
 * `lockMs / 2`; a worker that dies stops renewing, and the stalled-job check
 * of any live worker puts the job back in the queue (up to two stalls), and
 * a job whose Worker crashed is retried (three attempts in all).
 *
 * What the worker says when things go wrong (one log event each):
 *
 * - `redis-down` when it loses Redis (it keeps reconnecting, as BullMQ does,
 *   and says `redis-up` once Redis answers again);
 * - `chunk-lost` when a job it ran is gone from Redis (Redis restarted
 *   without its data, or the queue was flushed): its result is dropped, and
 *   the coordinator re-queues the chunk;
 * - `out-of-memory` when the process went over `memoryLimitMb` (a
 *   {@linkcode MemoryGuard}): the chunk's thread is taken for dead and the job
 *   completes with the runs before and the run that ran out of memory, for
 *   the coordinator to apply its crash rule; new chunks wait meanwhile. If the
 *   thread cannot be stopped (busy allocating), the process stops and
 *   {@linkcode serveChunks} rejects with an {@linkcode OutOfMemoryError}
 *   before V8 would end it.
 *
 * @module
 */
import { type Job, UnrecoverableError, Worker as QueueWorker } from "bullmq";
import { loadConfig } from "../config/load_config.ts";
import { loadBars } from "../data/load_bars.ts";
import { isUserError } from "../errors.ts";
import { NO_CACHE_COUNTERS } from "../parallel/cache_counters.ts";
import { errorText } from "../parallel/error_text.ts";
import { MemoryGuard, type MemoryLimitOptions, OutOfMemoryError } from "../parallel/memory_guard.ts";
import type { ChunkRun } from "../parallel/protocol.ts";
import { type SharedFrame, shareFrame } from "../parallel/shared_frame.ts";
import { WorkerClient, WorkerFailure } from "../parallel/worker_client.ts";
import { encodeExact } from "./codec.ts";
import { BAD_INPUT, type ChunkJobData, type ChunkResult, DEFAULT_QUEUE } from "./protocol.ts";
import { checkRedis, connectionOptions, type RedisAddress } from "./redis.ts";
import { type StudyRef, verifyConfigRef, verifyDataRef } from "./study_ref.ts";

/** One structured log event of a worker. */
export interface WorkerEvent {
  readonly event:
    | "ready"
    | "study-loaded"
    | "study-refused"
    | "chunk-start"
    | "chunk-done"
    | "chunk-failed"
    | "chunk-lost"
    | "out-of-memory"
    | "redis-down"
    | "redis-up"
    | "study-evicted"
    | "closed";
  readonly [key: string]: unknown;
}

/** Options of {@linkcode serveChunks}. */
export interface QueueWorkerOptions extends MemoryLimitOptions {
  readonly address: RedisAddress;
  readonly queue?: string | undefined;
  /** URL of the kernel module the Workers run (see `ChunkKernel`); coordinators must use the same. */
  readonly kernel: string;
  /** Jobs run at once, each on its own Deno Worker (≥ 1). */
  readonly concurrency: number;
  /** Job lock duration; a dead worker's jobs are retried after about this long. Default 30 s. */
  readonly lockMs?: number | undefined;
  /** Resolves the study's relative paths; the working directory by default. */
  readonly cwd?: string | undefined;
  /** Stops taking jobs; the running ones finish first. */
  readonly signal?: AbortSignal | undefined;
  readonly log?: ((e: WorkerEvent) => void) | undefined;
}

/** A study loaded on this worker: its bars and its idle Workers. */
interface Host {
  readonly ref: StudyRef;
  readonly configPath: string;
  readonly shared: SharedFrame;
  readonly idle: WorkerClient<ChunkRun, unknown>[];
  busy: number;
  lastUsed: number;
}

/**
 * Serve chunk jobs until `signal` aborts; resolves once the running jobs have
 * finished and the connection is closed.
 *
 * @example
 * ```ts ignore
 * const ac = new AbortController();
 * Deno.addSignalListener("SIGTERM", () => ac.abort());
 * await serveChunks({ address: parseRedisUrl("redis://127.0.0.1:6379"), concurrency: 2, signal: ac.signal });
 * ```
 */
export async function serveChunks(opts: QueueWorkerOptions): Promise<void> {
  const cwd = opts.cwd ?? Deno.cwd();
  const log = opts.log ?? (() => {});
  const me = `${Deno.hostname()}:${Deno.pid}`;
  const hosts = new Map<string, Promise<Host>>();
  const loaded = new Map<string, Host>();
  /** Workers running a chunk now (the memory guard's candidates). */
  const active = new Set<WorkerClient<ChunkRun, unknown>>();
  let clock = 0;

  const evict = () => {
    // keep the two most recently used studies; drop older idle ones
    const idle = [...loaded.values()].filter((h) => h.busy === 0).sort((a, b) => a.lastUsed - b.lastUsed);
    while (loaded.size > 2 && idle.length > 0) {
      const h = idle.shift()!;
      for (const s of h.idle) s.terminate();
      loaded.delete(h.ref.id);
      hosts.delete(h.ref.id);
      log({ event: "study-evicted", study: h.ref.id.slice(0, 12) });
    }
  };

  const host = (ref: StudyRef): Promise<Host> => {
    let p = hosts.get(ref.id);
    if (p === undefined) {
      p = (async () => {
        const t0 = performance.now();
        const configPath = await verifyConfigRef(ref, cwd);
        const config = await loadConfig(configPath, ref.overrides);
        await verifyDataRef(ref, config, cwd);
        const frame = await loadBars(config.data, { baseDir: cwd });
        const h: Host = { ref, configPath, shared: shareFrame(frame), idle: [], busy: 0, lastUsed: ++clock };
        loaded.set(ref.id, h);
        log({
          event: "study-loaded",
          study: ref.id.slice(0, 12),
          config: ref.config.path,
          bars: frame.length,
          ms: Math.round(performance.now() - t0),
        });
        evict();
        return h;
      })();
      hosts.set(ref.id, p);
      // a failed load is not cached: the next job of the study tries again (and fails the same way on bad input)
      p.catch(() => hosts.delete(ref.id));
    }
    return p;
  };

  /** Closed while a thread that went over the memory limit may still be allocating: new chunks wait. */
  let gate: PromiseWithResolvers<void> | undefined;

  const processChunk = async (job: Job<ChunkJobData>): Promise<{ r: string }> => {
    // a held job keeps its lock; if this process must stop, it is abandoned and BullMQ re-queues it (stalled)
    while (gate !== undefined) await gate.promise;
    const { study, task, runs } = job.data;
    log({ event: "chunk-start", job: job.id, attempt: job.attemptsMade + 1, runs: runs.length });
    let h: Host;
    try {
      h = await host(study);
    } catch (e) {
      const message = isUserError(e) ? e.message : errorText(e);
      log({ event: "study-refused", job: job.id, study: study.id.slice(0, 12), error: message });
      throw isUserError(e) ? new UnrecoverableError(BAD_INPUT + message) : e;
    }
    h.busy++;
    h.lastUsed = ++clock;
    let slot = h.idle.pop();
    const t0 = performance.now();
    const outcomes: ChunkResult["outcomes"][number][] = [];
    try {
      slot ??= new WorkerClient({
        kernel: opts.kernel,
        configPath: h.configPath,
        overrides: study.overrides,
        shared: h.shared,
      });
      await slot.started;
      active.add(slot);
      const cache = await slot.runTask(task, 0, runs, (index, outcome) => outcomes.push({ index, outcome }));
      const result: ChunkResult = { outcomes, cache, worker: me };
      log({ event: "chunk-done", job: job.id, runs: runs.length, ms: Math.round(performance.now() - t0) });
      return { r: encodeExact(result) };
    } catch (e) {
      if (e instanceof WorkerFailure && e.outOfMemory) {
        // the runs before go back; the coordinator applies the crash rule to this one (retry once, then failed)
        const index = runs[outcomes.length]?.index ?? runs[runs.length - 1]!.index;
        log({ event: "out-of-memory", job: job.id, run: index, error: e.message });
        const result: ChunkResult = {
          outcomes,
          cache: NO_CACHE_COUNTERS,
          worker: me,
          outOfMemory: { index, message: e.message },
        };
        return { r: encodeExact(result) };
      }
      // a Worker that cannot load the study's config fails the same way everywhere: no retries
      const err = e instanceof WorkerFailure && e.userError ? new UnrecoverableError(BAD_INPUT + e.message) : e;
      log({ event: "chunk-failed", job: job.id, attempt: job.attemptsMade + 1, error: errorText(err) });
      throw err;
    } finally {
      if (slot !== undefined) active.delete(slot);
      h.busy--;
      if (slot !== undefined && !slot.dead) h.idle.push(slot);
      evict();
    }
  };

  const lockMs = opts.lockMs ?? 30_000;
  const worker = new QueueWorker<ChunkJobData, { r: string }>(opts.queue ?? DEFAULT_QUEUE, processChunk, {
    connection: connectionOptions(opts.address),
    concurrency: opts.concurrency,
    lockDuration: lockMs,
    stalledInterval: lockMs,
    maxStalledCount: 2,
    autorun: false,
  });
  const lost = new Set<string>();
  let down: ReturnType<typeof setInterval> | undefined;
  const redisDown = (cause: string) => {
    if (down !== undefined) return;
    log({
      event: "redis-down",
      error: `lost Redis at ${opts.address.display} (${cause}); reconnecting, running chunks go on`,
    });
    down = setInterval(() => {
      checkRedis(opts.address, 1000).then(() => {
        if (down === undefined) return;
        clearInterval(down);
        down = undefined;
        log({ event: "redis-up", address: opts.address.display });
      }, () => {});
    }, 1000);
  };
  worker.on("error", (e) => {
    const missing = /Missing (key|lock) for job (.+?)\. (\w+)/.exec(e.message);
    if (missing !== null) {
      const [, what, id, op] = missing;
      if (lost.has(id!)) return;
      lost.add(id!);
      log({
        event: "chunk-lost",
        job: id,
        error:
          `job ${id} is gone from Redis (no ${what} at ${op}: Redis restarted without its data, the queue was flushed, or the job's lock expired); this worker's result for it is dropped, and the coordinator re-queues lost chunks`,
      });
    } else if (/ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|Connection is closed|connect /i.test(e.message)) {
      redisDown(e.message);
    } else {
      log({ event: "chunk-failed", error: errorText(e) });
    }
  });
  let stopped: OutOfMemoryError | undefined;
  let stop: () => void = () => {};
  const stopping = new Promise<void>((resolve) => (stop = resolve));
  const guard = new MemoryGuard({
    memoryLimitMb: opts.memoryLimitMb,
    memoryGraceMs: opts.memoryGraceMs,
    workers: () => active,
    onTrip: (tripped) => {
      if (tripped) gate ??= Promise.withResolvers<void>();
      else {
        gate?.resolve();
        gate = undefined;
      }
    },
    onUnstoppable: (message) => {
      stopped = new OutOfMemoryError(`Worker ${me} stopped, ${message}`);
      log({ event: "out-of-memory", worker: me, error: stopped.message });
      stop();
    },
  });
  const running = worker.run();
  try {
    await worker.waitUntilReady();
    log({ event: "ready", worker: me, queue: opts.queue ?? DEFAULT_QUEUE, concurrency: opts.concurrency });
    if (opts.signal !== undefined) {
      if (opts.signal.aborted) await worker.close();
      else opts.signal.addEventListener("abort", () => void worker.close(), { once: true });
    }
    await Promise.race([running, stopping]);
    // out of memory: that chunk's result is already back; jobs held at the gate are left to the stalled-job check
    const closing = worker.close(stopped !== undefined);
    if (stopped === undefined) await closing;
    else await Promise.race([closing, new Promise((r) => setTimeout(r, 5000))]);
  } finally {
    guard[Symbol.dispose]();
    if (down !== undefined) clearInterval(down);
  }
  for (const h of loaded.values()) for (const s of h.idle) s.terminate();
  log({ event: "closed", worker: me });
  if (stopped !== undefined) throw stopped;
}
