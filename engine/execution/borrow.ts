/**
 * Borrow cost of short positions.
 *
 * **Accrual rule.** A short position pays for each UTC midnight it is held
 * over, calendar days (weekends included), as brokers charge. The simulator
 * settles it at the open of each bar of the symbol: `days` is the number of
 * UTC midnights since the last settlement (or since the fill that opened the
 * short), and the notional is the short quantity at the last close. The cost
 * is paid from cash and added to the open trade's fees, so a short round
 * trip's P&L is net of its borrow cost.
 *
 * @module
 */
import type { BorrowConfig } from "./config.ts";

/**
 * A borrow model: the cost of holding `shortNotional` (≥ 0) short for `days` days, never negative.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { type BorrowModel, borrowModel } from "./borrow.ts";
 * const none: BorrowModel = borrowModel({ kind: "none" });
 * assert.ok(!none.active && none.cost(1000, 1) === 0);
 * ```
 */
export interface BorrowModel {
  /** False for `none`: the simulator skips accrual altogether. */
  readonly active: boolean;
  cost(shortNotional: number, days: number): number;
}

/**
 * Build the borrow model of a config.
 *
 * @example 3 % a year on 10,000 short over a weekend (3 days, 360-day year)
 * ```ts
 * import assert from "node:assert/strict";
 * import { borrowModel } from "./borrow.ts";
 * const m = borrowModel({ kind: "annualRate", rate: 0.03, daysPerYear: 360 });
 * assert.ok(Math.abs(m.cost(10_000, 3) - 2.5) < 1e-12);
 * ```
 */
export function borrowModel(c: BorrowConfig): BorrowModel {
  switch (c.kind) {
    case "none":
      return { active: false, cost: () => 0 };
    case "annualRate": {
      const daily = c.rate / c.daysPerYear;
      return { active: daily > 0, cost: (notional, days) => notional * daily * days };
    }
  }
}
