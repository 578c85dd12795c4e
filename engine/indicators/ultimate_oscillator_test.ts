import assert from "node:assert/strict";
import { ultimateOscillator } from "./ultimate_oscillator.ts";
import { fsum } from "./exact_sum.ts";
import { nanPrefix, tickWalk, uniform } from "./_test_helpers.ts";

// Six bars; pc = previous close, TL = min(low, pc), TH = max(high, pc), BP = close - TL, TR = TH - TL:
//   i  high  low  close  pc   TL  TH  BP  TR
//   1  11    10   11     10   10  11  1   1
//   2  12    10   11     11   10  12  1   2
//   3  11    9    10     11   9   11  1   2
//   4  13    11   12     10   10  13  2   3    (gap up: TL is the previous close)
//   5  12    8    8      12   8   12  0   4    (close at the low)
const high = new Float64Array([10, 11, 12, 11, 13, 12]);
const low = new Float64Array([9, 10, 10, 9, 11, 8]);
const close = new Float64Array([10, 11, 11, 10, 12, 8]);
const f = 100 / 7;

Deno.test("ultimateOscillator() weighs three BP/TR ratios 4:2:1", () => {
  // p = (1, 2, 3); first value at bar 3
  // bar 3: a1 = 1/2, a2 = (1+1)/(2+2) = 1/2, a3 = (1+1+1)/(1+2+2) = 3/5
  // bar 4: a1 = 2/3, a2 = (1+2)/(2+3) = 3/5, a3 = (1+1+2)/(2+2+3) = 4/7
  // bar 5: a1 = 0/4 = 0, a2 = (2+0)/(3+4) = 2/7, a3 = (1+2+0)/(2+3+4) = 1/3
  const out = ultimateOscillator(high, low, close, 1, 2, 3);
  assert.deepEqual([...out], [
    NaN,
    NaN,
    NaN,
    4 * f * (1 / 2) + 2 * f * (1 / 2) + f * (3 / 5),
    4 * f * (2 / 3) + 2 * f * (3 / 5) + f * (4 / 7),
    4 * f * 0 + 2 * f * (2 / 7) + f * (1 / 3),
  ]);
  // bar 3 to rounding: 100 * (4*0.5 + 2*0.5 + 0.6) / 7 = 360/7
  assert.ok(Math.abs(out[3]! - 360 / 7) < 1e-12);
});

Deno.test("ultimateOscillator() defaults to (7, 14, 28): first value at bar 28", () => {
  const c = tickWalk(111, 100);
  const out = ultimateOscillator(c.map((x) => x + 0.1), c.map((x) => x - 0.1), c);
  assert.equal(nanPrefix(out), 28);
  // the periods may come in any order; the first value waits for the longest
  assert.equal(nanPrefix(ultimateOscillator(c, c, c, 20, 3, 5)), 20);
});

Deno.test("ultimateOscillator() is 50 on a flat series, 100 when every close is the high, 0 at the low", () => {
  const flat = new Float64Array(10).fill(4);
  // each ratio is 0.5 by convention; backtrader's weights 4f, 2f, f with f = 100/7 round the sum to 50 + 1 ulp
  const mid = (4 * f) * 0.5 + (2 * f) * 0.5 + f * 0.5;
  assert.ok(Math.abs(mid - 50) < 1e-13);
  assert.deepEqual([...ultimateOscillator(flat, flat, flat, 2, 3, 4)].slice(4), [mid, mid, mid, mid, mid, mid]);
  const up = new Float64Array(12).map((_, i) => 10 + i);
  const out = ultimateOscillator(up, up.map((x) => x - 0.5), up, 2, 3, 4);
  // rising closes at the high: BP = TR every bar, each ratio 1: 4f + 2f + f = 700/7 = 100 (to rounding)
  for (let i = 4; i < 12; i++) assert.ok(Math.abs(out[i]! - 100) < 1e-12);
  const down = up.map((x) => 100 - x);
  const out2 = ultimateOscillator(down.map((x) => x + 0.5), down, down, 2, 3, 4);
  for (let i = 4; i < 12; i++) assert.equal(out2[i], 0);
});

Deno.test("ultimateOscillator() equals a direct re-computation with fsum window sums", () => {
  const c = tickWalk(112, 3000, 9000, 30);
  const u = uniform(113);
  const h = c.map((x) => x + Math.round(u() * 40) / 100), l = c.map((x) => x - Math.round(u() * 40) / 100);
  const ps = [7, 14, 28];
  const out = ultimateOscillator(h, l, c, 7, 14, 28);
  const bp = [NaN], tr = [NaN];
  for (let i = 1; i < c.length; i++) {
    const tl = c[i - 1]! < l[i]! ? c[i - 1]! : l[i]!, th = c[i - 1]! > h[i]! ? c[i - 1]! : h[i]!;
    bp.push(c[i]! - tl);
    tr.push(th - tl);
  }
  for (let i = 28; i < c.length; i++) {
    const a = ps.map((p) => fsum(bp.slice(i - p + 1, i + 1)) / fsum(tr.slice(i - p + 1, i + 1)));
    const want = (4 * f) * a[0]! + (2 * f) * a[1]! + f * a[2]!;
    if (!Object.is(out[i], want)) assert.fail(`bar ${i}: ${out[i]} vs ${want}`);
  }
});

Deno.test("ultimateOscillator() NaN spoils only the windows that hold it", () => {
  const c = tickWalk(114, 40);
  const h = c.map((x) => x + 0.1), l = c.map((x) => x - 0.1);
  const clean = ultimateOscillator(h, l, c, 2, 3, 4);
  const c2 = c.slice();
  c2[10] = NaN; // spoils BP/TR of bars 10 and 11 (as previous close)
  const out = ultimateOscillator(h, l, c2, 2, 3, 4);
  for (let i = 0; i < 40; i++) {
    if (i >= 10 && i <= 14) assert.ok(Number.isNaN(out[i]), `bar ${i}`);
    else assert.ok(Object.is(out[i], clean[i]), `bar ${i}`);
  }
});

Deno.test("ultimateOscillator() rejects bad periods, lengths or out with RangeError", () => {
  assert.throws(() => ultimateOscillator(high, low, close, 7, 0), {
    name: "RangeError",
    message: "ultimateOscillator(): p2 must be an integer ≥ 1, found 0",
  });
  assert.throws(() => ultimateOscillator(high, low, close.subarray(1)), /equal lengths/);
  assert.throws(() => ultimateOscillator(high, low, close, 1, 2, 3, new Float64Array(5)), /input length 6/);
});
