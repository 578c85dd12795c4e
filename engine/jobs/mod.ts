/**
 * Research jobs: scheduled studies with drift alerts. A job module
 * (`jobs/nightly.ts`) declares a cron schedule, the studies to re-run
 * (backtests, grid searches, walk-forward studies of config modules, with
 * `--set`-style overrides) and alert rules over their metrics; `deno task
 * job` runs it once or on its schedule, records each study in the results
 * database (`study_runs`), and writes a comparison report against the
 * previous run.
 *
 * **Entry points.** `defineJob` (`define_job.ts`); `parseJob` and `loadJob`
 * (`parse_job.ts`, `load_job.ts`); `runJob` (`run_job.ts`), which runs every
 * study once through `runStudy` (`run_study.ts`) and evaluates the alert rules
 * (`alerts.ts`); `JobScheduler` (`scheduler.ts`), which runs a job on its cron
 * schedule (`cron.ts`); `writeJobReport` (`report.ts`).
 * `docs/research_jobs.md` is the user's guide.
 *
 * **May import:** `engine/backtest.ts`; `engine/config/` (loading configs and
 * job modules); `engine/data/load_bars.ts` and `engine/data/trading_day.ts`;
 * `engine/optimize/` (grid search, walk-forward, their config and objectives);
 * as a type only, `engine/parallel/chunk_pool.ts` (where a study's chunks run,
 * passed in by the caller); `engine/report/` (analysis, result files, the
 * results and study databases, formatting, the atomic writer, the HTML page);
 * `engine/errors.ts`; `zod`; `cron-parser`; `node:path`. Never
 * `engine/distributed/`: a queue backend is injected by the CLI.
 *
 * @example Validate a job
 * ```ts
 * import assert from "node:assert/strict";
 * import { defineJob, parseJob } from "./mod.ts";
 * const job = parseJob(defineJob({
 *   schedule: "@daily",
 *   studies: [{ name: "wf", kind: "walkforward", config: "configs/sma_optimize.ts" }],
 *   alerts: [{ study: "wf", metric: "oosSharpe", change: { abs: 0.3 } }],
 * }), { file: "jobs/nightly.ts" });
 * assert.equal(job.name, "nightly");
 * assert.equal(job.schedule, "0 0 * * *");
 * assert.equal(job.studies[0]!.recorded[2], "oosSharpe");
 * ```
 *
 * @module
 */
export { type AlertOutcome, evaluateAlert } from "./alerts.ts";
export { nextFire, normalizeCron } from "./cron.ts";
export { isTimeZone } from "../data/trading_day.ts";
export { defineJob } from "./define_job.ts";
export { type LoadedJob, loadJob, setArgs } from "./load_job.ts";
export { BACKTEST_METRICS, GRID_METRICS, metricsOf, WALKFORWARD_METRICS } from "./metrics.ts";
export { type JobOrigin, parseJob } from "./parse_job.ts";
export { type JobReport, type MetricRow, reportHtml, reportJson, type StudyReport, writeJobReport } from "./report.ts";
export { type JobLog, runJob, type RunJobOptions } from "./run_job.ts";
export { runStudy, StudyAborted, type StudyOutcome } from "./run_study.ts";
export { type Clock, JobScheduler, type JobSchedulerOptions } from "./scheduler.ts";
export type { Alert, AlertInput, Job, JobInput, Study, StudyInput } from "./schema.ts";
