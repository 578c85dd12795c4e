/**
 * Faults of the Redis backend, with a real redis-server and real `deno task
 * worker` processes (see `_redis.ts`): Redis restarted without its data,
 * Redis down from the start or mid-study, and a worker whose strategy
 * allocates without bound. Each ended in a hang (or a V8 fatal error on the
 * worker) before the coordinator bounded its waits.
 */
import assert from "node:assert/strict";
import { BackendError } from "../engine/errors.ts";
import { parseRedisUrl, queueBackend, RedisPool } from "../engine/distributed/mod.ts";
import { gridSearch } from "../engine/optimize/grid_search.ts";
import { generateSynth } from "../scripts/gen_synth.ts";
import { assertSameTrees, readJsonl, SAMPLE, smaStudy, writeConfig } from "./_optimize.ts";
import { clusterTest, freePort } from "./_redis.ts";

/** 20 × 10 = 200 SMA pairs. */
const GRID_200 = `{ params: { fast: range(1, 20, 1), slow: range(30, 39, 1) }, objective: "sharpe", top: 2 }`;

/** A study config on `rows` synthetic minute bars (long enough chunks to kill Redis under one). */
async function slowStudy(dir: string, rows: number): Promise<string> {
  await Deno.writeFile(`${dir}/bars.csv`, generateSynth(rows, 7));
  return await writeConfig(
    dir,
    smaStudy(GRID_200).replace(JSON.stringify(SAMPLE()), JSON.stringify(`${dir}/bars.csv`)),
  );
}

clusterTest(
  "Redis restarted without its data mid-study: lost chunks are queued again, the worker says what it lost, the files match the local pool's",
  async ({ dir, redis, queue, worker }) => {
    const configPath = await slowStudy(dir, 100_000);
    const w = await worker(["--concurrency", "1"]);
    const notices: string[] = [];
    const study = gridSearch({
      configPath,
      outDir: `${dir}/redis`,
      chunkSize: 10,
      backend: queueBackend({ url: redis.url, queue, pollMs: 500, onNotice: (t) => notices.push(t) }),
    });
    // a chunk is running on the worker (after one finished): Redis loses everything under it
    const running = await w.waitFor(
      (e) => e.event === "chunk-start" && w.events.some((d) => d.event === "chunk-done"),
      120_000,
    );
    await redis.kill();
    await redis.restart();
    const remote = await study;
    assert.equal(remote.completed, 200);
    assert.equal(remote.failed, 0);
    assert.ok(
      notices.some((n) => /chunk\(s\) of this study were gone from Redis at redis:\/\/127\.0\.0\.1:\d+/.test(n)),
    );
    const lost = await w.waitFor((e) => e.event === "chunk-lost" && e.job === running.job, 30_000);
    assert.match(String(lost.error), /is gone from Redis .*Redis restarted without its data.*re-queues lost chunks/);
    const lines = await readJsonl(`${remote.dir}/results.jsonl`);
    assert.deepEqual(lines.map((l) => l.run), Array.from({ length: 200 }, (_, i) => i));
    await gridSearch({ configPath, outDir: `${dir}/local`, workers: 2, chunkSize: 10 });
    await assertSameTrees(`${dir}/redis`, `${dir}/local`, "queued vs local");
  },
);

clusterTest(
  "Redis down mid-study: the coordinator stops within its bound with the address and the cause; the worker says Redis is gone",
  async ({ dir, redis, queue, worker }) => {
    const configPath = await slowStudy(dir, 100_000);
    const w = await worker(["--concurrency", "1"]);
    const t0 = performance.now();
    const study = gridSearch({
      configPath,
      outDir: `${dir}/redis`,
      chunkSize: 10,
      backend: queueBackend({ url: redis.url, queue, connectionLostMs: 3000, pollMs: 500 }),
    });
    const outcome = study.then(() => "resolved", (e) => e);
    await w.waitFor((e) => e.event === "chunk-done", 120_000);
    const killedAt = performance.now();
    await redis.kill();
    const e = await outcome;
    const waitedMs = performance.now() - killedAt;
    assert.ok(e instanceof BackendError, String(e));
    assert.match(
      e.message,
      /^Lost the connection to Redis at redis:\/\/127\.0\.0\.1:\d+: no answer for \d+ s \(.*ECONNREFUSED.*\); the study stopped with \d+ of 200 runs unfinished$/,
    );
    // 3 s of silence, a poll period, and the bounded clean-up (not a stopwatch: a hang would never get here)
    assert.ok(waitedMs < 30_000, `stopped ${waitedMs} ms after Redis died (${performance.now() - t0} ms in all)`);
    const down = await w.waitFor((e) => e.event === "redis-down", 30_000);
    assert.match(String(down.error), /^lost Redis at redis:\/\/127\.0\.0\.1:\d+ \(.*\); reconnecting/);
  },
);

