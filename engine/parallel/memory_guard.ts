/**
 * A memory guard for the Deno Workers of a process.
 *
 * V8 runs out of memory per isolate, but a Worker's fatal "out of memory"
 * ends the whole process (with a C stack trace), and `Worker.terminate()`
 * does not stop a Worker that is busy in a loop (measured with Deno 2.9:
 * the thread runs on until it returns to its event loop). So the thread
 * that owns the Workers watches the process's resident memory instead:
 *
 * 1. Every `pollMs` it reads `Deno.memoryUsage().rss`.
 * 2. Above `limitMb`, it takes the busy Worker that has been silent the
 *    longest (a run that allocates without bound posts nothing) for dead,
 *    out of memory ({@linkcode WorkerClient.fail} with `outOfMemory`): its
 *    owner applies its crash rule to the runs it held.
 * 3. If memory is still above the limit `graceMs` later (or sooner, once it
 *    passes halfway from the limit to V8's heap limit), that Worker did not
 *    stop and will take the process down: `onUnstoppable` is called once, and
 *    the owner ends what it runs with a clear error before V8 does.
 *
 * The default limit is half of V8's heap limit (`--max-old-space-size`), so
 * one Worker alone cannot reach V8's own limit before the guard acts.
 *
 * @module
 */
import { getHeapStatistics } from "node:v8";
import type { ChunkRun } from "./protocol.ts";
import type { WorkerClient } from "./worker_client.ts";

/** Memory settings of a pool or a queue worker. */
export interface MemoryLimitOptions {
  /**
   * Resident memory of the process (MB) above which a busy Worker is taken
   * as out of memory; default {@linkcode defaultMemoryLimitMb} (half of V8's
   * heap limit).
   */
  readonly memoryLimitMb?: number | undefined;
  /** How long a Worker taken as out of memory has to stop before its process gives up; default 1000 ms. */
  readonly memoryGraceMs?: number | undefined;
}

/**
 * A process that must stop because a Worker busy allocating cannot be
 * stopped: the message says which runs were on it and the limit.
 */
export class OutOfMemoryError extends Error {
  override name = "OutOfMemoryError";
  constructor(message: string) {
    super(message);
    this.stack = `${this.name}: ${message}`; // a limit, not a bug here: the CLI prints this line, no trace
  }
}

/** The default grace after a Worker is taken as out of memory. */
export const DEFAULT_MEMORY_GRACE_MS = 1000;

/**
 * Half of this process's V8 heap limit, in MB (about 2 GB with Deno's
 * defaults on a machine with 8 GB or more).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { defaultMemoryLimitMb } from "./memory_guard.ts";
 * assert.ok(defaultMemoryLimitMb() > 100);
 * ```
 */
export function defaultMemoryLimitMb(): number {
  return Math.floor(heapLimitMb() / 2);
}

function heapLimitMb(): number {
  return getHeapStatistics().heap_size_limit / 2 ** 20;
}

const MB = 2 ** 20;

/** Options of {@linkcode MemoryGuard}. */
export interface MemoryGuardOptions extends MemoryLimitOptions {
  /** The Workers to watch (read at every poll). */
  readonly workers: () => Iterable<WorkerClient<ChunkRun, unknown>>;
  /** Called once when a Worker taken as out of memory did not stop within the grace. */
  readonly onUnstoppable: (message: string) => void;
  /** Called when a Worker is taken as out of memory, and when memory is back under the limit after the grace. */
  readonly onTrip?: ((tripped: boolean) => void) | undefined;
  /** How often memory is read; default 100 ms. */
  readonly pollMs?: number | undefined;
  /** For tests: the resident memory in bytes. */
  readonly rss?: (() => number) | undefined;
}

/**
 * Watches the process's memory for a set of Workers; see the module doc.
 * Dispose of it to stop watching.
 *
 * @example
 * ```ts ignore
 * using guard = new MemoryGuard({ workers: () => clients, onUnstoppable: (m) => stop(new Error(m)) });
 * ```
 */
export class MemoryGuard implements Disposable {
  readonly #limitMb: number;
  /** Past this, a tripped guard gives up at once rather than at the end of the grace. */
  readonly #ceilingMb: number;
  readonly #graceMs: number;
  readonly #opts: MemoryGuardOptions;
  readonly #timer: ReturnType<typeof setInterval>;
  #trippedAt: number | undefined;
  #gaveUp = false;

  constructor(opts: MemoryGuardOptions) {
    this.#opts = opts;
    this.#limitMb = opts.memoryLimitMb ?? defaultMemoryLimitMb();
    this.#ceilingMb = Math.max(this.#limitMb, (this.#limitMb + heapLimitMb()) / 2);
    this.#graceMs = opts.memoryGraceMs ?? DEFAULT_MEMORY_GRACE_MS;
    this.#timer = setInterval(() => this.#poll(), opts.pollMs ?? 100);
  }

  /** The limit in MB. */
  get limitMb(): number {
    return this.#limitMb;
  }

  #poll(): void {
    if (this.#gaveUp) return;
    const rssMb = (this.#opts.rss ?? (() => Deno.memoryUsage().rss))() / MB;
    const now = performance.now();
    if (this.#trippedAt !== undefined) {
      const waitedMs = now - this.#trippedAt;
      if (waitedMs < this.#graceMs && rssMb <= this.#ceilingMb) return;
      if (rssMb > this.#limitMb) {
        this.#gaveUp = true;
        this.#opts.onUnstoppable(
          `out of memory: the process still uses ${rssMb.toFixed(0)} MB ${
            (waitedMs / 1000).toFixed(1)
          } s after a worker thread went over the limit of ${this.#limitMb} MB, and a thread busy allocating cannot be stopped`,
        );
        return;
      }
      this.#trippedAt = undefined;
      this.#opts.onTrip?.(false);
    }
    if (rssMb <= this.#limitMb) return;
    let victim: WorkerClient<ChunkRun, unknown> | undefined;
    for (const c of this.#opts.workers()) {
      if (c.dead || !c.busy) continue;
      if (victim === undefined || c.lastMessageMs < victim.lastMessageMs) victim = c;
    }
    if (victim === undefined) return; // nothing running: memory held elsewhere is not a Worker's doing
    this.#trippedAt = now;
    this.#opts.onTrip?.(true);
    victim.fail(
      `out of memory: the process used ${
        rssMb.toFixed(0)
      } MB, over the limit of ${this.#limitMb} MB, while this run was running`,
      { outOfMemory: true },
    );
  }

  [Symbol.dispose](): void {
    clearInterval(this.#timer);
  }
}
