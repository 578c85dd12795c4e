/**
 * Selection-bias statistics of a study: the Deflated Sharpe Ratio of the
 * selected run and the Probability of Backtest Overfitting of the sweep.
 * Pure functions of numbers and return columns; no I/O, no randomness.
 *
 * Units: every Sharpe ratio here is per period (per row of returns, e.g.
 * daily), never annualised. An annualised Sharpe `SRa` over `P` periods a year
 * is `SRa / sqrt(P)` per period, and its variance `V[SRa] / P`.
 *
 * @module
 */
import { ConfigError } from "../errors.ts";
import { normalCdf, normalQuantile } from "../normal.ts";
import { blockOf, returnStatistics } from "./trial_returns.ts";

/** The Euler–Mascheroni constant γ. */
const EULER_GAMMA = 0.5772156649015329;

/** What {@linkcode deflatedSharpeRatio} needs: per-period Sharpe figures and the moments of the selected run's returns. */
export interface DeflatedSharpeInput {
  /** Sharpe ratio of the selected run, per period (not annualised). */
  readonly sharpe: number;
  /** Number of independent trials the run was selected from (N ≥ 1). */
  readonly trials: number;
  /** Variance of the per-period Sharpe ratios across the trials, V[SR]. */
  readonly sharpeVariance: number;
  /** Number of returns behind `sharpe` (T ≥ 2). */
  readonly observations: number;
  /** Skewness of the selected run's returns (0 for normal returns). */
  readonly skew: number;
  /** Raw (not excess) kurtosis of the selected run's returns (3 for normal returns). */
  readonly kurtosis: number;
}

/** The Deflated Sharpe Ratio and the benchmark it deflates against. */
export interface DeflatedSharpe {
  /** DSR = PSR(SR0): the probability that the true Sharpe exceeds SR0, in [0, 1]. */
  readonly dsr: number;
  /** SR0, the expected maximum per-period Sharpe of `trials` runs with no skill. */
  readonly expectedMaxSharpe: number;
}

/**
 * The Probabilistic Sharpe Ratio (Bailey and López de Prado, 2012, "The Sharpe
 * Ratio Efficient Frontier", eq. 11; DSR paper eq. 9): the probability that the
 * true Sharpe exceeds `benchmark`,
 * `Φ((SR − SR*)·√(T−1) / √(1 − skew·SR + (kurtosis−1)/4·SR²))`,
 * with per-period Sharpe ratios and raw kurtosis.
 *
 * @example Normal returns, SR 0.1 per day over 101 days, against zero
 * ```ts
 * import assert from "node:assert/strict";
 * import { probabilisticSharpeRatio } from "./overfitting.ts";
 * const psr = probabilisticSharpeRatio({ sharpe: 0.1, benchmark: 0, observations: 101, skew: 0, kurtosis: 3 });
 * assert.ok(Math.abs(psr - 0.84074) < 1e-5); // Φ(1 / √1.005)
 * ```
 */
export function probabilisticSharpeRatio(
  input: Omit<DeflatedSharpeInput, "trials" | "sharpeVariance"> & { readonly benchmark: number },
): number {
  const { sharpe, benchmark, observations, skew, kurtosis } = input;
  checkFinite("sharpe", sharpe);
  checkFinite("benchmark", benchmark);
  checkMoments(observations, skew, kurtosis);
  const varianceTerm = 1 - skew * sharpe + ((kurtosis - 1) / 4) * sharpe * sharpe;
  // zero only on Pearson's bound kurtosis = 1 + skew² with SR = 2 / skew: no spread, a sure verdict
  if (varianceTerm <= 0) return sharpe > benchmark ? 1 : sharpe < benchmark ? 0 : 0.5;
  return normalCdf(((sharpe - benchmark) * Math.sqrt(observations - 1)) / Math.sqrt(varianceTerm));
}

