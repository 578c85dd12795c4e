/** `deno task job --once` in-process: drift alerts against the previous run, exit codes, error messages. */
import assert from "node:assert/strict";
import { formatNumber } from "../engine/report/format.ts";
import { listStudyRuns } from "../engine/report/study_db.ts";
import { latestRun, publishedRunDirs, setProblems } from "./_cli.ts";
import { events, runJobCli, writeJob, writeStudyConfig } from "./_job.ts";
import { SAMPLE, smaStudy, writeConfig } from "./_optimize.ts";

const WF = `{ params: { fast: [5, 10], slow: [30, 50] }, walkForward: { train: "2y", test: "6m" } }`;

/** A temp dir with the study config every job here uses; removed after `fn`. */
async function withDir(fn: (dir: string, config: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "job_cli_" });
  try {
    await fn(dir, await writeStudyConfig(dir, "study.ts", WF));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const readJson = async (path: string) => JSON.parse(await Deno.readTextFile(path));

/** Equal up to the 8 decimals the result files write (the database holds the exact doubles). */
const close = (actual: number, fromFile: number) =>
  assert.ok(Math.abs(actual - fromFile) <= 5e-9 * Math.max(1, Math.abs(fromFile)), `${actual} vs ${fromFile}`);

/** A recorded double as report.json writes it: in the result files' fixed form (8 decimals, shortest). */
const fixed = (x: number) => Number(formatNumber(x));

/** A job "drift": a backtest and a walk-forward study of `config`, the walk-forward's grid set by `wfSet`. */
const driftJob = (config: string, wfSet: string, extraAlerts = "") =>
  `{
  name: "drift",
  schedule: "0 2 * * *",
  studies: [
    { name: "bt", kind: "backtest", config: ${JSON.stringify(config)}, metrics: ["sharpe", "numTrades", "endValue"] },
    { name: "wf", kind: "walkforward", config: ${JSON.stringify(config)}, set: ${wfSet}, workers: 1 },
  ],
  alerts: [
    { study: "wf", metric: "oosSharpe", change: { abs: 0.3 } },
    { study: "bt", metric: "sharpe", change: { rel: 0.01 } },
    ${extraAlerts}
  ],
}`;

Deno.test("a drift alert fires when a study's metric moves past its rule, and not on an unchanged re-run", async () => {
  await withDir(async (dir, config) => {
    const args = (job: string) => [job, "--once", "--out", `${dir}/out`, "--db", `${dir}/results.duckdb`];
    const same = await writeJob(dir, "a.ts", driftJob(config, `{ "optimize.params.fast": "[5, 10]" }`));
    // a different grid for the walk-forward's training: its out-of-sample Sharpe moves from about 1.10 to about -0.08
    const moved = await writeJob(
      dir,
      "b.ts",
      driftJob(config, `{ "optimize.params.fast": "[40]", "optimize.params.slow": "[200]" }`),
    );

    const first = await runJobCli(args(same));
    assert.equal(first.code, 0, first.err + first.out.join("\n"));
    const r1 = await readJson(`${await latestRun(`${dir}/out`)}/report.json`);
    assert.equal(r1.status, "ok");
    assert.deepEqual(r1.alerts.map((a: { fired: boolean; reason: string }) => [a.fired, a.reason]), [
      [false, "no baseline: no previous run of this study recorded oosSharpe"],
      [false, "no baseline: no previous run of this study recorded sharpe"],
    ]);
    // the recorded numbers are the studies' own: walkforward.json's stitched metrics, result.json's metrics
    const wf1 = await readJson(`${r1.dir}/studies/wf/walkforward.json`);
    const bt1 = await readJson(`${r1.dir}/studies/bt/result.json`);
    const [rec1wf] = await listStudyRuns(`${dir}/results.duckdb`, { job: "drift", study: "wf" });
    close(rec1wf!.values.oosSharpe!, wf1.stitched.sharpe);
    assert.equal(rec1wf!.values.testedWindows, wf1.windows.length);
    assert.equal(rec1wf!.values.oosNumTrades, wf1.stitched.numTrades);
    const [rec1bt] = await listStudyRuns(`${dir}/results.duckdb`, { job: "drift", study: "bt" });
    assert.deepEqual(Object.keys(rec1bt!.values), ["sharpe", "numTrades", "endValue"]);
    assert.equal(rec1bt!.values.numTrades, bt1.metrics.numTrades);
    close(rec1bt!.values.endValue!, bt1.summary.finalEquity);
    close(rec1bt!.values.sharpe!, bt1.metrics.sharpe);

    const again = await runJobCli(args(same));
    assert.equal(again.code, 0, again.err);
    const r2 = await readJson(`${await latestRun(`${dir}/out`)}/report.json`);
    assert.equal(r2.status, "ok");
    assert.deepEqual(r2.alerts.map((a: { fired: boolean; change: number }) => [a.fired, a.change]), [[false, 0], [
      false,
      0,
    ]]);
    assert.equal(r2.alerts[0].reason, `oosSharpe unchanged (${rec1wf!.values.oosSharpe})`);
    const row = r2.rows.find((r: { study: string; metric: string }) => r.study === "wf" && r.metric === "oosSharpe");
    const recorded = fixed(rec1wf!.values.oosSharpe!);
    assert.deepEqual([row.previous, row.current, row.change], [recorded, recorded, 0]);
    assert.equal(r2.studies[1].previous.runId, rec1wf!.runId);

    const drift = await runJobCli(args(moved));
    assert.equal(drift.code, 3, drift.err);
    const r3 = await readJson(`${await latestRun(`${dir}/out`)}/report.json`);
    assert.equal(r3.status, "alert");
    assert.equal(r3.exitCode, 3);
    const wf3 = await readJson(`${r3.dir}/studies/wf/walkforward.json`);
    const [a, b] = r3.alerts;
    const history = await listStudyRuns(`${dir}/results.duckdb`, { job: "drift", study: "wf" });
    const [now, before] = [history[0]!.values.oosSharpe!, rec1wf!.values.oosSharpe!];
    assert.equal(a.fired, true);
    assert.equal(a.previous, fixed(before));
    close(a.current, wf3.stitched.sharpe);
    assert.equal(a.change, fixed(now - before)); // the change of the recorded doubles, written like every number
    assert.ok(a.change < -0.3, `oosSharpe moved by ${a.change}`);
    assert.equal(b.fired, false); // the backtest did not change
    assert.equal(b.change, 0);
    assert.ok(drift.out.some((l) => l.startsWith("  FIRED  wf.oosSharpe change.abs > 0.3: oosSharpe moved by -")));
    assert.deepEqual(history.map((h) => fixed(h.values.oosSharpe!)), [a.current, a.previous, a.previous]);
    // the HTML report marks the row
    const html = await Deno.readTextFile(`${r3.dir}/report.html`);
    assert.ok(html.includes(`<tr class="fired"><td class="l">wf</td><td class="l">oosSharpe</td>`));
    assert.ok(html.includes("FIRED: change.abs &gt; 0.3"));
    // three runs: three complete sets published under the output root, the studies' records naming their folders
    const runs = await publishedRunDirs(`${dir}/out`);
    assert.equal(runs.length, 3);
    for (const run of runs) assert.deepEqual(await setProblems(run), []);
    assert.equal(runs[2], r3.dir);
    assert.equal(history[0]!.outputDir, `${r3.dir}/studies/wf`);
  });
});

Deno.test("a threshold alert fires on the first run, without a baseline (exit 3)", async () => {
  await withDir(async (dir, config) => {
    const job = await writeJob(
      dir,
      "t.ts",
      `{ schedule: "*/5 * * * *", studies: [{ name: "bt", kind: "backtest", config: ${JSON.stringify(config)} }],
         alerts: [{ study: "bt", metric: "numTrades", above: 3 }, { study: "bt", metric: "maxDrawdown", below: -0.5 }] }`,
    );
    const r = await runJobCli([job, "--once", "--json", "--out", `${dir}/o`, "--db", `${dir}/r.duckdb`]);
    assert.equal(r.code, 3, r.err);
    const report = await readJson(`${await latestRun(`${dir}/o`)}/report.json`);
    assert.equal(report.job, "t"); // the file's name
    const result = await readJson(`${report.dir}/studies/bt/result.json`);
    assert.deepEqual(report.alerts.map((a: { fired: boolean }) => a.fired), [true, false]);
    assert.equal(report.alerts[0].current, result.metrics.numTrades);
    close(report.alerts[1].current, result.metrics.maxDrawdown);
    const [rec] = await listStudyRuns(`${dir}/r.duckdb`, { job: "t" });
    assert.equal(report.alerts[1].current, fixed(rec!.values.maxDrawdown!));
    assert.equal(report.alerts[1].reason, `maxDrawdown = ${rec!.values.maxDrawdown} is not below -0.5`);
    assert.ok(result.metrics.numTrades > 3);
    const ev = events(r.out);
    assert.deepEqual(ev.map((e) => e.event), ["run-start", "study-start", "study-done", "alert", "run-done"]);
    assert.deepEqual([ev[3]!.metric, ev[3]!.rule, ev[3]!.current], ["numTrades", "above 3", result.metrics.numTrades]);
    assert.deepEqual([ev[4]!.status, ev[4]!.exitCode, ev[4]!.alertsFired], ["alert", 3, 1]);
    assert.ok(ev.every((e) => typeof e.ts === "string" && !Number.isNaN(Date.parse(e.ts as string))));
  });
});

Deno.test("exit 2: an invalid cron expression, an unknown study path, an alert naming an unknown study", async () => {
  await withDir(async (dir, config) => {
    const run = async (name: string, body: string) => {
      const job = await writeJob(dir, name, body);
      const r = await runJobCli([job, "--once", "--out", `${dir}/o`, "--db", `${dir}/r.duckdb`]);
      return { ...r, job };
    };
    const study = `{ name: "bt", kind: "backtest", config: ${JSON.stringify(config)} }`;

    const cron = await run("cron.ts", `{ schedule: "0 25 * * *", studies: [${study}] }`);
    assert.equal(cron.code, 2);
    assert.equal(
      cron.err,
      `error: Invalid job "${cron.job}":\n  - schedule: expected a cron expression of 5 fields (minute hour day-of-month month day-of-week) such as "0 2 * * *"; Constraint error, got value 25 expected range 0-23, found "0 25 * * *"\n`,
    );
    const fields = await run("fields.ts", `{ schedule: "0 2 * *", studies: [${study}] }`);
    assert.equal(fields.code, 2);
    assert.ok(
      fields.err.includes(
        `schedule: expected a cron expression of 5 fields (minute hour day-of-month month day-of-week) such as "0 2 * * *" (this one has 4), found "0 2 * *"`,
      ),
      fields.err,
    );

    const path = await run(
      "path.ts",
      `{ schedule: "0 2 * * *", studies: [${study}, { name: "wf", kind: "walkforward", config: "no/such/config.ts" }] }`,
    );
    assert.equal(path.code, 2);
    assert.equal(
      path.err,
      `error: Invalid job "${path.job}":\n  - studies.1.config: file not found: "no/such/config.ts" (study config paths are relative to the working directory, ${Deno.cwd()})\n`,
    );

    const alert = await run(
      "alert.ts",
      `{ schedule: "0 2 * * *", studies: [${study}], alerts: [{ study: "bt", metric: "sharpe", below: 0 }, { study: "wf", metric: "oosSharpe", change: { abs: 0.3 } }] }`,
    );
    assert.equal(alert.code, 2);
    assert.equal(
      alert.err,
      `error: Invalid job "${alert.job}":\n  - alerts.1.study: expected one of the job's studies ("bt"), found "wf"\n`,
    );
    // nothing ran: no output directory, no database
    await assert.rejects(Deno.stat(`${dir}/o`), Deno.errors.NotFound);
    await assert.rejects(Deno.stat(`${dir}/r.duckdb`), Deno.errors.NotFound);
  });
});

Deno.test("exit 2: every problem of a job in one message naming the field, what was expected and what was found", async () => {
  await withDir(async (dir, config) => {
    const c = JSON.stringify(config);
    const job = await writeJob(
      dir,
      "many.ts",
      `{ schedule: "0 2 * * *", timezone: "Mars/Olympus", studies: [{ name: "bt", kind: "backtest", config: ${c}, colour: 1 }] }`,
    );
    const r = await runJobCli([job, "--once", "--db", `${dir}/r.duckdb`]);
    assert.equal(r.code, 2);
    assert.equal(
      r.err,
      `error: Invalid job "${job}":\n  - timezone: expected an IANA time zone such as UTC or Europe/London, found "Mars/Olympus"\n  - studies.0: unknown key "colour"\n`,
    );

    const cross = await writeJob(
      dir,
      "cross.ts",
      `{ schedule: "@daily", studies: [
        { name: "bt", kind: "backtest", config: ${c}, metrics: ["sharpe", "oosSharpe"], workers: 2 },
        { name: "bt", kind: "grid", config: ${c} },
      ], alerts: [{ study: "bt", metric: "cagr", change: { abs: 1 } }, { study: "bt", metric: "sharpe", below: 0, above: 2 }] }`,
    );
    const x = await runJobCli([cross, "--once", "--db", `${dir}/r.duckdb`]);
    assert.equal(x.code, 2);
    assert.equal(
      x.err,
      `error: Invalid job "${cross}":
  - studies.0.metrics.1: expected a metric of a backtest study (bars, startValue, endValue, totalReturn, cagr, cagrCalendar, annualVolatility, sharpe, sortino, downsideDeviation, maxDrawdown, maxDrawdownDurationBars, maxDrawdownDurationMs, timeToRecoverBars, timeToRecoverMs, calmar, exposure, turnover, omegaRatio, tailRatio, valueAtRisk, conditionalValueAtRisk, stability, skew, kurtosis, numTrades, numWins, numLosses, numBreakEven, winRate, lossRate, grossProfit, grossLoss, netPnl, avgWin, avgLoss, largestWin, largestLoss, expectancy, numRTrades, expectancyR, medianR, profitFactor, avgHoldingMs, totalFees, exposureAdjustedReturn, bestDay, worstDay, bestMonth, worstMonth, bestYear, worstYear), found "oosSharpe"
  - studies.0.workers: a backtest study runs on one thread; workers is for grid and walkforward studies
  - studies.1.name: expected a name unique in the job, found "bt" again (studies.0.name)
  - alerts.0.metric: expected a metric the backtest study "bt" records (sharpe, oosSharpe), found "cagr"
  - alerts.1: expected exactly one rule of change: { abs } | change: { rel } | below | above, found below and above
`,
    );
  });
});

Deno.test("exit 2: a study whose config rejects an override, or has no optimize section for a grid", async () => {
  await withDir(async (dir, config) => {
    const plain = await writeConfig(dir, smaStudy("undefined"), "plain.ts");
    const job = await writeJob(
      dir,
      "bad.ts",
      `{ schedule: "0 2 * * *", studies: [
        { name: "bt", kind: "backtest", config: ${JSON.stringify(config)}, set: { "strategy.params.fats": 3 } },
        { name: "g", kind: "grid", config: ${JSON.stringify(plain)} },
      ] }`,
    );
    const r = await runJobCli([job, "--once", "--db", `${dir}/r.duckdb`]);
    assert.equal(r.code, 2);
    assert.ok(
      r.err.startsWith(`error: Invalid job "${job}":\n  - studies.0 ("bt"): Invalid config "${config}":\n`),
      r.err,
    );
    assert.ok(r.err.includes(`strategy.params: unknown key "fats" (set by --set strategy.params.fats=3)`), r.err);
    assert.ok(
      r.err.includes(
        `  - studies.1 ("g"): expected a config with an optimize section for a grid study, found none in "${plain}"`,
      ),
      r.err,
    );
  });
});

Deno.test("exit 1: a study that fails for a reason other than bad input; the other studies still run and are recorded", async () => {
  await withDir(async (dir, config) => {
    const boom = await writeConfig(
      dir,
      smaStudy(`{ params: { fast: [5, 10], slow: [30] } }`).replace("use: smaCross", "use: boom"),
      "boom.ts",
      `const boom = defineStrategy({ name: "boom", params: z.strictObject({ fast: z.number(), slow: z.number() }),
         create: () => ({ onBar: () => { throw new Error("boom at bar"); } }) });`,
    );
    const job = await writeJob(
      dir,
      "fail.ts",
      `{ schedule: "0 2 * * *", studies: [
        { name: "g", kind: "grid", config: ${JSON.stringify(boom)}, workers: 1 },
        { name: "bt", kind: "backtest", config: ${JSON.stringify(config)}, metrics: ["numTrades"] },
      ], alerts: [{ study: "g", metric: "objective", below: 100 }] }`,
    );
    const r = await runJobCli([job, "--once", "--out", `${dir}/o`, "--db", `${dir}/r.duckdb`]);
    assert.equal(r.code, 1, r.err);
    const report = await readJson(`${await latestRun(`${dir}/o`)}/report.json`);
    assert.equal(report.status, "failed");
    assert.deepEqual(report.studies.map((s: { status: string }) => s.status), ["failed", "completed"]);
    assert.match(
      report.studies[0].error,
      /^every one of the 2 runs of grid study "g" failed; the first: .*boom at bar/,
    );
    assert.deepEqual(report.alerts.map((a: { fired: boolean; reason: string }) => [a.fired, a.reason]), [
      [false, "study failed: not evaluated"],
    ]);
    // what the failed study wrote is left out of the published set
    assert.equal(report.studies[0].outputDir, null);
    await assert.rejects(Deno.stat(`${report.dir}/studies/g`), Deno.errors.NotFound);
    assert.deepEqual(await setProblems(report.dir), []);
    const runs = await listStudyRuns(`${dir}/r.duckdb`, { job: "fail" });
    assert.deepEqual(runs.map((x) => x.study), ["bt"]);
    const bt = await readJson(`${report.dir}/studies/bt/result.json`);
    assert.equal(runs[0]!.values.numTrades, bt.metrics.numTrades);
  });
});

Deno.test("usage: --help exits 0; a missing job path, an unknown flag, --json without --once exit 2", async () => {
  const help = await runJobCli(["--help"]);
  assert.equal(help.code, 0);
  assert.ok(help.out[0]!.startsWith("Usage: deno task job <job.ts> [options]"));
  assert.ok(help.out[0]!.includes("Exit codes (--once): 0 all well, 3 an alert fired, 2 bad input, 4 published"));
  const none = await runJobCli([]);
  assert.equal(none.code, 2);
  assert.ok(none.err.startsWith("error: missing the job path, e.g. jobs/nightly.ts\n\nUsage:"));
  const flag = await runJobCli(["jobs/nightly.ts", "--onse"]);
  assert.equal(flag.code, 2);
  assert.ok(flag.err.startsWith("error: Unknown option '--onse'"), flag.err);
  const json = await runJobCli(["jobs/nightly.ts", "--json"]);
  assert.equal(json.code, 2);
  assert.ok(json.err.startsWith("error: --json goes with --once"));
  const missing = await runJobCli(["jobs/no_such_job.ts", "--once"]);
  assert.equal(missing.code, 2);
  assert.equal(missing.err, `error: Cannot load job "jobs/no_such_job.ts": file not found\n`);
});

Deno.test("the example jobs/nightly.ts runs on the shipped data: exit 0, then 0 again with every metric unchanged", async () => {
  const dir = await Deno.makeTempDir({ prefix: "job_nightly_" });
  try {
    const args = ["jobs/nightly.ts", "--once", "--out", `${dir}/out`, "--db", `${dir}/r.duckdb`];
    const first = await runJobCli(args);
    assert.equal(first.code, 0, first.err + first.out.join("\n"));
    assert.equal(first.out[0]!.slice(0, 8), "nightly ");
    const r1 = await readJson(`${await latestRun(`${dir}/out`)}/report.json`);
    assert.deepEqual(
      r1.studies.map((s: { name: string; kind: string; status: string }) => [s.name, s.kind, s.status]),
      [
        ["sma_cross", "backtest", "completed"],
        ["sma_grid", "grid", "completed"],
        ["sma_walkforward", "walkforward", "completed"],
      ],
    );
    // the grid study's objective is the best run's Sharpe in its own ranked results
    const grid = await readJson(`${r1.dir}/studies/sma_grid/results.json`);
    const objective = r1.rows.find((r: { study: string; metric: string }) =>
      r.study === "sma_grid" && r.metric === "objective"
    );
    assert.equal(objective.current, grid.ranked[0].objective);
    assert.equal(grid.runs, 16); // the job's set shrinks the config's grid to 4 × 4
    const again = await runJobCli(args);
    assert.equal(again.code, 0, again.err);
    const r2 = await readJson(`${await latestRun(`${dir}/out`)}/report.json`);
    for (const row of r2.rows) {
      assert.ok(Object.is(row.previous, row.current), `${row.study}.${row.metric}: ${row.previous} → ${row.current}`);
    }
    assert.ok(r2.rows.length >= 20);
    assert.deepEqual(r2.alerts.map((a: { fired: boolean }) => a.fired), [false, false, false]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("exit 2: a results database that is not a DuckDB file stops the run before it writes anything", async () => {
  await withDir(async (dir, config) => {
    const job = await writeJob(
      dir,
      "db.ts",
      `{ schedule: "0 2 * * *", studies: [{ name: "bt", kind: "backtest", config: ${JSON.stringify(config)} }] }`,
    );
    await Deno.writeTextFile(`${dir}/notes.duckdb`, "not a database\n");
    const r = await runJobCli([job, "--once", "--out", `${dir}/o`, "--db", `${dir}/notes.duckdb`]);
    assert.equal(r.code, 2);
    assert.ok(r.err.startsWith(`error: Cannot record the job's studies in "${dir}/notes.duckdb": `), r.err);
    assert.match(r.err, /not a valid DuckDB database file/);
    await assert.rejects(Deno.stat(`${dir}/o`), Deno.errors.NotFound);
    assert.equal(await Deno.readTextFile(`${dir}/notes.duckdb`), "not a database\n");
  });
});

Deno.test("exit 4: recording that fails after the run is published keeps its files and says what happened", async () => {
  await withDir(async (dir) => {
    const db = `${dir}/r.duckdb`;
    // a study whose strategy spoils the database while the run goes on, after the check before the run
    const spoiler = await writeConfig(
      dir,
      `{ name: "spoiler", data: { source: ${JSON.stringify(SAMPLE())} }, capital: 1000,
         strategy: { use: spoiler, params: {} }, risk: { sizing: { kind: "fixedQty", qty: 1 } } }`,
      "spoiler.ts",
      `const spoiler = defineStrategy({ name: "spoiler", params: z.strictObject({}),
         create() { Deno.writeTextFileSync(${JSON.stringify(db)}, "spoilt"); return { onBar() {} }; } });`,
    );
    const job = await writeJob(
      dir,
      "spoil.ts",
      `{ schedule: "0 2 * * *", studies: [{ name: "bt", kind: "backtest", config: ${JSON.stringify(spoiler)} }] }`,
    );
    const r = await runJobCli([job, "--once", "--out", `${dir}/o`, "--db", db]);
    assert.equal(r.code, 4, r.err);
    const run = await latestRun(`${dir}/o`);
    assert.deepEqual(await setProblems(run), [], "the run's files are published, complete");
    assert.ok(
      r.err.startsWith(
        `error: the job run's results are complete in ${run}, but recording study "bt" in "${db}" failed: `,
      ),
      r.err,
    );
    assert.ok(r.out.some((l) => l.startsWith("spoil ")), "the summary is printed all the same");
  });
});
