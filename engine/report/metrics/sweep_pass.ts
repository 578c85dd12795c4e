/**
 * The one pass of a sweep's run (`computeMetrics` with `only: "summary"`): a single walk over the equity curve that
 * carries the CAGR's running product, the count of the returns, the maximum drawdown's value, the sums of the Sharpe
 * ratio, Sortino ratio, downside deviation and volatility (`returnRatios`' layout), and the CSCV block statistics
 * (`runStatistics` of engine/optimize/trial_returns.ts), computing each return as it goes, writing none. Each
 * accumulator sees the same values in the same order and does the same arithmetic as in its own function (`cagr`,
 * `maxDrawdown`, `returnRatios`, `runStatistics`), so each result is the same bits (tested against them over random
 * curves in `tests/summary_pass_test.ts`).
 *
 * A run of unchanged equity (a flat position) has returns of exactly +0: each adds the same term to each sum, so the
 * run adds its counts and loops only over the sums whose term is not zero (a ±0 term changes no sum: every sum starts
 * at +0 and so is never −0).
 *
 * @module
 */
import { pilotShift } from "./_pilot_shift.ts";

/** What {@linkcode sweepPass} carries out of its walk. */
export interface SweepPass {
  /** The CAGR's running product and log accumulator; `cagrFloor`: a return ≤ −1 was met. */
  readonly cagrProduct: number;
  readonly cagrLog: number;
  readonly cagrFloor: boolean;
  /** Count of the non-NaN returns. */
  readonly count: number;
  /** `maxDrawdown(equity, initial).value`. */
  readonly maxDrawdown: number;
  /** The ratio sums in `returnRatios`' layout (`[nS, s1, s2, nV, v1, v2, nD, sum, sumSq, 0, 0, 0]`: no omega). */
  readonly sums: Float64Array;
  /** The Sharpe ratio's shift (`pilotShift(returns, rf)`), for the ratios of the sums. */
  readonly kS: number;
}

/** The CSCV blocks a {@linkcode sweepPass} fills: `out[3b..3b + 2]` = count, excess mean and M2 of block `b`. */
export interface SweepBlocks {
  readonly splits: number;
  /** Subtracted from each block's mean (the per-period risk-free rate). */
  readonly riskFreePerPeriod: number;
  /** At least 3 × splits long. */
  readonly out: Float64Array;
  /** Set by the pass: the count of the non-NaN returns (those in no block included). */
  count?: number;
}

/**
 * Walk `equity` once (see the module doc). `initial` must be positive and finite; `rf` is the per-period risk-free
 * rate (NaN: no Sharpe or Sortino sums), `withVol` whether the volatility's sums are wanted (a usable periods per
 * year). `scratch` (as long as the curve, else one is allocated) holds the first returns, for the pilot shifts.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { type SweepBlocks, sweepPass } from "./sweep_pass.ts";
 * const blocks: SweepBlocks = { splits: 1, riskFreePerPeriod: 0, out: new Float64Array(3) };
 * const p = sweepPass(Float64Array.of(110, 99, 99, 121), 100, 0, true, blocks, new Float64Array(4));
 * assert.equal(p.count, 4);
 * assert.equal(p.maxDrawdown, 99 / 110 - 1);
 * assert.equal(blocks.out[0], 4);
 * assert.equal(blocks.count, 4);
 * ```
 */
export function sweepPass(
  equity: Float64Array,
  initial: number,
  rf: number,
  withVol: boolean,
  blocks: SweepBlocks,
  scratch: Float64Array,
): SweepPass {
  const n = equity.length;
  const withRf = rf === rf;
  // the pilot shifts read the returns up to the 64th non-NaN one, as pilotShift scans them (rf is finite or NaN, so
  // x − rf and x − 0 are NaN for the same x)
  const head = scratch.length >= n ? scratch : new Float64Array(n);
  let pre = 0;
  for (let prev = initial, valid = 0; pre < n && valid < 64; pre++) {
    const e = equity[pre]!;
    const x = prev > 0 && prev < Infinity ? e / prev - 1 : NaN;
    head[pre] = x;
    prev = e;
    if (x === x) valid++;
  }
  const kS = withRf ? pilotShift(head.subarray(0, pre), rf) : 0;
  const kV = withVol ? pilotShift(head.subarray(0, pre), 0) : 0;
  const pass = walk(equity, initial, rf, kS, kV, withRf, withVol, blocks);
  blocks.count = pass.count;
  return pass;
}

