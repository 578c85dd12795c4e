/**
 * Know sure thing (KST).
 *
 * @module
 */

import { checkInt, prepareOut } from "./_util.ts";
import { WindowSum } from "./_window_sum.ts";
import { z } from "zod";
import { defineIndicator, period, source } from "./define_indicator.ts";

/**
 * The two series returned by {@linkcode kst}.
 *
 * @example Destructuring the result
 * ```ts
 * import assert from "node:assert/strict";
 * import { kst, type KstResult } from "./kst.ts";
 * const r: KstResult = kst(new Float64Array(60).fill(3));
 * // a constant series has no rate of change: KST and signal are 0 from bars 39 and 47
 * assert.ok(Number.isNaN(r.kst[38]!) && r.kst[39] === 0 && Number.isNaN(r.signal[46]!) && r.signal[47] === 0);
 * ```
 */
export interface KstResult {
  /** The weighted sum of the smoothed rates of change. */
  kst: Float64Array;
  /** `sma(kst, signal)`. */
  signal: Float64Array;
}

/** The periods and weights of {@linkcode kst}; each list has four entries. */
export interface KstParams {
  /** Rate-of-change look-backs (default `[10, 15, 20, 30]`, backtrader's `rp1`..`rp4`). */
  rocPeriods?: readonly number[];
  /** SMA periods applied to each rate of change (default `[10, 10, 10, 10]`, `rma1`..`rma4`). */
  maPeriods?: readonly number[];
  /** SMA period of the signal line (default 9, `rsignal`). */
  signal?: number;
  /** Weights of the four smoothed rates of change (default `[1, 2, 3, 4]`, `rfactors`). */
  factors?: readonly number[];
}

/**
 * Martin Pring's know sure thing, backtrader's `KnowSureThing`. For
 * `k = 1..4`:
 *
 * - `roc_k[i] = 100 * ((src[i] - src[i-rp_k]) / src[i-rp_k])` (backtrader's
 *   `RateOfChange100`, for `i >= rp_k`);
 * - `rcma_k = sma(roc_k, rma_k)` (exact SMAs, as {@linkcode sma});
 * - `kst[i] = 0 + f_1 * rcma_1[i] + f_2 * rcma_2[i] + f_3 * rcma_3[i] +
 *   f_4 * rcma_4[i]`, added left to right (as Python's `sum` of backtrader's
 *   lines);
 * - `signal = sma(kst, signal)`.
 *
 * First defined indices: `kst` at `max_k(rp_k + rma_k) - 1` (39 for the
 * defaults), `signal` `signal - 1` bars later (47); earlier values are NaN.
 * With `s` leading NaNs in `src` every index shifts by `s`.
 *
 * NaN handling: a NaN at bar `j` makes `roc_k` NaN at `j` and `j + rp_k`, and
 * each SMA NaN for the windows holding a NaN; values resume afterwards. A
 * value of 0 `rp_k` bars back gives the IEEE result (±Infinity or NaN), where
 * backtrader raises `ZeroDivisionError`.
 *
 * O(1) per bar: every SMA is a streamed exact window sum
 * ({@linkcode WindowSum}), bit for bit that of {@linkcode sma}.
 *
 * @param src Input series.
 * @param params Periods (integers >= 1) and weights (finite numbers); see
 * {@linkcode KstParams} for the defaults.
 * @param out Optional preallocated outputs, each of length `src.length`,
 * overlapping neither `src` nor each other; missing ones are allocated.
 * @returns `{ kst, signal }` (using the arrays given in `out`).
 * @throws {RangeError} on a bad period, weight or list length, or a bad `out`.
 *
 * @example KST with one-bar rates of change and no smoothing, by hand
 * ```ts
 * import { kst } from "./kst.ts";
 * import assert from "node:assert/strict";
 * const r = kst(new Float64Array([10, 11, 12, 15]), {
 *   rocPeriods: [1, 1, 2, 3], maPeriods: [1, 1, 1, 1], signal: 1, factors: [1, 0, 0, 1],
 * });
 * // bar 3: roc1 = 100 * (15 - 12)/12 = 25, roc4 = 100 * (15 - 10)/10 = 50 (roc2, roc3 weigh 0): KST = 25 + 50
 * assert.deepEqual([...r.kst], [NaN, NaN, NaN, 75]);
 * assert.deepEqual([...r.signal], [NaN, NaN, NaN, 75]);
 * ```
 */
