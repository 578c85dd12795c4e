/**
 * The in-memory form of bar data: one Float64Array per field.
 *
 * Rows are grouped by symbol (symbols sorted by name), and time-ordered
 * within a symbol, so each symbol's bars are one contiguous segment
 * `[segStart[s], segEnd[s])` that indicator kernels read as a zero-copy
 * subarray. `clock` lists every row once in processing order: by time, and by
 * symbol id among bars that share a timestamp.
 *
 * **Bar time.** `tsMs[i]` is the bar's start, in epoch milliseconds UTC: its
 * open is observed then. `closeMs[i]` is when its close is known: for
 * intraday bars `tsMs + intervalMs[symbol]`, the bar's end; for session bars
 * (daily bars, `engine/data/load_bars.ts`) the session's close, which comes
 * before the next session's open. Execution models build their timing rule
 * on these two instants.
 *
 * @module
 */
import { DataError } from "../errors.ts";
import type { FrameActions } from "./actions.ts";
import type { CalendarSpec } from "./calendar.ts";

/** Columnar bars for one or more symbols. */
export interface BarFrame {
  /** Symbol names, sorted; a symbol id is an index into this list. */
  readonly symbols: readonly string[];
  /** Total number of rows across symbols. */
  readonly length: number;
  /** Bar start times, epoch ms UTC. */
  readonly tsMs: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  /** Traded volume; NaN where the source has no volume column. */
  readonly volume: Float64Array;
  /** Symbol id of each row. */
  readonly symbolId: Int32Array;
  /** First row of each symbol's segment. */
  readonly segStart: Int32Array;
  /** One past the last row of each symbol's segment. */
  readonly segEnd: Int32Array;
  /** Bar length per symbol, in ms: the bars' spacing (a day for daily bars). */
  readonly intervalMs: Float64Array;
  /** When each bar's close is known, epoch ms UTC: after `tsMs`, at or before the next bar's start. */
  readonly closeMs: Float64Array;
  /** Row indices in processing order: by time, then by symbol id. */
  readonly clock: Int32Array;
  /**
   * The engine's steps: each distinct bar start time once, ascending. Step
   * `g` processes the rows `clock[stepStart[g] .. stepStart[g + 1])`, all
   * starting at `times[g]`. A single-symbol frame's `times` is its `tsMs`
   * (same array). Read-only: results share it as their equity times.
   */
  readonly times: Float64Array;
  /** Where each step starts in `clock`, plus `length` at the end: `times.length + 1` entries. */
  readonly stepStart: Int32Array;
  /** The session calendar the bars follow (`data.calendar`), as plain data. */
  readonly calendar?: CalendarSpec;
  /** The splits and dividends a `rawWithActions` run applies. */
  readonly actions?: FrameActions;
}

/** One bar as plain values, for building small frames by hand. */
export interface BarRow {
  readonly symbol: string;
  readonly tsMs: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume?: number;
}

/** A field of a frame that strategies and indicators may read. */
export type BarField = "open" | "high" | "low" | "close" | "volume";

