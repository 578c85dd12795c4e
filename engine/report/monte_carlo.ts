/**
 * Monte Carlo resampling of a run: how wide is the range of outcomes the same
 * edge could have produced? Two bootstraps, both seeded and both independent
 * of how the paths are split across workers:
 *
 * - **returns**: the moving-block bootstrap of the period returns (Künsch,
 *   1989), which keeps the serial dependence (volatility clusters, trends)
 *   within each block;
 * - **trades**: the bootstrap of the closed trades' returns, drawn with
 *   replacement (Efron, 1979), compounded in the drawn order.
 *
 * For each path: final return, CAGR, max drawdown and Sharpe, with the same
 * kernels and conventions as the run's own headline metrics
 * ({@linkcode cagr}, {@linkcode sharpe}, {@linkcode maxDrawdown}); then their
 * distributions, the probability of ruin and an equity fan. See
 * `docs/robustness.md` for the formulas and their sources.
 *
 * @example Two bootstraps of a short daily run
 * ```ts
 * import assert from "node:assert/strict";
 * import { monteCarlo } from "./monte_carlo.ts";
 * const returns = Float64Array.from({ length: 252 }, (_, i) => 0.001 + 0.01 * Math.sin(i * 1.7));
 * const mc = monteCarlo(
 *   { returns, tradeReturns: Float64Array.of(0.05, -0.02, 0.03), initial: 10_000, periodsPerYear: 252 },
 *   { paths: 1000, blockLength: 5, ruinDrawdown: 0.5, confidence: 0.9, seed: 7 },
 * );
 * assert.ok(mc.returns.finalReturn.lower < mc.returns.finalReturn.median);
 * assert.ok(mc.returns.finalReturn.median < mc.returns.finalReturn.upper);
 * assert.equal(mc.returns.probabilityOfRuin, 0);
 * assert.equal(mc.trades!.fan.step.length, 3); // one step per trade
 * ```
 *
 * @module
 */
import { ConfigError } from "../errors.ts";
import { counterUniforms, hashString32 } from "../random.ts";
import { select } from "./metrics/select.ts";
import type { MonteCarloConfig } from "./analysis_config.ts";
import { cagr } from "./metrics/cagr.ts";
import { maxDrawdown } from "./metrics/max_drawdown.ts";
import { sharpe } from "./metrics/sharpe.ts";

/**
 * Summary of one statistic across the resampled paths. Percentiles are
 * numpy's default (`method="linear"`) over the paths whose value is not NaN;
 * every field is NaN when no path has a value.
 *
 * @example
 * ```ts
 * import type { Distribution } from "./monte_carlo.ts";
 * const width = (d: Distribution) => d.upper - d.lower;
 * console.log(typeof width);
 * ```
 */
export interface Distribution {
  /** Arithmetic mean across paths (infinite, or NaN, when paths are: a zero-volatility path's Sharpe). */
  mean: number;
  /** 50th percentile. */
  median: number;
  /** Lower end of the confidence interval: the `100·(1 − confidence)/2` percentile. */
  lower: number;
  /** Upper end of the confidence interval: the `100·(1 + confidence)/2` percentile. */
  upper: number;
  /** 5th percentile. */
  p5: number;
  /** 25th percentile. */
  p25: number;
  /** 75th percentile. */
  p75: number;
  /** 95th percentile. */
  p95: number;
  /** Smallest value. */
  min: number;
  /** Largest value. */
  max: number;
}

/**
 * Equity quantiles across paths at up to {@linkcode FAN_MAX_STEPS} steps of
 * the resampled histories, for the Monte Carlo fan chart.
 *
 * @example
 * ```ts
 * import type { MonteCarloFan } from "./monte_carlo.ts";
 * const lastMedian = (f: MonteCarloFan) => f.p50[f.p50.length - 1];
 * console.log(typeof lastMedian);
 * ```
 */
