import { dirname, resolve } from "node:path";
import { isUserError } from "../errors.ts";
import { isoTime } from "../report/format.ts";
import { gitRevision } from "../report/git_revision.ts";
import { outputError } from "../report/output_error.ts";
import { configSha256 } from "../report/results_db.ts";
import { appendStudyRun, listStudyRuns, type StudyRecord } from "../report/study_db.ts";
import { type AlertOutcome, evaluateAlert } from "./alerts.ts";
import type { LoadedJob } from "./load_job.ts";
import {
  JOB_REPORT_SCHEMA_VERSION,
  type JobReport,
  type MetricRow,
  type StudyReport,
  writeJobReport,
} from "./report.ts";
import { runStudy, StudyAborted } from "./run_study.ts";
import type { PoolBackend } from "../parallel/chunk_pool.ts";

/**
 * One structured log event of a job run or of the scheduler: its name and
 * its fields (the CLI prints each as a JSON line with a `ts`).
 *
 * Events of a run: `run-start`, `study-start`, `study-done`, `study-failed`,
 * `study-abandoned`, `alert` (one per fired alert), `run-done`.
 */
export type JobLog = (event: string, fields: Record<string, unknown>) => void;

/** Options of {@linkcode runJob}. */
export interface RunJobOptions {
  /** The results database the studies are recorded in and compared against. */
  readonly resultsDb: string;
  /** The job's output root; `out/jobs/<job name>` by default. Each run gets a directory in it, and `latest/`. */
  readonly outRoot?: string | undefined;
  /** The wall clock, epoch ms (stamps, recorded times, elapsed times). */
  readonly now: () => number;
  /**
   * Stops the run: the current study is abandoned (not recorded), later ones
   * are not run. A reason of `"SIGTERM"` makes the exit code 143, any other 130.
   */
  readonly signal?: AbortSignal | undefined;
  readonly log?: JobLog | undefined;
  /** Run ids for the database; random UUIDs by default. */
  readonly newRunId?: (() => string) | undefined;
  /** Where grid and walk-forward chunks run: local threads by default, or a queue (`--backend`); the files and numbers are the same. */
  readonly backend?: PoolBackend | undefined;
}

/** A compact UTC stamp: `20260101T020000Z`. */
function stampOf(ms: number): string {
  return isoTime(Math.floor(ms / 1000) * 1000).replace(/[-:]/g, "");
}