/** The bars of one symbol, as zero-copy subarrays. */
export interface SymbolBars {
  readonly tsMs: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

/**
 * The bars of symbol `s` as subarrays of the frame's columns (no copy).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { frameFromRows, symbolBars } from "./bar_frame.ts";
 * const f = frameFromRows([{ symbol: "A", tsMs: 0, open: 1, high: 1, low: 1, close: 1 }], 60_000);
 * assert.ok(symbolBars(f, 0).close.length === 1);
 * ```
 */
export function symbolBars(frame: BarFrame, s: number): SymbolBars {
  const a = frame.segStart[s]!, b = frame.segEnd[s]!;
  return {
    tsMs: frame.tsMs.subarray(a, b),
    open: frame.open.subarray(a, b),
    high: frame.high.subarray(a, b),
    low: frame.low.subarray(a, b),
    close: frame.close.subarray(a, b),
    volume: frame.volume.subarray(a, b),
  };
}

const offsets = new WeakMap<BarFrame, Float64Array>();

/**
 * Per symbol, the one offset `closeMs[i] − tsMs[i]` all its bars share, or
 * NaN when they differ (session closes, an irregular bar) or it has no bar.
 * Where it is a number, `t + offset` is bit for bit `t + (closeMs[i] −
 * tsMs[i])` for any of the symbol's bars `i`, without reading either column
 * there. Worked out once per frame (one pass over both columns) and kept
 * while the frame lives.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { closeOffsets, frameFromRows } from "./bar_frame.ts";
 * const bar = (symbol: string, tsMs: number) => ({ symbol, tsMs, open: 1, high: 1, low: 1, close: 1, volume: 0 });
 * const frame = frameFromRows([bar("A", 0), bar("A", 60_000), bar("B", 0)], 60_000);
 * assert.deepEqual([...closeOffsets(frame)], [60_000, 60_000]);
 * ```
 */
export function closeOffsets(frame: BarFrame): Float64Array {
  let out = offsets.get(frame);
  if (out !== undefined) return out;
  const k = frame.symbols.length, ts = frame.tsMs, end = frame.closeMs;
  out = new Float64Array(k).fill(NaN);
  for (let s = 0; s < k; s++) {
    const a = frame.segStart[s]!, b = frame.segEnd[s]!;
    if (a >= b) continue;
    const d = end[a]! - ts[a]!;
    let i = a + 1;
    // Object.is: +0 and −0 add differently to −0, and NaN is no offset
    if (d === d) { while (i < b && Object.is(end[i]! - ts[i]!, d)) i++; }
    if (i === b && d === d) out[s] = d;
  }
  offsets.set(frame, out);
  return out;
}

/**
 * Infer a symbol's bar interval from its spacing: the smallest positive gap
 * between consecutive bars (a gap can only be longer than a bar, never
 * shorter). A date-only source is daily whatever its spacing; a symbol with a
 * single bar and no other hint is taken as daily.
 */
export function inferIntervalMs(ts: Float64Array, dateOnly: boolean): number {
  if (dateOnly) return 86_400_000;
  let best = Infinity;
  for (let i = 1; i < ts.length; i++) {
    const d = ts[i]! - ts[i - 1]!;
    if (d > 0 && d < best) best = d;
  }
  return Number.isFinite(best) ? best : 86_400_000;
}

/**
 * Build the processing order: rows by time, then by symbol id. Each symbol's
 * segment is already sorted, so this is a k-way merge: a scan of the heads
 * for a few symbols; for more, a counting sort of the rows by the rank of
 * their time among the distinct times (the same order: rows are grouped by
 * ascending symbol id, and the sort keeps row order within a time).
 *
 * @example Three symbols, one time shared
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildClock } from "./bar_frame.ts";
 * const ts = Float64Array.of(1, 3, 2, 3, 0);
 * assert.deepEqual([...buildClock(ts, Int32Array.of(0, 2, 4), Int32Array.of(2, 4, 5))], [4, 0, 2, 1, 3]);
 * ```
 */
export function buildClock(tsMs: Float64Array, segStart: Int32Array, segEnd: Int32Array): Int32Array {
  const n = tsMs.length;
  const k = segStart.length;
  const clock = new Int32Array(n);
  if (k === 1) {
    for (let i = 0; i < n; i++) clock[i] = segStart[0]! + i;
    return clock;
  }
  if (k <= 16) {
    const head = Int32Array.from(segStart);
    for (let out = 0; out < n; out++) {
      let best = -1, bestTs = Infinity;
      for (let s = 0; s < k; s++) {
        const h = head[s]!;
        if (h < segEnd[s]! && tsMs[h]! < bestTs) {
          bestTs = tsMs[h]!;
          best = s;
        }
      }
      clock[out] = head[best]!++;
    }
    return clock;
  }
  if (clockByRank(tsMs, segStart, segEnd, clock)) return clock;
  // a segment out of order, or a NaN time: a comparison sort (rows are grouped by ascending symbol id, so row index
  // breaks ties by symbol)
  for (let i = 0; i < n; i++) clock[i] = i;
  clock.sort((a, b) => tsMs[a]! - tsMs[b]! || a - b);
  return clock;
}

/**
 * {@linkcode buildClock} for many symbols, into `clock`, in O(n + distinct times) after the merge of the distinct
 * times (pairwise, each list shrinking to the union): each row's rank among the distinct times (found by galloping
 * from the rank of the row before it in its segment), then a stable counting sort by rank. False, with `clock`
 * unusable, when a segment does not ascend or holds a NaN time.
 */
function clockByRank(tsMs: Float64Array, segStart: Int32Array, segEnd: Int32Array, clock: Int32Array): boolean {
  const n = tsMs.length, k = segStart.length;
  // the distinct times, ascending
  let lists: Float64Array[] = [];
  for (let s = 0; s < k; s++) {
    const a = segStart[s]!, b = segEnd[s]!;
    for (let i = a; i < b; i++) {
      const t = tsMs[i]!;
      if (t !== t || (i > a && t < tsMs[i - 1]!)) return false;
    }
    if (b > a) lists.push(tsMs.subarray(a, b));
  }
  // each merged list is freed once merged into the next (a segment is a view of tsMs: kept), so the merge holds about
  // two levels of the tree at a time, not every level until V8's next major collection
  const take = (x: Float64Array) => {
    if (x.buffer !== tsMs.buffer) detach(x.buffer);
  };
  while (lists.length > 1) {
    const next: Float64Array[] = [];
    for (let i = 0; i + 1 < lists.length; i += 2) {
      const merged = mergeDistinct(lists[i]!, lists[i + 1]!);
      take(lists[i]!);
      take(lists[i + 1]!);
      next.push(merged);
    }
    if (lists.length % 2 === 1) next.push(lists[lists.length - 1]!);
    lists = next;
  }
  const times = lists.length === 0 ? new Float64Array(0) : mergeDistinct(lists[0]!, new Float64Array(0));
  if (lists.length > 0) take(lists[0]!);
  const m = times.length;
  // each row's rank, and how many rows each time has
  const rank = new Int32Array(n), count = new Int32Array(m + 1);
  for (let s = 0; s < k; s++) {
    let r = 0;
    for (let i = segStart[s]!, b = segEnd[s]!; i < b; i++) {
      const t = tsMs[i]!;
      // gallop from r: times[lo] < t ≤ times[hi], then bisect
      let lo = r - 1, step = 1, hi = r;
      while (hi < m && times[hi]! < t) {
        lo = hi;
        hi += step;
        step *= 2;
      }
      if (hi > m) hi = m;
      while (hi - lo > 1) {
        const mid = (lo + hi) >>> 1;
        if (times[mid]! < t) lo = mid;
        else hi = mid;
      }
      r = hi;
      rank[i] = r;
      count[r + 1]!++;
    }
  }
  for (let r = 1; r <= m; r++) count[r]! += count[r - 1]!;
  for (let i = 0; i < n; i++) clock[count[rank[i]!]!++] = i;
  freeBuffers([rank, count, times]);
  return true;
}

/**
 * The distinct values of two ascending arrays, ascending (each may repeat a value), in an array of exactly that
 * many (segments of the same dates merge into one of their length, not of twice it): the merge's own buffer is freed
 * once they are copied out.
 */
function mergeDistinct(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length);
  let i = 0, j = 0, o = 0;
  while (i < a.length || j < b.length) {
    const x = j >= b.length || (i < a.length && a[i]! <= b[j]!) ? a[i++]! : b[j++]!;
    if (o === 0 || x !== out[o - 1]) out[o++] = x;
  }
  const exact = out.slice(0, o);
  detach(out.buffer);
  return exact;
}