export interface MonteCarloFan {
  /**
   * Which point of the history each column is, ascending, first and last
   * included: for the returns bootstrap an index into the run's equity curve
   * (and its timestamps), i.e. the equity after `step + 1` resampled
   * returns; for the trade bootstrap the equity after `step + 1` trades. The
   * initial capital (before step 0) is the same on every path.
   */
  step: Float64Array;
  /** 5th percentile of equity across paths at each step. */
  p5: Float64Array;
  /** 25th percentile. */
  p25: Float64Array;
  /** Median. */
  p50: Float64Array;
  /** 75th percentile. */
  p75: Float64Array;
  /** 95th percentile. */
  p95: Float64Array;
}

/**
 * The distributions of one resampling method.
 *
 * @example
 * ```ts
 * import type { MonteCarloMethodResult } from "./monte_carlo.ts";
 * const worstCase = (m: MonteCarloMethodResult) => m.maxDrawdown.lower;
 * console.log(typeof worstCase);
 * ```
 */
export interface MonteCarloMethodResult {
  /** Final equity / initial − 1 of each path. */
  finalReturn: Distribution;
  /** {@linkcode cagr} of each path over the run's length in years. */
  cagr: Distribution;
  /** {@linkcode maxDrawdown} of each path, a fraction ≤ 0 (empyrical's sign), the initial capital as first peak. */
  maxDrawdown: Distribution;
  /** {@linkcode sharpe} of each path (annualised; ±Infinity for a zero-volatility path). */
  sharpe: Distribution;
  /** Fraction of paths whose max drawdown reaches `−ruinDrawdown`. */
  probabilityOfRuin: number;
  /** Equity quantiles over time. */
  fan: MonteCarloFan;
}

/**
 * Result of {@linkcode monteCarlo}: the settings it ran with, then one
 * {@linkcode MonteCarloMethodResult} per bootstrap.
 *
 * @example
 * ```ts
 * import type { MonteCarloResult } from "./monte_carlo.ts";
 * const ruin = (r: MonteCarloResult) => [r.returns.probabilityOfRuin, r.trades?.probabilityOfRuin];
 * console.log(typeof ruin);
 * ```
 */
export interface MonteCarloResult {
  /** Number of resampled paths of each method. */
  paths: number;
  /** Block length of the returns bootstrap. */
  blockLength: number;
  /** Seed of the draws. */
  seed: number;
  /** Two-sided level of `lower`/`upper`. */
  confidence: number;
  /** Drawdown (a positive fraction) that counts as ruin. */
  ruinDrawdown: number;
  /** Moving-block bootstrap of the period returns. */
  returns: MonteCarloMethodResult;
  /** Bootstrap of the trades (with replacement); absent with fewer than 2 trades. */
  trades?: MonteCarloMethodResult;
}

/**
 * What {@linkcode monteCarlo} resamples.
 *
 * @example
 * ```ts
 * import type { MonteCarloInput } from "./monte_carlo.ts";
 * const input: MonteCarloInput = { returns: Float64Array.of(0.01, -0.02), initial: 1000, periodsPerYear: 252 };
 * console.log(input.returns.length);
 * ```
 */
export interface MonteCarloInput {
  /**
   * Period simple returns of the equity curve, one per bar with the first
   * against the initial capital (`simpleReturns(equity, initial)`). NaN
   * returns are flat periods for equity and CAGR and skipped by Sharpe, as in
   * the headline metrics.
   */
  returns: Float64Array;
  /** Each closed trade's P&L as a fraction of equity at its entry, in exit order. */
  tradeReturns?: Float64Array;
  /** Initial capital: positive and finite. */
  initial: number;
  /** Periods per year of `returns` (NaN makes CAGR and Sharpe NaN, as in the headline metrics). */
  periodsPerYear: number;
  /** Annual risk-free rate of the Sharpe ratio (default 0). */
  riskFree?: number;
}

/**
 * The Monte Carlo settings with the seed resolved (the config's `seed` when
 * `analysis.monteCarlo.seed` is not given).
 *
 * @example
 * ```ts
 * import type { MonteCarloSettings } from "./monte_carlo.ts";
 * const s: MonteCarloSettings = { paths: 100, blockLength: 5, ruinDrawdown: 0.5, confidence: 0.9, seed: 1 };
 * console.log(s.seed);
 * ```
 */
export type MonteCarloSettings = MonteCarloConfig & { seed: number };

/** Most columns of a fan. */
export const FAN_MAX_STEPS = 500;

