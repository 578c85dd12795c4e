/** Helpers for the optimisation suites: config modules on disk, file trees, task commands. */
import assert from "node:assert/strict";
import { readTree } from "../scripts/read_tree.ts";
import { latestRun, ROOT } from "./_cli.ts";

export { readTree } from "../scripts/read_tree.ts";
export { taskArgs, taskArgsAnywhere } from "../scripts/task_args.ts";

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

/** Lines of a JSONL file, parsed. */
export async function readJsonl(path: string): Promise<Record<string, unknown>[]> {
  const text = await Deno.readTextFile(path);
  return text.split("\n").filter(Boolean).map((l) => JSON.parse(l));
}

/**
 * Assert the newest runs of two output roots (`<root>/runs/<id>` that
 * `<root>/latest.txt` names) hold the same files with the same bytes, their
 * manifests included; `normalize` may rewrite a file of `a` before it is
 * compared (e.g. a setting echoed in it), or return null to compare only
 * that the file is there.
 */
export async function assertSameTrees(
  a: string,
  b: string,
  what: string,
  normalize: (name: string, bytes: Uint8Array) => Uint8Array | null = (_n, x) => x,
): Promise<void> {
  const ta = await readTree(await latestRun(a)), tb = await readTree(await latestRun(b));
  assert.deepEqual([...ta.keys()], [...tb.keys()], `${what}: file lists differ`);
  for (const [name, bytes] of ta) {
    const mine = normalize(name, bytes);
    if (mine !== null) assert.deepEqual(mine, tb.get(name), `${what}: ${name} differs`);
  }
}
