import assert from "node:assert/strict";
import type { DoubleRun } from "./_double_kernel.ts";
import { DOUBLE_KERNEL, tenBars, writeIdleConfig } from "./_test_study.ts";
import { WorkerClient, WorkerFailure } from "./worker_client.ts";

Deno.test("a worker client runs tasks in order and reports the cache counters each task added", async () => {
  const dir = await Deno.makeTempDir();
  const exits: WorkerFailure[] = [];
  const w = new WorkerClient<DoubleRun, number>(
    { kernel: DOUBLE_KERNEL, configPath: await writeIdleConfig(dir), overrides: {}, shared: tenBars() },
    (f) => exits.push(f),
  );
  try {
    await w.started;
    assert.ok(w.ready && !w.busy);
    const seen: [number, number][] = [];
    // closes are 1 … 10: run i returns 2 × (i + 1)
    const first = await w.runTask(0, 0, [{ index: 2 }, { index: 0 }, { index: 9 }], (i, o) => seen.push([i, o]));
    assert.deepEqual(seen, [[2, 6], [0, 2], [9, 20]]);
    // the kernel's running totals after 3 runs are 3 hits and 1 miss (on open)
    assert.deepEqual(first, { hits: 3, misses: 1, evictions: 0 });
    const second = await w.runTask(1, 0, [{ index: 4 }, { index: 5 }], (i, o) => seen.push([i, o]));
    assert.deepEqual(seen.slice(3), [[4, 10], [5, 12]]);
    // totals 5 hits, 1 miss: this task added 2 hits and no miss
    assert.deepEqual(second, { hits: 2, misses: 0, evictions: 0 });
    assert.deepEqual(exits, []);
  } finally {
    w.terminate();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a worker that throws outside a run is reported once, as a crash, and its task rejects", async () => {
  const dir = await Deno.makeTempDir();
  const exits: WorkerFailure[] = [];
  const w = new WorkerClient<DoubleRun, number>(
    { kernel: DOUBLE_KERNEL, configPath: await writeIdleConfig(dir), overrides: {}, shared: tenBars() },
    (f) => exits.push(f),
  );
  try {
    await w.started;
    const seen: number[] = [];
    const task = w.runTask(0, 0, [{ index: 1 }, { index: 2, throws: true }, { index: 3 }], (i) => seen.push(i));
    await assert.rejects(
      task,
      (e) => e instanceof WorkerFailure && /^worker crashed: kernel threw at run 2$/.test(e.message),
    );
    assert.deepEqual(seen, [1]);
    assert.equal(w.finished, 1);
    assert.ok(w.dead);
    assert.equal(exits.length, 1);
    assert.ok(!exits[0]!.atInit && !exits[0]!.userError);
  } finally {
    w.terminate();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a worker that cannot load its config fails at init, as bad input", async () => {
  const dir = await Deno.makeTempDir();
  const exits: WorkerFailure[] = [];
  const w = new WorkerClient<DoubleRun, number>(
    { kernel: DOUBLE_KERNEL, configPath: `${dir}/missing.ts`, overrides: {}, shared: tenBars() },
    (f) => exits.push(f),
  );
  try {
    await assert.rejects(w.started, (e) => e instanceof WorkerFailure && e.atInit && e.userError);
    assert.ok(w.dead && !w.ready);
    assert.equal(exits.length, 1);
    assert.match(exits[0]!.message, /missing\.ts/);
  } finally {
    w.terminate();
    await Deno.remove(dir, { recursive: true });
  }
});
