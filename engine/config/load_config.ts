import { importDefault } from "./import_default.ts";
import { ConfigError, describeFound, isLiteral } from "../errors.ts";
import { parseConfig } from "./parse_config.ts";
import type { Config } from "./schema.ts";

/** Command-line changes applied to a config before validation. */
export interface ConfigOverrides {
  /** Replace `data.source` (a path or glob). */
  readonly data?: string;
  /** Replace `data.symbols`. */
  readonly symbols?: readonly string[];
  readonly from?: string;
  readonly to?: string;
  /** Replace `output.dir`. */
  readonly out?: string;
  /** `path=value` assignments; values parse as JSON when they can, else as text. */
  readonly set?: readonly string[];
}

function isPlain(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null) return false;
  try {
    const proto = Object.getPrototypeOf(v);
    return proto === Object.prototype || proto === null;
  } catch {
    return false; // a Proxy whose trap throws is no plain object
  }
}

function parseValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Set `value` at a dotted `path` of a plain object, creating objects on the
 * way. Fails when the path runs through something that is not an object.
 */
export function setPath(root: Record<string, unknown>, path: string, value: unknown, flag: string): void {
  const keys = path.split(".");
  if (keys.some((k) => k === "" || k === "__proto__" || k === "constructor" || k === "prototype")) {
    throw new ConfigError(`Invalid ${flag}: "${path}" is not a dotted field path such as strategy.params.fast`);
  }
  let node: Record<string, unknown> = root;
  for (let i = 0; i < keys.length - 1; i++) {
    const k = keys[i]!;
    const next = node[k];
    if (next === undefined) node[k] = {};
    else if (!isPlain(next)) {
      throw new ConfigError(
        `Invalid ${flag}: ${keys.slice(0, i + 1).join(".")} is ${
          next === null ? "null" : Array.isArray(next) ? "an array" : typeof next
        }, not an object with fields${isLiteral(next) && next !== null ? ` (found ${describeFound(next)})` : ""}`,
      );
    }
    node = node[k] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]!] = value;
}

/**
 * Import a config module, apply command-line overrides, validate and freeze it.
 *
 * @throws {ConfigError} when the file is missing, throws on import, has no
 * default export, or fails validation.
 *
 * @example
 * ```ts ignore
 * const config = await loadConfig("configs/sma_cross.ts", { set: ["strategy.params.fast=12"] });
 * ```
 */
export async function loadConfig(file: string, overrides: ConfigOverrides = {}): Promise<Config> {
  // a copy of the module's value: overrides never touch the module's own object
  const { value: raw } = await importDefault(file, "config", "defineConfig");
  if (!isPlain(raw)) {
    throw new ConfigError(
      `Cannot load config "${file}": the default export must be a config object from defineConfig({ ... })`,
    );
  }
  const overridden = new Map<string, string>();
  const apply = (path: string, value: unknown, flag: string) => {
    setPath(raw, path, value, flag);
    overridden.set(path, flag);
  };
  if (overrides.data !== undefined) apply("data.source", overrides.data, `--data ${overrides.data}`);
  if (overrides.symbols !== undefined) {
    apply("data.symbols", [...overrides.symbols], `--symbols ${overrides.symbols.join(",")}`);
  }
  if (overrides.from !== undefined) apply("data.from", overrides.from, `--from ${overrides.from}`);
  if (overrides.to !== undefined) apply("data.to", overrides.to, `--to ${overrides.to}`);
  if (overrides.out !== undefined) apply("output.dir", overrides.out, `--out ${overrides.out}`);
  for (const s of overrides.set ?? []) {
    const eq = s.indexOf("=");
    if (eq <= 0) throw new ConfigError(`Invalid --set "${s}": expected path=value, e.g. --set strategy.params.fast=12`);
    apply(s.slice(0, eq).trim(), parseValue(s.slice(eq + 1)), `--set ${s}`);
  }
  return parseConfig(raw, { file, overridden });
}