/**
 * Most paths a fan is computed from: the first 10,000 paths (by path index),
 * so that its memory stays at most 40 MB per method whatever `paths` is.
 */
export const FAN_MAX_PATHS = 10_000;

/** Paths whose fan rows are transposed together (64 × 500 values: 256 KB). */
const FAN_BATCH = 64;

/** Drawdowns within this much of `−ruinDrawdown` count as reaching it (float round-off of equity ratios). */
const RUIN_TOLERANCE = 1e-12;

/** Stream ids of the two bootstraps in {@linkcode counterUniform}. */
const RETURNS_STREAM = hashString32("monteCarlo.returns");
const TRADES_STREAM = hashString32("monteCarlo.trades");

/**
 * Why `cfg` cannot resample `nReturns` period returns, as a message naming the
 * field, the limit and what was found; undefined when it can. The caller
 * raises it as a {@linkcode ConfigError} (with the config file's name);
 * {@linkcode monteCarlo} throws the same message itself.
 *
 * @example A block longer than the series
 * ```ts
 * import assert from "node:assert/strict";
 * import { monteCarloProblem } from "./monte_carlo.ts";
 * const cfg = { paths: 100, blockLength: 30, ruinDrawdown: 0.5, confidence: 0.9 };
 * assert.equal(
 *   monteCarloProblem(cfg, 20),
 *   "analysis.monteCarlo.blockLength: expected at most the run's 20 period returns, found 30",
 * );
 * assert.equal(monteCarloProblem(cfg, 30), undefined);
 * ```
 */
export function monteCarloProblem(cfg: MonteCarloConfig, nReturns: number): string | undefined {
  if (nReturns < 1) return `analysis.monteCarlo: expected a run with at least 1 period return, found ${nReturns}`;
  if (cfg.blockLength > nReturns) {
    return `analysis.monteCarlo.blockLength: expected at most the run's ${nReturns} period returns, found ${cfg.blockLength}`;
  }
  return undefined;
}

/**
 * The trade returns {@linkcode MonteCarloInput} expects: each closed trade's
 * net P&L divided by the account's equity just before its entry (the equity
 * at the close of the last bar strictly before `entryTimeMs`, or `initial`
 * when the trade entered at or before the first bar), in exit order (stable
 * for equal exit times). A trade whose base equity is not positive gives NaN
 * (a flat step of the bootstrap).
 *
 * @example Two trades on a three-bar run
 * ```ts
 * import assert from "node:assert/strict";
 * import { tradeReturnsOf } from "./monte_carlo.ts";
 * const day = 86_400_000;
 * const r = tradeReturnsOf({
 *   trades: [
 *     { pnl: -50, entryTimeMs: day, exitTimeMs: 2 * day }, // entered after bar 0 closed at 1100
 *     { pnl: 100, entryTimeMs: 0, exitTimeMs: day }, // entered at the first bar: against the initial 1000
 *   ],
 *   tsMs: Float64Array.of(0, day, 2 * day),
 *   equity: Float64Array.of(1100, 1000, 1050),
 *   initial: 1000,
 * });
 * assert.deepEqual([...r], [0.1, -50 / 1100]); // exit order
 * ```
 */
export function tradeReturnsOf(input: {
  trades: readonly { readonly pnl: number; readonly entryTimeMs: number; readonly exitTimeMs: number }[];
  tsMs: Float64Array;
  equity: Float64Array;
  initial: number;
}): Float64Array {
  const { trades, tsMs, equity, initial } = input;
  const order = trades.map((_, i) => i).sort((a, b) => trades[a]!.exitTimeMs - trades[b]!.exitTimeMs || a - b);
  const out = new Float64Array(trades.length);
  for (let j = 0; j < order.length; j++) {
    const t = trades[order[j]!]!;
    // the last bar with tsMs < entryTimeMs (binary search; −1: none)
    let lo = 0, hi = tsMs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (tsMs[mid]! < t.entryTimeMs) lo = mid + 1;
      else hi = mid;
    }
    const base = lo === 0 ? initial : equity[lo - 1]!;
    out[j] = base > 0 && base < Infinity ? t.pnl / base : NaN;
  }
  return out;
}

