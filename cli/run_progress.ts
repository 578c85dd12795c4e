/**
 * Progress of one long backtest on stderr: silent for quick runs, then the
 * stage and, while the bars run, how far along they are.
 *
 * @module
 */

/**
 * Where progress goes and when it starts to show.
 *
 * @example
 * ```ts
 * import type { RunProgressOptions } from "./run_progress.ts";
 * const opts: RunProgressOptions = { tty: false, afterMs: 0, write: (s) => console.log(s.trimEnd()) };
 * console.log(opts.tty);
 * ```
 */
export interface RunProgressOptions {
  /** Redraw one line in place (a terminal) or print a line per stage and per 10 % of the bars (a pipe, a log). */
  readonly tty: boolean;
  /** Receives the text; stderr by default. */
  readonly write?: (text: string) => void;
  /** Show nothing until the run has taken this long; 2,000 ms by default. */
  readonly afterMs?: number;
  /** The clock, for tests; `performance.now` by default. */
  readonly now?: () => number;
  /** Redraw on a timer during stages that report nothing (loading); on by default. */
  readonly timer?: boolean;
}

const enc = new TextEncoder();
const int = (x: number) => x.toLocaleString("en-US");

/**
 * Stage and bar progress of a single run. Call {@linkcode RunProgress.stage}
 * when a stage begins, {@linkcode RunProgress.bars} from the run's
 * `onProgress`, and {@linkcode RunProgress.finish} before printing the
 * summary.
 *
 * @example A pipe gets one line per stage and per 10 %, once the run is slow
 * ```ts
 * import assert from "node:assert/strict";
 * import { RunProgress } from "./run_progress.ts";
 * let now = 0;
 * const out: string[] = [];
 * const p = new RunProgress({ tty: false, write: (s) => out.push(s), now: () => now, timer: false });
 * p.stage("loading bars");
 * now = 2500;
 * p.stage("running");
 * for (let done = 100_000; done <= 1_000_000; done += 100_000) p.bars(done, 1_000_000);
 * p.finish();
 * assert.equal(out[0], "running… 2.5 s\n");
 * assert.equal(out[1], "running: 10% (100,000 of 1,000,000 bars) 2.5 s\n");
 * assert.equal(out.length, 11);
 * ```
 */
export class RunProgress {
  readonly #opts: RunProgressOptions;
  readonly #write: (s: string) => void;
  readonly #now: () => number;
  readonly #start: number;
  #stage = "";
  #done = 0;
  #total = 0;
  #lastDecile = 0;
  #printedStage = false;
  #drawn = false;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(opts: RunProgressOptions) {
    this.#opts = opts;
    this.#write = opts.write ?? ((s) => void Deno.stderr.writeSync(enc.encode(s)));
    this.#now = opts.now ?? (() => performance.now());
    this.#start = this.#now();
    if (opts.timer ?? true) {
      const timer = setInterval(() => this.#show(), 500);
      Deno.unrefTimer(timer);
      this.#timer = timer;
    }
  }

  /** A new stage begins: `loading bars`, `running`, `writing results`… */
  stage(name: string): void {
    this.#stage = name;
    this.#total = 0;
    this.#done = 0;
    this.#lastDecile = 0;
    this.#printedStage = false;
    this.#show();
  }

  /** Bars done so far of the run's total. */
  bars(done: number, total: number): void {
    this.#done = done;
    this.#total = total;
    this.#show();
  }

  /** Stop the timer and clear the line. */
  finish(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    if (this.#drawn) this.#write("\r\x1b[2K");
    this.#drawn = false;
  }

  #show(): void {
    const elapsed = this.#now() - this.#start;
    if (elapsed < (this.#opts.afterMs ?? 2000) || this.#stage === "") return;
    const secs = `${(elapsed / 1000).toFixed(1)} s`;
    const frac = this.#total > 0 ? this.#done / this.#total : 0;
    const pct = Math.floor(frac * 100);
    const line = this.#total > 0
      ? `${this.#stage}: ${pct}% (${int(this.#done)} of ${int(this.#total)} bars) ${secs}`
      : `${this.#stage}… ${secs}`;
    if (this.#opts.tty) {
      this.#write(`\r\x1b[2K${line}`);
      this.#drawn = true;
      return;
    }
    const decile = Math.floor(frac * 10);
    if (this.#total > 0 && decile > this.#lastDecile) {
      this.#lastDecile = decile;
      this.#printedStage = true;
      this.#write(`${line}\n`);
    } else if (!this.#printedStage) {
      this.#printedStage = true;
      this.#write(`${line}\n`);
    }
  }
}
