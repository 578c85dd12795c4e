/**
 * Instruments beyond cash equities: contract multipliers, ticks, lots,
 * currencies with FX conversion, and futures margin (docs/instruments.md).
 *
 * `config.ts` is the `instruments` section; `instrument_book.ts` resolves it
 * for a run (per-symbol columns, the live point value, FX rates);
 * `guard.ts` is its rules at the risk gate and the margin call; `tick.ts`
 * rounds to the tick; `fx.ts` loads the FX frame.
 *
 * **May import:** `engine/data/config.ts`, `engine/data/bar_frame.ts` and
 * `engine/data/load_bars.ts` (the FX series load like bars);
 * `engine/errors.ts`; as types, `engine/result.ts` (the margin call is a
 * `BreakerEvent`) and `engine/risk/limits.ts` / `gate.ts` (the guard's
 * interface); `engine/risk/sizing.ts` (`floorToLot`); `zod`. The run
 * (`engine/backtest.ts`) wires it to the portfolio, the simulator and the
 * gate, which import only `tick.ts` and never this folder's state.
 *
 * @example An ES-like future: 50 USD per point, a 0.25 grid
 * ```ts
 * import assert from "node:assert/strict";
 * import { createInstrumentBook, InstrumentsConfigSchema, roundToTick, TICK_UP } from "./mod.ts";
 * const book = createInstrumentBook(InstrumentsConfigSchema.parse({ symbols: { ES: { multiplier: 50, tickSize: 0.25 } } }), ["ES"]);
 * assert.ok(book.pointValue[0] === 50);
 * assert.ok(roundToTick(4001.1, book.tick[0]!, TICK_UP) === 4001.25);
 * ```
 *
 * @module
 */
export {
  CurrencySchema,
  InstrumentSchema,
  type InstrumentsConfig,
  type InstrumentsConfigInput,
  InstrumentsConfigSchema,
  type InstrumentTerms,
  MarginSchema,
  resolveInstrumentTerms,
} from "./config.ts";
export { createInstrumentBook, type InstrumentBook, type InstrumentBookOptions } from "./instrument_book.ts";
export { createInstrumentGuard, type InstrumentGuard } from "./guard.ts";
export { loadFxFrame } from "./fx.ts";
export { roundToTick, TICK_DOWN, TICK_UP } from "./tick.ts";
