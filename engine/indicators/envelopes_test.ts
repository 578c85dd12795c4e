import assert from "node:assert/strict";
import { envelopes } from "./envelopes.ts";
import { sma } from "./sma.ts";
import { nanPrefix, tickWalk } from "./_test_helpers.ts";

Deno.test("envelopes() puts the bands perc percent above and below the SMA", () => {
  // sma(4) of [100, 104, 96, 100, 120] = [_, _, _, 100, 105]; perc 2.5 -> factors 1.025 and 0.975
  const r = envelopes(new Float64Array([100, 104, 96, 100, 120]), 4, 2.5);
  assert.deepEqual([...r.middle], [NaN, NaN, NaN, 100, 105]);
  assert.deepEqual([...r.upper], [NaN, NaN, NaN, 100 * 1.025, 105 * 1.025]);
  assert.deepEqual([...r.lower], [NaN, NaN, NaN, 100 * 0.975, 105 * 0.975]);
  assert.ok(Math.abs(r.upper[4]! - 107.625) < 1e-12 && Math.abs(r.lower[4]! - 102.375) < 1e-12);
});

Deno.test("envelopes() defaults to backtrader's period 30 and perc 2.5", () => {
  const x = tickWalk(1, 100);
  const r = envelopes(x);
  assert.equal(nanPrefix(r.middle), 29);
  assert.deepEqual(r.middle, sma(x, 30));
  assert.deepEqual(r.upper, sma(x, 30).map((m) => m * (1 + 2.5 / 100)));
});

Deno.test("envelopes(): the middle is the exact SMA and the bands are symmetric about it", () => {
  const x = tickWalk(9, 2_000);
  const r = envelopes(x, 20, 3);
  assert.deepEqual(r.middle, sma(x, 20));
  for (let i = 19; i < x.length; i++) {
    const m = r.middle[i]!;
    assert.ok(Math.abs((r.upper[i]! + r.lower[i]!) / 2 - m) < 1e-12 * m, `bar ${i}`);
    assert.ok(Math.abs((r.upper[i]! - r.lower[i]!) - 0.06 * m) < 1e-12 * m, `bar ${i}`);
  }
  const flat = envelopes(x, 20, 0); // perc 0: three equal lines
  assert.deepEqual(flat.upper, flat.middle);
  assert.deepEqual(flat.lower, flat.middle);
});

Deno.test("envelopes() gives NaN in all three lines for windows containing a NaN, then resumes", () => {
  const r = envelopes(new Float64Array([1, 2, NaN, 4, 5, 6]), 2, 10);
  assert.deepEqual(
    [...r.middle].map((v) => Number.isNaN(v)),
    [true, false, true, true, false, false],
  );
  assert.deepEqual([...r.upper].map(Number.isNaN), [...r.middle].map(Number.isNaN));
  assert.deepEqual([...r.lower].map(Number.isNaN), [...r.middle].map(Number.isNaN));
});

Deno.test("envelopes() rejects a bad period or perc naming envelopes and the param", () => {
  const x = new Float64Array(5);
  assert.throws(() => envelopes(x, 0), { name: "RangeError", message: /envelopes\(\): n must be/ });
  for (const perc of [-1, NaN, Infinity]) {
    assert.throws(() => envelopes(x, 2, perc), { name: "RangeError", message: /envelopes\(\): perc must be/ });
  }
});
