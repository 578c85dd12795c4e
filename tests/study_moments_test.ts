/**
 * A study's workers measure a run's skew and kurtosis only where it could be the selected run (its objective at least
 * the best their session had met on that frame): the Deflated Sharpe Ratio reads the selected run's alone. Checked
 * here on the kernel directly, in several orders of the same runs: the selected run always carries them, to the bits
 * of the run's full metrics, and every run's Sharpe ratio, count and CSCV blocks (filled in the metrics' one pass) are
 * those of its full run, whichever runs carried moments.
 */
import assert from "node:assert/strict";
import { loadBars, loadConfig } from "../mod.ts";
import { IndicatorCache } from "../engine/indicators/cache.ts";
import { evaluate } from "../engine/optimize/evaluate.ts";
import kernel, { type StudyRun } from "../engine/optimize/study_kernel.ts";
import { mulberry32 } from "../engine/random.ts";
import { runStatistics } from "../engine/optimize/trial_returns.ts";
import { smaStudy, writeConfig } from "./_optimize.ts";

Deno.test("study kernel: the selected run carries its skew and kurtosis, to the bits of its full metrics, in any order", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = await writeConfig(
      dir,
      smaStudy(`{ params: { fast: [3, 5, 8, 10, 13, 20], slow: [21, 30, 45, 60] }, overfitting: { partitions: 4 } }`),
    );
    const config = await loadConfig(path);
    const frame = await loadBars(config.data);
    const runs: StudyRun[] = [];
    for (const fast of [3, 5, 8, 10, 13, 20]) {
      for (const slow of [21, 30, 45, 60]) runs.push({ index: runs.length, params: { fast, slow } });
    }
    // each run alone, measured in full
    const cache = new IndicatorCache(frame);
    const blocksOf: Float64Array[] = [];
    const full = runs.map((r) => {
      const e = evaluate(config, frame, r.params, { objective: "sharpe", cache });
      cache.endRun();
      // the CSCV statistics of its returns, as runStatistics computes them from the returns themselves
      blocksOf.push(runStatistics(e.returns, 4, 0, { sharpe: NaN, skew: NaN, kurtosis: NaN }));
      return e.metrics;
    });
    const best = full.reduce((b, m, i) => (m.sharpe > full[b]!.sharpe ? i : b), 0);
    const rnd = mulberry32(7);
    const orders = [
      runs,
      [...runs].reverse(),
      [...runs].sort((a, b) => full[a.index]!.sharpe - full[b.index]!.sharpe), // every run a new best
      ...[1, 2, 3].map(() => [...runs].sort(() => (rnd() & 1) - 0.5)),
    ];
    let carried = 0, left = 0;
    for (const order of orders) {
      const session = kernel.open(config, frame);
      const stats = new Map<number, Float64Array>();
      for (const r of order) stats.set(r.index, session.run(r, []).stats!);
      for (const r of runs) {
        const s = stats.get(r.index)!, m = full[r.index]!;
        assert.ok(Object.is(s[1], m.sharpe / Math.sqrt(m.periodsPerYear)), `run ${r.index}: Sharpe ratio`);
        assert.equal(s[0], blocksOf[r.index]![0], `run ${r.index}: count`);
        assert.deepEqual(
          Array.from(s.subarray(4)),
          Array.from(blocksOf[r.index]!.subarray(4)),
          `run ${r.index}: blocks`,
        );
        if (Number.isNaN(s[2]!) && Number.isNaN(s[3]!)) {
          left++;
          continue;
        }
        carried++;
        assert.ok(Object.is(s[2], m.skew), `run ${r.index}: skew ${s[2]} vs ${m.skew}`);
        assert.ok(Object.is(s[3], m.kurtosis + 3), `run ${r.index}: kurtosis ${s[3]} vs ${m.kurtosis + 3}`);
      }
      const sel = stats.get(best)!;
      assert.ok(!Number.isNaN(sel[2]!) && !Number.isNaN(sel[3]!), "the selected run has its moments");
      // the block statistics do not depend on which runs carried moments
      const first = kernel.open(config, frame);
      for (const r of runs) {
        assert.deepEqual(Array.from(stats.get(r.index)!.subarray(4)), Array.from(first.run(r, []).stats!.subarray(4)));
      }
    }
    assert.ok(carried > 0 && left > 0, `some runs carry moments (${carried}) and some do not (${left})`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
