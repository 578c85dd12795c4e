/** Stopping a job mid-study (SIGTERM, Ctrl-C): the study is abandoned, not recorded, and no file is left torn. */
import assert from "node:assert/strict";
import { verifyResultSet } from "../engine/report/atomic_write.ts";
import { listStudyRuns } from "../engine/report/study_db.ts";
import { ROOT } from "./_cli.ts";
import { events, listTree, runJobCli, writeJob, writeStudyConfig } from "./_job.ts";
import { taskArgs } from "./_optimize.ts";

/** A walk-forward study big enough to take seconds on one worker (about 30,000 training runs). */
const BIG_WF =
  `{ params: { fast: range(2, 40, 1), slow: range(41, 200, 3) }, walkForward: { train: "2y", test: "6m" } }`;
const SMALL_WF = `{ params: { fast: [5, 10], slow: [30, 50] }, walkForward: { train: "2y", test: "6m" } }`;

async function jobWithBigStudy(dir: string): Promise<string> {
  const small = await writeStudyConfig(dir, "small.ts", SMALL_WF);
  const big = await writeStudyConfig(dir, "big.ts", BIG_WF);
  return await writeJob(
    dir,
    "stop.ts",
    `{ schedule: "0 2 * * *", studies: [
      { name: "bt", kind: "backtest", config: ${JSON.stringify(small)}, metrics: ["sharpe"] },
      { name: "big", kind: "walkforward", config: ${JSON.stringify(big)}, workers: 1 },
      { name: "after", kind: "backtest", config: ${JSON.stringify(small)} },
    ], alerts: [{ study: "big", metric: "oosSharpe", change: { abs: 0.3 } }] }`,
  );
}

/**
 * Files a writer leaves behind when it dies mid-write: an unpublished set (`runs/.partial-<id>/`), a pruned one
 * on its way out, temporary and backup names, files or folders.
 */
const torn = (files: string[]) => files.filter((f) => /\.(tmp|bak)(\/|$)|(^|\/)\.(partial|pruning)-/.test(f));

