/**
 * Internal kernel shared by `stdev` and `bollinger`: per-window two-pass
 * population standard deviation about a precomputed mean.
 *
 * @module
 */

/**
 * For `i >= n-1` writes `dst[i] = sqrt(sum_{j=i-n+1..i} (src[j] - mean[i])^2 / n)`
 * (a left-to-right sum in double precision); `dst[i]` is NaN for `i < n-1`
 * and wherever `mean[i]` is not finite. `mean` may be `dst` itself: each
 * `mean[i]` is read before `dst[i]` is written.
 */
export function stdAround(
  src: Float64Array,
  n: number,
  mean: Float64Array,
  dst: Float64Array,
): void {
  const len = src.length;
  dst.fill(NaN, 0, Math.min(n - 1, len));
  for (let i = n - 1; i < len; i++) {
    const m = mean[i]!;
    if (m - m !== 0) {
      dst[i] = NaN;
      continue;
    }
    let q = 0;
    for (let j = i - n + 1; j <= i; j++) {
      const d = src[j]! - m;
      q += d * d;
    }
    dst[i] = Math.sqrt(q / n);
  }
}
