/**
 * Internal kernels for Shewchuk expansions: a sum of finite doubles held
 * exactly as non-overlapping partials `p[0..n)`, increasing in magnitude.
 * {@linkcode ExactSum} wraps them; hot loops (`wma`) call them directly on
 * their own arrays.
 *
 * @module
 */

/**
 * Adds the finite double `x` to the expansion `p[0..n)` in place, exactly
 * (CPython `msum`'s inner loop, using TwoSum, which yields the same partials
 * as CPython's swap-then-FastTwoSum because a sum's rounding error is unique).
 * Returns the new length, at most `n + 1`, so `p.length` must exceed `n`; or
 * -1 if a partial sum overflowed, in which case `p` is garbage.
 */
export function growExpansion(p: Float64Array, n: number, x: number): number {
  let i = 0;
  for (let j = 0; j < n; j++) {
    const y = p[j]!;
    const hi = x + y;
    const bp = hi - x;
    const lo = (x - (hi - bp)) + (y - bp);
    if (lo !== 0) p[i++] = lo;
    x = hi;
  }
  if (x !== 0) {
    if (x - x !== 0) return -1;
    p[i++] = x;
  }
  return i;
}

/**
 * The exact value of the expansion `p[0..n)` rounded to the nearest double,
 * ties to even: CPython `math.fsum`'s final step, including its half-even
 * correction across partials. An empty expansion is `+0`.
 */
export function roundExpansion(p: Float64Array, n: number): number {
  if (n === 0) return 0;
  let hi = p[--n]!;
  let lo = 0;
  // Sum from the top down while the additions are exact.
  while (n > 0) {
    const x = hi;
    const y = p[--n]!;
    hi = x + y;
    const yr = hi - x;
    lo = y - yr;
    if (lo !== 0) break;
  }
  // If the part `lo` dropped is exactly half an ulp of hi and the partials
  // below push past the tie in the same direction, round away from hi.
  if (n > 0) {
    const next = p[n - 1]!;
    if ((lo < 0 && next < 0) || (lo > 0 && next > 0)) {
      const y = lo * 2;
      const x = hi + y;
      const yr = x - hi;
      if (y === yr) hi = x;
    }
  }
  return hi;
}

/** A copy of `p` with twice the capacity. */
export function doubled(p: Float64Array): Float64Array<ArrayBuffer> {
  const q = new Float64Array(p.length * 2);
  q.set(p);
  return q;
}
