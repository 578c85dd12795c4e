/**
 * Donchian channel breakout, across any number of symbols.
 *
 * At each bar's close, per symbol:
 *
 * - **Long entry** when the close is above the highest high of the previous
 *   `entry` bars (the current bar excluded), when flat.
 * - **Short entry** (if `allowShort`) when the close is below the lowest low
 *   of the previous `entry` bars, when flat.
 * - **Exit** a long when the close falls below the lowest low of the previous
 *   `exit` bars; a short when it rises above the highest high of the previous
 *   `exit` bars.
 *
 * Entries are sized by the config's risk sizing. Orders still in flight count
 * as position, so a signal is never doubled.
 *
 * @module
 */
import { z } from "zod";
import { defineStrategy, type Series } from "../mod.ts";

/** Params of {@linkcode donchianBreakout}. */
export const DonchianParams = z.strictObject({
  /** Channel length for entries, in bars. */
  entry: z.number().int().min(2).default(20),
  /** Channel length for exits, in bars. */
  exit: z.number().int().min(2).default(10),
  /** Also trade downside breakouts. */
  allowShort: z.boolean().default(false),
});

/**
 * The Donchian breakout strategy.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { donchianBreakout } from "./donchian_breakout.ts";
 * assert.ok(donchianBreakout.params.parse({}).entry === 20);
 * ```
 */
export const donchianBreakout = defineStrategy({
  name: "donchianBreakout",
  params: DonchianParams,
  create(p, setup) {
    const upE: Series[] = [], dnE: Series[] = [], upX: Series[] = [], dnX: Series[] = [];
    setup.symbols.forEach((_, s) => {
      const ind = setup.indicators(s);
      upE.push(ind.highest(p.entry, "high"));
      dnE.push(ind.lowest(p.entry, "low"));
      upX.push(ind.highest(p.exit, "high"));
      dnX.push(ind.lowest(p.exit, "low"));
    });
    return {
      onBar(ctx) {
        const s = ctx.symbol;
        const c = ctx.bars.close.at(0);
        const exposure = ctx.position() + ctx.pending();
        if (exposure > 0) {
          if (c < dnX[s]!.at(1)) ctx.close();
        } else if (exposure < 0) {
          if (c > upX[s]!.at(1)) ctx.close();
        } else if (c > upE[s]!.at(1)) {
          ctx.buy();
        } else if (p.allowShort && c < dnE[s]!.at(1)) {
          ctx.sell();
        }
      },
    };
  },
});
