import assert from "node:assert/strict";
import { tsi } from "./tsi.ts";
import { ema } from "./ema.ts";
import { nanPrefix, tickWalk } from "./_test_helpers.ts";

Deno.test("tsi() is 100 × the double-smoothed change over the double-smoothed absolute change", () => {
  // src = 10, 12, 11, 14, 13; pc = _, 2, -1, 3, -1; period1 = 2 (alpha 2/3), period2 = 2
  // ema2(pc):   bar 2 seed (2 - 1)/2 = 0.5; bar 3 2/3*3 + 1/3*0.5 = 13/6; bar 4 2/3*(-1) + 1/3*13/6 = 1/18
  // ema2(that): bar 3 seed (0.5 + 13/6)/2 = 4/3; bar 4 2/3*(1/18) + 1/3*(4/3)
  // ema2(|pc|): bar 2 seed 1.5; bar 3 2/3*3 + 1/3*1.5 = 2.5; bar 4 2/3*1 + 1/3*2.5 = 1.5
  // ema2(that): bar 3 seed (1.5 + 2.5)/2 = 2; bar 4 2/3*1.5 + 1/3*2
  const a = 2 / 3, b = 1 - a;
  const n2 = a * 3 + b * 0.5, n3 = a * -1 + b * n2;
  const num3 = (0.5 + n2) / 2, num4 = a * n3 + b * num3;
  const d2 = a * 3 + b * 1.5, d3 = a * 1 + b * d2;
  const den3 = (1.5 + d2) / 2, den4 = a * d3 + b * den3;
  const out = tsi(new Float64Array([10, 12, 11, 14, 13]), 2, 2);
  assert.deepEqual([...out], [NaN, NaN, NaN, 100 * (num3 / den3), 100 * (num4 / den4)]);
  // to rounding: bar 3: 100 * (4/3) / 2 = 66.67; bar 4: 100 * (1/27 + 4/9) / (1 + 2/3) = 28.89
  assert.ok(Math.abs(out[3]! - 200 / 3) < 1e-12);
  assert.ok(Math.abs(out[4]! - 100 * (13 / 27) / (5 / 3)) < 1e-12);
});

Deno.test("tsi() pchange looks further back for the change", () => {
  // pchange = 2, period1 = period2 = 1: tsi = 100 * pc/|pc| = ±100 from bar 2
  const out = tsi(new Float64Array([10, 12, 11, 9, 15]), 1, 1, 2);
  // pc: bar 2 11-10 = 1, bar 3 9-12 = -3, bar 4 15-11 = 4
  assert.deepEqual([...out], [NaN, NaN, 100, -100, 100]);
});

Deno.test("tsi() defaults to (25, 13, 1): first value at bar 37", () => {
  const x = tickWalk(131, 200);
  const out = tsi(x);
  assert.equal(nanPrefix(out), 37);
  for (let i = 37; i < 200; i++) assert.ok(Math.abs(out[i]!) <= 100 + 1e-9);
});

Deno.test("tsi() is +100 on a rising series, -100 on a falling one, 0 on a flat one", () => {
  const up = new Float64Array(30).map((_, i) => 100 + 3 * i);
  const down = up.map((x) => 500 - x);
  // first value at 1 + 3 + 3 - 2 = 5; a constant change c gives c/|c| through every smoothing
  assert.equal(nanPrefix(tsi(up, 3, 3)), 5);
  for (let i = 5; i < 30; i++) {
    assert.equal(tsi(up, 3, 3)[i], 100);
    assert.equal(tsi(down, 3, 3)[i], -100);
  }
  assert.deepEqual([...tsi(new Float64Array(6).fill(5), 2, 2)], [NaN, NaN, NaN, 0, 0, 0]);
});

Deno.test("tsi() equals a re-computation from ema(), bit for bit, leading NaNs included", () => {
  const x = tickWalk(132, 3000);
  x.fill(NaN, 0, 7);
  for (const [p1, p2, pc] of [[25, 13, 1], [5, 3, 4], [1, 8, 2]] as const) {
    const change = x.map((v, i) => i >= pc ? v - x[i - pc]! : NaN);
    const num = ema(ema(change, p1), p2), den = ema(ema(change.map(Math.abs), p1), p2);
    const out = tsi(x, p1, p2, pc);
    assert.equal(nanPrefix(out), 7 + pc + p1 + p2 - 2);
    for (let i = 0; i < x.length; i++) {
      const want = den[i] === 0 ? 0 : 100 * (num[i]! / den[i]!);
      if (!Object.is(out[i], want)) assert.fail(`(${p1}, ${p2}, ${pc}) bar ${i}: ${out[i]} vs ${want}`);
    }
  }
});

Deno.test("tsi() carries a NaN after the start forward", () => {
  const x = tickWalk(133, 20);
  x[12] = NaN;
  const out = tsi(x, 3, 2);
  assert.ok(Number.isFinite(out[11]!));
  for (let i = 12; i < 20; i++) assert.ok(Number.isNaN(out[i]));
});

Deno.test("tsi() rejects bad periods or out with RangeError", () => {
  const x = new Float64Array(4);
  assert.throws(() => tsi(x, 0), { name: "RangeError", message: "tsi(): period1 must be an integer ≥ 1, found 0" });
  assert.throws(() => tsi(x, 2, 2, 0), /tsi\(\): pchange must be an integer ≥ 1, found 0/);
  assert.throws(() => tsi(x, 2, 2, 1, x), /tsi\(\): out must not overlap/);
});
