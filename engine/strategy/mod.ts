/**
 * The strategy contract and the engine's side of it: `defineStrategy` and the
 * types a strategy is written against (`types.ts`, whose module doc says when
 * each hook runs); the setup a strategy's `create` gets (`setup.ts`: symbols,
 * price series, indicators, coarser timeframes, per-symbol state); the
 * lag-only series views (`series.ts`: `at(k)` reads k bars back, never ahead);
 * and the reusable context every hook gets, with the intent buffer it fills
 * (`context.ts`). It holds no order, risk or fill logic: intents go to the
 * risk gate and the fill simulator, which the run (`engine/backtest.ts`) wires
 * together.
 *
 * **Entry points.** `defineStrategy`, `Strategy`, `StrategyDefinition`,
 * `BarContext`, `StepContext` and `Series` (`types.ts`); `createSetup` and
 * `RunViews` (`setup.ts`); `EngineContext` and `IntentBuffer` (`context.ts`).
 *
 * **May import:** `engine/data/` (`bar_frame.ts`, `resample.ts`,
 * `trading_day.ts`); `engine/indicators/` (`cache.ts`, `define_indicator.ts`,
 * `library.ts`); `engine/execution/order.ts` (order specs) and, as a type
 * only, `engine/execution/simulator.ts` (`OrderDesk`); `engine/risk/sizing.ts`
 * (`floorToLot`); as types only, `engine/portfolio/portfolio.ts` and
 * `engine/result.ts`; `engine/errors.ts`; `zod`. Never `engine/backtest.ts`,
 * `engine/config/`, `engine/report/` or the study folders.
 *
 * @example A strategy definition
 * ```ts
 * import assert from "node:assert/strict";
 * import { z } from "zod";
 * import { defineStrategy, isStrategyDefinition } from "./types.ts";
 * const buyOnce = defineStrategy({
 *   name: "buyOnce",
 *   params: z.strictObject({ qty: z.number().int().min(1).default(10) }),
 *   create: (p) => ({ onBar: (ctx) => void (ctx.exposure() === 0 && ctx.buy(p.qty)) }),
 * });
 * assert.ok(isStrategyDefinition(buyOnce));
 * assert.equal(buyOnce.params.parse({}).qty, 10);
 * ```
 *
 * @module
 */
