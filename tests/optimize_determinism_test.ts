/** The same study writes the same bytes with 1, 2 or 8 workers, and on every run. */
import assert from "node:assert/strict";
import { gridSearch, walkForward } from "../mod.ts";
import { latestRun } from "./_cli.ts";
import { assertSameTrees as sameTrees, readTree, smaStudy, writeConfig } from "./_optimize.ts";

Deno.test("grid search files are byte-identical with 1, 2 and 8 workers and across repeated runs", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = await writeConfig(
      dir,
      smaStudy(
        `{ params: { fast: range(4, 24, 4), slow: range(20, 60, 10) }, constraint: (p) => p.fast < p.slow, top: 2 }`,
      ),
    );
    for (const [run, workers] of [["w1", 1], ["w2", 2], ["w8", 8], ["w2again", 2]] as const) {
      const r = await gridSearch({ configPath: path, workers, outDir: `${dir}/${run}` });
      assert.equal(r.completed, 28); // 6 × 5 pairs minus (20, 20) and (24, 20)
    }
    const files = [...(await readTree(await latestRun(`${dir}/w1`))).keys()];
    assert.ok(files.includes("results.jsonl") && files.includes("heatmap.html") && files.includes("top/02/equity.csv"));
    await sameTrees(`${dir}/w1`, `${dir}/w2`, "1 vs 2 workers");
    await sameTrees(`${dir}/w1`, `${dir}/w8`, "1 vs 8 workers");
    await sameTrees(`${dir}/w2`, `${dir}/w2again`, "repeated run");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("walk-forward files are byte-identical with 1 and 8 workers, whatever the chunk size", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = await writeConfig(
      dir,
      smaStudy(`{ params: { fast: [5, 10, 20], slow: [30, 50] }, walkForward: { train: "2y", test: "1y" } }`),
    );
    await walkForward({ configPath: path, workers: 1, outDir: `${dir}/w1` });
    await walkForward({ configPath: path, workers: 8, chunkSize: 1, outDir: `${dir}/w8` });
    await sameTrees(`${dir}/w1`, `${dir}/w8`, "walk-forward 1 vs 8 workers");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
