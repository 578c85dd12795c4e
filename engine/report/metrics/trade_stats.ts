/**
 * Statistics over closed trades.
 *
 * @module
 */

/**
 * A closed (round-trip) trade as the statistics read it.
 *
 * @example A winning long trade that risked 50
 * ```ts
 * import assert from "node:assert/strict";
 * import type { ClosedTrade } from "./trade_stats.ts";
 * const t: ClosedTrade = {
 *   pnl: 95, fees: 5, entryTimeMs: 0, exitTimeMs: 86_400_000,
 *   qty: 10, entryPrice: 100, initialRisk: 50,
 * };
 * assert.ok(t.pnl / t.initialRisk! === 1.9);
 * ```
 */
export interface ClosedTrade {
  /** Realised P&L in account currency, **net** of fees; finite. */
  pnl: number;
  /** Fees and commissions paid on the round trip (entry + exit), ≥ 0. */
  fees: number;
  /** Entry fill time, epoch ms. */
  entryTimeMs: number;
  /** Exit fill time, epoch ms. */
  exitTimeMs: number;
  /** Quantity traded. */
  qty: number;
  /** Average entry price. */
  entryPrice: number;
  /**
   * Currency amount at risk at entry (e.g. `|entry − stop| · qty`), > 0; one R. The engine's trades carry it for
   * ATR-sized and stop-loss entries (docs/execution.md); NaN or absent: unknown, and the trade has no R-multiple.
   */
  initialRisk?: number;
}

/**
 * Trade statistics returned by {@linkcode tradeStats}. A trade is a **win**
 * when `pnl > 0`, a **loss** when `pnl < 0`, and **break-even** when
 * `pnl === 0`: break-even trades are neither wins nor losses but do count in
 * `numTrades`, so `winRate + lossRate + breakEven/numTrades = 1`.
 * "Undefined" statistics (averages over no trades) are NaN.
 *
 * @example Fields of an empty trade list
 * ```ts
 * import assert from "node:assert/strict";
 * import { tradeStats, type TradeStats } from "./trade_stats.ts";
 * const s: TradeStats = tradeStats([]);
 * assert.ok(s.numTrades === 0 && Number.isNaN(s.winRate) && s.totalFees === 0);
 * ```
 */
export interface TradeStats {
  /** Number of closed trades. */
  numTrades: number;
  /** Trades with `pnl > 0`. */
  numWins: number;
  /** Trades with `pnl < 0`. */
  numLosses: number;
  /** Trades with `pnl === 0` (neither wins nor losses). */
  numBreakEven: number;
  /** `numWins / numTrades`; NaN with no trades. */
  winRate: number;
  /** `numLosses / numTrades`; NaN with no trades. */
  lossRate: number;
  /** Σ pnl of wins (≥ 0; 0 with no wins). */
  grossProfit: number;
  /** Σ pnl of losses (≤ 0; 0 with no losses). */
  grossLoss: number;
  /** Σ pnl of all trades, net of fees (0 with no trades). */
  netPnl: number;
  /** `grossProfit / numWins` (> 0); NaN with no wins. */
  avgWin: number;
  /** `grossLoss / numLosses` (negative); NaN with no losses. */
  avgLoss: number;
  /** Largest winning pnl (> 0); NaN with no wins. */
  largestWin: number;
  /** Most negative losing pnl (< 0); NaN with no losses. */
  largestLoss: number;
  /**
   * Expectancy in currency per trade: `winRate·avgWin − lossRate·|avgLoss|`,
   * with a rate-0 term taken as 0 (so no wins or no losses is still defined).
   * Equals `netPnl / numTrades`. NaN with no trades.
   */
  expectancy: number;
  /** Trades with a usable `initialRisk` (finite and > 0). */
  numRTrades: number;
  /**
   * The average trade in R: the mean R-multiple `pnl / initialRisk` over those trades, which is Van Tharp's
   * expectancy in R (*Trade Your Way to Financial Freedom*, 2nd ed., 2007, ch. 7); NaN if none.
   */
  expectancyR: number;
  /**
   * The median trade in R: the median of those R-multiples, the mean of the two middle ones for an even count (as
   * `numpy.median`); NaN if none.
   */
  medianR: number;
  /**
   * `grossProfit / |grossLoss|`: `Infinity` with wins but no losses, 0 with
   * losses but no wins, NaN with neither (no trades, or only break-even).
   */
  profitFactor: number;
  /** Mean `exitTimeMs − entryTimeMs` over all trades; NaN with no trades. */
  avgHoldingMs: number;
  /** Σ fees (0 with no trades). */
  totalFees: number;
}

/**
 * A trade's R-multiple, `pnl / initialRisk`, where its initial risk is known (finite and > 0, as
 * `tradeStats` counts it); else NaN.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { rMultiple } from "./trade_stats.ts";
 * assert.equal(rMultiple({ pnl: -50, initialRisk: 50 }), -1);
 * assert.ok(Number.isNaN(rMultiple({ pnl: 10 })) && Number.isNaN(rMultiple({ pnl: 10, initialRisk: NaN })));
 * ```
 */
