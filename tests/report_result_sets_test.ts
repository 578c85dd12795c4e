/**
 * Result sets are all-or-nothing, and a rerun never destroys complete
 * results: every run (backtest, grid search, walk-forward study) is
 * published as a new directory with a manifest, concurrent runs both
 * succeed, old runs are pruned only after a new one is published, and a
 * writer killed with SIGKILL at seeded random points (KILL_SEED=n to vary
 * them), or stopped by SIGINT or SIGTERM, never leaves a visible set that is
 * incomplete; the next run removes what it left and says so.
 */
import assert from "node:assert/strict";
import { gridSearch, walkForward } from "../mod.ts";
import { sweepLeftovers, verifyResultSet } from "../engine/report/atomic_write.ts";
import { mulberry32 } from "../engine/random.ts";
import { latestRun, leftovers, publishedRunDirs, ROOT, runCli, setProblems, withTmp } from "./_cli.ts";
import { smaStudy, taskArgs, writeConfig } from "./_optimize.ts";

const FILES = [
  "breakdown_symbol.csv",
  "denials.csv",
  "equity.csv",
  "equity.parquet",
  "fills.csv",
  "manifest.json",
  "report.html",
  "result.json",
  "returns_monthly.csv",
  "trades.csv",
];

/** A file tree (relative path → bytes). */
async function readSet(dir: string, prefix = ""): Promise<Map<string, Uint8Array>> {
  const out = new Map<string, Uint8Array>();
  for await (const e of Deno.readDir(prefix ? `${dir}/${prefix}` : dir)) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory) { for (const [k, v] of await readSet(dir, rel)) out.set(k, v); }
    else out.set(rel, await Deno.readFile(`${dir}/${rel}`));
  }
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : 1)));
}

Deno.test("a backtest publishes a new run directory under --out with a manifest, and latest.txt names it", () =>
  withTmp("result_sets_", async (tmp) => {
    const r = await runCli(["configs/sma_cross.ts", "--out", `${tmp}/o`, "--no-record"], tmp);
    assert.equal(r.code, 0, r.stderr);
    const [run] = await publishedRunDirs(`${tmp}/o`);
    assert.equal(await latestRun(`${tmp}/o`), run);
    assert.deepEqual([...(await readSet(run!)).keys()], FILES);
    assert.deepEqual(await setProblems(run!), []);
    assert.deepEqual(await leftovers(`${tmp}/o`), []);
    // the summary names the run's directory
    assert.ok(r.stdout.includes(`${run}/: result.json, `), r.stdout);
  }));

Deno.test("two backtests of one config at once both succeed, each with its own complete set of the same bytes", () =>
  withTmp("result_sets_", async (tmp) => {
    const args = ["configs/sma_cross.ts", "--out", `${tmp}/o`, "--no-record", "--quiet"];
    const [a, b] = await Promise.all([runCli(args, tmp), runCli(args, tmp)]);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    const runs = await publishedRunDirs(`${tmp}/o`);
    assert.equal(runs.length, 2);
    for (const run of runs) assert.deepEqual(await setProblems(run), []);
    assert.deepEqual(await readSet(runs[0]!), await readSet(runs[1]!), "same config and seed, same bytes");
    assert.ok(runs.includes(await latestRun(`${tmp}/o`)));
    assert.deepEqual(await leftovers(`${tmp}/o`), []);
  }));

