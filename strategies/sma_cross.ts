/**
 * SMA crossover, long only.
 *
 * Signals at each bar's close, from `fast = SMA(close, fast)` and
 * `slow = SMA(close, slow)`, both exact (the correctly rounded window sum
 * divided by n). A cross compares the sign of `fast − slow` now with its
 * sign on the last bar where it was non-zero (backtrader's `CrossOver`
 * rule, as in the `crossover` indicator), so a tie is never a cross by
 * itself, and `+, 0, −` is one cross down.
 *
 * It keeps that sign per symbol rather than asking for
 * `ind.crossover(ind.sma(fast), ind.sma(slow))`: the indicator would be one
 * more series per (fast, slow) pair, computed by every run of a sweep, while
 * the averages are shared between runs.
 *
 * - **Entry.** On a cross up, when flat (and no order is in flight), buy;
 *   the quantity comes from the config's risk sizing.
 * - **Exit.** On a cross down, when long, close the position.
 *
 * @module
 */
import { z } from "zod";
import { defineStrategy } from "../mod.ts";

/** Params of {@linkcode smaCross}. */
export const SmaCrossParams = z.strictObject({
  /** Fast SMA length, in bars. */
  fast: z.number().int().min(1).default(10),
  /** Slow SMA length, in bars; must exceed `fast`. */
  slow: z.number().int().min(2).default(30),
}).refine((p) => p.fast < p.slow, { message: "expected slow > fast", path: ["slow"] });

/**
 * The SMA-cross strategy.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { smaCross } from "./sma_cross.ts";
 * assert.ok(smaCross.params.safeParse({ fast: 10, slow: 5 }).success === false);
 * ```
 */
export const smaCross = defineStrategy({
  name: "smaCross",
  params: SmaCrossParams,
  create(p, setup) {
    const fast = setup.symbols.map((s) => setup.symbol(s).ind.sma(p.fast));
    const slow = setup.symbols.map((s) => setup.symbol(s).ind.sma(p.slow));
    const sign = new Int8Array(setup.symbols.length); // of fast − slow on the last bar where it was not 0
    return {
      onBar(ctx) {
        const s = ctx.symbol, d = fast[s]!.at(0) - slow[s]!.at(0);
        if (!(d !== 0 && d === d)) return; // a tie, or still warming up
        const was = sign[s]!, now = (sign[s] = d > 0 ? 1 : -1);
        if (was === 0 || was === now) return; // the first sign, or no change: no cross
        if (now > 0 && ctx.exposure() === 0) ctx.buy(); // the quantity comes from risk.sizing
        else if (now < 0 && ctx.exposure() > 0) ctx.close();
      },
    };
  },
});
