import assert from "node:assert/strict";
import { stochasticFull } from "./stochastic_full.ts";
import { stochasticFast } from "./stochastic_fast.ts";
import { stochastic } from "./stochastic.ts";
import { sma } from "./sma.ts";
import { nanPrefix, tickWalk } from "./_test_helpers.ts";

// The same eight bars as the fast stochastic's test, period = 3:
//   raw %K = [_, _, 75, 100*(1/3), 100, 20, 25, 40]
const high = new Float64Array([10, 11, 12, 12, 14, 13, 12, 15]);
const low = new Float64Array([8, 9, 10, 9, 11, 10, 11, 12]);
const close = new Float64Array([9, 10, 11, 10, 14, 10, 11, 12]);

Deno.test("stochasticFull() gives raw %K, its SMA and the SMA of that", () => {
  const { k, d, dSlow } = stochasticFull(high, low, close, 3, 2, 2);
  const k3 = 100 * (1 / 3);
  assert.deepEqual([...k], [NaN, NaN, 75, k3, 100, 20, 25, 40]);
  // d = SMA2(k): bar 3 (75 + k3)/2, bar 4 (k3 + 100)/2, bar 5 60, bar 6 22.5, bar 7 32.5
  const d3 = (75 + k3) / 2, d4 = (k3 + 100) / 2;
  assert.deepEqual([...d], [NaN, NaN, NaN, d3, d4, 60, 22.5, 32.5]);
  // dSlow = SMA2(d): bar 4 (d3 + d4)/2, bar 5 (d4 + 60)/2, bar 6 (60 + 22.5)/2 = 41.25, bar 7 27.5
  assert.deepEqual([...dSlow], [NaN, NaN, NaN, NaN, (d3 + d4) / 2, (d4 + 60) / 2, 41.25, 27.5]);
});

Deno.test("stochasticFull() defaults to (14, 3, 3): first values at bars 13, 15 and 17", () => {
  const c = tickWalk(94, 60);
  const r = stochasticFull(c.map((x) => x + 0.1), c.map((x) => x - 0.1), c);
  assert.deepEqual([nanPrefix(r.k), nanPrefix(r.d), nanPrefix(r.dSlow)], [13, 15, 17]);
});

Deno.test("stochasticFull() k and d are the fast stochastic's bit for bit; d and dSlow the slow one's k, d to rounding", () => {
  const c = tickWalk(95, 5000, 8000, 30);
  const h = c.map((x, i) => x + 0.01 * ((i * 3) % 17)), l = c.map((x, i) => x - 0.01 * ((i * 11) % 7));
  for (const [p, a, b] of [[14, 3, 3], [5, 1, 4], [20, 6, 2]] as const) {
    const full = stochasticFull(h, l, c, p, a, b);
    const fast = stochasticFast(h, l, c, p, a);
    assert.deepEqual(full.k, fast.k);
    assert.deepEqual(full.d, fast.d);
    assert.deepEqual(full.dSlow, sma(fast.d, b));
    // the slow kernel multiplies by 100 before dividing: the same lines, up to the last bits
    const slow = stochastic(h, l, c, p, a, b);
    assert.equal(nanPrefix(slow.k), nanPrefix(full.d));
    assert.equal(nanPrefix(slow.d), nanPrefix(full.dSlow));
    for (let i = nanPrefix(full.dSlow); i < c.length; i++) {
      assert.ok(Math.abs(full.d[i]! - slow.k[i]!) < 1e-12 && Math.abs(full.dSlow[i]! - slow.d[i]!) < 1e-12);
    }
  }
});

Deno.test("stochasticFull() rejects bad periods or out with RangeError naming itself", () => {
  assert.throws(() => stochasticFull(high, low, close, 3, 3, 0), {
    name: "RangeError",
    message: "stochasticFull(): dSlowPeriod must be an integer ≥ 1, found 0",
  });
  const k = new Float64Array(8);
  assert.throws(() => stochasticFull(high, low, close, 3, 3, 3, { k, dSlow: k }), /out.dSlow must not overlap/);
  assert.throws(() => stochasticFull(high, low, close, 3, 3, 3, { d: new Float64Array(2) }), /out.d must have/);
});
