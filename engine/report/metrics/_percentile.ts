/**
 * numpy's default percentile, private to the metric kernels.
 *
 * @module
 */

/**
 * `np.percentile(sorted, q)` with numpy's default `method="linear"` on an
 * ascending, NaN-free array: virtual index `h = (n − 1)·q/100`, then
 * numpy's `_lerp` between the neighbours `a = sorted[⌊h⌋]` and
 * `b = sorted[⌊h⌋ + 1]` (`a + (b − a)·t`, or `b − (b − a)·(1 − t)` when
 * `t ≥ 0.5`, which keeps the result monotone and exact at the ends). NaN for
 * an empty array.
 */
export function percentileSorted(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  if (n === 0 || !(q >= 0 && q <= 100)) return NaN;
  const h = (n - 1) * (q / 100);
  const lo = Math.floor(h);
  const a = sorted[lo]!;
  if (lo >= n - 1) return a;
  const b = sorted[lo + 1]!;
  const t = h - lo;
  const d = b - a;
  return t >= 0.5 ? b - d * (1 - t) : a + d * t;
}

/** The non-NaN values of `values`, sorted ascending (a new array). */
export function sortedFinite(values: Float64Array): Float64Array {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) n++;
  const out = new Float64Array(n);
  let j = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (x === x) out[j++] = x;
  }
  return out.sort();
}
