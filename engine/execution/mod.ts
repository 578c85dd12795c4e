/**
 * Execution: how accepted orders reach the market and fill. `simulator.ts`
 * holds orders until they can trade and fills them through one small model per
 * concern, each chosen by `kind` in the `execution` section of a config
 * (`config.ts`): latency (`latency.ts`), fill rules (`fill_model.ts`),
 * slippage (`slippage.ts`), commission (`commission.ts`) and borrow
 * (`borrow.ts`). `order.ts` carries order specs as integer codes in columns.
 * One contract test (`contract_test.ts`) runs every model.
 *
 * The timing rule is stated once, in the module doc of `simulator.ts`; each
 * model states its own rules in its file.
 *
 * **Entry points.** `createFillSimulator` and `executionModels`
 * (`simulator.ts`); `ExecutionConfigSchema` (`config.ts`); `commissionModel`
 * (`commission.ts`); `writeOrderSpec` and `OrderOptionsSchema` (`order.ts`).
 *
 * **May import:** `engine/data/bar_frame.ts`; `engine/indicators/atr.ts` and
 * `engine/indicators/cache.ts` (for `atrFraction` slippage);
 * `engine/random.ts` (the seeded latency draws) and `engine/normal.ts` (their
 * inverse CDF); `engine/result.ts`
 * (its types, and the number bounds `MIN_PRICE`/`MAX_PRICE`); as types only, `engine/strategy/types.ts`
 * (`OrderOptions`);
 * `engine/errors.ts`; `engine/instruments/tick.ts` (rounding to an instrument's tick); `zod`. Never the portfolio,
 * the risk gate or strategy
 * values: positions reach the simulator through its `PositionView` interface.
 *
 * @example A per-share commission with a minimum, bound to the whole order
 * ```ts
 * import assert from "node:assert/strict";
 * import { commissionModel } from "./commission.ts";
 * const fee = commissionModel({ kind: "perShare", rate: 0.005, minimum: 1 });
 * assert.equal(fee(100, 50, { qty: 0, notional: 0, fee: 0 }), 1); // 0.50, raised to the minimum
 * assert.equal(fee(300, 50, { qty: 100, notional: 5000, fee: 1 }), 1); // 2.00 for 400 shares, less the 1 paid
 * ```
 *
 * @module
 */