/**
 * The Deflated Sharpe Ratio (Bailey and López de Prado, 2014, "The Deflated
 * Sharpe Ratio: Correcting for Selection Bias, Backtest Overfitting and
 * Non-Normality", J. Portfolio Management 40(5), eqs. 1–2): the PSR of the
 * selected run against SR0, the expected maximum Sharpe of N trials with no
 * skill,
 * `SR0 = √V[SR] · ((1−γ)·Φ⁻¹(1 − 1/N) + γ·Φ⁻¹(1 − 1/(N·e)))`,
 * γ the Euler–Mascheroni constant. One trial means no selection: SR0 = 0 and
 * the DSR is the PSR against zero.
 *
 * All Sharpe figures are per period (see the module doc); `kurtosis` is raw,
 * so normal returns have 3. A kurtosis below Pearson's bound 1 + skew² (e.g.
 * an excess kurtosis passed by mistake) is rejected.
 *
 * @example The paper's example: annualised SR 2.5, V[SR] 0.5 a year, 100 trials, 5 years of days
 * ```ts
 * import assert from "node:assert/strict";
 * import { deflatedSharpeRatio } from "./overfitting.ts";
 * const { dsr, expectedMaxSharpe } = deflatedSharpeRatio({
 *   sharpe: 2.5 / Math.sqrt(250), // per day
 *   trials: 100,
 *   sharpeVariance: 0.5 / 250, // per day
 *   observations: 1250,
 *   skew: -3,
 *   kurtosis: 10,
 * });
 * assert.ok(Math.abs(expectedMaxSharpe - 0.1132) < 1e-4);
 * assert.ok(Math.abs(dsr - 0.9004) < 1e-4);
 * ```
 */
export function deflatedSharpeRatio(input: DeflatedSharpeInput): DeflatedSharpe {
  const { trials, sharpeVariance } = input;
  if (!Number.isInteger(trials) || trials < 1) {
    throw new ConfigError(`Invalid deflatedSharpeRatio trials: expected an integer ≥ 1, found ${trials}`);
  }
  if (!Number.isFinite(sharpeVariance) || sharpeVariance < 0) {
    throw new ConfigError(
      `Invalid deflatedSharpeRatio sharpeVariance: expected a finite number ≥ 0, found ${sharpeVariance}`,
    );
  }
  const expectedMaxSharpe = trials === 1 ? 0 : Math.sqrt(sharpeVariance) *
    ((1 - EULER_GAMMA) * normalQuantile(1 - 1 / trials) + EULER_GAMMA * normalQuantile(1 - 1 / (trials * Math.E)));
  const dsr = probabilisticSharpeRatio({ ...input, benchmark: expectedMaxSharpe });
  return { dsr, expectedMaxSharpe };
}

/** The performance measure CSCV ranks trials by, over the rows of a sample. */
export type OverfittingMetric = "sharpe" | "mean";

/** Options of {@linkcode probabilityOfBacktestOverfitting}. */
export interface OverfittingOptions {
  /** S, the number of equal blocks the rows are cut into: even, ≥ 2. Default 16. */
  readonly splits?: number;
  /** The measure trials are ranked by: per-period Sharpe (sample sd, n − 1) or mean return. Default `"sharpe"`. */
  readonly metric?: OverfittingMetric;
}

/** The Probability of Backtest Overfitting and the distribution of the logits behind it. */
export interface Overfitting {
  /** PBO: the share of in-sample/out-of-sample splits whose logit λ ≤ 0. */
  readonly pbo: number;
  /** C(S, S/2): the number of splits evaluated. */
  readonly combinations: number;
  /** Rows per block, ⌊T / S⌋. */
  readonly blockRows: number;
  /** Rows left out at the end of every trial, T mod S. */
  readonly droppedRows: number;
  /** λ of every split, in lexicographic order of the in-sample block sets. */
  readonly logits: Float64Array;
  /** Summary of `logits`: mean, and min / quartiles / max (linear interpolation between order statistics). */
  readonly logitSummary: {
    readonly mean: number;
    readonly min: number;
    readonly q25: number;
    readonly median: number;
    readonly q75: number;
    readonly max: number;
  };
}

