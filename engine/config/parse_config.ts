import { z } from "zod";
import { ConfigError, describeFound, isLiteral, thrownMessage } from "../errors.ts";
import { type Config, ConfigSchema } from "./schema.ts";

/** Where a config came from, for error messages. */
export interface ConfigOrigin {
  /** The config file, as the user named it. */
  readonly file: string;
  /** Dotted paths set by `--set` (or other CLI flags), to point at in messages. */
  readonly overridden?: ReadonlyMap<string, string>;
}

/**
 * One zod issue as a message line: `path: expected …, found …` (and the flag
 * that set it). What was found is read at the issue's path in `input`, the
 * value that was validated: a refinement of an object reports its issue on
 * one field (e.g. `data.to`), and zod's own `input` is then the whole object.
 *
 * @param prefix The path of `input` inside the config, e.g. `["strategy", "params"]`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { z } from "zod";
 * import { formatIssue } from "./parse_config.ts";
 * const schema = z.strictObject({ from: z.string(), to: z.string() })
 *   .refine((d) => d.from <= d.to, { message: "expected from ≤ to", path: ["to"] });
 * const input = { from: "2024-05-01", to: "2024-01-01" };
 * const issue = schema.safeParse(input, { reportInput: true }).error!.issues[0]!;
 * assert.equal(formatIssue(issue, ["data"], { file: "c.ts" }, input), 'data.to: expected from ≤ to, found "2024-01-01"');
 * ```
 */
export function formatIssue(
  issue: z.core.$ZodIssue,
  prefix: PropertyKey[],
  origin: ConfigOrigin,
  input: unknown,
): string {
  if (issue.code === "invalid_union" && issue.message === "Invalid input") {
    // zod says only "Invalid input": say what the one branch of the value's kind lacks, or which kinds would do
    const branches = issue.errors.filter((b) => b.length > 0);
    const kindOf = (b: z.core.$ZodIssue[]): string | undefined => {
      const i = b[0]!;
      if (b.length !== 1 || i.path.length !== 0) return undefined;
      if (i.code === "invalid_type") return i.expected;
      if (i.code === "invalid_value") return i.values.map((v) => describeFound(v)).join(" or ");
      return undefined;
    };
    const near = branches.filter((b) => kindOf(b) === undefined);
    if (near.length === 1) {
      return formatIssue(near[0]![0]!, [...prefix, ...issue.path], origin, valueAt(input, issue.path, issue.input));
    }
    if (near.length === 0 && branches.length > 0) {
      const kinds = [...new Set(branches.map(kindOf))];
      return formatIssue({ ...issue, message: `expected ${kinds.join(" or ")}` }, prefix, origin, input);
    }
  }
  const path = [...prefix, ...issue.path].map(String).join(".") || "(root)";
  let msg = issue.message.replace(/^Invalid input: /, "");
  let found = "";
  if (issue.code === "unrecognized_keys") {
    msg = `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => JSON.stringify(k)).join(", ")}`;
  } else if (issue.code === "invalid_key" || issue.code === "invalid_element") {
    // the issue is about a record's key (its input), its own message is inside
    msg = issue.issues[0]?.message.replace(/^Invalid input: /, "") ?? msg;
    found = `, found ${describeFound(issue.input)}`;
  } else {
    const value = valueAt(input, issue.path, issue.input);
    if (issue.code !== "invalid_type") found = `, found ${describeFound(value)}`;
    else if (isLiteral(value) && value !== null) {
      // zod says "expected number, received string": add which string
      found = /, received \w+$/.test(msg) ? ` ${describeFound(value)}` : `, found ${describeFound(value)}`;
    }
  }
  // an unknown key is reported at its parent: look for an override of the key itself too
  const keys = issue.code === "unrecognized_keys"
    ? issue.keys.map((k) => (path === "(root)" ? k : `${path}.${k}`))
    : [];
  const via = [path, ...keys].map((p) => origin.overridden?.get(p)).find((v) => v !== undefined);
  return `${path}: ${msg}${found}${via ? ` (set by ${via})` : ""}`;
}

/**
 * The value at `path` in `root` (plain data, as loaded): undefined where a
 * field is missing, `fallback` where the path runs through something that
 * is not an object or cannot be read.
 */
function valueAt(root: unknown, path: readonly PropertyKey[], fallback: unknown): unknown {
  try {
    let v = root;
    for (const k of path) {
      if (typeof v !== "object" || v === null) return fallback;
      v = Object.hasOwn(v, k) ? (v as Record<PropertyKey, unknown>)[k] : undefined;
    }
    return v;
  } catch {
    return fallback; // a value kept by reference (not plain data) whose getter throws
  }
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
  let base: ReturnType<typeof ConfigSchema.safeParse>;
  try {
    base = ConfigSchema.safeParse(raw, { reportInput: true });
  } catch (e) {
    // a value kept by reference (a class instance, a Proxy) whose getter throws
    throw new ConfigError(`Cannot load config "${origin.file}": validating it threw: ${thrownMessage(e)}`, {
      cause: e,
    });
  }
  const problems: string[] = [];
  if (!base.success) problems.push(...base.error.issues.map((i) => formatIssue(i, [], origin, raw)));
  let params: unknown;
  const def = base.success ? base.data.strategy.use : undefined;
  if (def) {
    const input = (raw as { strategy: { params: unknown } }).strategy.params;
    try {
      const p = def.params.safeParse(input, { reportInput: true });
      if (p.success) params = p.data;
      else problems.push(...p.error.issues.map((i) => formatIssue(i, ["strategy", "params"], origin, input)));
    } catch (e) {
      problems.push(`strategy.params: the strategy's params schema threw: ${thrownMessage(e)}`);
    }
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
