/**
 * Pairs trade on the z-score of the log price ratio of two correlated
 * symbols, long one leg and short the other.
 *
 * At each step (once both legs' bars of that time have closed):
 *
 * - **Spread** `s = ln(close A) − ln(close B)`; its z-score is
 *   `(s − mean) / sd` over the last `window` steps, the current one
 *   included (population standard deviation).
 * - **Entry** when flat: `z > entry` (A rich against B): short A, long B;
 *   `z < −entry`: long A, short B. Each leg is `gross / 2` of equity, so the
 *   position is dollar-neutral when it is sent.
 * - **Exit** when the z-score crosses back through `exit` (toward 0): both
 *   legs are closed. A `stop` on |z| closes the trade when the spread keeps
 *   widening.
 *
 * Steps where either leg has no bar are skipped.
 *
 * @module
 */
import { z } from "zod";
import { defineStrategy } from "../mod.ts";

/** Params of {@linkcode pairsZScore}. */
export const PairsZScoreParams = z.strictObject({
  /** The two legs, by symbol name. */
  legs: z.tuple([z.string().min(1), z.string().min(1)]).refine(([a, b]) => a !== b, {
    message: "expected two different symbols",
  }),
  /** Z-score window, in steps. */
  window: z.number().int().min(2).default(60),
  /** Enter beyond this |z|. */
  entry: z.number().positive().default(2),
  /** Exit once z is back within this distance of 0. */
  exit: z.number().min(0).default(0),
  /** Close a trade whose |z| goes beyond this. */
  stop: z.number().positive().default(4),
  /** Gross exposure of the trade, as a fraction of equity (both legs together). */
  gross: z.number().positive().max(2).default(0.9),
}).refine((p) => p.exit < p.entry && p.entry < p.stop, {
  message: "expected exit < entry < stop",
  path: ["entry"],
});

/**
 * The pairs strategy.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pairsZScore } from "./pairs_zscore.ts";
 * assert.ok(pairsZScore.params.parse({ legs: ["QPA", "QPB"] }).window === 60);
 * ```
 */
export const pairsZScore = defineStrategy({
  name: "pairsZScore",
  params: PairsZScoreParams,
  create(p, setup) {
    const [a, b] = p.legs;
    const pa = setup.symbol(a).bars.close, pb = setup.symbol(b).bars.close;
    const spread = new Float64Array(p.window);
    let filled = 0, side = 0; // side: +1 long A / short B, −1 short A / long B
    return {
      onStep(ctx) {
        if (!ctx.hasBar(a) || !ctx.hasBar(b)) return;
        spread[filled % p.window] = Math.log(pa.at(0)) - Math.log(pb.at(0));
        filled++;
        if (filled < p.window) return;
        let mean = 0, ss = 0;
        for (const x of spread) mean += x;
        mean /= p.window;
        for (const x of spread) ss += (x - mean) ** 2;
        const sd = Math.sqrt(ss / p.window);
        if (!(sd > 0)) return;
        const z = (spread[(filled - 1) % p.window]! - mean) / sd;
        const leg = p.gross / 2;
        if (side === 0) {
          if (z > p.entry) side = -1;
          else if (z < -p.entry) side = 1;
          else return;
          ctx.rebalance({ [a]: side * leg, [b]: -side * leg });
        } else if (side * z > -p.exit || Math.abs(z) > p.stop) {
          // back through the exit level (z has crossed toward and past ±exit), or the spread ran away
          side = 0;
          ctx.rebalance({});
        }
      },
    };
  },
});