/**
 * The Probability of Backtest Overfitting by combinatorially symmetric
 * cross-validation, CSCV (Bailey, Borwein, López de Prado and Zhu, 2015, "The
 * Probability of Backtest Overfitting", J. Computational Finance 20(4), §2).
 *
 * `returns` holds one column of per-period returns per trial, all of length T.
 * The rows are cut into S blocks of ⌊T/S⌋ rows; the T mod S rows at the end are
 * dropped. For each of the C(S, S/2) ways to pick S/2 blocks as in-sample (the
 * rest, out-of-sample), the trial with the best in-sample metric is found, its
 * rank ω among the N trials out-of-sample (1 = worst, N = best), the relative
 * rank ω̄ = ω/(N+1) and the logit λ = ln(ω̄/(1−ω̄)). PBO is the share of splits
 * with λ ≤ 0, i.e. where the in-sample winner is at or below the out-of-sample
 * median.
 *
 * Deterministic: ties in a metric go to the lower trial index, both in picking
 * the in-sample best and in ranking out-of-sample, and a NaN metric (e.g. a
 * Sharpe of a flat half: zero mean, zero spread) ranks below every number.
 * NaN returns are skipped. Computed from per-block statistics, as
 * {@linkcode probabilityOfBacktestOverfittingFromBlocks} does.
 *
 * @example Two trials, one better in every block: PBO 0
 * ```ts
 * import assert from "node:assert/strict";
 * import { probabilityOfBacktestOverfitting } from "./overfitting.ts";
 * const a = Float64Array.from([2, 1, 3, 2, 2, 1, 3, 2]);
 * const b = a.map((x) => x - 1);
 * const r = probabilityOfBacktestOverfitting([a, b], { splits: 4, metric: "mean" });
 * assert.equal(r.combinations, 6);
 * assert.equal(r.pbo, 0);
 * ```
 */
export function probabilityOfBacktestOverfitting(
  returns: readonly Float64Array[],
  options: OverfittingOptions = {},
): Overfitting {
  const splits = options.splits ?? 16;
  const metric = options.metric ?? "sharpe";
  const n = returns.length;
  if (!Number.isInteger(splits) || splits < 2 || splits % 2 !== 0) {
    throw new ConfigError(`Invalid overfitting splits: expected an even integer ≥ 2, found ${splits}`);
  }
  if (n < 2) throw new ConfigError(`Invalid overfitting returns: expected at least 2 trials, found ${n}`);
  const rows = returns[0]!.length;
  for (let i = 1; i < n; i++) {
    if (returns[i]!.length !== rows) {
      throw new ConfigError(
        `Invalid overfitting returns: every trial needs the same number of rows, trial 0 has ${rows}, trial ${i} has ${
          returns[i]!.length
        }`,
      );
    }
  }
  const blockRows = Math.floor(rows / splits);
  if (blockRows < 1) {
    throw new ConfigError(
      `Invalid overfitting splits: ${splits} blocks need at least ${splits} rows per trial, found ${rows}`,
    );
  }
  const blocks = new BlockStatistics(n, splits);
  for (let t = 0; t < n; t++) blocks.addTrial(t, returns[t]!.subarray(0, blockRows * splits));
  return { ...pboFromBlocks(blocks, metric), blockRows, droppedRows: rows - blockRows * splits };
}

/**
 * Per trial and block, the count, mean and sum of squared deviations (M2) of
 * the returns: all that CSCV needs of a sweep, S × 3 numbers per trial
 * instead of its whole return column, so a study collects them as each run
 * finishes ({@linkcode probabilityOfBacktestOverfittingFromBlocks}). Blocks
 * are combined with the pairwise update of Chan, Golub and LeVeque (1979),
 * exact in real arithmetic: the Sharpe of a union of blocks from these
 * statistics equals the Sharpe of the concatenated rows.
 *
 * @example Two trials of four rows in two blocks
 * ```ts
 * import assert from "node:assert/strict";
 * import { BlockStatistics } from "./overfitting.ts";
 * const b = new BlockStatistics(2, 2);
 * b.addTrial(0, Float64Array.of(1, 3, 2, 2));
 * b.setBlock(1, 0, 2, 5, 0); // two rows of 5
 * b.setBlock(1, 1, 2, 5, 0);
 * assert.deepEqual([b.count[0], b.mean[0], b.m2[0]], [2, 2, 2]); // rows 1, 3: mean 2, M2 = 1 + 1
 * assert.deepEqual([b.count[1], b.mean[1], b.m2[1]], [2, 2, 0]);
 * ```
 */
export class BlockStatistics {
  /** N, the number of trials. */
  readonly trials: number;
  /** S, the number of blocks per trial. */
  readonly splits: number;
  /** Returns in trial `t`'s block `b`, at `t * splits + b` (NaN returns are not counted). */
  readonly count: Float64Array;
  /** Their mean (0 for an empty block). */
  readonly mean: Float64Array;
  /** Their sum of squared deviations from the mean. */
  readonly m2: Float64Array;

