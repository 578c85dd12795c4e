/**
 * The worst drawdowns of an equity curve, each with its peak, trough,
 * recovery, depth and length.
 *
 * @module
 */

/**
 * One drawdown of {@linkcode drawdownTable}: from a peak, down to its
 * trough, and back to the peak's value (or not yet). Index `-1` is the
 * initial capital, at `tsMs[0]`.
 *
 * @example
 * ```ts
 * import type { DrawdownPeriod } from "./drawdown_table.ts";
 * const recovered = (d: DrawdownPeriod) => d.recoveryIndex === d.recoveryIndex; // NaN when not recovered
 * console.log(typeof recovered);
 * ```
 */
export interface DrawdownPeriod {
  /** `trough / peak − 1` (< 0). */
  readonly depth: number;
  /** The last bar at the peak value before the trough (−1 = the initial capital). */
  readonly peakIndex: number;
  readonly peakTimeMs: number;
  /** The first bar at the lowest value of the drawdown. */
  readonly troughIndex: number;
  readonly troughTimeMs: number;
  /** The first bar after the trough back at or above the peak; NaN if not recovered by the last bar. */
  readonly recoveryIndex: number;
  /** NaN if not recovered. */
  readonly recoveryTimeMs: number;
  /** Bars from the peak to the recovery, or to the last bar when not recovered. */
  readonly lengthBars: number;
  /** Calendar days from the peak to the recovery, or to the last bar when not recovered: `Δms / 86,400,000`. */
  readonly lengthDays: number;
}

const DAY_MS = 86_400_000;

/**
 * The `top` deepest drawdowns of an equity curve, deepest first, with
 * pyfolio's `gen_drawdown_table` semantics (quantopian/pyfolio
 * `pyfolio/timeseries.py`: `get_top_drawdowns`, `get_max_drawdown_underwater`):
 *
 * - a drawdown starts at a peak — the last bar whose equity equals the
 *   running maximum before the trough (the initial capital, index −1 at
 *   `tsMs[0]`, is the first peak, as in {@linkcode maxDrawdown}); its trough
 *   is the first bar at its lowest equity; it recovers at the first later
 *   bar whose equity is back at or above the peak;
 * - drawdowns do not overlap: the next one starts from a peak at or after
 *   the previous recovery;
 * - `depth = trough / peak − 1`, so the first row's depth is the curve's
 *   maximum drawdown;
 * - ranked by depth; equal depths keep time order (the earlier first, as
 *   pyfolio's `idxmin` picks the first);
 * - the last drawdown may be unrecovered: `recoveryIndex` and
 *   `recoveryTimeMs` are NaN, and its length runs to the last bar, the time
 *   it has lasted so far (pyfolio leaves its duration NaN);
 * - length in calendar days (`Δms / 86,400,000`; pyfolio counts business
 *   days between peak and recovery, quantstats `drawdown_details` calendar
 *   days) and in bars.
 *
 * NaN equity values are skipped; declines are only measured against a
 * positive peak. A non-positive or non-finite `initial` gives no rows.
 * `by` ranks the rows: `"depth"` (default, deepest first, as pyfolio's
 * `gen_drawdown_table` and quantstats' worst drawdowns) or `"length"`
 * (longest first, in bars from the peak to the recovery or the last bar);
 * ties keep time order. One pass; the table is kept sorted as it fills
 * (`top` rows at most).
 *
 * @example Two drawdowns: 120 → 90 → 125 and 125 → 110 (not recovered)
 * ```ts
 * import assert from "node:assert/strict";
 * import { drawdownTable } from "./drawdown_table.ts";
 * const day = 86_400_000;
 * const equity = Float64Array.of(110, 120, 100, 90, 125, 110);
 * const tsMs = Float64Array.from(equity, (_, i) => i * day);
 * const [first, second] = drawdownTable(equity, 100, tsMs);
 * assert.equal(first!.depth, 90 / 120 - 1);
 * assert.deepEqual([first!.peakIndex, first!.troughIndex, first!.recoveryIndex, first!.lengthDays], [1, 3, 4, 3]);
 * assert.equal(second!.depth, 110 / 125 - 1);
 * assert.ok(Number.isNaN(second!.recoveryIndex));
 * assert.equal(second!.lengthDays, 1); // so far: peak at day 4, last bar at day 5
 * // ranked by length instead: the same two, longest first (3 bars, then 1)
 * assert.deepEqual(drawdownTable(equity, 100, tsMs, 5, "length").map((d) => d.lengthBars), [3, 1]);
 * ```
 */