Deno.test({
  name: "Redis down from the start: opening a queue pool fails within seconds with the address",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const port = freePort();
    const study = { id: "x", config: { path: "config.ts", sha256: "0", bytes: 0 }, overrides: {}, data: [] };
    const open = RedisPool.open({ address: parseRedisUrl(`redis://127.0.0.1:${port}`), study, connectionLostMs: 3000 });
    const timeout = new Promise((r) => setTimeout(() => r("still pending after 20 s"), 20_000));
    const e = await Promise.race([open.then(() => "opened", (e) => e), timeout]);
    assert.ok(e instanceof BackendError, String(e));
    assert.match(e.message, new RegExp(`^Cannot reach Redis at redis://127\\.0\\.0\\.1:${port}: connect ECONNREFUSED`));
  },
});

clusterTest(
  "a worker process whose strategy allocates without bound: out of memory, not a V8 fatal error; the run is retried once, then recorded as failed",
  async ({ dir, redis, queue, worker }) => {
    const configPath = await writeConfig(
      dir,
      smaStudy(`{ params: { fast: [5, 10, 15, 20], slow: [30, 40, 50] }, top: 1 }`).replace(
        "use: smaCross",
        "use: hungry",
      ),
      "config.ts",
      `const hungry = defineStrategy({
        name: "hungry",
        params: smaCross.params,
        create(p, setup) {
          const inner = smaCross.create(p, setup);
          return { onBar(ctx) {
            if (p.fast === 15 && p.slow === 40 && ctx.index === 100) { const hoard = []; for (;;) hoard.push(new Array(1e5).fill(1.5)); }
            inner.onBar(ctx);
          } };
        },
      });`,
    );
    // each out-of-memory worker exits (its thread cannot be stopped): three workers, at most two attempts at the run
    const args = ["--concurrency", "1", "--lock-ms", "1500", "--memory-limit-mb", "400"];
    const workers = [await worker(args), await worker(args), await worker(args)];
    const remote = await gridSearch({
      configPath,
      outDir: `${dir}/redis`,
      chunkSize: 3,
      backend: queueBackend({ url: redis.url, queue, pollMs: 500 }),
    });
    assert.equal(remote.failed, 1);
    const lines = await readJsonl(`${remote.dir}/results.jsonl`);
    assert.deepEqual(lines.map((l) => l.run), Array.from({ length: 12 }, (_, i) => i));
    const bad = lines.find((l) =>
      (l.params as { fast: number; slow: number }).fast === 15 && (l.params as { slow: number }).slow === 40
    )!;
    assert.match(
      String(bad.error),
      /^out of memory: the process used \d+ MB, over the limit of 400 MB, while this run was running$/,
    );
    // every other run is the same as with the plain strategy on the local pool
    const plain = await writeConfig(
      dir,
      smaStudy(`{ params: { fast: [5, 10, 15, 20], slow: [30, 40, 50] }, top: 1 }`),
      "plain.ts",
    );
    const local = await gridSearch({ configPath: plain, outDir: `${dir}/local`, workers: 2, chunkSize: 3 });
    const localLines = await readJsonl(`${local.dir}/results.jsonl`);
    for (const [i, l] of lines.entries()) if (l !== bad) assert.deepEqual(l, localLines[i], `run ${i}`);
    const oom = workers.filter((w) => w.events.some((e) => e.event === "out-of-memory" && e.run === bad.run));
    assert.equal(oom.length, 2, "one attempt and one retry, on two workers");
    for (const w of oom) {
      const status = await w.status;
      assert.equal(status.code, 1, `${JSON.stringify(w.events.slice(-4))}\n${w.stderr()}`);
      assert.match(w.stderr(), /^error: Worker [^ ]+ stopped, out of memory: /m);
      assert.doesNotMatch(w.stderr(), /Fatal JavaScript|C stack trace/);
    }
  },
);
