import assert from "node:assert/strict";
import { ChunkScheduler, defaultChunkSize } from "./chunk_scheduler.ts";

Deno.test("chunks cover every run once, in order, and never cross a boundary", () => {
  const s = new ChunkScheduler<number>({ total: 25, chunkSize: 4, maxAheadChunks: 100, boundary: 10 });
  const tasks = [];
  for (let t = s.nextTask(); t; t = s.nextTask()) tasks.push([t.start, t.end]);
  assert.deepEqual(tasks, [[0, 4], [4, 8], [8, 10], [10, 14], [14, 18], [18, 20], [20, 24], [24, 25]]);
});

Deno.test("no chunk is handed out too far ahead of the oldest unreleased run", () => {
  const s = new ChunkScheduler<number>({ total: 100, chunkSize: 5, maxAheadChunks: 2 });
  assert.ok(s.nextTask() && s.nextTask());
  assert.equal(s.nextTask(), undefined); // runs 0-9 out, none released
  for (let i = 5; i < 10; i++) s.complete(i, i);
  assert.equal(s.drain().length, 0);
  assert.equal(s.nextTask(), undefined); // run 0 still holds the window
  for (let i = 0; i < 5; i++) s.complete(i, i);
  assert.equal(s.drain().length, 10);
  assert.equal(s.nextTask()?.start, 10);
});

Deno.test("a failure retries the unfinished runs once, then records the run as failed", () => {
  const s = new ChunkScheduler<string>({ total: 6, chunkSize: 6, maxAheadChunks: 1 });
  const t = s.nextTask()!;
  s.complete(0, "ok");
  s.complete(1, "ok");
  const first = s.fail(t, 2);
  assert.deepEqual([first.retry?.start, first.retry?.end, first.retry?.attempt, first.failedIndex], [
    2,
    6,
    1,
    undefined,
  ]);
  const second = s.fail(first.retry!, 0); // run 2 fails again
  assert.equal(second.failedIndex, 2);
  assert.deepEqual([second.retry?.start, second.retry?.end, second.retry?.attempt], [3, 6, 0]);
  s.complete(2, "failed");
  for (let i = 3; i < 6; i++) s.complete(i, "ok");
  assert.deepEqual(s.drain().map(([i, r]) => `${i}:${r}`), ["0:ok", "1:ok", "2:failed", "3:ok", "4:ok", "5:ok"]);
  assert.ok(s.finished);
});

Deno.test("a second result for the same run is ignored", () => {
  const s = new ChunkScheduler<string>({ total: 1, chunkSize: 1, maxAheadChunks: 1 });
  assert.equal(s.complete(0, "a"), true);
  assert.equal(s.complete(0, "b"), false);
  assert.deepEqual(s.drain(), [[0, "a"]]);
});

Deno.test("drainAll() releases held results past a gap, in order", () => {
  const s = new ChunkScheduler<number>({ total: 5, chunkSize: 1, maxAheadChunks: 5 });
  s.complete(3, 3);
  s.complete(0, 0);
  s.complete(4, 4);
  assert.deepEqual(s.drainAll().map(([i]) => i), [0, 3, 4]);
});

Deno.test("defaultChunkSize() aims at eight chunks per worker, within 1…64", () => {
  assert.equal(defaultChunkSize(160, 2), 10);
  assert.equal(defaultChunkSize(100_000, 2), 64);
  assert.equal(defaultChunkSize(3, 8), 1);
});

Deno.test("with workers, chunks shrink toward the end (guided): a 1/(4 × workers) share of what is left, at least 1", () => {
  const s = new ChunkScheduler<number>({ total: 999, chunkSize: 63, maxAheadChunks: 1_000, workers: 2 });
  const sizes: number[] = [];
  for (let t = s.nextTask(); t !== undefined; t = s.nextTask()) sizes.push(t.end - t.start);
  assert.equal(sizes.reduce((a, b) => a + b, 0), 999); // every run, once, in order
  assert.deepEqual(sizes.slice(0, 8), [63, 63, 63, 63, 63, 63, 63, 63]); // capped while 8 × 63 ≤ what is left
  assert.equal(sizes[8], Math.ceil((999 - 8 * 63) / 8)); // then 1/8 of the 495 runs left: 62
  assert.deepEqual(sizes.slice(-3), [1, 1, 1]);
  for (let x = 1; x < sizes.length; x++) assert.ok(sizes[x]! <= sizes[x - 1]!, "never growing");
  // a boundary still cuts chunks
  const w = new ChunkScheduler<number>({ total: 20, chunkSize: 8, maxAheadChunks: 100, boundary: 10, workers: 1 });
  const cuts: [number, number][] = [];
  for (let t = w.nextTask(); t !== undefined; t = w.nextTask()) cuts.push([t.start, t.end]);
  assert.ok(cuts.every(([a, b]) => Math.floor(a / 10) === Math.floor((b - 1) / 10)), JSON.stringify(cuts));
});
