/**
 * Exact floating-point summation: a running accumulator ({@linkcode ExactSum})
 * and a one-shot sum ({@linkcode fsum}), both bit-for-bit equal to Python's
 * `math.fsum`.
 *
 * @module
 */

import { doubled, growExpansion, roundExpansion } from "./_expansion.ts";

/**
 * An exact running sum of doubles, using Shewchuk's non-overlapping partials
 * (the `msum` recipe behind Python's `math.fsum`).
 *
 * The accumulator holds the exact real sum of every finite value added so far
 * as a short list of non-overlapping doubles ("partials", increasing in
 * magnitude). {@linkcode ExactSum.add} and {@linkcode ExactSum.sub} update it
 * without rounding error; {@linkcode ExactSum.value} rounds the exact sum to the
 * nearest double, ties to even, with CPython's final half-even correction step.
 * So `value()` equals Python `math.fsum(xs)` of every value passed to `add`
 * (and the negation of every value passed to `sub`), in any order.
 *
 * Special values follow `math.fsum`: once a NaN has been added, `value()` is
 * NaN; once an infinity has been added, `value()` is that infinity; where
 * `math.fsum` would raise `ValueError` (both `+Infinity` and `-Infinity` were
 * added) `value()` returns NaN. Special values are sticky: `sub(Infinity)` after
 * `add(Infinity)` is `-inf + inf`, hence NaN, exactly as in `math.fsum`. An
 * exactly zero sum is returned as `+0` (as `math.fsum([-0.0])` is `0.0`).
 *
 * Where `math.fsum` raises `OverflowError` (a partial sum of finite values
 * overflows, i.e. magnitudes near `Number.MAX_VALUE`), `add` throws a
 * `RangeError` and leaves the accumulator empty, as if `reset()` had been
 * called.
 *
 * The partials live in a preallocated `Float64Array` of 32 slots by default
 * (price-like data uses 1 to 3); it doubles only if a sum needs more, so
 * `add`, `sub` and `value` do not allocate in practice.
 *
 * @example Sliding a window: add the new value, subtract the leaving one
 * ```ts
 * import assert from "node:assert/strict";
 * import { ExactSum } from "./exact_sum.ts";
 * const acc = new ExactSum();
 * acc.add(0.1);
 * acc.add(0.2);
 * acc.add(0.3);
 * // 0.1 + 0.2 + 0.3 is 0.6000000000000001 in naive left-to-right addition;
 * // the correctly rounded sum of the three doubles is 0.6.
 * assert.ok(acc.value() === 0.6);
 * acc.sub(0.1); // the window is now [0.2, 0.3]
 * assert.ok(acc.value() === 0.5);
 * ```
 */
export class ExactSum {
  #p: Float64Array;
  #n = 0;
  /** Sum of the non-finite values added (CPython's `special_sum`). */
  #special = 0;
  /** Sum of the infinite values added (CPython's `inf_sum`). */
  #inf = 0;

