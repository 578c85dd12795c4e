import assert from "node:assert/strict";
import { aroon } from "./aroon.ts";
import { nanPrefix, tickWalk } from "./_test_helpers.ts";

Deno.test("aroon() scores the bars since the window's extremes over period + 1 bars, from bar period", () => {
  // n = 2: windows of 3 bars, score 100/2 × (2 − bars since the extreme)
  //   bar 2: highs 3,1,2 → 3 two bars ago: 0;   lows 1,2,0 → 0 now: 100
  //   bar 3: highs 1,2,5 → 5 now: 100;          lows 2,0,3 → 0 one bar ago: 50
  //   bar 4: highs 2,5,5 → 5 now (tie): 100;    lows 0,3,4 → 0 two bars ago: 0
  //   bar 5: highs 5,5,4 → 5 one bar ago: 50;   lows 3,4,4 → 3 two bars ago: 0
  const high = Float64Array.of(3, 1, 2, 5, 5, 4);
  const low = Float64Array.of(1, 2, 0, 3, 4, 4);
  const r = aroon(high, low, 2);
  assert.deepEqual([...r.up], [NaN, NaN, 0, 100, 100, 50]);
  assert.deepEqual([...r.down], [NaN, NaN, 100, 50, 0, 0]);
  assert.deepEqual([...r.oscillator], [NaN, NaN, -100, 50, 100, 50]);
});

Deno.test("aroon() counts from the most recent of tied extremes, as backtrader's FindFirstIndexHighest", () => {
  // a constant series: every bar of the window ties, the current one is the most recent: both lines 100
  const flat = new Float64Array(8).fill(4);
  const r = aroon(flat, flat, 3);
  assert.deepEqual([...r.up].slice(3), [100, 100, 100, 100, 100]);
  assert.deepEqual([...r.down].slice(3), [100, 100, 100, 100, 100]);
  assert.deepEqual([...r.oscillator].slice(3), [0, 0, 0, 0, 0]);
});

Deno.test("aroon() equals a direct scan of every window", () => {
  const h = tickWalk(7, 1_500, 5_000, 3), l = tickWalk(8, 1_500, 5_000, 3);
  for (const n of [1, 5, 14, 25]) {
    const r = aroon(h, l, n);
    assert.equal(nanPrefix(r.up), n);
    for (let i = n; i < h.length; i++) {
      // distance back to the first bar (scanning from the current one) that holds the window's extreme
      const w = [...h.subarray(i - n, i + 1)].reverse(), v = [...l.subarray(i - n, i + 1)].reverse();
      const up = (100 / n) * (n - w.indexOf(Math.max(...w)));
      const down = (100 / n) * (n - v.indexOf(Math.min(...v)));
      assert.ok(r.up[i] === up && r.down[i] === down && r.oscillator[i] === up - down, `n=${n} i=${i}`);
    }
  }
});

Deno.test("aroon() gives NaN for windows holding a NaN and recovers after them", () => {
  const high = Float64Array.of(1, 2, NaN, 3, 2, 1, 0);
  const low = Float64Array.of(1, 2, 3, 3, 2, 1, 0);
  const r = aroon(high, low, 2);
  // the NaN at bar 2 is in the windows ending at bars 2, 3 and 4
  assert.deepEqual([...r.up], [NaN, NaN, NaN, NaN, NaN, 0, 0]); // bar 5: highs 3,2,1: 3 two bars ago
  assert.deepEqual([...r.down], [NaN, NaN, 0, 0, 100, 100, 100]);
  assert.ok(Number.isNaN(r.oscillator[4]!) && r.oscillator[5] === -100);
});

Deno.test("aroon() rejects a bad n or unequal lengths with RangeError", () => {
  const x = Float64Array.of(1, 2, 3);
  assert.throws(() => aroon(x, x, 0), { name: "RangeError", message: "aroon(): n must be an integer ≥ 1, found 0" });
  assert.throws(() => aroon(x, x.subarray(1)), RangeError);
});
