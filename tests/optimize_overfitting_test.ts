/**
 * The selection-bias statistics of a study, end to end: the `overfitting`
 * and `stability` sections of results.json and walkforward.json, checked
 * against numbers recomputed here from the runs' own returns (re-run in the
 * test, or read from a top run's equity.csv), the formulas of the papers
 * written out, and the config errors of a study too small for its partitions.
 */
import assert from "node:assert/strict";
import { gridSearch, loadBars, loadConfig, walkForward } from "../mod.ts";
import { IndicatorCache } from "../engine/indicators/cache.ts";
import { normalCdf, normalQuantile } from "../engine/normal.ts";
import { evaluate } from "../engine/optimize/evaluate.ts";
import { probabilityOfBacktestOverfitting } from "../engine/optimize/overfitting.ts";
import { smaStudy, writeConfig } from "./_optimize.ts";

const close = (actual: number, expected: number, tol: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: expected ${expected} ± ${tol}, found ${actual}`);

const SWEEP = `{ params: { fast: [5, 10, 20], slow: [30, 60] }, top: 2, overfitting: { partitions: 8 } }`;

/** Per-bar returns of an equity curve against the initial capital, as the report measures them. */
function returnsOf(equity: Float64Array, initial: number): Float64Array {
  return Float64Array.from(equity, (e, i) => e / (i === 0 ? initial : equity[i - 1]!) - 1);
}

function moments(r: Float64Array) {
  const n = r.length, mean = r.reduce((a, b) => a + b, 0) / n;
  let m2 = 0, m3 = 0, m4 = 0;
  for (const x of r) (m2 += (x - mean) ** 2, m3 += (x - mean) ** 3, m4 += (x - mean) ** 4);
  return {
    n,
    sharpe: mean / Math.sqrt(m2 / (n - 1)),
    skew: m3 / n / (m2 / n) ** 1.5,
    kurtosis: m4 / n / (m2 / n) ** 2,
  };
}

Deno.test("grid search: DSR and PBO in results.json match the runs' returns, re-run here, and the papers' formulas", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = await writeConfig(dir, smaStudy(SWEEP));
    const report = await gridSearch({ configPath: path, workers: 2, outDir: `${dir}/out` });
    const json = JSON.parse(await Deno.readTextFile(`${report.dir}/results.json`));
    const o = json.overfitting;

    // every run again, here: its returns, their Sharpe ratio and the CSCV matrix
    const config = await loadConfig(path);
    const frame = await loadBars(config.data);
    const cache = new IndicatorCache(frame);
    const returns: Float64Array[] = [];
    for (let run = 0; run < 6; run++) {
      const line = json.ranked.find((r: { run: number }) => r.run === run);
      const e = evaluate(config, frame, line.params, { objective: "sharpe", cache });
      cache.endRun();
      returns.push(returnsOf(e.equity, config.capital));
    }
    const sr = returns.map((r) => moments(r).sharpe);
    const mean = sr.reduce((a, b) => a + b, 0) / 6;
    const variance = sr.reduce((a, x) => a + (x - mean) ** 2, 0) / 6;
    const best = json.ranked[0].run;
    const m = moments(returns[best]!);
    assert.equal(o.selectedRun, best);
    assert.equal(o.trials, 6);
    assert.equal(o.partitions, 8);
    assert.equal(o.observations, m.n);
    close(o.sharpe, m.sharpe, 5e-9, "per-period Sharpe");
    close(o.skew, m.skew, 5e-9, "skew");
    close(o.kurtosis, m.kurtosis, 5e-9, "kurtosis");
    close(o.sharpeVariance, variance, 5e-9, "V[SR]");
    // the annualised Sharpe of results.json is the per-period one × √periodsPerYear
    close(json.ranked[0].metrics.sharpe / o.sharpe, Math.sqrt(252), 1e-5, "annualisation");

    // Bailey and López de Prado (2014), eqs. 1–2, written out
    const g = 0.5772156649015329;
    const sr0 = Math.sqrt(variance) * ((1 - g) * normalQuantile(1 - 1 / 6) + g * normalQuantile(1 - 1 / (6 * Math.E)));
    const psr = (b: number) =>
      normalCdf(
        (m.sharpe - b) * Math.sqrt(m.n - 1) / Math.sqrt(1 - m.skew * m.sharpe + (m.kurtosis - 1) / 4 * m.sharpe ** 2),
      );
    close(o.expectedMaxSharpe, sr0, 5e-9, "SR0");
    close(o.psr, psr(0), 5e-9, "PSR");
    close(o.dsr, psr(sr0), 5e-9, "DSR");

    // CSCV over the whole return matrix (the row version) gives the same PBO as the blocks the workers sent
    const matrix = probabilityOfBacktestOverfitting(returns, { splits: 8 });
    assert.equal(o.combinations, 70);
    close(o.pbo, matrix.pbo, 5e-9, "PBO"); // results files round to 8 decimals
    close(o.logits.median, matrix.logitSummary.median, 5e-9, "median logit");
    close(o.logits.mean, matrix.logitSummary.mean, 5e-9, "mean logit");

    // stability: the best run's neighbours are the runs one value away, with their objectives
    const s = json.stability;
    assert.equal(s.run, best);
    assert.deepEqual(s.params.map((p: { param: string }) => p.param), ["fast", "slow"]);
    for (const p of s.params) {
      for (const n of [p.minus, p.plus]) {
        if (n === null) continue;
        const line = json.ranked.find((r: { run: number }) => r.run === n.run);
        assert.equal(n.objective, line.objective);
        assert.equal(line.params[p.param], n.value);
      }
      const drops = [p.minus, p.plus].filter((n) => n !== null).map((n) => s.objective - n.objective);
      close(p.drop, Math.max(...drops), 1e-8, `${p.param} drop`);
      assert.equal(p.label, p.relativeDrop <= 0.2 ? "plateau" : "spike");
    }

    // the page: the DSR/PBO and stability sections, and the top runs linked to report pages that exist
    const html = await Deno.readTextFile(`${report.dir}/heatmap.html`);
    assert.ok(html.includes('id="overfitting"') && html.includes('id="stability"') && html.includes('id="sweep-data"'));
    const links = [...html.matchAll(/<a href="([^"]+)"/g)].map((x) => x[1]!);
    assert.deepEqual(links, ["top/01/report.html", "top/02/report.html"]);
    for (const l of links) assert.ok(report.files.includes(l), `${l} is published`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("grid search: the overfitting and stability sections are the same bytes with 1 and 2 workers", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = await writeConfig(dir, smaStudy(SWEEP));
    const texts = [];
    for (const workers of [1, 2]) {
      const r = await gridSearch({ configPath: path, workers, outDir: `${dir}/w${workers}` });
      texts.push([
        await Deno.readTextFile(`${r.dir}/results.json`),
        await Deno.readTextFile(`${r.dir}/heatmap.html`),
      ]);
    }
    assert.ok(texts[0]![0]!.includes('"overfitting": {"partitions":8'));
    assert.deepEqual(texts[0], texts[1]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a sweep too small for optimize.overfitting is a ConfigError naming the field and the limit", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const one = await writeConfig(dir, smaStudy(`{ params: { fast: [5] }, overfitting: { partitions: 4 } }`), "one.ts");
    await assert.rejects(() => gridSearch({ configPath: one, workers: 1, outDir: `${dir}/a` }), {
      name: "ConfigError",
      message: /Invalid optimize\.overfitting in ".*one\.ts": .*at least 2 runs to select from, the sweep has 1/,
    });
    // 12 bars of data: fewer than 16 partitions
    const rows = Array.from(
      { length: 12 },
      (_, i) => `2024-01-${String(i + 1).padStart(2, "0")},10,13,9,${10 + (i % 3)},100`,
    );
    await Deno.writeTextFile(`${dir}/short.csv`, ["Date,Open,High,Low,Close,Volume", ...rows].join("\n") + "\n");
    const short = await writeConfig(
      dir,
      smaStudy(`{ params: { fast: [2, 3] }, overfitting: { partitions: 16 } }`).replace(
        /source: "[^"]+"/,
        `source: ${JSON.stringify(`${dir}/short.csv`)}`,
      ).replace("fast: 10, slow: 30", "fast: 2, slow: 5"),
      "short.ts",
    );
    await assert.rejects(() => gridSearch({ configPath: short, workers: 1, outDir: `${dir}/b` }), {
      name: "ConfigError",
      message:
        /optimize\.overfitting\.partitions in ".*short\.ts": 16 partitions need at least 16 bars per run, the data has 12/,
    });
    // without the section, the study runs and says why it has no numbers
    const quiet = await writeConfig(dir, smaStudy(`{ params: { fast: [5], slow: [30, 40] }, top: 0 }`), "quiet.ts");
    const ok = await gridSearch({ configPath: quiet, workers: 1, outDir: `${dir}/c` });
    const json = JSON.parse(await Deno.readTextFile(`${ok.dir}/results.json`));
    assert.equal(json.overfitting.partitions, 16); // 2 runs: measured with the default
    const single = await writeConfig(dir, smaStudy(`{ params: { fast: [5], slow: [30] }, top: 0 }`), "single.ts");
    const s = await gridSearch({ configPath: single, workers: 1, outDir: `${dir}/d` });
    const sj = JSON.parse(await Deno.readTextFile(`${s.dir}/results.json`));
    assert.match(sj.overfitting.skipped, /at least 2 runs/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("walk-forward: each window's DSR and PBO over its training sweep, a summary, and a window too short", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = await writeConfig(
      dir,
      smaStudy(
        `{ params: { fast: [5, 10, 20], slow: [30, 60] }, overfitting: { partitions: 6 }, walkForward: { train: "2y", test: "1y" } }`,
      ),
    );
    const r = await walkForward({ configPath: path, workers: 2, outDir: `${dir}/wf` });
    const json = JSON.parse(await Deno.readTextFile(`${r.dir}/walkforward.json`));
    const windows = json.windows as { trainRun: number; trainBars: number; overfitting: Record<string, number> }[];
    assert.ok(windows.length >= 3);
    for (const w of windows) {
      assert.equal(w.overfitting.trials, 6);
      assert.equal(w.overfitting.selectedRun, w.trainRun);
      assert.equal(w.overfitting.observations, w.trainBars);
      assert.equal(w.overfitting.combinations, 20);
    }
    const dsrs = windows.map((w) => w.overfitting.dsr!), pbos = windows.map((w) => w.overfitting.pbo!);
    assert.equal(json.overfitting.windows, windows.length);
    close(json.overfitting.meanPbo, pbos.reduce((a, b) => a + b, 0) / pbos.length, 1e-8, "mean PBO");
    close(json.overfitting.minDsr, Math.min(...dsrs), 1e-8, "lowest DSR");
    assert.equal(r.overfitting?.windows, windows.length);
    const html = await Deno.readTextFile(`${r.dir}/walkforward.html`);
    assert.ok(html.includes('id="overfitting"') && html.includes("Mean PBO"));

    const tight = await writeConfig(
      dir,
      smaStudy(
        `{ params: { fast: [5, 10] }, overfitting: { partitions: 20 }, walkForward: { train: 15, test: 10, minTrainBars: 10 } }`,
      ),
      "tight.ts",
    );
    await assert.rejects(() => walkForward({ configPath: tight, workers: 1, outDir: `${dir}/t` }), {
      name: "ConfigError",
      message:
        /optimize\.overfitting\.partitions.*20 partitions need at least 20 bars per run, window 1's training window has 15/,
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
