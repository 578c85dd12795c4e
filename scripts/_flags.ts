/**
 * The command line of the scripts behind the benchmark, golden and generator
 * tasks, as the CLI tools treat theirs: `-h`/`--help` prints the usage to
 * stdout (exit 0); a bad flag prints `error: …` and the usage to stderr
 * (exit 2), never a stack trace.
 *
 * @module
 */

/** A command-line mistake of a script: printed with its usage, exit code 2. */
export class FlagError extends Error {
  override name = "FlagError";
}

/**
 * Run `parse` (e.g. `node:util`'s strict `parseArgs` over options that
 * include `help`) and return what it returns; or, when it asked for help or
 * failed on a bad flag ({@linkcode FlagError} or `parseArgs`' TypeError),
 * print the usage and return the exit code to stop with.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseArgs } from "node:util";
 * import { parseFlags } from "./_flags.ts";
 * const printed: string[] = [];
 * const print = (t: string) => printed.push(t);
 * const parse = (args: string[]) => () =>
 *   parseArgs({ args, options: { runs: { type: "string" }, help: { type: "boolean", short: "h" } } });
 * const ok = parseFlags("Usage: deno task x [--runs N]", parse(["--runs", "3"]), print, print);
 * assert.ok(typeof ok === "object" && ok.values.runs === "3");
 * assert.equal(parseFlags("Usage: deno task x [--runs N]", parse(["-h"]), print, print), 0);
 * assert.equal(parseFlags("Usage: deno task x [--runs N]", parse(["--rusn"]), print, print), 2);
 * assert.deepEqual(printed, ["Usage: deno task x [--runs N]", "error: Unknown option '--rusn'\n\nUsage: deno task x [--runs N]"]);
 * ```
 */
export function parseFlags<T extends { values: { help?: boolean | undefined } }>(
  usage: string,
  parse: () => T,
  out: (text: string) => void = console.log,
  err: (text: string) => void = console.error,
): T | 0 | 2 {
  let parsed: T;
  try {
    parsed = parse();
  } catch (e) {
    if (!(e instanceof FlagError || e instanceof TypeError)) throw e;
    // parseArgs' advice on a positional that starts with "-" is for another command line than ours
    err(`error: ${e.message.replace(/\. To specify a positional argument.*$/s, "")}\n\n${usage}`);
    return 2;
  }
  if (parsed.values.help) {
    out(usage);
    return 0;
  }
  return parsed;
}
