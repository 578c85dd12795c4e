import assert from "node:assert/strict";
import { kurtosis } from "../report/metrics/kurtosis.ts";
import { sharpe } from "../report/metrics/sharpe.ts";
import { skew } from "../report/metrics/skew.ts";
import { mulberry32 } from "../random.ts";
import { blockOf, returnMoments, returnStatistics, runStatistics, statisticsSplits } from "./trial_returns.ts";

const close = (actual: number, expected: number, tol: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: expected ${expected} ± ${tol}, found ${actual}`);

Deno.test("returnMoments() by hand: returns 1, 2, 3, 6 (mean 3, deviations −2, −1, 0, 3)", () => {
  const m = returnMoments(returnStatistics(Float64Array.of(1, 2, 3, 6), 2));
  // M2 = 4 + 1 + 0 + 9 = 14, M3 = −8 − 1 + 0 + 27 = 18, M4 = 16 + 1 + 0 + 81 = 98
  // SR = 3 / √(14/3); skew = (18/4) / (14/4)^1.5; raw kurtosis = (98/4) / (14/4)²
  close(m.sharpe, 3 / Math.sqrt(14 / 3), 1e-15, "sharpe");
  close(m.skew, 4.5 / 3.5 ** 1.5, 1e-15, "skew");
  close(m.kurtosis, 24.5 / 12.25, 1e-15, "kurtosis");
  assert.equal(m.observations, 4);
});

Deno.test("returnMoments() agree with the report's Sharpe (÷ √periods), skew and excess kurtosis (+ 3)", () => {
  const rand = mulberry32(3);
  const r = Float64Array.from({ length: 500 }, () => (rand() - 0.47) * 0.02 * (rand() < 0.1 ? 4 : 1));
  const m = returnMoments(returnStatistics(r, 16));
  close(m.sharpe, sharpe(r, 252) / Math.sqrt(252), 1e-12, "per-period sharpe");
  close(m.skew, skew(r), 1e-12, "skew");
  close(m.kurtosis, kurtosis(r) + 3, 1e-12, "raw kurtosis");
});

Deno.test("returnStatistics() cuts ⌊T/S⌋ rows per block, drops the rest and skips NaN returns", () => {
  const near = (got: number[], want: number[], what: string) =>
    got.forEach((g, k) => close(g, want[k]!, 1e-9, `${what}[${k}]`));
  const s = returnStatistics(Float64Array.of(1, 3, NaN, 5, 7, 100), 2); // blocks [1, 3, NaN] and [5, 7, 100]
  assert.equal(statisticsSplits(s), 2);
  near(blockOf(s, 0), [2, 2, 2], "block 0"); // mean 2, M2 = 1 + 1
  near(blockOf(s, 1), [3, 112 / 3, 17678 / 3], "block 1"); // M2 = Σx² − n·mean² = 10,074 − 12,544/3
  const t = returnStatistics(Float64Array.of(1, 3, 5, 7, 1000), 2); // 2 rows per block, the fifth left out of the blocks
  near([...blockOf(t, 0), ...blockOf(t, 1)], [2, 2, 2, 2, 6, 2], "blocks");
  assert.equal(t[0], 5); // the whole-series moments keep every return
  assert.equal(returnMoments(t).observations, 5);
});

Deno.test("returnMoments() of a flat series has no Sharpe, skew or kurtosis", () => {
  const m = returnMoments(returnStatistics(new Float64Array(10), 2));
  assert.ok(Number.isNaN(m.sharpe) && Number.isNaN(m.skew) && Number.isNaN(m.kurtosis));
  assert.ok(Number.isNaN(returnMoments(returnStatistics(Float64Array.of(0.01), 2)).sharpe));
});

Deno.test("runStatistics() takes the moments given, nets the block means of the risk-free rate, keeps equal blocks equal", () => {
  const r = Float64Array.of(0.01, 0.02, 0.0, 0.03, 0.01, 0.02, 0.05, NaN, 0.07);
  const s = runStatistics(r, 3, 0.001, { sharpe: Infinity, skew: 0.5, kurtosis: 4 });
  // an infinite Sharpe ratio (no volatility) is no Sharpe ratio here
  assert.deepEqual(returnMoments(s), { observations: 8, sharpe: NaN, skew: 0.5, kurtosis: 4 });
  // blocks [0.01, 0.02, 0] and [0.03, 0.01, 0.02]: the same spread; [0.05, NaN, 0.07]
  const [n0, mean0, m20] = blockOf(s, 0), [n1, mean1, m21] = blockOf(s, 1), [n2, mean2, m22] = blockOf(s, 2);
  close(mean0, 0.01 - 0.001, 1e-15, "block 0 mean");
  close(mean1, 0.02 - 0.001, 1e-15, "block 1 mean");
  close(mean2, 0.06 - 0.001, 1e-15, "block 2 mean");
  close(m20, 0.0002, 1e-17, "block 0 M2");
  close(m21, 0.0002, 1e-17, "block 1 M2");
  close(m22, 0.0002, 1e-17, "block 2 M2");
  assert.deepEqual([n0, n1, n2], [3, 3, 2]);
  // the same rows at another place of another series: bit for bit the same block
  const other = runStatistics(Float64Array.of(9, 9, 9, 0.01, 0.02, 0.0), 2, 0.001, { sharpe: 1, skew: 0, kurtosis: 3 });
  assert.deepEqual(blockOf(other, 1), blockOf(s, 0));
  // a block of zero returns: mean and M2 exactly 0
  assert.deepEqual(blockOf(runStatistics(new Float64Array(4), 2, 0, { sharpe: NaN, skew: NaN, kurtosis: NaN }), 1), [
    2,
    0,
    0,
  ]);
});
