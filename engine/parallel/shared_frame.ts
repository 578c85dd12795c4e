/**
 * Bars in shared memory: the coordinator copies a loaded frame into one
 * SharedArrayBuffer once, and every worker views the same bytes as a
 * {@linkcode BarFrame} — no copy per worker, no reload per run.
 *
 * @module
 */
import type { FrameActions } from "../data/actions.ts";
import { type BarFrame, buildSteps } from "../data/bar_frame.ts";
import type { CalendarSpec } from "../data/calendar.ts";

/** A frame's columns in one SharedArrayBuffer, ready to post to workers (structured-clone safe). */
export interface SharedFrame {
  readonly symbols: readonly string[];
  /** Rows (bars across symbols). */
  readonly length: number;
  readonly buffer: SharedArrayBuffer;
  /** The frame's calendar and corporate actions (small: copied to each worker). */
  readonly calendar?: CalendarSpec;
  readonly actions?: FrameActions;
}

const F64 = ["tsMs", "open", "high", "low", "close", "volume", "closeMs"] as const;

/** Bytes of a frame's columns: the Float64 ones first (8-byte aligned), then the Int32 ones. */
function byteLength(n: number, k: number): number {
  const f64 = F64.length * n + k; // + intervalMs
  const i32 = 2 * n + 2 * k; // symbolId, clock, segStart, segEnd
  return f64 * 8 + i32 * 4;
}

/**
 * Copy a frame into shared memory.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { frameFromRows } from "../data/bar_frame.ts";
 * import { frameFromShared, shareFrame } from "./shared_frame.ts";
 * const f = frameFromRows([1, 2].map((c, i) => ({ symbol: "A", tsMs: i * 60_000, open: c, high: c, low: c, close: c })));
 * const shared = shareFrame(f);
 * assert.ok(shared.buffer instanceof SharedArrayBuffer);
 * assert.ok(frameFromShared(shared).close[1] === 2);
 * ```
 */
export function shareFrame(frame: BarFrame): SharedFrame {
  const n = frame.length, k = frame.symbols.length;
  const buffer = new SharedArrayBuffer(byteLength(n, k));
  const view = frameFromShared({ symbols: frame.symbols, length: n, buffer });
  for (const c of F64) (view[c] as Float64Array).set(frame[c]);
  view.intervalMs.set(frame.intervalMs);
  view.symbolId.set(frame.symbolId);
  view.clock.set(frame.clock);
  view.segStart.set(frame.segStart);
  view.segEnd.set(frame.segEnd);
  return {
    symbols: [...frame.symbols],
    length: n,
    buffer,
    ...(frame.calendar === undefined ? {} : { calendar: frame.calendar }),
    ...(frame.actions === undefined ? {} : { actions: frame.actions }),
  };
}

/**
 * View a shared frame as a {@linkcode BarFrame} (typed arrays over the shared
 * bytes; nothing is copied). Treat it as read-only: every worker sees it.
 *
 * @example
 * ```ts ignore
 * // in a worker
 * self.onmessage = (e) => { const frame = frameFromShared(e.data.shared); };
 * ```
 */
export function frameFromShared(shared: SharedFrame): BarFrame {
  const n = shared.length, k = shared.symbols.length, b = shared.buffer;
  let at = 0;
  const f64 = (len: number) => {
    const a = new Float64Array(b, at, len);
    at += len * 8;
    return a;
  };
  const i32 = (len: number) => {
    const a = new Int32Array(b, at, len);
    at += len * 4;
    return a;
  };
  const [tsMs, open, high, low, close, volume, closeMs] = F64.map(() => f64(n)) as [
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
  ];
  const intervalMs = f64(k);
  const symbolId = i32(n), clock = i32(n), segStart = i32(k), segEnd = i32(k);
  // the steps are derived, per view (a single symbol's times are its tsMs: only stepStart is new)
  const { times, stepStart } = buildSteps(tsMs, clock);
  return {
    symbols: Object.freeze([...shared.symbols]),
    length: n,
    tsMs,
    open,
    high,
    low,
    close,
    volume,
    symbolId,
    segStart,
    segEnd,
    intervalMs,
    closeMs,
    clock,
    times,
    stepStart,
    ...(shared.calendar === undefined ? {} : { calendar: shared.calendar }),
    ...(shared.actions === undefined ? {} : { actions: shared.actions }),
  };
}
