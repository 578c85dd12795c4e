/**
 * Hand-worked excursions: each case lists the prices that count (module doc of
 * excursion.ts) and the lowest and highest of them.
 */
import assert from "node:assert/strict";
import { AT_CLOSE, AT_OPEN, excursion, INTRABAR } from "./excursion.ts";

// rows 0..4 of one symbol: [open, high, low, close]
const ROWS: readonly (readonly [number, number, number, number])[] = [
  [100, 101, 99, 100], // 0
  [100, 104, 97, 102], // 1
  [102, 108, 94, 96], // 2
  [96, 99, 90, 98], // 3
  [98, 120, 80, 100], // 4
];
const BARS = {
  open: ROWS.map((r) => r[0]),
  high: ROWS.map((r) => r[1]),
  low: ROWS.map((r) => r[2]),
  close: ROWS.map((r) => r[3]),
};

function run(dir: number, e: number, eAt: number, x: number, xAt: number, entry: number, exit: number): number[] {
  const out = new Float64Array(2);
  excursion(BARS, dir, e, eAt, x, xAt, entry, exit, out);
  return [...out];
}

Deno.test("excursion(): a long filled at an open counts that bar whole, the bars between whole, the exit bar's open", () => {
  // entry 100 at row 1's open; exit 97 at row 3's open.
  // counted: 100, 97, row 1 high 104 / low 97, row 2 high 108 / low 94, row 3 open 96 → lo 94, hi 108
  assert.deepEqual(run(1, 1, AT_OPEN, 3, AT_OPEN, 100, 97), [6, 8]); // MAE 100 − 94, MFE 108 − 100
});

Deno.test("excursion(): after an intrabar entry only the entry bar's close counts; an intrabar exit counts its bar's open only", () => {
  // a limit buy at 98 inside row 1; a stop-loss sells at 95 inside row 2.
  // counted: 98, 95, row 1 close 102, row 2 open 102 → lo 95, hi 102 (row 1's low 97, row 2's low 94 and high 108 do not)
  assert.deepEqual(run(1, 1, INTRABAR, 2, INTRABAR, 98, 95), [3, 4]);
});

Deno.test("excursion(): an exit at the last close (closeAtEnd) counts the whole exit bar", () => {
  // entry 96 at row 3's open, closed at row 4's close 100.
  // counted: 96, 100, row 3 high 99 / low 90, row 4 high 120 / low 80 → lo 80, hi 120
  assert.deepEqual(run(1, 3, AT_OPEN, 4, AT_CLOSE, 96, 100), [16, 24]);
});

Deno.test("excursion(): a trade opened and closed in one bar counts only what lies between its fills", () => {
  // at the open (100, row 1), out intrabar at 103: the open and the two prices → lo 100, hi 103
  assert.deepEqual(run(1, 1, AT_OPEN, 1, INTRABAR, 100, 103), [0, 3]);
  // in intrabar at 101, out at the bar's close (closeAtEnd, 102): the close and the prices → lo 101, hi 102
  assert.deepEqual(run(1, 1, INTRABAR, 1, AT_CLOSE, 101, 102), [0, 1]);
  // at the open and out at the close: the whole bar → lo 97, hi 104
  assert.deepEqual(run(1, 1, AT_OPEN, 1, AT_CLOSE, 100, 102), [3, 4]);
});

Deno.test("excursion(): a short mirrors a long: adverse is up, favourable is down", () => {
  // short 100 at row 1's open, covered at 97 at row 3's open: lo 94, hi 108 as in the first case
  assert.deepEqual(run(-1, 1, AT_OPEN, 3, AT_OPEN, 100, 97), [8, 6]); // MAE 108 − 100, MFE 100 − 94
});

Deno.test("excursion(): a fill price beyond the bar's range (slippage) counts, so the result stays within [−MAE, MFE]", () => {
  // entry 100 at row 0's open, sold at row 1's open with slippage at 96.5 (the open was 100, the low 97)
  // counted: 100, 96.5, row 0 high 101 / low 99, row 1 open 100 → lo 96.5, hi 101
  assert.deepEqual(run(1, 0, AT_OPEN, 1, AT_OPEN, 100, 96.5), [3.5, 1]);
});
