import assert from "node:assert/strict";
import { ichimoku, ichimokuIndicator } from "./ichimoku.ts";
import { donchian } from "./donchian.ts";
import { nanPrefix, tickWalk } from "./_test_helpers.ts";

Deno.test("ichimoku() gives the midlines and the senkou spans shifted senkouLead bars later", () => {
  // tenkan = kijun = 2 bars: bar 1 (6 + 2)/2 = 4, bar 2 (6 + 1)/2 = 3.5, bar 3 (7 + 1)/2 = 4, bar 4 (8 + 4)/2 = 6
  // span A (lead 2) = (tenkan + kijun)/2 two bars earlier: bar 3 ← bar 1: 4, bar 4 ← bar 2: 3.5
  // 3-bar midline: bar 2 (6 + 1)/2 = 3.5, bar 3 (7 + 1)/2 = 4, bar 4 (8 + 1)/2 = 4.5; span B at bar 4 ← bar 2: 3.5
  const high = Float64Array.of(4, 6, 5, 7, 8);
  const low = Float64Array.of(2, 3, 1, 4, 6);
  const r = ichimoku(high, low, 2, 2, 3, 2);
  assert.deepEqual([...r.tenkan], [NaN, 4, 3.5, 4, 6]);
  assert.deepEqual([...r.kijun], [NaN, 4, 3.5, 4, 6]);
  assert.deepEqual([...r.senkouA], [NaN, NaN, NaN, 4, 3.5]);
  assert.deepEqual([...r.senkouB], [NaN, NaN, NaN, NaN, 3.5]);
});

Deno.test("ichimoku() lines are Donchian midlines, the spans shifted by senkouLead (defaults 9, 26, 52, 26)", () => {
  const c = tickWalk(6, 600);
  const high = c.map((x, i) => x + 0.01 * (i % 7)), low = c.map((x, i) => x - 0.01 * (i % 4));
  const r = ichimoku(high, low);
  const mid = (n: number) => donchian(high, low, n).middle;
  const t = mid(9), k = mid(26), b = mid(52);
  assert.deepEqual(r.tenkan, t);
  assert.deepEqual(r.kijun, k);
  assert.deepEqual([r.tenkan, r.kijun, r.senkouA, r.senkouB].map(nanPrefix), [8, 25, 51, 77]);
  for (let i = 26; i < c.length; i++) {
    assert.ok(Object.is(r.senkouA[i], (t[i - 26]! + k[i - 26]!) / 2) && Object.is(r.senkouB[i], b[i - 26]), `i=${i}`);
  }
  // no shift: the spans at the bar they are computed on
  const r0 = ichimoku(high, low, 9, 26, 52, 0);
  assert.deepEqual(r0.senkouB, b);
});

Deno.test("ichimoku has no chikou span: it would be the close 26 bars ahead", () => {
  assert.deepEqual([...ichimokuIndicator.outputs], ["tenkan", "kijun", "senkouA", "senkouB"]);
  // and every line at a bar is unchanged when later bars are removed
  const c = tickWalk(8, 200);
  const high = c.map((x) => x + 0.1), low = c.map((x) => x - 0.1);
  const all = ichimoku(high, low), part = ichimoku(high.slice(0, 120), low.slice(0, 120));
  for (const k of ["tenkan", "kijun", "senkouA", "senkouB"] as const) {
    assert.deepEqual(part[k], all[k].slice(0, 120), k);
  }
});

Deno.test("ichimoku() rejects bad windows or shift with RangeError", () => {
  const x = Float64Array.of(1, 2, 3);
  assert.throws(() => ichimoku(x, x, 0), {
    name: "RangeError",
    message: "ichimoku(): tenkan must be an integer ≥ 1, found 0",
  });
  assert.throws(() => ichimoku(x, x, 9, 26, 52, -1), {
    name: "RangeError",
    message: "ichimoku(): senkouLead must be an integer ≥ 0, found -1",
  });
  assert.throws(() => ichimoku(x, x.subarray(1)), RangeError);
});
