/**
 * Annualisation factor inferred from bar spacing.
 *
 * @module
 */

/**
 * empyrical's annualisation factors (periods per year), plus quarterly.
 * `daily` is 252 trading days, also for 24/7 markets unless the caller passes
 * 365 explicitly.
 *
 * @example Explicit factor for weekly bars
 * ```ts
 * import assert from "node:assert/strict";
 * import { PERIODS_PER_YEAR } from "./infer_periods_per_year.ts";
 * assert.ok(PERIODS_PER_YEAR.weekly === 52);
 * ```
 */
export const PERIODS_PER_YEAR = {
  daily: 252,
  weekly: 52,
  monthly: 12,
  quarterly: 4,
  yearly: 1,
} as const;

const DAY_MS = 86_400_000;

// Spacing bands in days, as half-open [lo, hi) intervals in ascending order,
// with the periods per year each maps to (NaN = no standard frequency).
const BAND_UPPER_DAYS = [0.5, 4, 10, 20, 45, 80, 100, 300, 400, Infinity];
const BAND_PERIODS = [NaN, 252, 52, NaN, 12, NaN, 4, NaN, 1, NaN];
const BAND_UPPER_MS = Float64Array.from(BAND_UPPER_DAYS, (d) => d * DAY_MS);

/**
 * Periods per year inferred from the lower median spacing of bar timestamps
 * (epoch ms), matched to these bands (in days):
 *
 * | median spacing d | result |
 * | --- | --- |
 * | d < 0.5 (intraday, or non-increasing timestamps) | NaN |
 * | 0.5 ≤ d < 4 (daily, calendar or business days; 24/7 markets too) | 252 |
 * | 4 ≤ d < 10 (weekly) | 52 |
 * | 20 ≤ d < 45 (monthly) | 12 |
 * | 80 ≤ d < 100 (quarterly) | 4 |
 * | 300 ≤ d < 400 (yearly) | 1 |
 * | anything else | NaN |
 *
 * Fewer than two timestamps also give NaN. NaN is this module's "cannot
 * infer" value: intraday bars have no standard factor (US equities minute bars
 * are 252·390, crypto 365·1440…), so the caller must demand an explicit
 * `periodsPerYear` from config when this returns NaN; every annualised kernel
 * returns NaN for a NaN factor rather than guessing. The lower median (the
 * 0-based ⌊(m−1)/2⌋-th smallest of the m spacings) is found in one pass by counting
 * spacings per band, without allocating or sorting; NaN spacings are ignored.
 *
 * @example Business-day bars are daily; minute bars need explicit config
 * ```ts
 * import assert from "node:assert/strict";
 * import { inferPeriodsPerYear } from "./infer_periods_per_year.ts";
 *
 * const day = 86_400_000;
 * // Fri, Mon, Tue, Wed: spacings 3, 1, 1 days → median 1 day
 * const bdays = Float64Array.of(0, 3 * day, 4 * day, 5 * day);
 * assert.equal(inferPeriodsPerYear(bdays), 252);
 * const minutes = Float64Array.of(0, 60_000, 120_000);
 * assert.ok(Number.isNaN(inferPeriodsPerYear(minutes)));
 * ```
 */
export function inferPeriodsPerYear(tsMs: Float64Array): number {
  const n = tsMs.length;
  if (n < 2) return NaN;
  const counts = new Float64Array(BAND_UPPER_MS.length);
  let m = 0;
  let prev = tsMs[0]!;
  for (let i = 1; i < n; i++) {
    const t = tsMs[i]!;
    const d = t - prev;
    prev = t;
    if (d !== d) continue;
    let b = 0;
    while (!(d < BAND_UPPER_MS[b]!)) b++;
    counts[b]!++;
    m++;
  }
  if (m === 0) return NaN;
  const k = Math.floor((m - 1) / 2); // 0-based rank of the lower median
  let seen = 0;
  for (let b = 0; b < counts.length; b++) {
    seen += counts[b]!;
    if (seen > k) return BAND_PERIODS[b]!;
  }
  return NaN;
}
