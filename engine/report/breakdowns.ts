/**
 * Breakdowns of a run by symbol and by side (long versus short), built on the
 * trade-statistics and exposure kernels of `metrics/`.
 *
 * @module
 */
import type { Fill, OpenPosition, Trade } from "../result.ts";
import { exposure } from "./metrics/exposure.ts";
import { tradeStats } from "./metrics/trade_stats.ts";
import { lowerBound, lowerBoundFrom } from "../data/lower_bound.ts";

/**
 * One symbol's share of a run (see {@linkcode symbolBreakdown}).
 *
 * @example
 * ```ts
 * import type { SymbolBreakdown } from "./breakdowns.ts";
 * const share = (rows: SymbolBreakdown[], s: string) => rows.find((r) => r.symbol === s)?.totalPnl ?? 0;
 * console.log(share([], "A"));
 * ```
 */
export interface SymbolBreakdown {
  readonly symbol: string;
  /** Closed trades. */
  readonly trades: number;
  readonly wins: number;
  readonly losses: number;
  /** `wins / trades`; NaN with no trades. */
  readonly winRate: number;
  /** Σ P&L of closed trades, net of their fees and borrow. */
  readonly netPnl: number;
  /** P&L of the position still open: marked at the last close, net of its fees so far. 0 when flat. */
  readonly openPnl: number;
  /** `netPnl + openPnl`: the symbol's contribution to `finalEquity − initialCash`. */
  readonly totalPnl: number;
  /** Σ winning P&L ÷ |Σ losing P&L|; ∞ with wins and no losses, NaN with neither. */
  readonly profitFactor: number;
  readonly avgWin: number;
  readonly avgLoss: number;
  /** P&L per closed trade; NaN with no trades. */
  readonly expectancy: number;
  /** Commissions paid on the symbol's fills. */
  readonly fees: number;
  /** Fraction of the run's bars (the equity curve) that close with a position in the symbol. */
  readonly exposure: number;
}

/**
 * Closed trades of one side, and the share of bars with a position on that side (see {@linkcode sideBreakdown}).
 *
 * @example
 * ```ts
 * import type { SideBreakdown } from "./breakdowns.ts";
 * const longPnl = (rows: SideBreakdown[]) => rows.find((r) => r.side === "long")?.netPnl;
 * console.log(longPnl([]));
 * ```
 */
export interface SideBreakdown {
  readonly side: "long" | "short";
  readonly trades: number;
  readonly wins: number;
  readonly losses: number;
  readonly winRate: number;
  readonly netPnl: number;
  readonly profitFactor: number;
  readonly avgWin: number;
  readonly avgLoss: number;
  readonly expectancy: number;
  /** Fees and borrow of the side's closed trades. */
  readonly fees: number;
  /** Mean holding time of the side's closed trades, ms; NaN with none. */
  readonly avgHoldingMs: number;
  /** Fraction of bars that close with at least one position on this side. */
  readonly exposure: number;
}

/**
 * Mark in `mask` the bars of `tsMs` that close with the position of a trade
 * open: a trade entered in the bar starting at `entry` and closed in the bar
 * starting at `exit` is held at the closes of bars `entry ≤ t < exit` (a
 * `closeAtEnd` exit, stamped at the last close, covers the last bar; a trade
 * opened and closed in one bar covers none). An open position runs to the end.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { markHeldBars } from "./breakdowns.ts";
 * const mask = new Uint8Array(5);
 * markHeldBars(mask, Float64Array.of(0, 1, 2, 3, 4), [{ entryTimeMs: 1, exitTimeMs: 3 }], [{ entryTimeMs: 4 }]);
 * assert.deepEqual([...mask], [0, 1, 1, 0, 1]);
 * ```
 */
export function markHeldBars(
  mask: Uint8Array,
  tsMs: Float64Array,
  trades: readonly { readonly entryTimeMs: number; readonly exitTimeMs: number }[],
  open: readonly { readonly entryTimeMs: number }[] = [],
): Uint8Array {
  // trades come in exit order, so their times mostly move forward: each search starts from the previous answer
  let hint = 0;
  for (const t of trades) {
    const a = lowerBoundFrom(tsMs, t.entryTimeMs, hint), b = lowerBoundFrom(tsMs, t.exitTimeMs, a);
    if (b > a) mask.fill(1, a, b);
    hint = b;
  }
  for (const p of open) mask.fill(1, lowerBound(tsMs, p.entryTimeMs));
  return mask;
}

