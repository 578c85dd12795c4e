/**
 * Pre-trade risk. Every intent a strategy emits, and every closing order a
 * circuit breaker sends, passes `RiskGate.evaluate` (`gate.ts`), which sizes
 * it (`sizing.ts`), fits it to the limits (`limits.ts`), the circuit breakers
 * (`breakers.ts`) and the cooldown (`cooldown.ts`), and answers accepted,
 * resized or denied. A denial is data with a rule id from one table
 * (`rules.ts`), never an exception. `config.ts` is the `risk` section of a
 * config.
 *
 * **Entry points.** `createRiskGate` (`gate.ts`); `RiskConfigSchema`
 * (`config.ts`); `RISK_RULES` (`rules.ts`); `createSizer` and `floorToLot`
 * (`sizing.ts`).
 *
 * **May import:** `engine/data/config.ts` and `engine/data/trading_day.ts`;
 * `engine/indicators/atr.ts` and `engine/indicators/cache.ts` (the ATR that
 * `atrVolatility` sizing reads); as types only, `engine/result.ts` and
 * `engine/strategy/types.ts` (`IntentKind`); `zod`. Its tests and doc examples
 * also import `engine/config/parse_config.ts`, `engine/data/bar_frame.ts` and
 * `engine/errors.ts`. Never the portfolio, execution, strategy values or the
 * run: the gate sees the book through its own `RiskState`.
 *
 * @example Sizing rounds down to whole lots
 * ```ts
 * import assert from "node:assert/strict";
 * import { SizingSchema } from "./config.ts";
 * import { createSizer } from "./sizing.ts";
 * const sizer = createSizer(SizingSchema.parse({ kind: "percentEquity", fraction: 0.5, lotSize: 10 }));
 * assert.equal(sizer.size(0, 0, 30, 1000), 10); // 0.5 × 1000 ÷ 30 = 16.7, down to lots of 10
 * ```
 *
 * @module
 */
