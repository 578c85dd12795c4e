/**
 * Every task runs with the least permissions it needs (docs/permissions.md),
 * with deno.json's own flags:
 *
 * - the local study tasks (`optimize`, `walkforward`, `job`) give config and
 *   strategy code no network, environment or system access, on the main
 *   thread and in the pool's worker threads alike; `--backend` there fails at
 *   once and names the `:distributed` task that has that access;
 * - every task that loads a config runs with a frozen lock and cached
 *   modules only: a config that imports a package deno.lock does not pin
 *   fails with exit 2 naming the config, and deno.lock stays as it was.
 */
import assert from "node:assert/strict";
import { ROOT } from "./_cli.ts";
import { SAMPLE, taskArgs } from "./_optimize.ts";

const dec = new TextDecoder();

/** Run `deno task <task> <args>` as deno.json defines it, from the repository root, writes allowed into `dir`. */
async function runTask(task: string, args: readonly string[], dir: string, extra: readonly string[] = []) {
  const [cmd, ...flags] = await taskArgs(task, dir);
  const out = await new Deno.Command(Deno.execPath(), {
    args: [cmd!, ...extra, ...flags, ...args],
    cwd: ROOT,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
    signal: AbortSignal.timeout(120_000), // a guard against a hang, not a stopwatch
  }).output();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

const MOD = new URL("../mod.ts", import.meta.url).href;
const SMA = new URL("../strategies/sma_cross.ts", import.meta.url).href;

/** A small study config (two grid points, one walk-forward window) whose module first runs `prelude`. */
const studyConfig = (prelude: string) =>
  `import { defineConfig } from "${MOD}";
import { smaCross } from "${SMA}";
${prelude}
export default defineConfig({
  name: "perm", data: { source: ${JSON.stringify(SAMPLE())} }, capital: 100_000,
  strategy: { use: smaCross, params: { fast: 10, slow: 30 } }, risk: { sizing: { kind: "fixedQty", qty: 100 } },
  optimize: { params: { fast: [5, 10], slow: [30] }, top: 0, walkForward: { train: "4y", test: "2y", mode: "rolling" } },
});
`;

/** A job of one grid study of `config`. */
const jobOf = (config: string) =>
  `import { defineJob } from "${MOD}";
export default defineJob({
  name: "perm", schedule: "0 2 * * *",
  studies: [{ name: "grid", kind: "grid", config: ${JSON.stringify(config)}, workers: 1 }],
});
`;

/** The command line of a local task run of `file` (a config, or for `job` a job file) writing into `dir`. */
function commandLine(task: string, file: string, dir: string): string[] {
  if (task === "job") return [file, "--once", "--out", `${dir}/out`, "--db", `${dir}/results.duckdb`];
  const out = ["--out", `${dir}/out`, "--quiet"];
  if (task === "backtest") return [file, ...out, "--no-record"];
  return [file, "--workers", "1", ...out, "--no-record"];
}

/** Write the config (and for `job` a job file around it) into `dir`; the path to give the task. */
async function writeInput(task: string, dir: string, source: string): Promise<string> {
  await Deno.writeTextFile(`${dir}/c.ts`, source);
  if (task !== "job") return `${dir}/c.ts`;
  await Deno.writeTextFile(`${dir}/job.ts`, jobOf(`${dir}/c.ts`));
  return `${dir}/job.ts`;
}

const LOCAL = ["optimize", "walkforward", "job"];

/** What config code tries, and the permission Deno names when it is denied. */
const ATTEMPTS: { what: string; code: (port: number) => string; denied: RegExp }[] = [
  {
    what: "fetch()",
    code: (port) => `await fetch("http://127.0.0.1:${port}/");`,
    denied: /Requires net access to "127\.0\.0\.1:\d+"/,
  },
  { what: "Deno.env.get()", code: () => `Deno.env.get("HOME");`, denied: /Requires env access to "HOME"/ },
  { what: "Deno.hostname()", code: () => `Deno.hostname();`, denied: /Requires sys access to "hostname"/ },
];

for (const task of LOCAL) {
  for (const { what, code, denied } of ATTEMPTS) {
    Deno.test(`deno task ${task}: a config that calls ${what} fails with a permission error, exit 2`, async () => {
      const dir = await Deno.makeTempDir();
      // a server the config could reach if the task allowed it
      const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, () => new Response("ok"));
      try {
        const file = await writeInput(task, dir, studyConfig(code(server.addr.port)));
        const r = await runTask(task, commandLine(task, file, dir), dir);
        assert.equal(r.code, 2, `exit code; stderr:\n${r.stderr}`);
        assert.match(r.stderr, new RegExp(`Cannot load config "${dir}/c\\.ts": it needs a permission`));
        assert.match(r.stderr, denied);
        assert.ok(!/^\s+at /m.test(r.stderr), `no stack trace in:\n${r.stderr}`);
      } finally {
        await server.shutdown();
        await Deno.remove(dir, { recursive: true });
      }
    });
  }
}