/**
 * Group the clock into steps of equal bar start time: the distinct times and
 * where each step starts in `clock` (see {@linkcode BarFrame.times}). When
 * every row has its own time (one symbol), `times` is `tsMs` itself.
 */
export function buildSteps(tsMs: Float64Array, clock: Int32Array): { times: Float64Array; stepStart: Int32Array } {
  const n = clock.length;
  let count = 0;
  for (let i = 0; i < n; i++) if (i === 0 || tsMs[clock[i]!] !== tsMs[clock[i - 1]!]) count++;
  const stepStart = new Int32Array(count + 1);
  let identity = count === n && tsMs.length === n;
  for (let i = 0, g = 0; i < n; i++) {
    if (i === 0 || tsMs[clock[i]!] !== tsMs[clock[i - 1]!]) stepStart[g++] = i;
    if (clock[i] !== i) identity = false;
  }
  stepStart[count] = n;
  if (identity) return { times: tsMs, stepStart };
  const times = new Float64Array(count);
  for (let g = 0; g < count; g++) times[g] = tsMs[clock[stepStart[g]!]!]!;
  return { times, stepStart };
}

/** One symbol's columns, sorted by time, as {@linkcode assembleFrame} takes them. */
export interface FramePart {
  symbol: string;
  tsMs: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
  intervalMs: number;
  /** When each bar's close is known; `tsMs + closeOffsetMs` when absent. */
  closeMs?: Float64Array;
  /**
   * Without `closeMs`: every bar's close is known this long after its start (default `intervalMs`). One number
   * rather than a column, so that thousands of daily symbols do not each allocate a column the frame copies and
   * drops (small buffers whose freed memory the allocator keeps).
   */
  closeOffsetMs?: number;
}

