/**
 * Cross-sectional momentum rotation: rank a universe by 12-1 month
 * momentum, hold the top N at equal weight, rebalance monthly.
 *
 * - **Momentum** of a symbol at the start of month M is its return from the
 *   close of month M−13 to the close of month M−2: the last 12 months but
 *   the most recent one (the 12-1 formation period of Jegadeesh and Titman,
 *   1993, and Fama and French's momentum factor; the skipped month avoids
 *   the short-term reversal). It reads monthly bars
 *   resampled from the daily data, so a month's close is known only once the
 *   month has ended.
 * - **Rebalance** at the close of the first trading day of each month (the
 *   first step at which the previous month's bar has closed): the top `top`
 *   symbols by momentum get `(1 − cash) / top` of equity each, everything
 *   else is sold. Sells are sent before buys, and every order passes the
 *   risk gate. Symbols with less than 13 months of history are not ranked.
 *
 * @module
 */
import { z } from "zod";
import { defineStrategy } from "../mod.ts";

/** Params of {@linkcode momentumRotation}. */
export const MomentumRotationParams = z.strictObject({
  /** At the start of month M, momentum runs from the close of month M − 1 − `lookback`… */
  lookback: z.number().int().min(1).default(12),
  /** …to the close of month M − 1 − `skip`. */
  skip: z.number().int().min(0).default(1),
  /** How many symbols to hold. */
  top: z.number().int().min(1).default(3),
  /** Fraction of equity kept in cash (for fees and price moves between decision and fill). */
  cash: z.number().min(0).max(0.5).default(0.02),
}).refine((p) => p.skip < p.lookback, { message: "expected skip < lookback", path: ["skip"] });

/**
 * The momentum rotation.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { momentumRotation } from "./momentum_rotation.ts";
 * assert.deepEqual(momentumRotation.params.parse({}), { lookback: 12, skip: 1, top: 3, cash: 0.02 });
 * ```
 */
export const momentumRotation = defineStrategy({
  name: "momentumRotation",
  params: MomentumRotationParams,
  create(p, setup) {
    const monthly = setup.perSymbol((sym) => ({ name: sym.name, close: sym.timeframe("1mo").bars.close }));
    let month = -1;
    return {
      onStep(ctx) {
        const m = new Date(ctx.tsMs).getUTCMonth();
        if (m === month) return;
        month = m;
        // at(0) is the month that just ended (M − 1), at(k) the month k before it
        const ranked = [...monthly]
          .filter(({ close }) => close.length > p.lookback)
          .map(({ name, close }) => ({ name, momentum: close.at(p.skip) / close.at(p.lookback) - 1 }))
          .sort((a, b) => b.momentum - a.momentum || (a.name < b.name ? -1 : 1));
        if (ranked.length === 0) return;
        const weight = (1 - p.cash) / p.top;
        ctx.rebalance(Object.fromEntries(ranked.slice(0, p.top).map(({ name }) => [name, weight])));
      },
    };
  },
});
