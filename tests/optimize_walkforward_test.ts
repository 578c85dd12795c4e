/** Walk-forward studies on the sample data: no look-ahead, warm-up without trading, stitching, efficiency. */
import assert from "node:assert/strict";
import { type BarFrame, ConfigError, loadBars, loadConfig, walkForward } from "../mod.ts";
import { buildWindows, timeAxis } from "../engine/optimize/windows.ts";
import { readJsonl, smaStudy, writeConfig } from "./_optimize.ts";

const OPT = `{ params: { fast: [5, 10, 20], slow: [30, 50, 100] }, constraint: (p) => p.fast < p.slow,
  walkForward: { train: "2y", test: "1y", mode: "rolling" } }`;

/** A deep copy of a frame with the prices of bars in [fromMs, toMs) turned upside down around their mean. */
function mutated(frame: BarFrame, fromMs: number, toMs: number): BarFrame {
  const copy = (a: Float64Array) => a.slice();
  const f = {
    ...frame,
    open: copy(frame.open),
    high: copy(frame.high),
    low: copy(frame.low),
    close: copy(frame.close),
  };
  let sum = 0, n = 0;
  for (let i = 0; i < f.length; i++) if (f.tsMs[i]! >= fromMs && f.tsMs[i]! < toMs) (sum += f.close[i]!, n++);
  const pivot = (2 * sum) / n;
  for (let i = 0; i < f.length; i++) {
    if (f.tsMs[i]! < fromMs || f.tsMs[i]! >= toMs) continue;
    const [o, h, l, c] = [f.open[i]!, f.high[i]!, f.low[i]!, f.close[i]!];
    f.open[i] = pivot - o;
    f.close[i] = pivot - c;
    f.high[i] = pivot - l;
    f.low[i] = pivot - h;
  }
  return f;
}

