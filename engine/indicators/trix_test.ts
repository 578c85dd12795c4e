import assert from "node:assert/strict";
import { trix } from "./trix.ts";
import { ema } from "./ema.ts";
import { nanPrefix, tickWalk } from "./_test_helpers.ts";

Deno.test("trix() is the one-bar percent change of the triple EMA, with an SMA-seeded EMA signal", () => {
  // x = 2i + 1, n = 2: each SMA-seeded EMA of a line lags it by (n - 1)/2 bars of slope 2, i.e. by 1:
  // e1 = x - 1 from bar 1, e2 = x - 2 from bar 2, e3 = x - 3 from bar 3: [_, _, _, 4, 6, 8]
  // value[4] = 100*(6 - 4)/4 = 50, value[5] = 100*(8 - 6)/6 = 100/3
  // signal (n = 2): seed at bar 5 = (50 + 100/3)/2 = 125/3
  const r = trix(new Float64Array([1, 3, 5, 7, 9, 11]), 2, 2);
  assert.equal(nanPrefix(r.value), 4);
  assert.equal(nanPrefix(r.signal), 5);
  assert.ok(Math.abs(r.value[4]! - 50) < 1e-12 && Math.abs(r.value[5]! - 100 / 3) < 1e-12);
  assert.ok(Math.abs(r.signal[5]! - 125 / 3) < 1e-12);
});

Deno.test("trix() equals the change of ema(ema(ema(x))) in percent, and its signal ema(value), bit for bit", () => {
  const x = tickWalk(14, 3_000);
  for (const [n, s] of [[1, 1], [5, 4], [15, 9]] as const) {
    const e3 = ema(ema(ema(x, n), n), n);
    const value = e3.map((v, i) => i === 0 ? NaN : 100 * (v - e3[i - 1]!) / e3[i - 1]!);
    const r = trix(x, n, s);
    assert.deepEqual(r.value, value);
    assert.deepEqual(r.signal, ema(value, s));
    assert.equal(nanPrefix(r.value), 3 * n - 2);
    assert.equal(nanPrefix(r.signal), 3 * n + s - 3);
  }
});

Deno.test("trix() agrees with backtrader 1.9.78's TrixSignal output to its rounding", () => {
  // backtrader's TrixSignal(period=2, sigperiod=2) on these closes, printed with repr(); backtrader's
  // 100 * (e3 / e3(-1) - 1) loses digits to cancellation, hence the tolerance
  const close = [100.0, 101.5, 101.0, 102.25, 104.0, 103.5, 103.75, 105.0, 104.5, 106.0, 107.25, 107.0];
  const value = [
    0.998728705822538,
    0.6558785718361548,
    0.41950812838682516,
    0.5963404136304584,
    0.33566134662870173,
    0.5793190813511817,
    0.8401481843502534,
    0.5849029506547421,
  ];
  const signal = [
    0.8273036388293464,
    0.5554399652009989,
    0.5827069308206386,
    0.4180098746926807,
    0.525549345798348,
    0.7352819048329515,
    0.6350292687141452,
  ];
  const r = trix(Float64Array.from(close), 2, 2);
  assert.equal(nanPrefix(r.value), 4);
  value.forEach((v, k) => assert.ok(Math.abs(r.value[4 + k]! - v) < 1e-12, `value[${4 + k}]`));
  signal.forEach((v, k) => assert.ok(Math.abs(r.signal[5 + k]! - v) < 1e-12, `signal[${5 + k}]`));
});

Deno.test("trix() is 0 on a constant series", () => {
  const r = trix(new Float64Array(30).fill(250), 3, 4);
  for (let i = 7; i < 30; i++) assert.equal(r.value[i], 0);
  for (let i = 10; i < 30; i++) assert.equal(r.signal[i], 0);
});

Deno.test("trix() skips leading NaNs, carries a later NaN forward, and rejects bad periods", () => {
  const r = trix(new Float64Array([NaN, NaN, 1, 2, 4, 8, NaN, 9]), 1, 2);
  // n = 1: e3 = x; value from bar 3: 100, 100, 100; signal from bar 4
  assert.deepEqual([...r.value], [NaN, NaN, NaN, 100, 100, 100, NaN, NaN]);
  assert.deepEqual([...r.signal], [NaN, NaN, NaN, NaN, 100, 100, NaN, NaN]);
  assert.throws(() => trix(new Float64Array(3), 0), { name: "RangeError", message: /trix\(\): n must be/ });
  assert.throws(() => trix(new Float64Array(3), 2, 0), { name: "RangeError", message: /trix\(\): signal must be/ });
});