/**
 * Per-path statistics of one bootstrap over a range of paths (a part of
 * {@linkcode MonteCarloChunk}). Plain typed arrays, so a chunk can travel
 * from a worker by structured clone.
 *
 * @example
 * ```ts
 * import type { MonteCarloPathStats } from "./monte_carlo.ts";
 * const firstPathSharpe = (s: MonteCarloPathStats) => s.sharpe[0];
 * console.log(typeof firstPathSharpe);
 * ```
 */
export interface MonteCarloPathStats {
  /** Final return of each path of the range, in path order. */
  finalReturn: Float64Array;
  /** CAGR of each path. */
  cagr: Float64Array;
  /** Max drawdown of each path. */
  maxDrawdown: Float64Array;
  /** Sharpe ratio of each path. */
  sharpe: Float64Array;
  /** The fan's steps (see {@linkcode MonteCarloFan}). */
  fanStep: Float64Array;
  /** How many of the range's paths feed the fan (those with index < {@linkcode FAN_MAX_PATHS}). */
  fanPaths: number;
  /** Equity of those paths at each step, step-major: `fanEquity[s · fanPaths + p]`. */
  fanEquity: Float64Array;
}

/**
 * The paths `[from, to)` of a Monte Carlo run, as returned by
 * {@linkcode monteCarloPaths} and combined by {@linkcode mergeMonteCarlo}.
 *
 * @example
 * ```ts
 * import type { MonteCarloChunk } from "./monte_carlo.ts";
 * const size = (c: MonteCarloChunk) => c.to - c.from;
 * console.log(typeof size);
 * ```
 */
export interface MonteCarloChunk {
  /** First path index. */
  from: number;
  /** One past the last path index. */
  to: number;
  /** Returns bootstrap. */
  returns: MonteCarloPathStats;
  /** Trade bootstrap; absent with fewer than 2 trades. */
  trades?: MonteCarloPathStats;
}

/**
 * Resample a run: {@linkcode monteCarloPaths} over every path, then
 * {@linkcode mergeMonteCarlo}. Each path is a pure function of the inputs,
 * the seed and the path's index, so the result is the same bytes whatever
 * the split of paths across workers.
 *
 * **Returns bootstrap** — the moving-block bootstrap (Künsch, 1989, "The
 * jackknife and the bootstrap for general stationary observations", Ann.
 * Statist. 17(3); Lahiri, 2003, *Resampling Methods for Dependent Data*,
 * ch. 2): of the `n − b + 1` overlapping blocks of `b = blockLength`
 * consecutive returns, `⌈n/b⌉` are drawn uniformly with replacement and laid
 * end to end; the last is truncated so the path has exactly `n` returns.
 * Not the stationary bootstrap (Politis and Romano, 1994): the blocks have a
 * fixed length and do not wrap around. `b = 1` is the plain i.i.d. bootstrap;
 * `b = n` reproduces the run on every path.
 *
 * **Trade bootstrap** — the `m` trade returns are drawn uniformly with
 * replacement (Efron, 1979, "Bootstrap methods: another look at the
 * jackknife", Ann. Statist. 7(1)), `m` per path, and compounded in the drawn
 * order: `equity_k = equity_{k−1} · (1 + t_k)`. With replacement rather than a
 * permutation: a permutation keeps the product of `(1 + t)` and therefore the
 * final return and CAGR exactly, so only the drawdown would vary; drawing
 * with replacement also asks whether the result survives a different mix of
 * the same trades. The trades are taken to be spread evenly over the run:
 * CAGR uses the run's length in years (`n / periodsPerYear`) and Sharpe
 * annualises by the trades per year (`m · periodsPerYear / n`), with the
 * risk-free rate per trade derived from that figure.
 *
 * **Per path** (either method): equity `initial · Π(1 + r)` (a NaN return is
 * flat; a return ≤ −1 wipes the path out: equity 0 from then on);
 * `finalReturn = equity_end / initial − 1`; {@linkcode cagr}, {@linkcode sharpe}
 * (with `riskFree`) and {@linkcode maxDrawdown} (initial capital as the first
 * peak) exactly as the headline metrics compute them. Ruin: a path whose max
 * drawdown is ≤ `−ruinDrawdown` (within 1e-12).
 *
 * **Draws**: the start of block `k` of path `p` is
 * `⌊u · (n − b + 1)⌋` with `u = counterUniform(seed, stream, p, k)`
 * (engine/random.ts), one stream per method.
 *
 * Throws a {@linkcode ConfigError} with {@linkcode monteCarloProblem}'s message
 * when the block is longer than the series, and a RangeError for an
 * `initial` that is not positive and finite.
 *
 * Cost: O(paths · (n + m)) time; per call, two buffers of n values, four of
 * `paths` values and a fan of up to 500 × 10,000 values per method. 10,000
 * paths of 2,520 daily returns take about 0.5 s of one core with blocks of 5,
 * 1.2 s with blocks of 1 (one draw per return), as
 * `scripts/bench_analytics.ts` prints.
 *
 * @example Every path is the run itself when the block is the whole series
 * ```ts
 * import assert from "node:assert/strict";
 * import { monteCarlo } from "./monte_carlo.ts";
 * const returns = Float64Array.of(0.1, -0.2, 0.05);
 * const mc = monteCarlo(
 *   { returns, initial: 100, periodsPerYear: 252 },
 *   { paths: 50, blockLength: 3, ruinDrawdown: 0.2, confidence: 0.9, seed: 1 },
 * );
 * const total = 1.1 * 0.8 * 1.05 - 1; // −0.076
 * assert.ok(Math.abs(mc.returns.finalReturn.lower - total) < 1e-12);
 * assert.ok(Math.abs(mc.returns.finalReturn.upper - total) < 1e-12);
 * assert.ok(Math.abs(mc.returns.maxDrawdown.median - (0.8 - 1)) < 1e-12); // 110 → 88
 * assert.equal(mc.returns.probabilityOfRuin, 1); // −20 % reaches ruinDrawdown 0.2
 * assert.equal(mc.trades, undefined); // no trades given
 * ```
 */