Deno.test("no test-window bar influences the choice: mutating window 3's test bars leaves windows 1-3's training untouched", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = await writeConfig(dir, smaStudy(OPT));
    const config = await loadConfig(path);
    const frame = await loadBars(config.data);
    const axis = timeAxis(frame);
    const windows = buildWindows(axis.times, axis.endMs, config.optimize!.walkForward!);
    assert.ok(windows.length >= 5);
    const k = 3, w = windows[k - 1]!;
    const base = await walkForward({ configPath: path, workers: 2, frame, outDir: `${dir}/base` });
    const changed = await walkForward({
      configPath: path,
      workers: 2,
      frame: mutated(frame, w.testStartMs, w.testEndMs),
      outDir: `${dir}/mutated`,
    });
    for (let i = 0; i < k; i++) {
      assert.deepEqual(changed.windows[i]!.params, base.windows[i]!.params, `window ${i + 1}: chosen params`);
      assert.deepEqual(changed.windows[i]!.inSample, base.windows[i]!.inSample, `window ${i + 1}: in-sample`);
    }
    // every training run of windows 1..k is identical, line for line
    const trainOf = async (d: string) =>
      (await readJsonl(`${d}/train_runs.jsonl`)).filter((l) => (l.window as number) <= k).map((l) => JSON.stringify(l));
    assert.deepEqual(await trainOf(changed.dir), await trainOf(base.dir));
    // … while the mutation did reach window k's test run, and later windows' training
    assert.notDeepEqual(changed.windows[k - 1]!.outOfSample, base.windows[k - 1]!.outOfSample);
    assert.notDeepEqual(
      await Deno.readTextFile(`${changed.dir}/train_runs.jsonl`),
      await Deno.readTextFile(`${base.dir}/train_runs.jsonl`),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("test runs start flat at the test window, trade only inside it, and stitch by compounding", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = await writeConfig(dir, smaStudy(OPT));
    const r = await walkForward({ configPath: path, workers: 2, outDir: `${dir}/out` });
    const eq = (await Deno.readTextFile(`${r.dir}/oos_equity.csv`)).trim().split("\n").slice(1).map((l) =>
      l.split(",")
    );
    const trades = (await Deno.readTextFile(`${r.dir}/oos_trades.csv`)).trim().split("\n").slice(1).map((l) =>
      l.split(",")
    );
    let level = 100_000;
    for (const w of r.windows) {
      const rows = eq.filter((x) => x[2] === String(w.window.index));
      assert.equal(rows.length, w.window.testBars, `window ${w.window.index}: one point per test bar`);
      const t0 = Date.parse(rows[0]![0]!); // the first bar at or after the window's start (which may be a weekend)
      assert.ok(t0 >= w.window.testStartMs && t0 < w.window.testStartMs + 4 * 86_400_000, rows[0]![0]);
      // the first test bar is marked before any fill: the account starts flat at the carried-over level
      assert.ok(Math.abs(Number(rows[0]![1]) - level) < 1e-6, `window ${w.window.index} starts at ${level}`);
      level *= 1 + w.outOfSample!.metrics[0]!; // totalReturn
      assert.ok(Math.abs(Number(rows[rows.length - 1]![1]) - level) < 1e-3 * Math.max(1, level / 1e5));
      for (const t of trades.filter((x) => x[0] === String(w.window.index))) {
        assert.ok(Date.parse(t[3]!) >= w.window.testStartMs && Date.parse(t[3]!) < w.window.testEndMs, `entry ${t[3]}`);
        // each stitched trade keeps its excursions (≥ 0, per unit); fixed-quantity sizing leaves its risk unknown
        const [mae, mfe] = [Number(t[11]), Number(t[12])];
        assert.ok(mae >= 0 && mfe >= 0 && t[9] === "" && t[10] === "", t.join(","));
      }
    }
    assert.ok(Math.abs(r.stitched!.endValue - level) < 1e-3);
    // efficiency: out-of-sample CAGR ÷ in-sample CAGR, per window and overall
    for (const w of r.windows) {
      const is = w.inSample!.metrics[1]!, oos = w.outOfSample!.metrics[1]!;
      assert.ok(is > 0 ? Math.abs(w.efficiency - oos / is) < 1e-9 : Number.isNaN(w.efficiency));
    }
    const meanIs = r.windows.reduce((a, w) => a + w.inSample!.metrics[1]!, 0) / r.windows.length;
    assert.ok(Math.abs(r.efficiency - r.stitched!.cagr / meanIs) < 1e-9);
    const json = JSON.parse(await Deno.readTextFile(`${r.dir}/walkforward.json`));
    assert.equal(json.windows.length, r.windows.length);
    assert.ok((await Deno.readTextFile(`${r.dir}/walkforward.html`)).includes("Walk-forward efficiency"));
    assert.match(
      (await Deno.readTextFile(`${r.dir}/windows.csv`)).split("\n")[0]!,
      /^window,train_start,.*,fast,slow,is_objective/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("anchored windows all train from the first bar", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = await writeConfig(dir, smaStudy(OPT.replace(`mode: "rolling"`, `mode: "anchored"`)));
    const r = await walkForward({ configPath: path, workers: 1, outDir: `${dir}/out` });
    const first = r.windows[0]!.window.trainStartMs;
    assert.ok(r.windows.every((w) => w.window.trainStartMs === first));
    assert.ok(r.windows.every((w, i) => i === 0 || w.window.trainBars > r.windows[i - 1]!.window.trainBars));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a training window with too few bars is a ConfigError naming the window", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = await writeConfig(
      dir,
      smaStudy(`{ params: { fast: [5], slow: [30] }, walkForward: { train: "2w", test: "1m", minTrainBars: 20 } }`),
    );
    await assert.rejects(
      () => walkForward({ configPath: path, workers: 1, outDir: `${dir}/out` }),
      (e) =>
        e instanceof ConfigError &&
        e.message.includes("walk-forward window 1 (train 2015-01-02 → 2015-01-16, test 2015-01-16 → 2015-02-16)") &&
        e.message.includes("the training window has 10 bars; at least 20 are needed"),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
