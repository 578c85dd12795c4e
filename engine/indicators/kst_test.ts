import assert from "node:assert/strict";
import { kst } from "./kst.ts";
import { sma } from "./sma.ts";
import { nanPrefix, tickWalk } from "./_test_helpers.ts";

Deno.test("kst() weighs four smoothed rates of change (in percent) and smooths the sum for its signal", () => {
  // src = 10, 20, 25, 20, 30; rocPeriods 1, 1, 2, 2; maPeriods 1, 2, 1, 2; factors 1, 2, 3, 4; signal 2
  //   roc(1) in percent: _, 100, 25, -20, 50
  //   roc(2) in percent: _, _, 150, 0, 20
  //   rcma1 = roc(1):            _, 100, 25,    -20,   50
  //   rcma2 = sma2(roc(1)):      _, _,   62.5,  2.5,   15
  //   rcma3 = roc(2):            _, _,   150,   0,     20
  //   rcma4 = sma2(roc(2)):      _, _,   _,     75,    10
  //   kst = r1 + 2 r2 + 3 r3 + 4 r4: bar 3: -20 + 5 + 0 + 300 = 285; bar 4: 50 + 30 + 60 + 40 = 180
  //   signal = sma2(kst): bar 4: (285 + 180)/2 = 232.5
  const r = kst(new Float64Array([10, 20, 25, 20, 30]), {
    rocPeriods: [1, 1, 2, 2],
    maPeriods: [1, 2, 1, 2],
    signal: 2,
  });
  assert.deepEqual([...r.kst], [NaN, NaN, NaN, 285, 180]);
  assert.deepEqual([...r.signal], [NaN, NaN, NaN, NaN, 232.5]);
});

Deno.test("kst() defaults to (10, 15, 20, 30 / 10 × 4 / 9): kst from bar 39, signal from bar 47", () => {
  const x = tickWalk(171, 120);
  const r = kst(x);
  assert.equal(nanPrefix(r.kst), 39);
  assert.equal(nanPrefix(r.signal), 47);
  // the longest pair decides: rp + rma = 5 + 30 beats 30 + 1
  assert.equal(nanPrefix(kst(x, { rocPeriods: [30, 1, 1, 1], maPeriods: [1, 1, 1, 30] }).kst), 30);
});

Deno.test("kst() equals a re-computation from exact sma() of the rates of change, bit for bit", () => {
  const x = tickWalk(172, 3000);
  x.fill(NaN, 0, 4);
  x[1500] = NaN; // spoils a stretch, which then recovers
  const rp = [10, 15, 20, 30], rma = [10, 10, 10, 15], f = [1, 2, 3, 4.5];
  const rcma = rp.map((p, k) => sma(x.map((v, i) => i >= p ? 100 * ((v - x[i - p]!) / x[i - p]!) : NaN), rma[k]!));
  const want = x.map((_, i) =>
    0 + f[0]! * rcma[0]![i]! + f[1]! * rcma[1]![i]! + f[2]! * rcma[2]![i]! + f[3]! * rcma[3]![i]!
  );
  const r = kst(x, { rocPeriods: rp, maPeriods: rma, signal: 7, factors: f });
  assert.deepEqual(r.kst, want);
  assert.deepEqual(r.signal, sma(want, 7));
  assert.ok(Number.isFinite(r.kst[2999]!) && Number.isNaN(r.kst[1500]!));
});

Deno.test("kst() is 0 on a constant series", () => {
  const r = kst(new Float64Array(8).fill(2), { rocPeriods: [1, 2, 1, 2], maPeriods: [1, 1, 2, 2], signal: 2 });
  assert.deepEqual([...r.kst], [NaN, NaN, NaN, 0, 0, 0, 0, 0]);
  assert.deepEqual([...r.signal], [NaN, NaN, NaN, NaN, 0, 0, 0, 0]);
});

Deno.test("kst() rejects bad periods, weights, list lengths or out with RangeError", () => {
  const x = new Float64Array(5);
  assert.throws(() => kst(x, { rocPeriods: [1, 2, 3] }), {
    name: "RangeError",
    message: "kst(): rocPeriods must have 4 entries, found 3",
  });
  assert.throws(() => kst(x, { maPeriods: [1, 0, 1, 1] }), /kst\(\): maPeriods\[1\] must be an integer ≥ 1, found 0/);
  assert.throws(() => kst(x, { factors: [1, 2, NaN, 4] }), /kst\(\): factors\[2\] must be a finite number/);
  assert.throws(() => kst(x, { signal: 0 }), /kst\(\): signal must be an integer/);
  assert.throws(() => kst(x, {}, { signal: x }), /kst\(\): out.signal must not overlap/);
});
