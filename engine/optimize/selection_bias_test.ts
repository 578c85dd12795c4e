import assert from "node:assert/strict";
import { normalCdf, normalQuantile } from "../normal.ts";
import { overfittingSkip, SelectionBias } from "./selection_bias.ts";
import { returnStatistics } from "./trial_returns.ts";

const close = (actual: number, expected: number, tol: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: expected ${expected} ± ${tol}, found ${actual}`);

Deno.test("SelectionBias: DSR of the selected trial from N, the population V[SR] and its moments, by hand", () => {
  const bias = new SelectionBias(4, 2);
  bias.add(0, returnStatistics(Float64Array.of(1, 2, 3, 6), 2)); // SR 3/√(14/3), skew 4.5/3.5^1.5, kurtosis 2
  bias.add(1, returnStatistics(Float64Array.of(0, 2, 0, 2), 2)); // mean 1, sd √(4/3): SR √3/2
  bias.add(2, returnStatistics(Float64Array.of(-1, 1, -1, 1), 2)); // SR 0
  // trial 3 never arrives (failed): not a trial
  const r = bias.report(0);
  assert.ok(!("skipped" in r));
  const sr = [3 / Math.sqrt(14 / 3), Math.sqrt(3) / 2, 0];
  const mean = (sr[0]! + sr[1]!) / 3;
  const variance = sr.reduce((a, x) => a + (x - mean) ** 2, 0) / 3; // divisor N, not N − 1
  const g = 0.5772156649015329;
  const sr0 = Math.sqrt(variance) * ((1 - g) * normalQuantile(1 - 1 / 3) + g * normalQuantile(1 - 1 / (3 * Math.E)));
  const skew = 4.5 / 3.5 ** 1.5, kurt = 2;
  const psr = (bench: number) =>
    normalCdf((sr[0]! - bench) * Math.sqrt(3) / Math.sqrt(1 - skew * sr[0]! + (kurt - 1) / 4 * sr[0]! ** 2));
  assert.equal(r.trials, 3);
  assert.equal(r.trialsWithSharpe, 3);
  close(r.sharpeVariance, variance, 1e-15, "V[SR]");
  close(r.expectedMaxSharpe, sr0, 1e-12, "SR0");
  close(r.psr, psr(0), 1e-12, "PSR");
  close(r.dsr, psr(sr0), 1e-12, "DSR");
  assert.equal(r.observations, 4);
  assert.equal(r.combinations, 2);
  assert.equal(r.partitions, 2);
  // per block means: trial 0: 1.5 | 4.5; trial 1: 1 | 1 (sd √2 in both); trial 2: 0 | 0 — trial 0 wins both halves
  assert.equal(r.pbo, 0);
});

Deno.test("SelectionBias: a flat selected run or a single trial", () => {
  const bias = new SelectionBias(2, 2);
  bias.add(0, returnStatistics(new Float64Array(6), 2));
  assert.match((bias.report(0) as { skipped: string }).skipped, /Sharpe ratio is undefined/);
  bias.add(1, returnStatistics(Float64Array.of(0.01, 0.02, 0.0, 0.01), 2));
  const r = bias.report(1);
  assert.ok(!("skipped" in r) && r.trials === 2 && r.trialsWithSharpe === 1 && r.sharpeVariance === 0);
  const one = new SelectionBias(1, 2);
  one.add(0, returnStatistics(Float64Array.of(0.01, 0.02, 0.0, 0.01), 2));
  const single = one.report(0);
  assert.ok(
    !("skipped" in single) && single.pbo === null && single.expectedMaxSharpe === 0 && single.dsr === single.psr,
  );
});

Deno.test("overfittingSkip: an explicit section too big for the study is a ConfigError naming the field and the limit", () => {
  assert.throws(() => overfittingSkip({ partitions: 8 }, { trials: 1, bars: 100, file: "c.ts" }), {
    name: "ConfigError",
    message: /Invalid optimize\.overfitting in "c\.ts": .*at least 2 runs.*the sweep has 1/,
  });
  assert.throws(
    () => overfittingSkip({ partitions: 8 }, { trials: 5, bars: 7, file: "c.ts", what: "window 2's training window" }),
    {
      name: "ConfigError",
      message:
        /optimize\.overfitting\.partitions in "c\.ts": 8 partitions need at least 8 bars per run, window 2's training window has 7/,
    },
  );
  assert.equal(overfittingSkip({ partitions: 8 }, { trials: 2, bars: 8, file: "c.ts" }), null);
  assert.equal(
    overfittingSkip(undefined, { trials: 5, bars: 15, file: "c.ts" }),
    "16 partitions need at least 16 bars per run, the data has 15",
  );
});
