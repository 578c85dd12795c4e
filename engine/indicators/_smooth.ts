/**
 * Internal kernel shared by `ema`, `wilder`, `atr` and `macd`: SMA-seeded
 * exponential smoothing, safe to run in place (`dst === src`).
 *
 * @module
 */

import { ExactSum } from "./exact_sum.ts";

/**
 * Writes the SMA-seeded exponential smoothing of `src` into `dst` (same
 * length; `dst` may be `src` itself, but must not otherwise overlap it).
 *
 * Let `s` be the index of the first non-NaN value of `src`. `dst[s+n-1]` is
 * `fsum(src[s..s+n-1]) / n` and every earlier entry is NaN; after that
 * `dst[i] = alpha * src[i] + beta * dst[i-1]` with `alpha = 2 / (n + 1)` and
 * `beta = 1 - alpha` (EMA), or `dst[i] = (dst[i-1] * (n - 1) + src[i]) / n`
 * (Wilder). If `s + n - 1 >= src.length` every entry is NaN.
 */
export function smoothInto(
  src: Float64Array,
  n: number,
  wilder: boolean,
  dst: Float64Array,
): void {
  const len = src.length;
  let s = 0;
  while (s < len && src[s] !== src[s]) s++;
  const seedAt = s + n - 1;
  if (seedAt >= len) {
    dst.fill(NaN);
    return;
  }
  // Read the whole seed window before writing anything (in-place safety).
  const acc = new ExactSum();
  for (let j = s; j <= seedAt; j++) acc.add(src[j]!);
  let prev = acc.value() / n;
  dst.fill(NaN, 0, seedAt);
  dst[seedAt] = prev;
  if (wilder) {
    const m = n - 1;
    for (let i = seedAt + 1; i < len; i++) {
      prev = (prev * m + src[i]!) / n;
      dst[i] = prev;
    }
  } else {
    const alpha = 2 / (n + 1);
    const beta = 1 - alpha;
    for (let i = seedAt + 1; i < len; i++) {
      prev = alpha * src[i]! + beta * prev;
      dst[i] = prev;
    }
  }
}
