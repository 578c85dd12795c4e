import { z } from "zod";
import { ConfigError, describeFound } from "../errors.ts";
import { type Config, ConfigSchema } from "./schema.ts";

/** Where a config came from, for error messages. */
export interface ConfigOrigin {
  /** The config file, as the user named it. */
  readonly file: string;
  /** Dotted paths set by `--set` (or other CLI flags), to point at in messages. */
  readonly overridden?: ReadonlyMap<string, string>;
}

/** One zod issue as a message line: `path: expected …, found …` (and the flag that set it). */
export function formatIssue(issue: z.core.$ZodIssue, prefix: PropertyKey[], origin: ConfigOrigin): string {
  const path = [...prefix, ...issue.path].map(String).join(".") || "(root)";
  let msg = issue.message.replace(/^Invalid input: /, "");
  if (issue.code === "unrecognized_keys") {
    msg = `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => JSON.stringify(k)).join(", ")}`;
  }
  const found = issue.code !== "unrecognized_keys" && issue.code !== "invalid_type" && "input" in issue
    ? `, found ${describeFound(issue.input)}`
    : "";
  // an unknown key is reported at its parent: look for an override of the key itself too
  const keys = issue.code === "unrecognized_keys"
    ? issue.keys.map((k) => (path === "(root)" ? k : `${path}.${k}`))
    : [];
  const via = [path, ...keys].map((p) => origin.overridden?.get(p)).find((v) => v !== undefined);
  return `${path}: ${msg}${found}${via ? ` (set by ${via})` : ""}`;
}

/**
 * Validate a raw config object and freeze it. Strategy params are checked by
 * the strategy's own schema, so their errors point at `strategy.params.<field>`.
 *
 * @throws {ConfigError} naming the file and every bad field with what was expected and found.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseConfig } from "./parse_config.ts";
 * try {
 *   parseConfig({ name: "x" }, { file: "x.ts" });
 * } catch (e) {
 *   assert.ok(String(e).includes("capital"));
 * }
 * ```
 */
export function parseConfig(raw: unknown, origin: ConfigOrigin): Config {
  const base = ConfigSchema.safeParse(raw, { reportInput: true });
  const problems: string[] = [];
  if (!base.success) problems.push(...base.error.issues.map((i) => formatIssue(i, [], origin)));
  let params: unknown;
  const def = base.success ? base.data.strategy.use : undefined;
  if (def) {
    const p = def.params.safeParse((raw as { strategy: { params: unknown } }).strategy.params, { reportInput: true });
    if (p.success) params = p.data;
    else problems.push(...p.error.issues.map((i) => formatIssue(i, ["strategy", "params"], origin)));
  }
  if (problems.length || !base.success) {
    throw new ConfigError(`Invalid config "${origin.file}":\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
  const config = { ...base.data, strategy: { use: base.data.strategy.use, params } };
  return deepFreeze(config) as Config;
}

function deepFreeze<T>(v: T): T {
  if (v && typeof v === "object" && !Object.isFrozen(v)) {
    const proto = Object.getPrototypeOf(v);
    if (proto === Object.prototype || proto === null || Array.isArray(v)) {
      Object.freeze(v);
      for (const x of Object.values(v)) deepFreeze(x);
    }
  }
  return v;
}

/** The config as plain data, for result files: the strategy by name with its params. */
export function serializableConfig(config: Config): Record<string, unknown> {
  return { ...config, strategy: { name: config.strategy.use.name, params: config.strategy.params } };
}
