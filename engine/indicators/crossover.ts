/**
 * Crossover of two lines.
 *
 * @module
 */
import { z } from "zod";
import { checkSameLength, prepareOut } from "./_util.ts";
import { defineIndicator, SourceSchema } from "./define_indicator.ts";

/**
 * Where line `a` crosses line `b`: +1 at a bar where `a` crosses above `b`,
 * −1 where it crosses below, 0 otherwise. backtrader's `CrossOver`, which
 * compares against the last **non-zero** difference (`NonZeroDifference`):
 * with `d = a − b`, a bar is an up-cross when `d > 0` and the last non-zero
 * `d` before it was negative (a down-cross mirrored). So a bar where the two
 * lines are exactly equal never crosses by itself and carries the previous
 * sign forward: `+, 0, −` is one cross down.
 *
 * Let `t` be the first bar where both lines are defined. `out[t]` is NaN
 * (the difference there only seeds the memory), and every bar after it is
 * 0, +1 or −1; before `t` NaN. A later bar where either line is NaN gives
 * NaN and leaves the memory as it was.
 *
 * @param a The line that crosses.
 * @param b The line it crosses (same length).
 * @param out Optional preallocated output; must not overlap an input.
 * @returns `out`, or a new array.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { crossover } from "./crossover.ts";
 * const a = Float64Array.of(NaN, 1, 2, 3, 3, 2, 1);
 * const b = Float64Array.of(NaN, 2, 2, 2, 3, 3, 3);
 * // d:                        _, −1, 0, +1, 0, −1, −1
 * assert.deepEqual([...crossover(a, b)], [NaN, NaN, 0, 1, 0, -1, 0]);
 * ```
 */
export function crossover(a: Float64Array, b: Float64Array, out?: Float64Array): Float64Array {
  const len = checkSameLength("crossover", ["a", "b"], [a, b]);
  const dst = prepareOut("crossover", "out", out, len, [a, b]);
  let t = 0;
  while (t < len && !(a[t]! - b[t]! === a[t]! - b[t]!)) t++;
  dst.fill(NaN, 0, Math.min(t + 1, len));
  if (t >= len) return dst;
  // most bars are 0: fill them in one sweep (a memset), then write only where the sign changed or a line is NaN
  dst.fill(0, t + 1);
  let last = a[t]! - b[t]!; // the last non-zero difference (0: none yet)
  for (let i = t + 1; i < len; i++) {
    const d = a[i]! - b[i]!;
    if (d > 0 ? last > 0 : d < 0 && last < 0) continue; // the same sign as the last one: no cross
    if (d !== d) dst[i] = NaN;
    else if (d !== 0) {
      if (last !== 0) dst[i] = d > 0 ? 1 : -1; // the sign changed: a cross (the first sign is not one)
      last = d;
    }
  }
  return dst;
}

/**
 * Crossover as an indicator definition: `ind.crossover(a, b)` with two series of the same symbol (e.g.
 * `ind.crossover(ind.sma(10), ind.sma(30))`) or price fields. First value one bar after both lines are defined.
 */
export const crossoverIndicator = defineIndicator({
  name: "crossover",
  params: z.strictObject({ a: SourceSchema, b: SourceSchema }),
  args: ["a", "b"],
  inputs: (p) => [p.a, p.b],
  warmup: () => 1,
  compute: ([a, b], _p, [out]) => {
    crossover(a!, b!, out);
  },
});
