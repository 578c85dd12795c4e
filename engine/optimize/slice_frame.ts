/**
 * A time slice of a frame, for walk-forward windows.
 *
 * @module
 */
import { type BarFrame, buildSteps } from "../data/bar_frame.ts";
import { lowerBound } from "../data/lower_bound.ts";

/**
 * The bars whose start time lies in `[fromMs, toMs)`, as a new frame with
 * the same symbols (a symbol may have no bars in the slice). Nothing outside
 * the range is reachable from the result: a window's runs cannot see other
 * windows' bars. A single-symbol slice shares the source's memory.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { frameFromRows } from "../data/bar_frame.ts";
 * import { sliceFrame } from "./slice_frame.ts";
 * const f = frameFromRows([1, 2, 3, 4].map((c, i) => ({ symbol: "A", tsMs: i * 1000, open: c, high: c, low: c, close: c })));
 * const s = sliceFrame(f, 1000, 3000);
 * assert.ok(s.length === 2 && s.close[0] === 2 && s.close[1] === 3);
 * ```
 */
export function sliceFrame(frame: BarFrame, fromMs: number, toMs: number): BarFrame {
  const k = frame.symbols.length;
  const a = new Int32Array(k), b = new Int32Array(k);
  const segStart = new Int32Array(k), segEnd = new Int32Array(k);
  let n = 0;
  for (let s = 0; s < k; s++) {
    a[s] = lowerBound(frame.tsMs, fromMs, frame.segStart[s]!, frame.segEnd[s]!);
    b[s] = lowerBound(frame.tsMs, toMs, a[s]!, frame.segEnd[s]!);
    segStart[s] = n;
    n += b[s]! - a[s]!;
    segEnd[s] = n;
  }
  const cols = ["tsMs", "open", "high", "low", "close", "volume", "closeMs"] as const;
  let out: Record<(typeof cols)[number], Float64Array>;
  let symbolId: Int32Array;
  if (k === 1) {
    out = Object.fromEntries(cols.map((c) => [c, frame[c].subarray(a[0]!, b[0]!)])) as typeof out;
    symbolId = frame.symbolId.subarray(a[0]!, b[0]!);
  } else {
    out = Object.fromEntries(cols.map((c) => {
      const col = new Float64Array(n);
      for (let s = 0; s < k; s++) col.set(frame[c].subarray(a[s]!, b[s]!), segStart[s]!);
      return [c, col];
    })) as typeof out;
    symbolId = new Int32Array(n);
    for (let s = 0; s < k; s++) symbolId.fill(s, segStart[s]!, segEnd[s]!);
  }
  // the source clock is ordered by time: the slice's rows are one contiguous run of it
  const clk = frame.clock, ts = frame.tsMs;
  let c0 = 0, c1 = clk.length;
  {
    let lo = 0, hi = clk.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ts[clk[mid]!]! < fromMs) lo = mid + 1;
      else hi = mid;
    }
    c0 = lo;
    hi = clk.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ts[clk[mid]!]! < toMs) lo = mid + 1;
      else hi = mid;
    }
    c1 = lo;
  }
  const clock = new Int32Array(c1 - c0);
  for (let i = c0; i < c1; i++) {
    const r = clk[i]!, s = frame.symbolId[r]!;
    clock[i - c0] = r - a[s]! + segStart[s]!;
  }
  return {
    symbols: frame.symbols,
    length: n,
    ...out,
    symbolId,
    segStart,
    segEnd,
    intervalMs: frame.intervalMs,
    clock,
    ...buildSteps(out.tsMs, clock),
    ...(frame.calendar === undefined ? {} : { calendar: frame.calendar }),
    ...(frame.actions === undefined ? {} : { actions: frame.actions }),
  };
}
