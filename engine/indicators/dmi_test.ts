import assert from "node:assert/strict";
import { dmi } from "./dmi.ts";
import { fsum } from "./exact_sum.ts";
import { nanPrefix, tickWalk } from "./_test_helpers.ts";

// Six bars, n = 2; directional movement and true range per bar (pc = previous close):
//   i  high low close   up  down   +DM −DM   TR
//   0  10   8   9
//   1  12   9   11      2   −1     2   0    max(3, |12−9| = 3, |9−9| = 0)     = 3
//   2  11   7   8      −1    2     0   2    max(4, |11−11| = 0, |7−11| = 4)   = 4
//   3  13   10  12      2   −3     2   0    max(3, |13−8| = 5, |10−8| = 2)    = 5
//   4  15   12  14      2   −2     2   0    max(3, |15−12| = 3, 0)            = 3
//   5  14   11  12     −1    1     0   1    max(3, 0, |11−14| = 3)            = 3
const high = Float64Array.of(10, 12, 11, 13, 15, 14);
const low = Float64Array.of(8, 9, 7, 10, 12, 11);
const close = Float64Array.of(9, 11, 8, 12, 14, 12);

Deno.test("dmi() gives Wilder's +DI and −DI from bar n", () => {
  // Wilder(2) of +DM: seed (2 + 0)/2 = 1, then (1 + 2)/2 = 1.5, (1.5 + 2)/2 = 1.75, (1.75 + 0)/2 = 0.875
  // Wilder(2) of −DM: seed (0 + 2)/2 = 1, then 0.5, 0.25, (0.25 + 1)/2 = 0.625
  // ATR(2): seed (3 + 4)/2 = 3.5, then (3.5 + 5)/2 = 4.25, (4.25 + 3)/2 = 3.625, (3.625 + 3)/2 = 3.3125
  const r = dmi(high, low, close, 2);
  assert.deepEqual([...r.plusDI], [
    NaN,
    NaN,
    100 * 1 / 3.5,
    100 * 1.5 / 4.25,
    100 * 1.75 / 3.625,
    100 * 0.875 / 3.3125,
  ]);
  assert.deepEqual([...r.minusDI], [
    NaN,
    NaN,
    100 * 1 / 3.5,
    100 * 0.5 / 4.25,
    100 * 0.25 / 3.625,
    100 * 0.625 / 3.3125,
  ]);
});

Deno.test("dmi() smooths DX into ADX from bar 2n − 1 and averages ADX n bars apart into ADXR from bar 3n − 1", () => {
  // DX = |+DI − −DI| / (+DI + −DI) (the ATR cancels): bar 2: 0; bar 3: (1.5 − 0.5)/2 = 0.5;
  //   bar 4: (1.75 − 0.25)/2 = 0.75; bar 5: (0.875 − 0.625)/1.5 = 1/6
  // ADX = 100 × Wilder(2) of DX: bar 3: (0 + 0.5)/2 → 25; bar 4: (0.25 + 0.75)/2 → 50; bar 5: (0.5 + 1/6)/2 → 100/3
  // ADXR at bar 5: (ADX[5] + ADX[3]) / 2 = (100/3 + 25)/2 = 175/6
  const r = dmi(high, low, close, 2);
  const near = (a: number, b: number) => Math.abs(a - b) < 1e-12;
  assert.ok(Number.isNaN(r.adx[2]!) && near(r.adx[3]!, 25) && near(r.adx[4]!, 50) && near(r.adx[5]!, 100 / 3));
  assert.equal(nanPrefix(r.adxr), 5);
  assert.ok(near(r.adxr[5]!, 175 / 6));
});

Deno.test("dmi() gives DIs and ADX of 0, not NaN, where there is no movement at all", () => {
  // backtrader would divide 0 by 0 (ZeroDivisionError): a flat market has no direction and no trend strength
  const flat = new Float64Array(12).fill(7);
  const r = dmi(flat, flat, flat, 3);
  assert.deepEqual([...r.plusDI].slice(3), new Array(9).fill(0));
  assert.deepEqual([...r.minusDI].slice(3), new Array(9).fill(0));
  assert.deepEqual([...r.adx].slice(5), new Array(7).fill(0));
  assert.deepEqual([...r.adxr].slice(8), new Array(4).fill(0));
});