/** Create a fresh run directory under `root`: the stamp, or the stamp with `-2`, `-3` … when taken. */
async function claimRunDir(root: string, stamp: string): Promise<{ dir: string; stamp: string }> {
  try {
    await Deno.mkdir(root, { recursive: true });
    for (let n = 1;; n++) {
      const s = n === 1 ? stamp : `${stamp}-${n}`;
      try {
        await Deno.mkdir(`${root}/${s}`);
        return { dir: `${root}/${s}`, stamp: s };
      } catch (e) {
        if (!(e instanceof Deno.errors.AlreadyExists)) throw e;
      }
    }
  } catch (e) {
    throw outputError(`Cannot write the job's results to "${root}"`, e);
  }
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * Run every study of a job now, one after another: each completed study is
 * recorded in the results database as it finishes, then the alert rules are
 * evaluated against each study's previous recorded run, and the comparison
 * report is written to `<outRoot>/<stamp>/report.{json,html}` (and copied to
 * `<outRoot>/latest/` unless the run was interrupted).
 *
 * A study that fails does not stop the others; its alerts do not fire. When
 * the signal aborts, the current study is abandoned (not recorded), the rest
 * are not run, and the report says `interrupted`.
 *
 * @throws {OutputError} when the run directory cannot be created; a failure
 * inside a study is reported, not thrown.
 *
 * @example
 * ```ts ignore
 * const loaded = await loadJob("jobs/nightly.ts");
 * const report = await runJob(loaded, { resultsDb: "out/results.duckdb", now: systemClock.now }); // cli/job.ts
 * console.log(report.status, report.exitCode);
 * ```
 */
export async function runJob(loaded: LoadedJob, opts: RunJobOptions): Promise<JobReport> {
  const { job, configs } = loaded;
  const { now, signal, resultsDb } = opts;
  const log: JobLog = opts.log ?? (() => {});
  const newRunId = opts.newRunId ?? (() => crypto.randomUUID());
  const startedMs = now();
  // every study's baseline first: an unreadable database stops the run before it writes anything
  const previous = new Map<string, StudyRecord | null>();
  for (const s of job.studies) {
    try {
      previous.set(s.name, (await listStudyRuns(resultsDb, { job: job.name, study: s.name, limit: 1 }))[0] ?? null);
    } catch (e) {
      throw outputError(`Cannot read the previous runs from "${resultsDb}"`, e);
    }
  }
  const root = opts.outRoot ?? `out/jobs/${job.name}`;
  const { dir, stamp } = await claimRunDir(root, stampOf(startedMs));
  const git = await gitRevision(dirname(resolve(job.file)));
  log("run-start", { job: job.name, stamp, dir, studies: job.studies.map((s) => s.name) });

  const studies: StudyReport[] = [];
  const current = new Map<string, Readonly<Record<string, number>>>();
  let userFailure = false, otherFailure = false, interrupted = false;
  for (const s of job.studies) {
    const base = { name: s.name, kind: s.kind, config: s.config };
    const prev = previous.get(s.name) ?? null;
    const prevInfo = prev === null ? null : { runId: prev.runId, recordedAt: isoTime(prev.recordedAtMs) };
    if (interrupted || signal?.aborted) {
      interrupted = true;
      studies.push({
        ...base,
        status: "not run",
        error: null,
        runId: null,
        outputDir: null,
        elapsedMs: 0,
        previous: prevInfo,
        details: {},
      });
      continue;
    }
    const t0 = now();
    const outDir = `${dir}/studies/${s.name}`;
    log("study-start", { job: job.name, study: s.name, kind: s.kind, config: s.config });
    try {
      const outcome = await runStudy(s, configs.get(s.name)!, { outDir, signal, backend: opts.backend });
      const values = Object.fromEntries(s.recorded.map((m) => [m, outcome.values[m] ?? NaN]));
      const runId = newRunId();
      try {
        await appendStudyRun(resultsDb, {
          runId,
          recordedAtMs: now(),
          job: job.name,
          study: s.name,
          kind: s.kind,
          configFile: s.config,
          configSha256: await configSha256(configs.get(s.name)!),
          gitRevision: git,
          outputDir: outcome.outputDir,
          values,
        });
      } catch (e) {
        throw outputError(`Cannot record study "${s.name}" in "${resultsDb}"`, e);
      }
      current.set(s.name, values);
      const elapsedMs = now() - t0;
      studies.push({
        ...base,
        status: "completed",
        error: null,
        runId,
        outputDir: outcome.outputDir,
        elapsedMs,
        previous: prevInfo,
        details: outcome.details,
      });
      log("study-done", { job: job.name, study: s.name, runId, elapsedMs, values });
    } catch (e) {
      const elapsedMs = now() - t0;
      if (e instanceof StudyAborted) {
        interrupted = true;
        studies.push({
          ...base,
          status: "abandoned",
          error: e.message,
          runId: null,
          outputDir: outDir,
          elapsedMs,
          previous: prevInfo,
          details: {},
        });
        log("study-abandoned", { job: job.name, study: s.name, elapsedMs });
        continue;
      }
      if (isUserError(e)) userFailure = true;
      else otherFailure = true;
      const error = messageOf(e);
      studies.push({
        ...base,
        status: "failed",
        error,
        runId: null,
        outputDir: outDir,
        elapsedMs,
        previous: prevInfo,
        details: {},
      });
      log("study-failed", { job: job.name, study: s.name, elapsedMs, error, userError: isUserError(e) });
    }
  }

  const alerts: AlertOutcome[] = job.alerts.map((a) => {
    const values = current.get(a.study);
    if (values === undefined) {
      const status = studies.find((s) => s.name === a.study)?.status ?? "not run";
      return {
        study: a.study,
        metric: a.metric,
        rule: evaluateAlert(a, NaN, null).rule,
        fired: false,
        current: NaN,
        previous: previous.get(a.study)?.values[a.metric] ?? null,
        change: null,
        reason: `study ${status}: not evaluated`,
      };
    }
    return evaluateAlert(a, values[a.metric] ?? NaN, previous.get(a.study)?.values[a.metric] ?? null);
  });
  for (const a of alerts) {
    if (a.fired) {
      log("alert", {
        job: job.name,
        study: a.study,
        metric: a.metric,
        rule: a.rule,
        previous: a.previous,
        current: a.current,
        change: a.change,
        reason: a.reason,
      });
    }
  }
  const rows: MetricRow[] = job.studies.flatMap((s) =>
    s.recorded.map((metric): MetricRow => {
      const prev = previous.get(s.name)?.values[metric] ?? null;
      const cur = current.get(s.name)?.[metric] ?? NaN;
      const done = current.has(s.name);
      const change = prev === null || !done
        ? null
        : Number.isFinite(prev) && Number.isFinite(cur)
        ? cur - prev
        : cur === prev || (Number.isNaN(cur) && Number.isNaN(prev))
        ? 0
        : null;
      return {
        study: s.name,
        metric,
        previous: prev,
        current: cur,
        change,
        alerts: alerts.filter((a) => a.study === s.name && a.metric === metric).map((a) => ({
          rule: a.rule,
          fired: a.fired,
          reason: a.reason,
        })),
      };
    })
  );
  const fired = alerts.filter((a) => a.fired).length;
  const status = interrupted ? "interrupted" : otherFailure || userFailure ? "failed" : fired > 0 ? "alert" : "ok";
  const exitCode = interrupted
    ? (signal?.reason === "SIGTERM" ? 143 : 130)
    : otherFailure
    ? 1
    : userFailure
    ? 2
    : fired > 0
    ? 3
    : 0;
  const report: JobReport = {
    schemaVersion: JOB_REPORT_SCHEMA_VERSION,
    job: job.name,
    jobFile: job.file,
    schedule: job.schedule,
    timezone: job.timezone,
    stamp,
    dir,
    startedAt: isoTime(startedMs),
    finishedAt: isoTime(now()),
    status,
    exitCode,
    gitRevision: git,
    resultsDb,
    studies,
    alerts,
    rows,
  };
  await writeJobReport(dir, report);
  if (!interrupted) await writeJobReport(`${root}/latest`, report);
  log("run-done", { job: job.name, stamp, status, exitCode, alertsFired: fired, report: `${dir}/report.json` });
  return report;
}
