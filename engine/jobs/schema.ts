/**
 * The research job schema: a schedule, the studies to re-run and the alert
 * rules over their metrics, validated by zod strict objects (a misspelled
 * key is an error). Checks that span fields (unique study names, alerts that
 * name a recorded metric of a declared study) are in `parse_job.ts`.
 *
 * @module
 */
import { z } from "zod";
import { isTimeZone } from "../data/trading_day.ts";
import { normalizeCron } from "./cron.ts";

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** A cron expression, checked by `cron-parser` (the time zone is checked beside it, in `parse_job.ts`). */
const ScheduleSchema = z.string().superRefine((s, ctx) => {
  const r = normalizeCron(s);
  if ("problem" in r) ctx.addIssue({ code: "custom", message: r.problem, input: s });
});

/**
 * One study of a job: a config module run as a backtest, a grid search or a
 * walk-forward study, with `--set`-style overrides.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { StudySchema } from "./schema.ts";
 * assert.ok(StudySchema.safeParse({ name: "wf", kind: "walkforward", config: "configs/sma_optimize.ts" }).success);
 * assert.ok(!StudySchema.safeParse({ name: "wf", kind: "walkForward", config: "configs/sma_optimize.ts" }).success);
 * ```
 */
export const StudySchema = z.strictObject({
  /** Names the study in the report, the database and its output directory. */
  name: z.string().regex(NAME, {
    message: "expected a name of letters, digits, '.', '_' or '-' (it names the study's output directory)",
  }),
  kind: z.enum(["backtest", "grid", "walkforward"]),
  /** The config module, relative to the working directory (where `deno task job` runs) or absolute. */
  config: z.string().min(1, { message: "expected a config path such as configs/sma_optimize.ts" }),
  /**
   * Overrides by dotted path, as `--set path=value` applies them: a string is
   * read like the text after `=` (JSON when it parses, so `"[5, 10]"` is an
   * array; otherwise text), a number or boolean as itself.
   */
  set: z.record(
    z.string().min(1, { message: "expected a dotted field path such as strategy.params.fast" }),
    z.union([z.string(), z.number(), z.boolean()], { message: "expected a string, number or boolean" }),
  ).optional(),
  /** The metrics to record (see engine/jobs/metrics.ts); every metric of the kind by default. */
  metrics: z.array(z.string()).min(1, { message: "expected at least one metric name" }).optional(),
  /** Worker count of a grid or walk-forward study; one per CPU by default. */
  workers: z.number().int().min(1).optional(),
});

/** A `change` rule: the absolute or the relative difference from the previous run. */
const ChangeSchema = z.union([
  z.strictObject({
    /** Fires when |current − previous| > abs. */
    abs: z.number().nonnegative().finite(),
  }),
  z.strictObject({
    /** Fires when |current − previous| ÷ |previous| > rel (0.2 = 20 %). */
    rel: z.number().nonnegative().finite(),
  }),
], { message: "expected { abs: number } or { rel: number }" });

/**
 * One alert rule over a study's metric: exactly one of `change` (against the
 * previous recorded run of the same job and study), `below` or `above` (a
 * threshold on the current value); `parse_job.ts` checks there is one.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { AlertSchema } from "./schema.ts";
 * assert.ok(AlertSchema.safeParse({ study: "wf", metric: "oosSharpe", change: { abs: 0.3 } }).success);
 * assert.ok(AlertSchema.safeParse({ study: "wf", metric: "oosSharpe", below: 0 }).success);
 * assert.ok(!AlertSchema.safeParse({ study: "wf", metric: "oosSharpe", change: { abs: -1 } }).success);
 * ```
 */
export const AlertSchema = z.strictObject({
  study: z.string().min(1),
  metric: z.string().min(1),
  change: ChangeSchema.optional(),
  below: z.number().finite().optional(),
  above: z.number().finite().optional(),
});

/**
 * Schema of a research job module's default export.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { JobSchema } from "./schema.ts";
 * const job = JobSchema.parse({ schedule: "0 2 * * *", studies: [{ name: "bt", kind: "backtest", config: "c.ts" }] });
 * assert.equal(job.timezone, "UTC");
 * assert.deepEqual(job.alerts, []);
 * assert.ok(!JobSchema.safeParse({ schedule: "0 26 * * *", studies: [] }).success);
 * ```
 */
export const JobSchema = z.strictObject({
  /** Names the job in the database and its output directory; the job file's name by default. */
  name: z.string().regex(NAME, {
    message: "expected a name of letters, digits, '.', '_' or '-' (it names the output directory)",
  }).optional(),
  /** When the scheduler runs the job: a five-field cron expression or an alias such as `@daily`. */
  schedule: ScheduleSchema,
  /** The IANA time zone the schedule is read in. */
  timezone: z.string().refine(isTimeZone, { message: "expected an IANA time zone such as UTC or Europe/London" })
    .default("UTC"),
  studies: z.array(StudySchema).min(1, { message: "expected at least one study" }),
  alerts: z.array(AlertSchema).default([]),
});

/** A job as written: what `defineJob` accepts. */
export type JobInput = z.input<typeof JobSchema>;
/** A study as written. */
export type StudyInput = z.input<typeof StudySchema>;
/** An alert rule as written. */
export type AlertInput = z.input<typeof AlertSchema>;
/** A validated alert rule. */
export type Alert = Readonly<z.output<typeof AlertSchema>>;
/** A validated study, its config path resolved against the working directory. */
export type Study = Readonly<z.output<typeof StudySchema>> & {
  /** The config module's absolute path. */
  readonly configPath: string;
  /** The metrics recorded, in report order: `metrics`, or every metric of the kind. */
  readonly recorded: readonly string[];
};
/** A validated, frozen job. */
export type Job = Readonly<Omit<z.output<typeof JobSchema>, "studies" | "alerts" | "name" | "schedule">> & {
  readonly name: string;
  /** The schedule in five-field form (aliases expanded). */
  readonly schedule: string;
  readonly studies: readonly Study[];
  readonly alerts: readonly Alert[];
  /** The job file, as the user named it. */
  readonly file: string;
};
