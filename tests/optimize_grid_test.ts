/** Grid and random search end to end on the sample data, checked against sequential runs. */
import assert from "node:assert/strict";
import { ConfigError, gridSearch, loadBars, loadConfig, runBacktest } from "../mod.ts";
import { verifyResultSet } from "../engine/report/atomic_write.ts";
import { computeMetrics } from "../engine/report/metrics/mod.ts";
import { latestRun, leftovers } from "./_cli.ts";
import { readJsonl, readTree, smaStudy, writeConfig } from "./_optimize.ts";

const FAST = [5, 10, 15, 20], SLOW = [20, 30, 40, 60];

Deno.test("grid search ranks every valid pair by Sharpe exactly as sequential backtests do", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = await writeConfig(
      dir,
      smaStudy(`{ params: { fast: ${JSON.stringify(FAST)}, slow: ${JSON.stringify(SLOW)} },
        constraint: (p) => p.fast < p.slow, top: 2 }`),
    );
    const report = await gridSearch({ configPath: path, workers: 2, outDir: `${dir}/out` });
    // independent: every pair run one after another in this thread, metrics by computeMetrics
    const config = await loadConfig(path);
    const frame = await loadBars(config.data);
    const expected = FAST.flatMap((fast) => SLOW.filter((slow) => fast < slow).map((slow) => ({ fast, slow })))
      .map((p) => {
        const r = runBacktest({ ...config, strategy: { use: config.strategy.use, params: p } }, frame);
        const m = computeMetrics({ equity: r.equity.equity, tsMs: r.equity.tsMs, initial: 100_000, trades: r.trades });
        return { ...p, sharpe: m.sharpe, trades: r.trades.length };
      })
      .sort((a, b) => b.sharpe - a.sharpe || a.fast - b.fast || a.slow - b.slow);
    assert.equal(report.runs, 15); // 16 pairs minus (20, 20)
    interface Ranked {
      rank: number;
      params: { fast: number; slow: number };
      objective: number;
      trades: number;
    }
    const ranked = (JSON.parse(await Deno.readTextFile(`${report.dir}/results.json`)) as { ranked: Ranked[] }).ranked;
    assert.deepEqual(ranked.map((r) => [r.params.fast, r.params.slow]), expected.map((e) => [e.fast, e.slow]));
    ranked.forEach((r, i) => {
      assert.equal(r.rank, i + 1);
      assert.ok(Math.abs(r.objective - expected[i]!.sharpe) < 1e-8, `${r.objective} vs ${expected[i]!.sharpe}`);
      assert.equal(r.trades, expected[i]!.trades);
    });
    // the CSV has the same order; the JSONL holds each run once
    const csv = (await Deno.readTextFile(`${report.dir}/results.csv`)).trim().split("\n");
    assert.equal(csv[0]!.split(",").slice(0, 5).join(), "rank,run,fast,slow,objective");
    assert.deepEqual(
      csv.slice(1).map((l) => l.split(",").slice(2, 4).join("/")),
      expected.map((e) => `${e.fast}/${e.slow}`),
    );
    const lines = await readJsonl(`${report.dir}/results.jsonl`);
    assert.deepEqual(lines.map((l) => l.run), [...Array(15).keys()]);
    // the top 2 were re-run with full result files
    const top = JSON.parse(await Deno.readTextFile(`${report.dir}/top/01/result.json`));
    assert.deepEqual(top.config.strategy.params, { fast: expected[0]!.fast, slow: expected[0]!.slow });
    assert.equal(top.summary.trades, expected[0]!.trades);
    assert.ok(report.files.includes("top/02/trades.csv") && !report.files.some((f) => f.startsWith("top/03")));
    // the heatmap outlines the best cell
    const heat = await Deno.readTextFile(`${report.dir}/heatmap.html`);
    assert.ok(heat.includes("sharpe: slow (rows) × fast (columns)"));
    assert.match(
      heat,
      new RegExp(`class="best"[^>]*title="fast = ${expected[0]!.fast}, slow = ${expected[0]!.slow}: sharpe`),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("each search is a new run published in one step: an earlier one is never touched", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const out = `${dir}/out`;
    const study = (name: string, fast: number[], top: number) =>
      writeConfig(dir, smaStudy(`{ params: { fast: ${JSON.stringify(fast)}, slow: [30, 40] }, top: ${top} }`), name);
    const tops = async (run: string) =>
      [...await readTree(run, "top")].map(([f]) => f.split("/")[1]).filter((d, i, a) => a.indexOf(d) === i);
    const first = await gridSearch({ configPath: await study("three.ts", [5, 10], 3), workers: 1, outDir: out });
    assert.equal(first.dir, await latestRun(out));
    assert.deepEqual(await tops(first.dir), ["01", "02", "03"]);
    assert.deepEqual(await verifyResultSet(first.dir), []);
    const firstBytes = await readTree(first.dir);
    // a rerun with one top run is a set of its own; the earlier study keeps its three, byte for byte
    const second = await gridSearch({ configPath: await study("one.ts", [5, 10], 1), workers: 1, outDir: out });
    assert.notEqual(second.dir, first.dir);
    assert.equal(second.dir, await latestRun(out));
    assert.deepEqual(await tops(second.dir), ["01"]);
    assert.deepEqual(await readTree(first.dir), firstBytes);
    assert.deepEqual(await leftovers(out), []);
    // (a study killed half-way: tests/report_result_sets_test.ts)
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("each worker computes each distinct SMA series once: hits and misses add up", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = await writeConfig(
      dir,
      smaStudy(`{ params: { fast: [5, 10, 15], slow: [20, 30, 40, 50] }, top: 0 }`),
    );
    const r = await gridSearch({ configPath: path, workers: 1, outDir: `${dir}/out` });
    // one symbol, 12 runs × 3 series requested (the two SMAs and their crossover); 7 distinct lengths
    // (5 10 15 20 30 40 50) and 12 distinct crossovers
    assert.deepEqual(r.cache, { hits: 36 - 7 - 12, misses: 7 + 12, evictions: 0 });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("an invalid combination stops the study before any run, naming it", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = await writeConfig(dir, smaStudy(`{ params: { fast: [5, 30], slow: [20, 40] } }`));
    await assert.rejects(
      () => gridSearch({ configPath: path, workers: 1, outDir: `${dir}/out` }),
      (e) =>
        e instanceof ConfigError && e.message.includes("1 of 4 combinations fail the smaCross params schema") &&
        e.message.includes('{"fast":30,"slow":20}: slow: expected slow > fast'),
    );
    await assert.rejects(Deno.stat(`${dir}/out/runs`), Deno.errors.NotFound, "nothing written");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("config problems in the optimize section are ConfigErrors naming the field", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const cases: [string, RegExp][] = [
      [`{ params: { fast: [] } }`, /optimize\.params\.fast/],
      [`{ params: { fast: [5] }, objective: "alpha" }`, /optimize\.objective: expected one of "totalReturn"/],
      [`{ params: { fast: [5] }, search: { kind: "random" } }`, /optimize\.search\.samples/],
      [`{ params: { fast: [5] }, heatmap: { x: "fast", y: "nope" } }`, /optimize\.heatmap\.y.*"nope" is not one of/],
      [`{ params: { fast: [5] }, walkForward: { train: "2q", test: "6m" } }`, /optimize\.walkForward\.train/],
    ];
    for (const [i, [opt, re]] of cases.entries()) {
      const path = await writeConfig(dir, smaStudy(opt), `c${i}.ts`);
      await assert.rejects(() => gridSearch({ configPath: path, workers: 1, outDir: `${dir}/out` }), (e) => {
        assert.ok(e instanceof ConfigError && re.test(e.message), `${opt}: ${e}`);
        return true;
      });
    }
    const none = await writeConfig(
      dir,
      `{ name: "x", data: { source: "x.csv" }, capital: 1, strategy: { use: smaCross, params: {} }, risk: { sizing: { kind: "fixedQty", qty: 1 } } }`,
      "none.ts",
    );
    await assert.rejects(() => gridSearch({ configPath: none, workers: 1 }), /has no optimize section/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("random search runs `samples` distinct seeded combinations and a custom objective", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = await writeConfig(
      dir,
      smaStudy(
        `{ params: { fast: range(2, 30), slow: range(31, 120) }, search: { kind: "random", samples: 12, seed: 9 },
        objective: (m) => m.totalReturn / Math.max(0.01, -m.maxDrawdown), top: 0 }`,
      ),
    );
    const a = await gridSearch({ configPath: path, workers: 2, outDir: `${dir}/a` });
    const b = await gridSearch({ configPath: path, workers: 1, outDir: `${dir}/b` });
    assert.equal(a.runs, 12);
    assert.equal(a.objective, "custom");
    const lines = await readJsonl(`${a.dir}/results.jsonl`);
    assert.equal(new Set(lines.map((l) => JSON.stringify(l.params))).size, 12);
    for (const l of lines) {
      const m = l.metrics as Record<string, number>;
      const want = m.totalReturn! / Math.max(0.01, -m.maxDrawdown!); // from metrics rounded to 8 decimals
      assert.ok(
        Math.abs((l.objective as number) - want) <= 1e-5 * Math.max(1, Math.abs(want)),
        `${l.objective} vs ${want}`,
      );
    }
    assert.equal(await Deno.readTextFile(`${a.dir}/results.jsonl`), await Deno.readTextFile(`${b.dir}/results.jsonl`));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
