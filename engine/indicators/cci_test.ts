import assert from "node:assert/strict";
import { cci } from "./cci.ts";
import { sma } from "./sma.ts";
import { nanPrefix, tickWalk, uniform } from "./_test_helpers.ts";

Deno.test("cci() divides the deviation from the mean by 0.015 × the mean deviation", () => {
  // n = 3, typical prices tp = (h + l + c)/3:
  //   bar  h   l   c    tp
  //   0    11  7   9    9
  //   1    13  9   11   11
  //   2    12  10  11   11
  //   3    16  11  15   14
  //   4    13  9   11   11
  const h = new Float64Array([11, 13, 12, 16, 13]);
  const l = new Float64Array([7, 9, 10, 11, 9]);
  const c = new Float64Array([9, 11, 11, 15, 11]);
  // mean = SMA3(tp): bar 2 31/3, bar 3 36/3 = 12, bar 4 36/3 = 12
  // |tp - mean|:     bar 2 2/3,  bar 3 2,         bar 4 1
  // md = SMA3 of those, first at bar 4 = 2n - 2: (2/3 + 2 + 1)/3 = 11/9
  // cci[4] = (11 - 12) / (0.015 * 11/9)
  const out = cci(h, l, c, 3);
  const md = (Math.abs(11 - 31 / 3) + 2 + 1) / 3;
  assert.deepEqual([...out], [NaN, NaN, NaN, NaN, -1 / (0.015 * md)]);
  assert.ok(Math.abs(out[4]! - -1 / (0.015 * 11 / 9)) < 1e-12); // -54.54...
});

Deno.test("cci() takes each bar's deviation from that bar's own moving mean (backtrader's MeanDev)", () => {
  // n = 2 on tp = 0, 2, 6 (high = low = close):
  //   mean: _, 1, 4; |tp - mean|: _, 1, 2; md[2] = (1 + 2)/2 = 1.5
  //   cci[2] = (6 - 4) / (0.015 * 1.5)
  // (Lambert / StockCharts measure both bars from the current mean 4: (|2-4| + |6-4|)/2 = 2, giving 2 / 0.03)
  const x = new Float64Array([0, 2, 6]);
  const out = cci(x, x, x, 2);
  assert.deepEqual([...out], [NaN, NaN, 2 / (0.015 * 1.5)]);
  assert.notEqual(out[2], 2 / (0.015 * 2));
  // 0, 0, 6, 6, 6 with n = 3: mean from bar 2: 2, 4, 6; deviations 4, 2, 0; first value at 2n - 2 = 4:
  // md = (4 + 2 + 0)/3 = 2, cci = (6 - 6)/(0.015 * 2) = 0 (Lambert's md here is 0 and his CCI undefined)
  const y = new Float64Array([0, 0, 6, 6, 6]);
  assert.deepEqual([...cci(y, y, y, 3)], [NaN, NaN, NaN, NaN, 0]);
});

Deno.test("cci() defaults to (20, 0.015): first value at bar 38; factor scales inversely", () => {
  const c = tickWalk(121, 120);
  const h = c.map((x) => x + 0.3), l = c.map((x) => x - 0.2);
  const a = cci(h, l, c);
  assert.equal(nanPrefix(a), 38);
  const b = cci(h, l, c, 20, 0.03);
  for (let i = 38; i < 120; i++) assert.ok(Math.abs(b[i]! * 2 - a[i]!) < 1e-9);
});

Deno.test("cci() is 0 on a flat series", () => {
  const flat = new Float64Array(8).fill(12.5);
  assert.deepEqual([...cci(flat, flat, flat, 3)], [NaN, NaN, NaN, NaN, 0, 0, 0, 0]);
});

Deno.test("cci() equals a re-computation from the exact sma, bit for bit", () => {
  const c = tickWalk(122, 5000, 20000, 40);
  const u = uniform(123);
  const h = c.map((x) => x + Math.round(u() * 50) / 100), l = c.map((x) => x - Math.round(u() * 50) / 100);
  for (const n of [1, 5, 20]) {
    const tp = h.map((x, i) => (x + l[i]! + c[i]!) / 3);
    const mean = sma(tp, n);
    const md = sma(tp.map((t, i) => Math.abs(t - mean[i]!)), n);
    const out = cci(h, l, c, n);
    for (let i = 0; i < c.length; i++) {
      const den = 0.015 * md[i]!; // 0 for n = 1 (a window of one is its own mean): CCI 0 by convention
      const want = i < 2 * n - 2 ? NaN : den === 0 ? 0 : (tp[i]! - mean[i]!) / den;
      if (!Object.is(out[i], want)) assert.fail(`n=${n} bar ${i}: ${out[i]} vs ${want}`);
    }
  }
});

Deno.test("cci() NaN spoils 2n - 1 bars, then values resume", () => {
  const c = tickWalk(124, 30);
  const h = c.map((x) => x + 0.1), l = c.map((x) => x - 0.1);
  const clean = cci(h, l, c, 3);
  const l2 = l.slice();
  l2[10] = NaN;
  const out = cci(h, l2, c, 3);
  for (let i = 0; i < 30; i++) {
    if (i >= 10 && i <= 14) assert.ok(Number.isNaN(out[i]), `bar ${i}`);
    else assert.ok(Object.is(out[i], clean[i]), `bar ${i}`);
  }
});

Deno.test("cci() rejects a bad n, factor, lengths or out with RangeError", () => {
  const x = new Float64Array(5);
  assert.throws(() => cci(x, x, x, 0), { name: "RangeError", message: "cci(): n must be an integer ≥ 1, found 0" });
  for (const f of [0, -1, Infinity, NaN]) {
    assert.throws(() => cci(x, x, x, 2, f), {
      name: "RangeError",
      message: `cci(): factor must be a finite number > 0, found ${f}`,
    });
  }
  assert.throws(() => cci(x, x, x.subarray(1)), /cci\(\): inputs must have equal lengths/);
  assert.throws(() => cci(x, x, x, 2, 0.015, new Float64Array(4)), /cci\(\): out must have the input length 5/);
});
