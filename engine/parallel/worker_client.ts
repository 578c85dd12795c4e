/**
 * The client side of the chunk protocol: one Deno Worker running the
 * worker entry, driven by its owner (the local {@linkcode WorkerPool}, or a
 * queue worker process serving chunks from Redis).
 *
 * @module
 */
import { addCounters, type CacheCounters, NO_CACHE_COUNTERS } from "./cache_counters.ts";
import type { ChunkRun, FaultSpec, FromWorker, InitMessage, TaskMessage } from "./protocol.ts";
import type { SharedFrame } from "./shared_frame.ts";
import type { ConfigOverrides } from "../config/load_config.ts";

const ENTRY = new URL("./worker_entry.ts", import.meta.url);

/** What a worker is started with (the `init` message). */
export interface WorkerClientOptions {
  /** URL of the kernel module. */
  readonly kernel: string;
  /** Absolute path of the config module. */
  readonly configPath: string;
  readonly overrides: ConfigOverrides;
  readonly shared: SharedFrame;
  /** For tests: faults the worker injects. */
  readonly faults?: readonly FaultSpec[] | undefined;
}

/** Why a worker is gone: it could not start its study (`atInit`), crashed, or was taken for dead by its owner. */
export class WorkerFailure extends Error {
  override name = "WorkerFailure";
  /** The worker reported that it cannot load the config or the kernel. */
  readonly atInit: boolean;
  /** ...because of bad input (a config error), not a bug. */
  readonly userError: boolean;
  /** Its owner took it for dead because the process went over its memory limit (see `MemoryGuard`). */
  readonly outOfMemory: boolean;
  constructor(message: string, opts: { atInit?: boolean; userError?: boolean; outOfMemory?: boolean } = {}) {
    super(message);
    this.atInit = opts.atInit ?? false;
    this.userError = opts.userError ?? false;
    this.outOfMemory = opts.outOfMemory ?? false;
  }
}

/** Called for each run's outcome, in the order the worker runs them. */
export type OnRun<Out> = (index: number, outcome: Out, ms: number) => void;

interface Pending<Out> {
  readonly onRun: OnRun<Out>;
  readonly resolve: (added: CacheCounters) => void;
  readonly reject: (e: WorkerFailure) => void;
}

/**
 * One Deno Worker speaking the chunk protocol: started with
 * {@linkcode WorkerClientOptions}, sent one task at a time.
 *
 * @example
 * ```ts ignore
 * const w = new WorkerClient<StudyRun, RunOutcome>({ kernel, configPath, overrides: {}, shared });
 * await w.started;
 * const added = await w.runTask(0, 0, runs, (i, outcome) => console.log(i, outcome));
 * w.terminate();
 * ```
 */
export class WorkerClient<Run extends ChunkRun, Out> {
  readonly #worker: Worker;
  readonly #onExit: ((failure: WorkerFailure) => void) | undefined;
  /** Resolves once the worker has loaded the config and the kernel; rejects with a {@linkcode WorkerFailure}. */
  readonly started: Promise<void>;
  #started!: { resolve: () => void; reject: (e: WorkerFailure) => void };
  #ready = false;
  #dead = false;
  #pending: Pending<Out> | undefined;
  #finished = 0;
  #counters: CacheCounters = NO_CACHE_COUNTERS;
  #lastMessageMs = performance.now();

  /** Start a worker; `onExit` is told once if it dies (not after {@linkcode terminate}). */
  constructor(opts: WorkerClientOptions, onExit?: (failure: WorkerFailure) => void) {
    this.#onExit = onExit;
    this.started = new Promise((resolve, reject) => (this.#started = { resolve, reject }));
    this.started.catch(() => {}); // a failure also reaches onExit and any pending task
    this.#worker = new Worker(ENTRY, { type: "module" });
    this.#worker.onmessage = (e: MessageEvent<FromWorker<Out>>) => this.#message(e.data);
    this.#worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      this.fail(`worker crashed: ${String(e.message).replace(/^Uncaught (\(in promise\) )?/, "")}`);
    };
    this.#worker.onmessageerror = () => this.fail("worker crashed: a message could not be read");
    const init: InitMessage = {
      type: "init",
      kernel: opts.kernel,
      configPath: opts.configPath,
      overrides: opts.overrides,
      shared: opts.shared,
      ...(opts.faults !== undefined && { faults: opts.faults }),
    };
    this.#worker.postMessage(init);
  }

  /** True once the worker has loaded the config and the kernel. */
  get ready(): boolean {
    return this.#ready;
  }

  /** True once it crashed, was taken for dead, or was terminated. */
  get dead(): boolean {
    return this.#dead;
  }

  /** True while a task is running. */
  get busy(): boolean {
    return this.#pending !== undefined;
  }

  /** Runs of the current task finished so far. */
  get finished(): number {
    return this.#finished;
  }

  /** When the worker last said anything (`performance.now()`), for a stall watchdog. */
  get lastMessageMs(): number {
    return this.#lastMessageMs;
  }

  /**
   * Send a task. Resolves with the cache counters it added once every run's
   * outcome has gone to `onRun`; rejects with a {@linkcode WorkerFailure}
   * when the worker dies first.
   */
  runTask(task: number, attempt: number, runs: readonly Run[], onRun: OnRun<Out>): Promise<CacheCounters> {
    if (this.#dead) return Promise.reject(new WorkerFailure("the worker is gone"));
    if (this.#pending !== undefined) return Promise.reject(new Error("WorkerClient.runTask(): a task is running"));
    return new Promise((resolve, reject) => {
      this.#pending = { onRun, resolve, reject };
      this.#finished = 0;
      this.#lastMessageMs = performance.now();
      const msg: TaskMessage<Run> = { type: "task", task, attempt, runs };
      this.#worker.postMessage(msg);
    });
  }

  #message(msg: FromWorker<Out>): void {
    if (this.#dead) return;
    this.#lastMessageMs = performance.now();
    switch (msg.type) {
      case "ready":
        this.#ready = true;
        this.#started.resolve();
        break;
      case "initError":
        this.#die(new WorkerFailure(msg.message, { atInit: true, userError: msg.userError }));
        break;
      case "fatal":
        this.fail(`worker crashed: ${msg.message}`);
        break;
      case "run":
        this.#finished++;
        this.#pending?.onRun(msg.index, msg.outcome, msg.ms);
        break;
      case "taskDone": {
        const p = this.#pending;
        this.#pending = undefined;
        this.#finished = 0;
        const added = addCounters(msg.cache, this.#counters, -1);
        this.#counters = msg.cache;
        p?.resolve(added);
        break;
      }
    }
  }

  /** Take the worker for dead (a crash, a stall, out of memory): terminate it and tell the owner. */
  fail(message: string, opts: { outOfMemory?: boolean } = {}): void {
    this.#die(new WorkerFailure(message, opts));
  }

  #die(failure: WorkerFailure): void {
    if (this.#dead) return;
    this.#stop(failure);
    this.#onExit?.(failure);
  }

  #stop(failure: WorkerFailure): void {
    this.#dead = true;
    this.#worker.terminate();
    this.#started.reject(failure);
    const p = this.#pending;
    this.#pending = undefined;
    p?.reject(failure);
  }

  /** Stop the worker quietly (idempotent): `onExit` is not called. */
  terminate(): void {
    if (!this.#dead) this.#stop(new WorkerFailure("the worker was terminated"));
  }
}
