/**
 * Drawdown at every bar of an equity curve.
 *
 * @module
 */

/**
 * Drawdown series `d[i] = equity[i] / peak[i] − 1`, where `peak[i]` is the
 * running maximum of `initial` (when given) and `equity[0..i]`. Values are
 * ≤ 0; −1 means equity is zero. Same length as `equity`; its minimum equals
 * {@linkcode maxDrawdown}'s `value`.
 *
 * NaN equity gives NaN at that bar (the peak is unchanged); bars whose running
 * peak is not positive (no `initial` and non-positive leading equity) are NaN.
 * An `initial` that is given but not a positive finite number makes every
 * value NaN (as {@linkcode maxDrawdown} does).
 * `out`, when at least `equity.length` long, is written instead of allocating
 * (a `subarray` view is returned if it is longer).
 *
 * @example The initial capital is the first peak
 * ```ts
 * import assert from "node:assert/strict";
 * import { drawdownSeries } from "./drawdown_series.ts";
 *
 * const dd = drawdownSeries(Float64Array.of(90, 120, 60), 100);
 * assert.deepEqual([...dd], [90 / 100 - 1, 0, 60 / 120 - 1]); // [−0.1, 0, −0.5]
 * ```
 */
export function drawdownSeries(
  equity: Float64Array,
  initial?: number,
  out?: Float64Array,
): Float64Array {
  const n = equity.length;
  const d = out === undefined || out.length < n ? new Float64Array(n) : out.length === n ? out : out.subarray(0, n);
  if (initial !== undefined && !(initial > 0 && initial < Infinity)) {
    return d.fill(NaN);
  }
  let peak = initial === undefined ? -Infinity : initial;
  for (let i = 0; i < n; i++) {
    const e = equity[i]!;
    if (e > peak) peak = e;
    d[i] = peak > 0 ? e / peak - 1 : NaN;
  }
  return d;
}
