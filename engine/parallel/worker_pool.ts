/**
 * The local pool: Deno Workers in this process that run chunks over shared
 * bars, and {@linkcode localBackend}, the {@linkcode PoolBackend} that opens
 * one per study.
 *
 * @module
 */
import { ConfigError } from "../errors.ts";
import { addCounters, type CacheCounters, NO_CACHE_COUNTERS } from "./cache_counters.ts";
import type { ChunkPool, PoolBackend, PoolJob, PoolOutcome, PoolRequest } from "./chunk_pool.ts";
import type { Task } from "./chunk_scheduler.ts";
import type { ChunkRun, FaultSpec } from "./protocol.ts";
import type { SharedFrame } from "./shared_frame.ts";
import { WorkerClient, type WorkerFailure } from "./worker_client.ts";
import { DEFAULT_MEMORY_GRACE_MS, MemoryGuard, type MemoryLimitOptions, OutOfMemoryError } from "./memory_guard.ts";
import type { ConfigOverrides } from "../config/load_config.ts";

/** What the local pool takes beyond a study's {@linkcode PoolRequest}. */
export interface LocalPoolOptions extends MemoryLimitOptions {
  /**
   * A busy worker silent for longer than this (and than 20 × the slowest run
   * so far) is taken for dead; default 60 s.
   */
  readonly stallTimeoutMs?: number | undefined;
  /** For tests: faults the workers inject (see {@linkcode FaultSpec}). */
  readonly faults?: readonly FaultSpec[] | undefined;
}

/** Options of {@linkcode WorkerPool.open}. */
export interface WorkerPoolOptions extends LocalPoolOptions {
  /** Number of workers (≥ 1). */
  readonly size: number;
  /** URL of the kernel module the workers run. */
  readonly kernel: string;
  /** Absolute path of the config module each worker imports. */
  readonly configPath: string;
  readonly overrides?: ConfigOverrides | undefined;
  readonly shared: SharedFrame;
}

interface Slot<Run extends ChunkRun, Out> {
  readonly client: WorkerClient<Run, Out>;
  /** The task it runs. */
  task: Task | undefined;
  /** A retry pinned to this fresh worker. */
  pinned: Task | undefined;
  /** After an out-of-memory failure: no task before this time (`performance.now()`), so the old thread can stop first. */
  holdUntilMs: number;
}

/**
 * A fixed-size pool of Deno Workers. Each worker imports the config module
 * itself, views the shared bars and keeps its own indicator cache; the pool
 * hands out chunks from a {@linkcode ChunkScheduler}, replaces a worker that
 * crashes, stops responding or runs out of memory, and retries its chunk once
 * on the new worker. A {@linkcode MemoryGuard} watches the process's memory:
 * over `memoryLimitMb` the busy worker silent the longest is taken as out of
 * memory (its run is retried once, after the grace, then recorded as failed
 * "out of memory"); if the process is still over the limit after the grace,
 * that thread cannot be stopped and the job fails with an
 * {@linkcode OutOfMemoryError} naming the run, before V8 would end the process.
 *
 * @example
 * ```ts ignore
 * await using pool = await WorkerPool.open({ size: 2, kernel, configPath, shared: shareFrame(frame) });
 * await pool.run({ scheduler, runsFor, failed, onOrdered });
 * console.log(pool.cacheCounters);
 * ```
 */
export class WorkerPool<Run extends ChunkRun, Out> implements ChunkPool<Run, Out> {
  readonly #opts: WorkerPoolOptions;
  readonly #slots: Slot<Run, Out>[] = [];
  #counters: CacheCounters = NO_CACHE_COUNTERS;
  #slowestRunMs = 0;
  #closed = false;
  #onEvent: (() => void) | undefined;
  #fatal: Error | undefined;
  #job: PoolJob<Run, Out> | undefined;
  #replaced = 0;
  #guard: MemoryGuard | undefined;
  /** Runs that were running on workers taken as out of memory. */
  readonly #oomRuns: number[] = [];

  private constructor(opts: WorkerPoolOptions) {
    this.#opts = opts;
  }

