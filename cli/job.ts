/**
 * `deno task job <job.ts> [--once] [flags]`: run a research job on its
 * schedule (a long-lived process), or once now.
 *
 * Each run is published whole as a new run of the job's output root
 * (`<out>/runs/<run id>/`, `<out>/latest.txt`; see
 * engine/report/atomic_write.ts), then its studies are recorded.
 *
 * Exit codes of `--once`: 0 all well, 3 an alert fired, 2 bad input (the
 * job, a study's config or data, flags, an output location, a results
 * database that cannot take the records), 4 the run is published but
 * recording its studies failed, 1 any other failure, 130 / 143 interrupted
 * by SIGINT / SIGTERM (the run is published, `latest.txt` left as it was). The scheduler exits 0
 * after a clean shutdown on SIGINT or SIGTERM, 2 when the job is invalid.
 *
 * @module
 */
import { exitCodeOf, onePath, parseCli, UsageError, wholeNumber } from "./_args.ts";
import { queueBackendOf } from "./_queue_backend.ts";
import { OutputError } from "../engine/errors.ts";
import { nextFire } from "../engine/jobs/cron.ts";
import { type LoadedJob, loadJob } from "../engine/jobs/load_job.ts";
import type { JobReport } from "../engine/jobs/report.ts";
import { type JobLog, runJob } from "../engine/jobs/run_job.ts";
import { type Clock, JobScheduler } from "../engine/jobs/scheduler.ts";
import { DEFAULT_KEEP_RUNS, DEFAULT_RESULTS_DB } from "../engine/report/config.ts";
import { isoTime } from "../engine/report/format.ts";
import { resultsDbWritable } from "../engine/report/results_db.ts";
import { hardenRuntime } from "../engine/harden_runtime.ts";

const usage = `Usage: deno task job <job.ts> [options]

Runs a research job: its studies (backtests, grid searches, walk-forward
studies) on its cron schedule, each run recorded in the results database and
compared with the previous one, alerting when a metric moves past a rule.
Study config paths in the job are relative to the working directory.

Options:
  --once             run every study now, write the report, exit (for cron,
                     systemd timers or CI); without it, stay running and run
                     on the job's schedule, logging one JSON line per event
  --out DIR          the job's output root (default out/jobs/<job name>);
                     each run is published whole as <DIR>/runs/<run id>/
                     (report.json, report.html, studies/), and
                     <DIR>/latest.txt names the newest uninterrupted run
  --keep N           published runs to keep under the root, this one
                     included (default ${DEFAULT_KEEP_RUNS})
  --db PATH          results database to record in and compare with
                     (default ${DEFAULT_RESULTS_DB})
  --backend URL      run grid and walk-forward studies through a BullMQ
                     queue on Redis (redis://host:6379) on \`deno task worker\`
                     processes; same files and numbers as local threads
  --queue NAME       the queue name (default backtest-chunks)
  --json             with --once: print the JSON event lines instead of the
                     summary
  -h, --help         show this help

Exit codes (--once): 0 all well, 3 an alert fired, 2 bad input, 4 published
but not recorded in the results database, 1 other failure, 130/143
interrupted (SIGINT/SIGTERM). The scheduler exits 0 after
SIGINT or SIGTERM (the current study is abandoned and not recorded).`;

/** Options of {@linkcode jobCli}: what tests replace. */
export interface JobCliOptions {
  /** The clock of the scheduler and the run times; the system clock by default (then `Deno.cron`, when available, wakes the scheduler each minute). */
  readonly clock?: Clock;
  /** Stops the CLI as SIGTERM would; with the default, SIGINT and SIGTERM do. */
  readonly signal?: AbortSignal;
  /** Where output lines go; `console.log` by default. */
  readonly print?: (line: string) => void;
  /** Where error messages go; `console.error` by default. */
  readonly printError?: (text: string) => void;
}

/** The system clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer: (fn, ms) => setTimeout(fn, ms),
  clearTimer: (h) => clearTimeout(h as number),
};

type CronFn = (
  name: string,
  schedule: string,
  options: { signal?: AbortSignal },
  handler: () => void,
) => Promise<void>;

/** `Deno.cron` when this process runs with `--unstable-cron`. */
const denoCron = (): CronFn | undefined => {
  const f = (Deno as unknown as { cron?: unknown }).cron;
  return typeof f === "function" ? (f.bind(Deno) as CronFn) : undefined;
};

