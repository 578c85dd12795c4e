import assert from "node:assert/strict";
import type { DoubleRun } from "./_double_kernel.ts";
import { DOUBLE_KERNEL, tenBars, writeIdleConfig } from "./_test_study.ts";
import { ChunkScheduler } from "./chunk_scheduler.ts";
import { localBackend } from "./worker_pool.ts";

Deno.test("the local pool releases every run once, in run order, and sums the cache counters of its workers", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const configPath = await writeIdleConfig(dir);
    await using pool = await localBackend().open<DoubleRun, number>({
      size: 2,
      kernel: DOUBLE_KERNEL,
      configPath,
      config: undefined as never, // the local pool does not read it
      overrides: {},
      shared: tenBars(),
    });
    assert.equal(pool.size, 2);
    const scheduler = new ChunkScheduler<number>({ total: 10, chunkSize: 3, maxAheadChunks: 2 });
    const ordered: [number, number][] = [];
    const outcome = await pool.run({
      scheduler,
      runsFor: (t) => Array.from({ length: t.end - t.start }, (_, k) => ({ index: t.start + k })),
      failed: () => NaN,
      onOrdered: (i, o) => ordered.push([i, o]),
    });
    assert.deepEqual(outcome, { interrupted: false, replacedWorkers: 0 });
    // closes 1 … 10: run i returns 2 × (i + 1)
    assert.deepEqual(ordered, Array.from({ length: 10 }, (_, i) => [i, 2 * (i + 1)]));
    // one hit per run; one miss per worker that ran a chunk (4 chunks on 2 workers)
    const c = pool.cacheCounters;
    assert.equal(c.hits, 10);
    assert.ok(c.misses === 1 || c.misses === 2, `misses ${c.misses}`);
    assert.equal(c.evictions, 0);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a run that crashes its worker twice is recorded through job.failed, and the rest of its chunk still runs", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const configPath = await writeIdleConfig(dir);
    await using pool = await localBackend().open<DoubleRun, number>({
      size: 1,
      kernel: DOUBLE_KERNEL,
      configPath,
      config: undefined as never,
      overrides: {},
      shared: tenBars(),
    });
    const scheduler = new ChunkScheduler<number>({ total: 4, chunkSize: 4, maxAheadChunks: 1 });
    const ordered: [number, number][] = [];
    const errors: string[] = [];
    const outcome = await pool.run({
      scheduler,
      runsFor: (t) =>
        Array.from({ length: t.end - t.start }, (_, k) => ({ index: t.start + k, throws: t.start + k === 1 })),
      failed: (i, error) => {
        errors.push(`${i}: ${error}`);
        return -1;
      },
      onOrdered: (i, o) => ordered.push([i, o]),
    });
    // run 1 crashed the first worker and its replacement: recorded as failed; runs 2 and 3 ran on a third worker
    assert.deepEqual(outcome, { interrupted: false, replacedWorkers: 2 });
    assert.deepEqual(ordered, [[0, 2], [1, -1], [2, 6], [3, 8]]);
    assert.deepEqual(errors, ["1: worker crashed: kernel threw at run 1"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
