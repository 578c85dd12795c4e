/**
 * The `overfitting` section of a study's files: the Deflated Sharpe Ratio of
 * the selected run and the Probability of Backtest Overfitting of the
 * trials it was selected from ({@linkcode ./overfitting.ts}), from the
 * return statistics each trial's worker sent back
 * ({@linkcode ./trial_returns.ts}).
 *
 * Conventions (docs/robustness.md states them with the formulas):
 * - the trials are the completed runs of the sweep (of a walk-forward
 *   window's training sweep); failed runs are not trials;
 * - N is their count; V[SR] the population variance (divisor N) of the
 *   per-period Sharpe ratios of those with a defined Sharpe ratio (a run
 *   that never trades has none);
 * - the selected run is the best by the objective; its per-period Sharpe,
 *   skew, raw kurtosis and number of returns enter the DSR, whatever the
 *   objective;
 * - PBO ranks the trials by the per-period Sharpe ratio of the union of the
 *   in-sample (out-of-sample) blocks.
 *
 * @module
 */
import { ConfigError } from "../errors.ts";
import { DEFAULT_PARTITIONS, type OverfittingConfig } from "./config.ts";
import {
  BlockStatistics,
  deflatedSharpeRatio,
  probabilisticSharpeRatio,
  probabilityOfBacktestOverfittingFromBlocks,
} from "./overfitting.ts";
import { blockOf, returnMoments, statisticsSplits } from "./trial_returns.ts";

/** The `overfitting` section of a study's files. */
export interface SelectionBiasReport {
  /** S, the CSCV partitions. */
  readonly partitions: number;
  /** N, the trials (completed runs). */
  readonly trials: number;
  /** Trials with a defined per-period Sharpe ratio (those V[SR] is taken over). */
  readonly trialsWithSharpe: number;
  /** V[SR]: population variance of the trials' per-period Sharpe ratios. */
  readonly sharpeVariance: number;
  /** The selected (best) run's index in the plan. */
  readonly selectedRun: number;
  /** Its per-period Sharpe ratio (not annualised). */
  readonly sharpe: number;
  /** Its number of returns, T. */
  readonly observations: number;
  /** Its skewness. */
  readonly skew: number;
  /** Its raw kurtosis (3 for normal returns). */
  readonly kurtosis: number;
  /** SR0: the expected maximum per-period Sharpe of N trials without skill. */
  readonly expectedMaxSharpe: number;
  /** PSR against zero: probability that the selected run's true Sharpe is positive. */
  readonly psr: number;
  /** DSR = PSR against SR0. */
  readonly dsr: number;
  /** The probability of backtest overfitting, or null with fewer than 2 trials. */
  readonly pbo: number | null;
  /** C(S, S/2), the splits evaluated. */
  readonly combinations: number;
  /** Summary of the splits' logits λ. */
  readonly logits: { mean: number; min: number; q25: number; median: number; q75: number; max: number } | null;
}

/** Why a study has no `overfitting` numbers. */
export interface SelectionBiasSkipped {
  readonly skipped: string;
}

/**
 * The trials' return statistics, gathered as results arrive (in any order:
 * each lands at its trial's index), and the selection-bias statistics of
 * one selected trial at the end. Memory: 5 + 3·S numbers per trial.
 *
 * @example Three trials of normal-looking returns, the first selected
 * ```ts
 * import assert from "node:assert/strict";
 * import { SelectionBias } from "./selection_bias.ts";
 * import { returnStatistics } from "./trial_returns.ts";
 * const bias = new SelectionBias(3, 2);
 * bias.add(0, returnStatistics(Float64Array.of(0.02, 0.01, 0.03, 0.00), 2));
 * bias.add(1, returnStatistics(Float64Array.of(0.01, -0.01, 0.02, 0.00), 2));
 * bias.add(2, returnStatistics(Float64Array.of(-0.01, 0.01, 0.00, 0.01), 2));
 * const r = bias.report(0);
 * assert.ok("dsr" in r && r.trials === 3 && r.combinations === 2 && r.dsr <= r.psr);
 * ```
 */
export class SelectionBias {
  readonly #splits: number;
  readonly #stats: (Float64Array | undefined)[];

  /** Room for `size` trials, cut into `splits` CSCV blocks. */
  constructor(size: number, splits: number) {
    this.#splits = splits;
    this.#stats = new Array(size).fill(undefined);
  }

  /** Record trial `index`'s statistics ({@linkcode returnStatistics} with this many splits). */
  add(index: number, stats: Float64Array): void {
    if (statisticsSplits(stats) !== this.#splits) {
      throw new RangeError(`SelectionBias: trial ${index} has ${statisticsSplits(stats)} blocks, not ${this.#splits}`);
    }
    this.#stats[index] = stats;
  }