/** SIGINT / SIGTERM (or the test's signal) as an AbortSignal whose reason names the signal; a second one exits at once. */
function stopSignal(injected: AbortSignal | undefined): { signal: AbortSignal; dispose: () => void } {
  if (injected !== undefined) return { signal: injected, dispose: () => {} };
  const controller = new AbortController();
  const handlers: [Deno.Signal, () => void][] = [];
  for (const [sig, code] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
    const h = () => {
      if (controller.signal.aborted) exitProcess(code);
      controller.abort(sig);
    };
    try {
      Deno.addSignalListener(sig, h);
      handlers.push([sig, h]);
    } catch { /* no such signal on this platform */ }
  }
  return {
    signal: controller.signal,
    dispose: () => handlers.forEach(([s, h]) => Deno.removeSignalListener(s, h)),
  };
}

/** Times in the log: ISO-8601 UTC, milliseconds shown when not zero (as the engine writes them). */
const iso = (ms: number) => isoTime(Math.round(ms));

function summary(r: JobReport): string[] {
  const status = { ok: "all well", alert: "an alert fired", failed: "a study failed", interrupted: "interrupted" }[
    r.status
  ];
  const lines = [`${r.job} ${r.stamp}: ${status} (exit ${r.exitCode})`, ""];
  const w = Math.max(...r.studies.map((s) => s.name.length));
  for (const s of r.studies) {
    const when = s.previous ? `compared with ${s.previous.recordedAt}` : "no baseline (first recorded run)";
    lines.push(
      `  ${s.name.padEnd(w)}  ${s.kind.padEnd(11)}  ${
        s.status === "completed"
          ? `completed in ${(s.elapsedMs / 1000).toFixed(1)} s, ${when}`
          : `${s.status}${s.error ? `: ${s.error}` : ""}`
      }`,
    );
  }
  if (r.alerts.length > 0) {
    lines.push("", "Alerts:");
    for (const a of r.alerts) {
      lines.push(`  ${a.fired ? "FIRED" : "ok   "}  ${a.study}.${a.metric} ${a.rule}: ${a.reason}`);
    }
  }
  lines.push("", `Report: ${r.dir}/report.html`);
  return lines;
}

async function main(args: string[], opts: JobCliOptions, signal: AbortSignal): Promise<number> {
  const { values, positionals } = parseCli(args, {
    once: { type: "boolean", default: false },
    out: { type: "string" },
    keep: { type: "string" },
    db: { type: "string" },
    backend: { type: "string" },
    queue: { type: "string" },
    json: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  });
  const print = opts.print ?? ((line: string) => console.log(line));
  if (values.help) {
    print(usage);
    return 0;
  }
  const jobPath = onePath(positionals, "job", ", e.g. jobs/nightly.ts");
  const keep = wholeNumber("--keep", values.keep);
  if (values.out === "") throw new UsageError("--out needs a directory");
  if (values.db === "") throw new UsageError("--db needs a path");
  if (values.json && !values.once) {
    throw new UsageError("--json goes with --once (the scheduler always logs JSON lines)");
  }
  if (values.queue !== undefined && values.backend === undefined) throw new UsageError("--queue needs --backend");
  // a wrong address fails now (exit 2), not at the first grid study
  const backend = values.backend === undefined ? undefined : await queueBackendOf(values.backend, values.queue);
  const loaded = await loadJob(jobPath);
  const resultsDb = values.db ?? DEFAULT_RESULTS_DB;
  const denied = resultsDbWritable(resultsDb);
  if (denied !== null) {
    throw new OutputError(
      `Cannot record the job's studies in "${resultsDb}": ${denied}; pass --db with a path under out/`,
    );
  }
  const clock = opts.clock ?? systemClock;
  const emit: JobLog = (event, fields) => print(JSON.stringify({ ts: iso(clock.now()), event, ...fields }));
  const run = (signal: AbortSignal, log: JobLog) =>
    runJob(loaded, { resultsDb, outRoot: values.out, keep, now: () => clock.now(), signal, log, backend });
  // a study whose worker thread ran out of memory leaves a thread that cannot be stopped: the process ends
  const runOrEnd = (signal: AbortSignal, log: JobLog) =>
    run(signal, log).catch((e) => {
      if (!(e instanceof Error && e.name === "OutOfMemoryError") || !import.meta.main) throw e;
      log("out-of-memory", { job: loaded.job.name, error: e.message });
      console.error(`error: ${e.message}`);
      exitProcess(1);
    });
  if (values.once) {
    const report = await run(signal, values.json ? emit : () => {});
    if (!values.json) summary(report).forEach((l) => print(l));
    if (report.notRecorded !== undefined) (opts.printError ?? console.error)(`error: ${report.notRecorded}`);
    return report.exitCode;
  }
  return await schedule(loaded, clock, emit, signal, opts.clock === undefined, (s) => runOrEnd(s, emit));
}

