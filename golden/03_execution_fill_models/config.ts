/**
 * Golden case 3: the fill simulator under every model at once, on two
 * symbols of hourly bars (7 a session, with overnight gaps): seeded
 * lognormal latency (median 20 minutes, so an order misses the next open
 * inside a session and trades from a later bar, or at the next session's
 * open overnight), a 10 % participation cap that splits orders into partial
 * fills, zipline's volume-share slippage on every part, and a per-share
 * commission with a minimum.
 *
 * The strategy works resting orders only: a limit entry below the close in
 * an uptrend, a stop entry above the channel high otherwise, and a
 * protective sell stop below the close while long. Overnight gaps open
 * through those prices, so some fill at the open (`gap`), others inside the
 * bar (`intrabar`).
 */
import { z } from "zod";
import { defineConfig, defineStrategy, type Series } from "../../mod.ts";

const cents = (x: number) => Math.round(x * 100) / 100;

/**
 * Limit and stop entries, stop exits. Params: `trend` (SMA length),
 * `channel` (breakout lookback), `atr`, `pullbackAtr` (limit offset below
 * the close), `stopAtr` (exit stop offset), `entryBars` (entry lifetime).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { restingOrders } from "./config.ts";
 * assert.ok(restingOrders.params.parse({}).entryBars === 4);
 * ```
 */
export const restingOrders = defineStrategy({
  name: "restingOrders",
  params: z.strictObject({
    trend: z.number().int().min(2).default(20),
    channel: z.number().int().min(2).default(10),
    atr: z.number().int().min(1).default(14),
    pullbackAtr: z.number().min(0).default(0.5),
    stopAtr: z.number().positive().default(1.5),
    entryBars: z.number().int().min(1).default(4),
  }),
  create(p, setup) {
    const sma: Series[] = [], high: Series[] = [], atr: Series[] = [];
    setup.symbols.forEach((_, s) => {
      const ind = setup.indicators(s);
      sma.push(ind.sma(p.trend));
      high.push(ind.highest(p.channel, "high"));
      atr.push(ind.atr(p.atr));
    });
    return {
      onBar(ctx) {
        const s = ctx.symbol, a = atr[s]!.at(0), m = sma[s]!.at(0), c = ctx.bars.close.at(0);
        if (!(a > 0 && m === m)) return;
        const pos = ctx.position();
        if (ctx.pending() !== 0) return;
        if (pos === 0) {
          const timeInForce = { bars: p.entryBars };
          if (c > m) ctx.buy(undefined, { type: "limit", limitPrice: cents(c - p.pullbackAtr * a), timeInForce });
          else ctx.buy(undefined, { type: "stop", stopPrice: cents(high[s]!.at(0) + 0.01), timeInForce });
        } else if (pos > 0) {
          ctx.sell(pos, { type: "stop", stopPrice: cents(c - p.stopAtr * a), timeInForce: { bars: 1 } });
        }
      },
    };
  },
});

export default defineConfig({
  name: "golden_03_execution_fill_models",
  data: { source: "golden/03_execution_fill_models/data/*.csv" },
  capital: 1_000_000,
  strategy: { use: restingOrders, params: {} },
  risk: { sizing: { kind: "fixedQty", qty: 3000 } },
  execution: {
    latency: { kind: "lognormal", medianMs: 1_200_000, sigma: 0.8, maxMs: 10_800_000 },
    slippage: { kind: "volumeShare", impact: 0.1 },
    commission: { kind: "perShare", rate: 0.005, minimum: 1 },
    participation: { maxVolumeFraction: 0.1 },
  },
  seed: 303,
  output: { formats: ["json", "csv"] },
});
