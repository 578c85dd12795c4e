/**
 * The command line of the scripts behind the benchmark, golden and generator
 * tasks, as the CLI tools treat theirs: `-h`/`--help` prints the usage to
 * stdout (exit 0); a bad flag prints `error: …` and the usage to stderr
 * (exit 2), never a stack trace.
 *
 * @module
 */

import { parseArgs } from "node:util";

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

/** The flags of an in-process benchmark that interleaves its runs in rounds. */
export interface RoundFlags {
  readonly runs: number;
  readonly warmup: number;
  /** The bars to load; undefined: the default 1M-bar file. */
  readonly data: string | undefined;
  readonly json: boolean;
}

/**
 * Parse `--runs N` (default 7), `--warmup N` (default 2), `--data PATH`, `--json` and `--help` of Deno.args, as
 * `scripts/bench_risk.ts` and `scripts/bench_execution.ts` take them; a number is the exit code to stop with (help, or
 * a bad flag, see {@linkcode parseFlags}).
 */
export function parseRoundFlags(usage: string, args: readonly string[] = Deno.args): RoundFlags | number {
  const parsed = parseFlags(usage, () =>
    parseArgs({
      args: [...args],
      options: {
        runs: { type: "string", default: "7" },
        warmup: { type: "string", default: "2" },
        data: { type: "string" },
        json: { type: "boolean", default: false },
        help: { type: "boolean", short: "h" },
      },
    }));
  if (typeof parsed === "number") return parsed;
  const { values } = parsed;
  return {
    runs: Math.max(1, Number(values.runs) || 7),
    warmup: Math.max(0, Number(values.warmup) || 0),
    data: values.data,
    json: values.json,
  };
}
