import { isoTime } from "../report/format.ts";
import { nextFire } from "./cron.ts";
import type { JobLog } from "./run_job.ts";

/**
 * Time as the scheduler sees it: the wall clock and one-shot timers. The CLI
 * passes the system clock; tests pass a simulated one, so they never wait.
 *
 * @example A clock that never moves on its own
 * ```ts
 * import type { Clock } from "./scheduler.ts";
 * let t = 0;
 * const timers = new Map<number, () => void>();
 * const clock: Clock = {
 *   now: () => t,
 *   setTimer: (fn) => { const id = timers.size + 1; timers.set(id, fn); return id; },
 *   clearTimer: (id) => void timers.delete(id as number),
 * };
 * console.log(clock.now());
 * ```
 */
export interface Clock {
  /** Epoch ms. */
  now(): number;
  /** Call `fn` once after `delayMs`; returns a handle for {@linkcode Clock.clearTimer}. */
  setTimer(fn: () => void, delayMs: number): unknown;
  clearTimer(handle: unknown): void;
}

/** Options of {@linkcode JobScheduler}. */
export interface JobSchedulerOptions {
  /** A valid five-field cron expression (see cron.ts). */
  readonly schedule: string;
  /** The IANA time zone the schedule is read in. */
  readonly timezone: string;
  readonly clock: Clock;
  /** One run of the job, for the occurrence at `scheduledMs`; must stop soon after `signal` aborts. */
  readonly run: (scheduledMs: number, signal: AbortSignal) => Promise<unknown>;
  /** Events: `scheduled`, `skipped`, `missed`, `run-error`, `shutdown`. */
  readonly log?: JobLog | undefined;
}

/** setTimeout's longest delay (2³¹ − 1 ms, about 24.8 days): longer waits are taken in steps. */
const MAX_DELAY_MS = 2 ** 31 - 1;

/**
 * Runs a job on its cron schedule, never two at once: an occurrence that
 * comes while the previous run is still going is skipped and logged, not
 * queued. Occurrences that passed while the process could not run (a
 * suspended machine) are logged as `missed` and not made up.
 *
 * It drives itself with the clock's timers ({@linkcode JobScheduler.start}),
 * or an outside driver wakes it every minute ({@linkcode JobScheduler.tick},
 * the CLI's `Deno.cron` handler) or calls {@linkcode JobScheduler.trigger} at
 * each occurrence; the overlap rule is the same.
 * {@linkcode JobScheduler.stop} cancels the timer, aborts the current run
 * through its signal and waits for it to wind down.
 *
 * @example Fires at 02:00 and 02:00 the next day, on a simulated clock
 * ```ts
 * import assert from "node:assert/strict";
 * import { type Clock, JobScheduler } from "./scheduler.ts";
 * let t = Date.UTC(2026, 0, 1, 0, 0);
 * let pending: { at: number; fn: () => void } | undefined;
 * const clock: Clock = {
 *   now: () => t,
 *   setTimer: (fn, ms) => (pending = { at: t + ms, fn }),
 *   clearTimer: () => (pending = undefined),
 * };
 * const fired: string[] = [];
 * const s = new JobScheduler({
 *   schedule: "0 2 * * *", timezone: "UTC", clock,
 *   run: (at) => (fired.push(new Date(at).toISOString()), Promise.resolve()),
 * });
 * s.start();
 * for (let i = 0; i < 2; i++) {
 *   const p = pending!;
 *   t = p.at;
 *   p.fn();
 *   await s.idle();
 * }
 * assert.deepEqual(fired, ["2026-01-01T02:00:00.000Z", "2026-01-02T02:00:00.000Z"]);
 * await s.stop("test");
 * ```
 */
export class JobScheduler {
  readonly #opts: JobSchedulerOptions;
  readonly #log: JobLog;
  #timer: unknown = undefined;
  #armed = false;
  #next = NaN;
  #running: Promise<void> | null = null;
  #runningSince = NaN;
  #controller: AbortController | null = null;
  #stopped = false;
  #lastTick = NaN;
  #tickNext = NaN;

  constructor(opts: JobSchedulerOptions) {
    this.#opts = opts;
    this.#log = opts.log ?? (() => {});
  }

  /** The next occurrence the timers wait for (epoch ms), or NaN when not started or stopped. */
  get nextFireMs(): number {
    return this.#armed ? this.#next : NaN;
  }

  /** Whether a run is going. */
  get running(): boolean {
    return this.#running !== null;
  }

