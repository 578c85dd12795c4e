import assert from "node:assert/strict";
import { mfi } from "./mfi.ts";
import { nanPrefix, tickWalk } from "./_test_helpers.ts";

// high = low = close, so the typical price is the price: 10, 11, 10, 12, 12, 9; volumes 1..6
// raw money flow and its side: bar 1 up 22; bar 2 down 30; bar 3 up 48; bar 4 unchanged (60, neither); bar 5 down 54
const p = Float64Array.of(10, 11, 10, 12, 12, 9);
const volume = Float64Array.of(1, 2, 3, 4, 5, 6);

Deno.test("mfi() compares the window's positive and negative money flow, from bar n", () => {
  // n = 3: bar 3 (bars 1..3): P = 22 + 48 = 70, N = 30; bar 4 (2..4): P = 48, N = 30; bar 5 (3..5): P = 48, N = 54
  const out = mfi(p, p, p, volume, 3);
  assert.deepEqual([...out], [
    NaN,
    NaN,
    NaN,
    100 - 100 / (1 + 70 / 30),
    100 - 100 / (1 + 48 / 30),
    100 - 100 / (1 + 48 / 54),
  ]);
});

Deno.test("mfi() is 100 when the negative flow is 0, 0 when the positive flow is, and 50 when both are", () => {
  const v = new Float64Array(5).fill(10);
  assert.deepEqual([
    ...mfi(Float64Array.of(1, 2, 3, 4, 5), Float64Array.of(1, 2, 3, 4, 5), Float64Array.of(1, 2, 3, 4, 5), v, 2),
  ], [
    NaN,
    NaN,
    100,
    100,
    100,
  ]);
  const down = Float64Array.of(5, 4, 3, 2, 1);
  assert.deepEqual([...mfi(down, down, down, v, 2)], [NaN, NaN, 0, 0, 0]);
  const flat = new Float64Array(5).fill(3);
  assert.deepEqual([...mfi(flat, flat, flat, v, 2)], [NaN, NaN, 50, 50, 50]);
  assert.deepEqual([...mfi(p, p, p, new Float64Array(6), 2)].slice(2), [50, 50, 50, 50]); // no volume traded
});

Deno.test("mfi() gives NaN for the windows holding a NaN bar or its successor, and without volume", () => {
  const q = p.slice();
  q[2] = NaN; // flows of bars 2 and 3 are undefined
  const out = mfi(q, q, q, volume, 2);
  // windows (n = 2) ending at 2, 3, 4 hold bar 2 or 3; bar 5: P = 0, N = 54 → 0
  assert.deepEqual([...out], [NaN, NaN, NaN, NaN, NaN, 0]);
  assert.ok(mfi(p, p, p, new Float64Array(6).fill(NaN), 2).every(Number.isNaN));
});

Deno.test("mfi() agrees with a direct per-window computation and stays within [0, 100]", () => {
  const c = tickWalk(22, 1_500, 10_000, 4);
  const h = c.map((x, i) => x + 0.01 * (i % 3)), l = c.map((x, i) => x - 0.01 * (i % 2));
  const v = Float64Array.from({ length: c.length }, (_, i) => 50 + ((i * 67) % 700));
  const n = 14, out = mfi(h, l, c, v, n);
  assert.equal(nanPrefix(out), n);
  const tp = (j: number) => (h[j]! + l[j]! + c[j]!) / 3;
  for (let i = n; i < c.length; i++) {
    let pos = 0, neg = 0;
    for (let j = i - n + 1; j <= i; j++) {
      if (tp(j) > tp(j - 1)) pos += tp(j) * v[j]!;
      if (tp(j) < tp(j - 1)) neg += tp(j) * v[j]!;
    }
    const want = neg === 0 ? (pos === 0 ? 50 : 100) : 100 - 100 / (1 + pos / neg);
    assert.ok(Math.abs(out[i]! - want) < 1e-9 && out[i]! >= 0 && out[i]! <= 100, `i=${i}`);
  }
});

Deno.test("mfi() rejects a bad n or unequal lengths with RangeError", () => {
  assert.throws(() => mfi(p, p, p, volume, 0), {
    name: "RangeError",
    message: "mfi(): n must be an integer ≥ 1, found 0",
  });
  assert.throws(() => mfi(p, p, p, volume.subarray(1)), RangeError);
});
