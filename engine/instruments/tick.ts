/**
 * Rounding prices to an instrument's tick (its minimum price increment).
 *
 * Rules (docs/instruments.md):
 * - an order's level never becomes more aggressive than asked: a buy limit
 *   rounds down, a sell limit up; a buy stop rounds up, a sell stop down (it
 *   triggers no earlier than asked). A bracket's take-profit is a limit of
 *   the exit's side, its stop-loss a stop of the exit's side.
 * - a fill price (after slippage) rounds against the trader: a buy up, a
 *   sell down. Fills at a limit price that is on the grid stay there.
 *
 * Exchanges reject orders off the grid (CME Rule 1.4 "minimum price
 * fluctuation"; LEAN's `SecurityProperties.MinimumPriceVariation`, which its
 * brokerage models round order prices to); nautilus_trader's
 * `Instrument.make_price` rounds to the price precision. Here the direction is
 * chosen so that rounding never gives the strategy a better price than the
 * market or the order allowed.
 *
 * @module
 */

/** Round down (toward −∞). */
export const TICK_DOWN = -1;
/** Round up (toward +∞). */
export const TICK_UP = 1;

/** Decimal places of `tick` (at most 12): the precision the rounded price is written at. */
function decimalsOf(tick: number): number {
  for (let d = 0; d <= 12; d++) {
    const scaled = tick * 10 ** d;
    if (Math.abs(scaled - Math.round(scaled)) < 1e-9 * Math.max(1, scaled)) return d;
  }
  return 12;
}

/**
 * `price` rounded to a whole number of `tick`s in direction `dir`
 * ({@linkcode TICK_DOWN} or {@linkcode TICK_UP}); a price already on the grid
 * (within float noise of 1e-9 tick) stays. A tick of 0 (or a non-finite
 * price) leaves the price as it is. The result is written at the tick's
 * decimals, so 100.1 on a 0.01 grid is 100.1, not 100.10000000000001.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { roundToTick, TICK_DOWN, TICK_UP } from "./tick.ts";
 * assert.ok(roundToTick(4500.1, 0.25, TICK_DOWN) === 4500);
 * assert.ok(roundToTick(4500.1, 0.25, TICK_UP) === 4500.25);
 * assert.ok(roundToTick(100.1, 0.01, TICK_DOWN) === 100.1); // on the grid, float noise aside
 * assert.ok(roundToTick(101.37, 0, TICK_UP) === 101.37); // no tick
 * ```
 */
export function roundToTick(price: number, tick: number, dir: number): number {
  if (!(tick > 0) || !Number.isFinite(price)) return price;
  const x = price / tick;
  const k = dir < 0 ? Math.floor(x + 1e-9) : Math.ceil(x - 1e-9);
  return Number((k * tick).toFixed(decimalsOf(tick)));
}