Deno.test("a rerun never modifies an earlier run; --keep prunes the oldest only after the new run is published", () =>
  withTmp("result_sets_", async (tmp) => {
    const run = (...extra: string[]) =>
      runCli(["configs/sma_cross.ts", "--out", `${tmp}/o`, "--no-record", "--quiet", ...extra], tmp);
    assert.equal((await run()).code, 0);
    const [first] = await publishedRunDirs(`${tmp}/o`);
    const bytes = await readSet(first!);
    const mtimes = [...bytes.keys()].map((f) => Deno.statSync(`${first}/${f}`).mtime?.getTime());
    const second = await run("--set", "strategy.params.fast=5");
    assert.equal(second.code, 0, second.stderr);
    assert.deepEqual(await readSet(first!), bytes, "the first run's files, byte for byte");
    assert.deepEqual([...bytes.keys()].map((f) => Deno.statSync(`${first}/${f}`).mtime?.getTime()), mtimes);
    assert.notEqual(await latestRun(`${tmp}/o`), first);
    // three more with --keep 2: the two newest stay, the latest among them
    for (let i = 0; i < 3; i++) assert.equal((await run("--keep", "2")).code, 0);
    const kept = await publishedRunDirs(`${tmp}/o`);
    assert.equal(kept.length, 2);
    assert.equal(await latestRun(`${tmp}/o`), kept[1]);
    assert.deepEqual(await leftovers(`${tmp}/o`), []);
    // output.keep in the config does the same, and a bad value is bad input
    assert.equal((await run("--set", "output.keep=1")).code, 0);
    assert.equal((await publishedRunDirs(`${tmp}/o`)).length, 1);
    const bad = await run("--keep", "0");
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--keep expects a whole number ≥ 1, found "0"/);
  }));

/** Starts tests/_atomic_writer.ts: publishes sets of several MB under `root` until it is stopped. */
function publishLoop(root: string, keep: number): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--no-prompt",
      "--allow-read",
      `--allow-write=${root}`,
      "tests/_atomic_writer.ts",
      root,
      String(keep),
    ],
    cwd: ROOT,
    stdout: "piped",
    stderr: "null",
  }).spawn();
}

/** Resolves when the child prints `ready`. */
async function ready(child: Deno.ChildProcess): Promise<void> {
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!text.includes("ready\n")) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`the writer ended before it was ready: ${text}`);
    text += value;
  }
  reader.releaseLock();
}

/**
 * What a reader may rely on at any moment: every visible set under `root` is complete (checked independently,
 * and by verifyResultSet against its manifest), and latest.txt, when there is one, names one of them.
 */
async function assertVisibleSetsComplete(root: string, what: string): Promise<string[]> {
  const runs: string[] = await Deno.stat(`${root}/runs`).then(() => publishedRunDirs(root), () => []);
  for (const run of runs) {
    assert.deepEqual(await setProblems(run), [], `${what}: ${run}`);
    assert.deepEqual(await verifyResultSet(run), [], `${what}: ${run}`);
  }
  const latest = await latestRun(root).catch((e) => {
    if (e instanceof Deno.errors.NotFound) return null;
    throw e;
  });
  if (latest !== null) assert.ok(runs.includes(latest), `${what}: latest.txt names ${latest}, not a complete set`);
  return runs;
}

/** A small config on the sample data, recording nothing, keeping `keep` runs. */
async function killConfig(tmp: string, keep: number): Promise<string> {
  const config = `${tmp}/c.ts`;
  await Deno.writeTextFile(
    config,
    `import { defineConfig } from "${new URL("../mod.ts", import.meta.url).href}";
import { smaCross } from "${new URL("../strategies/sma_cross.ts", import.meta.url).href}";
export default defineConfig({
  name: "kill", data: { source: "${ROOT}data/sample/AAA.csv", from: "2020-01-01", to: "2021-12-31" }, capital: 100000,
  strategy: { use: smaCross, params: { fast: 5, slow: 20 } }, risk: { sizing: { kind: "fixedQty", qty: 10 } },
  output: { keep: ${keep}, resultsDb: false },
});
`,
  );
  return config;
}

/** Seeded uniform draws in [0, 1) (mulberry32 gives 32-bit integers). */
function uniform(seed: number): () => number {
  const next = mulberry32(seed);
  return () => next() / 2 ** 32;
}

// KILL_SEED=n reruns the test with another seed; a failure names its seed and kill.
const KILL_SEED = Number(Deno.env.get("KILL_SEED") ?? 16);

