/**
 * The chunk scheduler: which runs go to a worker next, in what order results
 * are released, and what happens when a worker fails mid-chunk.
 *
 * - Runs `0 … total-1` are cut into contiguous chunks, never across a
 *   `boundary` (a walk-forward window), handed out in order.
 * - Results come back in any order but are released strictly in run order.
 *   A new chunk is handed out only while it starts fewer than
 *   `maxAheadChunks` chunks past the oldest unreleased run, so the results
 *   held back for ordering stay bounded whatever the run count.
 * - A worker failure during a chunk retries its unfinished runs once, on a
 *   fresh worker. A run that was in progress at two failures is recorded as
 *   failed and the rest of its chunk goes on. Every run ends up released
 *   exactly once.
 *
 * @module
 */

/** A contiguous range of runs `[start, end)` for one worker. */
export interface Task {
  /** Unique per scheduler (a retry gets a new id). */
  readonly id: number;
  /** First run. */
  readonly start: number;
  /** One past the last run. */
  readonly end: number;
  /** 0 on the first try; 1 on the retry after a failure at `start`. */
  readonly attempt: number;
}

/** What to do after a failure: retry these runs on a fresh worker, and/or record a run as failed. */
export interface FailureOutcome {
  readonly retry?: Task;
  readonly failedIndex?: number;
}

/** Options of {@linkcode ChunkScheduler}. */
export interface SchedulerOptions {
  readonly total: number;
  readonly chunkSize: number;
  /** How many chunks may be handed out past the oldest unreleased run. */
  readonly maxAheadChunks: number;
  /** Chunks never cross a multiple of this (default: no boundary). */
  readonly boundary?: number;
  /**
   * The workers that share the chunks. When given, chunks shrink toward the end (guided scheduling): a chunk is at
   * most a 1/(4 × workers) share of the runs not yet handed out, and at least one run, so the last chunks are small
   * and every worker finishes at about the same time, each having taken work in proportion to its speed. Without it,
   * every chunk is `chunkSize`.
   */
  readonly workers?: number;
}

/**
 * The default chunk size: about eight chunks per worker (so a slow chunk
 * does not leave the others idle at the end), between 1 and 64 runs (so
 * progress, retries and the ordering buffer stay fine-grained).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { defaultChunkSize } from "./chunk_scheduler.ts";
 * assert.ok(defaultChunkSize(1000, 2) === 63);
 * assert.ok(defaultChunkSize(10, 8) === 1);
 * ```
 */
export function defaultChunkSize(runs: number, workers: number): number {
  return Math.max(1, Math.min(64, Math.ceil(runs / (Math.max(1, workers) * 8))));
}

/**
 * Hands out chunks, orders results, and handles failures.
 *
 * @example Two chunks, results released in run order
 * ```ts
 * import assert from "node:assert/strict";
 * import { ChunkScheduler } from "./chunk_scheduler.ts";
 * const s = new ChunkScheduler<string>({ total: 4, chunkSize: 2, maxAheadChunks: 4 });
 * const a = s.nextTask()!, b = s.nextTask()!;
 * s.complete(2, "c");
 * assert.ok(s.drain().length === 0); // run 0 is not back yet
 * s.complete(0, "a");
 * s.complete(1, "b");
 * s.complete(3, "d");
 * assert.ok(s.drain().map(([, r]) => r).join("") === "abcd" && s.finished);
 * assert.ok(a.end === 2 && b.start === 2);
 * ```
 */
export class ChunkScheduler<R> {
  readonly #total: number;
  readonly #chunkSize: number;
  readonly #aheadRuns: number;
  readonly #boundary: number;
  readonly #share: number;
  #nextStart = 0;
  #nextId = 0;
  #released = 0;
  #resolved = 0;
  readonly #held = new Map<number, R>();
  readonly #done: Uint8Array;
  readonly #failures = new Map<number, number>();

  /** A scheduler for `opts.total` runs. */
  constructor(opts: SchedulerOptions) {
    if (!(opts.total >= 0 && opts.chunkSize >= 1 && opts.maxAheadChunks >= 1)) {
      throw new RangeError("ChunkScheduler: total ≥ 0, chunkSize ≥ 1 and maxAheadChunks ≥ 1 are required");
    }
    this.#total = opts.total;
    this.#chunkSize = opts.chunkSize;
    this.#aheadRuns = opts.maxAheadChunks * opts.chunkSize;
    this.#boundary = opts.boundary ?? Infinity;
    this.#share = opts.workers !== undefined && opts.workers >= 1 ? 4 * opts.workers : 0;
    this.#done = new Uint8Array(opts.total);
  }

  /** Runs in all. */
  get total(): number {
    return this.#total;
  }

  /** Runs with a result (completed or failed). */
  get resolved(): number {
    return this.#resolved;
  }

  /** True once every run has a result. */
  get finished(): boolean {
    return this.#resolved === this.#total;
  }

  /** The next new chunk, or undefined when none is due (all handed out, or too far ahead of the released runs). */
  nextTask(): Task | undefined {
    const start = this.#nextStart;
    if (start >= this.#total || start >= this.#released + this.#aheadRuns) return undefined;
    const wall = Math.min(this.#total, (Math.floor(start / this.#boundary) + 1) * this.#boundary);
    const size = this.#share === 0
      ? this.#chunkSize
      : Math.min(this.#chunkSize, Math.max(1, Math.ceil((this.#total - start) / this.#share)));
    const end = Math.min(start + size, wall);
    this.#nextStart = end;
    return { id: this.#nextId++, start, end, attempt: 0 };
  }

  /** Record run `index`'s result; a second result for the same run is ignored (returns false). */
  complete(index: number, result: R): boolean {
    if (!(index >= 0 && index < this.#total) || this.#done[index] === 1) return false;
    this.#done[index] = 1;
    this.#resolved++;
    this.#held.set(index, result);
    return true;
  }

  /**
   * A worker failed during `task` after finishing its first `finished` runs.
   * Returns the runs to retry on a fresh worker and/or the run to record as
   * failed (the caller then calls {@linkcode complete} for it).
   */
  fail(task: Task, finished: number): FailureOutcome {
    let u = task.start + finished;
    while (u < task.end && this.#done[u] === 1) u++;
    if (u >= task.end) return {};
    const n = (this.#failures.get(u) ?? 0) + 1;
    this.#failures.set(u, n);
    if (n < 2) return { retry: { id: this.#nextId++, start: u, end: task.end, attempt: n } };
    this.#failures.delete(u);
    const rest = u + 1 < task.end ? { id: this.#nextId++, start: u + 1, end: task.end, attempt: 0 } : undefined;
    return rest === undefined ? { failedIndex: u } : { failedIndex: u, retry: rest };
  }

  /** Results now releasable in run order (removed from the scheduler). */
  drain(): [number, R][] {
    const out: [number, R][] = [];
    while (this.#released < this.#total && this.#held.has(this.#released)) {
      const i = this.#released++;
      out.push([i, this.#held.get(i)!]);
      this.#held.delete(i);
    }
    return out;
  }

  /** Every held result in run order, gaps skipped: the final flush of an interrupted study. */
  drainAll(): [number, R][] {
    const out = this.drain();
    const rest = [...this.#held.keys()].sort((a, b) => a - b);
    for (const i of rest) out.push([i, this.#held.get(i)!]);
    this.#held.clear();
    return out;
  }
}
