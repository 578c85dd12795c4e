import assert from "node:assert/strict";
import { heikinAshi } from "./heikin_ashi.ts";
import { fsum } from "./exact_sum.ts";
import { tickWalk, uniform } from "./_test_helpers.ts";

Deno.test("heikinAshi() by hand: seeded open, mean close, and wicks that take in the HA body", () => {
  const open = new Float64Array([20, 22, 21, 15]);
  const high = new Float64Array([23, 24, 22, 16]);
  const low = new Float64Array([19, 21, 18, 14]);
  const close = new Float64Array([22, 21, 19, 15]);
  // seed: open (20 + 22)/2 = 21, close[0] (20 + 23 + 19 + 22)/4 = 21
  // bar 1: open (21 + 21)/2 = 21, close (22 + 24 + 21 + 21)/4 = 22, high max(24, 21, 22), low min(21, 21, 22)
  // bar 2: open (21 + 22)/2 = 21.5, close (21 + 22 + 18 + 19)/4 = 20, high max(22, 21.5, 20), low min(18, 21.5, 20)
  // bar 3 (a gap down): open (21.5 + 20)/2 = 20.75, close 60/4 = 15, high max(16, 20.75, 15) = 20.75 (the HA open), low 14
  const r = heikinAshi(open, high, low, close);
  assert.deepEqual([...r.open], [NaN, 21, 21.5, 20.75]);
  assert.deepEqual([...r.high], [NaN, 24, 22, 20.75]);
  assert.deepEqual([...r.low], [NaN, 21, 18, 14]);
  assert.deepEqual([...r.close], [NaN, 22, 20, 15]);
});

Deno.test("heikinAshi() keeps its identities on random bars: recursive open, exact mean close, wicks around the body", () => {
  const c = tickWalk(19, 2_000, 1_000_000), u = uniform(20);
  const o = c.map((v, i) => i === 0 ? v : c[i - 1]! + (u() - 0.5) * 0.2);
  const h = c.map((v, i) => Math.max(v, o[i]!) + u() * 0.3);
  const l = c.map((v, i) => Math.min(v, o[i]!) - u() * 0.3);
  const r = heikinAshi(o, h, l, c);
  let prevOpen = (o[0]! + c[0]!) / 2, prevClose = fsum([o[0]!, h[0]!, l[0]!, c[0]!]) / 4;
  for (let i = 1; i < c.length; i++) {
    const ho = (prevOpen + prevClose) / 2, hc = fsum([o[i]!, h[i]!, l[i]!, c[i]!]) / 4;
    assert.equal(r.open[i], ho, `open[${i}]`);
    assert.equal(r.close[i], hc, `close[${i}]`);
    assert.equal(r.high[i], Math.max(h[i]!, ho, hc), `high[${i}]`);
    assert.equal(r.low[i], Math.min(l[i]!, ho, hc), `low[${i}]`);
    assert.ok(r.low[i]! <= Math.min(ho, hc) && r.high[i]! >= Math.max(ho, hc));
    [prevOpen, prevClose] = [ho, hc];
  }
});

Deno.test("heikinAshi() skips leading bars with a NaN field and carries a later NaN forward", () => {
  const o = new Float64Array([NaN, 4, 4, 4, 4, 4]);
  const h = new Float64Array([5, 6, 6, NaN, 6, 6]);
  const l = new Float64Array([1, 2, 2, 2, 2, 2]);
  const c = new Float64Array([3, 4, 4, 4, 4, 4]);
  const r = heikinAshi(o, h, l, c);
  // seed at bar 1: open (4 + 4)/2 = 4, close (4 + 6 + 2 + 4)/4 = 4; bar 2: open 4, close 4, high 6, low 2
  // bar 3: h is NaN: close, high, low NaN, open (4 + 4)/2 = 4; from bar 4 on the open's recursion is NaN, and so
  // are high and low, while close (each bar's own mean) resumes: (4 + 6 + 2 + 4)/4 = 4
  assert.deepEqual([...r.open], [NaN, NaN, 4, 4, NaN, NaN]);
  assert.deepEqual([...r.close], [NaN, NaN, 4, NaN, 4, 4]);
  assert.deepEqual([...r.high], [NaN, NaN, 6, NaN, NaN, NaN]);
  assert.deepEqual([...r.low], [NaN, NaN, 2, NaN, NaN, NaN]);
  const one = new Float64Array([1]);
  assert.ok(Number.isNaN(heikinAshi(one, one, one, one).close[0]!));
});

Deno.test("heikinAshi() rejects inputs of unequal lengths", () => {
  assert.throws(
    () => heikinAshi(new Float64Array(3), new Float64Array(3), new Float64Array(2), new Float64Array(3)),
    { name: "RangeError", message: /heikinAshi\(\): inputs must have equal lengths/ },
  );
});
