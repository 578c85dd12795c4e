/**
 * The supervising side of a backtest run: the runner Worker
 * (`cli/_backtest_runner.ts`), its messages in order, and the limits of the
 * run. The wall-clock limit is a timer; the memory limit is a sample of the
 * process's resident memory every 50 ms, which terminates the runner the
 * moment it is above the limit, before V8 runs out of heap (that would end
 * the whole process with a fatal error: see {@linkcode runLimits}).
 *
 * Also what the sandbox launcher (`cli/backtest_sandbox.ts`) shares with the
 * CLI without loading it: the flags, the staging report, the check of a
 * published set.
 *
 * @module
 */
import { isAbsolute, relative, resolve } from "node:path";
import { getHeapStatistics } from "node:v8";
import { UsageError, wholeNumber } from "./_args.ts";
import type { RunnerMessage, RunnerPaths, RunnerStart, WrittenFile } from "./_backtest_runner.ts";
import { CLI_OPTIONS } from "./_options.ts";
import { MANIFEST_FILE } from "../engine/report/atomic_write.ts";

/** Wall-clock limit of one run, in seconds, unless `--max-time` says otherwise. */
export const DEFAULT_MAX_TIME_S = 3600;

/**
 * Marks where the supervisor puts the history line in the runner's summary.
 * It lives here, not in the runner's module, so that the supervisor's thread
 * never loads the engine the runner imports.
 */
export const HISTORY_MARK = "\u0000history\u0000";

/** Memory limit of one run (the process's resident memory), in MB, unless `--max-memory` says otherwise. */
export const DEFAULT_MAX_MEMORY_MB = 4096;
/** The share of the JavaScript heap limit a memory limit may reach: the rest is the margin for one poll. */
const HEAP_SHARE = 0.75;
/** How often the supervisor samples the process's memory, in ms. */
const MEMORY_POLL_MS = 50;
/** The exit code of a run a limit stopped. */
export const EXIT_LIMIT = 5;

/** A run a limit stopped: exit code {@linkcode EXIT_LIMIT}. */
export class LimitError extends Error {
  override name = "LimitError";
}

/** The runner ended without finishing (an uncaught error in config code, a crash): exit code 1, nothing published. */
export class RunnerError extends Error {
  override name = "RunnerError";
}

/** The limits of one run. */
export interface RunLimits {
  readonly maxTimeMs: number;
  readonly maxMemoryMb: number;
}

/**
 * The limits of a run from its flags. `--max-memory` must stay below 3/4 of
 * the JavaScript heap limit (`--v8-flags=--max-old-space-size`), so that the
 * supervisor stops a runaway strategy before V8 runs out of heap, which would
 * end the whole process with a fatal error.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { runLimits } from "./_supervised_run.ts";
 * assert.deepEqual(runLimits({ "max-time": "1.5", "max-memory": "512" }), { maxTimeMs: 1500, maxMemoryMb: 512 });
 * assert.throws(() => runLimits({ "max-time": "0" }), /--max-time expects a number of seconds > 0, found "0"/);
 * ```
 */
export function runLimits(
  values: { readonly "max-time"?: string | undefined; readonly "max-memory"?: string | undefined },
): RunLimits {
  const heapMb = Math.floor(getHeapStatistics().heap_size_limit / 2 ** 20);
  const ceiling = Math.floor(heapMb * HEAP_SHARE);
  let maxTimeMs = DEFAULT_MAX_TIME_S * 1000;
  const t = values["max-time"];
  if (t !== undefined) {
    const s = Number(t);
    if (t.trim() === "" || !Number.isFinite(s) || s <= 0) {
      throw new UsageError(`--max-time expects a number of seconds > 0, found "${t}"`);
    }
    maxTimeMs = s * 1000;
  }
  const maxMemoryMb = wholeNumber("--max-memory", values["max-memory"], 64) ?? Math.min(DEFAULT_MAX_MEMORY_MB, ceiling);
  if (maxMemoryMb > ceiling) {
    throw new UsageError(
      `--max-memory ${maxMemoryMb} is above what this process can stop safely: at most ${ceiling} MB, 3/4 of its ` +
        `JavaScript heap limit (${heapMb} MB); raise that with deno run --v8-flags=--max-old-space-size=MB`,
    );
  }
  return { maxTimeMs, maxMemoryMb };
}

/** The state of a supervised run, for the message when a limit stops it. */
interface Watch {
  stage: string;
  strategy: string | undefined;
  barsDone: number;
  barsTotal: number;
}

/** `strategy "x" of config "c.ts"` or `config "c.ts"`, and where it was. */
function stoppedWhere(file: string, w: Watch): { who: string; where: string } {
  const who = w.strategy === undefined ? `config "${file}"` : `strategy "${w.strategy}" (config "${file}")`;
  const bars = w.barsTotal > 0
    ? ` after ${w.barsDone.toLocaleString("en-US")} of ${w.barsTotal.toLocaleString("en-US")} bars`
    : "";
  return { who, where: `while ${w.stage}${bars}` };
}

/**
 * One run of the runner Worker under its limits. Messages arrive in order
 * through {@linkcode SupervisedRun.next}, which rejects with a
 * {@linkcode LimitError} or a {@linkcode RunnerError} when the run is stopped.
 * Disposing of it stops the runner.
 */
