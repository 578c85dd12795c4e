/**
 * The results history: records round-trip, two processes writing at once
 * lose nothing, the backtest CLI records each run (and says why when it
 * cannot), and `deno task runs` lists and compares them.
 */
import assert from "node:assert/strict";
import { formatNumber } from "../engine/report/format.ts";
import { appendRun, listRuns } from "../engine/report/results_db.ts";
import { configSource, exists, latestRun, ROOT, runCli, setProblems, withTmp } from "./_cli.ts";

function writer(db: string, prefix: string, count: number, dir: string) {
  return new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--no-prompt",
      "--allow-read",
      `--allow-write=${dir}`,
      "--allow-ffi",
      "tests/_results_db_writer.ts",
      db,
      prefix,
      String(count),
    ],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
}

Deno.test("two processes appending to one results database at once lose no record and corrupt nothing", () =>
  withTmp(async (tmp) => {
    const db = `${tmp}/history/results.duckdb`;
    const n = 25;
    const [a, b] = await Promise.all([writer(db, "a", n, tmp), writer(db, "b", n, tmp)]);
    const dec = new TextDecoder();
    assert.equal(a.code, 0, dec.decode(a.stderr));
    assert.equal(b.code, 0, dec.decode(b.stderr));
    const waits = JSON.parse(dec.decode(a.stdout)).waits + JSON.parse(dec.decode(b.stdout)).waits;
    const runs = await listRuns(db);
    assert.equal(runs.length, 2 * n);
    const ids = new Set(runs.map((r) => r.runId));
    for (const p of ["a", "b"]) for (let i = 0; i < n; i++) assert.ok(ids.has(`${p}-${i}`), `${p}-${i} recorded`);
    for (const r of runs) {
      const i = Number(r.runId.split("-")[1]);
      assert.equal(r.values.sharpe, i / 10);
      assert.equal(r.values.total_return, i);
      assert.equal(r.values.profit_factor, i % 2 ? Infinity : NaN);
      assert.equal(r.params, JSON.stringify({ i }));
    }
    // the writers did contend for the lock (otherwise this test would prove little)
    console.log(`lock waits: ${waits}`);
  }));