export function monteCarlo(input: MonteCarloInput, cfg: MonteCarloSettings): MonteCarloResult {
  return mergeMonteCarlo([monteCarloPaths(input, cfg, 0, cfg.paths)], cfg);
}

/**
 * The paths `[from, to)` of {@linkcode monteCarlo} (same methods and draws):
 * what one worker computes. Combine the chunks with
 * {@linkcode mergeMonteCarlo}; any split gives the same result.
 *
 * @example Four chunks merge to the one-call result
 * ```ts
 * import assert from "node:assert/strict";
 * import { mergeMonteCarlo, monteCarlo, monteCarloPaths } from "./monte_carlo.ts";
 * const input = { returns: Float64Array.of(0.02, -0.01, 0.03, -0.02, 0.01), initial: 100, periodsPerYear: 252 };
 * const cfg = { paths: 40, blockLength: 2, ruinDrawdown: 0.5, confidence: 0.9, seed: 3 };
 * const chunks = [0, 10, 20, 30].map((from) => monteCarloPaths(input, cfg, from, from + 10));
 * assert.deepEqual(mergeMonteCarlo(chunks, cfg), monteCarlo(input, cfg));
 * ```
 */
export function monteCarloPaths(
  input: MonteCarloInput,
  cfg: MonteCarloSettings,
  from: number,
  to: number,
): MonteCarloChunk {
  const problem = monteCarloProblem(cfg, input.returns.length);
  if (problem !== undefined) throw new ConfigError(problem);
  if (!(input.initial > 0 && input.initial < Infinity)) {
    throw new RangeError(`monteCarlo: initial must be positive and finite, found ${input.initial}`);
  }
  if (!(Number.isInteger(from) && Number.isInteger(to) && 0 <= from && from <= to && to <= cfg.paths)) {
    throw new RangeError(`monteCarloPaths: expected 0 ≤ from ≤ to ≤ ${cfg.paths}, found [${from}, ${to})`);
  }
  const n = input.returns.length;
  const riskFree = input.riskFree ?? 0;
  const returns = bootstrapPaths(
    input.returns,
    cfg.blockLength,
    RETURNS_STREAM,
    input.initial,
    input.periodsPerYear,
    riskFree,
    cfg.seed,
    from,
    to,
  );
  const trades = input.tradeReturns;
  if (trades === undefined || trades.length < 2) return { from, to, returns };
  const tradesPerYear = (trades.length * input.periodsPerYear) / n;
  return {
    from,
    to,
    returns,
    trades: bootstrapPaths(trades, 1, TRADES_STREAM, input.initial, tradesPerYear, riskFree, cfg.seed, from, to),
  };
}

