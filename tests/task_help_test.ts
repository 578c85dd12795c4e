/**
 * `--help` works on every task in deno.json: it prints the task's usage to
 * stdout, exits 0, and runs nothing (a benchmark or a generator given
 * `--help` must not start its work). Each task runs with exactly the flags
 * deno.json gives it (its permissions included), writes redirected to a
 * temporary directory.
 */
import assert from "node:assert/strict";
import { ROOT } from "./_cli.ts";
import { taskArgs } from "../scripts/task_args.ts";

const tasks: Record<string, { command: string }> = JSON.parse(await Deno.readTextFile(`${ROOT}deno.json`)).tasks;

for (const task of Object.keys(tasks)) {
  Deno.test(`deno task ${task} --help prints its usage and exits 0`, async () => {
    const dir = await Deno.makeTempDir();
    try {
      const out = await new Deno.Command(Deno.execPath(), {
        args: [...await taskArgs(task, dir), "--help"],
        cwd: ROOT,
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
        env: { NO_COLOR: "1" },
        signal: AbortSignal.timeout(120_000), // a guard: a task that ignored --help would start its work
      }).output();
      const stdout = new TextDecoder().decode(out.stdout);
      const stderr = new TextDecoder().decode(out.stderr);
      assert.equal(out.code, 0, `exit code; stderr:\n${stderr}`);
      // `deno task test` is `deno test` and `deno task deps` is `deno install`, whose help is Deno's own; a
      // `:distributed` task runs the same CLI as its local task, with more permissions (docs/permissions.md)
      const usage = task === "test"
        ? "deno test"
        : task === "deps"
        ? "deno install"
        : `deno task ${task.replace(/^(optimize|walkforward|job):distributed$/, "$1")} `;
      assert.ok(/^Usage: /m.test(stdout) && stdout.includes(usage), `expected a usage of "${usage}" in:\n${stdout}`);
      assert.ok(!/^\s+at /m.test(stdout + stderr), `no stack trace in:\n${stdout}${stderr}`);
      assert.deepEqual([...Deno.readDirSync(dir)], [], "nothing written");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}
