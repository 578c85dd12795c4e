/**
 * The `deno run …` arguments of a task as deno.json defines it, so that a
 * test or a benchmark starts a command with exactly the permissions its users
 * get, writing only where it is told to.
 *
 * @module
 */
import { fileURLToPath } from "node:url";

/** The repository root, with a trailing slash. */
const ROOT = fileURLToPath(new URL("../", import.meta.url));

/**
 * The arguments of `deno task <task>` after `deno`, with writes allowed only
 * into `writeDir` instead of `out`. Relative paths stay relative to the
 * repository root (the working directory the task expects).
 *
 * @example The backtest task, writing into a temporary folder
 * ```ts
 * import assert from "node:assert/strict";
 * import { taskArgs } from "./task_args.ts";
 * const args = await taskArgs("backtest", "/tmp/w");
 * assert.equal(args[0], "run");
 * assert.ok(args.includes("--allow-write=/tmp/w") && !args.includes("--allow-write=out"));
 * assert.equal(args.at(-1), "cli/backtest.ts");
 * ```
 */
export async function taskArgs(task: string, writeDir: string): Promise<string[]> {
  const tasks = JSON.parse(await Deno.readTextFile(`${ROOT}deno.json`)).tasks;
  if (tasks[task] === undefined) throw new Error(`deno.json has no task "${task}"`);
  const [deno, ...args] = String(tasks[task].command).split(/\s+/);
  if (deno !== "deno") throw new Error(`task ${task} does not start with deno`);
  return args.map((a) => (a === "--allow-write=out" ? `--allow-write=${writeDir}` : a));
}

/**
 * {@linkcode taskArgs}, runnable from any working directory: the script,
 * `--config` and the ffi scope made absolute.
 *
 * @example The worker task, started from anywhere
 * ```ts
 * import assert from "node:assert/strict";
 * import { fileURLToPath } from "node:url";
 * import { taskArgsAnywhere } from "./task_args.ts";
 * const root = fileURLToPath(new URL("../", import.meta.url));
 * const args = await taskArgsAnywhere("worker", "");
 * assert.deepEqual(args.slice(0, 2), ["run", `--config=${root}deno.json`]);
 * assert.ok(args.includes(`--allow-ffi=${root}node_modules`));
 * assert.equal(args.at(-1), `${root}cli/worker.ts`);
 * ```
 */
export async function taskArgsAnywhere(task: string, writeDir: string): Promise<string[]> {
  const base = await taskArgs(task, writeDir);
  const args = base.map((a) =>
    a.startsWith("cli/") ? `${ROOT}${a}` : a === "--allow-ffi=node_modules" ? `--allow-ffi=${ROOT}node_modules` : a
  );
  return [args[0]!, `--config=${ROOT}deno.json`, ...args.slice(1)];
}