/**
 * Combine the chunks of {@linkcode monteCarloPaths} (in any order; together
 * they must cover paths `0 … cfg.paths − 1` once) into the
 * {@linkcode MonteCarloResult}. The statistics are computed over the paths in
 * index order, so the result does not depend on how the paths were split.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { mergeMonteCarlo, monteCarloPaths } from "./monte_carlo.ts";
 * const input = { returns: Float64Array.of(0.01, 0.02, -0.03), initial: 100, periodsPerYear: 252 };
 * const cfg = { paths: 20, blockLength: 1, ruinDrawdown: 0.5, confidence: 0.8, seed: 9 };
 * const r = mergeMonteCarlo([monteCarloPaths(input, cfg, 10, 20), monteCarloPaths(input, cfg, 0, 10)], cfg);
 * assert.equal(r.paths, 20);
 * assert.ok(r.returns.cagr.p5 <= r.returns.cagr.lower); // the 10th percentile
 * ```
 */
export function mergeMonteCarlo(chunks: readonly MonteCarloChunk[], cfg: MonteCarloSettings): MonteCarloResult {
  const sorted = [...chunks].sort((a, b) => a.from - b.from || a.to - b.to);
  let next = 0;
  for (const c of sorted) {
    if (c.from !== next) break;
    next = c.to;
  }
  if (next !== cfg.paths || sorted.some((c, i) => i > 0 && c.from !== sorted[i - 1]!.to)) {
    const ranges = sorted.map((c) => `[${c.from}, ${c.to})`).join(", ");
    throw new RangeError(`mergeMonteCarlo: the chunks must cover paths [0, ${cfg.paths}) once, found ${ranges}`);
  }
  const returns = mergeMethod(sorted.map((c) => c.returns), cfg);
  const tradeParts = sorted.map((c) => c.trades);
  const result: MonteCarloResult = {
    paths: cfg.paths,
    blockLength: cfg.blockLength,
    seed: cfg.seed,
    confidence: cfg.confidence,
    ruinDrawdown: cfg.ruinDrawdown,
    returns,
  };
  if (tradeParts.every((t): t is MonteCarloPathStats => t !== undefined)) {
    result.trades = mergeMethod(tradeParts, cfg);
  }
  return result;
}

/** The fan's columns for a history of `len` points: all of them up to 500, else 500 evenly spaced, first and last included. */
function fanSteps(len: number): Float64Array {
  const count = Math.min(len, FAN_MAX_STEPS);
  const step = new Float64Array(count);
  if (count === 1) return step;
  for (let j = 0; j < count; j++) step[j] = Math.round((j * (len - 1)) / (count - 1));
  return step;
}

/**
 * Block-bootstrap paths `[from, to)` of `src` and their statistics. The one
 * hot loop: two scratch buffers per call, nothing per path but the small
 * object {@linkcode maxDrawdown} returns.
 */
