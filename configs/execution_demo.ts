/**
 * The execution models at work: a pullback entry with a bracket, on the four
 * shipped sample symbols, with seeded lognormal latency, volume-share
 * slippage, a per-share commission with a minimum, a participation cap and a
 * borrow cost on shorts.
 *
 *   deno task backtest configs/execution_demo.ts
 *
 * The sample bars are daily and stamped at midnight UTC. `data.interval`
 * says each bar is a 390-minute session, so its close is known 6.5 hours
 * after its start and a latency of milliseconds still fills at the next open,
 * as it would in the market; with the inferred one-day interval it would miss
 * it. The timing rule is stated once, in the module doc of
 * `engine/execution/simulator.ts` (summary: `docs/timing.md`).
 *
 * @module
 */
import { z } from "zod";
import { defineConfig, defineStrategy, type Series } from "../mod.ts";

/**
 * Params of {@linkcode pullbackBracket}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { PullbackBracketParams } from "./execution_demo.ts";
 * assert.ok(!PullbackBracketParams.safeParse({ fast: 30, slow: 10 }).success);
 * ```
 */
export const PullbackBracketParams = z.strictObject({
  /** Trend filter: SMA(fast) above SMA(slow) is an uptrend. */
  fast: z.number().int().min(1).default(10),
  slow: z.number().int().min(2).default(30),
  /** ATR period for the entry offset and the bracket. */
  atr: z.number().int().min(1).default(14),
  /** The limit entry sits this many ATRs below (long) or above (short) the close. */
  entryAtr: z.number().min(0).default(0.5),
  /** Stop-loss distance from the entry, in ATRs. */
  stopAtr: z.number().positive().default(2),
  /** Take-profit distance from the entry, in ATRs. */
  targetAtr: z.number().positive().default(3),
  /** The entry works for this many bars, then expires. */
  entryBars: z.number().int().min(1).default(3),
  /** Also trade downtrends, short. */
  allowShort: z.boolean().default(true),
}).refine((p) => p.fast < p.slow, { message: "expected slow > fast", path: ["slow"] });

const cents = (x: number) => Math.round(x * 100) / 100;

/**
 * Trend-following pullback entries with bracket exits. When flat and nothing
 * is working, it places a limit entry `entryAtr` ATRs inside the close in the
 * trend's direction, valid for `entryBars` bars, with a stop-loss and a
 * take-profit. When the trend turns before the entry fills, it cancels the
 * entry; when it turns against an open position, it closes the position.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pullbackBracket } from "./execution_demo.ts";
 * assert.ok(pullbackBracket.params.parse({}).entryBars === 3);
 * ```
 */
export const pullbackBracket = defineStrategy({
  name: "pullbackBracket",
  params: PullbackBracketParams,
  create(p, setup) {
    const fast: Series[] = [], slow: Series[] = [], atr: Series[] = [];
    setup.symbols.forEach((_, s) => {
      const ind = setup.indicators(s);
      fast.push(ind.sma(p.fast));
      slow.push(ind.sma(p.slow));
      atr.push(ind.atr(p.atr));
    });
    return {
      onBar(ctx) {
        const s = ctx.symbol;
        const f = fast[s]!.at(0), sl = slow[s]!.at(0), a = atr[s]!.at(0);
        if (!(f === f && sl === sl && a > 0) || f === sl) return;
        const up = f > sl, side = up ? 1 : -1, c = ctx.bars.close.at(0);
        const pos = ctx.position(), pending = ctx.pending();
        if (pos === 0 && pending === 0) {
          if (side < 0 && !p.allowShort) return;
          const entry = cents(c - side * p.entryAtr * a);
          const stopLoss = cents(entry - side * p.stopAtr * a), takeProfit = cents(entry + side * p.targetAtr * a);
          if (!(stopLoss > 0 && takeProfit > 0 && entry > 0)) return;
          const options = {
            type: "limit",
            limitPrice: entry,
            timeInForce: { bars: p.entryBars },
            stopLoss,
            takeProfit,
          } as const;
          if (side > 0) ctx.buy(undefined, options);
          else ctx.sell(undefined, options);
        } else if (pos === 0 && Math.sign(pending) === -side) {
          // the trend turned before the entry filled
          ctx.cancel({ orders: "entries" });
        } else if (Math.sign(pos) === -side && pos + pending !== 0) {
          // the trend turned against the position: close it (reduce-only, so a bracket exit
          // that fills first cannot make this order open a new position)
          ctx.close();
        }
      },
    };
  },
});

export default defineConfig({
  name: "execution_demo",
  data: { source: "data/sample/sample.csv", interval: "390m" },
  capital: 100_000,
  strategy: { use: pullbackBracket, params: {} },
  risk: { sizing: { kind: "fixedQty", qty: 100 } },
  execution: {
    fill: { kind: "nextOpen", limitFill: "through", ambiguousBar: "stopFirst" },
    latency: { kind: "lognormal", medianMs: 40, sigma: 0.6, maxMs: 2000 },
    slippage: { kind: "volumeShare", impact: 0.1 },
    commission: { kind: "perShare", rate: 0.005, minimum: 1 },
    participation: { maxVolumeFraction: 0.1 },
    borrow: { kind: "annualRate", rate: 0.03, daysPerYear: 360 },
  },
  seed: 7,
  output: { formats: ["json", "csv"] },
});
