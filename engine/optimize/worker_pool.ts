/**
 * A pool of Deno Workers that run chunks of backtests over shared bars.
 *
 * @module
 */
import { ConfigError } from "../errors.ts";
import type { CacheCounters, FaultSpec, FromWorker, InitMessage, RunCurve, WorkerRun } from "./_protocol.ts";
import type { ChunkScheduler, Task } from "./chunk_scheduler.ts";
import { failedSummary, type RunSummary } from "./evaluate.ts";
import type { SharedFrame } from "./shared_frame.ts";
import type { ConfigOverrides } from "../config/load_config.ts";

/** A run's result as the pool hands it on. */
export interface RunOutcome {
  readonly summary: RunSummary;
  readonly curve?: RunCurve | undefined;
}

/** Options of {@linkcode WorkerPool.open}. */
export interface PoolOptions {
  /** Number of workers (≥ 1). */
  readonly size: number;
  /** Absolute path of the config module each worker imports. */
  readonly configPath: string;
  readonly overrides?: ConfigOverrides | undefined;
  readonly shared: SharedFrame;
  /**
   * A busy worker silent for longer than this (and than 20 × the slowest run
   * so far) is taken for dead; default 60 s.
   */
  readonly stallTimeoutMs?: number | undefined;
  /** For tests: faults the workers inject (see {@linkcode FaultSpec}). */
  readonly faults?: readonly FaultSpec[] | undefined;
}

/** One job for {@linkcode WorkerPool.run}. */
export interface PoolJob {
  readonly scheduler: ChunkScheduler<RunOutcome>;
  /** The runs of a task, with their params. */
  runsFor(task: Task): WorkerRun[];
  /** Called for each result, in run order. */
  onOrdered(index: number, outcome: RunOutcome): void;
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

/**
 * Where a study's chunks run: the local {@linkcode WorkerPool}, or a queue
 * backend (`engine/distributed/redis_pool.ts`). Studies see only this.
 */
export interface ChunkPool extends AsyncDisposable {
  /** Workers (local threads, or queue workers connected when it opened). */
  readonly size: number;
  /** Indicator cache counters over every chunk so far. */
  readonly cacheCounters: CacheCounters;
  /** Run a job to the end (every run has a result) or until `signal` aborts. */
  run(job: PoolJob, signal?: AbortSignal): Promise<PoolOutcome>;
  close(): Promise<void>;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  task: Task | undefined;
  /** Runs of `task` finished so far. */
  finished: number;
  lastMessageMs: number;
  /** A retry pinned to this fresh worker. */
  pinned: Task | undefined;
  counters: CacheCounters;
  dead: boolean;
}

const ENTRY = new URL("./_worker.ts", import.meta.url);

/**
 * A fixed-size pool of Deno Workers. Each worker imports the config module
 * itself, views the shared bars and keeps its own indicator cache; the pool
 * hands out chunks from a {@linkcode ChunkScheduler}, replaces a worker that
 * crashes or stops responding, and retries its chunk once on the new worker.
 *
 * @example
 * ```ts ignore
 * await using pool = await WorkerPool.open({ size: 2, configPath, shared: shareFrame(frame) });
 * await pool.run({ scheduler, runsFor, onOrdered });
 * console.log(pool.cacheCounters);
 * ```
 */
export class WorkerPool implements ChunkPool {
  readonly #opts: PoolOptions;
  readonly #slots: Slot[] = [];
  #retiredHits = 0;
  #retiredMisses = 0;
  #retiredEvictions = 0;
  #slowestRunMs = 0;
  #closed = false;
  #onEvent: (() => void) | undefined;
  #fatal: Error | undefined;
  #job: PoolJob | undefined;
  #replaced = 0;

  private constructor(opts: PoolOptions) {
    this.#opts = opts;
  }