Deno.test("backtest runs are recorded with config hash, git revision, params and metrics; runs lists and compares them", () =>
  withTmp(async (tmp) => {
    const db = `${tmp}/results.duckdb`;
    // two backtests at once into the same database
    const [r1, r2] = await Promise.all([
      runCli(["configs/sma_cross.ts", "--out", `${tmp}/a`, "--results-db", db], tmp),
      runCli(
        ["configs/sma_cross.ts", "--out", `${tmp}/b`, "--results-db", db, "--set", "strategy.params.fast=12"],
        tmp,
      ),
    ]);
    assert.equal(r1.code, 0, r1.stderr);
    assert.equal(r2.code, 0, r2.stderr);
    assert.match(r1.stdout, /history +recorded as run [0-9a-f-]{36} in .*results\.duckdb/);
    const runs = await listRuns(db);
    assert.equal(runs.length, 2);
    const fast12 = runs.find((r) => r.params === '{"fast":12,"slow":30}')!;
    const fast10 = runs.find((r) => r.params === '{"fast":10,"slow":30}')!;
    assert.ok(fast10 && fast12);
    assert.notEqual(fast10.configSha256, fast12.configSha256);
    assert.match(fast10.configSha256, /^[0-9a-f]{64}$/);
    assert.equal(fast10.configName, "sma_cross");
    assert.equal(fast10.configFile, "configs/sma_cross.ts");
    assert.equal(fast10.firstBar, "2015-01-02T00:00:00Z");
    const git = await new Deno.Command("git", {
      args: ["rev-parse", "HEAD"],
      cwd: ROOT,
      stdout: "piped",
      stderr: "null",
    })
      .output().catch(() => null);
    if (git?.success) assert.equal(fast10.gitRevision, new TextDecoder().decode(git.stdout).trim());
    // the row names the run's published directory; its metrics are the ones in result.json (which rounds to 8
    // decimals; the database keeps every bit)
    assert.equal(fast10.outputDir, await latestRun(`${tmp}/a`));
    const json = JSON.parse(await Deno.readTextFile(`${fast10.outputDir}/result.json`));
    const as8 = (x: number) => Number(formatNumber(x));
    assert.equal(as8(fast10.values.sharpe!), json.metrics.sharpe);
    assert.equal(as8(fast10.values.max_drawdown!), json.metrics.maxDrawdown);
    assert.equal(fast10.values.num_trades, json.metrics.numTrades);
    assert.equal(as8(fast10.values.final_equity!), json.summary.finalEquity);
    assert.equal(as8(fast10.values.total_fees!), json.summary.totalFees);

    const list = await runCli(["--db", db], tmp, "cli/runs.ts");
    assert.equal(list.code, 0, list.stderr);
    const lines = list.stdout.trimEnd().split("\n");
    assert.match(
      lines[0]!,
      /^run +recorded \(UTC\) +kind +config +params +return +CAGR +Sharpe +max DD +trades +symbols +data +code +git$/,
    );
    assert.equal(lines.length, 3);
    const cmp = await runCli(
      ["--db", db, "--compare", fast10.runId.slice(0, 8), fast12.runId.slice(0, 8)],
      tmp,
      "cli/runs.ts",
    );
    assert.equal(cmp.code, 0, cmp.stderr);
    assert.match(cmp.stdout, /params +\{"fast":10,"slow":30\} +\{"fast":12,"slow":30\} +differs/);
    assert.match(cmp.stdout, /config sha256 .* differs/);
    assert.match(cmp.stdout, /^sharpe +-?\d+\.\d\d +-?\d+\.\d\d +[+-]?\d+\.\d\d$/m);
    // the comparison names each run's published directory, where its files are
    const outputRow = cmp.stdout.split("\n").find((l) => l.startsWith("output "));
    for (const run of [fast10, fast12]) {
      assert.ok(outputRow?.includes(run.outputDir), `${outputRow}`);
      assert.match(run.outputDir, /\/runs\/\d{8}T\d{6}\.\d{3}Z-[0-9a-f]{12}$/);
      assert.ok((await Deno.stat(`${run.outputDir}/result.json`)).isFile);
    }
    const latest = await runCli(["--db", db, "--compare", "#2", "#1"], tmp, "cli/runs.ts");
    assert.equal(latest.code, 0, latest.stderr);
    const unknown = await runCli(["--db", db, "--compare", "#1", "zzzz"], tmp, "cli/runs.ts");
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /no run id starts with "zzzz"/);
    const missing = await runCli(["--db", `${tmp}/none.duckdb`], tmp, "cli/runs.ts");
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no results database at ".*none\.duckdb"/);
  }));

Deno.test("a run that may not write the results database says so (default) or fails with exit 2 (named)", () =>
  withTmp(async (tmp) => {
    // the default out/results.duckdb lies outside this run's --allow-write
    const quiet = await runCli(["configs/sma_cross.ts", "--out", `${tmp}/a`], tmp);
    assert.equal(quiet.code, 0, quiet.stderr);
    assert.match(quiet.stdout, /history +not recorded in out\/results\.duckdb: no permission to write/);
    const named = await runCli(
      ["configs/sma_cross.ts", "--out", `${tmp}/b`, "--results-db", `${tmp}-other/r.duckdb`],
      tmp,
    );
    assert.equal(named.code, 2);
    assert.match(named.stderr, /Cannot record the run in ".*-other\/r\.duckdb": no permission to write/);
    const off = await runCli(["configs/sma_cross.ts", "--out", `${tmp}/c`, "--no-record"], tmp);
    assert.match(off.stdout, /history +not recorded \(output\.resultsDb is false\)/);
    const both = await runCli(["configs/sma_cross.ts", "--no-record", "--results-db", "x.duckdb"], tmp);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /--results-db and --no-record contradict each other/);
  }));

