import assert from "node:assert/strict";
import { drawdownTable } from "./drawdown_table.ts";
import { maxDrawdown } from "./max_drawdown.ts";
import { DAY_MS } from "./_testing.ts";

const days = (n: number) => Float64Array.from({ length: n }, (_, i) => i * DAY_MS);

Deno.test("drawdownTable: hand-worked curve, deepest first, with an unrecovered last drawdown", () => {
  // initial 100; bars 0..10:
  //   0: 100  (back at the initial peak: no drawdown yet)
  //   1:  95  dd A from the initial capital's level... peak is bar 0 (100, last bar at the running max)
  //   2: 100  A recovers (depth 95/100 − 1 = −0.05, peak 0, trough 1, recovery 2)
  //   3: 110  new peak
  //   4:  88  B: trough 88 (−0.2)
  //   5:  99
  //   6: 110  B recovers at the peak value exactly (peak 3, trough 4, recovery 6)
  //   7: 120  new peak
  //   8: 108  C: −0.1
  //   9: 102  C trough: 102/120 − 1 = −0.15
  //  10: 114  not recovered: length to the last bar, 3 days
  const equity = Float64Array.of(100, 95, 100, 110, 88, 99, 110, 120, 108, 102, 114);
  const rows = drawdownTable(equity, 100, days(11));
  assert.deepEqual(
    rows.map((r) => [r.peakIndex, r.troughIndex, r.recoveryIndex, r.lengthBars, r.lengthDays]),
    [[3, 4, 6, 3, 3], [7, 9, NaN, 3, 3], [0, 1, 2, 2, 2]],
  );
  assert.deepEqual(rows.map((r) => r.depth), [88 / 110 - 1, 102 / 120 - 1, 95 / 100 - 1]);
  assert.equal(rows[0]!.peakTimeMs, 3 * DAY_MS);
  assert.equal(rows[0]!.recoveryTimeMs, 6 * DAY_MS);
  assert.ok(Number.isNaN(rows[1]!.recoveryTimeMs));
  // the first row is the maximum drawdown
  const dd = maxDrawdown(equity, 100, days(11));
  assert.deepEqual([rows[0]!.depth, rows[0]!.peakIndex, rows[0]!.troughIndex], [
    dd.value,
    dd.peakIndex,
    dd.troughIndex,
  ]);
});

Deno.test("drawdownTable: a loss on the first bar is measured from the initial capital (index −1)", () => {
  const rows = drawdownTable(Float64Array.of(90, 80, 100), 100, days(3));
  assert.equal(rows.length, 1);
  assert.deepEqual(
    [rows[0]!.depth, rows[0]!.peakIndex, rows[0]!.peakTimeMs, rows[0]!.troughIndex, rows[0]!.recoveryIndex],
    [80 / 100 - 1, -1, 0, 1, 2],
  );
  assert.equal(rows[0]!.lengthBars, 3); // from the initial capital (−1) to bar 2
  assert.equal(rows[0]!.lengthDays, 2); // the initial capital stands at tsMs[0]
});

Deno.test("drawdownTable: equal depths keep time order; top keeps the deepest", () => {
  // three −10 % drawdowns and one −20 %: top 3 = the −20 %, then the first two −10 % in time order
  const equity = Float64Array.of(90, 100, 90, 100, 80, 100, 90, 100);
  const rows = drawdownTable(equity, 100, days(8), 3);
  assert.deepEqual(rows.map((r) => r.troughIndex), [4, 0, 2]);
  assert.deepEqual(rows.map((r) => r.depth), [80 / 100 - 1, 90 / 100 - 1, 90 / 100 - 1]);
  assert.equal(drawdownTable(equity, 100, days(8)).length, 4);
});

Deno.test("drawdownTable: no decline, a bad initial capital or NaN equity", () => {
  assert.deepEqual(drawdownTable(Float64Array.of(100, 101, 102), 100, days(3)), []);
  assert.deepEqual(drawdownTable(Float64Array.of(90), 0, days(1)), []);
  assert.deepEqual(drawdownTable(Float64Array.of(90), NaN, days(1)), []);
  // a NaN bar is skipped: the drawdown runs 100 → 90 → (NaN) → 100
  const rows = drawdownTable(Float64Array.of(90, NaN, 100), 100, days(3));
  assert.deepEqual([rows[0]!.troughIndex, rows[0]!.recoveryIndex], [0, 2]);
  // a trough that repeats: the first one
  assert.equal(drawdownTable(Float64Array.of(90, 95, 90, 100), 100, days(4))[0]!.troughIndex, 0);
});
