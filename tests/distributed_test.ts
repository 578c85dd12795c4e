/**
 * Grid search through Redis + BullMQ with real `deno task worker` processes:
 * byte parity with the local pool, recovery from a killed worker, and the
 * bad inputs (unreachable Redis, a data hash mismatch on a worker).
 *
 * No mocks: each test file starts its own redis-server (see `_redis.ts`) and
 * worker processes, on a queue of its own.
 */
import assert from "node:assert/strict";
import { Job, Queue, QueueEvents } from "bullmq";
import { queueBackend } from "../engine/distributed/mod.ts";
import { gridSearch } from "../engine/optimize/grid_search.ts";
import { walkForward } from "../engine/optimize/walk_forward.ts";
import { generateSynth } from "../scripts/gen_synth.ts";
import { latestRun, ROOT } from "./_cli.ts";
import { assertSameTrees, readJsonl, SAMPLE, smaStudy, taskArgsAnywhere, writeConfig } from "./_optimize.ts";
import { clusterTest, freePort, hasRedisServer } from "./_redis.ts";
import { runJobCli, writeJob, writeStudyConfig } from "./_job.ts";
import { listStudyRuns } from "../engine/report/study_db.ts";

/** 20 × 10 = 200 SMA pairs (every fast < every slow). */
const GRID_200 = `{ params: { fast: range(1, 20, 1), slow: range(30, 39, 1) }, objective: "sharpe", top: 2 }`;

clusterTest(
  "a 200-run grid through Redis on 2 worker processes gives byte-identical files to the local pool",
  async ({ dir, redis, queue, worker }) => {
    const w1 = await worker(["--concurrency", "1"]);
    const w2 = await worker(["--concurrency", "1"]);
    const configPath = await writeConfig(dir, smaStudy(GRID_200));
    const remote = await gridSearch({
      configPath,
      outDir: `${dir}/redis`,
      backend: queueBackend({ url: redis.url, queue }),
    });
    const local = await gridSearch({ configPath, outDir: `${dir}/local`, workers: 2 });
    assert.equal(remote.runs, 200);
    assert.equal(remote.completed, 200);
    assert.equal(remote.failed, 0);
    assert.deepEqual(remote.best, local.best);
    await assertSameTrees(`${dir}/redis`, `${dir}/local`, "queued vs local");
    const lines = await readJsonl(`${await latestRun(`${dir}/redis`)}/results.jsonl`);
    assert.deepEqual(lines.map((l) => l.run), Array.from({ length: 200 }, (_, i) => i));
    // both processes served chunks, and every chunk ran exactly once
    const done = [w1, w2].map((w) => w.events.filter((e) => e.event === "chunk-done"));
    assert.ok(done[0]!.length > 0 && done[1]!.length > 0, `chunks per worker: ${done.map((d) => d.length)}`);
    const runs = done.flat().reduce((s, e) => s + (e.runs as number), 0);
    assert.equal(runs, 200);
    // both loaded the study after checking its hashes
    for (const w of [w1, w2]) assert.equal(w.events.filter((e) => e.event === "study-loaded").length, 1);
  },
);

clusterTest(
  "a walk-forward study through Redis gives byte-identical files (curves cross the queue exactly)",
  async ({ dir, redis, queue, worker }) => {
    const _w = await worker(["--concurrency", "2"]);
    const configPath = await writeConfig(
      dir,
      smaStudy(`{ params: { fast: [5, 10, 20], slow: [30, 50] }, walkForward: { train: "3y", test: "1y" } }`),
    );
    await walkForward({ configPath, outDir: `${dir}/redis`, backend: queueBackend({ url: redis.url, queue }) });
    await walkForward({ configPath, outDir: `${dir}/local`, workers: 2 });
    await assertSameTrees(`${dir}/redis`, `${dir}/local`, "queued vs local");
  },
);

clusterTest(
  "a worker killed mid-chunk: its chunk is retried elsewhere and every run is present exactly once",
  async ({ dir, redis, queue, worker }) => {
    // 150k minute bars: a 10-run chunk takes long enough to be killed in the middle of
    await Deno.writeFile(`${dir}/bars.csv`, generateSynth(150_000, 7));
    const configPath = await writeConfig(
      dir,
      smaStudy(GRID_200).replace(JSON.stringify(SAMPLE()), JSON.stringify(`${dir}/bars.csv`)),
    );
    const args = ["--concurrency", "1", "--lock-ms", "1500"];
    const victim = await worker(args);
    const survivor = await worker(args);
    const study = gridSearch({
      configPath,
      outDir: `${dir}/redis`,
      chunkSize: 10,
      backend: queueBackend({ url: redis.url, queue }),
    });
    // wait until the victim is inside its second chunk (the study is loaded, a chunk is running), then SIGKILL it
    const started = await victim.waitFor(
      (e) => e.event === "chunk-start" && victim.events.some((d) => d.event === "chunk-done"),
      120_000,
    );
    victim.kill("SIGKILL");
    await victim.status;
    const remote = await study;
    assert.equal(remote.completed, 200);
    assert.equal(remote.failed, 0);
    // the killed chunk never finished on the victim and was completed by the survivor
    assert.ok(!victim.events.some((e) => e.event === "chunk-done" && e.job === started.job));
    assert.ok(survivor.events.some((e) => e.event === "chunk-done" && e.job === started.job));
    const lines = await readJsonl(`${await latestRun(`${dir}/redis`)}/results.jsonl`);
    assert.deepEqual(lines.map((l) => l.run), Array.from({ length: 200 }, (_, i) => i));
    await gridSearch({ configPath, outDir: `${dir}/local`, workers: 2, chunkSize: 10 });
    await assertSameTrees(`${dir}/redis`, `${dir}/local`, "queued vs local");
  },
);

