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
 * Sharpe of constant returns) ranks below every number.
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

  // per trial and block: mean and sum of squared deviations, combined per split (Chan et al., 1979)
  const blockMean = new Float64Array(n * splits);
  const blockM2 = new Float64Array(n * splits);
  for (let t = 0; t < n; t++) {
    const col = returns[t]!;
    for (let b = 0; b < splits; b++) {
      const from = b * blockRows, to = from + blockRows;
      let sum = 0;
      for (let r = from; r < to; r++) sum += col[r]!;
      const mean = sum / blockRows;
      let m2 = 0;
      for (let r = from; r < to; r++) m2 += (col[r]! - mean) ** 2;
      blockMean[t * splits + b] = mean;
      blockM2[t * splits + b] = m2;
    }
  }

  const half = splits / 2;
  const combinations = binomial(splits, half);
  const logits = new Float64Array(combinations);
  const inSample = new Uint8Array(splits);
  const chosen = Int32Array.from({ length: half }, (_, i) => i);
  const isMetric = new Float64Array(n), oosMetric = new Float64Array(n);
  let overfit = 0;
  for (let c = 0; c < combinations; c++) {
    inSample.fill(0);
    for (const b of chosen) inSample[b] = 1;
    for (let t = 0; t < n; t++) {
      isMetric[t] = measure(metric, blockMean, blockM2, t * splits, splits, blockRows, inSample, 1);
      oosMetric[t] = measure(metric, blockMean, blockM2, t * splits, splits, blockRows, inSample, 0);
    }
    let best = 0;
    for (let t = 1; t < n; t++) if (ranksAbove(isMetric[t]!, t, isMetric[best]!, best)) best = t;
    let rank = 1; // 1 = worst out-of-sample
    for (let t = 0; t < n; t++) if (t !== best && ranksAbove(oosMetric[best]!, best, oosMetric[t]!, t)) rank++;
    const w = rank / (n + 1);
    const lambda = Math.log(w / (1 - w));
    logits[c] = lambda;
    if (lambda <= 0) overfit++;
    nextCombination(chosen, splits);
  }
  return {
    pbo: overfit / combinations,
    combinations,
    blockRows,
    droppedRows: rows - blockRows * splits,
    logits,
    logitSummary: summarize(logits),
  };
}

/** Whether trial `a` with metric `x` ranks above trial `b` with metric `y`: larger first, NaN last, ties to the lower index. */
function ranksAbove(x: number, a: number, y: number, b: number): boolean {
  if (Number.isNaN(x)) return Number.isNaN(y) && a < b;
  if (Number.isNaN(y)) return true;
  return x > y || (x === y && a < b);
}

/** The metric over the blocks whose flag equals `side`, merging block means and M2 (Chan, Golub and LeVeque, 1979). */
function measure(
  metric: OverfittingMetric,
  blockMean: Float64Array,
  blockM2: Float64Array,
  offset: number,
  splits: number,
  blockRows: number,
  inSample: Uint8Array,
  side: number,
): number {
  let count = 0, mean = 0, m2 = 0;
  for (let b = 0; b < splits; b++) {
    if (inSample[b] !== side) continue;
    const bm = blockMean[offset + b]!;
    const total = count + blockRows;
    const delta = bm - mean;
    mean += (delta * blockRows) / total;
    m2 += blockM2[offset + b]! + (delta * delta * count * blockRows) / total;
    count = total;
  }
  if (metric === "mean") return mean;
  return count < 2 ? NaN : mean / Math.sqrt(m2 / (count - 1));
}

/** Advances `chosen` (k sorted indices below `size`) to the next combination in lexicographic order; wraps after the last. */
function nextCombination(chosen: Int32Array, size: number): void {
  const k = chosen.length;
  let i = k - 1;
  while (i >= 0 && chosen[i] === size - k + i) i--;
  if (i < 0) return;
  chosen[i]!++;
  for (let j = i + 1; j < k; j++) chosen[j] = chosen[j - 1]! + 1;
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
