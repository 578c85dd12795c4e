import assert from "node:assert/strict";
import { stitchEquity } from "./stitch.ts";

Deno.test("stitchEquity() compounds each window's growth onto the previous window's end", () => {
  const s = stitchEquity([
    { tsMs: Float64Array.of(1, 2, 3), equity: Float64Array.of(1000, 1100, 1200) },
    { tsMs: Float64Array.of(4, 5), equity: Float64Array.of(1000, 900) },
    { tsMs: Float64Array.of(6), equity: Float64Array.of(1050) },
  ], 1000);
  assert.deepEqual(Array.from(s.tsMs), [1, 2, 3, 4, 5, 6]);
  // 1.2 after window 1; × 0.9 = 1.08 after window 2; × 1.05 = 1.134
  assert.deepEqual(Array.from(s.equity), [1000, 1100, 1200, 1200, 1080, 1134]);
  assert.deepEqual(Array.from(s.part), [0, 0, 0, 1, 1, 2]);
});

Deno.test("stitchEquity() of nothing is empty", () => {
  assert.equal(stitchEquity([], 100).equity.length, 0);
});
