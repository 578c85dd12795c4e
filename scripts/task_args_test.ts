import assert from "node:assert/strict";
import { taskArgs, taskArgsAnywhere } from "./task_args.ts";

Deno.test("taskArgs() redirects only the out write scope and keeps the script relative", async () => {
  const args = await taskArgs("optimize", "/tmp/w");
  assert.deepEqual(args.slice(0, 8), [
    "run",
    "--frozen",
    "--cached-only",
    "--no-remote",
    "--no-prompt",
    "--allow-read",
    "--allow-write=/tmp/w",
    "--allow-ffi=node_modules",
  ]);
  assert.equal(args.at(-1), "cli/optimize.ts");
});

Deno.test("taskArgsAnywhere() makes the config, the ffi scope and the script absolute", async () => {
  const root = new URL("../", import.meta.url).pathname;
  const args = await taskArgsAnywhere("backtest", "/tmp/w");
  assert.deepEqual(args, [
    "run",
    `--config=${root}deno.json`,
    "--frozen",
    "--cached-only",
    "--no-remote",
    "--no-prompt",
    "--allow-read",
    "--allow-write=/tmp/w",
    `--allow-ffi=${root}node_modules`,
    "--v8-flags=--max-old-space-size=8192,--max-semi-space-size=8",
    `${root}cli/backtest.ts`,
  ]);
});

Deno.test("taskArgs() names a task deno.json does not define", async () => {
  await assert.rejects(taskArgs("no-such-task", "/tmp/w"), { message: 'deno.json has no task "no-such-task"' });
});
