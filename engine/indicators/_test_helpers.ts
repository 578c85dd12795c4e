/**
 * Test-only helpers: seeded price series and an exact BigInt summation
 * oracle, independent of {@linkcode ExactSum}. Not part of the public API.
 *
 * @module
 */

import { mulberry32 } from "../random.ts";

/**
 * A seeded random walk on a 0.01 tick grid: `cents / 100` where `cents`
 * moves by a uniform integer step in `[-maxStep, maxStep]` each bar (reflected
 * to stay >= 1 cent). Values look like prices: 1234.56, 1234.49, ...
 */
export function tickWalk(
  seed: number,
  len: number,
  startCents = 123456,
  maxStep = 10,
): Float64Array {
  const rnd = mulberry32(seed);
  const out = new Float64Array(len);
  let c = startCents;
  for (let i = 0; i < len; i++) {
    c += (rnd() % (2 * maxStep + 1)) - maxStep;
    if (c < 1) c = 2 - c;
    out[i] = c / 100;
  }
  return out;
}

/** A seeded stream of uniform doubles in [0, 1) with 53 random bits. */
export function uniform(seed: number): () => number {
  const rnd = mulberry32(seed);
  return () => ((rnd() >>> 5) * 67108864 + (rnd() >>> 6)) / 9007199254740992;
}

const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);

/** The finite double `x` times 2^1074, as an exact BigInt. */
export function scaled(x: number): bigint {
  if (!Number.isFinite(x)) throw new RangeError(`scaled: ${x} is not finite`);
  f64[0] = x;
  const bits = u64[0]!;
  const exp = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & 0xfffffffffffffn;
  const mag = exp === 0 ? frac : (frac | 0x10000000000000n) << BigInt(exp - 1);
  return bits >> 63n === 1n ? -mag : mag;
}

/** `s * 2^-1074` rounded to the nearest double, ties to even. */
export function unscaled(s: bigint): number {
  if (s === 0n) return 0;
  const neg = s < 0n;
  const a = neg ? -s : s;
  const bits = a.toString(16);
  const len = bits.length * 4 - (Math.clz32(parseInt(bits[0]!, 16)) - 28);
  let r: number;
  if (len <= 53) {
    r = Number(a) * 2 ** -1074; // exact: a < 2^53
  } else {
    const shift = len - 53;
    let q = a >> BigInt(shift);
    const rem = a - (q << BigInt(shift));
    const half = 1n << BigInt(shift - 1);
    if (rem > half || (rem === half && (q & 1n) === 1n)) q += 1n;
    r = Number(q) * 2 ** (shift - 1074); // q <= 2^53: exact scaling
  }
  return neg ? -r : r;
}

/** The exact sum of finite doubles, correctly rounded (BigInt arithmetic). */
export function exactSum(values: ArrayLike<number>): number {
  let s = 0n;
  for (let i = 0; i < values.length; i++) s += scaled(values[i]!);
  return unscaled(s);
}

/** Plain left-to-right double sum. */
export function naiveSum(values: ArrayLike<number>, from = 0, to = values.length): number {
  let s = 0;
  for (let i = from; i < to; i++) s += values[i]!;
  return s;
}

/**
 * The number of leading NaNs of `a`, or -1 if a NaN also appears after the
 * first non-NaN value.
 */
export function nanPrefix(a: Float64Array): number {
  let k = 0;
  while (k < a.length && Number.isNaN(a[k]!)) k++;
  for (let i = k; i < a.length; i++) {
    if (Number.isNaN(a[i]!)) return -1;
  }
  return k;
}