Deno.test("deno task optimize: strategy code on the pool's worker threads has no environment access either", async () => {
  const dir = await Deno.makeTempDir();
  try {
    // the strategy reads the environment when a worker creates it for a run, not when the module loads
    const source = studyConfig("").replace(
      "strategy: { use: smaCross,",
      'strategy: { use: { ...smaCross, create(p: never, s: never) { Deno.env.get("HOME"); return smaCross.create(p, s); } },',
    );
    const file = await writeInput("optimize", dir, source);
    const r = await runTask("optimize", [file, "--workers", "1", "--out", `${dir}/out`, "--no-record"], dir);
    // a run that fails is a result of the study (recorded with its error), not a failure of the task
    assert.equal(r.code, 0, `exit code; stderr:\n${r.stderr}`);
    assert.match(r.stdout, /2 of 2 runs on 1 worker .*, 2 failed/);
    assert.match(r.stdout, /failed in create: .*Requires env access to "HOME"/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

for (const task of ["optimize", "walkforward", "job"]) {
  Deno.test(`deno task ${task} --backend fails at once and names deno task ${task}:distributed`, async () => {
    const dir = await Deno.makeTempDir();
    try {
      const file = await writeInput(task, dir, studyConfig(""));
      const r = await runTask(task, [file, "--backend", "redis://127.0.0.1:1", "--out", `${dir}/out`], dir);
      assert.equal(r.code, 2, `exit code; stderr:\n${r.stderr}`);
      assert.match(r.stderr, new RegExp(`deno task ${task}:distributed`));
      assert.ok(!/^\s+at /m.test(r.stderr), `no stack trace in:\n${r.stderr}`);
      assert.deepEqual(
        [...Deno.readDirSync(dir)].map((e) => e.name).sort(),
        task === "job" ? ["c.ts", "job.ts"] : ["c.ts"],
      );
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}

for (const task of ["backtest", ...LOCAL]) {
  Deno.test(`deno task ${task}: a config that imports a package deno.lock does not pin fails, deno.lock unchanged`, async () => {
    const dir = await Deno.makeTempDir();
    const lock = await Deno.readFile(`${ROOT}deno.lock`);
    try {
      // the task reads a copy of the lock: were it not frozen, only the copy would change
      await Deno.writeFile(`${dir}/deno.lock`, lock);
      const source = studyConfig(`const leftPad = await import("npm:left-pad");`);
      const file = await writeInput(task, dir, source);
      const r = await runTask(task, commandLine(task, file, dir), dir, [`--lock=${dir}/deno.lock`]);
      assert.equal(r.code, 2, `exit code; stderr:\n${r.stderr}`);
      assert.match(
        r.stderr,
        new RegExp(`Cannot load config "${dir}/c\\.ts": it imports "npm:left-pad", which deno\\.lock does not pin`),
      );
      assert.ok(!/^\s+at /m.test(r.stderr), `no stack trace in:\n${r.stderr}`);
      assert.deepEqual(await Deno.readFile(`${dir}/deno.lock`), lock, "the lock the task read is unchanged");
      assert.deepEqual(await Deno.readFile(`${ROOT}deno.lock`), lock, "the project's deno.lock is unchanged");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}

const EXITS: Record<string, string> = {
  "Deno.exit(0)": "Deno.exit(0);",
  "process.exit(0)": "(globalThis as any).process.exit(0);",
};

for (const task of LOCAL) {
  for (const [what, code] of Object.entries(EXITS)) {
    Deno.test(`deno task ${task}: a config that calls ${what} cannot end the study with exit 0 and no results`, async () => {
      const dir = await Deno.makeTempDir();
      try {
        const file = await writeInput(task, dir, studyConfig(code));
        const r = await runTask(task, commandLine(task, file, dir), dir);
        assert.equal(r.code, 2, `exit code; stderr:\n${r.stderr}`);
        assert.match(
          r.stderr,
          new RegExp(`Cannot load config "${dir}/c\\.ts": it threw on import: .*is not allowed here`),
        );
        const published = await Array.fromAsync(Deno.readDir(`${dir}/out`)).catch(() => []);
        assert.ok(!published.some((e) => e.name === "latest.txt"), "nothing published");
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    });
  }
}
