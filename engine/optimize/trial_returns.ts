/**
 * What a study keeps of each trial's per-period returns for its
 * selection-bias statistics ({@linkcode ./overfitting.ts}): the count, Sharpe
 * ratio, skew and kurtosis of the whole series (for the Deflated Sharpe
 * Ratio of the selected run and the variance of the trials' Sharpe ratios)
 * and, per CSCV block, the count, mean and M2 (for the Probability of
 * Backtest Overfitting). A worker reduces a run's returns to these 4 + 3·S
 * numbers as the run finishes ({@linkcode runStatistics}); the coordinator
 * never holds a T × N matrix of returns.
 *
 * Returns are the run's per-bar simple returns in excess of the per-period
 * risk-free rate, as its Sharpe ratio measures them
 * (`engine/report/metrics/sharpe.ts`): `r_t = E_t / E_{t−1} − 1 − rf_p`, the
 * first against the initial capital; NaN returns (after equity ≤ 0) are
 * skipped.
 *
 * @module
 */

import { writeBlock } from "../report/metrics/sweep_pass.ts";

/** Numbers before the blocks: count, per-period Sharpe ratio, skew, raw kurtosis. */
const HEAD = 4;

/** The moments of a trial's returns the Deflated Sharpe Ratio needs. */
export interface ReturnMoments {
  /** T, the number of (non-NaN) returns. */
  readonly observations: number;
  /**
   * Per-period Sharpe ratio `mean / sd` (sample sd, n − 1) of the excess
   * returns: the annualised Sharpe ÷ √periodsPerYear. NaN below 2 returns
   * or without volatility.
   */
  readonly sharpe: number;
  /** Skewness `m3 / m2^1.5` (biased, as scipy.stats.skew and the report's `skew`). */
  readonly skew: number;
  /** Raw kurtosis `m4 / m2²` (biased; the report's excess `kurtosis` + 3); 3 for normal returns. */
  readonly kurtosis: number;
}

/**
 * A trial's statistics for a study, as one `Float64Array` (it crosses
 * worker and process boundaries as is): `[T, SR, skew, kurtosis]` (the
 * {@linkcode ReturnMoments} the run's metrics already hold), then per block
 * `b` of `splits` (⌊len / splits⌋ returns each, those past the last whole
 * block left out, as CSCV does) the count, mean and M2 of its non-NaN excess
 * returns. One pass over `returns` (the run's per-bar returns, before the
 * risk-free rate), three sums per return: each block's sums are taken about
 * its own first return, so equal blocks (e.g. two runs flat over the same
 * weeks) get equal statistics and a constant block an M2 of exactly 0, and
 * returns, whose mean is far below their spread, lose nothing to
 * cancellation. The block means are then net of `riskFreePerPeriod`.
 *
 * @example Four returns in two blocks, moments from the run's metrics
 * ```ts
 * import assert from "node:assert/strict";
 * import { blockOf, returnMoments, runStatistics } from "./trial_returns.ts";
 * const s = runStatistics(Float64Array.of(0.01, 0.03, -0.01, 0.01), 2, 0, { sharpe: 0.5, skew: 0, kurtosis: 2 });
 * assert.deepEqual(returnMoments(s), { observations: 4, sharpe: 0.5, skew: 0, kurtosis: 2 });
 * const [n, mean, m2] = blockOf(s, 0); // 0.01, 0.03
 * assert.ok(n === 2 && Math.abs(mean - 0.02) < 1e-15 && Math.abs(m2 - 0.0002) < 1e-15);
 * ```
 */
export function runStatistics(
  returns: Float64Array,
  splits: number,
  riskFreePerPeriod: number,
  moments: Omit<ReturnMoments, "observations">,
): Float64Array {
  const out = new Float64Array(HEAD + 3 * splits);
  const len = returns.length;
  const size = Math.floor(len / splits);
  let n = 0;
  for (let b = 0; b < splits; b++) {
    n += blockSums(returns, b * size, (b + 1) * size, riskFreePerPeriod, out, HEAD + 3 * b);
  }
  for (let i = size * splits; i < len; i++) if (returns[i] === returns[i]) n++;
  return completeStatistics(out, n, moments);
}

/** Numbers before the blocks in statistics: their blocks are `stats.subarray(STATISTICS_HEAD)`. */
export const STATISTICS_HEAD: number = HEAD;

/**
 * Fill the numbers before the blocks of `stats` (laid out as {@linkcode runStatistics} makes them): the count of
 * non-NaN returns `n` and the moments. For statistics whose blocks were filled elsewhere (a sweep's one pass,
 * engine/report/metrics/sweep_pass.ts).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { completeStatistics, returnMoments } from "./trial_returns.ts";
 * const s = completeStatistics(new Float64Array(4 + 3), 10, { sharpe: Infinity, skew: 0.5, kurtosis: 4 });
 * assert.deepEqual(returnMoments(s), { observations: 10, sharpe: NaN, skew: 0.5, kurtosis: 4 });
 * ```
 */
