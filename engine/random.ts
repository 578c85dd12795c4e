/**
 * The project's one source of randomness. Nothing else in the engine may be
 * random: no `Math.random`, no clock.
 *
 * Two generators live here:
 *
 * - {@linkcode mulberry32}, a sequential 32-bit PRNG, used where a single
 *   stream is consumed in a fixed order (data generators).
 * - {@linkcode counterUniform}, a counter-based generator: the value is a pure
 *   function of `(seed, stream, counter, lane)`. A latency draw for order `k`
 *   of symbol `s` therefore never depends on how many other draws happened
 *   before it, on run order, or on how work is split across workers.
 *
 * @module
 */

/**
 * mulberry32: a 32-bit PRNG returning unsigned 32-bit integers (not divided by
 * 2^32), bit-identical to the common JavaScript version and to
 * `../shared/bench/gen_synth.py`.
 *
 * @example Same seed, same stream
 * ```ts
 * import assert from "node:assert/strict";
 * import { mulberry32 } from "./random.ts";
 * const a = mulberry32(42), b = mulberry32(42);
 * assert.ok(a() === b());
 * ```
 */
export function mulberry32(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** MurmurHash3's 32-bit finaliser: a bijective avalanche mix. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * 32-bit FNV-1a hash of a string's UTF-16 code units. Used to turn a symbol
 * name into a stable stream id, so that a symbol's draws do not move when
 * other symbols are added to a run.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { hashString32 } from "./random.ts";
 * assert.ok(hashString32("AAPL") === hashString32("AAPL"));
 * ```
 */
export function hashString32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** One keyed 32-bit output: a chain of avalanche mixes over the key words. */
function keyed32(seed: number, stream: number, counter: number, lane: number): number {
  let h = fmix32((seed ^ 0x9e3779b9) >>> 0);
  h = fmix32((h ^ Math.imul(stream >>> 0, 0x85ebca77)) >>> 0);
  // counters may exceed 2^32 in long sweeps: fold both halves in
  h = fmix32((h ^ (counter >>> 0)) >>> 0);
  h = fmix32((h ^ Math.floor(counter / 4294967296)) >>> 0);
  h = fmix32((h ^ Math.imul(lane >>> 0, 0xc2b2ae3d) ^ 0x27d4eb2f) >>> 0);
  return h;
}

/**
 * A uniform double in the open interval (0, 1), a pure function of its key.
 *
 * `lane` selects independent draws for the same event (e.g. the two normals of
 * a Box–Muller pair). 53 bits of the result come from two keyed 32-bit words.
 *
 * @example Draws are addressable, not sequential
 * ```ts
 * import assert from "node:assert/strict";
 * import { counterUniform } from "./random.ts";
 * const u = counterUniform(7, 1, 100, 0);
 * assert.ok(u > 0 && u < 1 && u === counterUniform(7, 1, 100, 0));
 * ```
 */
export function counterUniform(seed: number, stream: number, counter: number, lane: number): number {
  const hi = keyed32(seed, stream, counter, 2 * lane) >>> 5; // 27 bits
  const lo = keyed32(seed, stream, counter, 2 * lane + 1) >>> 6; // 26 bits
  return (hi * 67108864 + lo + 0.5) / 9007199254740992;
}

/**
 * `out[k] = counterUniform(seed, stream, counter, k)` for every `k < out.length`,
 * bit for bit, at about a fifth of the cost: the mixes of the key's seed,
 * stream and counter are done once for all lanes.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { counterUniform, counterUniforms } from "./random.ts";
 * const u = counterUniforms(7, 1, 100, new Float64Array(4));
 * assert.deepEqual([...u], [0, 1, 2, 3].map((lane) => counterUniform(7, 1, 100, lane)));
 * ```
 */
export function counterUniforms(seed: number, stream: number, counter: number, out: Float64Array): Float64Array {
  let h = fmix32((seed ^ 0x9e3779b9) >>> 0);
  h = fmix32((h ^ Math.imul(stream >>> 0, 0x85ebca77)) >>> 0);
  h = fmix32((h ^ (counter >>> 0)) >>> 0);
  h = fmix32((h ^ Math.floor(counter / 4294967296)) >>> 0);
  for (let lane = 0; lane < out.length; lane++) {
    const hi = fmix32((h ^ Math.imul((2 * lane) >>> 0, 0xc2b2ae3d) ^ 0x27d4eb2f) >>> 0) >>> 5; // 27 bits
    const lo = fmix32((h ^ Math.imul((2 * lane + 1) >>> 0, 0xc2b2ae3d) ^ 0x27d4eb2f) >>> 0) >>> 6; // 26 bits
    out[lane] = (hi * 67108864 + lo + 0.5) / 9007199254740992;
  }
  return out;
}