  /** Room for `trials` trials of `splits` blocks, all empty. */
  constructor(trials: number, splits: number) {
    this.trials = trials;
    this.splits = splits;
    this.count = new Float64Array(trials * splits);
    this.mean = new Float64Array(trials * splits);
    this.m2 = new Float64Array(trials * splits);
  }

  /** Set trial `t`'s block `b`. */
  setBlock(t: number, b: number, count: number, mean: number, m2: number): void {
    const k = t * this.splits + b;
    this.count[k] = count;
    this.mean[k] = mean;
    this.m2[k] = m2;
  }

  /**
   * Set every block of trial `t` from its return column: `splits` blocks of
   * ⌊length / splits⌋ rows, the rows past the last whole block left out, NaN
   * returns skipped; each block's statistics come from its rows alone
   * ({@linkcode returnStatistics}), so equal blocks get equal statistics and a
   * constant block an M2 of exactly 0.
   */
  addTrial(t: number, returns: Float64Array): void {
    const stats = returnStatistics(returns, this.splits);
    for (let b = 0; b < this.splits; b++) this.setBlock(t, b, ...blockOf(stats, b));
  }
}

/** What {@linkcode probabilityOfBacktestOverfittingFromBlocks} finds: {@linkcode Overfitting} without the row layout. */
export type BlockOverfitting = Omit<Overfitting, "blockRows" | "droppedRows">;

/**
 * The Probability of Backtest Overfitting by CSCV, as
 * {@linkcode probabilityOfBacktestOverfitting} computes it, from per-block
 * statistics of the trials ({@linkcode BlockStatistics}) instead of their
 * return columns. The in-sample (out-of-sample) performance of a trial in a
 * split is its metric over the union of its S/2 in-sample (out-of-sample)
 * blocks, merged from the blocks' count, mean and M2: the Sharpe ratio
 * `mean / √(M2 / (n − 1))` (a NaN below two returns) or the mean. Blocks may
 * hold different counts (NaN returns skipped).
 *
 * Cost: C(S, S/2) · N · S block merges, e.g. 12,870 · 1,000 · 16 ≈ 2·10⁸ for
 * S = 16 and 1,000 trials.
 *
 * @throws {ConfigError} when `blocks.splits` is not an even integer ≥ 2 or there are fewer than 2 trials.
 *
 * @example Equal to the matrix version
 * ```ts
 * import assert from "node:assert/strict";
 * import {
 *   BlockStatistics, probabilityOfBacktestOverfitting, probabilityOfBacktestOverfittingFromBlocks,
 * } from "./overfitting.ts";
 * const a = Float64Array.of(1, 2, 0, 3, 2, 1, 0, 1), b = Float64Array.of(0, 1, 2, 2, 1, 3, 1, 0);
 * const blocks = new BlockStatistics(2, 4);
 * blocks.addTrial(0, a);
 * blocks.addTrial(1, b);
 * const fromBlocks = probabilityOfBacktestOverfittingFromBlocks(blocks);
 * const fromRows = probabilityOfBacktestOverfitting([a, b], { splits: 4 });
 * assert.equal(fromBlocks.pbo, fromRows.pbo);
 * assert.deepEqual(fromBlocks.logits, fromRows.logits);
 * ```
 */
export function probabilityOfBacktestOverfittingFromBlocks(
  blocks: BlockStatistics,
  options: { readonly metric?: OverfittingMetric } = {},
): BlockOverfitting {
  const { splits, trials } = blocks;
  if (!Number.isInteger(splits) || splits < 2 || splits % 2 !== 0) {
    throw new ConfigError(`Invalid overfitting splits: expected an even integer ≥ 2, found ${splits}`);
  }
  if (trials < 2) throw new ConfigError(`Invalid overfitting trials: expected at least 2 trials, found ${trials}`);
  return pboFromBlocks(blocks, options.metric ?? "sharpe");
}

