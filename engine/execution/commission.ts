import type { ExecutionConfig } from "./config.ts";

/** Fee of one fill: never negative. */
export type CommissionModel = (qty: number, price: number) => number;

/**
 * Build the commission model of a config.
 *
 * - `none`: 0;
 * - `percent`: `rate × qty × price`, a fraction of traded notional.
 *
 * @example
 * ```ts
 * import { commissionModel } from "./commission.ts";
 * const fee = commissionModel({ kind: "percent", rate: 0.001 });
 * console.assert(fee(100, 50) === 5);
 * ```
 */
export function commissionModel(c: ExecutionConfig["commission"]): CommissionModel {
  switch (c.kind) {
    case "none":
      return () => 0;
    case "percent": {
      const rate = c.rate;
      return (qty, price) => rate * Math.abs(qty) * price;
    }
  }
}