/**
 * Per-symbol breakdown, one row per symbol in `symbols` order (symbols that
 * never traded get zero counts and NaN ratios). Win, loss and profit factor
 * follow {@linkcode tradeStats}: a zero-P&L trade is neither a win nor a loss.
 *
 * `totalPnl` is computed from the fills (cash paid and received, commissions),
 * the borrow carried by the symbol's trades, and the final position at its
 * last close, so the symbols' `totalPnl` add up to `finalEquity − initialCash`.
 *
 * @example One winning round trip in A, nothing in B
 * ```ts
 * import assert from "node:assert/strict";
 * import { symbolBreakdown } from "./breakdowns.ts";
 * const fill = (side: "buy" | "sell", price: number, tsMs: number) => ({
 *   orderId: 0, tsMs, symbol: "A", side, qty: 10, price, fee: 1,
 *   orderType: "market", reason: "open", liquidity: "taker", slippage: 0,
 * } as const);
 * const [a, b] = symbolBreakdown({
 *   symbols: ["A", "B"],
 *   trades: [{ symbol: "A", side: "long", qty: 10, entryTimeMs: 1, entryPrice: 10, exitTimeMs: 3, exitPrice: 12, pnl: 18, fees: 2 }],
 *   fills: [fill("buy", 10, 1), fill("sell", 12, 3)],
 *   openPositions: [],
 *   tsMs: Float64Array.of(0, 1, 2, 3),
 * });
 * assert.equal(a!.totalPnl, 18);
 * assert.equal(a!.exposure, 0.5); // holds at the closes of bars 1 and 2
 * assert.equal(a!.profitFactor, Infinity);
 * assert.equal(b!.trades, 0);
 * assert.ok(Number.isNaN(b!.winRate));
 * ```
 */
export function symbolBreakdown(input: {
  readonly symbols: readonly string[];
  readonly trades: readonly Trade[];
  readonly fills: readonly Fill[];
  readonly openPositions: readonly OpenPosition[];
  /** The equity curve's bar times. */
  readonly tsMs: Float64Array;
}): SymbolBreakdown[] {
  const { symbols, tsMs } = input;
  const id = new Map(symbols.map((s, i) => [s, i]));
  const k = symbols.length;
  const trades: Trade[][] = symbols.map(() => []);
  const open: (OpenPosition | undefined)[] = new Array(k);
  const cashFlow = new Float64Array(k), fillFees = new Float64Array(k), tradeFees = new Float64Array(k);
  for (const t of input.trades) {
    const s = id.get(t.symbol);
    if (s === undefined) continue;
    trades[s]!.push(t);
    tradeFees[s] = tradeFees[s]! + t.fees;
  }
  for (const f of input.fills) {
    const s = id.get(f.symbol);
    if (s === undefined) continue;
    cashFlow[s] = cashFlow[s]! + (f.side === "buy" ? -f.qty : f.qty) * f.price - f.fee;
    fillFees[s] = fillFees[s]! + f.fee;
  }
  for (const p of input.openPositions) {
    const s = id.get(p.symbol);
    if (s !== undefined) open[s] = p;
  }
  const mask = new Uint8Array(tsMs.length);
  return symbols.map((symbol, s) => {
    const st = tradeStats(trades[s]!);
    const p = open[s];
    // trade and open-position fees are fill fees plus borrow, so the difference is the symbol's borrow
    const borrow = tradeFees[s]! + (p?.fees ?? 0) - fillFees[s]!;
    const totalPnl = cashFlow[s]! + (p === undefined ? 0 : p.qty * p.lastClose) - borrow;
    mask.fill(0);
    markHeldBars(mask, tsMs, trades[s]!, p === undefined ? [] : [p]);
    return {
      symbol,
      trades: st.numTrades,
      wins: st.numWins,
      losses: st.numLosses,
      winRate: st.winRate,
      netPnl: st.netPnl,
      openPnl: totalPnl - st.netPnl,
      totalPnl,
      profitFactor: st.profitFactor,
      avgWin: st.avgWin,
      avgLoss: st.avgLoss,
      expectancy: st.expectancy,
      fees: fillFees[s]!,
      exposure: exposure(mask),
    };
  });
}

/**
 * Long versus short: the closed trades of each side through
 * {@linkcode tradeStats}, and each side's exposure (bars closing with at least
 * one position on that side, open positions included).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sideBreakdown } from "./breakdowns.ts";
 * const t = (side: "long" | "short", pnl: number) =>
 *   ({ symbol: "A", side, qty: 1, entryTimeMs: 0, entryPrice: 10, exitTimeMs: 2, exitPrice: 11, pnl, fees: 0 });
 * const [long, short] = sideBreakdown({ trades: [t("long", 5), t("long", -1), t("short", 2)], openPositions: [], tsMs: Float64Array.of(0, 1, 2, 3) });
 * assert.equal(long!.trades, 2);
 * assert.equal(long!.profitFactor, 5);
 * assert.equal(short!.netPnl, 2);
 * assert.equal(short!.exposure, 0.5);
 * ```
 */
export function sideBreakdown(input: {
  readonly trades: readonly Trade[];
  readonly openPositions: readonly OpenPosition[];
  readonly tsMs: Float64Array;
}): SideBreakdown[] {
  const mask = new Uint8Array(input.tsMs.length);
  return (["long", "short"] as const).map((side) => {
    const trades = input.trades.filter((t) => t.side === side);
    const open = input.openPositions.filter((p) => (side === "long" ? p.qty > 0 : p.qty < 0));
    const st = tradeStats(trades);
    mask.fill(0);
    markHeldBars(mask, input.tsMs, trades, open);
    return {
      side,
      trades: st.numTrades,
      wins: st.numWins,
      losses: st.numLosses,
      winRate: st.winRate,
      netPnl: st.netPnl,
      profitFactor: st.profitFactor,
      avgWin: st.avgWin,
      avgLoss: st.avgLoss,
      expectancy: st.expectancy,
      fees: st.totalFees,
      avgHoldingMs: st.avgHoldingMs,
      exposure: exposure(mask),
    };
  });
}
