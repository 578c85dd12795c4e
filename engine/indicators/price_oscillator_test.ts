import assert from "node:assert/strict";
import { priceOscillator } from "./price_oscillator.ts";
import { ema } from "./ema.ts";
import { macd } from "./macd.ts";
import { nanPrefix, tickWalk } from "./_test_helpers.ts";

Deno.test("priceOscillator() is the fast EMA minus the slow EMA in price units", () => {
  // fast = 2 (alpha 2/3), slow = 3 (alpha 1/2); src = 3, 6, 9, 3
  // ema2: bar 1 4.5; bar 2 2/3*9 + 1/3*4.5 = 7.5; bar 3 2/3*3 + 1/3*7.5 = 4.5
  // ema3: bar 2 6;   bar 3 0.5*3 + 0.5*6 = 4.5
  const a = 2 / 3, b = 1 - a;
  const e2 = a * 9 + b * 4.5, e3 = a * 3 + b * e2;
  const out = priceOscillator(new Float64Array([3, 6, 9, 3]), 2, 3);
  assert.deepEqual([...out], [NaN, NaN, e2 - 6, e3 - 4.5]);
  assert.ok(Math.abs(out[2]! - 1.5) < 1e-12 && Math.abs(out[3]!) < 1e-12);
});

Deno.test("priceOscillator() defaults to (12, 26): first value at bar 25; 0 on a constant series", () => {
  assert.equal(nanPrefix(priceOscillator(tickWalk(151, 60))), 25);
  assert.deepEqual([...priceOscillator(new Float64Array(5).fill(9), 1, 2)], [NaN, 0, 0, 0, 0]);
});

Deno.test("priceOscillator() equals ema(fast) - ema(slow) and the MACD line, bit for bit", () => {
  const x = tickWalk(152, 5000);
  const withNaN = x.slice().fill(NaN, 0, 11);
  const inner = x.map((v, i) => i === 3000 ? NaN : v);
  for (const src of [x, withNaN, inner]) {
    for (const [f, s] of [[12, 26], [1, 2], [5, 80]] as const) {
      const slow = ema(src, s);
      const want = ema(src, f).map((v, i) => v - slow[i]!);
      const got = priceOscillator(src, f, s);
      assert.deepEqual(got, want);
      assert.deepEqual(got, macd(src, f, s, 1).macd);
    }
  }
});

Deno.test("priceOscillator() rejects bad periods or out with RangeError", () => {
  const x = new Float64Array(3);
  assert.throws(() => priceOscillator(x, 3, 2), {
    name: "RangeError",
    message: "priceOscillator(): slow must be greater than fast, found fast = 3, slow = 2",
  });
  assert.throws(() => priceOscillator(x, 1.5), /priceOscillator\(\): fast must be an integer/);
  assert.throws(
    () => priceOscillator(x, 1, 2, new Float64Array(2)),
    /priceOscillator\(\): out must have the input length 3/,
  );
});
