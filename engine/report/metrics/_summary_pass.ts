/**
 * The first pass of a sweep run's metrics (`computeMetrics` with `only: "summary"`): one walk over the equity curve
 * that writes the per-bar returns and carries, beside them, what four separate passes computed before: the CAGR's
 * running product (`cagr`), the count and sum of the returns (the first pass of `centralMoments`) and the
 * maximum drawdown's value (`maxDrawdown`). Each accumulator sees the same values in the same order and does
 * the same arithmetic as its own function, so each result is the same bits (tested against them over random curves
 * in `tests/summary_pass_test.ts`). The second pass is `returnRatiosAndMoments`.
 *
 * @module
 */
/** What {@linkcode summaryPass} carries out of its walk. */
export interface SummaryPass {
  /** `simpleReturns(equity, initial)`, in the buffer given (or a new one). */
  readonly returns: Float64Array;
  /** The CAGR's running product and log accumulator; `cagrFloor`: a return ≤ −1 was met (the CAGR is then −1). */
  readonly cagrProduct: number;
  readonly cagrLog: number;
  readonly cagrFloor: boolean;
  /** Count and sum of the non-NaN returns, in order. */
  readonly count: number;
  readonly sum: number;
  /** `maxDrawdown(equity, initial).value`. */
  readonly maxDrawdown: number;
}

/**
 * Walk `equity` once (see the module doc); `initial` must be positive and finite (the caller's metrics are NaN
 * otherwise).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { summaryPass } from "./_summary_pass.ts";
 * const p = summaryPass(Float64Array.of(110, 99, 121), 100);
 * assert.deepEqual(Array.from(p.returns), [110 / 100 - 1, 99 / 110 - 1, 121 / 99 - 1]);
 * assert.equal(p.maxDrawdown, 99 / 110 - 1);
 * assert.equal(p.count, 3);
 * ```
 */
export function summaryPass(equity: Float64Array, initial: number, out?: Float64Array): SummaryPass {
  const n = equity.length;
  const r = out === undefined || out.length < n ? new Float64Array(n) : out.length === n ? out : out.subarray(0, n);
  let prev = initial;
  // cagr
  let p = 1, logAcc = 0, floor = false;
  // centralMoments, first pass
  let count = 0, sum = 0;
  // maxDrawdown's value, from the initial capital as the first peak
  // trough: the lowest equity since the peak. For a fixed positive peak, e / peak − 1 is monotone in e (each step is
  // correctly rounded), so the deepest drawdown under that peak is the trough's: the division is needed only at a new
  // trough, not at every bar below the peak, and gives the same value.
  let peak = initial, trough = Infinity, mdd = 0, seen = false;
  for (let i = 0; i < n; i++) {
    const e = equity[i]!;
    const x = prev > 0 && prev < Infinity ? e / prev - 1 : NaN;
    r[i] = x;
    prev = e;
    if (x === x) {
      count++;
      sum += x;
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
  return {
    returns: r,
    cagrProduct: p,
    cagrLog: logAcc,
    cagrFloor: floor,
    count,
    sum,
    maxDrawdown: seen ? mdd : NaN,
  };
}

// One call on a few values at load (V8 tiering, not semantics): a long curve's first call is compiled on stack
// replacement inside its loop, and the code after the loop then has no type feedback unless it has run before, so
// every later call would deoptimise where the loop ends (10 ns a bar instead of 3 in a sweep of 1M-bar runs).
for (let i = 0; i < 16; i++) {
  summaryPass(Float64Array.of(1, NaN, 0.5, 2, 1), 1);
}
