/**
 * Internal helper for the one-pass variance kernels (not re-exported by
 * `mod.ts`).
 *
 * @module
 */

/** How many leading values the pilot looks at. */
const PILOT = 64;

/**
 * Shift `K` for the shifted-data variance `(Σd² − (Σd)²/n) / (n − 1)` with
 * `d = x − offset − K`: the value of `x[i] − offset`, among the first (up to)
 * 64 non-NaN entries, nearest to their mean; 0 when there are none.
 *
 * Being near the mean keeps the cancellation error at a few ulps even when the
 * first value is an outlier; being an actual data value makes `d` exactly 0 for
 * a constant series, so its variance is exactly 0. The main loop then needs no
 * division (about twice as fast as Welford).
 */
export function pilotShift(x: Float64Array, offset: number): number {
  let n = 0;
  let sum = 0;
  let i = 0;
  for (; i < x.length && n < PILOT; i++) {
    const v = x[i]! - offset;
    if (v !== v) continue;
    n++;
    sum += v;
  }
  if (n === 0) return 0;
  const mean = sum / n;
  let best = 0;
  let bestDist = Infinity;
  for (let j = 0; j < i; j++) {
    const v = x[j]! - offset;
    const dist = Math.abs(v - mean);
    if (dist < bestDist) {
      bestDist = dist;
      best = v;
    }
  }
  return best;
}
