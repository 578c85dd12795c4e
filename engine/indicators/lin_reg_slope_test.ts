import assert from "node:assert/strict";
import { linRegSlope } from "./lin_reg_slope.ts";
import { nanPrefix, scaled, tickWalk, unscaled } from "./_test_helpers.ts";

/** The weighted sum sum_j (2j − (n − 1)) · y_j of the window ending at i, exactly (BigInt), rounded once. */
function exactNumerator(x: Float64Array, i: number, n: number): number {
  let s = 0n;
  for (let j = 0; j < n; j++) s += BigInt(2 * j - (n - 1)) * scaled(x[i - n + 1 + j]!);
  return unscaled(s);
}

Deno.test("linRegSlope() is the least-squares slope against x = 0..n−1", () => {
  // n = 4: x̄ = 1.5, sum (x - x̄)^2 = 5; [1, 2, 4, 8]: sum (x - x̄) y = -1.5 - 1 + 2 + 12 = 11.5 -> 2.3
  // [2, 4, 8, 16]: double the values, double the slope: 4.6
  assert.deepEqual([...linRegSlope(new Float64Array([1, 2, 4, 8, 16]), 4)], [NaN, NaN, NaN, 2.3, 4.6]);
  // n = 2: the one-bar change
  assert.deepEqual([...linRegSlope(new Float64Array([10, 12.5, 11]), 2)], [NaN, 2.5, -1.5]);
});

Deno.test("linRegSlope() of i² is 2i − (n − 1), the derivative at the window's centre", () => {
  const n = 5;
  const out = linRegSlope(Float64Array.from({ length: 30 }, (_, i) => i * i), n);
  assert.equal(nanPrefix(out), n - 1);
  for (let i = n - 1; i < 30; i++) assert.equal(out[i], 2 * i - (n - 1));
});

Deno.test("linRegSlope() of a line near 1e12 is its slope exactly (no cancellation)", () => {
  const line = Float64Array.from({ length: 300 }, (_, i) => 1e12 + 0.125 * i);
  for (const n of [2, 14, 100]) {
    const out = linRegSlope(line, n);
    for (let i = n - 1; i < line.length; i++) assert.equal(out[i], 0.125, `n ${n} bar ${i}`);
  }
});

Deno.test("linRegSlope() equals the exact weighted sum, rounded once, over n(n² − 1)/6", () => {
  for (const [seed, start] of [[31, 1_000_000], [32, 100_000_000_000]] as const) {
    const x = tickWalk(seed, 3_000, start); // prices near 1e4, then near 1e9
    for (const n of [2, 14, 50]) {
      const out = linRegSlope(x, n), d = (n - 1) * n * (n + 1) / 6;
      for (let i = n - 1; i < x.length; i++) assert.equal(out[i], exactNumerator(x, i, n) / d, `n ${n} bar ${i}`);
    }
  }
});

Deno.test("linRegSlope() gives NaN for windows containing NaN or Infinity and resumes after", () => {
  const x = new Float64Array([NaN, 1, 2, 3, Infinity, 5, 6, 7, -Infinity, 9, 10, 11]);
  const out = linRegSlope(x, 3);
  assert.deepEqual(
    [...out].map(Number.isNaN),
    [...x].map((_, i) => i < 3 || (i >= 4 && i <= 6) || (i >= 8 && i <= 10)),
  );
  assert.equal(out[3], 1);
  assert.equal(out[7], 1);
  assert.equal(out[11], 1);
});

Deno.test("linRegSlope() rejects a bad period or a value too large for exact products", () => {
  assert.throws(() => linRegSlope(new Float64Array(3), 1), {
    name: "RangeError",
    message: /linRegSlope\(\): n must be/,
  });
  assert.throws(() => linRegSlope(new Float64Array(3), 208064), RangeError);
  assert.throws(() => linRegSlope(new Float64Array([1, 1e300]), 2), {
    name: "RangeError",
    message: /linRegSlope\(\): \|src\[1\]\| must be below 2\^995/,
  });
});
