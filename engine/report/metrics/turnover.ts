/**
 * Portfolio turnover over a run.
 *
 * @module
 */

/**
 * Turnover over the whole run: `tradedNotional / mean(equity)`.
 *
 * `tradedNotional` is the sum of `|quantity × fill price|` over **every** fill,
 * buys and sells alike, so buying the whole book and selling it again is a
 * turnover of 2. The average is the arithmetic mean of the finite equity
 * values (one per bar). Divide by the number of years to get an annual rate.
 *
 * NaN when there is no finite equity, the average equity is not positive, or
 * `tradedNotional` is NaN or negative. No trading gives 0.
 *
 * @example Two round trips of 100 on an average equity of 100
 * ```ts
 * import assert from "node:assert/strict";
 * import { turnover } from "./turnover.ts";
 *
 * const equity = Float64Array.of(100, 90, 110);
 * assert.equal(turnover(400, equity), 4);
 * ```
 */
export function turnover(tradedNotional: number, equity: Float64Array): number {
  if (!(tradedNotional >= 0)) return NaN;
  let n = 0;
  let sum = 0;
  for (let i = 0; i < equity.length; i++) {
    const e = equity[i]!;
    if (e - e !== 0) continue; // skips NaN and ±Infinity
    n++;
    sum += e;
  }
  const mean = sum / n;
  if (!(mean > 0)) return NaN;
  return tradedNotional / mean;
}
