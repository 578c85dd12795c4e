/**
 * Internal helpers shared by the indicator kernels: parameter validation and
 * output-buffer preparation. Not part of the public API (not re-exported from
 * `mod.ts`).
 *
 * @module
 */

/**
 * Throws a RangeError unless `value` is an integer in `[min, max]`.
 *
 * @param fn The public function name, for the message.
 * @param name The parameter name, for the message.
 */
export function checkInt(
  fn: string,
  name: string,
  value: number,
  min = 1,
  max = Number.MAX_SAFE_INTEGER,
): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `an integer ≥ ${min}` : `an integer between ${min} and ${max}`;
    throw new RangeError(`${fn}(): ${name} must be ${range}, found ${value}`);
  }
}

/** True if two typed arrays share any byte of memory. */
export function overlaps(a: Float64Array, b: Float64Array): boolean {
  return a.buffer === b.buffer && a.byteLength > 0 && b.byteLength > 0 &&
    a.byteOffset < b.byteOffset + b.byteLength &&
    b.byteOffset < a.byteOffset + a.byteLength;
}

/** Throws a RangeError unless every input has the same length as the first. */
export function checkSameLength(
  fn: string,
  names: readonly string[],
  arrays: readonly Float64Array[],
): number {
  const len = arrays[0]!.length;
  for (let i = 1; i < arrays.length; i++) {
    if (arrays[i]!.length !== len) {
      throw new RangeError(
        `${fn}(): inputs must have equal lengths, found ${names[0]}.length = ${len} and ${names[i]}.length = ${
          arrays[i]!.length
        }`,
      );
    }
  }
  return len;
}

/**
 * Returns `out` after checking it has length `len` and shares no memory with
 * any input, or a fresh `Float64Array(len)` when `out` is undefined.
 *
 * @param fn The public function name, for the message.
 * @param name The output's name, for the message.
 */
export function prepareOut(
  fn: string,
  name: string,
  out: Float64Array | undefined,
  len: number,
  inputs: readonly Float64Array[],
): Float64Array {
  if (out === undefined) return new Float64Array(len);
  if (out.length !== len) {
    throw new RangeError(
      `${fn}(): ${name} must have the input length ${len}, found ${out.length}`,
    );
  }
  for (const src of inputs) {
    if (overlaps(out, src)) {
      throw new RangeError(`${fn}(): ${name} must not overlap an input array`);
    }
  }
  return out;
}
