/**
 * The ratios of the period returns that need one pass each — annual
 * volatility, Sharpe, Sortino, downside deviation and the omega ratio — in
 * one pass: each sum is accumulated over the same values in the same order
 * as its own function does, so the results are the same bits.
 *
 * @module
 */
import { pilotShift } from "./_pilot_shift.ts";
import { annualVolatilityOfSums } from "./annual_volatility.ts";
import { downsideDeviationOfSums } from "./downside_deviation.ts";
import { omegaOfSums } from "./omega_ratio.ts";
import { riskFreePerPeriod } from "./risk_free_per_period.ts";
import { sharpeOfSums } from "./sharpe.ts";
import { sortinoOfSums } from "./sortino.ts";

/**
 * What {@linkcode returnRatios} computes.
 *
 * @example
 * ```ts
 * import type { ReturnRatios } from "./_return_ratios.ts";
 * const sharpeOf = (r: ReturnRatios) => r.sharpe;
 * console.log(typeof sharpeOf);
 * ```
 */
export interface ReturnRatios {
  readonly annualVolatility: number;
  readonly sharpe: number;
  readonly sortino: number;
  readonly downsideDeviation: number;
  /** NaN unless asked for. */
  readonly omegaRatio: number;
}

/**
 * `annualVolatility(returns, ppy)`, `sharpe(returns, ppy, riskFree)`,
 * `sortino(…)`, `downsideDeviation(…)` and, with `omega`,
 * `omegaRatio(returns, 0, ppy, riskFreePerPeriod(riskFree, ppy))`, bit for
 * bit, in one pass over `returns` instead of five.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { returnRatios } from "./_return_ratios.ts";
 * import { sharpe } from "./sharpe.ts";
 * const r = Float64Array.of(0.01, -0.02, 0.015, NaN, 0.004);
 * assert.equal(returnRatios(r, 252, 0.02, true).sharpe, sharpe(r, 252, 0.02));
 * ```
 */
export function returnRatios(
  returns: Float64Array,
  periodsPerYear: number,
  riskFree: number,
  omega: boolean,
): ReturnRatios {
  const ppy = periodsPerYear;
  const rf = riskFreePerPeriod(riskFree, ppy);
  const withRf = rf === rf;
  const withVol = ppy > 0 && ppy < Infinity;
  // omegaRatio's threshold and risk-free rate, as computeMetrics passes them
  const threshold = ppy === 1 ? 0 : riskFreePerPeriod(0, ppy);
  const prf = rf;
  const withOmega = omega && threshold === threshold && prf === prf;
  const kS = withRf ? pilotShift(returns, rf) : 0;
  const kV = withVol ? pilotShift(returns, 0) : 0;
  const sums = ratioSums(returns, rf, kS, kV, threshold, prf, withRf, withVol, withOmega);
  return ratiosOfSums(sums, ppy, kS, withRf, withVol, withOmega);
}

/** The ratios of {@linkcode ratioSums}' sums (also of engine/report/metrics/sweep_pass.ts's). */
export function ratiosOfSums(
  sums: Float64Array,
  ppy: number,
  kS: number,
  withRf: boolean,
  withVol: boolean,
  withOmega: boolean,
): ReturnRatios {
  const nS = sums[0]!, s1 = sums[1]!, s2 = sums[2]!, nV = sums[3]!, v1 = sums[4]!, v2 = sums[5]!;
  const nD = sums[6]!, sum = sums[7]!, sumSq = sums[8]!, nO = sums[9]!, numer = sums[10]!, denom = sums[11]!;
  return {
    annualVolatility: withVol ? annualVolatilityOfSums(nV, v1, v2, ppy) : NaN,
    sharpe: withRf ? sharpeOfSums(nS, s1, s2, kS, ppy) : NaN,
    sortino: withRf ? sortinoOfSums(nD, sum, sumSq, ppy) : NaN,
    downsideDeviation: withRf ? downsideDeviationOfSums(nD, sumSq, ppy) : NaN,
    omegaRatio: withOmega ? omegaOfSums(nO, numer, denom) : NaN,
  };
}

