/**
 * Order statistics in place: what the tail metrics and the Monte Carlo
 * percentiles read without sorting a whole series.
 *
 * @module
 */

/**
 * Rearrange `a[lo..hi]` so that `a[k]` holds the value an ascending sort puts
 * there, with no larger value before it and no smaller one after it
 * (Hoare's quickselect, median-of-three pivot; after 64 rounds the rest is
 * sorted, so the worst case stays O(n log n)).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { select } from "./select.ts";
 * const a = Float64Array.of(5, 1, 4, 2, 3);
 * select(a, 1, 0, a.length - 1);
 * assert.equal(a[1], 2);
 * assert.ok(a[0]! <= 2 && [a[2]!, a[3]!, a[4]!].every((x) => x >= 2));
 * ```
 */
export function select(a: Float64Array, k: number, lo: number, hi: number): void {
  for (let round = 0; hi > lo; round++) {
    if (round >= 64) {
      a.subarray(lo, hi + 1).sort();
      return;
    }
    const x = a[lo]!, y = a[(lo + hi) >>> 1]!, z = a[hi]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : (x < z ? x : y < z ? z : y);
    let i = lo, j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i++] = a[j]!;
        a[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return; // a[k] equals the pivot, in place
  }
}
