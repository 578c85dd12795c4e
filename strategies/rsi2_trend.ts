/**
 * RSI(2) mean reversion on intraday bars, in the direction of the daily
 * trend (after Larry Connors' RSI(2) strategy).
 *
 * At the close of each bar, per symbol:
 *
 * - **Trend filter**, from daily bars resampled from the intraday ones: up
 *   when the last completed day's close is above the SMA of the last
 *   `trendDays` daily closes. A day counts only once it has ended, so the
 *   filter never sees the day in progress.
 * - **Entry** when flat, the trend is up and RSI(`period`) of the intraday
 *   closes is below `entry`: buy (the quantity comes from the risk sizing).
 * - **Exit** when long and RSI rises above `exit`, or the trend turns down.
 *
 * @module
 */
import { z } from "zod";
import { defineStrategy } from "../mod.ts";

/** Params of {@linkcode rsi2Trend}. */
export const Rsi2TrendParams = z.strictObject({
  /** RSI period, in bars of the data. */
  period: z.number().int().min(1).default(2),
  /** Buy below this RSI. */
  entry: z.number().min(0).max(100).default(10),
  /** Sell above this RSI. */
  exit: z.number().min(0).max(100).default(70),
  /** Daily SMA length of the trend filter, in days. */
  trendDays: z.number().int().min(1).default(50),
}).refine((p) => p.entry < p.exit, { message: "expected entry < exit", path: ["exit"] });

/**
 * The RSI(2) strategy with a daily trend filter.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { rsi2Trend } from "./rsi2_trend.ts";
 * assert.ok(!rsi2Trend.params.safeParse({ entry: 80, exit: 70 }).success);
 * ```
 */
export const rsi2Trend = defineStrategy({
  name: "rsi2Trend",
  params: Rsi2TrendParams,
  create(p, setup) {
    const st = setup.perSymbol((sym) => {
      const daily = sym.timeframe("1d");
      return { rsi: sym.ind.rsi(p.period), close: daily.bars.close, trend: daily.ind.sma(p.trendDays) };
    });
    return {
      onBar(ctx) {
        const { rsi, close, trend } = st.of(ctx);
        const up = close.at(0) > trend.at(0), r = rsi.at(0);
        if (ctx.exposure() === 0) {
          if (up && r < p.entry) ctx.buy();
        } else if (ctx.position() > 0 && (r > p.exit || !up)) ctx.close();
      },
    };
  },
});
