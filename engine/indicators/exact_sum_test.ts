import assert from "node:assert/strict";
import { ExactSum, fsum } from "./exact_sum.ts";
import { exactSum, scaled, uniform, unscaled } from "./_test_helpers.ts";

Deno.test("fsum() reproduces CPython's math.fsum test vectors", () => {
  // Cases and expected values from CPython's Lib/test/test_math.py (testFsum).
  const cases: [number[], number][] = [
    [[], 0],
    [[0], 0],
    [[1e100, 1, -1e100, 1e-100, 1e50, -1, -1e50], 1e-100],
    [[2 ** 53, -0.5, -(2 ** -54)], 2 ** 53 - 1],
    [[2 ** 53, 1, 2 ** -100], 2 ** 53 + 2],
    [[2 ** 53 + 10, 1, 2 ** -100], 2 ** 53 + 12],
    [[2 ** 53 - 4, 0.5, 2 ** -54], 2 ** 53 - 3],
    [Array.from({ length: 1000 }, (_, i) => 1 / (i + 1)), 7.485470860550345],
    [
      Array.from({ length: 1000 }, (_, i) => (-1) ** (i + 1) / (i + 1)),
      -0.6926474305598203,
    ],
    [[1e16, 1, 1e-16], 10000000000000002],
    [[1e16 - 2, 1 - 2 ** -53, -(1e16 - 2), -(1 - 2 ** -53)], 0],
    // 1023 values spanning the whole exponent range: more than the 32 initial
    // partial slots, so the partials array has to grow.
    [
      [
        ...Array.from(
          { length: 1023 },
          (_, k) => 2 ** (-1074 + 2 * k) - 2 ** (-1024 + 2 * k) + 2 ** (-1022 + 2 * k),
        ),
        -(2 ** 1022),
      ],
      1.3305602063564798e+292, // float.fromhex('0x1.5555555555555p+970')
    ],
  ];
  for (const [values, expected] of cases) {
    assert.ok(Object.is(fsum(values), expected), `fsum(${values.slice(0, 4)}...)`);
  }
});

Deno.test("fsum() rounds half-even across partials", () => {
  // 2^53 + 1 lies exactly halfway between 2^53 and 2^53 + 2 (the ulp at 2^53
  // is 2). Alone it rounds to the even 2^53; any positive remainder, however
  // small, must tip it up to 2^53 + 2, and any negative one keeps 2^53.
  assert.equal(fsum([2 ** 53, 1]), 2 ** 53);
  assert.equal(fsum([2 ** 53, 1, 2 ** -200]), 2 ** 53 + 2);
  assert.equal(fsum([2 ** 53, 1, -(2 ** -200)]), 2 ** 53);
  // 2^53 + 3 is halfway between 2^53 + 2 and 2^53 + 4: the even one is + 4.
  assert.equal(fsum([2 ** 53, 3]), 2 ** 53 + 4);
  assert.equal(fsum([2 ** 53, 3, -(2 ** -200)]), 2 ** 53 + 2);
});

Deno.test("fsum() of tick-grid prices is the correctly rounded sum", () => {
  // 0.1, 0.2, 0.3 are binary approximations; their exact sum is
  // 0.6000000000000000055..., nearest double 0.6 (0.59999999999999997780),
  // while left-to-right addition gives 0.6000000000000001.
  assert.equal(0.1 + 0.2 + 0.3, 0.6000000000000001);
  assert.equal(fsum([0.1, 0.2, 0.3]), 0.6);
  // Ten 0.1s: exact sum 1.0000000000000000555..., nearest double 1.
  assert.equal(fsum(new Array<number>(10).fill(0.1)), 1);
});

Deno.test("fsum() is correctly rounded on random ill-conditioned sums", () => {
  const u = uniform(11);
  for (let trial = 0; trial < 3000; trial++) {
    const len = 1 + Math.floor(u() * 40);
    const xs: number[] = [];
    for (let i = 0; i < len; i++) {
      const e = Math.floor(u() * 200) - 100;
      xs.push((u() < 0.5 ? -1 : 1) * u() * 2 ** e);
      // heavy cancellation: sometimes add a near-negation of an earlier value
      if (i > 0 && u() < 0.3) {
        const j = Math.floor(u() * xs.length);
        xs.push(-xs[j]! * (1 + (u() - 0.5) * 2 ** -40));
      }
    }
    assert.ok(Object.is(fsum(xs), exactSum(xs)), `trial ${trial}`);
  }
});

Deno.test("fsum() is correctly rounded with subnormals and huge values", () => {
  const u = uniform(12);
  for (let trial = 0; trial < 1000; trial++) {
    const xs: number[] = [];
    for (let i = 0; i < 12; i++) {
      const e = u() < 0.5 ? -1074 + Math.floor(u() * 60) : 900 + Math.floor(u() * 100);
      xs.push((u() < 0.5 ? -1 : 1) * Math.floor(u() * 2 ** 53) * 2 ** (e - 53));
    }
    assert.ok(Object.is(fsum(xs), exactSum(xs)), `trial ${trial}`);
  }
});

Deno.test("the BigInt oracle used by these tests rounds correctly", () => {
  // scaled/unscaled round-trip every double exactly
  for (const x of [0.1, -1234.56, 5e-324, 2 ** -1022, Number.MAX_VALUE, 1e16]) {
    assert.equal(unscaled(scaled(x)), x);
  }
  // halfway cases: 2^53 + 1 -> 2^53 (even), 2^53 + 3 -> 2^53 + 4
  const one = scaled(1);
  assert.equal(unscaled(scaled(2 ** 53) + one), 2 ** 53);
  assert.equal(unscaled(scaled(2 ** 53) + 3n * one), 2 ** 53 + 4);
});