  /** Arm the timer for the next occurrence after now; it re-arms itself after each. */
  start(): void {
    if (this.#stopped) throw new Error("JobScheduler.start(): the scheduler is stopped");
    if (this.#armed) return;
    this.#arm(this.#opts.clock.now(), true);
  }

  /**
   * The occurrence at `scheduledMs` is due: start a run, or skip it (logged)
   * when a run is still going or the scheduler is stopped. Returns whether a
   * run started.
   */
  trigger(scheduledMs: number): boolean {
    if (this.#stopped) return false;
    if (this.#running !== null) {
      this.#log("skipped", {
        scheduledFor: isoTime(scheduledMs),
        reason: `the run started at ${isoTime(this.#runningSince)} is still going`,
      });
      return false;
    }
    const controller = new AbortController();
    this.#controller = controller;
    this.#runningSince = this.#opts.clock.now();
    this.#running = (async () => {
      try {
        await this.#opts.run(scheduledMs, controller.signal);
      } catch (e) {
        this.#log("run-error", {
          scheduledFor: isoTime(scheduledMs),
          error: e instanceof Error ? e.message : String(e),
        });
      } finally {
        this.#running = null;
        this.#controller = null;
      }
    })();
    return true;
  }

  /**
   * A once-a-minute wake-up from an outside driver (the CLI runs `Deno.cron`
   * with `* * * * *`): when the minute containing `nowMs` is an occurrence of
   * the schedule, trigger it (once per minute, however many ticks arrive).
   * The schedule is always read by cron-parser in the job's time zone, so a
   * driver's own cron dialect (Deno.cron numbers weekdays from 1 = Sunday,
   * denoland/deno#21555) never decides when a job runs. Returns whether a run
   * started.
   */
  tick(nowMs: number): boolean {
    const minute = Math.floor(nowMs / 60_000) * 60_000;
    if (minute === this.#lastTick) return false;
    const backwards = minute < this.#lastTick;
    this.#lastTick = minute;
    const { schedule, timezone } = this.#opts;
    // the next occurrence is computed once, not on every tick (again if the wall clock was set back)
    if (Number.isNaN(this.#tickNext) || backwards) this.#tickNext = nextFire(schedule, timezone, minute - 1);
    if (minute < this.#tickNext) return false;
    const due = this.#tickNext;
    this.#tickNext = nextFire(schedule, timezone, minute);
    // no tick came in the occurrence's minute (a suspended machine): the due one runs late, once
    if (due < minute) this.#logMissed(due, minute);
    return this.trigger(due);
  }

  /** Resolves when no run is going. */
  async idle(): Promise<void> {
    while (this.#running !== null) await this.#running;
  }

  /**
   * Stop: no more occurrences, the current run (if any) aborted through its
   * signal and awaited. Logs `shutdown` with the reason and whether a run was
   * interrupted. Idempotent.
   */
  async stop(reason: string): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    if (this.#armed) this.#opts.clock.clearTimer(this.#timer);
    this.#armed = false;
    const interrupted = this.#running !== null;
    this.#controller?.abort(reason);
    await this.idle();
    this.#log("shutdown", { reason, interruptedRun: interrupted });
  }

  /** Log the occurrences after `due` up to `now` as missed (when there are any). */
  #logMissed(due: number, now: number): void {
    const { schedule, timezone } = this.#opts;
    const first = nextFire(schedule, timezone, due);
    let missed = 0;
    for (let t = first; t <= now && missed < 10_000; t = nextFire(schedule, timezone, t)) missed++;
    if (missed > 0) {
      this.#log("missed", {
        count: missed,
        from: isoTime(first),
        to: isoTime(now),
        reason: "the process was not running at these times",
      });
    }
  }

  #arm(afterMs: number, announce: boolean): void {
    const { schedule, timezone, clock } = this.#opts;
    if (announce) {
      this.#next = nextFire(schedule, timezone, afterMs);
      this.#log("scheduled", { next: isoTime(this.#next), schedule, timezone });
    }
    const delay = Math.min(Math.max(0, this.#next - clock.now()), MAX_DELAY_MS);
    this.#armed = true;
    this.#timer = clock.setTimer(() => this.#wake(), delay);
  }

  #wake(): void {
    this.#armed = false;
    if (this.#stopped) return;
    const now = this.#opts.clock.now();
    if (now < this.#next) {
      // a long wait taken in steps, or a timer that fired early: keep waiting for the same occurrence
      this.#arm(now, false);
      return;
    }
    const due = this.#next;
    this.trigger(due);
    // occurrences that passed while the process was not running (e.g. a suspended machine) are not made up
    this.#logMissed(due, now);
    if (!this.#stopped) this.#arm(now, true);
  }
}
