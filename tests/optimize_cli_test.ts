/** `deno task optimize` / `walkforward` as a user runs them: output, exit codes, Ctrl-C. */
import assert from "node:assert/strict";
import { exists, latestRun, leftovers, publishedRunDirs, ROOT, setProblems } from "./_cli.ts";
import { readJsonl, smaStudy, taskArgs, writeConfig } from "./_optimize.ts";

async function run(task: string, args: string[], dir: string) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: [...await taskArgs(task, dir), ...args],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

Deno.test("deno task optimize: progress per 10% on a pipe, a table of the top runs, the result files", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = await writeConfig(dir, smaStudy(`{ params: { fast: [5, 10, 15], slow: [20, 40, 60] }, top: 2 }`));
    const r = await run("optimize", [path, "--workers", "2", "--out", `${dir}/out`], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /search: 10% 1\/9, .* runs\/s, ETA /);
    assert.match(r.stderr, /search: 100% 9\/9, .*best sharpe [-\d.]+ \(fast=\d+ slow=\d+\)/);
    assert.match(r.stdout, /9 of 9 runs on 2 workers in [\d.]+ s .* 0 failed/);
    // 9 runs × 3 series (the two SMAs and their crossover, the strategy's when)
    assert.match(r.stdout, /indicator cache: [\d.]+% hits \(\d+ of 27 requests; \d+ series computed\)/);
    assert.match(r.stdout, /stepping: sparse in every run \(the strategy declares when\)/);
    assert.ok(
      r.stdout.includes("Top runs by sharpe:\n rank  fast  slow  sharpe  return  max DD  trades\n    1 "),
      r.stdout,
    );
    assert.match(r.stdout, /results\.jsonl, results\.csv, results\.json, heatmap\.html, top\/ \(2 full runs\)/);
    // published as a new run of the output root, which the summary names
    const published = await latestRun(`${dir}/out`);
    assert.ok(r.stdout.includes(`Results in ${published}/: `), r.stdout);
    assert.deepEqual(await setProblems(published), []);
    assert.equal((await readJsonl(`${published}/results.jsonl`)).length, 9);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("deno task walkforward prints the window table and the efficiency", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = await writeConfig(
      dir,
      smaStudy(`{ params: { fast: [5, 10], slow: [30, 50] }, walkForward: { train: "3y", test: "2y" } }`),
    );
    const r = await run("walkforward", [path, "--workers", "2", "--out", `${dir}/wf`], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^3 windows, 12 training runs on 2 workers/);
    assert.match(r.stdout, / +1 {2}2015-01-02 → 2018-01-02 {2}2018-01-02 → 2020-01-02 {2}fast=\d+ slow=\d+ /);
    assert.match(r.stdout, /Walk-forward efficiency \(OOS CAGR ÷ mean IS CAGR\): /);
    assert.match(r.stderr, /train: 100% 12\/12/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("bad input exits with code 2 and one clear message", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const bad = await writeConfig(dir, smaStudy(`{ params: { fast: [5, 50], slow: [20] } }`));
    const r1 = await run("optimize", [bad, "--out", `${dir}/out`], dir);
    assert.equal(r1.code, 2);
    assert.match(
      r1.stderr,
      /^error: Invalid optimize\.params in ".*config\.ts": 1 of 2 combinations fail the smaCross params schema:\n {2}- \{"fast":50,"slow":20\}: slow: expected slow > fast/,
    );
    const r2 = await run("optimize", [bad, "--workers", "0"], dir);
    assert.equal(r2.code, 2);
    assert.match(r2.stderr, /--workers expects a whole number ≥ 1, found "0"/);
    const r3 = await run("walkforward", [bad, "--top", "3"], dir);
    assert.equal(r3.code, 2);
    const r4 = await run(
      "walkforward",
      [await writeConfig(dir, smaStudy(`{ params: { fast: [5] } }`), "nowf.ts")],
      dir,
    );
    assert.equal(r4.code, 2);
    assert.match(r4.stderr, /optimize\.walkForward is missing/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("an unusable results database stops a study before it writes anything: exit 2, no output", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = await writeConfig(
      dir,
      smaStudy(`{ params: { fast: [5, 10], slow: [20, 40] }, top: 1, walkForward: { train: "3y", test: "2y" } }`),
    );
    await Deno.writeTextFile(`${dir}/notes.duckdb`, "not a database\n");
    for (const task of ["optimize", "walkforward"]) {
      const r = await run(task, [path, "--out", `${dir}/out`, "--results-db", `${dir}/notes.duckdb`], dir);
      assert.equal(r.code, 2, r.stderr);
      assert.match(
        r.stderr,
        /^error: Cannot record the study in ".*notes\.duckdb": .*not a valid DuckDB database file/,
      );
      assert.equal(await exists(`${dir}/out`), false, `${task}: no result files`);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("recording that fails after a study is published keeps its files, exits 4 and says what happened", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const db = `${dir}/r.duckdb`;
    // the study's strategy spoils the database while the study runs, after the check before it
    const path = await writeConfig(
      dir,
      smaStudy(`{ params: { fast: [5, 10], slow: [30] }, top: 1 }`).replace("use: smaCross", "use: spoiler"),
      "config.ts",
      `const spoiler = defineStrategy({ name: "spoiler", params: smaCross.params,
         create(p, setup) { Deno.writeTextFileSync(${
        JSON.stringify(db)
      }, "spoilt"); return smaCross.create(p, setup); } });`,
    );
    const r = await run("optimize", [path, "--workers", "1", "--out", `${dir}/out`, "--results-db", db], dir);
    assert.equal(r.code, 4, r.stderr);
    const published = await latestRun(`${dir}/out`);
    assert.deepEqual(await setProblems(published), []);
    assert.ok(
      r.stderr.includes(
        `error: the study's results are complete in ${published}, but recording the study in "${db}" failed: `,
      ),
      r.stderr,
    );
    assert.match(r.stdout, /History: NOT recorded in /);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("Ctrl-C stops the workers, writes the completed runs, leaves valid files and exits 130", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = await writeConfig(
      dir,
      smaStudy(`{ params: { fast: range(2, 60), slow: range(61, 150) }, top: 3 }`), // 5,310 runs
    );
    const child = new Deno.Command(Deno.execPath(), {
      args: [...await taskArgs("optimize", dir), path, "--workers", "2", "--out", `${dir}/out`],
      cwd: ROOT,
      stdout: "piped",
      stderr: "piped",
      env: { NO_COLOR: "1" },
    }).spawn();
    const stdout = new Response(child.stdout).text();
    const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
    let err = "";
    while (!/search: 10%/.test(err)) {
      const { value, done } = await reader.read();
      if (done) break;
      err += value;
    }
    child.kill("SIGINT");
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      err += value;
    }
    const status = await child.status;
    assert.equal(status.code, 130, err);
    assert.match(err, /stopping: writing completed results/);
    assert.match(await stdout, /^Interrupted: \d+ of 5310 runs/);
    // the completed runs are published as a complete set of their own; latest.txt names no interrupted study
    const [published, ...more] = await publishedRunDirs(`${dir}/out`);
    assert.deepEqual(more, []);
    assert.equal(await exists(`${dir}/out/latest.txt`), false);
    assert.deepEqual(await setProblems(published!), []);
    assert.deepEqual(await leftovers(`${dir}/out`), []);
    const lines = await readJsonl(`${published}/results.jsonl`);
    const runs = lines.map((l) => l.run as number);
    assert.ok(runs.length >= 531 && runs.length < 5310, `${runs.length} runs written`);
    assert.ok(runs.every((r, i) => i === 0 || r > runs[i - 1]!), "each run once, in order");
    const json = JSON.parse(await Deno.readTextFile(`${published}/results.json`));
    assert.equal(json.interrupted, true);
    assert.equal(json.completed, runs.length);
    assert.equal(json.ranked.length, runs.length);
    const csv = (await Deno.readTextFile(`${published}/results.csv`)).trim().split("\n");
    assert.equal(csv.length, runs.length + 1);
    const left = [];
    for await (const e of Deno.readDir(published!)) left.push(e.name);
    assert.deepEqual(left.sort(), ["heatmap.html", "manifest.json", "results.csv", "results.json", "results.jsonl"]); // no top/
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
