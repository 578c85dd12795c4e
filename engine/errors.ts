/**
 * The errors the engine throws for bad input a user can fix.
 * Everything else that goes wrong in a run (a denied order, an unfilled order,
 * a breaker trip) is data recorded in the result, never an exception.
 *
 * @module
 */

/**
 * A config that fails validation: names the file, the field path, what was
 * expected and what was found.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ConfigError } from "./errors.ts";
 * const e = new ConfigError(`Invalid config "x.ts": capital: expected > 0, found -5`);
 * assert.ok(e.name === "ConfigError");
 * ```
 */
export class ConfigError extends Error {
  override name = "ConfigError";
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/**
 * Bars that cannot be loaded: names the file, the row and the problem.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DataError } from "./errors.ts";
 * const e = new DataError(`Cannot load bars from "spy.csv": timestamps decrease at row 1042`);
 * assert.ok(e.name === "DataError");
 * ```
 */
export class DataError extends Error {
  override name = "DataError";
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/**
 * An output location that cannot be written. Like the others it is the user's
 * to fix, and the CLI exits with code 2.
 */
export class OutputError extends Error {
  override name = "OutputError";
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/**
 * A strategy broke the contract (e.g. emitted a negative quantity): names the
 * strategy, the symbol and the bar.
 */
export class StrategyError extends Error {
  override name = "StrategyError";
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/**
 * An indicator that cannot be computed: bad params, or a user-defined
 * indicator that breaks its contract (an output of the wrong length or kind,
 * a value before its warm-up, a value that depends on later bars). Names the
 * indicator, where it was defined, the symbol and, where one is at fault, the
 * bar. A run reports it as its strategy's error.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { IndicatorError } from "./errors.ts";
 * assert.ok(new IndicatorError("x").name === "IndicatorError");
 * ```
 */
export class IndicatorError extends Error {
  override name = "IndicatorError";
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/**
 * A queue backend that cannot be used: Redis unreachable or refusing the
 * connection, or a worker that refused a study's data (its sha256 differs).
 * Names the address or file and what was expected and found; exit code 2.
 */
export class BackendError extends Error {
  override name = "BackendError";
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/** True for the errors that mean "bad input": the CLI maps them to exit code 2. */
export function isUserError(
  e: unknown,
): e is ConfigError | DataError | OutputError | StrategyError | IndicatorError | BackendError {
  return e instanceof ConfigError || e instanceof DataError || e instanceof OutputError ||
    e instanceof StrategyError || e instanceof IndicatorError || e instanceof BackendError;
}

/** Strings longer than this are cut in messages, with their length. */
const MAX_QUOTED = 200;

/**
 * A value as an error message shows what was found: a string quoted (cut
 * after 200 characters, with its length), a number, boolean, bigint, symbol
 * or null as written, otherwise its kind. Never throws, whatever the value
 * (a Proxy, a revoked Proxy, an object whose getters throw).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { describeFound } from "./errors.ts";
 * assert.deepEqual(
 *   [describeFound("x"), describeFound(NaN), describeFound(-0), describeFound(10n), describeFound(Symbol("s"))],
 *   ['"x"', "NaN", "-0", "10n", "Symbol(s)"],
 * );
 * assert.deepEqual([describeFound([1]), describeFound({}), describeFound(undefined)], ["an array", "an object", "nothing"]);
 * assert.equal(describeFound("a".repeat(1000)), `"${"a".repeat(200)}…" (1000 characters)`);
 * ```
 */
export function describeFound(v: unknown): string {
  switch (typeof v) {
    case "undefined":
      return "nothing";
    case "function":
      return "a function";
    case "string":
      return v.length > MAX_QUOTED
        ? `${JSON.stringify(v.slice(0, MAX_QUOTED)).slice(0, -1)}…" (${v.length} characters)`
        : JSON.stringify(v);
    case "number":
      return Object.is(v, -0) ? "-0" : String(v);
    case "bigint":
      return `${v}n`;
    case "symbol":
      return v.toString();
    case "boolean":
      return String(v);
  }
  if (v === null) return "null";
  try {
    return Array.isArray(v) ? "an array" : "an object";
  } catch {
    return "an object"; // Array.isArray throws on a revoked Proxy
  }
}

/** True for the values {@linkcode describeFound} writes out rather than naming their kind. */
export function isLiteral(v: unknown): v is string | number | bigint | boolean | symbol | null {
  return v === null || ["string", "number", "bigint", "boolean", "symbol"].includes(typeof v);
}

/**
 * What a thrown value says, for a one-line message: an Error's first line,
 * a string as is, anything else by {@linkcode describeFound}. Never throws
 * (a thrown object's `message` getter may).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { thrownMessage } from "./errors.ts";
 * assert.deepEqual([thrownMessage(new Error("a\nb")), thrownMessage("s"), thrownMessage(null)], ["a", "s", "null"]);
 * ```
 */
export function thrownMessage(e: unknown): string {
  try {
    if (e instanceof Error) return String(e.message).split("\n")[0]!;
  } catch { /* a Proxy or a message getter that throws: described below */ }
  return typeof e === "string" ? e.split("\n")[0]! : describeFound(e);
}