/** Options of {@linkcode assembleFrame}. */
export interface AssembleOptions {
  /**
   * The parts' arrays are the caller's to give up: with several parts, each
   * column's source buffers are detached (their memory freed at once) as soon
   * as the frame has copied that column, unless another column still to be
   * copied reads them. The assembly then holds one column's worth beside the
   * parts, not a whole second copy of them.
   */
  readonly consume?: boolean;
}

/**
 * Assemble a frame from per-symbol column segments already sorted by time.
 * `parts` must be sorted by symbol name. A single part's arrays become the
 * frame's own (no copy), so the caller must not reuse them.
 */
export function assembleFrame(parts: readonly FramePart[], opts: AssembleOptions = {}): BarFrame {
  const n = parts.reduce((a, p) => a + p.tsMs.length, 0);
  const k = parts.length;
  // A single symbol's columns already are the frame's: adopt them rather than
  // hold a second full copy while copying (the load's peak memory).
  const only = k === 1 ? parts[0]! : undefined;
  const col = (c: "tsMs" | "open" | "high" | "low" | "close" | "volume" | "closeMs") =>
    only?.[c] ?? new Float64Array(n);
  const f: { -readonly [K in keyof BarFrame]: BarFrame[K] } = {
    symbols: Object.freeze(parts.map((p) => p.symbol)),
    length: n,
    tsMs: col("tsMs"),
    open: col("open"),
    high: col("high"),
    low: col("low"),
    close: col("close"),
    volume: col("volume"),
    symbolId: new Int32Array(n),
    segStart: new Int32Array(k),
    segEnd: new Int32Array(k),
    intervalMs: new Float64Array(k),
    closeMs: col("closeMs"),
    clock: new Int32Array(0),
    times: new Float64Array(0),
    stepStart: new Int32Array(1),
  };
  let at = 0;
  parts.forEach((p, s) => {
    f.segStart[s] = at;
    f.symbolId.fill(s, at, at + p.tsMs.length);
    at += p.tsMs.length;
    f.segEnd[s] = at;
    f.intervalMs[s] = p.intervalMs;
  });
  if (!only) {
    // column by column, so that a consumed column's sources go before the next column is copied
    const fields = ["tsMs", "open", "high", "low", "close", "volume", "closeMs"] as const;
    const sources = fields.map((c) => parts.flatMap((p) => (p[c] === undefined ? [] : [p[c].buffer])));
    fields.forEach((c, x) => {
      const dst = f[c];
      parts.forEach((p, s) => {
        const src = p[c], from = f.segStart[s]!;
        if (src !== undefined) dst.set(src, from);
        else if (c === "closeMs") {
          // the bar's start (as copied) plus its close offset (the interval unless the part says otherwise)
          const ts = f.tsMs, d = p.closeOffsetMs ?? p.intervalMs;
          for (let i = from, to = f.segEnd[s]!; i < to; i++) dst[i] = ts[i]! + d;
        }
      });
      if (opts.consume) {
        const later = new Set(sources.slice(x + 1).flat());
        for (const b of sources[x]!) if (!later.has(b)) detach(b);
      }
    });
  }
  if (
    only !== undefined &&
    singleSymbolSteps(f, only.closeMs === undefined ? only.closeOffsetMs ?? only.intervalMs : NaN)
  ) return f;
  f.clock = buildClock(f.tsMs, f.segStart, f.segEnd);
  const steps = buildSteps(f.tsMs, f.clock);
  f.times = steps.times;
  f.stepStart = steps.stepStart;
  return f;
}

