import { basename, extname, isAbsolute, resolve } from "node:path";
import { formatIssue } from "../config/parse_config.ts";
import { ConfigError, thrownMessage } from "../errors.ts";
import { normalizeCron } from "./cron.ts";
import { metricsOf } from "./metrics.ts";
import { type Job, JobSchema, type Study } from "./schema.ts";

/** Where a job came from, for error messages and relative paths. */
export interface JobOrigin {
  /** The job file, as the user named it. */
  readonly file: string;
  /** The directory study config paths are relative to; `Deno.cwd()` by default. */
  readonly cwd?: string;
}

const list = (names: readonly string[]) => names.map((n) => JSON.stringify(n)).join(", ");

/**
 * Validate a raw job object and freeze it: the schema, then what spans
 * fields: study names are unique, each study's config file exists (relative
 * paths resolve against the working directory), each study records only
 * metrics its kind has, `workers` is only given to grid and walk-forward
 * studies, and each alert names a declared study and a metric that study
 * records. The job's name defaults to the file's name without extension.
 *
 * @throws {ConfigError} naming the job file and every bad field with what was expected and found.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseJob } from "./parse_job.ts";
 * assert.throws(
 *   () => parseJob({ schedule: "0 2 * * *", studies: [{ name: "a", kind: "backtest", config: "nope.ts" }], alerts: [
 *     { study: "b", metric: "sharpe", below: 0 },
 *   ] }, { file: "jobs/x.ts" }),
 *   (e: Error) =>
 *     e.message.startsWith('Invalid job "jobs/x.ts":\n') &&
 *     e.message.includes('studies.0.config: file not found: "nope.ts"') &&
 *     e.message.includes('alerts.0.study: expected one of the job\'s studies ("a"), found "b"'),
 * );
 * ```
 */
export function parseJob(raw: unknown, origin: JobOrigin): Job {
  let base: ReturnType<typeof JobSchema.safeParse>;
  try {
    base = JobSchema.safeParse(raw, { reportInput: true });
  } catch (e) {
    // a value kept by reference (a class instance, a Proxy) whose getter throws
    throw new ConfigError(`Cannot load job "${origin.file}": validating it threw: ${thrownMessage(e)}`, { cause: e });
  }
  if (!base.success) {
    throw new ConfigError(
      `Invalid job "${origin.file}":\n${
        base.error.issues.map((i) => `  - ${formatIssue(i, [], origin, raw)}`).join("\n")
      }`,
    );
  }
  const job = base.data;
  const cwd = origin.cwd ?? Deno.cwd();
  const problems: string[] = [];
  const seen = new Map<string, number>();
  const studies: Study[] = job.studies.map((s, i) => {
    const at = `studies.${i}`;
    const first = seen.get(s.name);
    if (first !== undefined) {
      problems.push(`${at}.name: expected a name unique in the job, found "${s.name}" again (studies.${first}.name)`);
    } else seen.set(s.name, i);
    const configPath = isAbsolute(s.config) ? s.config : resolve(cwd, s.config);
    let isFile = false;
    try {
      isFile = Deno.statSync(configPath).isFile;
    } catch { /* missing or unreadable: reported below */ }
    if (!isFile) {
      problems.push(
        `${at}.config: file not found: "${s.config}"${
          isAbsolute(s.config) ? "" : ` (study config paths are relative to the working directory, ${cwd})`
        }`,
      );
    }
    const known = metricsOf(s.kind);
    s.metrics?.forEach((m, k) => {
      if (!known.includes(m)) {
        problems.push(`${at}.metrics.${k}: expected a metric of a ${s.kind} study (${known.join(", ")}), found "${m}"`);
      }
    });
    if (s.workers !== undefined && s.kind === "backtest") {
      problems.push(`${at}.workers: a backtest study runs on one thread; workers is for grid and walkforward studies`);
    }
    return { ...s, configPath, recorded: s.metrics ? [...new Set(s.metrics)] : known };
  });
  job.alerts.forEach((a, i) => {
    const rules = (["change", "below", "above"] as const).filter((k) => a[k] !== undefined);
    if (rules.length !== 1) {
      problems.push(
        `alerts.${i}: expected exactly one rule of change: { abs } | change: { rel } | below | above, found ${
          rules.length === 0 ? "none" : rules.join(" and ")
        }`,
      );
    }
    const s = studies.find((x) => x.name === a.study);
    if (s === undefined) {
      problems.push(
        `alerts.${i}.study: expected one of the job's studies (${
          list(studies.map((x) => x.name))
        }), found "${a.study}"`,
      );
    } else if (!s.recorded.includes(a.metric)) {
      problems.push(
        `alerts.${i}.metric: expected a metric the ${s.kind} study "${s.name}" records (${
          s.recorded.join(", ")
        }), found "${a.metric}"`,
      );
    }
  });
  if (problems.length > 0) {
    throw new ConfigError(`Invalid job "${origin.file}":\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
  const name = job.name ?? basename(origin.file, extname(origin.file));
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) {
    throw new ConfigError(
      `Invalid job "${origin.file}":\n  - name: the file name "${name}" cannot name the job's output directory; add name: "nightly"`,
    );
  }
  const cron = normalizeCron(job.schedule, job.timezone);
  // JobSchema has checked the schedule, so this only expands aliases and spacing
  const schedule = "expression" in cron ? cron.expression : job.schedule;
  return deepFreeze({ ...job, name, schedule, studies, file: origin.file });
}

function deepFreeze<T>(v: T): T {
  if (v && typeof v === "object" && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}
