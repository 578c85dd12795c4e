import assert from "node:assert/strict";
import { hma } from "./hma.ts";
import { nanPrefix, tickWalk } from "./_test_helpers.ts";

/** A plain WMA written independently: weights 1..n, the newest heaviest; NaN before n - 1 or for a NaN window. */
function slowWma(x: ArrayLike<number>, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < x.length; i++) {
    if (i < n - 1) {
      out.push(NaN);
      continue;
    }
    let s = 0;
    for (let k = 1; k <= n; k++) s += k * x[i - n + k]!;
    out.push(s / (n * (n + 1) / 2));
  }
  return out;
}

Deno.test("hma() with n = 3 is 2·x − wma(x, 3) (h = 1 and m = 1 make the outer and half WMAs the identity)", () => {
  // wma3 at 2: (1*3 + 2*0 + 3*6)/6 = 3.5 -> 2*6 - 3.5 = 8.5; at 3: (1*0 + 2*6 + 3*0)/6 = 2 -> 2*0 - 2 = -2
  assert.deepEqual([...hma(new Float64Array([3, 0, 6, 0]), 3)], [NaN, NaN, 8.5, -2]);
});

Deno.test("hma() with n = 9 (h = 4, m = 3) starts at bar n + m - 2 = 10", () => {
  // x = i^2, ages j = 0.. (weight n - j): wma(n) at i = (W0 i^2 - 2 W1 i + W2)/W0 with Wk = sum (n - j) j^k
  // wma4: W = 10, 10, 20 -> i^2 - 2i + 2; wma9: W = 45, 120, 540 -> i^2 - (16/3) i + 12
  // diff = 2(i^2 - 2i + 2) - (i^2 - (16/3) i + 12) = i^2 + (4/3) i - 8; hma[i] = (diff(i-2) + 2 diff(i-1) + 3 diff(i))/6
  const x = Float64Array.from({ length: 16 }, (_, i) => i * i);
  const out = hma(x, 9);
  assert.equal(nanPrefix(out), 10);
  const diff = (i: number) => i * i + (4 / 3) * i - 8;
  for (let i = 10; i < 16; i++) {
    const want = (diff(i - 2) + 2 * diff(i - 1) + 3 * diff(i)) / 6;
    assert.ok(Math.abs(out[i]! - want) < 1e-11, `hma[${i}] = ${out[i]}, want ${want}`);
  }
});

Deno.test("hma() of a line a + b·i is the line moved by b(2h − n + m − 2)/3: exact for n = 4, x − b for n = 30", () => {
  const b = 0.5;
  const line = Float64Array.from({ length: 120 }, (_, i) => 10_000 + b * i);
  const h4 = hma(line, 4); // h = 2, m = 2: shift 0
  for (let i = 4; i < 120; i++) assert.ok(Math.abs(h4[i]! - line[i]!) < 1e-9, `n = 4, bar ${i}`);
  const h30 = hma(line, 30); // h = 15, m = 5: shift b(30 - 30 + 5 - 2)/3 = b
  assert.equal(nanPrefix(h30), 33);
  for (let i = 33; i < 120; i++) assert.ok(Math.abs(h30[i]! - (line[i]! - b)) < 1e-9, `n = 30, bar ${i}`);
});

Deno.test("hma() agrees with a direct recomputation from an independent WMA", () => {
  const x = tickWalk(21, 2_000);
  for (const n of [2, 5, 16, 30]) {
    const half = slowWma(x, Math.floor(n / 2)), full = slowWma(x, n);
    const want = slowWma(half.map((v, i) => 2 * v - full[i]!), Math.floor(Math.sqrt(n)));
    const out = hma(x, n);
    for (let i = 0; i < x.length; i++) {
      if (Number.isNaN(want[i]!)) assert.ok(Number.isNaN(out[i]!), `n ${n} bar ${i}`);
      else assert.ok(Math.abs(out[i]! - want[i]!) < 1e-9, `n ${n} bar ${i}: ${out[i]} vs ${want[i]}`);
    }
  }
});

Deno.test("hma() turns NaN only the outputs whose windows reach a NaN input", () => {
  const x = tickWalk(2, 80);
  x[40] = NaN;
  const n = 9, m = 3; // a NaN at j reaches bars j .. j + n + m - 2
  const out = hma(x, n);
  for (let i = n + m - 2; i < 80; i++) {
    assert.equal(Number.isNaN(out[i]!), i >= 40 && i <= 40 + n + m - 2, `bar ${i}`);
  }
});

Deno.test("hma() rejects a period below 2 naming hma and n", () => {
  assert.throws(() => hma(new Float64Array(5), 1), { name: "RangeError", message: /hma\(\): n must be/ });
});
