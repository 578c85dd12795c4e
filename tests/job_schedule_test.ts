/** The job scheduler on a simulated clock: when it fires, what it skips, how it stops. No real waiting. */
import assert from "node:assert/strict";
import { jobCli } from "../cli/job.ts";
import { type Clock, JobScheduler } from "../engine/jobs/scheduler.ts";
import { listStudyRuns } from "../engine/report/study_db.ts";
import { latestRun } from "./_cli.ts";
import { events, writeJob, writeStudyConfig } from "./_job.ts";

const MIN = 60_000, HOUR = 60 * MIN, DAY = 24 * HOUR;

/** A clock whose time moves only when the test advances it, firing due timers in time order (ties in creation order). */
class SimClock implements Clock {
  t: number;
  readonly delays: number[] = [];
  #timers = new Map<number, { at: number; fn: () => void }>();
  #id = 0;
  constructor(t: number) {
    this.t = t;
  }
  now = () => this.t;
  setTimer = (fn: () => void, ms: number) => {
    this.delays.push(ms);
    this.#timers.set(++this.#id, { at: this.t + ms, fn });
    return this.#id;
  };
  clearTimer = (id: unknown) => void this.#timers.delete(id as number);
  get pending(): number {
    return this.#timers.size;
  }
  /** Fire every timer due up to `target` in order, letting promise callbacks run after each, then stand at `target`. */
  async advanceTo(target: number): Promise<void> {
    for (;;) {
      let next: [number, { at: number; fn: () => void }] | undefined;
      for (const e of this.#timers) if (e[1].at <= target && (next === undefined || e[1].at < next[1].at)) next = e;
      if (next === undefined) break;
      this.#timers.delete(next[0]);
      this.t = Math.max(this.t, next[1].at);
      next[1].fn();
      await settle();
    }
    this.t = Math.max(this.t, target);
  }
}

/** Let pending promise callbacks run (a zero-delay macrotask). */
const settle = () => new Promise<void>((r) => setTimeout(r, 0));

interface Harness {
  clock: SimClock;
  scheduler: JobScheduler;
  started: string[];
  aborted: string[];
  log: { event: string; [k: string]: unknown }[];
}

/** A scheduler whose runs take `runMs` of simulated time and end early when aborted. */
function harness(schedule: string, timezone: string, startMs: number, runMs: number): Harness {
  const clock = new SimClock(startMs);
  const started: string[] = [], aborted: string[] = [];
  const log: Harness["log"] = [];
  const scheduler = new JobScheduler({
    schedule,
    timezone,
    clock,
    log: (event, fields) => log.push({ event, ...fields }),
    run: (at, signal) =>
      new Promise<void>((resolve) => {
        started.push(new Date(at).toISOString());
        const h = clock.setTimer(resolve, runMs);
        signal.addEventListener("abort", () => {
          clock.clearTimer(h);
          aborted.push(`${new Date(at).toISOString()} ${signal.reason}`);
          resolve();
        });
      }),
  });
  return { clock, scheduler, started, aborted, log };
}

Deno.test("'0 2 * * *' fires at 02:00 UTC on each of three simulated days, waiting exactly until then", async () => {
  const t0 = Date.UTC(2026, 2, 1, 0, 0);
  const h = harness("0 2 * * *", "UTC", t0, 10 * MIN);
  h.scheduler.start();
  await h.clock.advanceTo(t0 + 3 * DAY);
  assert.deepEqual(h.started, ["2026-03-01T02:00:00.000Z", "2026-03-02T02:00:00.000Z", "2026-03-03T02:00:00.000Z"]);
  // waits: 2 h to the first occurrence, each run's 10 min, then 24 h from one 02:00 to the next
  assert.deepEqual(h.clock.delays, [2 * HOUR, 10 * MIN, DAY, 10 * MIN, DAY, 10 * MIN, DAY]);
  assert.deepEqual(
    h.log.filter((e) => e.event === "scheduled").map((e) => e.next),
    ["2026-03-01T02:00:00Z", "2026-03-02T02:00:00Z", "2026-03-03T02:00:00Z", "2026-03-04T02:00:00Z"],
  );
  assert.equal(h.log.filter((e) => e.event === "skipped").length, 0);
  await h.scheduler.stop("test");
});

Deno.test("'*/5 * * * *' fires 288 times across a simulated day, at every multiple of five minutes", async () => {
  const t0 = Date.UTC(2026, 5, 10, 0, 0);
  const h = harness("*/5 * * * *", "UTC", t0, MIN);
  h.scheduler.start();
  await h.clock.advanceTo(t0 + DAY);
  const expected = Array.from({ length: 288 }, (_, i) => new Date(t0 + (i + 1) * 5 * MIN).toISOString());
  assert.deepEqual(h.started, expected);
  assert.equal(h.started.at(-1), "2026-06-11T00:00:00.000Z");
  assert.equal(h.log.filter((e) => e.event === "skipped").length, 0);
  await h.scheduler.stop("test");
});

Deno.test("an occurrence that comes while the previous run is still going is skipped and logged", async () => {
  const t0 = Date.UTC(2026, 5, 10, 0, 0);
  const h = harness("*/5 * * * *", "UTC", t0, 12 * MIN); // each run takes 12 minutes
  h.scheduler.start();
  await h.clock.advanceTo(t0 + 59 * MIN);
  const at = (m: number) => `2026-06-10T00:${String(m).padStart(2, "0")}:00`;
  assert.deepEqual(h.started, [5, 20, 35, 50].map((m) => `${at(m)}.000Z`));
  const skipped = h.log.filter((e) => e.event === "skipped");
  assert.deepEqual(skipped.map((e) => e.scheduledFor), [10, 15, 25, 30, 40, 45, 55].map((m) => `${at(m)}Z`));
  assert.equal(skipped[0]!.reason, `the run started at ${at(5)}Z is still going`);
  assert.equal(skipped[6]!.reason, `the run started at ${at(50)}Z is still going`);
  assert.equal(h.scheduler.running, true); // the 00:50 run lasts until 01:02
  await h.scheduler.stop("test");
});

Deno.test("trigger() applies the same overlap rule", async () => {
  const t0 = Date.UTC(2026, 0, 1, 2, 0);
  const h = harness("0 2 * * *", "UTC", t0, 30 * MIN);
  assert.equal(h.scheduler.trigger(t0), true);
  assert.equal(h.scheduler.trigger(t0 + MIN), false);
  await h.clock.advanceTo(t0 + 30 * MIN);
  assert.equal(h.scheduler.trigger(t0 + 30 * MIN), true);
  assert.deepEqual(h.started, ["2026-01-01T02:00:00.000Z", "2026-01-01T02:30:00.000Z"]);
  assert.deepEqual(h.log.map((e) => [e.event, e.scheduledFor]), [["skipped", "2026-01-01T02:01:00Z"]]);
  await h.scheduler.stop("test");
});

Deno.test("a schedule in Europe/London follows the clocks: 02:00 GMT, then 02:00 BST (01:00 UTC) after 29 March", async () => {
  const t0 = Date.UTC(2026, 2, 27, 0, 0);
  const h = harness("0 2 * * *", "Europe/London", t0, MIN);
  h.scheduler.start();
  await h.clock.advanceTo(t0 + 4 * DAY);
  assert.deepEqual(h.started, [
    "2026-03-27T02:00:00.000Z",
    "2026-03-28T02:00:00.000Z",
    "2026-03-29T01:00:00.000Z",
    "2026-03-30T01:00:00.000Z",
  ]);
  await h.scheduler.stop("test");
});

Deno.test("a yearly schedule waits in steps no longer than setTimeout allows and fires exactly on 1 January", async () => {
  const t0 = Date.UTC(2026, 0, 1, 0, 1);
  const h = harness("@yearly", "UTC", t0, MIN);
  h.scheduler.start();
  await h.clock.advanceTo(Date.UTC(2027, 0, 1, 0, 0) - 1);
  assert.deepEqual(h.started, []);
  await h.clock.advanceTo(Date.UTC(2027, 0, 1, 0, 0));
  assert.deepEqual(h.started, ["2027-01-01T00:00:00.000Z"]);
  // after the waits for 2027 come the run's own minute and the first step towards 2028
  assert.deepEqual(h.clock.delays.slice(-2), [MIN, 2 ** 31 - 1]);
  const waits = h.clock.delays.slice(0, -2);
  assert.equal(waits.length, 15); // 364.99 days in steps of at most 24.86 days
  assert.ok(waits.every((d) => d <= 2 ** 31 - 1), `${waits}`);
  assert.equal(waits.reduce((a, b) => a + b, 0), Date.UTC(2027, 0, 1) - t0);
  assert.equal(h.log.filter((e) => e.event === "scheduled").length, 2); // for 2027 and 2028 only
  await h.scheduler.stop("test");
});

Deno.test("after a suspended hour the due occurrence runs once, late, and the ones in between are logged as missed", async () => {
  const t0 = Date.UTC(2026, 5, 10, 0, 0);
  const h = harness("*/5 * * * *", "UTC", t0, MIN);
  h.scheduler.start();
  h.clock.t = t0 + 62 * MIN; // the machine slept through 00:05 … 01:00
  await h.clock.advanceTo(t0 + 62 * MIN);
  assert.deepEqual(h.started, ["2026-06-10T00:05:00.000Z"]);
  const missed = h.log.find((e) => e.event === "missed")!;
  assert.deepEqual([missed.count, missed.from, missed.to], [11, "2026-06-10T00:10:00Z", "2026-06-10T01:02:00Z"]);
  assert.equal(new Date(h.scheduler.nextFireMs).toISOString(), "2026-06-10T01:05:00.000Z");
  await h.scheduler.stop("test");
});

Deno.test("stop() aborts the current run through its signal, logs the shutdown and fires nothing more", async () => {
  const t0 = Date.UTC(2026, 5, 10, 0, 0);
  const h = harness("*/5 * * * *", "UTC", t0, 30 * MIN);
  h.scheduler.start();
  await h.clock.advanceTo(t0 + 6 * MIN);
  assert.equal(h.scheduler.running, true);
  await h.scheduler.stop("SIGTERM");
  assert.deepEqual(h.aborted, ["2026-06-10T00:05:00.000Z SIGTERM"]);
  assert.deepEqual(h.log.at(-1), { event: "shutdown", reason: "SIGTERM", interruptedRun: true });
  assert.equal(h.clock.pending, 0);
  assert.ok(Number.isNaN(h.scheduler.nextFireMs));
  await h.clock.advanceTo(t0 + DAY);
  assert.deepEqual(h.started, ["2026-06-10T00:05:00.000Z"]);
  assert.equal(h.scheduler.trigger(t0 + DAY), false);
});

Deno.test("tick() (the Deno.cron driver wakes it each minute) runs the occurrences cron-parser reads, once per minute", async () => {
  // "0 2 * * 1" is 02:00 on Mondays in standard cron (Deno.cron's own dialect would read 1 as Sunday)
  const t0 = Date.UTC(2026, 5, 1, 0, 0); // a Monday
  const h = harness("0 2 * * 1", "UTC", t0, 5 * MIN);
  let triggered = 0;
  for (let m = 0; m < 14 * 24 * 60; m++) {
    const minute = t0 + m * MIN;
    await h.clock.advanceTo(minute + 37); // the driver's wake-up comes a few ms into the minute
    if (h.scheduler.tick(h.clock.now())) triggered++;
    assert.equal(h.scheduler.tick(minute + 59_000), false); // a second tick in the same minute is ignored
  }
  assert.equal(triggered, 2);
  assert.deepEqual(h.started, ["2026-06-01T02:00:00.000Z", "2026-06-08T02:00:00.000Z"]);
  assert.equal(new Date(Date.parse(h.started[0]!)).getUTCDay(), 1);
  await h.scheduler.stop("test");
});

Deno.test("tick() reads the schedule in the job's time zone and skips an occurrence while a run is going", async () => {
  const t0 = Date.UTC(2026, 0, 5, 0, 0);
  const h = harness("30 9 * * *", "America/New_York", t0, 2 * DAY - MIN); // runs last two days less a minute
  for (let m = 0; m < 3 * 24 * 60; m++) {
    await h.clock.advanceTo(t0 + m * MIN);
    h.scheduler.tick(h.clock.now());
  }
  assert.deepEqual(h.started, ["2026-01-05T14:30:00.000Z", "2026-01-07T14:30:00.000Z"]); // 09:30 EST
  assert.deepEqual(h.log.filter((e) => e.event === "skipped").map((e) => e.scheduledFor), [
    "2026-01-06T14:30:00Z",
  ]);
  await h.scheduler.stop("test");
});

Deno.test("tick() after a gap without ticks runs the due occurrence once, late, and logs the ones missed", async () => {
  const t0 = Date.UTC(2026, 5, 10, 0, 0);
  const h = harness("*/5 * * * *", "UTC", t0, MIN);
  assert.equal(h.scheduler.tick(t0 + 2 * MIN), false); // 00:02: the next occurrence is 00:05
  await h.clock.advanceTo(t0 + 62 * MIN); // no tick from 00:03 to 01:01 (a suspended machine)
  assert.equal(h.scheduler.tick(h.clock.now()), true);
  assert.deepEqual(h.started, ["2026-06-10T00:05:00.000Z"]);
  const missed = h.log.find((e) => e.event === "missed")!;
  assert.deepEqual([missed.count, missed.from, missed.to], [11, "2026-06-10T00:10:00Z", "2026-06-10T01:02:00Z"]);
  await h.clock.advanceTo(t0 + 65 * MIN);
  assert.equal(h.scheduler.tick(h.clock.now()), true);
  assert.deepEqual(h.started, ["2026-06-10T00:05:00.000Z", "2026-06-10T01:05:00.000Z"]);
  await h.scheduler.stop("test");
});

Deno.test("the CLI scheduler on a simulated clock runs the job at 02:00, records it, and shuts down on SIGTERM", async () => {
  const dir = await Deno.makeTempDir({ prefix: "job_sched_cli_" });
  try {
    const config = await writeStudyConfig(dir, "c.ts", "undefined");
    const job = await writeJob(
      dir,
      "n.ts",
      `{ name: "n", schedule: "0 2 * * *", studies: [{ name: "bt", kind: "backtest", config: ${
        JSON.stringify(config)
      }, metrics: ["numTrades"] }] }`,
    );
    const t0 = Date.UTC(2026, 0, 1, 1, 59);
    const clock = new SimClock(t0);
    const controller = new AbortController();
    const lines: string[] = [];
    const until = async (event: string) => {
      for (let i = 0; i < 3000 && !lines.some((l) => l.includes(`"event":"${event}"`)); i++) await settle();
      assert.ok(lines.some((l) => l.includes(`"event":"${event}"`)), `no ${event} in\n${lines.join("\n")}`);
    };
    const done = jobCli([job, "--out", `${dir}/o`, "--db", `${dir}/r.duckdb`], {
      clock,
      signal: controller.signal,
      print: (l) => lines.push(l),
      printError: (t) => lines.push(`stderr: ${t}`),
    });
    await until("scheduled");
    await clock.advanceTo(t0 + MIN); // 02:00
    await until("run-done");
    controller.abort("SIGTERM");
    assert.equal(await done, 0);
    const ev = events(lines);
    assert.deepEqual(ev.map((e) => e.event), [
      "scheduler-start",
      "scheduled",
      "scheduled",
      "run-start",
      "study-start",
      "study-done",
      "run-done",
      "shutdown",
    ]);
    assert.deepEqual([ev[0]!.driver, ev[0]!.next, ev[1]!.next, ev[2]!.next], [
      "timers",
      "2026-01-01T02:00:00Z",
      "2026-01-01T02:00:00Z",
      "2026-01-02T02:00:00Z",
    ]);
    assert.deepEqual([ev[3]!.ts, ev[3]!.stamp], ["2026-01-01T02:00:00Z", "20260101T020000Z"]);
    assert.deepEqual([ev[6]!.status, ev[6]!.exitCode], ["ok", 0]);
    assert.deepEqual([ev[7]!.reason, ev[7]!.interruptedRun], ["SIGTERM", false]);
    const [rec] = await listStudyRuns(`${dir}/r.duckdb`, { job: "n" });
    assert.equal(rec!.recordedAtMs, Date.UTC(2026, 0, 1, 2, 0));
    assert.equal(rec!.values.numTrades, (ev[5]!.values as { numTrades: number }).numTrades);
    const report = JSON.parse(await Deno.readTextFile(`${await latestRun(`${dir}/o`)}/report.json`));
    assert.ok(report.dir.startsWith(`${dir}/o/runs/20260101T020000.000Z-`), report.dir);
    assert.equal(report.studies[0].runId, rec!.runId);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