  /**
   * Start `size` workers and wait until each has imported the config.
   *
   * @throws {ConfigError} (or the worker's other bad-input error) when a worker cannot load the config.
   */
  static async open(opts: PoolOptions): Promise<WorkerPool> {
    if (!(Number.isInteger(opts.size) && opts.size >= 1)) {
      throw new ConfigError(`Invalid worker count ${opts.size}: expected a whole number ≥ 1`);
    }
    const pool = new WorkerPool(opts);
    for (let i = 0; i < opts.size; i++) pool.#slots.push(pool.#spawn());
    try {
      await pool.#until(() => pool.#slots.every((s) => s.ready));
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

  /** Indicator cache hits and misses over every worker so far (including replaced ones). */
  get cacheCounters(): CacheCounters {
    let hits = this.#retiredHits, misses = this.#retiredMisses, evictions = this.#retiredEvictions;
    for (const s of this.#slots) {
      hits += s.counters.hits;
      misses += s.counters.misses;
      evictions += s.counters.evictions;
    }
    return { hits, misses, evictions };
  }

  #spawn(): Slot {
    const worker = new Worker(ENTRY, { type: "module" });
    const slot: Slot = {
      worker,
      ready: false,
      task: undefined,
      finished: 0,
      lastMessageMs: performance.now(),
      pinned: undefined,
      counters: { hits: 0, misses: 0, evictions: 0 },
      dead: false,
    };
    worker.onmessage = (e: MessageEvent<FromWorker>) => this.#message(slot, e.data);
    worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      this.#crash(slot, `worker crashed: ${String(e.message).replace(/^Uncaught (\(in promise\) )?/, "")}`);
    };
    worker.onmessageerror = () => this.#crash(slot, "worker crashed: a message could not be read");
    const init: InitMessage = {
      type: "init",
      configPath: this.#opts.configPath,
      overrides: this.#opts.overrides ?? {},
      shared: this.#opts.shared,
      ...(this.#opts.faults !== undefined && { faults: this.#opts.faults }),
    };
    worker.postMessage(init);
    return slot;
  }

  #message(slot: Slot, msg: FromWorker): void {
    if (slot.dead) return;
    slot.lastMessageMs = performance.now();
    switch (msg.type) {
      case "ready":
        slot.ready = true;
        break;
      case "initError": {
        const E = msg.userError ? ConfigError : Error;
        this.#fatal = new E(msg.message);
        break;
      }
      case "run": {
        if (msg.ms > this.#slowestRunMs) this.#slowestRunMs = msg.ms;
        slot.finished++;
        const job = this.#job;
        if (
          job !== undefined && job.scheduler.complete(msg.summary.index, { summary: msg.summary, curve: msg.curve })
        ) {
          for (const [i, o] of job.scheduler.drain()) job.onOrdered(i, o);
          job.onProgress?.(job.scheduler.resolved);
        }
        break;
      }
      case "fatal":
        this.#crash(slot, `worker crashed: ${msg.message}`);
        return;
      case "taskDone":
        slot.counters = msg.cache;
        slot.task = undefined;
        slot.finished = 0;
        break;
    }
    this.#onEvent?.();
  }

  #crash(slot: Slot, error: string): void {
    if (slot.dead) return;
    slot.dead = true;
    slot.worker.terminate();
    this.#retiredHits += slot.counters.hits;
    this.#retiredMisses += slot.counters.misses;
    this.#retiredEvictions += slot.counters.evictions;
    const i = this.#slots.indexOf(slot);
    if (this.#closed || i < 0) return;
    if (!slot.ready) {
      // a worker that cannot even start would fail the same way again
      this.#fatal = new Error(`a worker failed while starting: ${error}`);
      this.#onEvent?.();
      return;
    }
    const fresh = this.#spawn();
    this.#slots[i] = fresh;
    this.#replaced++;
    const job = this.#job;
    const task = slot.task ?? slot.pinned;
    if (job !== undefined && task !== undefined) {
      const { retry, failedIndex } = job.scheduler.fail(task, slot.task === undefined ? 0 : slot.finished);
      if (failedIndex !== undefined) {
        job.scheduler.complete(failedIndex, { summary: failedSummary(failedIndex, error) });
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
      const timer = setInterval(() => this.#watchdog(), 250);
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
      // starting a worker (importing the config) may take long on a loaded machine: be lenient there
      const allowed = s.ready ? limit : Math.max(limit, 120_000);
      const busy = !s.ready || s.task !== undefined;
      if (busy && !s.dead && now - s.lastMessageMs > allowed) {
        this.#crash(s, `worker stopped responding (no message for ${(allowed / 1000).toFixed(1)} s)`);
      }
    }
  }

  #dispatch(): void {
    const job = this.#job!;
    for (const s of this.#slots) {
      if (!s.ready || s.dead || s.task !== undefined) continue;
      const task = s.pinned ?? job.scheduler.nextTask();
      if (task === undefined) continue;
      s.pinned = undefined;
      s.task = task;
      s.finished = 0;
      s.lastMessageMs = performance.now();
      s.worker.postMessage({ type: "task", task: task.id, attempt: task.attempt, runs: job.runsFor(task) });
    }
  }

  /**
   * Run a job to the end (every run has a result) or until `signal` aborts.
   * Results reach `job.onOrdered` in run order as they become contiguous.
   */
  async run(job: PoolJob, signal?: AbortSignal): Promise<PoolOutcome> {
    if (this.#closed) throw new Error("WorkerPool.run(): the pool is closed");
    if (this.#job !== undefined) throw new Error("WorkerPool.run(): a job is already running");
    this.#job = job;
    const replacedBefore = this.#replaced;
    try {
      const completed = await this.#until(() => {
        // done when every run has a result and every worker has reported its task (and its cache counters)
        if (job.scheduler.finished) return this.#slots.every((s) => s.dead || s.task === undefined);
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
    for (const s of this.#slots) {
      if (!s.dead) {
        s.dead = true;
        s.worker.terminate();
      }
    }
    return Promise.resolve();
  }

  /** Same as {@linkcode close}: `await using pool = …` terminates the workers on scope exit. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
