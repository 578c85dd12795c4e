/**
 * What a run says when a strategy's code throws: the strategy, the hook, the
 * symbol and bar time, and the file and line in the strategy's own code, read
 * from the thrown error's stack (the first frame outside the engine and
 * `node_modules`). When the thrown value carries no such frame (a string or
 * an object was thrown, `Error.stackTraceLimit` was set to 0, the stack was
 * replaced), the message says so and names where the strategy was defined,
 * recorded by `defineStrategy`. Reading the thrown value never throws.
 *
 * The message is the run's `StrategyError`: a bug in the strategy is the
 * user's to fix, exit code 2 like any bad input (docs/strategies.md).
 *
 * @module
 */
import { IndicatorError, StrategyError } from "../errors.ts";
import { userFrame } from "../indicators/define_indicator.ts";

/** Where each strategy definition's `create` was declared (`file:line:column`), by its `create` function. */
const definedAt = new WeakMap<object, string>();

/**
 * Record where a strategy was declared: the first frame of the current stack
 * outside the engine. Called by `defineStrategy`; keyed by `create`, the
 * one part of a definition a config loader keeps by reference.
 */
export function recordDefinition(create: object): void {
  try {
    const where = userFrame(new Error().stack);
    if (where !== undefined) definedAt.set(create, where);
  } catch { /* a stack that cannot be read: no location to record */ }
}

/** Where the strategy whose factory is `create` was declared, when `defineStrategy` recorded it. */
export function definitionSite(create: unknown): string | undefined {
  return (typeof create === "function" || (typeof create === "object" && create !== null))
    ? definedAt.get(create)
    : undefined;
}

/** `e instanceof type`, false where asking throws (a revoked Proxy, a `getPrototypeOf` trap that throws). */
function isA<T>(e: unknown, type: abstract new (...args: never[]) => T): e is T {
  try {
    return e instanceof type;
  } catch {
    return false;
  }
}

/** The stack of a thrown value, or undefined: never throws (a getter may), only a string counts. */
function stackOf(e: unknown): string | undefined {
  try {
    if (isA(e, Error)) {
      const s: unknown = e.stack;
      return typeof s === "string" ? s : undefined;
    }
  } catch { /* a Proxy or a stack getter that throws */ }
  return undefined;
}

/** A thrown value's message, as the run's message shows it: an Error's message, a string as is; never throws. */
function messageOf(e: unknown): string {
  try {
    if (isA(e, Deno.errors.NotCapable)) {
      // Deno's advice to rerun with more permissions is the wrong fix: the task's permissions are deliberate
      const denied = String(e.message).replace(/,? run again with the --allow-\w+ flag\.?$/, "");
      return `${denied} (a permission this task does not grant: docs/permissions.md)`;
    }
    if (isA(e, Error)) return String(e.message);
  } catch { /* a message getter that throws: described by kind below */ }
  if (typeof e === "string") return e;
  if (typeof e === "object" && e !== null || typeof e === "function") return `${kindOf(e)} (not an Error)`;
  try {
    return String(e); // null, undefined, a number, boolean, bigint or symbol
  } catch {
    return kindOf(e);
  }
}

/** What kind of value `e` is, for a message: "a string", "an object", "null"… Never throws. */
function kindOf(e: unknown): string {
  if (e === null || e === undefined) return String(e);
  if (typeof e === "function") return "a function";
  if (typeof e !== "object") return `a ${typeof e}`;
  try {
    return Array.isArray(e) ? "an array" : "an object";
  } catch {
    return "an object"; // a revoked Proxy
  }
}

/** Why a thrown value gives no line of the strategy's code. */
function whyNoLine(e: unknown): string {
  if (isA(e, Error)) return "its stack names no line of the strategy's code";
  return `it threw ${kindOf(e)}, which has no stack: throw an Error to get the line`;
}

/** Where the strategy's code was when it threw, for the parenthesis of a message. */
export function locationOf(e: unknown, create: unknown): string {
  const frame = isA(e, Error) ? userFrame(stackOf(e)) : undefined;
  if (frame !== undefined) return frame;
  const site = definitionSite(create);
  return `${whyNoLine(e)}${site === undefined ? "" : `; the strategy is defined at ${site}`}`;
}

/** Which strategy threw, and where in the run. */
export interface ThrowSite {
  /** The strategy's name. */
  readonly strategy: string;
  /** Its factory, as a key to where it was defined. */
  readonly create: unknown;
  /** The hook that threw (`onBar`, `onStep`, `onFill`, `onTrade`, `onDenied`). */
  readonly hook: string;
  /** The hook's current symbol, when it has one. */
  readonly symbol?: string | undefined;
  /** The time of the step (epoch ms, UTC). */
  readonly tsMs: number;
}

/**
 * The error of a strategy's hook that threw `e`:
 * `Strategy "<name>" threw on <symbol> at <ISO time> (<hook>, <file:line:column>): <message>`.
 * A `StrategyError` (a contract violation the engine already located) is
 * returned as it is.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { hookThrew } from "./strategy_error.ts";
 * const site = { strategy: "s", create: () => ({}), hook: "onBar", symbol: "AAA", tsMs: Date.UTC(2024, 0, 2) };
 * assert.equal(
 *   hookThrew("boom", site).message,
 *   'Strategy "s" threw on AAA at 2024-01-02T00:00:00.000Z (onBar, it threw a string, which has no stack: throw an Error to get the line): boom',
 * );
 * ```
 */
export function hookThrew(e: unknown, site: ThrowSite): StrategyError {
  if (isA(e, StrategyError)) return e;
  const on = site.symbol === undefined ? "" : `on ${site.symbol} `;
  // an indicator's error names its own definition, symbol and bar
  const where = isA(e, IndicatorError) ? "" : `, ${locationOf(e, site.create)}`;
  return new StrategyError(
    `Strategy "${site.strategy}" threw ${on}at ${new Date(site.tsMs).toISOString()} (${site.hook}${where}): ${
      messageOf(e)
    }`,
    { cause: e },
  );
}

/**
 * The error of a strategy whose `create` threw `e`:
 * `Strategy "<name>" failed in create: <message> (<file:line:column>)`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createThrew } from "./strategy_error.ts";
 * assert.equal(
 *   createThrew(42, "s", undefined).message,
 *   'Strategy "s" failed in create: 42 (it threw a number, which has no stack: throw an Error to get the line)',
 * );
 * ```
 */
export function createThrew(e: unknown, strategy: string, create: unknown): StrategyError {
  if (isA(e, StrategyError)) return e;
  return new StrategyError(`Strategy "${strategy}" failed in create: ${messageOf(e)} (${locationOf(e, create)})`, {
    cause: e,
  });
}
