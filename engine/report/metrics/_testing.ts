/**
 * Test-only helpers shared by the metric tests (not re-exported by `mod.ts`).
 *
 * @module
 */

import assert from "node:assert/strict";

/** One day in milliseconds. */
export const DAY_MS = 86_400_000;

/**
 * numpy's `assert_almost_equal` rule: `|actual − expected| < 1.5 · 10^−decimal`;
 * NaN matches only NaN and ±Infinity matches only itself.
 */
export function assertAlmostEqual(
  actual: number,
  expected: number,
  decimal = 8,
  message?: string,
): void {
  const label = message === undefined ? "" : `${message}: `;
  if (Number.isNaN(expected)) {
    assert.ok(Number.isNaN(actual), `${label}expected NaN, got ${actual}`);
    return;
  }
  if (!Number.isFinite(expected)) {
    assert.equal(actual, expected, `${label}expected ${expected}`);
    return;
  }
  assert.ok(
    Math.abs(actual - expected) < 1.5 * 10 ** -decimal,
    `${label}expected ${expected} (±1.5e-${decimal}), got ${actual}`,
  );
}

/**
 * Equity curve `initial · Π(1 + r)` from a returns vector, one value per
 * return. A NaN return leaves equity unchanged (empyrical's `cum_returns`
 * treats NaN as 0).
 */
export function equityFromReturns(
  returns: readonly number[],
  initial: number,
): Float64Array {
  const out = new Float64Array(returns.length);
  let e = initial;
  for (let i = 0; i < returns.length; i++) {
    const r = returns[i]!;
    if (!Number.isNaN(r)) e *= 1 + r;
    out[i] = e;
  }
  return out;
}

/** `count` UTC timestamps starting at `startIso`, `stepMs` apart. */
export function evenTimestamps(
  startIso: string,
  count: number,
  stepMs: number,
): Float64Array {
  const t0 = Date.parse(startIso);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) out[i] = t0 + i * stepMs;
  return out;
}