export class SupervisedRun implements Disposable {
  readonly #file: string;
  readonly #worker: Worker;
  readonly #channel = new MessageChannel();
  /** The runner waits on this once it has answered: set and notified before it is terminated. */
  readonly #release = new Int32Array(new SharedArrayBuffer(4));
  readonly #inbox: RunnerMessage[] = [];
  readonly #stopped: Promise<never>;
  #stop!: (e: Error) => void;
  #wake: (() => void) | undefined;
  readonly #timer: ReturnType<typeof setTimeout>;
  readonly #poll: ReturnType<typeof setInterval>;
  /** Where the run is, for the message when a limit stops it. */
  readonly #watch: Watch = { stage: "loading the config", strategy: undefined, barsDone: 0, barsTotal: 0 };

  /** Start the runner on `start` (its port and release cell are added here) under `limits`. */
  constructor(start: Omit<RunnerStart, "kind" | "port" | "release">, limits: RunLimits) {
    this.#file = start.file;
    this.#stopped = new Promise<never>((_, reject) => (this.#stop = reject));
    this.#stopped.catch(() => {});
    this.#worker = new Worker(new URL("./_backtest_runner.ts", import.meta.url), { type: "module" });
    this.#channel.port1.onmessage = (e: MessageEvent<RunnerMessage>) => {
      this.#note(e.data);
      this.#inbox.push(e.data);
      this.#wake?.();
    };
    this.#worker.onerror = (e) => {
      e.preventDefault();
      this.#stop(
        new RunnerError(`the run of "${this.#file}" ended before it finished, nothing published: ${e.message}`),
      );
    };
    this.#timer = setTimeout(() => {
      const { who, where } = stoppedWhere(this.#file, this.#watch);
      this.#stop(
        new LimitError(
          `${who} was stopped after ${limits.maxTimeMs / 1000} s, the run's time limit (--max-time), ${where}`,
        ),
      );
    }, limits.maxTimeMs);
    this.#poll = setInterval(() => {
      const rss = Deno.memoryUsage().rss;
      if (rss <= limits.maxMemoryMb * 2 ** 20) return;
      this.stop(); // now: a poll later may be too late
      const { who, where } = stoppedWhere(this.#file, this.#watch);
      const mb = Math.round(rss / 2 ** 20);
      this.#stop(
        new LimitError(
          `${who} was stopped at ${mb} MB of memory, above the run's limit of ${limits.maxMemoryMb} MB (--max-memory), ${where}`,
        ),
      );
    }, MEMORY_POLL_MS);
    const message: RunnerStart = {
      kind: "start",
      ...start,
      port: this.#channel.port2,
      release: this.#release.buffer as SharedArrayBuffer,
    };
    this.#worker.postMessage(message, [this.#channel.port2]);
  }

  /** Keep what a limit's message says: the strategy, the stage, the bars done. */
  #note(m: RunnerMessage): void {
    if (m.kind === "config") this.#watch.strategy = m.strategy;
    else if (m.kind === "stage") this.#watch.stage = m.text;
    else if (m.kind === "bars") {
      this.#watch.barsDone = m.done;
      this.#watch.barsTotal = m.total;
    }
  }

  /** The runner's next message; rejects when a limit or a crash stopped the run. */
  async next(): Promise<RunnerMessage> {
    while (this.#inbox.length === 0) await Promise.race([new Promise<void>((r) => (this.#wake = r)), this.#stopped]);
    return this.#inbox.shift()!;
  }

  /** Answer the runner's `write`. */
  reply(paths: RunnerPaths): void {
    this.#channel.port1.postMessage(paths);
  }

  /** End the runner and the limits: wake it if it waits (see `cli/_backtest_runner.ts`), then terminate it. */
  stop(): void {
    clearTimeout(this.#timer);
    clearInterval(this.#poll);
    Atomics.store(this.#release, 0, 1);
    Atomics.notify(this.#release, 0);
    this.#worker.terminate();
  }

  [Symbol.dispose](): void {
    this.stop();
    this.#channel.port1.close();
  }
}

/** The flags of `deno task backtest` and `backtest:sandbox`: {@linkcode CLI_OPTIONS} and the limits. */
export const BACKTEST_OPTIONS = {
  ...CLI_OPTIONS,
  "max-time": { type: "string" },
  "max-memory": { type: "string" },
} as const;

/** What the sandboxed child leaves for its launcher in the staging directory (see {@linkcode BacktestCliOptions.stage}). */
export interface StageReport {
  readonly root: string;
  readonly keep: number | undefined;
  readonly files: readonly WrittenFile[];
  /** The summary, its file paths written `${STAGE_DIR_MARK}/<name>`, its history line filled in; null with --quiet. */
  readonly summary: string | null;
}

/** The report's file name in the staging directory (a name no result file has). */
export const STAGE_REPORT = ".stage-report.json";
/** Stands for the published run's directory in a staged summary. */
export const STAGE_DIR_MARK = "\u0000dir\u0000";

/** True when `path` is `area` or inside it. */
export function isInside(path: string, area: string): boolean {
  const rel = relative(resolve(area), resolve(path));
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}

/**
 * Check a published set's manifest lists exactly the files the runner wrote,
 * with their sizes and digests: the run succeeds only with a complete set.
 *
 * @throws {Error} naming the first difference.
 */
export async function checkPublished(dir: string, files: readonly WrittenFile[]): Promise<void> {
  const manifest = JSON.parse(await Deno.readTextFile(`${dir}/${MANIFEST_FILE}`)) as { files: WrittenFile[] };
  const listed = new Map(manifest.files.map((f) => [f.name, f]));
  const wrong = files.find((f) => listed.get(f.name)?.sha256 !== f.sha256 || listed.get(f.name)?.bytes !== f.bytes);
  if (wrong !== undefined || listed.size !== files.length) {
    throw new Error(
      `the set published in "${dir}" is not the one the run wrote${
        wrong ? ` (${wrong.name} differs)` : ""
      }: do not use it`,
    );
  }
}