export function drawdownTable(
  equity: Float64Array,
  initial: number,
  tsMs: Float64Array,
  top = 5,
  by: "depth" | "length" = "depth",
): DrawdownPeriod[] {
  const t = drawdownTables(equity, initial, tsMs, top);
  return by === "depth" ? t.deepest : t.longest;
}

/** The top rows by a key, smaller first, ties in arrival order. */
class Ranked {
  readonly rows: DrawdownPeriod[] = [];
  readonly #keys: number[] = [];
  constructor(readonly top: number) {}
  wants(key: number): boolean {
    return this.rows.length < this.top || key < this.#keys[this.top - 1]!;
  }
  add(key: number, row: DrawdownPeriod): void {
    let at = this.rows.length;
    while (at > 0 && key < this.#keys[at - 1]!) at--;
    this.rows.splice(at, 0, row);
    this.#keys.splice(at, 0, key);
    if (this.rows.length > this.top) this.rows.pop(), this.#keys.pop();
  }
}

/**
 * Both rankings of {@linkcode drawdownTable} in one pass: the `top` deepest
 * and the `top` longest drawdowns.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { drawdownTables } from "./drawdown_table.ts";
 * const day = 86_400_000;
 * // 100 → 80 → 100 (2 bars, −20 %), then 100 → 95 → 96 → 97 → 100 (4 bars, −5 %)
 * const equity = Float64Array.of(80, 100, 95, 96, 97, 100);
 * const { deepest, longest } = drawdownTables(equity, 100, Float64Array.from(equity, (_, i) => i * day), 1);
 * assert.equal(deepest[0]!.depth, 80 / 100 - 1);
 * assert.equal(longest[0]!.depth, 95 / 100 - 1);
 * assert.equal(longest[0]!.lengthBars, 4);
 * ```
 */
export function drawdownTables(
  equity: Float64Array,
  initial: number,
  tsMs: Float64Array,
  top = 5,
): { deepest: DrawdownPeriod[]; longest: DrawdownPeriod[] } {
  const deepest = new Ranked(top), longest = new Ranked(top);
  if (!(initial > 0 && initial < Infinity) || top < 1) return { deepest: deepest.rows, longest: longest.rows };
  const time = (i: number) => tsMs[i < 0 ? 0 : i] ?? NaN;
  let peakV = initial, peakI = -1;
  let inDd = false, troughV = Infinity, troughI = -1, lastI = -1;
  const push = (recI: number) => {
    const depth = troughV / peakV - 1;
    const endI = Number.isNaN(recI) ? lastI : recI;
    // the ranking keys: smaller ranks first (deeper; more bars)
    const byDepth = deepest.wants(depth), byLength = longest.wants(peakI - endI);
    if (!byDepth && !byLength) return;
    const row: DrawdownPeriod = {
      depth,
      peakIndex: peakI,
      peakTimeMs: time(peakI),
      troughIndex: troughI,
      troughTimeMs: time(troughI),
      recoveryIndex: recI,
      recoveryTimeMs: Number.isNaN(recI) ? NaN : time(recI),
      lengthBars: endI - peakI,
      lengthDays: (time(endI) - time(peakI)) / DAY_MS,
    };
    if (byDepth) deepest.add(depth, row);
    if (byLength) longest.add(peakI - endI, row);
  };
  for (let i = 0; i < equity.length; i++) {
    const e = equity[i]!;
    if (e !== e) continue;
    lastI = i;
    if (e >= peakV) {
      if (inDd) {
        push(i);
        inDd = false;
      }
      peakV = e;
      peakI = i;
    } else if (peakV > 0) {
      if (!inDd) {
        inDd = true;
        troughV = e;
        troughI = i;
      } else if (e < troughV) {
        troughV = e;
        troughI = i;
      }
    }
  }
  if (inDd) push(NaN);
  return { deepest: deepest.rows, longest: longest.rows };
}
