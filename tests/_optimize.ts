/** Helpers for the optimisation suites: config modules on disk, file trees, task commands. */
import assert from "node:assert/strict";
import { ROOT } from "./_cli.ts";

/** Absolute path of a sample data file. */
export const SAMPLE = (name = "AAA.csv") => `${ROOT}data/sample/${name}`;

/**
 * Write a config module into `dir` (imports the public API by absolute URL)
 * and return its path. `body` is the object passed to defineConfig, as source.
 */
export async function writeConfig(dir: string, body: string, name = "config.ts", prelude = ""): Promise<string> {
  const mod = new URL("../mod.ts", import.meta.url).href;
  const sma = new URL("../strategies/sma_cross.ts", import.meta.url).href;
  const path = `${dir}/${name}`;
  await Deno.writeTextFile(
    path,
    `import { defineConfig, defineStrategy, range } from "${mod}";
import { smaCross } from "${sma}";
import { z } from "zod";
${prelude}
export default defineConfig(${body});
`,
  );
  return path;
}

/** The usual SMA-cross study on AAA, with an `optimize` section given as source. */
export function smaStudy(optimize: string, extra = ""): string {
  return `{
  name: "study",
  data: { source: ${JSON.stringify(SAMPLE())} },
  capital: 100_000,
  strategy: { use: smaCross, params: { fast: 10, slow: 30 } },
  risk: { sizing: { kind: "fixedQty", qty: 100 } },
  execution: { fill: { kind: "nextOpen" }, commission: { kind: "percent", rate: 0.0005 } },
  seed: 1,
  ${extra}
  optimize: ${optimize},
}`;
}

/** Every file under `dir`, by relative path. */
export async function readTree(dir: string, prefix = ""): Promise<Map<string, Uint8Array>> {
  const out = new Map<string, Uint8Array>();
  for await (const e of Deno.readDir(`${dir}/${prefix}`)) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory) { for (const [k, v] of await readTree(dir, rel)) out.set(k, v); }
    else out.set(rel, await Deno.readFile(`${dir}/${rel}`));
  }
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Lines of a JSONL file, parsed. */
export async function readJsonl(path: string): Promise<Record<string, unknown>[]> {
  const text = await Deno.readTextFile(path);
  return text.split("\n").filter(Boolean).map((l) => JSON.parse(l));
}

/**
 * The `deno run …` arguments of a deno.json task, with writes allowed only
 * into `writeDir` instead of `out`.
 */
export async function taskArgs(task: string, writeDir: string): Promise<string[]> {
  const tasks = JSON.parse(await Deno.readTextFile(`${ROOT}deno.json`)).tasks;
  const [deno, ...args] = String(tasks[task].command).split(/\s+/);
  if (deno !== "deno") throw new Error(`task ${task} does not start with deno`);
  return args.map((a) => (a === "--allow-write=out" ? `--allow-write=${writeDir}` : a));
}

/**
 * Assert two directories hold the same files with the same bytes; `normalize`
 * may rewrite a file of `a` before it is compared (e.g. a setting echoed in it).
 */
export async function assertSameTrees(
  a: string,
  b: string,
  what: string,
  normalize: (name: string, bytes: Uint8Array) => Uint8Array = (_n, x) => x,
): Promise<void> {
  const ta = await readTree(a), tb = await readTree(b);
  assert.deepEqual([...ta.keys()], [...tb.keys()], `${what}: file lists differ`);
  for (const [name, bytes] of ta) assert.deepEqual(normalize(name, bytes), tb.get(name), `${what}: ${name} differs`);
}

/**
 * The arguments of `deno <task>` as deno.json defines it, runnable from any
 * working directory: the script, `--config` and the ffi scope made absolute,
 * writes allowed only into `writeDir`.
 */
export async function taskArgsAnywhere(task: string, writeDir: string): Promise<string[]> {
  const base = await taskArgs(task, writeDir);
  const args = base.map((a) =>
    a.startsWith("cli/") ? `${ROOT}${a}` : a === "--allow-ffi=node_modules" ? `--allow-ffi=${ROOT}node_modules` : a
  );
  return [args[0]!, `--config=${ROOT}deno.json`, ...args.slice(1)];
}