/** The walk itself (a function of its own, so that its loop is compiled whole: see the end of this file). */
function walk(
  equity: Float64Array,
  initial: number,
  rf: number,
  kS: number,
  kV: number,
  withRf: boolean,
  withVol: boolean,
  blocks: SweepBlocks,
): SweepPass {
  const n = equity.length;
  // cagr (as cagr()) and the count
  let p = 1, logAcc = 0, floor = false, count = 0;
  // maxDrawdown's value, from the initial capital as the first peak. Under a fixed positive peak, e / peak − 1 is
  // monotone in e (each step correctly rounded), so the deepest drawdown under it is its trough's: the division is
  // needed only at a new low since the peak
  let peak = initial, trough = Infinity, mdd = 0, seen = false;
  // ratio sums (returnRatios)
  let nS = 0, s1 = 0, s2 = 0, nV = 0, v1 = 0, v2 = 0, nD = 0, sum = 0, sumSq = 0;
  // with rf = +0 and one shift for both, x − rf − kS is x − kV for every x: the volatility's sums are the Sharpe
  // ratio's, taken from them at the end (the usual sweep: no risk-free rate)
  const volAsS = withRf && withVol && Object.is(rf, 0) && Object.is(kS, kV);
  const vol = withVol && !volAsS;
  // a zero return's terms
  const zS = 0 - rf - kS, zX = 0 - rf, zV = 0 - kV;
  const zDown = (zX - Math.abs(zX)) * 0.5;
  const countS = withRf && zS === zS, countX = withRf && zX === zX, countV = vol && zV === zV;
  const addS = countS && zS !== 0, addX = countX && zX !== 0, addV = countV && zV !== 0;
  const zS2 = zS * zS, zDown2 = zDown * zDown, zV2 = zV * zV;
  // the lean stretch below: no risk-free rate and no volatility sums of their own, so that a return's terms need no
  // NaN checks once the equity is finite and positive
  const lean = withRf && Object.is(rf, 0) && !vol && kS === kS;
  // CSCV blocks (runStatistics): block b is [b·size, (b + 1)·size); returns past the last one are in none
  const splits = blocks.splits, out = blocks.out, brf = blocks.riskFreePerPeriod;
  const size = Math.floor(n / splits);
  let b = 0, bEnd = splits > 0 ? size : -1, c = NaN, bn = 0, b1 = 0, b2 = 0;
  let prev = initial;
  for (let i = 0; i < n; i++) {
    // a block ends where the next begins (an empty block, size 0, ends where it begins)
    while (i === bEnd) {
      writeBlock(out, 3 * b, bn, c, b1, b2, brf);
      c = NaN, bn = 0, b1 = 0, b2 = 0;
      b++;
      bEnd = b < splits ? bEnd + size : -1;
    }
    if (lean && bEnd >= 0 && c === c && !floor && prev > 0 && prev < Infinity) {
      // A lean stretch: bars of finite, positive and changing equity inside a block whose first return is known. Each
      // return x is then finite and above −1, x − rf is x and x − rf − kS is x − kS, so every term below is the one
      // the checked path adds, in the same order; the stretch stops before any other bar (the checked path takes it)
      const stop = Math.min(n, bEnd);
      let j = i;
      for (; j < stop; j++) {
        const e = equity[j]!;
        if (!(e > 0 && e < Infinity) || e === prev) break;
        const x = e / prev - 1;
        if (x <= -1) break;
        prev = e;
        p *= 1 + x;
        if (p > 1e150 || p < 1e-150) {
          logAcc += Math.log(p);
          p = 1;
        }
        const db = x - c;
        b1 += db;
        b2 += db * db;
        const d = x - kS;
        s1 += d;
        s2 += d * d;
        sum += x;
        const down = (x - Math.abs(x)) * 0.5;
        sumSq += down * down;
        if (e >= peak) {
          peak = e;
          trough = Infinity;
        } else if (e < trough) {
          trough = e;
          if (peak > 0) {
            const dd = e / peak - 1;
            if (dd < mdd) mdd = dd;
          }
        }
      }
      const m = j - i;
      if (m > 0) {
        count += m, bn += m, nS += m, nD += m;
        seen = true;
        i = j - 1;
        continue;
      }
    }
    const e = equity[i]!;
    if (e === prev && i > 0 && prev > 0 && prev < Infinity) {
      // a run of unchanged equity: returns of +0 up to j (or the block's end)
      let j = i + 1;
      const stop = bEnd >= 0 ? Math.min(n, bEnd) : n;
      while (j < stop && equity[j] === e) j++;
      const run = j - i;
      count += run;
      if (countS) nS += run;
      if (countX) nD += run;
      if (countV) nV += run;
      if (bEnd >= 0) {
        if (c !== c) c = 0; // the block's first return is this +0
        bn += run;
      }
      const eb = 0 - c, addB = bEnd >= 0 && eb !== 0, eb2 = eb * eb;
      if (addS || addX || addV || addB) {
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
          if (addB) {
            b1 += eb;
            b2 += eb2;
          }
        }
      }
      i = j - 1;
      continue;
    }
    const x = prev > 0 && prev < Infinity ? e / prev - 1 : NaN;
    prev = e;
    if (x === x) {
      count++;
      if (!floor) {
        if (x <= -1) floor = true;
        else {
          p *= 1 + x;
          if (p > 1e150 || p < 1e-150) {
            logAcc += Math.log(p);
            p = 1;
          }
        }
      }
      if (bEnd >= 0) {
        if (c !== c) c = x;
        const d = x - c;
        bn++;
        b1 += d;
        b2 += d * d;
      }
    }
    if (withRf) {
      const d = x - rf - kS;
      if (d === d) {
        nS++;
        s1 += d;
        s2 += d * d;
      }
      const xs = x - rf;
      if (xs === xs) {
        nD++;
        sum += xs;
        const down = (xs - Math.abs(xs)) * 0.5;
        sumSq += down * down;
      }
    }
    if (vol) {
      const d = x - kV;
      if (d === d) {
        nV++;
        v1 += d;
        v2 += d * d;
      }
    }
    if (e !== e) continue;
    seen = true;
    if (e >= peak) {
      peak = e;
      trough = Infinity;
    } else if (e < trough) {
      trough = e;
      if (peak > 0) {
        const dd = e / peak - 1;
        if (dd < mdd) mdd = dd;
      }
    }
  }
  while (bEnd >= 0 && n === bEnd) {
    writeBlock(out, 3 * b, bn, c, b1, b2, brf);
    c = NaN, bn = 0, b1 = 0, b2 = 0;
    b++;
    bEnd = b < splits ? bEnd + size : -1;
  }
  if (volAsS) nV = nS, v1 = s1, v2 = s2;
  return {
    cagrProduct: p,
    cagrLog: logAcc,
    cagrFloor: floor,
    count,
    maxDrawdown: seen ? mdd : NaN,
    sums: Float64Array.of(nS, s1, s2, nV, v1, v2, nD, sum, sumSq, 0, 0, 0),
    kS,
  };
}

