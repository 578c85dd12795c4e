/**
 * Vortex indicator (Etienne Botes and Douglas Siepman, 2010).
 *
 * @module
 */

import { z } from "zod";
import { checkInt, checkSameLength, prepareOut } from "./_util.ts";
import { defineIndicator, period } from "./define_indicator.ts";
import { ExactSum } from "./exact_sum.ts";

/**
 * The two lines returned by {@linkcode vortex}.
 *
 * @example Destructuring the result
 * ```ts
 * import assert from "node:assert/strict";
 * import { vortex, type VortexLines } from "./vortex.ts";
 * const r: VortexLines = vortex(Float64Array.of(2, 3), Float64Array.of(1, 2), Float64Array.of(1.5, 2.5), 1);
 * // bar 1: VM+ = |3 − 1| = 2, VM− = |2 − 2| = 0, TR = max(1, 1.5, 0.5) = 1.5
 * assert.ok(r.plus[1] === 2 / 1.5 && r.minus[1] === 0);
 * ```
 */
export interface VortexLines {
  /** +VI: the window sum of `|high − previous low|` over the window sum of the true range. */
  plus: Float64Array;
  /** −VI: the window sum of `|low − previous high|` over the window sum of the true range. */
  minus: Float64Array;
}

/**
 * The vortex indicator, as backtrader's `Vortex` defines it. For `j >= 1`:
 * `VM+[j] = |high[j] − low[j−1]|`, `VM−[j] = |low[j] − high[j−1]|` and
 * `TR[j] = max(|high[j] − low[j]|, |high[j] − close[j−1]|, |low[j] − close[j−1]|)`.
 * Over the last `n` bars `[i−n+1 .. i]`:
 *
 * - `plus[i] = fsum(VM+) / fsum(TR)`,
 * - `minus[i] = fsum(VM−) / fsum(TR)`,
 *
 * each window sum exact and correctly rounded (backtrader's `SumN` is
 * `math.fsum`), then one division. First defined index `n` (14 by default);
 * earlier values are NaN.
 *
 * A window whose true ranges sum to 0 (no price movement at all) gives NaN
 * for both lines: backtrader raises `ZeroDivisionError` there.
 *
 * NaN handling: a bar `j` whose `VM+`, `VM−` or `TR` is not finite (a NaN
 * among `high[j]`, `low[j]`, `high[j−1]`, `low[j−1]`, `close[j−1]`) makes
 * both lines NaN for every window containing `j`; later windows are
 * unaffected.
 *
 * @param high Bar highs.
 * @param low Bar lows (same length).
 * @param close Bar closes (same length).
 * @param n Window length, an integer >= 1 (default 14).
 * @param out Optional preallocated outputs, each of the input length,
 * overlapping neither an input nor each other; missing ones are allocated.
 * @returns `{ plus, minus }` (using the arrays given in `out`).
 * @throws {RangeError} on a bad `n`, unequal lengths or a bad `out`.
 *
 * @example Vortex(2) by hand
 * ```ts
 * import assert from "node:assert/strict";
 * import { vortex } from "./vortex.ts";
 * const high = Float64Array.of(10, 12, 13);
 * const low = Float64Array.of(8, 9, 11);
 * const close = Float64Array.of(9, 11, 12);
 * // bar 1: VM+ = |12 − 8| = 4, VM− = |9 − 10| = 1, TR = max(3, 3, 0) = 3
 * // bar 2: VM+ = |13 − 9| = 4, VM− = |11 − 12| = 1, TR = max(2, 2, 0) = 2
 * // bar 2: +VI = (4 + 4) / (3 + 2) = 1.6, −VI = (1 + 1) / 5 = 0.4
 * const { plus, minus } = vortex(high, low, close, 2);
 * assert.deepEqual([...plus], [NaN, NaN, 1.6]);
 * assert.deepEqual([...minus], [NaN, NaN, 0.4]);
 * ```
 */
export function vortex(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  n = 14,
  out?: Partial<VortexLines>,
): VortexLines {
  checkInt("vortex", "n", n);
  const inputs = [high, low, close];
  const len = checkSameLength("vortex", ["high", "low", "close"], inputs);
  const plus = prepareOut("vortex", "out.plus", out?.plus, len, inputs);
  const minus = prepareOut("vortex", "out.minus", out?.minus, len, [...inputs, plus]);
  const vp = new ExactSum(), vm = new ExactSum(), tr = new ExactSum();
  let bad = 0; // bars in the window whose terms are not all finite
  /** Adds (sign 1) or removes (sign −1) bar j's terms; false when they are not all finite. */
  const step = (j: number, sign: number): boolean => {
    const h = high[j]!, l = low[j]!, pl = low[j - 1]!, ph = high[j - 1]!, pc = close[j - 1]!;
    const p = Math.abs(h - pl), m = Math.abs(l - ph);
    const t = Math.max(Math.abs(h - l), Math.abs(h - pc), Math.abs(l - pc));
    if (!(p - p === 0 && m - m === 0 && t - t === 0)) return false;
    vp.add(sign * p);
    vm.add(sign * m);
    tr.add(sign * t);
    return true;
  };
  if (len > 0) plus[0] = minus[0] = NaN;
  for (let i = 1; i < len; i++) {
    if (!step(i, 1)) bad++;
    if (i - n >= 1 && !step(i - n, -1)) bad--;
    if (i < n || bad > 0) {
      plus[i] = minus[i] = NaN;
      continue;
    }
    const t = tr.value();
    if (t === 0) {
      plus[i] = minus[i] = NaN;
      continue;
    }
    plus[i] = vp.value() / t;
    minus[i] = vm.value() / t;
  }
  return { plus, minus };
}

/**
 * The vortex indicator as a definition: `ind.vortex(period = 14)` → `{ plus, minus }`. backtrader's `Vortex`
 * (`vi_plus`, `vi_minus`): exact window sums of the vortex movements over the exact window sum of the true range;
 * both lines start at bar `period`.
 */
export const vortexIndicator = defineIndicator({
  name: "vortex",
  params: z.strictObject({ period: period(1, 14) }),
  args: ["period"],
  outputs: ["plus", "minus"],
  inputs: () => ["high", "low", "close"],
  warmup: (p) => p.period,
  compute: ([h, l, c], p, [plus, minus]) => {
    vortex(h!, l!, c!, p.period, { plus: plus!, minus: minus! });
  },
});
