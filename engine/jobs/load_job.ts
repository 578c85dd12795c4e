import { importDefault } from "../config/import_default.ts";
import { loadConfig } from "../config/load_config.ts";
import type { Config } from "../config/schema.ts";
import { ConfigError } from "../errors.ts";
import { parseJob } from "./parse_job.ts";
import type { Job, Study } from "./schema.ts";

/** A validated job with each study's config loaded (overrides applied). */
export interface LoadedJob {
  readonly job: Job;
  /** Each study's resolved config, by study name. */
  readonly configs: ReadonlyMap<string, Config>;
}

/**
 * A study's `set` overrides as `--set path=value` strings: a string value is
 * the text after `=` (JSON when it parses), a number or boolean its literal.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { setArgs } from "./load_job.ts";
 * assert.deepEqual(setArgs({ set: { "strategy.params.fast": 12, "optimize.params.slow": "[30, 60]", "data.symbols": "[\"AAA\"]" } }), [
 *   "strategy.params.fast=12", "optimize.params.slow=[30, 60]", 'data.symbols=["AAA"]',
 * ]);
 * ```
 */
export function setArgs(study: Pick<Study, "set">): string[] {
  return Object.entries(study.set ?? {}).map(([k, v]) => `${k}=${typeof v === "string" ? v : String(v)}`);
}

const indent = (text: string) => text.split("\n").join("\n    ");

/**
 * Import a job module, validate it ({@linkcode parseJob}) and load every
 * study's config with its overrides, so that a bad study (an invalid
 * override, a grid study without an `optimize` section, a walk-forward study
 * without `optimize.walkForward`) is reported before anything runs. Study
 * config paths are relative to the working directory.
 *
 * @throws {ConfigError} naming the job file, and each bad study with its config's own message.
 *
 * @example
 * ```ts ignore
 * const { job, configs } = await loadJob("jobs/nightly.ts");
 * console.log(job.schedule, [...configs.keys()]);
 * ```
 */
export async function loadJob(file: string): Promise<LoadedJob> {
  const { value } = await importDefault(file, "job", "defineJob");
  const job = parseJob(value, { file });
  const configs = new Map<string, Config>();
  const problems: string[] = [];
  for (const [i, s] of job.studies.entries()) {
    const at = `studies.${i} ("${s.name}")`;
    try {
      const config = await loadConfig(s.config, { set: setArgs(s) });
      if (s.kind !== "backtest" && config.optimize === undefined) {
        problems.push(
          `${at}: expected a config with an optimize section for a ${s.kind} study, found none in "${s.config}"; add e.g. optimize: { params: { fast: range(5, 50, 5) } }`,
        );
      } else if (s.kind === "walkforward" && config.optimize?.walkForward === undefined) {
        problems.push(
          `${at}: expected optimize.walkForward in "${s.config}" for a walkforward study, found none; add e.g. walkForward: { train: "2y", test: "6m" }`,
        );
      }
      configs.set(s.name, config);
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      problems.push(`${at}: ${indent(e.message)}`);
    }
  }
  if (problems.length > 0) {
    throw new ConfigError(`Invalid job "${file}":\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
  return { job, configs };
}
