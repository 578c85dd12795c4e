/**
 * Maximum drawdown of an equity curve, with its timing.
 *
 * @module
 */

/**
 * The deepest peak-to-trough decline of an equity curve and when it happened.
 * Index `-1` denotes the initial capital (a virtual point before bar 0); its
 * time is taken to be `tsMs[0]`. Time fields are NaN when no timestamps are
 * given. All fields are NaN when the curve has no finite value.
 *
 * @example An unrecovered drawdown from the initial capital
 * ```ts
 * import assert from "node:assert/strict";
 * import { maxDrawdown, type MaxDrawdown } from "./max_drawdown.ts";
 *
 * const dd: MaxDrawdown = maxDrawdown(Float64Array.of(80, 90), 100);
 * assert.equal(dd.peakIndex, -1); // the initial capital
 * assert.ok(Math.abs(dd.value + 0.2) < 1e-15);
 * assert.ok(Number.isNaN(dd.timeToRecoverBars)); // not recovered
 * assert.ok(Number.isNaN(dd.peakTimeMs)); // no timestamps passed
 * ```
 */
export interface MaxDrawdown {
  /** `trough / peak − 1`: 0 for no decline, −1 when equity hits 0. */
  value: number;
  /** Bar index of the peak the drawdown is measured from (−1 = initial capital). */
  peakIndex: number;
  /** Timestamp of the peak (`tsMs[0]` for the initial capital). */
  peakTimeMs: number;
  /** Bar index of the trough (the first one, if the minimum repeats). */
  troughIndex: number;
  /** Timestamp of the trough. */
  troughTimeMs: number;
  /** `troughIndex − peakIndex`. */
  durationBars: number;
  /** `troughTimeMs − peakTimeMs`. */
  durationMs: number;
  /** First bar after the trough whose equity is ≥ the peak; NaN if never. */
  recoveryIndex: number;
  /** Timestamp of the recovery bar; NaN if not recovered. */
  recoveryTimeMs: number;
  /** `recoveryIndex − troughIndex`; NaN if not recovered. */
  timeToRecoverBars: number;
  /** `recoveryTimeMs − troughTimeMs`; NaN if not recovered. */
  timeToRecoverMs: number;
}

function timeAt(tsMs: Float64Array | undefined, index: number): number {
  if (tsMs === undefined) return NaN;
  return tsMs[index < 0 ? 0 : index] ?? NaN;
}

/**
 * Maximum drawdown `min(equity / runningPeak − 1)` (a fraction ≤ 0, as
 * empyrical's `max_drawdown`), with the peak, trough, duration and time to
 * recover.
 *
 * - With `initial`, the initial capital is the first peak (index −1, time
 *   `tsMs[0]`), so a loss on the first bar is a drawdown. Without it the first
 *   finite equity value is the first peak.
 * - Duration runs from the peak to the trough; time to recover runs from the
 *   trough to the first later bar with equity ≥ that peak (NaN fields if it
 *   never recovers, e.g. equity that goes to zero: value −1).
 * - No decline at all: value 0, and peak = trough = recovery = the start
 *   (−1 with `initial`, else the first finite bar) with zero durations.
 * - NaN equity values are skipped. Declines are only measured against a
 *   positive peak. Empty/all-NaN equity, or an `initial` that is given but not
 *   a positive finite number, give NaN in every field.
 *
 * One pass, no allocation besides the result object.
 *
 * @example Peak 120 at bar 1, trough 90 at bar 3, recovered at bar 5
 * ```ts
 * import assert from "node:assert/strict";
 * import { maxDrawdown } from "./max_drawdown.ts";
 *
 * const day = 86_400_000;
 * const equity = Float64Array.of(110, 120, 100, 90, 115, 125);
 * const ts = Float64Array.from(equity, (_, i) => i * day);
 * const dd = maxDrawdown(equity, 100, ts);
 * assert.equal(dd.value, 90 / 120 - 1); // −0.25
 * assert.equal(dd.peakIndex, 1);
 * assert.equal(dd.troughIndex, 3);
 * assert.equal(dd.durationMs, 2 * day);
 * assert.equal(dd.timeToRecoverBars, 2);
 * ```
 */
export function maxDrawdown(
  equity: Float64Array,
  initial?: number,
  tsMs?: Float64Array,
): MaxDrawdown {
  let peakV = NaN;
  let peakI = NaN;
  let mdd = 0;
  let mPeakI = NaN;
  let mTroughI = NaN;
  let mPeakV = NaN;
  let recI = NaN;
  let recovered = true;
  let seen = false;
  if (initial !== undefined) {
    if (!(initial > 0 && initial < Infinity)) return noMaxDrawdown();
    peakV = initial;
    peakI = -1;
    mPeakI = mTroughI = recI = -1;
    mPeakV = initial;
  }
  for (let i = 0; i < equity.length; i++) {
    const e = equity[i]!;
    if (e !== e) continue;
    if (!seen) {
      seen = true;
      if (peakI !== peakI) {
        peakV = e;
        peakI =
          mPeakI =
          mTroughI =
          recI =
            i;
        mPeakV = e;
        continue;
      }
    }
    if (e >= peakV) {
      if (!recovered && e >= mPeakV) {
        recI = i;
        recovered = true;
      }
      peakV = e;
      peakI = i;
    } else if (peakV > 0) {
      const dd = e / peakV - 1;
      if (dd < mdd) {
        mdd = dd;
        mPeakI = peakI;
        mPeakV = peakV;
        mTroughI = i;
        recovered = false;
        recI = NaN;
      }
    }
  }
  if (!seen) return noMaxDrawdown();
  const peakT = timeAt(tsMs, mPeakI);
  const troughT = timeAt(tsMs, mTroughI);
  const recT = recovered ? timeAt(tsMs, recI) : NaN;
  return {
    value: mdd,
    peakIndex: mPeakI,
    peakTimeMs: peakT,
    troughIndex: mTroughI,
    troughTimeMs: troughT,
    durationBars: mTroughI - mPeakI,
    durationMs: troughT - peakT,
    recoveryIndex: recI,
    recoveryTimeMs: recT,
    timeToRecoverBars: recI - mTroughI,
    timeToRecoverMs: recT - troughT,
  };
}

/** A drawdown with every field NaN: of no equity, or not measured. */
export function noMaxDrawdown(): MaxDrawdown {
  return {
    value: NaN,
    peakIndex: NaN,
    peakTimeMs: NaN,
    troughIndex: NaN,
    troughTimeMs: NaN,
    durationBars: NaN,
    durationMs: NaN,
    recoveryIndex: NaN,
    recoveryTimeMs: NaN,
    timeToRecoverBars: NaN,
    timeToRecoverMs: NaN,
  };
}
