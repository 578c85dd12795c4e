/**
 * Calendar-time compound annual growth rate.
 *
 * @module
 */

/** Milliseconds in a 365.25-day year. */
const YEAR_MS = 365.25 * 86_400_000;

/**
 * Calendar-day CAGR `(final / initial)^(365.25 days / elapsed) − 1` with
 * `elapsed = endMs − startMs`.
 *
 * The caller chooses the timestamps; {@linkcode computeMetrics} passes the
 * first and last bar timestamps (`tsMs[0]`, `tsMs[n−1]`), i.e. the initial
 * capital is deemed to stand at the first bar's timestamp.
 *
 * - `final ≤ 0` (wealth wiped out) gives −1.
 * - NaN when `initial` is not a positive finite number, `final` is NaN, or
 *   `elapsed` is not a positive finite number (e.g. a single bar, where
 *   start = end).
 *
 * @example Doubling over two calendar years
 * ```ts
 * import assert from "node:assert/strict";
 * import { cagrCalendar } from "./cagr_calendar.ts";
 *
 * const day = 86_400_000;
 * const g = cagrCalendar(100, 200, 0, 2 * 365.25 * day);
 * assert.ok(Math.abs(g - (Math.SQRT2 - 1)) < 1e-12);
 * assert.ok(Number.isNaN(cagrCalendar(100, 110, 5, 5))); // no elapsed time
 * ```
 */
export function cagrCalendar(
  initial: number,
  final: number,
  startMs: number,
  endMs: number,
): number {
  if (!(initial > 0 && initial < Infinity)) return NaN;
  const elapsed = endMs - startMs;
  if (!(elapsed > 0 && elapsed < Infinity)) return NaN;
  if (final !== final) return NaN;
  if (final <= 0) return -1;
  return Math.pow(final / initial, YEAR_MS / elapsed) - 1;
}