clusterTest(
  "a chunk delivered twice (re-added under its idempotency key after it completed) changes nothing",
  async ({ dir, redis, queue, worker }) => {
    const { port } = new URL(redis.url);
    const connection = { host: "127.0.0.1", port: Number(port), maxRetriesPerRequest: null };
    const q = new Queue(queue, { connection });
    const ev = new QueueEvents(queue, { connection });
    await ev.waitUntilReady();
    const w = await worker(["--concurrency", "2"]);
    // a second producer that delivers every chunk again once the coordinator has taken its result
    const seen = new Map<string, unknown>();
    const readds: Promise<unknown>[] = [];
    ev.on("active", ({ jobId }) => {
      void Job.fromId(q, jobId).then((j) => j && seen.set(jobId, j.data));
    });
    ev.on("completed", ({ jobId }) => {
      readds.push(
        new Promise((r) => setTimeout(r, 150)).then(() => {
          const data = seen.get(jobId);
          return data === undefined ? undefined : q.add("chunk", data, { jobId });
        }),
      );
    });
    try {
      const configPath = await writeConfig(dir, smaStudy(`{ params: { fast: range(2, 11), slow: [40, 60] }, top: 1 }`));
      const r = await gridSearch({
        configPath,
        outDir: `${dir}/redis`,
        chunkSize: 2,
        backend: queueBackend({ url: redis.url, queue }),
      });
      await gridSearch({ configPath, outDir: `${dir}/local`, workers: 2, chunkSize: 2 });
      await Promise.all(readds);
      await new Promise((res) => setTimeout(res, 1000));
      assert.equal(r.completed, 20);
      await assertSameTrees(`${dir}/redis`, `${dir}/local`, "queued vs local");
      const lines = await readJsonl(`${await latestRun(`${dir}/redis`)}/results.jsonl`);
      assert.deepEqual(lines.map((l) => l.run), Array.from({ length: 20 }, (_, i) => i));
      // the duplicates really were delivered and run
      const done = w.events.filter((e) => e.event === "chunk-done").map((e) => e.job);
      assert.ok(done.length > 10, `${done.length} chunk runs for 10 chunks`);
      assert.ok(done.length > new Set(done).size);
    } finally {
      await ev.close();
      await q.close();
    }
  },
);

clusterTest(
  "a research job runs its grid and walk-forward studies through Redis with the same numbers as locally",
  async ({ dir, redis, queue, worker }) => {
    const w = await worker(["--concurrency", "2"]);
    const config = await writeStudyConfig(
      dir,
      "study.ts",
      `{ params: { fast: [5, 10, 20], slow: [30, 60] }, top: 0, walkForward: { train: "3y", test: "1y" } }`,
    );
    const job = await writeJob(
      dir,
      "job.ts",
      `{ name: "remote", schedule: "0 2 * * *", studies: [
        { name: "grid", kind: "grid", config: ${JSON.stringify(config)} },
        { name: "wf", kind: "walkforward", config: ${JSON.stringify(config)} },
      ], alerts: [{ study: "wf", metric: "oosSharpe", change: { abs: 0 } }, { study: "grid", metric: "objective", change: { abs: 0 } }] }`,
    );
    const db = `${dir}/results.duckdb`;
    const remote = await runJobCli([
      job,
      "--once",
      "--db",
      db,
      "--out",
      `${dir}/jobs`,
      "--backend",
      redis.url,
      "--queue",
      queue,
    ]);
    assert.equal(remote.code, 0, remote.err);
    assert.ok(w.events.filter((e) => e.event === "chunk-done").length > 0);
    // the local re-run compares with the queued one: any difference at all would fire (abs > 0)
    const local = await runJobCli([job, "--once", "--db", db, "--out", `${dir}/jobs`]);
    assert.equal(local.code, 0, local.out.join("\n"));
    const rows = await listStudyRuns(db, { job: "remote" });
    assert.equal(rows.length, 4);
    for (const study of ["grid", "wf"]) {
      const [newer, older] = rows.filter((r) => r.study === study);
      assert.deepEqual(newer!.values, older!.values);
    }
  },
);