export function completeStatistics(
  stats: Float64Array,
  n: number,
  moments: Omit<ReturnMoments, "observations">,
): Float64Array {
  stats[0] = n;
  stats[1] = Number.isFinite(moments.sharpe) ? moments.sharpe : NaN;
  stats[2] = moments.skew;
  stats[3] = moments.kurtosis;
  return stats;
}

/**
 * Block `[from, to)` of `returns`: writes its count, excess mean and M2 at `out[k..k + 2]` (see
 * {@linkcode runStatistics}) and returns the count. A function of its own, so that its loop is compiled whole rather
 * than entered on stack replacement inside runStatistics' loop over the blocks, which deoptimised at each block's end.
 */
function blockSums(returns: Float64Array, from: number, to: number, rf: number, out: Float64Array, k: number): number {
  let c = NaN, bn = 0, b1 = 0, b2 = 0;
  for (let i = from; i < to; i++) {
    const x = returns[i]!;
    if (x !== x) continue;
    if (c !== c) c = x;
    const e = x - c;
    bn++;
    b1 += e;
    b2 += e * e;
  }
  writeBlock(out, k, bn, c, b1, b2, rf);
  return bn;
}

// One call on a few values at load (V8 tiering, not semantics): the code after the loop then has type feedback when a
// long block's first call is compiled on stack replacement, instead of deoptimising there on every later call.
for (let i = 0; i < 16; i++) {
  blockSums(Float64Array.of(0.01, NaN, 0.02, 0), 0, 4, 0, new Float64Array(3), 0);
}

/**
 * {@linkcode runStatistics} of excess returns, with their moments computed
 * here (two passes: the mean, then the central sums `m_k = Σ(r − mean)^k / T`):
 * what a study's worker reads off the run's metrics instead. For tests and
 * for return columns at hand ({@linkcode BlockStatistics.addTrial}).
 *
 * @example Returns 1, 2, 3, 6: mean 3, deviations −2, −1, 0, 3
 * ```ts
 * import assert from "node:assert/strict";
 * import { returnMoments, returnStatistics } from "./trial_returns.ts";
 * const m = returnMoments(returnStatistics(Float64Array.of(1, 2, 3, 6), 2));
 * // M2 = 14, M3 = 18, M4 = 98: SR = 3 / √(14/3), skew = 4.5 / 3.5^1.5, kurtosis = 24.5 / 3.5²
 * assert.ok(Math.abs(m.sharpe - 3 / Math.sqrt(14 / 3)) < 1e-15 && m.observations === 4);
 * assert.ok(Math.abs(m.skew - 4.5 / 3.5 ** 1.5) < 1e-15 && Math.abs(m.kurtosis - 2) < 1e-15);
 * ```
 */
export function returnStatistics(returns: Float64Array, splits: number): Float64Array {
  let n = 0, sum = 0;
  for (const x of returns) if (x === x) (n++, sum += x);
  const mean = n > 0 ? sum / n : 0;
  let m2 = 0, m3 = 0, m4 = 0;
  for (const x of returns) {
    if (x !== x) continue;
    const d = x - mean, d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  const sd = n >= 2 ? Math.sqrt(m2 / (n - 1)) : NaN;
  // a constant series' round-off is not volatility (as the report's sharpe: sd ≤ 1e-12·|mean|)
  const flat = !(sd > 1e-12 * Math.abs(mean));
  const v = m2 / n;
  return runStatistics(returns, splits, 0, {
    sharpe: flat ? NaN : mean / sd,
    skew: flat ? NaN : m3 / n / (v * Math.sqrt(v)),
    kurtosis: flat ? NaN : m4 / n / (v * v),
  });
}

/** The number of blocks in statistics made by {@linkcode runStatistics}. */
export function statisticsSplits(stats: Float64Array): number {
  return (stats.length - HEAD) / 3;
}

/** Block `b`'s count, mean and M2 in statistics made by {@linkcode runStatistics}. */
export function blockOf(stats: Float64Array, b: number): [count: number, mean: number, m2: number] {
  const k = HEAD + 3 * b;
  return [stats[k]!, stats[k + 1]!, stats[k + 2]!];
}

/** The moments in statistics made by {@linkcode runStatistics}. */
export function returnMoments(stats: Float64Array): ReturnMoments {
  return { observations: stats[0]!, sharpe: stats[1]!, skew: stats[2]!, kurtosis: stats[3]! };
}
