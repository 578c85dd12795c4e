import assert from "node:assert/strict";
import { stochastic } from "./stochastic.ts";
import { nanPrefix, tickWalk } from "./_test_helpers.ts";

// Eight bars, kPeriod = 3. HH/LL over the last 3 bars and raw %K:
//   i  high  low  close   HH  LL  raw %K = 100*(close-LL)/(HH-LL)
//   0  10    8    9       -   -   NaN
//   1  11    9    10      -   -   NaN
//   2  12    10   11      12  8   100*3/4 = 75
//   3  12    9    10      12  9   100*1/3 = 100/3
//   4  14    11   14      14  9   100*5/5 = 100
//   5  13    10   10      14  9   100*1/5 = 20
//   6  12    11   11      14  10  100*1/4 = 25
//   7  15    12   12      15  10  100*2/5 = 40
const high = new Float64Array([10, 11, 12, 12, 14, 13, 12, 15]);
const low = new Float64Array([8, 9, 10, 9, 11, 10, 11, 12]);
const close = new Float64Array([9, 10, 11, 10, 14, 10, 11, 12]);
const raw = [NaN, NaN, 75, 100 / 3, 100, 20, 25, 40];

Deno.test("stochastic() raw %K uses the highest high and lowest low of kPeriod bars", () => {
  // slowing = 1, dPeriod = 1: k is raw %K, d = k
  const { k, d } = stochastic(high, low, close, 3, 1, 1);
  assert.deepEqual([...k], raw);
  assert.deepEqual([...d], raw);
});

Deno.test("stochastic() smooths raw %K into slow %K and %D with SMAs", () => {
  // slowing = 2: k[i] = (raw[i-1] + raw[i])/2, first at 3
  //   k = [_, _, _, (75 + 100/3)/2, (100/3 + 100)/2, (100+20)/2 = 60, (20+25)/2 = 22.5, (25+40)/2 = 32.5]
  // dPeriod = 2: d[i] = (k[i-1] + k[i])/2, first at 4
  const { k, d } = stochastic(high, low, close, 3, 2, 2);
  const k3 = (75 + 100 / 3) / 2;
  const k4 = (100 / 3 + 100) / 2;
  assert.deepEqual([...k], [NaN, NaN, NaN, k3, k4, 60, 22.5, 32.5]);
  assert.deepEqual([...d], [NaN, NaN, NaN, NaN, (k3 + k4) / 2, (k4 + 60) / 2, (60 + 22.5) / 2, (22.5 + 32.5) / 2]);
});

Deno.test("stochastic() is 50 when the window is flat (HH = LL)", () => {
  const flat = new Float64Array([5, 5, 5, 5]);
  const { k } = stochastic(flat, flat, flat, 2, 1, 1);
  assert.deepEqual([...k], [NaN, 50, 50, 50]);
});

Deno.test("stochastic() defaults to (14, 3, 3): k from bar 15, d from bar 17", () => {
  const c = tickWalk(81, 100);
  const h = c.map((x) => x + 0.05);
  const l = c.map((x) => x - 0.05);
  const a = stochastic(h, l, c);
  assert.equal(nanPrefix(a.k), 15);
  assert.equal(nanPrefix(a.d), 17);
  assert.deepEqual(a, stochastic(h, l, c, 14, 3, 3));
});

Deno.test("stochastic() raw %K matches a brute-force window scan on a long series", () => {
  const c = tickWalk(82, 20_000, 5000, 25);
  const h = c.map((x, i) => x + 0.01 * ((i * 7) % 13));
  const l = c.map((x, i) => x - 0.01 * ((i * 5) % 11));
  for (const kp of [1, 2, 5, 14, 50]) {
    const { k } = stochastic(h, l, c, kp, 1, 1);
    assert.equal(nanPrefix(k), kp - 1);
    for (let i = kp - 1; i < c.length; i++) {
      let hh = -Infinity;
      let ll = Infinity;
      for (let j = i - kp + 1; j <= i; j++) {
        hh = Math.max(hh, h[j]!);
        ll = Math.min(ll, l[j]!);
      }
      const want = hh === ll ? 50 : 100 * (c[i]! - ll) / (hh - ll);
      if (!Object.is(k[i], want)) assert.fail(`kPeriod=${kp} i=${i}: ${k[i]} vs ${want}`);
    }
  }
});

Deno.test("stochastic() gives NaN only for windows touching a NaN bar", () => {
  const h = high.slice();
  h[3] = NaN;
  const c = close.slice();
  c[6] = NaN;
  const { k } = stochastic(h, low, c, 3, 1, 1);
  // windows containing bar 3 (i = 3, 4, 5) are NaN; bar 6's close is NaN;
  // i=2 and i=7 unchanged (bar 7 window 5..7: HH 15, LL 10)
  assert.deepEqual([...k], [NaN, NaN, 75, NaN, NaN, NaN, NaN, 40]);
});

Deno.test("stochastic() rejects bad periods, lengths or out with RangeError", () => {
  for (const [kp, s, dp, name] of [[0, 3, 3, "kPeriod"], [14, 1.5, 3, "slowing"], [14, 3, -1, "dPeriod"]] as const) {
    assert.throws(() => stochastic(high, low, close, kp, s, dp), {
      name: "RangeError",
      message: `stochastic(): ${name} must be an integer ≥ 1, found ${
        name === "kPeriod" ? kp : name === "slowing" ? s : dp
      }`,
    });
  }
  assert.throws(() => stochastic(high, low, close.subarray(1)), /equal lengths/);
  assert.throws(
    () => stochastic(high, low, close, 3, 1, 1, { k: new Float64Array(7) }),
    /out.k must have the input length 8/,
  );
  assert.throws(() => stochastic(high, low, close, 3, 1, 1, { d: high }), /out.d must not overlap/);
});