export function kst(src: Float64Array, params: KstParams = {}, out?: Partial<KstResult>): KstResult {
  const {
    rocPeriods = [10, 15, 20, 30],
    maPeriods = [10, 10, 10, 10],
    signal = 9,
    factors = [1, 2, 3, 4],
  } = params;
  for (const [name, list] of [["rocPeriods", rocPeriods], ["maPeriods", maPeriods], ["factors", factors]] as const) {
    if (list.length !== 4) throw new RangeError(`kst(): ${name} must have 4 entries, found ${list.length}`);
  }
  for (let k = 0; k < 4; k++) {
    checkInt("kst", `rocPeriods[${k}]`, rocPeriods[k]!);
    checkInt("kst", `maPeriods[${k}]`, maPeriods[k]!);
    if (!Number.isFinite(factors[k])) {
      throw new RangeError(`kst(): factors[${k}] must be a finite number, found ${factors[k]}`);
    }
  }
  checkInt("kst", "signal", signal);
  const len = src.length;
  const line = prepareOut("kst", "out.kst", out?.kst, len, [src]);
  const sig = prepareOut("kst", "out.signal", out?.signal, len, [src, line]);

  const rp = [...rocPeriods], rma = [...maPeriods], f = [...factors];
  const roc = (k: number, j: number) => {
    if (j < rp[k]!) return NaN;
    const prev = src[j - rp[k]!]!;
    return 100 * ((src[j]! - prev) / prev);
  };
  const rocSums = [new WindowSum(), new WindowSum(), new WindowSum(), new WindowSum()];
  const kstSum = new WindowSum();
  for (let i = 0; i < len; i++) {
    let total = 0;
    for (let k = 0; k < 4; k++) {
      const n = rma[k]!, sum = rocSums[k]!;
      sum.add(roc(k, i));
      if (i >= n) sum.sub(roc(k, i - n));
      total += f[k]! * (i >= n - 1 ? sum.value() / n : NaN);
    }
    line[i] = total;
    kstSum.add(total);
    if (i >= signal) kstSum.sub(line[i - signal]!);
    sig[i] = i >= signal - 1 ? kstSum.value() / signal : NaN;
  }
  return { kst: line, signal: sig };
}

/**
 * KST as an indicator definition: `ind.kst({ rp1 = 10, rp2 = 15, rp3 = 20, rp4 = 30, rma1..rma4 = 10, signal = 9,
 * factors = [1, 2, 3, 4], source = "close" })` → `{ kst, signal }`. backtrader's `KnowSureThing` (`rp1`..`rp4`,
 * `rma1`..`rma4`, `rsignal`, `rfactors`); `kst` starts at bar `max(rp_k + rma_k) − 1`, `signal` `signal − 1` bars
 * later.
 */
export const kstIndicator = defineIndicator({
  name: "kst",
  params: z.strictObject({
    rp1: period(1, 10),
    rp2: period(1, 15),
    rp3: period(1, 20),
    rp4: period(1, 30),
    rma1: period(1, 10),
    rma2: period(1, 10),
    rma3: period(1, 10),
    rma4: period(1, 10),
    signal: period(1, 9),
    factors: z.tuple([z.number().finite(), z.number().finite(), z.number().finite(), z.number().finite()], {
      error: "expected four finite weights",
    }).default([1, 2, 3, 4]),
    source: source("close"),
  }),
  args: ["rp1", "rp2", "rp3", "rp4", "rma1", "rma2", "rma3", "rma4", "signal", "factors", "source"],
  outputs: ["kst", "signal"],
  inputs: (p) => [p.source],
  warmup: (p) => {
    const w = Math.max(p.rp1 + p.rma1, p.rp2 + p.rma2, p.rp3 + p.rma3, p.rp4 + p.rma4) - 1;
    return [w, w + p.signal - 1];
  },
  compute: ([x], p, [line, signal]) => {
    kst(x!, {
      rocPeriods: [p.rp1, p.rp2, p.rp3, p.rp4],
      maPeriods: [p.rma1, p.rma2, p.rma3, p.rma4],
      signal: p.signal,
      factors: p.factors,
    }, { kst: line!, signal: signal! });
  },
});
