/**
 * Rolling extremes: the highest and lowest value over the last n bars.
 *
 * @module
 */
import { z } from "zod";
import { defineIndicator, period, source } from "./define_indicator.ts";

function rolling(src: Float64Array, n: number, out: Float64Array | undefined, max: boolean): Float64Array {
  if (!Number.isInteger(n) || n < 1) {
    throw new RangeError(`${max ? "highest" : "lowest"}(): n must be an integer ≥ 1, found ${n}`);
  }
  const len = src.length;
  const res = out ?? new Float64Array(len);
  // monotonic deque of indices: values strictly better than everything after them
  const dq = new Int32Array(Math.min(n, len) + 1);
  let head = 0, tail = 0; // ring buffer over dq
  const size = dq.length;
  let count = 0;
  for (let i = 0; i < len; i++) {
    const x = src[i]!;
    while (count > 0) {
      const last = dq[(tail - 1 + size) % size]!;
      const y = src[last]!;
      if (max ? y <= x : y >= x) {
        tail = (tail - 1 + size) % size;
        count--;
      } else break;
    }
    dq[tail] = i;
    tail = (tail + 1) % size;
    count++;
    if (dq[head]! <= i - n) {
      head = (head + 1) % size;
      count--;
    }
    res[i] = i >= n - 1 ? src[dq[head]!]! : NaN;
  }
  return res;
}

/**
 * Highest value over the last `n` bars, the current one included; NaN for
 * the first `n − 1` bars. O(1) amortised per bar (monotonic deque).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { highest } from "./extremes.ts";
 * const h = highest(Float64Array.of(1, 3, 2, 1, 0), 3);
 * assert.ok(Number.isNaN(h[1]!) && h[2] === 3 && h[3] === 3 && h[4] === 2);
 * ```
 */
export function highest(src: Float64Array, n: number, out?: Float64Array): Float64Array {
  return rolling(src, n, out, true);
}

/**
 * Lowest value over the last `n` bars, the current one included; NaN for the
 * first `n − 1` bars.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { lowest } from "./extremes.ts";
 * const l = lowest(Float64Array.of(3, 1, 2, 4, 5), 2);
 * assert.ok(l[1] === 1 && l[2] === 1 && l[3] === 2 && l[4] === 4);
 * ```
 */
export function lowest(src: Float64Array, n: number, out?: Float64Array): Float64Array {
  return rolling(src, n, out, false);
}

/**
 * The highest value over the last `period` bars as an indicator definition: `ind.highest(period = 1, source = "high")`.
 * backtrader's `Highest` (`MaxN`); first value at bar `period − 1`.
 */
export const highestIndicator = defineIndicator({
  name: "highest",
  params: z.strictObject({ period: period(1, 1), source: source("high") }),
  args: ["period", "source"],
  inputs: (p) => [p.source],
  warmup: (p) => p.period - 1,
  compute: ([x], p, [out]) => {
    highest(x!, p.period, out);
  },
});

/**
 * The lowest value over the last `period` bars as an indicator definition: `ind.lowest(period = 1, source = "low")`.
 * backtrader's `Lowest` (`MinN`); first value at bar `period − 1`.
 */
export const lowestIndicator = defineIndicator({
  name: "lowest",
  params: z.strictObject({ period: period(1, 1), source: source("low") }),
  args: ["period", "source"],
  inputs: (p) => [p.source],
  warmup: (p) => p.period - 1,
  compute: ([x], p, [out]) => {
    lowest(x!, p.period, out);
  },
});
