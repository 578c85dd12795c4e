/**
 * The risk engine at work: a turtle-style breakout system that pyramids
 * into its winners, on the four sample symbols, under a full risk config.
 * Every risk rule denies or resizes orders somewhere in this run; the
 * summary prints the counts by rule, and `out/risk_demo/` holds each
 * denial (`denials.csv`, `result.json`), each resize and each breaker trip
 * (`result.json`).
 *
 *   deno task backtest configs/risk_demo.ts
 *
 * The strategy, per symbol, at each close:
 *
 * - flat: buy on a close above the highest high of the previous `entry`
 *   bars, sell short on a close below the lowest low;
 * - in a position: add one more unit on every new `entry`-bar extreme in
 *   its direction (the pyramiding is what runs into the per-symbol and
 *   exposure limits);
 * - exit on a close through the `exit`-bar channel the other way.
 *
 * Units are sized by the risk config (1 % of equity per 2 ATRs), not by the
 * strategy.
 */
import { z } from "zod";
import { defineConfig, defineStrategy, type Series } from "../mod.ts";

/** Turtle-style breakout with pyramiding; entries and adds are sized by the risk config. */
export const turtlePyramid = defineStrategy({
  name: "turtlePyramid",
  params: z.strictObject({
    /** Breakout channel, in bars. */
    entry: z.number().int().min(2).default(20),
    /** Exit channel, in bars. */
    exit: z.number().int().min(2).default(10),
  }),
  create(p, setup) {
    const hiE: Series[] = [], loE: Series[] = [], hiX: Series[] = [], loX: Series[] = [];
    setup.symbols.forEach((_, s) => {
      const ind = setup.indicators(s);
      hiE.push(ind.highest(p.entry, "high"));
      loE.push(ind.lowest(p.entry, "low"));
      hiX.push(ind.highest(p.exit, "high"));
      loX.push(ind.lowest(p.exit, "low"));
    });
    return {
      onBar(ctx) {
        const s = ctx.symbol;
        const c = ctx.bars.close.at(0);
        const up = c > hiE[s]!.at(1), down = c < loE[s]!.at(1);
        const exposure = ctx.position() + ctx.pending();
        if (exposure > 0) {
          if (c < loX[s]!.at(1)) ctx.close();
          else if (up) ctx.buy();
        } else if (exposure < 0) {
          if (c > hiX[s]!.at(1)) ctx.close();
          else if (down) ctx.sell();
        } else if (up) ctx.buy();
        else if (down) ctx.sell();
      },
    };
  },
});

export default defineConfig({
  name: "risk_demo",
  // AAA, BBB, CCC, DDD from mid-2016: the drawdown stop then trips late in the run, after every other rule has acted
  data: { source: "data/sample/???.csv", from: "2016-06-01" },
  capital: 100_000,
  strategy: { use: turtlePyramid, params: { entry: 10, exit: 20 } },
  risk: {
    // 1 % of equity per 2 ATR(20), in lots of 5; the first 20 bars of each symbol are atr-warmup
    sizing: {
      kind: "atrVolatility",
      riskFraction: 0.01,
      atrPeriod: 20,
      atrMultiple: 2,
      lotSize: 5,
      minQty: 200,
      maxQty: 2500,
    },
    limits: {
      mode: "deny",
      maxPositions: 3,
      perSymbol: { maxQty: 3000, maxNotional: 40_000, maxPercentEquity: { max: 0.3, mode: "clip" } },
      symbols: { DDD: { allowShort: false, maxQty: 2000 } }, // DDD is hard to borrow
      grossExposure: { max: 0.8, mode: "clip" },
      // the long cap binds before the net cap on buys; the net cap binds on sells
      netExposure: 0.5,
      longExposure: 0.45,
      shortExposure: 0.5,
      account: { kind: "cash", minCash: 60_000 }, // a cash account keeping 60,000 in reserve
    },
    breakers: {
      dailyLossLimit: { percent: 0.015 },
      maxDrawdownStop: { percent: 0.2, flatten: true },
    },
    cooldown: { bars: 5, after: "losingExit" },
  },
  execution: { commission: { kind: "percent", rate: 0.0005 } },
  seed: 1,
  output: { formats: ["json", "csv"] },
});