Deno.test("an unusable results database stops the run before it writes anything: exit 2, no output", () =>
  withTmp(async (tmp) => {
    await Deno.writeTextFile(`${tmp}/notes.duckdb`, "not a database\n");
    await Deno.writeTextFile(`${tmp}/blocker`, "a file where a directory should be");
    for (
      const [db, why] of [
        [`${tmp}/notes.duckdb`, /not a valid DuckDB database file/],
        [`${tmp}/blocker/r.duckdb`, /blocker" is not a directory/],
      ] as const
    ) {
      const r = await runCli(["configs/sma_cross.ts", "--out", `${tmp}/o`, "--results-db", db], tmp);
      assert.equal(r.code, 2, r.stderr);
      assert.ok(r.stderr.startsWith(`error: Cannot record the run in "${db}": `), r.stderr);
      assert.match(r.stderr, why);
      assert.equal(r.stdout, "");
      assert.equal(await exists(`${tmp}/o`), false, "no result files");
    }
    assert.equal(await Deno.readTextFile(`${tmp}/notes.duckdb`), "not a database\n");
  }));

Deno.test("recording that fails after the run keeps the published files, exits 4 and says what happened", () =>
  withTmp(async (tmp) => {
    const db = `${tmp}/r.duckdb`;
    // a first run creates a good database, which the check before the second run accepts
    assert.equal((await runCli(["configs/sma_cross.ts", "--out", `${tmp}/o`, "--results-db", db], tmp)).code, 0);
    // the second run's strategy overwrites the database while the run goes on, after that check: the supervisor
    // checks the database while the runner loads the bars, so the strategy first gives the check time to finish (a
    // spoilt file seen by the check is the other case, exit 2, tested above)
    await Deno.writeTextFile(
      `${tmp}/c.ts`,
      configSource(
        `const spoiler = defineStrategy({
  name: "spoiler", params: z.strictObject({}),
  create() {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2000);
    Deno.writeTextFileSync(${JSON.stringify(db)}, "spoilt");
    return { onBar() {} };
  },
});
export default defineConfig({
  name: "spoiler", data: { source: "data/sample/AAA.csv" }, capital: 1000,
  strategy: { use: spoiler, params: {} }, risk: { sizing: { kind: "fixedQty", qty: 1 } },
});`,
        `import { defineStrategy } from "${new URL("../mod.ts", import.meta.url).href}";\nimport { z } from "zod";`,
      ),
    );
    const r = await runCli([`${tmp}/c.ts`, "--out", `${tmp}/s`, "--results-db", db], tmp);
    assert.equal(r.code, 4, r.stderr);
    const run = await latestRun(`${tmp}/s`);
    assert.deepEqual(await setProblems(run), [], "the run's files are published, complete");
    assert.ok(
      r.stderr.startsWith(
        `error: the run's results are complete in ${run}, but recording the run in "${db}" failed: `,
      ),
      r.stderr,
    );
    assert.match(r.stderr, /not a valid DuckDB database file/);
    assert.match(r.stdout, /final equity/, "the summary is printed all the same");
  }));

Deno.test("a metric added later gets its column in an existing database; older runs read it as NaN", () =>
  withTmp(async (tmp) => {
    const db = `${tmp}/r.duckdb`;
    const run = (runId: string, recordedAtMs: number, values: Record<string, number>) => ({
      runId,
      recordedAtMs,
      configName: "x",
      configFile: null,
      configSha256: "00",
      gitRevision: null,
      strategy: "s",
      params: "{}",
      symbols: ["A"],
      firstBarMs: 0,
      lastBarMs: 0,
      outputDir: "o",
      values,
    });
    await appendRun(db, run("old", 1000, { sharpe: 1 }));
    await appendRun(db, run("new", 2000, { sharpe: 2, omega: 1.5 }));
    const [latest, older] = await listRuns(db);
    assert.deepEqual([latest!.runId, latest!.values.omega, latest!.values.sharpe], ["new", 1.5, 2]);
    assert.deepEqual([older!.runId, older!.values.omega, older!.values.sharpe], ["old", NaN, 1]);
  }));

Deno.test("every recorded number reads back bit for bit (17-digit, subnormal, huge)", () =>
  withTmp(async (tmp) => {
    const db = `${tmp}/results.duckdb`;
    // from a seeded walk over bit patterns: plain literals would come back one ulp off for some of these
    const view = new DataView(new ArrayBuffer(8));
    let s = 12345;
    const xs: number[] = [0.1 + 0.2, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 123456789.12345679];
    while (xs.length < 200) {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      view.setUint32(0, s);
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      view.setUint32(4, s);
      const x = view.getFloat64(0);
      if (Number.isFinite(x)) xs.push(x);
    }
    const values = Object.fromEntries(xs.map((x, i) => [`v${i}`, x]));
    await appendRun(db, {
      runId: "exact",
      recordedAtMs: Date.UTC(2025, 0, 1),
      configName: "exact",
      configFile: null,
      configSha256: "0".repeat(64),
      gitRevision: null,
      strategy: "none",
      params: "{}",
      symbols: ["A"],
      firstBarMs: 0,
      lastBarMs: 0,
      outputDir: "nowhere",
      values,
    });
    const [r] = await listRuns(db);
    for (const [k, x] of Object.entries(values)) assert.ok(Object.is(r!.values[k], x), `${k}: ${r!.values[k]} ≠ ${x}`);
  }));
