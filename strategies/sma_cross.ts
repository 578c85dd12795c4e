/**
 * SMA crossover, long only.
 *
 * Signals at each bar's close, from `fast = SMA(close, fast)` and
 * `slow = SMA(close, slow)`, both exact (the correctly rounded window sum
 * divided by n), through `ind.crossover(fast, slow)`: a cross compares the
 * sign of `fast − slow` now with its sign on the last bar where it was
 * non-zero (backtrader's `CrossOver` rule), so a tie is never a cross by
 * itself, and `+, 0, −` is one cross down.
 *
 * - **Entry.** On a cross up, when flat (and no order is in flight), buy;
 *   the quantity comes from the config's risk sizing.
 * - **Exit.** On a cross down, when long, close the position.
 *
 * The crossover series is also its `when`: `onBar` runs only at a cross,
 * so the engine steps the bars between crosses sparsely (a sweep of this
 * strategy runs many times faster than one that looks at every bar), with
 * the same result as looking at every bar.
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
    const cross = setup.symbols.map((s) => {
      const ind = setup.symbol(s).ind;
      return ind.crossover(ind.sma(p.fast), ind.sma(p.slow));
    });
    return {
      when: cross,
      onBar(ctx) {
        const c = cross[ctx.symbol]!.at(0);
        if (c > 0 && ctx.exposure() === 0) ctx.buy(); // the quantity comes from risk.sizing
        else if (c < 0 && ctx.exposure() > 0) ctx.close();
      },
    };
  },
});
