/**
 * Internal: the highest-high / lowest-low window scan behind Williams %R and
 * the slow, fast and full stochastics. Not re-exported from `mod.ts`.
 *
 * @module
 */

/**
 * The kernel of `williamsR` and the slow, fast and full stochastics: with
 * `HH` the highest `high` and `LL` the lowest `low` of the window
 * `[i-n+1 .. i]`, writes `dst[i] = value(HH, LL, close[i])`, or `flat` when
 * `HH = LL`; NaN for `i < n - 1`, for windows holding a NaN high or low, and
 * for a NaN close. HH and LL come from monotonic deques (ring buffers of at
 * most `n` bar indices): O(1) amortised per bar. Inputs must have `dst`'s
 * length and `n` must be an integer >= 1 (the callers check both).
 */
export function rangeScan(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  n: number,
  dst: Float64Array,
  flat: number,
  value: (hh: number, ll: number, c: number) => number,
): void {
  const len = dst.length;
  let cap = 1;
  while (cap < Math.min(n, Math.max(len, 1))) cap *= 2;
  const mask = cap - 1;
  // maxQ holds decreasing highs, minQ increasing lows; their fronts are the window's HH and LL. Bars with a NaN high
  // or low are counted, not queued.
  const maxQ = new Uint32Array(cap);
  const minQ = new Uint32Array(cap);
  let maxHead = 0, maxTail = 0, minHead = 0, minTail = 0;
  let bad = 0; // bars of the window with a NaN high or low
  for (let i = 0; i < len; i++) {
    const h = high[i]!, l = low[i]!;
    const expired = i - n;
    if (expired >= 0) {
      const eh = high[expired]!, el = low[expired]!;
      if (eh !== eh || el !== el) bad--;
      if (maxHead < maxTail && maxQ[maxHead & mask] === expired) maxHead++;
      if (minHead < minTail && minQ[minHead & mask] === expired) minHead++;
    }
    if (h !== h || l !== l) {
      bad++;
    } else {
      while (maxHead < maxTail && high[maxQ[(maxTail - 1) & mask]!]! <= h) maxTail--;
      maxQ[maxTail++ & mask] = i;
      while (minHead < minTail && low[minQ[(minTail - 1) & mask]!]! >= l) minTail--;
      minQ[minTail++ & mask] = i;
    }
    const c = close[i]!;
    if (i < n - 1 || bad > 0 || c !== c) {
      dst[i] = NaN;
      continue;
    }
    const hh = high[maxQ[maxHead & mask]!]!, ll = low[minQ[minHead & mask]!]!;
    dst[i] = hh === ll ? flat : value(hh, ll, c);
  }
}