  /**
   * Creates an empty accumulator whose sum is 0.
   *
   * @param capacity Initial number of partial slots (an integer >= 1; default
   * 32, like CPython). The array doubles when full.
   *
   * @example Empty accumulator
   * ```ts
   * import assert from "node:assert/strict";
   * import { ExactSum } from "./exact_sum.ts";
   * assert.ok(new ExactSum().value() === 0);
   * ```
   */
  constructor(capacity = 32) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(
        `new ExactSum(): capacity must be an integer ≥ 1, found ${capacity}`,
      );
    }
    this.#p = new Float64Array(capacity);
  }

  /**
   * Adds `x` to the exact sum (no rounding). A NaN or infinite `x` makes the
   * sum special, as described on the class.
   *
   * @throws {RangeError} if an intermediate sum of finite values overflows;
   * the accumulator is then reset to empty.
   *
   * @example Small values are not lost next to large ones
   * ```ts
   * import assert from "node:assert/strict";
   * import { ExactSum } from "./exact_sum.ts";
   * const acc = new ExactSum();
   * acc.add(1e16);
   * acc.add(1);
   * acc.add(-1e16);
   * assert.ok(acc.value() === 1); // naive: (1e16 + 1) - 1e16 === 0
   * ```
   */
  add(x: number): void {
    if (x - x !== 0) {
      // NaN or ±Infinity: CPython adds it to special_sum (and infinities to
      // inf_sum) and discards the partials.
      if (x === x) this.#inf += x;
      this.#special += x;
      this.#n = 0;
      return;
    }
    if (this.#n === this.#p.length) this.#p = doubled(this.#p);
    const m = growExpansion(this.#p, this.#n, x);
    if (m < 0) {
      this.reset();
      throw new RangeError(
        "ExactSum.add(): intermediate overflow (a partial sum of finite values exceeds Number.MAX_VALUE)",
      );
    }
    this.#n = m;
  }

  /**
   * Subtracts `x` from the exact sum; exactly `add(-x)`.
   *
   * @throws {RangeError} as {@linkcode ExactSum.add}.
   *
   * @example Removing what was added restores the sum exactly
   * ```ts
   * import assert from "node:assert/strict";
   * import { ExactSum } from "./exact_sum.ts";
   * const acc = new ExactSum();
   * acc.add(1234.56);
   * acc.add(0.01);
   * acc.sub(1234.56);
   * assert.ok(acc.value() === 0.01);
   * ```
   */
  sub(x: number): void {
    this.add(-x);
  }

  /**
   * Adds the exact product `a * b`, as the two doubles `fl(a * b)` and its
   * rounding error (Dekker's TwoProduct with Veltkamp splitting). Exact when
   * `|a|` and `|b|` are below 2^995 and the product is 0 or at least 2^-969 in
   * magnitude (so its error term does not underflow).
   *
   * @example An exact weighted term
   * ```ts
   * import assert from "node:assert/strict";
   * import { ExactSum } from "./exact_sum.ts";
   * const acc = new ExactSum();
   * acc.addProduct(3, 0.1); // 3 * 0.1 is 0.30000000000000004 rounded
   * acc.sub(0.1);
   * acc.sub(0.1);
   * acc.sub(0.1);
   * assert.ok(acc.value() === 0); // the exact product cancels exactly
   * ```
   */
  addProduct(a: number, b: number): void {
    const p = a * b;
    const ca = 134217729 * a; // 2^27 + 1
    const ah = ca - (ca - a);
    const al = a - ah;
    const cb = 134217729 * b;
    const bh = cb - (cb - b);
    const bl = b - bh;
    const e = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
    this.add(p);
    this.add(e);
  }

  /**
   * Subtracts the current exact sum of `other` from this one (adds the
   * negation of each of `other`'s partials; if `other` holds a special value,
   * subtracts that value). `other` is not modified and must not be `this`.
   *
   * @example Differences of running sums stay exact
   * ```ts
   * import assert from "node:assert/strict";
   * import { ExactSum } from "./exact_sum.ts";
   * const a = new ExactSum(), b = new ExactSum();
   * a.add(1e16); a.add(1); a.add(0.5);
   * b.add(1e16);
   * a.subSum(b);
   * assert.ok(a.value() === 1.5);
   * ```
   */
  subSum(other: ExactSum): void {
    if (other === this) {
      throw new RangeError("ExactSum.subSum(): other must be a different accumulator");
    }
    if (other.#special !== 0) {
      this.add(-other.value());
      return;
    }
    const q = other.#p;
    for (let k = 0, m = other.#n; k < m; k++) this.add(-q[k]!);
  }

  /**
   * The exact sum rounded to the nearest double, ties to even: bit-for-bit
   * Python `math.fsum` of everything added (see the class for NaN, infinities
   * and zero).
   *
   * @example Correct rounding across partials
   * ```ts
   * import assert from "node:assert/strict";
   * import { ExactSum } from "./exact_sum.ts";
   * const acc = new ExactSum();
   * for (const x of [1e-16, 1, 1e16]) acc.add(x);
   * // 1e16 + 1 is a tie between 1e16 and 1e16 + 2; the 1e-16 breaks it upward.
   * assert.ok(acc.value() === 10000000000000002);
   * ```
   */
  value(): number {
    if (this.#special !== 0) {
      // CPython raises ValueError when +inf and -inf were both added.
      return this.#inf !== this.#inf ? NaN : this.#special;
    }
    return roundExpansion(this.#p, this.#n);
  }

  /**
   * Empties the accumulator (sum 0, no special values), keeping its capacity.
   *
   * @example Reuse one accumulator
   * ```ts
   * import assert from "node:assert/strict";
   * import { ExactSum } from "./exact_sum.ts";
   * const acc = new ExactSum();
   * acc.add(NaN);
   * acc.reset();
   * acc.add(2);
   * assert.ok(acc.value() === 2);
   * ```
   */
  reset(): void {
    this.#n = 0;
    this.#special = 0;
    this.#inf = 0;
  }
}

const scratch = new ExactSum();

/**
 * The correctly rounded sum of `values` (nearest double, ties to even):
 * bit-for-bit Python `math.fsum(values)`, including its treatment of NaN and
 * infinities. Where `math.fsum` raises `ValueError` (`+Infinity` and
 * `-Infinity` both present) this returns NaN; where it raises `OverflowError`
 * this throws a `RangeError`. An empty or exactly zero sum is `+0`.
 *
 * @example Sum of ten 0.1s
 * ```ts
 * import assert from "node:assert/strict";
 * import { fsum } from "./exact_sum.ts";
 * const tenths = new Array<number>(10).fill(0.1);
 * assert.ok(tenths.reduce((a, b) => a + b, 0) === 0.9999999999999999);
 * assert.ok(fsum(tenths) === 1);
 * ```
 */
export function fsum(values: ArrayLike<number>): number {
  scratch.reset();
  for (let i = 0, n = values.length; i < n; i++) scratch.add(values[i]!);
  return scratch.value();
}