  /** Trials recorded. */
  get trials(): number {
    let n = 0;
    for (const s of this.#stats) if (s !== undefined) n++;
    return n;
  }

  /**
   * The `overfitting` section for the selected trial (the best by the
   * objective), or why there is none: no trial recorded, the selected one's
   * Sharpe ratio undefined. PBO is null with fewer than 2 trials.
   */
  report(selected: number): SelectionBiasReport | SelectionBiasSkipped {
    const present: number[] = [];
    this.#stats.forEach((s, i) => s !== undefined && present.push(i));
    const own = this.#stats[selected];
    if (own === undefined) return { skipped: "the selected run has no return statistics" };
    const m = returnMoments(own);
    if (!Number.isFinite(m.sharpe) || m.observations < 2) {
      return { skipped: "the selected run's Sharpe ratio is undefined (fewer than 2 returns, or no volatility)" };
    }
    // population variance of the defined per-period Sharpe ratios (two passes)
    let k = 0, sum = 0;
    const sharpes: number[] = [];
    for (const i of present) {
      const sr = returnMoments(this.#stats[i]!).sharpe;
      if (Number.isFinite(sr)) (sharpes.push(sr), sum += sr, k++);
    }
    const mean = sum / k;
    let ss = 0;
    for (const sr of sharpes) ss += (sr - mean) * (sr - mean);
    const sharpeVariance = ss / k;
    const moments = { sharpe: m.sharpe, observations: m.observations, skew: m.skew, kurtosis: m.kurtosis };
    const psr = probabilisticSharpeRatio({ ...moments, benchmark: 0 });
    const { dsr, expectedMaxSharpe } = deflatedSharpeRatio({ ...moments, trials: present.length, sharpeVariance });
    let pbo: number | null = null, combinations = 0;
    let logits: SelectionBiasReport["logits"] = null;
    if (present.length >= 2) {
      const blocks = new BlockStatistics(present.length, this.#splits);
      present.forEach((i, t) => {
        for (let b = 0; b < this.#splits; b++) blocks.setBlock(t, b, ...blockOf(this.#stats[i]!, b));
      });
      const o = probabilityOfBacktestOverfittingFromBlocks(blocks);
      pbo = o.pbo;
      combinations = o.combinations;
      logits = { ...o.logitSummary };
    }
    return {
      partitions: this.#splits,
      trials: present.length,
      trialsWithSharpe: k,
      sharpeVariance,
      selectedRun: selected,
      ...moments,
      expectedMaxSharpe,
      psr,
      dsr,
      pbo,
      combinations,
      logits,
    };
  }
}

/**
 * Whether a study of `trials` runs over `bars` bars can have its selection
 * bias measured with the configured partitions (16 when
 * `optimize.overfitting` is absent): null when it can; otherwise, when the
 * section is written, a ConfigError naming the field, the limit and what was
 * found, and when it is not, the reason it is skipped.
 *
 * @throws {ConfigError} when `optimize.overfitting` is written and the study is too small for it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { overfittingSkip } from "./selection_bias.ts";
 * assert.equal(overfittingSkip(undefined, { trials: 10, bars: 500, file: "c.ts" }), null);
 * assert.match(overfittingSkip(undefined, { trials: 1, bars: 500, file: "c.ts" })!, /at least 2 runs/);
 * assert.throws(
 *   () => overfittingSkip({ partitions: 16 }, { trials: 10, bars: 12, file: "c.ts" }),
 *   /optimize\.overfitting\.partitions.*at least 16 bars.*has 12/,
 * );
 * ```
 */
export function overfittingSkip(
  config: OverfittingConfig | undefined,
  study: { readonly trials: number; readonly bars: number; readonly file: string; readonly what?: string },
): string | null {
  const partitions = config?.partitions ?? DEFAULT_PARTITIONS;
  const what = study.what ?? "the data";
  let problem: { field: string; text: string; fix: string } | null = null;
  if (study.trials < 2) {
    problem = {
      field: "optimize.overfitting",
      text:
        `the Probability of Backtest Overfitting needs at least 2 runs to select from, the sweep has ${study.trials}`,
      fix: "add values to optimize.params or remove optimize.overfitting",
    };
  } else if (study.bars < partitions) {
    problem = {
      field: "optimize.overfitting.partitions",
      text: `${partitions} partitions need at least ${partitions} bars per run, ${what} has ${study.bars}`,
      fix: "lower optimize.overfitting.partitions (even, ≥ 2) or remove the section",
    };
  }
  if (problem === null) return null;
  if (config !== undefined) {
    throw new ConfigError(
      `Invalid ${problem.field} in "${study.file}": ${problem.text}; ${problem.fix}`,
    );
  }
  return problem.text;
}
