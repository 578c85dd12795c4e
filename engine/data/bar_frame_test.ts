import assert from "node:assert/strict";
import { buildSteps, frameFromRows } from "./bar_frame.ts";

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