function bootstrapPaths(
  src: Float64Array,
  blockLength: number,
  stream: number,
  initial: number,
  periodsPerYear: number,
  riskFree: number,
  seed: number,
  from: number,
  to: number,
): MonteCarloPathStats {
  const n = src.length;
  const count = to - from;
  const starts = n - blockLength + 1;
  const path = new Float64Array(n);
  const equity = new Float64Array(n);
  const finalReturn = new Float64Array(count);
  const growth = new Float64Array(count);
  const drawdown = new Float64Array(count);
  const sr = new Float64Array(count);
  const fanStep = fanSteps(n);
  const steps = fanStep.length;
  const fanPaths = Math.max(0, Math.min(to, FAN_MAX_PATHS) - from);
  const fanEquity = new Float64Array(steps * fanPaths);
  // fan rows go through a small path-major batch that fits in cache, then are
  // transposed into the step-major fan a batch at a time (writing each path's
  // row straight into the fan would touch a new cache line at every step)
  const batch = new Float64Array(Math.min(FAN_BATCH, fanPaths) * steps);
  const blockStart = new Int32Array(Math.ceil(n / blockLength));
  const uniforms = new Float64Array(blockStart.length);
  for (let p = from; p < to; p++) {
    drawBlockStarts(seed, stream, p, starts, blockStart, uniforms);
    // lay ⌈n/b⌉ blocks end to end, the last truncated, compounding as they go
    let e = initial;
    for (let i = 0, k = 0; i < n; k++) {
      let s = blockStart[k]!;
      const end = Math.min(i + blockLength, n);
      while (i < end) {
        const r = src[s++]!;
        if (r === r) e = r <= -1 ? 0 : e * (1 + r);
        path[i] = r;
        equity[i++] = e;
      }
    }
    const j = p - from;
    finalReturn[j] = e / initial - 1;
    growth[j] = cagr(path, periodsPerYear);
    sr[j] = sharpe(path, periodsPerYear, riskFree);
    drawdown[j] = maxDrawdown(equity, initial).value;
    if (j < fanPaths) {
      const b = j % FAN_BATCH;
      for (let s = 0; s < steps; s++) batch[b * steps + s] = equity[fanStep[s]!]!;
      if (b === FAN_BATCH - 1 || j === fanPaths - 1) {
        const first = j - b;
        for (let s = 0; s < steps; s++) {
          const row = s * fanPaths + first;
          for (let q = 0; q <= b; q++) fanEquity[row + q] = batch[q * steps + s]!;
        }
      }
    }
  }
  return { finalReturn, cagr: growth, maxDrawdown: drawdown, sharpe: sr, fanStep, fanPaths, fanEquity };
}

/**
 * The block starts of path `p`: `out[k] = ⌊u_k · starts⌋` with
 * `u_k = counterUniform(seed, stream, p, k)`, so a path's draws depend on its
 * index only, never on the other paths.
 */
function drawBlockStarts(
  seed: number,
  stream: number,
  p: number,
  starts: number,
  out: Int32Array,
  u: Float64Array,
): void {
  counterUniforms(seed, stream, p, u);
  for (let k = 0; k < out.length; k++) {
    const s = Math.floor(u[k]! * starts);
    out[k] = s < starts ? s : starts - 1; // u·starts can round up to starts
  }
}

/** Concatenate the parts' column `key` in path order. */
function concat(parts: readonly MonteCarloPathStats[], key: "finalReturn" | "cagr" | "maxDrawdown" | "sharpe") {
  let len = 0;
  for (const p of parts) len += p[key].length;
  const out = new Float64Array(len);
  let at = 0;
  for (const p of parts) {
    out.set(p[key], at);
    at += p[key].length;
  }
  return out;
}

/** One method's distributions, ruin probability and fan from its chunks (sorted by path). */
function mergeMethod(parts: readonly MonteCarloPathStats[], cfg: MonteCarloSettings): MonteCarloMethodResult {
  const dd = concat(parts, "maxDrawdown");
  let ruined = 0;
  const ruin = -cfg.ruinDrawdown + RUIN_TOLERANCE;
  for (let i = 0; i < dd.length; i++) if (dd[i]! <= ruin) ruined++;
  return {
    finalReturn: distribution(concat(parts, "finalReturn"), cfg.confidence),
    cagr: distribution(concat(parts, "cagr"), cfg.confidence),
    maxDrawdown: distribution(dd, cfg.confidence),
    sharpe: distribution(concat(parts, "sharpe"), cfg.confidence),
    probabilityOfRuin: dd.length === 0 ? NaN : ruined / dd.length,
    fan: mergeFan(parts),
  };
}

/** The percentile levels of a confidence interval, rounded to 1e-12 so that 0.9 gives exactly 0.05 and 0.95. */
function intervalLevels(confidence: number): [number, number] {
  const round = (x: number) => Math.round(x * 1e12) / 1e12;
  return [round((1 - confidence) / 2), round((1 + confidence) / 2)];
}

/**
 * numpy's `method="linear"` percentile at level `q ∈ [0, 1]` of an ascending
 * NaN-free array: `h = (n − 1)·q`, then numpy's `_lerp` between
 * `a = x[⌊h⌋]` and `b = x[⌊h⌋ + 1]`. An exact index or equal neighbours give
 * `a`; an infinite neighbour gives that infinity (the limit), not NaN.
 */
