/**
 * SMA crossover, long only.
 *
 * Signals at each bar's close: `fast = SMA(close, fast)`, `slow = SMA(close, slow)`,
 * both exact (the correctly rounded window sum divided by n).
 *
 * - **Cross rule.** A cross compares the sign of `fast − slow` now with its
 *   sign on the last bar where it was non-zero. A bar where the two averages
 *   are exactly equal carries the previous sign forward, so a tie is never a
 *   cross by itself, and `+, 0, −` is one cross down. The first bar with a
 *   non-zero difference sets the sign and is not a cross.
 * - **Entry.** On a cross up, when flat (and no order is in flight), buy;
 *   the quantity comes from the config's risk sizing.
 * - **Exit.** On a cross down, when long, close the position.
 *
 * @module
 */
import { z } from "zod";
import { defineStrategy, type Series } from "../mod.ts";

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
    const fast: Series[] = [], slow: Series[] = [];
    setup.symbols.forEach((_, s) => {
      const ind = setup.indicators(s);
      fast.push(ind.sma(p.fast));
      slow.push(ind.sma(p.slow));
    });
    // sign of fast − slow on the last bar where it was non-zero (0: none yet)
    const lastSign = new Int8Array(setup.symbols.length);
    return {
      onBar(ctx) {
        const s = ctx.symbol;
        const d = fast[s]!.at(0) - slow[s]!.at(0);
        if (!(d !== 0 && d === d)) return; // a tie, or still warming up
        const sign = d > 0 ? 1 : -1;
        const prev = lastSign[s]!;
        lastSign[s] = sign;
        if (prev === 0 || prev === sign) return;
        const exposure = ctx.position() + ctx.pending();
        if (sign > 0) {
          if (exposure === 0) ctx.buy();
        } else if (exposure > 0) {
          ctx.close();
        }
      },
    };
  },
});