/**
 * The sums of {@linkcode returnRatios}, in one pass: `[nS, s1, s2, nV, v1, v2, nD, sum, sumSq, nO, numer, denom]`.
 * A function of its own: optimised as a whole (its loop is all of it), it is not left on a stack-replacement entry
 * whose code after the loop lacks feedback, which made every call of the one-function form deoptimise at its end.
 */
function ratioSums(
  returns: Float64Array,
  rf: number,
  kS: number,
  kV: number,
  threshold: number,
  prf: number,
  withRf: boolean,
  withVol: boolean,
  withOmega: boolean,
): Float64Array {
  let nS = 0, s1 = 0, s2 = 0; // Sharpe
  let nV = 0, v1 = 0, v2 = 0; // volatility
  let nD = 0, sum = 0, sumSq = 0; // Sortino and downside deviation
  let nO = 0, numer = 0, denom = 0; // omega
  // What a zero return adds to each sum: the same value at every zero, so a run of L zeros adds it L times in a row
  // (the same additions in the same order as one at a time). A ±0 term changes no sum: a sum starts at +0 and so is
  // never −0, and x + ±0 is x for any other x. So a run of zeros costs its counts, plus a loop only for the sums whose
  // term is not zero (a non-zero risk-free rate, threshold or shift).
  const zS = 0 - rf - kS, zX = 0 - rf, zV = 0 - kV, zO = 0 - prf - threshold;
  const zDown = (zX - Math.abs(zX)) * 0.5;
  const addS = withRf && zS === zS && zS !== 0, addX = withRf && zX === zX && zX !== 0;
  const addV = withVol && zV === zV && zV !== 0;
  const addO = withOmega && zO === zO && zO !== 0;
  const zS2 = zS * zS, zDown2 = zDown * zDown, zV2 = zV * zV;
  const len = returns.length;
  for (let i = 0; i < len; i++) {
    const r = returns[i]!;
    if (r === 0) {
      let j = i + 1;
      while (j < len && returns[j] === 0) j++;
      const run = j - i;
      if (withRf && zS === zS) nS += run;
      if (withRf && zX === zX) nD += run;
      if (withVol && zV === zV) nV += run;
      if (withOmega && zO === zO) nO += run;
      if (addS || addX || addV || addO) {
        for (let k = 0; k < run; k++) {
          if (addS) {
            s1 += zS;
            s2 += zS2;
          }
          if (addX) {
            sum += zX;
            sumSq += zDown2;
          }
          if (addV) {
            v1 += zV;
            v2 += zV2;
          }
          if (addO) {
            if (zO > 0) numer += zO;
            else denom -= zO;
          }
        }
      }
      i = j - 1;
      continue;
    }
    if (withRf) {
      const d = r - rf - kS;
      if (d === d) {
        nS++;
        s1 += d;
        s2 += d * d;
      }
      const x = r - rf;
      if (x === x) {
        nD++;
        sum += x;
        const down = (x - Math.abs(x)) * 0.5; // min(x, 0), exact and branch-free
        sumSq += down * down;
      }
    }
    if (withVol) {
      const d = r - kV;
      if (d === d) {
        nV++;
        v1 += d;
        v2 += d * d;
      }
    }
    if (withOmega) {
      const x = r - prf - threshold;
      if (x === x) {
        nO++;
        if (x > 0) numer += x;
        else if (x < 0) denom -= x;
      }
    }
  }
  return Float64Array.of(nS, s1, s2, nV, v1, v2, nD, sum, sumSq, nO, numer, denom);
}

// Calls of each kind on a few values at load (V8 tiering, not semantics): see the end of sweep_pass.ts.
for (let i = 0; i < 16; i++) {
  ratioSums(Float64Array.of(0.01, NaN, -0.02, 0, 0), 0, 0, 0, 0, 0, true, true, true);
  ratioSums(Float64Array.of(0.01, NaN, -0.02, 0, 0), 0.001, 0, 0, 0, 0, true, true, false);
}
