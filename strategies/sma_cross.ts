/**
 * SMA crossover, long only.
 *
 * Signals at each bar's close, from `fast = SMA(close, fast)` and
 * `slow = SMA(close, slow)`, both exact (the correctly rounded window sum
 * divided by n), through the `crossover` indicator (backtrader's
 * `CrossOver`): a cross compares the sign of `fast − slow` now with its sign
 * on the last bar where it was non-zero, so a tie is never a cross by
 * itself, and `+, 0, −` is one cross down.
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
    const cross = setup.perSymbol(({ ind }) => ind.crossover(ind.sma(p.fast), ind.sma(p.slow)));
    return {
      onBar(ctx) {
        const x = cross.of(ctx).at(0);
        if (x > 0 && ctx.exposure() === 0) ctx.buy();
        else if (x < 0 && ctx.exposure() > 0) ctx.close();
      },
    };
  },
});
