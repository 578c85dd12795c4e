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
 * @module
 */
import { type Job, UnrecoverableError, Worker as QueueWorker } from "bullmq";
import { loadConfig } from "../config/load_config.ts";
import { loadBars } from "../data/load_bars.ts";
import { isUserError } from "../errors.ts";
import { errorText } from "../parallel/error_text.ts";
import type { ChunkRun } from "../parallel/protocol.ts";
import { type SharedFrame, shareFrame } from "../parallel/shared_frame.ts";
import { WorkerClient, WorkerFailure } from "../parallel/worker_client.ts";
import { encodeExact } from "./codec.ts";
import { BAD_INPUT, type ChunkJobData, type ChunkResult, DEFAULT_QUEUE } from "./protocol.ts";
import { connectionOptions, type RedisAddress } from "./redis.ts";
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
    | "study-evicted"
    | "closed";
  readonly [key: string]: unknown;
}

/** Options of {@linkcode serveChunks}. */
export interface QueueWorkerOptions {
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

  const processChunk = async (job: Job<ChunkJobData>): Promise<{ r: string }> => {
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
    try {
      slot ??= new WorkerClient({
        kernel: opts.kernel,
        configPath: h.configPath,
        overrides: study.overrides,
        shared: h.shared,
      });
      await slot.started;
      const outcomes: ChunkResult["outcomes"][number][] = [];
      const cache = await slot.runTask(task, 0, runs, (index, outcome) => outcomes.push({ index, outcome }));
      const result: ChunkResult = { outcomes, cache, worker: me };
      log({ event: "chunk-done", job: job.id, runs: runs.length, ms: Math.round(performance.now() - t0) });
      return { r: encodeExact(result) };
    } catch (e) {
      // a Worker that cannot load the study's config fails the same way everywhere: no retries
      const err = e instanceof WorkerFailure && e.userError ? new UnrecoverableError(BAD_INPUT + e.message) : e;
      log({ event: "chunk-failed", job: job.id, attempt: job.attemptsMade + 1, error: errorText(err) });
      throw err;
    } finally {
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
  worker.on("error", (e) => log({ event: "chunk-failed", error: errorText(e) }));
  const running = worker.run();
  await worker.waitUntilReady();
  log({ event: "ready", worker: me, queue: opts.queue ?? DEFAULT_QUEUE, concurrency: opts.concurrency });
  if (opts.signal !== undefined) {
    if (opts.signal.aborted) await worker.close();
    else opts.signal.addEventListener("abort", () => void worker.close(), { once: true });
  }
  await running;
  await worker.close();
  for (const h of loaded.values()) for (const s of h.idle) s.terminate();
  log({ event: "closed", worker: me });
}
