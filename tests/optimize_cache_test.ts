/**
 * The indicator cache changes speed, never numbers: a study whose workers' cache holds two series (so nearly every
 * series is computed into a recycled slot) writes the same bytes as one whose cache holds them all.
 */
import assert from "node:assert/strict";
import { gridSearch, walkForward } from "../mod.ts";
import { assertSameTrees, smaStudy, writeConfig } from "./_optimize.ts";

// 0.01 MB is less than one series of AAA's 2,608 bars: the pool gets its minimum of two slots
const TINY = "optimize.cacheMb=0.01";

/**
 * Same files, same bytes, once the config echoed in result.json files is given the same cacheMb (the manifests,
 * which hold those files' digests, differ by as much).
 */
const sameTrees = (tiny: string, roomy: string, what: string) =>
  assertSameTrees(
    tiny,
    roomy,
    what,
    (name, bytes) =>
      name === "manifest.json"
        ? null
        : name.endsWith("result.json")
        ? new TextEncoder().encode(new TextDecoder().decode(bytes).replace(`"cacheMb": 0.01`, `"cacheMb": 64`))
        : bytes,
  );

Deno.test("grid search files are byte-identical with a two-slot indicator cache and a roomy one", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = await writeConfig(
      dir,
      smaStudy(
        `{ params: { fast: range(4, 24, 4), slow: range(20, 60, 10) }, constraint: (p) => p.fast < p.slow, top: 2 }`,
      ),
    );
    const tiny = await gridSearch({ configPath: path, workers: 2, outDir: `${dir}/tiny`, overrides: { set: [TINY] } });
    const roomy = await gridSearch({ configPath: path, workers: 2, outDir: `${dir}/roomy` });
    assert.equal(tiny.completed, 28);
    assert.ok(
      roomy.cache.misses <= 2 * 10 + 28,
      "10 distinct lengths (20 is in both), each computed at most once per worker, and one crossover per run",
    );
    assert.ok(tiny.cache.misses > roomy.cache.misses, "the tiny cache recomputes evicted series");
    assert.ok(tiny.cache.evictions > 0 && roomy.cache.evictions === 0, JSON.stringify([tiny.cache, roomy.cache]));
    await sameTrees(`${dir}/tiny`, `${dir}/roomy`, "two slots vs roomy");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("walk-forward files are byte-identical with a two-slot indicator cache and a roomy one", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = await writeConfig(
      dir,
      smaStudy(`{ params: { fast: [5, 10, 20], slow: [30, 50] }, walkForward: { train: "2y", test: "1y" } }`),
    );
    await walkForward({ configPath: path, workers: 2, outDir: `${dir}/tiny`, overrides: { set: [TINY] } });
    await walkForward({ configPath: path, workers: 2, outDir: `${dir}/roomy` });
    await sameTrees(`${dir}/tiny`, `${dir}/roomy`, "walk-forward two slots vs roomy");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
