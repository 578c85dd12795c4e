/**
 * The bounds of a number the engine takes as a price or a volume: the data
 * loader refuses bars outside them, and orders and fills use the same
 * range for every price they name (`engine/result.ts`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { PRICE_MAX, PRICE_MIN, VOLUME_MAX } from "./bounds.ts";
 * assert.ok(PRICE_MIN === 1e-12 && PRICE_MAX === 1e12 && VOLUME_MAX === 1e18);
 * ```
 *
 * @module
 */

/**
 * Prices outside this range are data errors, not numbers: 1e-320 would size
 * an infinite position and 1e308 overflows any sum of a few of them. The
 * range spans the cheapest tokens and the dearest assets with room to spare.
 */
export const PRICE_MIN = 1e-12;
/** The largest price accepted; see {@linkcode PRICE_MIN}. */
export const PRICE_MAX = 1e12;
/** The largest volume accepted (a quintillion units, far beyond any bar). */
export const VOLUME_MAX = 1e18;