Deno.test("ExactSum add/sub over a sliding window equals fsum of the window", () => {
  const u = uniform(13);
  const xs = Array.from(
    { length: 20000 },
    () => (u() < 0.5 ? -1 : 1) * u() * 2 ** (Math.floor(u() * 120) - 60),
  );
  const n = 17;
  const acc = new ExactSum();
  for (let i = 0; i < xs.length; i++) {
    acc.add(xs[i]!);
    if (i >= n) acc.sub(xs[i - n]!);
    if (i >= n - 1) {
      const w = xs.slice(i - n + 1, i + 1);
      const got = acc.value();
      assert.ok(Object.is(got, fsum(w)), `i=${i}`);
      if (i % 97 === 0) assert.ok(Object.is(got, exactSum(w)), `i=${i}`);
    }
  }
});

Deno.test("ExactSum.value() does not depend on the order values were added", () => {
  // [1e-16, 1, 1e16] in every order: always 1e16 + 2 (see the tie above)
  const perms = [
    [1e-16, 1, 1e16],
    [1, 1e-16, 1e16],
    [1e16, 1, 1e-16],
    [
      1e16,
      1e-16,
      1,
    ],
    [1, 1e16, 1e-16],
    [1e-16, 1e16, 1],
  ];
  for (const p of perms) {
    const acc = new ExactSum();
    for (const x of p) acc.add(x);
    assert.equal(acc.value(), 10000000000000002, `${p}`);
  }
});

Deno.test("ExactSum follows math.fsum for NaN and infinities", () => {
  const acc = new ExactSum();
  acc.add(1);
  acc.add(Infinity);
  assert.equal(acc.value(), Infinity); // fsum([1, inf]) == inf
  acc.add(5);
  assert.equal(acc.value(), Infinity);
  acc.sub(Infinity); // fsum([inf, -inf]) raises ValueError: NaN here
  assert.ok(Number.isNaN(acc.value()));
  acc.reset();
  acc.add(-Infinity);
  acc.add(NaN); // fsum([-inf, nan]) == nan
  assert.ok(Number.isNaN(acc.value()));
  acc.reset();
  acc.add(-Infinity);
  acc.add(-Infinity);
  assert.equal(acc.value(), -Infinity);
  assert.ok(Number.isNaN(fsum([Infinity, -Infinity])));
});

Deno.test("ExactSum returns +0 for an exactly zero sum", () => {
  assert.ok(Object.is(fsum([-0]), 0)); // math.fsum([-0.0]) == 0.0
  assert.ok(Object.is(fsum([0.1, -0.1]), 0));
  assert.ok(Object.is(new ExactSum().value(), 0));
});

Deno.test("ExactSum throws RangeError on intermediate overflow and resets", () => {
  const acc = new ExactSum();
  acc.add(1e308);
  assert.throws(() => acc.add(1e308), RangeError);
  assert.equal(acc.value(), 0); // reset to empty
  acc.add(2);
  assert.equal(acc.value(), 2);
  assert.throws(() => fsum([1e308, 1e308, -1e308]), /intermediate overflow/);
  // the module's scratch accumulator recovers
  assert.equal(fsum([1, 2]), 3);
});

Deno.test("ExactSum grows its partials beyond the initial capacity", () => {
  // Powers of two 2^0, 2^60, 2^120, ... are pairwise non-overlapping, so each
  // needs its own partial: 10 of them overflow a capacity of 2 several times.
  const acc = new ExactSum(2);
  let expected = 0n;
  for (let k = 0; k < 10; k++) {
    acc.add(2 ** (60 * k));
    expected += scaled(2 ** (60 * k));
  }
  assert.equal(acc.value(), unscaled(expected));
  for (let k = 9; k >= 1; k--) acc.sub(2 ** (60 * k));
  assert.equal(acc.value(), 1);
});

Deno.test("ExactSum.addProduct adds the exact product", () => {
  const u = uniform(14);
  for (let t = 0; t < 2000; t++) {
    const a = (u() - 0.5) * 2 ** (Math.floor(u() * 80) - 40);
    const b = (u() - 0.5) * 2 ** (Math.floor(u() * 80) - 40);
    const c = (u() - 0.5) * 2 ** (Math.floor(u() * 80) - 40);
    const acc = new ExactSum();
    acc.addProduct(a, b);
    acc.add(c);
    acc.sub(a * b); // leaves exactly c + (a*b - fl(a*b)) = c + error term
    // exact a*b via BigInt: scaled(a) * scaled(b) = a*b * 2^2148; the
    // division by 2^1074 is exact here (asserted), as |a|, |b| >= ~2^-100.
    const big = scaled(a) * scaled(b);
    assert.equal(big % (1n << 1074n), 0n);
    const want = unscaled(big / (1n << 1074n) + scaled(c) - scaled(a * b));
    assert.ok(Object.is(acc.value(), want), `a=${a} b=${b} c=${c}`);
  }
});

Deno.test("ExactSum.subSum subtracts another accumulator's exact sum", () => {
  const a = new ExactSum();
  const b = new ExactSum();
  // a = 1e16 + 1 + 0.25 (exactly, in partials), b = 1e16 + 1
  for (const x of [1e16, 1, 0.25]) a.add(x);
  for (const x of [1e16, 1]) b.add(x);
  a.subSum(b);
  assert.equal(a.value(), 0.25);
  assert.equal(b.value(), 1e16); // b unchanged: round(1e16 + 1) is 1e16 (tie, even)
  assert.throws(() => a.subSum(a), /other must be a different accumulator/);
});

Deno.test("ExactSum rejects a bad capacity", () => {
  for (const c of [0, -1, 1.5, NaN]) {
    assert.throws(() => new ExactSum(c), /new ExactSum\(\): capacity must be an integer ≥ 1, found/);
  }
});
