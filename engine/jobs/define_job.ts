import type { JobInput } from "./schema.ts";

/**
 * Declare a research job. It returns its argument unchanged and exists for
 * its type: a job file gets editor completion and type checks. `deno task
 * job <file>` validates it (schedule, studies, alerts) before running
 * anything.
 *
 * @example A job module
 * ```ts
 * import assert from "node:assert/strict";
 * import { defineJob } from "./define_job.ts";
 * const job = defineJob({
 *   schedule: "0 2 * * *",
 *   studies: [{ name: "wf", kind: "walkforward", config: "configs/sma_optimize.ts" }],
 *   alerts: [{ study: "wf", metric: "oosSharpe", change: { abs: 0.3 } }],
 * });
 * assert.equal(job.schedule, "0 2 * * *");
 * ```
 */
export function defineJob(job: JobInput): JobInput {
  return job;
}
