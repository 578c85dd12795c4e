/**
 * Determinism guard:
 *
 * - the same config and seed give identical bytes in every output file over
 *   three runs of the CLI, each in a fresh process, into the same `--out`
 *   root (the resolved config, output directory included, is part of
 *   `result.json`; each run is published as its own `runs/<id>/`, compared
 *   manifest included);
 * - a different seed gives different fills whenever latency is random, for
 *   every random latency kind, and the same seed the same fills;
 * - grid search and walk-forward studies write byte-identical files with 1
 *   and 4 workers (chunks small enough that every worker takes part).
 */
import assert from "node:assert/strict";
import { gridSearch, loadBars, loadConfig, runBacktest, walkForward } from "../mod.ts";
import type { Config } from "../engine/config/schema.ts";
import { fillsCsv } from "../engine/report/write_results.ts";
import { latestRun, runCli } from "./_cli.ts";

/** Every file under `dir`, by relative path → bytes. */
function tree(dir: string, prefix = ""): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  for (const e of [...Deno.readDirSync(dir)].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const rel = prefix + e.name;
    if (e.isDirectory) { for (const [k, v] of tree(`${dir}/${e.name}`, `${rel}/`)) out.set(k, v); }
    else out.set(rel, Deno.readFileSync(`${dir}/${e.name}`));
  }
  return out;
}

function assertSameTree(actual: Map<string, Uint8Array>, expected: Map<string, Uint8Array>, what: string) {
  assert.deepEqual([...actual.keys()], [...expected.keys()], `${what}: the same files`);
  const dec = new TextDecoder();
  for (const [name, bytes] of expected) {
    const got = actual.get(name)!;
    if (!bytes.every((b, i) => got[i] === b) || got.length !== bytes.length) {
      // show the first differing line rather than two byte arrays
      const a = dec.decode(got).split("\n"), e = dec.decode(bytes).split("\n");
      const line = e.findIndex((l, i) => l !== a[i]);
      assert.fail(`${what}: ${name} differs at line ${line + 1}:\n  expected ${e[line]}\n  actual   ${a[line]}`);
    }
  }
}

for (const config of ["configs/execution_demo.ts", "configs/risk_demo.ts"]) {
  Deno.test(`determinism: ${config} writes identical bytes in every file over 3 CLI runs`, async () => {
    const tmp = await Deno.makeTempDir();
    try {
      let first: Map<string, Uint8Array> | undefined;
      for (let run = 0; run < 3; run++) {
        const r = await runCli([config, "--out", `${tmp}/o`, "--quiet"], tmp);
        assert.equal(r.code, 0, r.stderr);
        const files = tree(await latestRun(`${tmp}/o`));
        for (const f of ["denials.csv", "equity.csv", "fills.csv", "manifest.json", "result.json", "trades.csv"]) {
          assert.ok(files.has(f), `${f} written`);
        }
        if (first === undefined) first = files;
        else assertSameTree(files, first, `run ${run + 1}`);
      }
    } finally {
      await Deno.remove(tmp, { recursive: true });
    }
  });
}

const RANDOM_LATENCIES = [
  { kind: "uniform", lowMs: 0, highMs: 7_200_000 },
  { kind: "normal", meanMs: 1_800_000, stdMs: 1_200_000 },
  { kind: "lognormal", medianMs: 1_200_000, sigma: 0.8 },
  { kind: "exponential", meanMs: 1_800_000 },
  { kind: "empirical", samplesMs: [0, 600_000, 3_600_000, 5_400_000, 9_000_000] },
] as const;

Deno.test("determinism: every random latency kind gives the same fills for a seed and other fills for another", async () => {
  // hourly bars back to back within a session: a latency decides which bar an order reaches
  const base = await loadConfig("golden/03_execution_fill_models/config.ts");
  const frame = await loadBars(base.data);
  for (const latency of RANDOM_LATENCIES) {
    const at = (seed: number) =>
      fillsCsv(runBacktest({ ...base, seed, execution: { ...base.execution, latency } } as Config, frame));
    const a = at(11), again = at(11), b = at(12);
    assert.ok(a.split("\n").length > 20, `${latency.kind}: the run fills orders`);
    assert.equal(again, a, `${latency.kind}: same seed, same fills`);
    assert.notEqual(b, a, `${latency.kind}: another seed, other fills`);
  }
});

Deno.test("determinism: grid search writes identical files with 1 and 4 workers", async () => {
  const tmp = await Deno.makeTempDir();
  try {
    for (const workers of [1, 4]) {
      const r = await gridSearch({
        configPath: "configs/sma_optimize.ts",
        workers,
        chunkSize: 7,
        outDir: `${tmp}/w${workers}`,
      });
      assert.equal(r.workers, workers);
      assert.equal(r.failed, 0);
      assert.equal(r.interrupted, false);
      assert.ok(r.runs > 100, `${r.runs} runs`);
    }
    const one = tree(await latestRun(`${tmp}/w1`)), four = tree(await latestRun(`${tmp}/w4`));
    assert.ok([...one.keys()].some((k) => k.startsWith("top/")), "the top runs' result files are compared too");
    assertSameTree(four, one, "4 workers vs 1");
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("determinism: a walk-forward study writes identical files with 1 and 4 workers", async () => {
  const tmp = await Deno.makeTempDir();
  try {
    for (const workers of [1, 4]) {
      const r = await walkForward({
        configPath: "golden/04_walk_forward/config.ts",
        workers,
        chunkSize: 2,
        outDir: `${tmp}/w${workers}`,
      });
      assert.equal(r.workers, workers);
      assert.equal(r.windows.length, 3);
      assert.equal(r.failedTrainRuns, 0);
    }
    assertSameTree(tree(await latestRun(`${tmp}/w4`)), tree(await latestRun(`${tmp}/w1`)), "4 workers vs 1");
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});