export function rMultiple(t: { readonly pnl: number; readonly initialRisk?: number }): number {
  const risk = t.initialRisk;
  return risk !== undefined && risk > 0 && risk < Infinity ? t.pnl / risk : NaN;
}

/**
 * Statistics of a list of closed trades in one pass: counts, win/loss rates,
 * average and largest win/loss, expectancy (currency and R-multiples), the
 * median R-multiple, profit factor, average holding time and total fees. Conventions are documented on
 * {@linkcode TradeStats}: `pnl` is net of fees; `pnl === 0` is break-even
 * (neither win nor loss, but counted in `numTrades`); empty input gives
 * `numTrades` 0, zero sums and NaN for every rate/average/ratio.
 *
 * @example Two wins, one loss, one scratch
 * ```ts
 * import assert from "node:assert/strict";
 * import { tradeStats } from "./trade_stats.ts";
 *
 * const t = (pnl: number) => ({ pnl, fees: 1, entryTimeMs: 0, exitTimeMs: 60_000, qty: 1, entryPrice: 100 });
 * const s = tradeStats([t(30), t(10), t(-20), t(0)]);
 * assert.equal(s.winRate, 0.5); // 2 / 4
 * assert.equal(s.expectancy, 5); // 0.5·20 − 0.25·20 = (30 + 10 − 20 + 0) / 4
 * assert.equal(s.profitFactor, 2); // 40 / 20
 * ```
 *
 * @example R-multiples: the average and the median trade in R
 * ```ts
 * import assert from "node:assert/strict";
 * import { tradeStats } from "./trade_stats.ts";
 *
 * const t = (pnl: number, initialRisk: number) => ({ pnl, fees: 0, entryTimeMs: 0, exitTimeMs: 1, qty: 1, entryPrice: 10, initialRisk });
 * const s = tradeStats([t(300, 100), t(-100, 100), t(50, 100), t(20, NaN)]); // R = 3, −1, 0.5; the last has none
 * assert.equal(s.numRTrades, 3);
 * assert.equal(s.expectancyR, 2.5 / 3); // (3 − 1 + 0.5) / 3
 * assert.equal(s.medianR, 0.5); // the middle of −1, 0.5, 3
 * ```
 */
export function tradeStats(trades: readonly ClosedTrade[]): TradeStats {
  const n = trades.length;
  let numWins = 0;
  let numLosses = 0;
  let grossProfit = 0;
  let grossLoss = 0;
  let largestWin = NaN;
  let largestLoss = NaN;
  let numR = 0;
  let sumR = 0;
  let rs: Float64Array | undefined;
  let sumHold = 0;
  let totalFees = 0;
  for (let i = 0; i < n; i++) {
    const t = trades[i]!;
    const pnl = t.pnl;
    if (pnl > 0) {
      numWins++;
      grossProfit += pnl;
      if (!(pnl <= largestWin)) largestWin = pnl;
    } else if (pnl < 0) {
      numLosses++;
      grossLoss += pnl;
      if (!(pnl >= largestLoss)) largestLoss = pnl;
    }
    const r = rMultiple(t);
    if (r === r) {
      (rs ??= new Float64Array(n))[numR++] = r;
      sumR += r;
    }
    sumHold += t.exitTimeMs - t.entryTimeMs;
    totalFees += t.fees;
  }
  const netPnl = grossProfit + grossLoss;
  return {
    numTrades: n,
    numWins,
    numLosses,
    numBreakEven: n - numWins - numLosses,
    winRate: n > 0 ? numWins / n : NaN,
    lossRate: n > 0 ? numLosses / n : NaN,
    grossProfit,
    grossLoss,
    netPnl,
    avgWin: numWins > 0 ? grossProfit / numWins : NaN,
    avgLoss: numLosses > 0 ? grossLoss / numLosses : NaN,
    largestWin,
    largestLoss,
    expectancy: n > 0 ? netPnl / n : NaN,
    numRTrades: numR,
    expectancyR: numR > 0 ? sumR / numR : NaN,
    medianR: rs === undefined ? NaN : median(rs.subarray(0, numR)),
    profitFactor: numLosses > 0 ? grossProfit / -grossLoss : numWins > 0 ? Infinity : NaN,
    avgHoldingMs: n > 0 ? sumHold / n : NaN,
    totalFees,
  };
}

/** The median of `xs` (not empty), sorting it in place: the mean of the two middle values for an even length. */
function median(xs: Float64Array): number {
  xs.sort();
  const m = xs.length >> 1;
  return xs.length % 2 === 1 ? xs[m]! : (xs[m - 1]! + xs[m]!) / 2;
}