/**
 * Free the memory of the buffers of `arrays` now, except those in `keep`,
 * rather than at V8's next major collection, which a run that allocates
 * little may not reach before its peak. Views of a freed buffer read as
 * empty. A buffer that cannot be detached (a WebAssembly memory's, a shared
 * one) is left to the collector.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { freeBuffers } from "./bar_frame.ts";
 * const read = new Float64Array(1_000), view = read.subarray(10, 20), kept = new Float64Array(5);
 * freeBuffers([view, kept], new Set([kept.buffer]));
 * assert.ok(read.length === 0 && view.length === 0 && kept.length === 5);
 * ```
 */
export function freeBuffers(
  arrays: Iterable<ArrayBufferView | undefined>,
  keep: ReadonlySet<ArrayBufferLike> = new Set(),
): void {
  for (const a of arrays) if (a !== undefined && !keep.has(a.buffer)) detach(a.buffer);
}

function detach(b: ArrayBufferLike): void {
  if (!(b instanceof ArrayBuffer) || b.detached || b.byteLength === 0) return;
  try {
    b.transfer(0);
  } catch {
    // not detachable
  }
}

/**
 * One symbol's clock, steps (and close times `tsMs + closeOffsetMs`, when it is a number)
 * in one pass: each row is its own step when times strictly increase, as a
 * loaded symbol's do. False, with nothing set but the close times, when two
 * rows share a time (then the general path runs).
 */
function singleSymbolSteps(f: { -readonly [K in keyof BarFrame]: BarFrame[K] }, closeOffsetMs: number): boolean {
  const n = f.length, ts = f.tsMs, end = f.closeMs;
  const clock = new Int32Array(n), stepStart = new Int32Array(n + 1);
  const setClose = closeOffsetMs === closeOffsetMs;
  let increasing = true, prev = -Infinity;
  for (let i = 0; i < n; i++) {
    const t = ts[i]!;
    if (!(t > prev)) increasing = false;
    prev = t;
    clock[i] = i;
    stepStart[i] = i;
    if (setClose) end[i] = t + closeOffsetMs;
  }
  stepStart[n] = n;
  if (!increasing) return false;
  f.clock = clock;
  f.times = ts;
  f.stepStart = stepStart;
  return true;
}

/**
 * Build a frame from plain rows: for hand-worked tests and small examples.
 * Rows of a symbol must be in time order. The interval is given, or inferred.
 *
 * @example Two symbols on one clock
 * ```ts
 * import assert from "node:assert/strict";
 * import { frameFromRows } from "./bar_frame.ts";
 * const day = 86_400_000;
 * const f = frameFromRows([
 *   { symbol: "B", tsMs: 0, open: 5, high: 5, low: 5, close: 5 },
 *   { symbol: "A", tsMs: 0, open: 1, high: 1, low: 1, close: 1 },
 *   { symbol: "A", tsMs: day, open: 2, high: 2, low: 2, close: 2 },
 * ], day);
 * assert.ok(f.symbols.join() === "A,B");
 * assert.ok(Array.from(f.clock).join() === "0,2,1"); // A@0, B@0, A@day
 * ```
 */
export function frameFromRows(rows: readonly BarRow[], intervalMs?: number): BarFrame {
  const bySymbol = new Map<string, BarRow[]>();
  for (const r of rows) {
    const list = bySymbol.get(r.symbol) ?? [];
    list.push(r);
    bySymbol.set(r.symbol, list);
  }
  const names = [...bySymbol.keys()].sort();
  if (names.length === 0) throw new DataError("Cannot build bars: no rows given");
  return assembleFrame(names.map((symbol) => {
    const list = bySymbol.get(symbol)!;
    const col = (f: (r: BarRow) => number) => Float64Array.from(list, f);
    const tsMs = col((r) => r.tsMs);
    for (let i = 1; i < tsMs.length; i++) {
      if (!(tsMs[i]! > tsMs[i - 1]!)) {
        throw new DataError(`Cannot build bars for "${symbol}": timestamps not increasing at row ${i + 1}`);
      }
    }
    return {
      symbol,
      tsMs,
      open: col((r) => r.open),
      high: col((r) => r.high),
      low: col((r) => r.low),
      close: col((r) => r.close),
      volume: col((r) => r.volume ?? NaN),
      intervalMs: intervalMs ?? inferIntervalMs(tsMs, false),
    };
  }));
}
