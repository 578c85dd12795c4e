import assert from "node:assert/strict";
import fc from "fast-check";
import { assembleFrame, buildClock, buildSteps, closeOffsets, frameFromRows } from "./bar_frame.ts";

const DAY = 86_400_000;
const bar = (symbol: string, day: number, c = 1) => ({ symbol, tsMs: day * DAY, open: c, high: c, low: c, close: c });

Deno.test("steps group the clock by bar time: one step per distinct time, rows of a step in symbol order", () => {
  // A trades days 0, 1, 3; B trades days 0, 2, 3
  const f = frameFromRows([bar("A", 0), bar("A", 1), bar("A", 3), bar("B", 0), bar("B", 2), bar("B", 3)], DAY);
  assert.deepEqual([...f.clock], [0, 3, 1, 4, 2, 5]); // A0 B0 A1 B2 A3 B3
  assert.deepEqual([...f.times], [0, 1, 2, 3].map((d) => d * DAY));
  assert.deepEqual([...f.stepStart], [0, 2, 3, 4, 6]);
  assert.ok(f.times !== f.tsMs);
});

Deno.test("a single symbol's steps are its bars: times is tsMs itself", () => {
  const f = frameFromRows([bar("A", 0), bar("A", 1), bar("A", 2)], DAY);
  assert.ok(f.times === f.tsMs);
  assert.deepEqual([...f.stepStart], [0, 1, 2, 3]);
  const empty = buildSteps(new Float64Array(0), new Int32Array(0));
  assert.equal(empty.times.length, 0);
  assert.deepEqual([...empty.stepStart], [0]);
});

Deno.test("closeOffsets: a symbol's one close offset, NaN where its bars close at different offsets or it has none", () => {
  const part = (symbol: string, ts: number[], close?: number[]) => ({
    symbol,
    tsMs: Float64Array.from(ts),
    open: new Float64Array(ts.length).fill(1),
    high: new Float64Array(ts.length).fill(1),
    low: new Float64Array(ts.length).fill(1),
    close: new Float64Array(ts.length).fill(1),
    volume: new Float64Array(ts.length),
    intervalMs: 60_000,
    ...(close !== undefined && { closeMs: Float64Array.from(close) }),
  });
  const day = 86_400_000;
  const frame = assembleFrame([
    part("A", [0, 60_000, 120_000]), // minute bars: closes at start + 60 s
    part("B", [0, day], [57_600_000, day + 46_800_000]), // session closes: 16:00, then a half day's 13:00
    part("C", [0.5, 1.25], [60_000.5, 60_001.25]), // fractional starts: the differences are not one value
    part("D", [10, 20], [10, 20]), // closes at the start: +0
  ]);
  const off = closeOffsets(frame);
  assert.equal(off[0], 60_000);
  assert.ok(Number.isNaN(off[1]!));
  assert.deepEqual([60_000.5 - 0.5, 60_001.25 - 1.25], [60_000, 60_000]); // the same here, so C has one
  assert.equal(off[2], 60_000);
  assert.ok(Object.is(off[3], 0));
  assert.ok(closeOffsets(frame) === off, "kept for the frame");
  // wherever an offset is given, t + offset equals t + (closeMs − tsMs) of every bar, bit for bit
  for (let s = 0; s < frame.symbols.length; s++) {
    if (Number.isNaN(off[s]!)) continue;
    for (let i = frame.segStart[s]!; i < frame.segEnd[s]!; i++) {
      for (const t of [0, 0.1, -0, 1e15 + 0.5, frame.tsMs[i]!]) {
        assert.ok(Object.is(t + off[s]!, t + (frame.closeMs[i]! - frame.tsMs[i]!)));
      }
    }
  }
  // rows whose offsets differ only in sign of zero, or hold NaN, have none
  const signed = assembleFrame([part("E", [0, 1], [-0, 1])]);
  assert.ok(Object.is(signed.closeMs[0]! - signed.tsMs[0]!, -0) && Object.is(signed.closeMs[1]! - signed.tsMs[1]!, 0));
  assert.ok(Number.isNaN(closeOffsets(signed)[0]!));
  const missing = assembleFrame([part("F", [0, 60_000], [NaN, 120_000])]);
  assert.ok(Number.isNaN(closeOffsets(missing)[0]!));
});

Deno.test("buildClock of many symbols: the order a sort by time, then row, gives, over random segments", () => {
  const bySort = (ts: Float64Array) => Int32Array.from(ts, (_, i) => i).sort((a, b) => ts[a]! - ts[b]! || a - b);
  // times on a coarse grid, so that symbols share them; some segments empty, some repeating a time, some -0
  const segment = fc.array(fc.integer({ min: -3, max: 40 }), { maxLength: 30 }).map((xs) =>
    xs.sort((a, b) => a - b).map((x) => (x === 0 ? -0 : x * 60_000))
  );
  fc.assert(
    fc.property(fc.array(segment, { minLength: 17, maxLength: 60 }), (segs) => {
      const ts = Float64Array.from(segs.flat());
      const segStart = new Int32Array(segs.length), segEnd = new Int32Array(segs.length);
      let at = 0;
      segs.forEach((g, s) => {
        segStart[s] = at;
        segEnd[s] = at += g.length;
      });
      assert.deepEqual([...buildClock(ts, segStart, segEnd)], [...bySort(ts)]);
    }),
    { numRuns: 300 },
  );
  // a segment out of order, or a NaN time: the comparison sort, as before
  const k = 20, ts = Float64Array.from({ length: k * 2 }, (_, i) => (i % 2 === 0 ? 5 : 1) * (i % 3));
  const starts = Int32Array.from({ length: k }, (_, s) => 2 * s), ends = Int32Array.from(starts, (a) => a + 2);
  assert.deepEqual([...buildClock(ts, starts, ends)], [...bySort(ts)]);
  ts[7] = NaN;
  assert.deepEqual([...buildClock(ts, starts, ends)], [...bySort(ts)]);
});
