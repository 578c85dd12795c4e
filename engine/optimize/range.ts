/**
 * Numeric parameter ranges for `optimize.params`.
 *
 * @module
 */
import { ConfigError } from "../errors.ts";

/** An inclusive arithmetic range of parameter values: `start, start + step, …` up to `stop`. */
export interface ParamRange {
  readonly kind: "range";
  /** The first value. */
  readonly start: number;
  /** The last value, when it lies on the grid. */
  readonly stop: number;
  /** The distance between values, > 0. */
  readonly step: number;
}

/**
 * Ranges longer than this are almost certainly a mistake (a step of 0.0001 over prices).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { MAX_RANGE_VALUES, rangeProblem } from "./range.ts";
 * assert.ok(rangeProblem({ start: 0, stop: MAX_RANGE_VALUES, step: 1 }) !== null);
 * ```
 */
export const MAX_RANGE_VALUES = 1_000_000;

function decimals(x: number): number {
  const s = String(x);
  const e = s.indexOf("e-");
  if (e >= 0) return Number(s.slice(e + 2)) + (s.indexOf(".") >= 0 ? e - s.indexOf(".") - 1 : 0);
  const dot = s.indexOf(".");
  return dot < 0 ? 0 : s.length - dot - 1;
}

/**
 * Why `r` is not a usable range, or null.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { rangeProblem } from "./range.ts";
 * assert.ok(rangeProblem({ start: 1, stop: 10, step: 1 }) === null);
 * assert.ok(rangeProblem({ start: 1, stop: 10, step: 0 }) === "step must be > 0, found 0");
 * ```
 */
export function rangeProblem(r: { start: number; stop: number; step: number }): string | null {
  const { start, stop, step } = r;
  if (![start, stop, step].every(Number.isFinite)) return "start, stop and step must be finite numbers";
  if (!(step > 0)) return `step must be > 0, found ${step}`;
  if (stop < start) return `stop (${stop}) must be ≥ start (${start})`;
  if ((stop - start) / step + 1 > MAX_RANGE_VALUES) {
    return `it has more than ${MAX_RANGE_VALUES.toLocaleString("en-US")} values; use a larger step`;
  }
  return null;
}

/**
 * An inclusive range of parameter values for a grid or random search:
 * `range(5, 50, 5)` is 5, 10, …, 50. `stop` is included when it lies on the
 * grid; values are rounded to the decimals of `start` and `step`, so
 * `range(0.1, 0.3, 0.1)` is exactly 0.1, 0.2, 0.3.
 *
 * @throws {ConfigError} when `step ≤ 0`, `stop < start` or a bound is not finite.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { range, rangeValues } from "./range.ts";
 * assert.ok(rangeValues(range(5, 20, 5)).join() === "5,10,15,20");
 * assert.ok(rangeValues(range(0.1, 0.3, 0.1)).join() === "0.1,0.2,0.3");
 * ```
 */
export function range(start: number, stop: number, step = 1): ParamRange {
  const problem = rangeProblem({ start, stop, step });
  if (problem !== null) throw new ConfigError(`Invalid range(${start}, ${stop}, ${step}): ${problem}`);
  return Object.freeze({ kind: "range" as const, start, stop, step });
}

/**
 * The values of a range, ascending.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { range, rangeValues } from "./range.ts";
 * assert.ok(rangeValues(range(1, 2, 0.25)).length === 5);
 * ```
 */
export function rangeValues(r: ParamRange): number[] {
  const d = Math.max(decimals(r.start), decimals(r.step));
  // a tolerance of 1e-9 steps keeps a stop that is on the grid despite float error
  const count = Math.floor((r.stop - r.start) / r.step + 1e-9) + 1;
  const out: number[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const v = r.start + i * r.step;
    out[i] = d === 0 ? v : Number(v.toFixed(Math.min(d, 100)));
  }
  return out;
}