Deno.test("aborting mid-study abandons it: no database row, a complete report marked interrupted, no torn files", async () => {
  const dir = await Deno.makeTempDir({ prefix: "job_abort_" });
  try {
    const job = await jobWithBigStudy(dir);
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const r = await runJobCli([job, "--once", "--json", "--out", `${dir}/o`, "--db", `${dir}/r.duckdb`], {
      signal: controller.signal,
      onLine: (line) => {
        const e = JSON.parse(line);
        // 300 ms into a study of several seconds: its workers are training
        if (e.event === "study-start" && e.study === "big") timer = setTimeout(() => controller.abort("SIGTERM"), 300);
      },
    });
    clearTimeout(timer);
    assert.equal(r.code, 143, r.err);
    const ev = events(r.out);
    assert.deepEqual(ev.map((e) => [e.event, e.study ?? null]), [
      ["run-start", null],
      ["study-start", "bt"],
      ["study-done", "bt"],
      ["study-start", "big"],
      ["study-abandoned", "big"],
      ["run-done", null],
    ]);
    assert.ok((ev[4]!.elapsedMs as number) >= 300);
    // only the completed study is recorded
    const rows = await listStudyRuns(`${dir}/r.duckdb`, { job: "stop" });
    assert.deepEqual(rows.map((x) => x.study), ["bt"]);
    assert.equal(rows[0]!.values.sharpe, (ev[2]!.values as { sharpe: number }).sharpe);
    // the run is published whole, its report saying what happened; latest.txt names only runs that finished
    const stamps = (await listTree(`${dir}/o`)).filter((f) => f.endsWith("/report.json"));
    assert.equal(stamps.length, 1);
    const report = JSON.parse(await Deno.readTextFile(`${dir}/o/${stamps[0]}`));
    assert.deepEqual([report.status, report.exitCode], ["interrupted", 143]);
    assert.deepEqual(report.studies.map((s: { status: string }) => s.status), ["completed", "abandoned", "not run"]);
    assert.equal(report.studies[1].error, 'study "big" was interrupted before it completed');
    assert.equal(report.studies[1].runId, null);
    assert.equal(report.alerts[0].reason, "study abandoned: not evaluated");
    await assert.rejects(Deno.stat(`${dir}/o/latest.txt`), Deno.errors.NotFound);
    assert.equal(report.dir, `${dir}/o/${stamps[0]!.slice(0, -"/report.json".length)}`);
    assert.deepEqual(await verifyResultSet(report.dir), []);
    // the abandoned study's own files are complete (the walk-forward marks them interrupted), none torn
    const files = await listTree(`${dir}/o`);
    assert.deepEqual(torn(files), []);
    const wfDir = `${report.dir}/studies/big`;
    const wf = JSON.parse(await Deno.readTextFile(`${wfDir}/walkforward.json`));
    assert.equal(wf.interrupted, true);
    const lines = (await Deno.readTextFile(`${wfDir}/train_runs.jsonl`)).split("\n");
    assert.equal(lines.pop(), ""); // ends with a newline
    for (const l of lines) assert.equal(typeof JSON.parse(l).run, "number");
    assert.ok(lines.length < 38 * 53 * 15, `${lines.length} training runs: the study was not stopped`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** Start `deno task job` as deno.json defines it (writes allowed only in `dir`), reading its stdout lines. */
function spawnJob(dir: string, args: string[], argv: string[]) {
  const child = new Deno.Command(Deno.execPath(), {
    args: [...argv, ...args],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).spawn();
  const lines: string[] = [];
  const waiters: { test: (l: string) => boolean; resolve: () => void }[] = [];
  const reading = (async () => {
    let buf = "";
    for await (const chunk of child.stdout.pipeThrough(new TextDecoderStream())) {
      buf += chunk;
      for (let i = buf.indexOf("\n"); i >= 0; i = buf.indexOf("\n")) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        lines.push(line);
        for (const w of waiters.splice(0)) {
          if (w.test(line)) w.resolve();
          else waiters.push(w);
        }
      }
    }
  })();
  const until = (test: (l: string) => boolean) =>
    lines.some(test) ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ test, resolve }));
  const stderr = new Response(child.stderr).text();
  return { child, lines, until, reading, stderr, dir };
}

Deno.test("SIGTERM to the scheduler: the JSON log says it started on Deno.cron and shut down; exit 0", async () => {
  const dir = await Deno.makeTempDir({ prefix: "job_sched_" });
  try {
    const small = await writeStudyConfig(dir, "small.ts", SMALL_WF);
    const job = await writeJob(
      dir,
      "sched.ts",
      `{ name: "sched", schedule: "0 2 1 1 *", studies: [{ name: "bt", kind: "backtest", config: ${
        JSON.stringify(small)
      } }] }`,
    );
    const argv = await taskArgs("job", dir);
    const p = spawnJob(dir, [job, "--out", `${dir}/o`, "--db", `${dir}/r.duckdb`], argv);
    await p.until((l) => l.includes('"event":"scheduler-start"'));
    p.child.kill("SIGTERM");
    const status = await p.child.status;
    await p.reading;
    assert.equal(status.code, 0, await p.stderr);
    const ev = events(p.lines);
    assert.deepEqual(ev.map((e) => e.event), ["scheduler-start", "shutdown"]);
    const thisYear = new Date().getUTCFullYear();
    const year = Date.now() < Date.UTC(thisYear, 0, 1, 2) ? thisYear : thisYear + 1;
    assert.deepEqual(
      [ev[0]!.job, ev[0]!.schedule, ev[0]!.timezone, ev[0]!.driver, ev[0]!.next],
      ["sched", "0 2 1 1 *", "UTC", "Deno.cron", `${year}-01-01T02:00:00Z`],
    );
    assert.deepEqual([ev[1]!.reason, ev[1]!.interruptedRun], ["SIGTERM", false]);
    await assert.rejects(Deno.stat(`${dir}/o`), Deno.errors.NotFound); // nothing ran
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("SIGTERM to `deno task job --once` mid-study: exit 143, the study abandoned and not recorded", async () => {
  const dir = await Deno.makeTempDir({ prefix: "job_sigterm_" });
  try {
    const job = await jobWithBigStudy(dir);
    const argv = await taskArgs("job", dir);
    const p = spawnJob(dir, [job, "--once", "--json", "--out", `${dir}/o`, "--db", `${dir}/r.duckdb`], argv);
    await p.until((l) => l.includes('"event":"study-start"') && l.includes('"study":"big"'));
    await new Promise((r) => setTimeout(r, 300));
    p.child.kill("SIGTERM");
    const status = await p.child.status;
    await p.reading;
    assert.equal(status.code, 143, await p.stderr);
    const ev = events(p.lines);
    assert.deepEqual(ev.slice(-2).map((e) => [e.event, e.study ?? e.status]), [
      ["study-abandoned", "big"],
      ["run-done", "interrupted"],
    ]);
    assert.deepEqual((await listStudyRuns(`${dir}/r.duckdb`, { job: "stop" })).map((x) => x.study), ["bt"]);
    assert.deepEqual(torn(await listTree(`${dir}/o`)), []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
