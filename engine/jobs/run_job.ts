import { dirname, resolve } from "node:path";
import { isUserError } from "../errors.ts";
import { isoTime } from "../report/format.ts";
import { gitRevision } from "../report/git_revision.ts";
import { AtomicOutput } from "../report/atomic_write.ts";
import { outputError } from "../report/output_error.ts";
import { configSha256 } from "../report/results_db.ts";
import {
  appendStudyRun,
  checkStudyDb,
  listStudyRuns,
  type StoredStudyRun,
  studyProvenance,
  type StudyRecord,
} from "../report/study_db.ts";
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
 * Events of a run: `run-start`, `output-note` (what the output root held from
 * killed runs, or a problem after publishing), `study-start`, `study-done`, `study-failed`,
 * `study-abandoned`, `alert` (one per fired alert), `record-failed` (recording
 * in the results database failed after publishing), `run-done`.
 */
export type JobLog = (event: string, fields: Record<string, unknown>) => void;

/** Options of {@linkcode runJob}. */
export interface RunJobOptions {
  /** The results database the studies are recorded in and compared against. */
  readonly resultsDb: string;
  /**
   * The job's output root; `out/jobs/<job name>` by default. Each run is
   * published as `<root>/runs/<run id>/`, and `<root>/latest.txt` names the
   * newest run that was not interrupted (see `engine/report/atomic_write.ts`).
   */
  readonly outRoot?: string | undefined;
  /** Published runs to keep under the root, the new one included; `DEFAULT_KEEP_RUNS` by default. */
  readonly keep?: number | undefined;
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

/**
 * What {@linkcode runJob} returns: the report it published, and, when
 * recording the studies in the results database failed after publishing,
 * why (the report's files stay; `exitCode` is then 4 unless the run already
 * failed or was interrupted).
 */
export type JobRunReport = JobReport & { readonly notRecorded?: string | undefined };

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * Run every study of a job now, one after another, into one new set of
 * files: each study's files in `studies/<name>/`, then the alert rules are
 * evaluated against each study's previous recorded run, and the comparison
 * report is written beside them (`report.{json,html}`). The set is published
 * whole, `<outRoot>/runs/<run id>/`, and `<outRoot>/latest.txt` switched to
 * it unless the run was interrupted; only then are the completed studies
 * recorded in the results database, naming their published directories. A
 * run that is killed publishes and records nothing.
 *
 * A study that fails does not stop the others; its alerts do not fire, and
 * its partial files are left out of the set. When the signal aborts, the
 * current study is abandoned (not recorded; its files, marked interrupted,
 * stay in the set), the rest are not run, and the report says `interrupted`.
 *
 * @throws {OutputError} when the results database cannot take the records or
 * the output root cannot be written, before any study runs; a failure inside
 * a study is reported, not thrown.
 *
 * @example
 * ```ts ignore
 * const loaded = await loadJob("jobs/nightly.ts");
 * const report = await runJob(loaded, { resultsDb: "out/results.duckdb", now: systemClock.now }); // cli/job.ts
 * console.log(report.status, report.exitCode);
 * ```
 */
export async function runJob(loaded: LoadedJob, opts: RunJobOptions): Promise<JobRunReport> {
  const { job, configs } = loaded;
  const { now, signal, resultsDb } = opts;
  const log: JobLog = opts.log ?? (() => {});
  const newRunId = opts.newRunId ?? (() => crypto.randomUUID());
  const startedMs = now();
  // the database, and every study's baseline, first: a database that cannot take the records stops the run
  // before it writes anything
  try {
    await checkStudyDb(resultsDb);
  } catch (e) {
    throw outputError(`Cannot record the job's studies in "${resultsDb}"`, e);
  }
  const previous = new Map<string, StoredStudyRun | null>();
  for (const s of job.studies) {
    try {
      previous.set(s.name, (await listStudyRuns(resultsDb, { job: job.name, study: s.name, limit: 1 }))[0] ?? null);
    } catch (e) {
      throw outputError(`Cannot read the previous runs from "${resultsDb}"`, e);
    }
  }
  const root = opts.outRoot ?? `out/jobs/${job.name}`;
  const stamp = stampOf(startedMs);
  await using out = await AtomicOutput.open(root, { keep: opts.keep, startedMs });
  const dir = out.dir;
  const git = await gitRevision(dirname(resolve(job.file)));
  log("run-start", { job: job.name, stamp, dir, studies: job.studies.map((s) => s.name) });
  for (const note of out.notes) log("output-note", { job: job.name, note });

  const studies: StudyReport[] = [];
  const current = new Map<string, Readonly<Record<string, number>>>();
  /** The completed studies' records, written once the run is published. */
  const records: StudyRecord[] = [];
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
    const folder = `studies/${s.name}`;
    const output = out.folder(folder);
    log("study-start", { job: job.name, study: s.name, kind: s.kind, config: s.config });
    try {
      const outcome = await runStudy(s, configs.get(s.name)!, { output, signal, backend: opts.backend });
      const values = Object.fromEntries(s.recorded.map((m) => [m, outcome.values[m] ?? NaN]));
      const runId = newRunId();
      records.push({
        runId,
        recordedAtMs: NaN, // when it is recorded, after publishing
        job: job.name,
        study: s.name,
        kind: s.kind,
        configFile: s.config,
        configSha256: await configSha256(configs.get(s.name)!),
        gitRevision: git,
        outputDir: outcome.outputDir,
        values,
        ...await studyProvenance(s.config, configs.get(s.name)!),
      });
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
          outputDir: output.dir,
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
      await out.remove(folder); // whatever it wrote before failing is not a result
      // a worker thread that ran out of memory cannot be stopped: no further study may start in this process
      if (e instanceof Error && e.name === "OutOfMemoryError") {
        log("study-failed", { job: job.name, study: s.name, elapsedMs, error, userError: false });
        throw e;
      }
      studies.push({
        ...base,
        status: "failed",
        error,
        runId: null,
        outputDir: null,
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
  await writeJobReport(out, report);
  // an interrupted run is published for its record, but latest.txt keeps naming the last run that finished
  const noted = out.notes.length;
  await out.commit({ latest: !interrupted });
  for (const note of out.notes.slice(noted)) log("output-note", { job: job.name, note });
  let notRecorded: string | undefined;
  for (const rec of records) {
    try {
      await appendStudyRun(resultsDb, { ...rec, recordedAtMs: now() });
    } catch (e) {
      notRecorded =
        `the job run's results are complete in ${dir}, but recording study "${rec.study}" in "${resultsDb}" failed: ${
          messageOf(e).split("\n")[0]
        }`;
      log("record-failed", { job: job.name, study: rec.study, error: notRecorded });
      break;
    }
  }
  const finalCode = notRecorded !== undefined && (exitCode === 0 || exitCode === 3) ? 4 : exitCode;
  log("run-done", {
    job: job.name,
    stamp,
    status,
    exitCode: finalCode,
    alertsFired: fired,
    report: `${dir}/report.json`,
  });
  return notRecorded === undefined ? report : { ...report, exitCode: finalCode, notRecorded };
}
