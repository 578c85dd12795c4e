/**
 * Accounting: cash, positions, average prices, realised P&L, fees, borrow
 * costs and round-trip trades, one slot per symbol id in preallocated columns.
 * The module doc of `portfolio.ts` states the accounting rules, equity
 * included. Fills reach it from the run loop (`engine/backtest.ts`); it knows
 * nothing of orders, risk or strategies.
 *
 * **Entry points.** `createPortfolio`, `applyFill`, `equityOf`, `chargeBorrow`
 * and `openPositions` (`portfolio.ts`).
 *
 * **May import:** `engine/result.ts` (the `Trade` and `OpenPosition` record
 * types), as types only, and nothing else.
 *
 * @example A round trip, net of its fees
 * ```ts
 * import assert from "node:assert/strict";
 * import type { Trade } from "../result.ts";
 * import { applyFill, createPortfolio } from "./portfolio.ts";
 * const p = createPortfolio(1000, 1), trades: Trade[] = [];
 * applyFill(p, 0, 10, 5, 1, 0, "A", trades); // buy 10 at 5, fee 1
 * applyFill(p, 0, -10, 7, 1, 1, "A", trades); // sell 10 at 7, fee 1
 * assert.equal(p.cash, 1000 - 51 + 69);
 * assert.equal(trades[0]!.pnl, 10 * (7 - 5) - 2);
 * ```
 *
 * @module
 */
