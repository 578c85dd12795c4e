import assert from "node:assert/strict";
import { atr } from "./atr.ts";
import { nanPrefix, tickWalk } from "./_test_helpers.ts";

// Seven bars; TR worked out per bar (pc = previous close):
//   i  high  low  close  TR
//   0  10    8    9      NaN (no previous close)
//   1  11    9    10     max(2, |11-9| = 2, |9-9| = 0)      = 2
//   2  12    10   11     max(2, |12-10| = 2, |10-10| = 0)   = 2
//   3  14    11   13     max(3, |14-11| = 3, |11-11| = 0)   = 3
//   4  13    9    10     max(4, |13-13| = 0, |9-13| = 4)    = 4
//   5  11    10   10.5   max(1, |11-10| = 1, |10-10| = 0)   = 1
//   6  15    10   14     max(5, |15-10.5| = 4.5, 0.5)       = 5
const high = new Float64Array([10, 11, 12, 14, 13, 11, 15]);
const low = new Float64Array([8, 9, 10, 11, 9, 10, 10]);
const close = new Float64Array([9, 10, 11, 13, 10, 10.5, 14]);

Deno.test("atr() starts at bar n with the mean of TR[1..n]", () => {
  // n = 3: ATR[3] = (2 + 2 + 3)/3 = 7/3
  const out = atr(high, low, close, 3);
  assert.equal(out[3], 7 / 3);
  assert.equal(nanPrefix(out), 3);
});

Deno.test("atr() matches Wilder smoothing after warm-up", () => {
  // n = 3: ATR[4] = (7/3 * 2 + 4)/3 = (26/3)/3 = 26/9
  //        ATR[5] = (26/9 * 2 + 1)/3 = (61/9)/3 = 61/27
  //        ATR[6] = (61/27 * 2 + 5)/3 = (257/27)/3 = 257/81
  const a3 = (2 + 2 + 3) / 3;
  const a4 = (a3 * 2 + 4) / 3;
  const a5 = (a4 * 2 + 1) / 3;
  const a6 = (a5 * 2 + 5) / 3;
  assert.deepEqual([...atr(high, low, close, 3)], [NaN, NaN, NaN, a3, a4, a5, a6]);
  assert.ok(Math.abs(a6 - 257 / 81) < 1e-14);
  // n = 1: ATR is TR itself from bar 1
  assert.deepEqual([...atr(high, low, close, 1)], [NaN, 2, 2, 3, 4, 1, 5]);
  // n = 2: ATR[2] = (2+2)/2 = 2; ATR[3] = (2+3)/2 = 2.5; ATR[4] = (2.5+4)/2 = 3.25;
  //        ATR[5] = (3.25+1)/2 = 2.125; ATR[6] = (2.125+5)/2 = 3.5625
  assert.deepEqual([...atr(high, low, close, 2)], [NaN, NaN, 2, 2.5, 3.25, 2.125, 3.5625]);
});

Deno.test("atr() is all NaN when there are not n true ranges", () => {
  assert.equal(nanPrefix(atr(high, low, close, 7)), 7);
  assert.equal(nanPrefix(atr(high, low, close, 6)), 6);
});

Deno.test("atr() skips leading NaN bars and carries later NaNs forward", () => {
  const h = new Float64Array([NaN, ...high]);
  const l = new Float64Array([NaN, ...low]);
  const c = new Float64Array([NaN, ...close]);
  // every value shifts by one bar
  assert.deepEqual([...atr(h, l, c, 2)], [NaN, NaN, NaN, 2, 2.5, 3.25, 2.125, 3.5625]);
  const c2 = close.slice();
  c2[4] = NaN; // TR[5] uses close[4]
  assert.deepEqual([...atr(high, low, c2, 2)], [NaN, NaN, 2, 2.5, 3.25, NaN, NaN]);
});

Deno.test("atr() equals a direct Wilder loop on a long series", () => {
  const c = tickWalk(21, 10_000);
  const h = c.map((x, i) => x + 0.01 * (i % 7));
  const l = c.map((x, i) => x - 0.01 * (i % 5));
  const n = 14;
  const out = atr(h, l, c, n);
  const tr = (i: number) => Math.max(h[i]! - l[i]!, Math.abs(h[i]! - c[i - 1]!), Math.abs(l[i]! - c[i - 1]!));
  let sum = 0;
  for (let i = 1; i <= n; i++) sum += tr(i);
  let prev = sum / n; // naive seed: equal to the exact one up to rounding
  assert.ok(Math.abs(out[n]! - prev) < 1e-12);
  prev = out[n]!;
  for (let i = n + 1; i < c.length; i++) {
    prev = (prev * (n - 1) + tr(i)) / n;
    assert.ok(Object.is(out[i], prev), `i=${i}`);
  }
});

Deno.test("atr() rejects a bad n, unequal lengths or a bad out with RangeError", () => {
  for (const n of [0, 1.5, -2]) {
    assert.throws(() => atr(high, low, close, n), {
      name: "RangeError",
      message: `atr(): n must be an integer ≥ 1, found ${n}`,
    });
  }
  assert.throws(
    () => atr(high, low.subarray(1), close, 3),
    /atr\(\): inputs must have equal lengths, found high.length = 7 and low.length = 6/,
  );
  assert.throws(() => atr(high, low, close, 3, new Float64Array(6)), /atr\(\): out must have the input length 7/);
  assert.throws(() => atr(high, low, close, 3, close), /must not overlap/);
});