function pboFromBlocks(blocks: BlockStatistics, metric: OverfittingMetric): BlockOverfitting {
  const { splits, trials: n } = blocks;
  // per block, one array over the trials of each of n_b, Σr = n_b·mean_b and Σr² = M2_b + n_b·mean_b²: a union of
  // blocks adds them (for returns, whose mean is far below their spread, Σr² − (Σr)²/n loses nothing that matters);
  // equal blocks give equal sums, and blocks of zero returns exact zeros
  const blockN: Float64Array[] = [], block1: Float64Array[] = [], block2: Float64Array[] = [];
  for (let b = 0; b < splits; b++) {
    const bN = new Float64Array(n), b1 = new Float64Array(n), b2 = new Float64Array(n);
    for (let t = 0; t < n; t++) {
      const k = t * splits + b, nb = blocks.count[k]!;
      if (nb === 0) continue;
      const mean = blocks.mean[k]!;
      bN[t] = nb;
      b1[t] = nb * mean;
      b2[t] = blocks.m2[k]! + nb * mean * mean;
    }
    blockN.push(bN);
    block1.push(b1);
    block2.push(b2);
  }
  const half = splits / 2;
  const combinations = binomial(splits, half);
  const logits = new Float64Array(combinations);
  // the complement of the k-th set of S/2 blocks in lexicographic order is the (C − 1 − k)-th: walking k up from 0
  // and C − 1 − k down from C − 1 together, each set's sums are both the in-sample sums of one split and the
  // out-of-sample sums of its mirror, so every sum is added up once, by the same additions for equal blocks
  const up = sumsWalker(half, n, blockN, block1, block2, false);
  const down = sumsWalker(half, n, blockN, block1, block2, true);
  const upMetric = new Float64Array(n), downMetric = new Float64Array(n);
  let overfit = 0;
  for (let c = 0; c < combinations / 2; c++) {
    metricOf(metric, up.sums(), upMetric);
    metricOf(metric, down.sums(), downMetric);
    const mirror = combinations - 1 - c;
    logits[c] = logitOf(upMetric, downMetric);
    logits[mirror] = logitOf(downMetric, upMetric);
    if (logits[c]! <= 0) overfit++;
    if (logits[mirror]! <= 0) overfit++;
    up.next(splits);
    down.next(splits);
  }
  return { pbo: overfit / combinations, combinations, logits, logitSummary: summarize(logits) };
}

/**
 * Walks the sets of `half` blocks in lexicographic order (or its reverse),
 * keeping their running sums over the trials per depth: consecutive sets
 * share a prefix, so only the depths from the first changed position are
 * added again (the same additions, in the same order, as from scratch).
 */
function sumsWalker(
  half: number,
  n: number,
  blockN: Float64Array[],
  block1: Float64Array[],
  block2: Float64Array[],
  reverse: boolean,
): { sums(): [Float64Array, Float64Array, Float64Array]; next(size: number): void } {
  const splits = blockN.length;
  const chosen = Int32Array.from({ length: half }, (_, i) => (reverse ? splits - half + i : i));
  const prefN = Array.from({ length: half }, () => new Float64Array(n));
  const pref1 = Array.from({ length: half }, () => new Float64Array(n));
  const pref2 = Array.from({ length: half }, () => new Float64Array(n));
  let changed = 0;
  return {
    sums() {
      for (let d = changed; d < half; d++) {
        const b = chosen[d]!;
        const bN = blockN[b]!, b1 = block1[b]!, b2 = block2[b]!;
        const pN = prefN[d]!, p1 = pref1[d]!, p2 = pref2[d]!;
        if (d === 0) {
          pN.set(bN);
          p1.set(b1);
          p2.set(b2);
          continue;
        }
        const qN = prefN[d - 1]!, q1 = pref1[d - 1]!, q2 = pref2[d - 1]!;
        for (let t = 0; t < n; t++) {
          pN[t] = qN[t]! + bN[t]!;
          p1[t] = q1[t]! + b1[t]!;
          p2[t] = q2[t]! + b2[t]!;
        }
      }
      changed = half;
      return [prefN[half - 1]!, pref1[half - 1]!, pref2[half - 1]!];
    },
    next(size: number) {
      changed = reverse ? previousCombination(chosen, size) : nextCombination(chosen, size);
    },
  };
}

/**
 * Each trial's metric over a union of blocks from its sums: the mean `Σr / n`,
 * or for the Sharpe ratio `SR·|SR| = mean·|mean|·(n − 1) / M2` with
 * `M2 = Σr² − (Σr)² / n` (clamped at 0): strictly increasing in
 * `SR = mean / √(M2 / (n − 1))`, so it ranks the same, without a square root.
 * NaN below 2 returns (1 for the mean) and for a zero mean over zero spread.
 */