/** The long-lived scheduler: runs until `signal` aborts, then shuts down cleanly and returns 0. */
async function schedule(
  loaded: LoadedJob,
  clock: Clock,
  log: JobLog,
  signal: AbortSignal,
  systemTime: boolean,
  run: (signal: AbortSignal) => Promise<JobReport>,
): Promise<number> {
  const { job } = loaded;
  const scheduler = new JobScheduler({
    schedule: job.schedule,
    timezone: job.timezone,
    clock,
    log,
    run: (_at, s) => run(s),
  });
  const cron = systemTime ? denoCron() : undefined;
  const cronStop = new AbortController();
  let driver = "timers";
  const fallBack = (e: unknown) => {
    log("scheduler-fallback", { reason: e instanceof Error ? e.message : String(e), driver: "timers" });
    driver = "timers";
    if (!signal.aborted) scheduler.start();
  };
  if (cron !== undefined) {
    try {
      // Deno.cron wakes the scheduler every minute and cron-parser decides whether the minute is an
      // occurrence (in the job's time zone): Deno.cron's own dialect numbers weekdays differently.
      // The handler returns at once, so an occurrence during a run reaches the scheduler and is skipped.
      cron(
        `job ${job.name}`.replace(/[^A-Za-z0-9 _-]/g, "_").slice(0, 64),
        "* * * * *",
        { signal: cronStop.signal },
        () => {
          // a wake-up a moment early still counts for the minute it announces
          scheduler.tick(clock.now() + 2_000);
        },
      ).catch(fallBack);
      driver = "Deno.cron";
    } catch (e) {
      fallBack(e);
    }
  }
  log("scheduler-start", {
    job: job.name,
    file: job.file,
    schedule: job.schedule,
    timezone: job.timezone,
    driver,
    next: iso(nextFire(job.schedule, job.timezone, clock.now())),
    studies: job.studies.map((s) => s.name),
  });
  if (driver === "timers" && cron === undefined) scheduler.start();
  await new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener("abort", () => resolve(), { once: true });
  });
  cronStop.abort();
  await scheduler.stop(typeof signal.reason === "string" ? signal.reason : "stopped");
  return 0;
}

/**
 * Run the job CLI on `args` and return its exit code (see the module doc).
 * Errors are printed, never thrown.
 *
 * @example
 * ```ts ignore
 * Deno.exit(await jobCli(["jobs/nightly.ts", "--once"]));
 * ```
 */
export async function jobCli(args: string[], opts: JobCliOptions = {}): Promise<number> {
  const { signal, dispose } = stopSignal(opts.signal);
  const printError = opts.printError ?? ((text: string) => console.error(text));
  try {
    return await main(args, opts, signal);
  } catch (e) {
    return exitCodeOf(e, usage, printError);
  } finally {
    dispose();
  }
}

/**
 * How this process ends. Run as a program, the real exit comes from
 * {@linkcode hardenRuntime}, which then makes `Deno.exit` throw for the
 * config code this process imports.
 */
let exitProcess: (code: number) => never = (code) => Deno.exit(code);

if (import.meta.main) {
  exitProcess = hardenRuntime(); // before any config or job module is imported
  exitProcess(await jobCli(Deno.args));
}