Deno.test("SIGKILL at seeded random points never leaves a visible incomplete set; the next run removes the leftovers", () =>
  withTmp("result_sets_", async (tmp) => {
    const random = uniform(KILL_SEED);
    const root = `${tmp}/o`;
    const keep = 3;
    const config = await killConfig(tmp, keep);
    const kills = 44;
    let published = 0, killedWithLeftovers = 0;
    for (let k = 0; k < kills; k++) {
      // most kills hit a loop that publishes sets of several MB over and over (so they land in every step of the
      // writer: sweep, write, hash, manifest, rename, latest.txt, prune); every eleventh hits the real
      // `deno task backtest` anywhere in its life, start-up and loading included
      const cli = k % 11 === 10;
      const child = cli
        ? new Deno.Command(Deno.execPath(), {
          args: [
            "run",
            "--no-prompt",
            "--allow-read",
            `--allow-write=${root}`,
            "--allow-ffi",
            "cli/backtest.ts",
            config,
            "--out",
            root,
          ],
          cwd: ROOT,
          stdout: "null",
          stderr: "null",
        }).spawn()
        : publishLoop(root, keep);
      if (!cli) await ready(child);
      await new Promise((r) => setTimeout(r, random() * (cli ? 1500 : 300)));
      try {
        child.kill("SIGKILL");
      } catch { /* it already ended */ }
      await child.status;
      if (!cli) await child.stdout.cancel().catch(() => {});
      const what = `seed ${KILL_SEED}, kill ${k}`;
      published = Math.max(published, (await assertVisibleSetsComplete(root, what)).length);
      if ((await leftovers(root)).some((f) => f.startsWith(".partial-"))) killedWithLeftovers++;
    }
    assert.ok(published > 0, "some runs were published between the kills");
    assert.ok(killedWithLeftovers > 0, "some kills landed while a set was being written");
    // the next run removes what the killed ones left, says so, and publishes its own set
    const before = await leftovers(root);
    const next = await runCli([config, "--out", root], tmp);
    assert.equal(next.code, 0, next.stderr);
    assert.deepEqual(await leftovers(root), []);
    for (const f of before.filter((f) => f.startsWith(".partial-"))) {
      assert.ok(
        next.stderr.includes(`removed "${root}/runs/${f}", the unfinished files of a run that was killed`),
        next.stderr,
      );
    }
    const kept = await assertVisibleSetsComplete(root, `seed ${KILL_SEED}, the next run`);
    assert.ok(kept.length >= 1 && kept.length <= keep, `${kept.length} runs kept (keep ${keep})`);
    assert.equal(await latestRun(root), kept[kept.length - 1]);
    console.log(
      `seed ${KILL_SEED}: ${kills} kills, ${killedWithLeftovers} left an unfinished set; the next run said:\n${next.stderr}`,
    );
  }));

Deno.test("SIGINT and SIGTERM mid-write leave no visible incomplete set, and no hidden file after the next start", () =>
  withTmp("result_sets_", async (tmp) => {
    const random = uniform(KILL_SEED + 1);
    const root = `${tmp}/o`;
    for (let k = 0; k < 6; k++) {
      const signal = k % 2 ? "SIGTERM" : "SIGINT";
      const child = publishLoop(root, 2);
      await ready(child);
      await new Promise((r) => setTimeout(r, 50 + random() * 250));
      child.kill(signal);
      const status = await child.status;
      await child.stdout.cancel().catch(() => {});
      assert.equal(status.signal, signal, "the writer stops on the signal");
      const what = `seed ${KILL_SEED + 1}, ${signal} ${k}`;
      await assertVisibleSetsComplete(root, what);
      // the next start (any run under the root opens it with this sweep) leaves no hidden file behind
      const left = (await leftovers(root)).filter((f) => f.startsWith(".partial-"));
      const notes = await sweepLeftovers(root);
      assert.deepEqual(await leftovers(root), [], what);
      assert.deepEqual(
        notes,
        left.map((f) => `removed "${root}/runs/${f}", the unfinished files of a run that was killed`),
      );
    }
  }));

