/**
 * What every command-line tool shares: flag parsing that turns a bad flag
 * into a usage error, the one-path rule, whole-number flags, and the
 * mapping of errors to exit codes: 2 bad input (found before any result
 * file is written), 4 results published but not recorded in the history
 * database, 1 anything else.
 *
 * @module
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { isUserError } from "../engine/errors.ts";

/** A bad command line: printed with the usage text, exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

/**
 * The run's result files are published and complete, but recording the run
 * in the history database failed afterwards: exit code 4, and a message
 * saying both.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { exitCodeOf, NotRecordedError } from "./_args.ts";
 * const e = new NotRecordedError("the run's results are complete in out/x/runs/1, but recording it failed: locked");
 * assert.equal(exitCodeOf(e, "", () => {}), 4);
 * ```
 */
export class NotRecordedError extends Error {
  override name = "NotRecordedError";
}

/** The exit code of {@linkcode NotRecordedError}. */
export const EXIT_NOT_RECORDED = 4;

/**
 * `parseArgs` (strict, positionals allowed) with its errors as {@linkcode UsageError}s.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseCli, UsageError } from "./_args.ts";
 * const { values } = parseCli(["--n", "3"], { n: { type: "string" } });
 * assert.equal(values.n, "3");
 * assert.throws(() => parseCli(["--m"], { n: { type: "string" } }), UsageError);
 * ```
 */
export function parseCli<O extends NonNullable<ParseArgsConfig["options"]>>(args: string[], options: O) {
  try {
    return parseArgs({ args, allowPositionals: true, strict: true, options });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/**
 * The single path a command takes, or a usage error naming what is missing or extra.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { onePath } from "./_args.ts";
 * assert.equal(onePath(["a.ts"], "config"), "a.ts");
 * assert.throws(() => onePath([], "config"), /missing the config path/);
 * assert.throws(() => onePath(["a", "b"], "config"), /expected one config path, found 2: a b/);
 * ```
 */
export function onePath(positionals: readonly string[], what: string, hint = ""): string {
  if (positionals.length === 1) return positionals[0]!;
  throw new UsageError(
    positionals.length === 0
      ? `missing the ${what} path${hint}`
      : `expected one ${what} path, found ${positionals.length}: ${positionals.join(" ")}`,
  );
}

/**
 * A whole-number flag ≥ `min`, or undefined when absent.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { wholeNumber } from "./_args.ts";
 * assert.equal(wholeNumber("--workers", "4"), 4);
 * assert.equal(wholeNumber("--workers", undefined), undefined);
 * assert.throws(() => wholeNumber("--top", "-1", 0), /--top expects a whole number ≥ 0, found "-1"/);
 * ```
 */
export function wholeNumber(flag: string, v: string | undefined, min = 1): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${flag} expects a whole number ≥ ${min}, found "${v}"`);
  return n;
}

/**
 * Print an error the way every tool does and return its exit code: a usage
 * error with the usage text and a bad-input error as one line (both 2), a
 * run published but not recorded as one line (4), running out of memory as
 * one line (1), anything else with its stack (1).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { exitCodeOf, UsageError } from "./_args.ts";
 * const seen: string[] = [];
 * assert.equal(exitCodeOf(new UsageError("--x?"), "Usage: …", (t) => seen.push(t)), 2);
 * assert.equal(exitCodeOf(new Error("boom"), "Usage: …", (t) => seen.push(t)), 1);
 * assert.equal(seen[0], "error: --x?\n\nUsage: …");
 * ```
 */
export function exitCodeOf(e: unknown, usage: string, printError: (text: string) => void = console.error): number {
  if (e instanceof UsageError) {
    printError(`error: ${e.message}\n\n${usage}`);
    return 2;
  }
  if (isUserError(e)) {
    printError(`error: ${e.message}`);
    return 2;
  }
  if (e instanceof NotRecordedError) {
    printError(`error: ${e.message}`);
    return EXIT_NOT_RECORDED;
  }
  if (e instanceof Error && e.name === "OutOfMemoryError") {
    // the message names the run and the limit; a stack trace says nothing more
    printError(`error: ${e.message}`);
    return 1;
  }
  printError(e instanceof Error ? (e.stack ?? e.message) : String(e));
  return 1;
}