async function runTask(task: string, args: string[], writeDir: string, cwd = ROOT) {
  const t0 = performance.now();
  const out = await new Deno.Command(Deno.execPath(), {
    args: [...await taskArgsAnywhere(task, writeDir), ...args],
    cwd,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const dec = new TextDecoder();
  return {
    code: out.code,
    stdout: dec.decode(out.stdout),
    stderr: dec.decode(out.stderr),
    ms: performance.now() - t0,
  };
}

Deno.test({
  name: "an unreachable Redis: exit 2 within a few seconds with the address and the cause",
  ignore: !hasRedisServer(),
  async fn() {
    const dir = await Deno.makeTempDir();
    try {
      const port = freePort();
      const configPath = await writeConfig(dir, smaStudy(GRID_200));
      const r = await runTask(
        "optimize:distributed",
        [configPath, "--backend", `redis://127.0.0.1:${port}`, "--out", `${dir}/o`],
        dir,
      );
      assert.equal(r.code, 2, r.stderr);
      assert.match(
        r.stderr,
        new RegExp(`^error: Cannot reach Redis at redis://127\\.0\\.0\\.1:${port}: connect ECONNREFUSED`),
      );
      assert.ok(r.ms < 15_000, `took ${r.ms} ms`);
      await assert.rejects(Deno.stat(`${dir}/o`), Deno.errors.NotFound);
      const w = await runTask("worker", ["--backend", `redis://127.0.0.1:${port}`], dir);
      assert.equal(w.code, 2, w.stderr);
      assert.match(w.stderr, /Cannot reach Redis at redis:\/\/127\.0\.0\.1:\d+: connect ECONNREFUSED/);
      const bad = await runTask("optimize:distributed", [configPath, "--backend", "localhost:6379"], dir);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /Invalid --backend "localhost:6379": expected redis:\/\/host:port\[\/db\]/);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

clusterTest(
  "a worker whose data file differs refuses the study: the coordinator exits 2 naming the file and both hashes",
  async ({ dir, redis, queue, worker }) => {
    // same relative path, different bytes: the coordinator's cwd and the worker's
    const csv = await Deno.readTextFile(SAMPLE());
    await Deno.mkdir(`${dir}/here`);
    await Deno.mkdir(`${dir}/there`);
    await Deno.writeTextFile(`${dir}/here/bars.csv`, csv);
    const lines = csv.split("\n");
    lines[5] = lines[5]!.replace(/,(\d+)\.(\d+),/, (_m, a, b) => `,${Number(a) + 1}.${b},`);
    await Deno.writeTextFile(`${dir}/there/bars.csv`, lines.join("\n"));
    const configPath = await writeConfig(dir, smaStudy(GRID_200).replace(JSON.stringify(SAMPLE()), `"bars.csv"`));
    const w = await worker([], { cwd: `${dir}/there` });
    const r = await runTask(
      "optimize:distributed",
      [configPath, "--backend", redis.url, "--queue", queue, "--out", `${dir}/o`],
      dir,
      `${dir}/here`,
    );
    assert.equal(r.code, 2, r.stderr);
    assert.match(
      r.stderr,
      /^error: Data mismatch on worker [^:]+: data file "bars\.csv" has sha256 [0-9a-f]{64} \(\d+ bytes\), expected [0-9a-f]{64} \(\d+ bytes\); refusing to run on different bars/,
    );
    assert.ok(w.events.some((e) => e.event === "study-refused"));
    assert.ok(!w.events.some((e) => e.event === "chunk-done"));
  },
);

clusterTest(
  "deno task optimize --backend records the study in the results database, as a local run does",
  async ({ dir, redis, queue, worker }) => {
    const _w = await worker(["--concurrency", "2"]);
    const configPath = await writeConfig(dir, smaStudy(`{ params: { fast: [5, 10, 20], slow: [30, 60] }, top: 1 }`));
    const db = `${dir}/results.duckdb`;
    const remote = await runTask(
      "optimize:distributed",
      [configPath, "--backend", redis.url, "--queue", queue, "--out", `${dir}/redis`, "--results-db", db],
      dir,
    );
    assert.equal(remote.code, 0, remote.stderr);
    assert.match(remote.stdout, /History: recorded as study run [0-9a-f-]{36} in .*results\.duckdb/);
    const local = await runTask("optimize", [configPath, "--out", `${dir}/local`, "--results-db", db], dir);
    assert.equal(local.code, 0, local.stderr);
    await assertSameTrees(`${dir}/redis`, `${dir}/local`, "queued vs local");
    const rows = await listStudyRuns(db);
    assert.deepEqual(rows.map((r) => [r.kind, r.study, r.job, r.outputDir]), [
      ["grid", "study", null, await latestRun(`${dir}/local`)],
      ["grid", "study", null, await latestRun(`${dir}/redis`)],
    ]);
    assert.deepEqual(rows[0]!.values, rows[1]!.values);
    const best = JSON.parse(await Deno.readTextFile(`${await latestRun(`${dir}/redis`)}/results.json`)).ranked[0];
    assert.equal(rows[1]!.values.objective, best.objective);
  },
);