Deno.test("two studies of one config at once, grid and walk-forward, both succeed, each with its own complete set", () =>
  withTmp("result_sets_", async (tmp) => {
    const config = await writeConfig(
      tmp,
      smaStudy(`{ params: { fast: [5, 10], slow: [30, 50] }, top: 1, walkForward: { train: "3y", test: "2y" } }`),
    );
    const [g1, g2] = await Promise.all(
      [1, 2].map(() => gridSearch({ configPath: config, workers: 1, outDir: `${tmp}/g` })),
    );
    const [w1, w2] = await Promise.all(
      [1, 2].map(() => walkForward({ configPath: config, workers: 1, outDir: `${tmp}/w` })),
    );
    for (const [a, b, root] of [[g1!, g2!, `${tmp}/g`], [w1!, w2!, `${tmp}/w`]] as const) {
      assert.notEqual(a.dir, b.dir);
      assert.deepEqual(await publishedRunDirs(root), [a.dir, b.dir].sort());
      for (const run of [a.dir, b.dir]) assert.deepEqual(await setProblems(run), []);
      assert.deepEqual(await readSet(a.dir), await readSet(b.dir), "same config, same bytes");
      assert.ok([a.dir, b.dir].includes(await latestRun(root)));
      assert.deepEqual(await leftovers(root), []);
    }
  }));

Deno.test("a study killed mid-way (SIGKILL) leaves earlier studies untouched and no visible partial set; the next one removes its files", () =>
  withTmp("result_sets_", async (tmp) => {
    const root = `${tmp}/o`;
    const small = await writeConfig(tmp, smaStudy(`{ params: { fast: [5, 10], slow: [30, 50] }, top: 1 }`), "small.ts");
    const big = await writeConfig(
      tmp,
      smaStudy(`{ params: { fast: range(2, 60), slow: range(61, 150) }, top: 3 }`),
      "big.ts",
    );
    const study = async (config: string) => {
      const r = await new Deno.Command(Deno.execPath(), {
        args: [...await taskArgs("optimize", tmp), config, "--workers", "1", "--out", root, "--no-record"],
        cwd: ROOT,
        stdout: "piped",
        stderr: "piped",
      }).output();
      return { code: r.code, stderr: new TextDecoder().decode(r.stderr) };
    };
    const first = await study(small);
    assert.equal(first.code, 0, first.stderr);
    const earlier = await latestRun(root);
    const bytes = await readSet(earlier);
    // a long study, killed once results.jsonl is being streamed
    const child = new Deno.Command(Deno.execPath(), {
      args: [...await taskArgs("optimize", tmp), big, "--workers", "2", "--out", root, "--no-record"],
      cwd: ROOT,
      stdout: "null",
      stderr: "piped",
    }).spawn();
    const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
    for (let err = ""; !/search: 10%/.test(err);) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`the study ended first: ${err}`);
      err += value;
    }
    child.kill("SIGKILL");
    await child.status;
    await reader.cancel().catch(() => {});
    const [partial, ...more] = (await leftovers(root)).filter((f) => f.startsWith(".partial-"));
    assert.deepEqual(more, []);
    assert.ok(
      (await Deno.stat(`${root}/runs/${partial}/results.jsonl`)).size > 0,
      "the killed study had streamed results.jsonl, into its own hidden directory",
    );
    assert.deepEqual(await publishedRunDirs(root), [earlier]);
    assert.equal(await latestRun(root), earlier);
    assert.deepEqual(await readSet(earlier), bytes, "the earlier study, byte for byte");
    // the next study removes what the killed one left, and says so
    const next = await study(small);
    assert.equal(next.code, 0, next.stderr);
    assert.ok(next.stderr.includes(`removed "${root}/runs/${partial}"`), next.stderr);
    assert.deepEqual(await leftovers(root), []);
    assert.equal((await publishedRunDirs(root)).length, 2);
  }));
