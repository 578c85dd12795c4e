/**
 * Exact sliding-window sums in two-limb fixed point: the fast path of
 * {@linkcode ../sma.ts}'s exact SMA.
 *
 * **Why it is exact.** A finite normal double `x` with `2^e ≤ |x| < 2^(e+1)`
 * is an integer multiple of `2^(e-52)`. So if the smallest non-zero `|x|` of
 * a series has exponent `emin`, every value of the series is a multiple of
 * the unit `u = 2^(emin-52)`. Split each value at a bit `2^k` (`k > emin-52`):
 *
 * - `hi = floor(x / 2^k) · 2^k`, a multiple of `2^k` with `|hi| < |x| + 2^k`;
 * - `lo = x − hi`, a multiple of `u` in `[0, 2^k)`.
 *
 * Both are computed without rounding (scaling by a power of two is exact;
 * `x − hi` is exact because the result is representable). A sum of up to
 * `t` `hi` parts is a multiple of `2^k` below `t · 2^(emax+2)`, and a sum of
 * up to `t` `lo` parts is a multiple of `u` below `t · 2^k`; each is an
 * integer number of its unit under 2^53, hence held exactly by a double,
 * when `k` is chosen as {@linkcode splitBit} does. A window's exact sum is then
 * `HI + LO` with `HI` and `LO` exact doubles, and one IEEE addition
 * `HI + LO` is its correctly rounded value (round to nearest, ties to even),
 * which is what Python's `math.fsum` returns.
 *
 * A split exists when the series' magnitudes span at most `52 − 2·⌈log2 t⌉`
 * binades (42 for a 30-bar window, whose running sum holds t = 31 values), which every price series meets;
 * otherwise, or for non-finite or subnormal values, callers use the general
 * Shewchuk accumulator ({@linkcode ../exact_sum.ts}).
 *
 * @module
 */

/** Exponent `e` with `2^e ≤ a < 2^(e+1)`, for a finite `a > 0`. */
function exponentOf(a: number): number {
  let e = Math.floor(Math.log2(a));
  // Math.log2 may be off by one ulp next to a power of two
  while (2 ** e > a) e--;
  while (2 ** (e + 1) <= a) e++;
  return e;
}

/** Exponents of the smallest non-zero and the largest magnitude of a series (see {@linkcode magnitudes}). */
export interface Magnitudes {
  /** Exponent of the smallest non-zero `|x|`; 0 when every value is 0. */
  readonly emin: number;
  /** Exponent of the largest `|x|`; -Infinity when every value is 0. */
  readonly emax: number;
}

/**
 * The magnitude range of `src[from..to)`, or null when it holds a NaN, an
 * infinity or a subnormal, or a magnitude too large to scale (≥ 2^900; no
 * split applies then).
 */
export function magnitudes(src: Float64Array, from: number, to: number): Magnitudes | null {
  let min = Infinity, max = 0, finite = 0;
  for (let i = from; i < to; i++) {
    const a = Math.abs(src[i]!);
    finite += a - a; // 0 while every value is finite, NaN after a NaN or an infinity
    if (a > max) max = a;
    if (a < min && a !== 0) min = a;
  }
  if (finite !== 0) return null;
  if (max === 0) return { emin: 0, emax: -Infinity };
  // keep clear of subnormals and of overflow in the scaled values
  if (min < 2 ** -900 || max >= 2 ** 900) return null;
  return { emin: exponentOf(min), emax: exponentOf(max) };
}

/**
 * The split bit `k` for exact two-limb sums of up to `terms` values of a
 * series with magnitudes `m`, or NaN when there is none: `m` is null, or the
 * magnitudes span too many binades for two limbs (a split needs
 * `emax − emin ≤ 52 − 2·⌈log2 terms⌉`). An all-zero series gives 0 (any
 * split is exact).
 *
 * @param terms Most values any running sum holds at once (a window of `n`
 * updated by add-then-subtract holds `n + 1`).
 */
export function splitFor(m: Magnitudes | null, terms: number): number {
  if (m === null) return NaN;
  if (m.emax === -Infinity) return 0;
  const bits = Math.ceil(Math.log2(terms)); // terms ≤ 2^bits
  const k = m.emax + 2 + bits - 53; // Σ|hi| < terms · 2^(emax+2) ≤ 2^(k+53)
  const unit = m.emin - 52;
  // Σ lo < terms · 2^k ≤ 2^(unit+53)
  return k + bits <= unit + 53 ? k : NaN;
}

/** {@linkcode splitFor} the magnitudes of `src[from..to)`. */
export function splitBit(src: Float64Array, from: number, to: number, terms: number): number {
  return splitFor(magnitudes(src, from, to), terms);
}