Deno.test("dmi() starts each line at its declared warm-up and stays defined after it", () => {
  const c = tickWalk(3, 500);
  const h = c.map((x, i) => x + 0.01 * (i % 4)), l = c.map((x, i) => x - 0.01 * (i % 3));
  for (const n of [1, 2, 5, 14]) {
    const r = dmi(h, l, c, n);
    assert.deepEqual([r.plusDI, r.minusDI, r.adx, r.adxr].map(nanPrefix), [n, n, 2 * n - 1, 3 * n - 1], `n=${n}`);
  }
});

Deno.test("dmi() equals a direct re-computation of backtrader's formulas, bit for bit", () => {
  const c = tickWalk(11, 2_000);
  const h = c.map((x, i) => x + 0.01 * ((i * 7) % 5)), l = c.map((x, i) => x - 0.01 * ((i * 3) % 4));
  const n = 14, len = c.length;
  // Wilder's smoothing, seeded with the exact mean of the first n defined values
  const smooth = (x: number[], from: number): number[] => {
    const y = new Array<number>(len).fill(NaN);
    y[from + n - 1] = fsum(x.slice(from, from + n)) / n;
    for (let i = from + n; i < len; i++) y[i] = (y[i - 1]! * (n - 1) + x[i]!) / n;
    return y;
  };
  const pdm = [NaN], mdm = [NaN], tr = [NaN];
  for (let i = 1; i < len; i++) {
    const up = h[i]! - h[i - 1]!, down = l[i - 1]! - l[i]!;
    pdm.push(up > down && up > 0 ? up : 0);
    mdm.push(down > up && down > 0 ? down : 0);
    tr.push(Math.max(h[i]! - l[i]!, Math.abs(h[i]! - c[i - 1]!), Math.abs(l[i]! - c[i - 1]!)));
  }
  const atr = smooth(tr, 1), p = smooth(pdm, 1), m = smooth(mdm, 1);
  const pdi = p.map((v, i) => 100 * v / atr[i]!), mdi = m.map((v, i) => 100 * v / atr[i]!);
  const dx = pdi.map((v, i) => Math.abs(v - mdi[i]!) / (v + mdi[i]!));
  const adx = smooth(dx, n).map((v) => 100 * v);
  const adxr = adx.map((v, i) => i < n ? NaN : (v + adx[i - n]!) / 2);
  const r = dmi(h, l, c, n);
  for (let i = 0; i < len; i++) {
    assert.ok(Object.is(r.plusDI[i], pdi[i]) && Object.is(r.minusDI[i], mdi[i]), `DI at ${i}`);
    assert.ok(Object.is(r.adx[i], adx[i]) && Object.is(r.adxr[i], adxr[i]), `ADX at ${i}`);
  }
});

Deno.test("dmi() keeps every line within [0, 100]", () => {
  const c = tickWalk(5, 3_000, 5_000, 40);
  const h = c.map((x, i) => x + 0.05 * (i % 3)), l = c.map((x, i) => x - 0.05 * (i % 2));
  const r = dmi(h, l, c, 7);
  for (const line of [r.plusDI, r.minusDI, r.adx, r.adxr]) {
    for (const v of line.subarray(20)) assert.ok(v >= 0 && v <= 100, `${v}`);
  }
});

Deno.test("dmi() skips leading NaN bars and carries a later NaN forward", () => {
  const pad = (a: Float64Array) => Float64Array.of(NaN, ...a);
  const shifted = dmi(pad(high), pad(low), pad(close), 2);
  const plain = dmi(high, low, close, 2);
  assert.deepEqual([...shifted.plusDI], [NaN, ...plain.plusDI]);
  assert.deepEqual([...shifted.adx], [NaN, ...plain.adx]);
  const h = high.slice();
  h[3] = NaN;
  const r = dmi(h, low, close, 2);
  assert.ok(r.plusDI[2] === plain.plusDI[2]);
  for (const line of [r.plusDI, r.minusDI, r.adx]) assert.ok(line.subarray(3).every(Number.isNaN));
});

Deno.test("dmi() rejects a bad n, unequal lengths or an overlapping out with RangeError", () => {
  assert.throws(() => dmi(high, low, close, 0), {
    name: "RangeError",
    message: "dmi(): n must be an integer ≥ 1, found 0",
  });
  assert.throws(() => dmi(high, low.subarray(1), close), RangeError);
  assert.throws(() => dmi(high, low, close, 2, { adx: high }), RangeError);
});
