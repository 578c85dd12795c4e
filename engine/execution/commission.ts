/**
 * Commission models: what a fill costs.
 *
 * A commission is defined on a whole order, so that a per-order minimum,
 * maximum or fixed fee stays right when the order fills in parts: each fill
 * pays the order's commission on everything filled so far (this fill
 * included), less what its earlier fills already paid. A single whole fill
 * simply pays the model's fee.
 *
 * | kind       | commission of an order that has filled `q` units for notional `N` |
 * | ---------- | ------------------------------------------------------------------ |
 * | `none`     | 0                                                                  |
 * | `percent`  | `clamp(rate × N, minimum, maximum)`                                |
 * | `perShare` | `clamp(rate × q, minimum, maximum)`                                |
 * | `fixed`    | `amount` (paid by the first fill)                                  |
 *
 * @module
 */
import type { CommissionConfig } from "./config.ts";

/**
 * What an order has filled and paid before the fill being priced.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { commissionModel, type OrderCosts } from "./commission.ts";
 * const prior: OrderCosts = { qty: 100, notional: 5000, fee: 1 };
 * assert.ok(commissionModel({ kind: "fixed", amount: 1 })(50, 50, prior) === 0);
 * ```
 */
export interface OrderCosts {
  /** Units filled so far (unsigned). */
  readonly qty: number;
  /** Notional filled so far: Σ qty × price. */
  readonly notional: number;
  /** Commission paid so far. */
  readonly fee: number;
}

/**
 * An order with nothing filled yet.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { NO_PRIOR_FILLS } from "./commission.ts";
 * assert.ok(NO_PRIOR_FILLS.qty === 0 && Object.isFrozen(NO_PRIOR_FILLS));
 * ```
 */
export const NO_PRIOR_FILLS: OrderCosts = Object.freeze({ qty: 0, notional: 0, fee: 0 });

/**
 * Fee of one fill of `qty` units (sign ignored) at `price`, given what the
 * order filled and paid before it. Never negative.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { type CommissionModel, commissionModel } from "./commission.ts";
 * const fee: CommissionModel = commissionModel({ kind: "perShare", rate: 0.01 });
 * assert.ok(fee(-200, 30) === 2);
 * ```
 */
export type CommissionModel = (qty: number, price: number, prior?: OrderCosts) => number;

/**
 * Build the commission model of a config.
 *
 * @example Percent of notional, and a per-share fee with a per-order minimum over two partial fills
 * ```ts
 * import assert from "node:assert/strict";
 * import { commissionModel } from "./commission.ts";
 * const pct = commissionModel({ kind: "percent", rate: 0.001 });
 * assert.ok(pct(100, 50) === 5);
 * const ps = commissionModel({ kind: "perShare", rate: 0.005, minimum: 1 });
 * const first = ps(100, 20); // 0.5 by rate, raised to the minimum
 * const second = ps(300, 20, { qty: 100, notional: 2000, fee: first }); // 400 × 0.005 = 2 in all
 * assert.ok(first === 1 && second === 1);
 * ```
 */
export function commissionModel(c: CommissionConfig): CommissionModel {
  switch (c.kind) {
    case "none":
      return () => 0;
    case "percent": {
      const rate = c.rate, lo = c.minimum ?? 0, hi = c.maximum ?? Infinity;
      if (lo === 0 && hi === Infinity) {
        return (qty, price, prior = NO_PRIOR_FILLS) =>
          prior.qty === 0
            ? rate * Math.abs(qty) * price
            : increment(rate * (prior.notional + Math.abs(qty) * price), prior);
      }
      return (qty, price, prior = NO_PRIOR_FILLS) =>
        increment(clamp(rate * (prior.notional + Math.abs(qty) * price), lo, hi), prior);
    }
    case "perShare": {
      const rate = c.rate, lo = c.minimum ?? 0, hi = c.maximum ?? Infinity;
      return (qty, _price, prior = NO_PRIOR_FILLS) =>
        increment(clamp(rate * (prior.qty + Math.abs(qty)), lo, hi), prior);
    }
    case "fixed": {
      const amount = c.amount;
      return (_qty, _price, prior = NO_PRIOR_FILLS) => (prior.qty === 0 ? amount : 0);
    }
  }
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

/** This fill's share of the order's commission: never negative. */
function increment(total: number, prior: OrderCosts): number {
  const d = total - prior.fee;
  return d > 0 ? d : 0;
}
