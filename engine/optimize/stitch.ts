/**
 * Out-of-sample equity stitched across walk-forward windows.
 *
 * @module
 */

/** One window's out-of-sample equity: each test run starts from the same capital. */
export interface EquityPart {
  readonly tsMs: Float64Array;
  readonly equity: Float64Array;
}

/** The stitched curve and, per point, the (0-based) part it came from. */
export interface StitchedEquity {
  readonly tsMs: Float64Array;
  readonly equity: Float64Array;
  readonly part: Int32Array;
}

/**
 * Chain test-window equity curves into one, compounding: each window's
 * growth (`equity / capital`) applies to where the previous window ended, as
 * if the account had carried over.
 *
 * @example Two windows of +10 % and −5 %
 * ```ts
 * import assert from "node:assert/strict";
 * import { stitchEquity } from "./stitch.ts";
 * const s = stitchEquity([
 *   { tsMs: Float64Array.of(1, 2), equity: Float64Array.of(100, 110) },
 *   { tsMs: Float64Array.of(3, 4), equity: Float64Array.of(100, 95) },
 * ], 100);
 * assert.ok(Array.from(s.equity).join() === "100,110,110,104.5");
 * ```
 */
export function stitchEquity(parts: readonly EquityPart[], capital: number): StitchedEquity {
  const n = parts.reduce((a, p) => a + p.tsMs.length, 0);
  const tsMs = new Float64Array(n), equity = new Float64Array(n), part = new Int32Array(n);
  let at = 0, level = capital;
  parts.forEach((p, k) => {
    for (let i = 0; i < p.tsMs.length; i++) {
      tsMs[at] = p.tsMs[i]!;
      equity[at] = (p.equity[i]! * level) / capital;
      part[at] = k;
      at++;
    }
    if (p.tsMs.length > 0) level = equity[at - 1]!;
  });
  return { tsMs, equity, part };
}