function percentileOfSorted(x: Float64Array, q: number): number {
  const n = x.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const a = x[lo]!;
  if (lo >= n - 1) return a;
  return lerp(a, x[lo + 1]!, h - lo);
}

function lerp(a: number, b: number, t: number): number {
  if (t === 0 || a === b) return a;
  if (a === -Infinity) return b === Infinity ? NaN : -Infinity;
  if (b === Infinity) return Infinity;
  const d = b - a;
  return t >= 0.5 ? b - d * (1 - t) : a + d * t;
}

/** {@linkcode Distribution} of the non-NaN values (mean summed in path order). */
function distribution(values: Float64Array, confidence: number): Distribution {
  let n = 0;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v !== v) continue;
    n++;
    sum += v;
  }
  const sorted = new Float64Array(n);
  for (let i = 0, j = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v === v) sorted[j++] = v;
  }
  sorted.sort();
  const [lo, hi] = intervalLevels(confidence);
  return {
    mean: n === 0 ? NaN : sum / n,
    median: percentileOfSorted(sorted, 0.5),
    lower: percentileOfSorted(sorted, lo),
    upper: percentileOfSorted(sorted, hi),
    p5: percentileOfSorted(sorted, 0.05),
    p25: percentileOfSorted(sorted, 0.25),
    p75: percentileOfSorted(sorted, 0.75),
    p95: percentileOfSorted(sorted, 0.95),
    min: n === 0 ? NaN : sorted[0]!,
    max: n === 0 ? NaN : sorted[n - 1]!,
  };
}

/** The fan's percentile levels, ascending. */
const FAN_LEVELS = [0.05, 0.25, 0.5, 0.75, 0.95] as const;

/** Equity quantiles at each fan step over the fan paths of every part, by selection (no sort). */
function mergeFan(parts: readonly MonteCarloPathStats[]): MonteCarloFan {
  const step = parts[0]!.fanStep;
  const steps = step.length;
  let width = 0;
  for (const p of parts) width += p.fanPaths;
  const cols = FAN_LEVELS.map(() => new Float64Array(steps));
  const column = new Float64Array(width);
  const ks = new Int32Array(FAN_LEVELS.length);
  for (let q = 0; q < ks.length; q++) ks[q] = Math.floor((width - 1) * FAN_LEVELS[q]!);
  for (let s = 0; s < steps; s++) {
    let at = 0;
    for (const p of parts) {
      column.set(p.fanEquity.subarray(s * p.fanPaths, (s + 1) * p.fanPaths), at);
      at += p.fanPaths;
    }
    if (width === 0) {
      for (const c of cols) c[s] = NaN;
      continue;
    }
    selectMany(column, ks, 0, width - 1, 0, ks.length - 1);
    for (let q = 0; q < ks.length; q++) {
      const k = ks[q]!;
      const h = (width - 1) * FAN_LEVELS[q]!;
      let value = column[k]!;
      if (h > k && k < width - 1) {
        // the next order statistic: the least value between this selected index and the next one
        const stop = q + 1 < ks.length && ks[q + 1]! > k ? ks[q + 1]! : width - 1;
        let y = column[k + 1]!;
        for (let i = k + 2; i <= stop; i++) if (column[i]! < y) y = column[i]!;
        value = lerp(value, y, h - k);
      }
      cols[q]![s] = value;
    }
  }
  const [p5, p25, p50, p75, p95] = cols as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
  return { step, p5, p25, p50, p75, p95 };
}

/**
 * Put the order statistics `ks[from…to]` (ascending) of `a[lo…hi]` in place:
 * the middle one first, then each half within its side, so each pass
 * partitions only the range between two order statistics already placed.
 */
function selectMany(a: Float64Array, ks: Int32Array, lo: number, hi: number, from: number, to: number): void {
  if (from > to || lo >= hi) return;
  const m = (from + to) >>> 1;
  const k = ks[m]!;
  select(a, k, lo, hi);
  selectMany(a, ks, lo, k, from, m - 1);
  selectMany(a, ks, k, hi, m + 1, to);
}
