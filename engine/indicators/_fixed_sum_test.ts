import assert from "node:assert/strict";
import { splitBit } from "./_fixed_sum.ts";
import { sma, smaOf } from "./sma.ts";
import { exactSum, tickWalk, uniform } from "./_test_helpers.ts";

/** `len` doubles with full random 53-bit mantissas, random signs, exponents uniform in [elo, ehi]. */
function spread(seed: number, len: number, elo: number, ehi: number): Float64Array {
  const u = uniform(seed);
  const out = new Float64Array(len);
  for (let i = 0; i < len; i++) {
    const e = elo + Math.floor(u() * (ehi - elo + 1));
    const m = 1 + u(); // [1, 2), 53 significant bits
    out[i] = (u() < 0.5 ? -m : m) * 2 ** e;
  }
  return out;
}

/** Every SMA(n) value against the BigInt oracle: the exact window sum, rounded once, divided by n. */
function assertExact(src: Float64Array, n: number, label: string): void {
  const out = sma(src, n);
  for (let i = n - 1; i < src.length; i++) {
    const want = exactSum(src.subarray(i - n + 1, i + 1)) / n;
    if (!Object.is(out[i], want)) assert.fail(`${label} n=${n} i=${i}: sma ${out[i]} !== exact ${want}`);
  }
}

Deno.test("splitBit() splits tick-grid prices and refuses what two limbs cannot hold exactly", () => {
  const prices = tickWalk(1, 1_000);
  assert.ok(Number.isFinite(splitBit(prices, 0, prices.length, 31)));
  assert.equal(splitBit(new Float64Array(5), 0, 5, 3), 0); // all zeros: any split
  for (const bad of [NaN, Infinity, -Infinity, 2 ** -1070, 2 ** 950]) {
    assert.ok(Number.isNaN(splitBit(new Float64Array([1, bad, 2]), 0, 3, 3)), `${bad}`);
  }
  // magnitudes spanning 2^60 need more than two limbs
  assert.ok(Number.isNaN(splitBit(new Float64Array([2 ** -30, 2 ** 30]), 0, 2, 3)));
  // only the range [from, to) is scanned
  assert.ok(Number.isFinite(splitBit(new Float64Array([NaN, 1, 2, NaN]), 1, 3, 3)));
});

Deno.test("splitBit(): the widest span it accepts for a window is 52 - 2·ceil(log2(n+1)) binades", () => {
  for (const n of [2, 10, 30, 200]) {
    const span = 52 - 2 * Math.ceil(Math.log2(n + 1));
    // 2^0 and a value just under 2^(span+1) have exponents 0 and span
    assert.ok(
      Number.isFinite(splitBit(new Float64Array([1, 2 ** (span + 1) * (1 - 2 ** -53)]), 0, 2, n + 1)),
      `n=${n}`,
    );
    assert.ok(Number.isNaN(splitBit(new Float64Array([1, 2 ** (span + 1)]), 0, 2, n + 1)), `n=${n}`);
  }
});

Deno.test("sma() two-limb path is exact at the widest accepted span: full mantissas, mixed signs", () => {
  // the hardest inputs the fixed-point path takes: 53-bit mantissas over the whole span, signs that cancel
  for (const n of [2, 7, 30]) {
    const span = 52 - 2 * Math.ceil(Math.log2(n + 1));
    const src = spread(n, 20_000, -3, span - 3);
    assert.ok(Number.isFinite(splitBit(src, 0, src.length, n + 1)), `n=${n}: the fast path must be taken`);
    assertExact(src, n, "spread");
  }
});

Deno.test("sma() is exact past the two-limb span too (Shewchuk fallback), and both paths agree where both apply", () => {
  const wide = spread(9, 5_000, -40, 40);
  assert.ok(Number.isNaN(splitBit(wide, 0, wide.length, 11)));
  assertExact(wide, 10, "wide");
  // tiny and huge magnitudes, within the span
  for (const scale of [2 ** -600, 2 ** -20, 2 ** 300]) {
    const src = tickWalk(3, 5_000).map((x) => x * scale);
    assertExact(src, 30, `scale ${scale}`);
  }
  // a series that straddles zero: prices minus their mean, exactly representable ticks
  const walk = tickWalk(5, 5_000);
  assertExact(walk.map((x) => x - 1234.56), 10, "straddling zero");
});

Deno.test("sma(): the two-limb path and the Shewchuk path agree bit for bit on random series up to the widest span", () => {
  const u = uniform(2024);
  for (let trial = 0; trial < 60; trial++) {
    const n = [2, 3, 10, 30, 64, 200, 1000][trial % 7]!;
    const span = 52 - 2 * Math.ceil(Math.log2(n + 1));
    const lo = Math.floor(u() * 40) - 20;
    const src = spread(100 + trial, 3_000, lo, lo + Math.floor(u() * (span + 1)));
    if (trial % 5 === 0) { for (let i = 0; i < src.length; i += 7) src[i] = 0; // zeros never set the unit
     }
    const fixed = sma(src, n);
    assert.ok(Number.isFinite(splitBit(src, 0, src.length, n + 1)), `trial ${trial}: the fast path must be taken`);
    const shewchuk = smaOf(src, n, undefined, null); // null magnitudes: no split, the general accumulator
    for (let i = 0; i < src.length; i++) {
      if (!Object.is(fixed[i], shewchuk[i])) {
        assert.fail(`trial ${trial} n=${n} i=${i}: ${fixed[i]} !== ${shewchuk[i]}`);
      }
    }
  }
});