function metricOf(
  metric: OverfittingMetric,
  [sN, s1, s2]: [Float64Array, Float64Array, Float64Array],
  out: Float64Array,
): void {
  if (metric === "mean") {
    for (let t = 0; t < out.length; t++) out[t] = sN[t]! > 0 ? s1[t]! / sN[t]! : NaN;
    return;
  }
  for (let t = 0; t < out.length; t++) {
    const cnt = sN[t]!, sum = s1[t]!;
    const mean = sum / cnt, m2 = s2[t]! - (sum * sum) / cnt;
    out[t] = cnt < 2 ? NaN : (mean * Math.abs(mean) * (cnt - 1)) / (m2 > 0 ? m2 : 0);
  }
}

/**
 * λ of one split: the in-sample best (largest, NaN last, ties to the lower
 * index), its out-of-sample rank ω among the N trials (1 = worst: it ranks
 * above the trials with a smaller metric, or an equal one and a higher index,
 * and every NaN), and `ln(ω̄ / (1 − ω̄))` with `ω̄ = ω / (N + 1)`.
 */
function logitOf(inSample: Float64Array, outOfSample: Float64Array): number {
  const n = inSample.length;
  let best = -1, bestValue = NaN;
  for (let t = 0; t < n; t++) {
    const v = inSample[t]!;
    if (v > bestValue || (best < 0 && v === v)) (best = t, bestValue = v);
  }
  if (best < 0) best = 0; // every metric NaN: the lowest index
  const x = outOfSample[best]!;
  let rank = 1;
  if (x === x) {
    for (let t = 0; t < n; t++) {
      const y = outOfSample[t]!;
      if (y !== y || x > y || (x === y && best < t)) rank++;
    }
  } else {
    for (let t = best + 1; t < n; t++) if (outOfSample[t]! !== outOfSample[t]!) rank++;
  }
  const w = rank / (n + 1);
  return Math.log(w / (1 - w));
}

/**
 * Moves `chosen` back to the previous combination in lexicographic order and
 * returns the first position that changed (0 before the first, which it
 * leaves as is).
 */
function previousCombination(chosen: Int32Array, size: number): number {
  const k = chosen.length;
  let i = k - 1;
  while (i >= 0 && chosen[i]! <= (i === 0 ? 0 : chosen[i - 1]! + 1)) i--;
  if (i < 0) return 0;
  chosen[i]!--;
  for (let j = i + 1; j < k; j++) chosen[j] = size - k + j;
  return i;
}

/**
 * Advances `chosen` (k sorted indices below `size`) to the next combination
 * in lexicographic order and returns the first position that changed (0
 * after the last combination, which it leaves as is).
 */
function nextCombination(chosen: Int32Array, size: number): number {
  const k = chosen.length;
  let i = k - 1;
  while (i >= 0 && chosen[i] === size - k + i) i--;
  if (i < 0) return 0;
  chosen[i]!++;
  for (let j = i + 1; j < k; j++) chosen[j] = chosen[j - 1]! + 1;
  return i;
}

function binomial(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return Math.round(c);
}

function summarize(xs: Float64Array): Overfitting["logitSummary"] {
  const sorted = Float64Array.from(xs).sort();
  const at = (q: number) => {
    const pos = q * (sorted.length - 1), lo = Math.floor(pos), hi = Math.ceil(pos);
    return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
  };
  let sum = 0;
  for (const x of xs) sum += x;
  return {
    mean: sum / xs.length,
    min: sorted[0]!,
    q25: at(0.25),
    median: at(0.5),
    q75: at(0.75),
    max: sorted[sorted.length - 1]!,
  };
}

function checkFinite(field: string, x: number): void {
  if (!Number.isFinite(x)) {
    throw new ConfigError(`Invalid Sharpe ratio input ${field}: expected a finite number, found ${x}`);
  }
}

function checkMoments(observations: number, skew: number, kurtosis: number): void {
  if (!Number.isInteger(observations) || observations < 2) {
    throw new ConfigError(`Invalid Sharpe ratio input observations: expected an integer ≥ 2, found ${observations}`);
  }
  checkFinite("skew", skew);
  checkFinite("kurtosis", kurtosis);
  // Pearson's inequality: raw kurtosis ≥ 1 + skew² for every distribution
  if (kurtosis < 1 + skew * skew - 1e-12) {
    throw new ConfigError(
      `Invalid Sharpe ratio input kurtosis: expected raw kurtosis ≥ 1 + skew² = ${1 + skew * skew}, found ${kurtosis}` +
        " (an excess kurtosis? add 3)",
    );
  }
}