/**
 * A CSCV block's count `bn`, mean net of `rf` and M2 at `out[k..k + 2]`, from its sums `b1`, `b2` of the returns'
 * differences from its first return `c` (as `runStatistics` of engine/optimize/trial_returns.ts lays them out).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { writeBlock } from "./sweep_pass.ts";
 * const out = new Float64Array(3);
 * writeBlock(out, 0, 2, 0.01, 0.02, 0.0004, 0); // returns 0.01 and 0.03: differences 0 and 0.02
 * assert.deepEqual(Array.from(out), [2, 0.01 + 0.02 / 2, 0.0004 - (0.02 * 0.02) / 2]);
 * ```
 */
export function writeBlock(
  out: Float64Array,
  k: number,
  bn: number,
  c: number,
  b1: number,
  b2: number,
  rf: number,
): void {
  out[k] = bn;
  out[k + 1] = bn > 0 ? c + b1 / bn - rf : 0;
  out[k + 2] = bn > 0 ? Math.max(0, b2 - (b1 * b1) / bn) : 0;
}

// Sixteen calls of each kind on a few values at load (V8 tiering, not semantics): a long curve's first call is compiled
// on stack replacement inside its loop, and the code after the loop then has no type feedback unless it has run before
// (V8 allocates feedback only after a few calls), so every later call would deoptimise where the loop ends.
for (let i = 0; i < 16; i++) {
  const blocks = { splits: 2, riskFreePerPeriod: 0, out: new Float64Array(6) };
  walk(Float64Array.of(1, NaN, 0.5, 2, 2, 2, 1, 1.5), 1, 0, 0, 0, true, true, blocks);
  walk(Float64Array.of(1, 1, 0.5, 2, 2, 1), 1, 0.01, 0.001, 0.002, true, true, blocks);
}