  /**
   * Start `size` workers and wait until each has imported the config.
   *
   * @throws {ConfigError} (or the worker's other bad-input error) when a worker cannot load the config.
   */
  static async open<Run extends ChunkRun, Out>(opts: WorkerPoolOptions): Promise<WorkerPool<Run, Out>> {
    if (!(Number.isInteger(opts.size) && opts.size >= 1)) {
      throw new ConfigError(`Invalid worker count ${opts.size}: expected a whole number ≥ 1`);
    }
    const pool = new WorkerPool<Run, Out>(opts);
    for (let i = 0; i < opts.size; i++) pool.#slots.push(pool.#spawn());
    pool.#guard = new MemoryGuard({
      memoryLimitMb: opts.memoryLimitMb,
      memoryGraceMs: opts.memoryGraceMs,
      workers: () => pool.#slots.map((s) => s.client as WorkerClient<ChunkRun, unknown>),
      onUnstoppable: (message) => {
        const runs = pool.#oomRuns.length === 0 ? "" : ` (run ${pool.#oomRuns.join(", run ")} was running on it)`;
        pool.#fatal = new OutOfMemoryError(`Study stopped, ${message}${runs}`);
        pool.#onEvent?.();
      },
    });
    try {
      await pool.#until(() => pool.#slots.every((s) => s.client.ready));
    } catch (e) {
      await pool.close();
      throw e;
    }
    return pool;
  }

  /** Workers in the pool. */
  get size(): number {
    return this.#slots.length;
  }

  /** Indicator cache counters over every chunk so far (of replaced workers too, up to their last finished chunk). */
  get cacheCounters(): CacheCounters {
    return this.#counters;
  }

  #spawn(): Slot<Run, Out> {
    const { kernel, configPath, overrides, shared, faults } = this.#opts;
    const slot: Slot<Run, Out> = {
      client: new WorkerClient<Run, Out>(
        { kernel, configPath, overrides: overrides ?? {}, shared, faults },
        (failure) => this.#crash(slot, failure),
      ),
      task: undefined,
      pinned: undefined,
      holdUntilMs: 0,
    };
    slot.client.started.then(() => this.#onEvent?.(), () => {});
    return slot;
  }

  #result(index: number, outcome: Out, ms: number): void {
    if (ms > this.#slowestRunMs) this.#slowestRunMs = ms;
    const job = this.#job;
    if (job !== undefined && job.scheduler.complete(index, outcome)) {
      for (const [i, o] of job.scheduler.drain()) job.onOrdered(i, o);
      job.onProgress?.(job.scheduler.resolved);
    }
    this.#onEvent?.();
  }

  #crash(slot: Slot<Run, Out>, failure: WorkerFailure): void {
    if (failure.atInit) {
      this.#fatal = new (failure.userError ? ConfigError : Error)(failure.message);
      this.#onEvent?.();
      return;
    }
    const i = this.#slots.indexOf(slot);
    if (this.#closed || i < 0) return;
    if (!slot.client.ready) {
      // a worker that cannot even start would fail the same way again
      this.#fatal = new Error(`a worker failed while starting: ${failure.message}`);
      this.#onEvent?.();
      return;
    }
    const fresh = this.#spawn();
    this.#slots[i] = fresh;
    this.#replaced++;
    const job = this.#job;
    const task = slot.task ?? slot.pinned;
    if (failure.outOfMemory) {
      // the old thread may run on until it returns to its loop: give it the guard's grace before its retry starts
      fresh.holdUntilMs = performance.now() + (this.#opts.memoryGraceMs ?? DEFAULT_MEMORY_GRACE_MS) + 200;
      if (slot.task !== undefined) this.#oomRuns.push(slot.task.start + slot.client.finished);
    }
    if (job !== undefined && task !== undefined) {
      const { retry, failedIndex } = job.scheduler.fail(task, slot.task === undefined ? 0 : slot.client.finished);
      if (failedIndex !== undefined) {
        job.scheduler.complete(failedIndex, job.failed(failedIndex, failure.message));
        for (const [k, o] of job.scheduler.drain()) job.onOrdered(k, o);
        job.onProgress?.(job.scheduler.resolved);
      }
      fresh.pinned = retry;
    }
    this.#onEvent?.();
  }

  /** Resolve when `cond` holds, re-checked after every worker event; reject on a fatal worker error. */
  #until(cond: () => boolean, signal?: AbortSignal): Promise<boolean> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.#fatal !== undefined) {
          done();
          reject(this.#fatal);
        } else if (signal?.aborted) {
          done();
          resolve(false);
        } else if (cond()) {
          done();
          resolve(true);
        }
      };
      const onAbort = () => check();
      const timer = setInterval(() => {
        this.#watchdog();
        check(); // a retry held after an out-of-memory failure becomes due with time, not with an event
      }, 250);
      const done = () => {
        clearInterval(timer);
        signal?.removeEventListener("abort", onAbort);
        this.#onEvent = undefined;
      };
      signal?.addEventListener("abort", onAbort);
      this.#onEvent = check;
      check();
    });
  }

  #watchdog(): void {
    const limit = Math.max(this.#opts.stallTimeoutMs ?? 60_000, 20 * this.#slowestRunMs);
    const now = performance.now();
    for (const s of [...this.#slots]) {
      const c = s.client;
      // starting a worker (importing the config) may take long on a loaded machine: be lenient there
      const allowed = c.ready ? limit : Math.max(limit, 120_000);
      const busy = !c.ready || s.task !== undefined;
      if (busy && !c.dead && now - c.lastMessageMs > allowed) {
        c.fail(`worker stopped responding (no message for ${(allowed / 1000).toFixed(1)} s)`);
      }
    }
  }

  #dispatch(): void {
    const job = this.#job!;
    const now = performance.now();
    for (const s of this.#slots) {
      if (!s.client.ready || s.client.dead || s.task !== undefined || s.holdUntilMs > now) continue;
      const task = s.pinned ?? job.scheduler.nextTask();
      if (task === undefined) continue;
      s.pinned = undefined;
      s.task = task;
      s.client.runTask(task.id, task.attempt, job.runsFor(task), (i, o, ms) => this.#result(i, o, ms)).then(
        (added) => {
          this.#counters = addCounters(this.#counters, added);
          s.task = undefined;
          this.#onEvent?.();
        },
        () => {}, // a dead worker is handled by #crash
      );
    }
  }

  /**
   * Run a job to the end (every run has a result) or until `signal` aborts.
   * Results reach `job.onOrdered` in run order as they become contiguous.
   */
  async run(job: PoolJob<Run, Out>, signal?: AbortSignal): Promise<PoolOutcome> {
    if (this.#closed) throw new Error("WorkerPool.run(): the pool is closed");
    if (this.#job !== undefined) throw new Error("WorkerPool.run(): a job is already running");
    this.#job = job;
    const replacedBefore = this.#replaced;
    try {
      const completed = await this.#until(() => {
        // done when every run has a result and every worker has reported its task (and its cache counters)
        if (job.scheduler.finished) return this.#slots.every((s) => s.client.dead || s.task === undefined);
        this.#dispatch();
        return false;
      }, signal);
      return { interrupted: !completed, replacedWorkers: this.#replaced - replacedBefore };
    } finally {
      this.#job = undefined;
      if (signal?.aborted) await this.close();
    }
  }

  /** Terminate every worker (idempotent). */
  close(): Promise<void> {
    this.#closed = true;
    this.#guard?.[Symbol.dispose]();
    for (const s of this.#slots) s.client.terminate();
    return Promise.resolve();
  }

  /** Same as {@linkcode close}: `await using pool = …` terminates the workers on scope exit. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

/**
 * The local {@linkcode PoolBackend}: a {@linkcode WorkerPool} of the
 * requested size per study.
 *
 * @example
 * ```ts ignore
 * await gridSearch({ configPath, backend: localBackend({ stallTimeoutMs: 5_000 }) });
 * ```
 */
export function localBackend(opts: LocalPoolOptions = {}): PoolBackend {
  return {
    open: <Run extends ChunkRun, Out>(req: PoolRequest) =>
      WorkerPool.open<Run, Out>({
        size: req.size,
        kernel: req.kernel,
        configPath: req.configPath,
        overrides: req.overrides,
        shared: req.shared,
        stallTimeoutMs: opts.stallTimeoutMs,
        memoryLimitMb: opts.memoryLimitMb,
        memoryGraceMs: opts.memoryGraceMs,
        faults: opts.faults,
      }),
  };
}
