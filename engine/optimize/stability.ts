/**
 * Parameter stability of a sweep's best run: for each parameter, the
 * objective one grid step below and above the best value with every other
 * parameter fixed, and how far it drops there. A best run on a plateau keeps
 * most of its objective next door; one on a spike does not, a sign that the
 * optimum is noise (Pardo, "The Evaluation and Optimization of Trading
 * Strategies", 2008, ch. 11, on robust parameter regions).
 *
 * @module
 */
import type { ParamValue } from "./config.ts";
import type { ParamPlan } from "./param_space.ts";

/**
 * The relative drop at or below which a parameter's best value sits on a
 * plateau: 20 % of the best objective's magnitude.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { PLATEAU_THRESHOLD } from "./stability.ts";
 * assert.equal(PLATEAU_THRESHOLD, 0.2);
 * ```
 */
export const PLATEAU_THRESHOLD = 0.2;

/** A neighbour of the best run along one parameter. */
export interface Neighbour {
  /** The parameter's value there. */
  readonly value: ParamValue;
  /** The neighbour's index in the plan. */
  readonly run: number;
  /** Its objective; null when it failed, has no defined objective or has no result yet. */
  readonly objective: number | null;
}

/** The stability of the best run along one parameter. */
export interface ParamStability {
  readonly param: string;
  /** The best run's value of it. */
  readonly value: ParamValue;
  /** One step down (the previous value in canonical order); null at the edge or when that run is not in the plan. */
  readonly minus: Neighbour | null;
  /** One step up. */
  readonly plus: Neighbour | null;
  /** Best objective − the lower of the neighbours' objectives; null without a neighbour's objective. */
  readonly drop: number | null;
  /** `drop / |best objective|`; null when either is undefined or the best objective is 0. */
  readonly relativeDrop: number | null;
  /** `plateau` when `relativeDrop ≤ threshold`, `spike` above it, `n/a` when it is null. */
  readonly label: "plateau" | "spike" | "n/a";
}

/** The `stability` section of a sweep's files. */
export interface Stability {
  /** {@linkcode PLATEAU_THRESHOLD}. */
  readonly threshold: number;
  /** The best run's index in the plan. */
  readonly run: number;
  readonly objective: number;
  /** Per parameter, in the order the config declares them. */
  readonly params: readonly ParamStability[];
}

/**
 * The stability of run `best` of `plan`, given each run's objective (NaN
 * when it has none). A neighbour is the run whose choices equal the best
 * run's but for one parameter, one index away in its canonical values; in a
 * constrained grid or a random search it may not have been run, and is then
 * null. One pass over the plan.
 *
 * @example A plateau along `a`, a spike along `b`
 * ```ts
 * import assert from "node:assert/strict";
 * import { planGrid } from "./param_space.ts";
 * import { parameterStability } from "./stability.ts";
 * const plan = planGrid({ a: [1, 2, 3], b: [10, 20] }); // runs in key order: (a, b) = (1,10), (1,20), (2,10), …
 * const objective = [1.25, 0.25, 1.5, 0.5, 1.375, 0.25];
 * const s = parameterStability(plan, 2, (r) => objective[r]!);
 * assert.deepEqual(s.params.map((p) => [p.param, p.drop, p.label]), [["a", 0.25, "plateau"], ["b", 1, "spike"]]);
 * ```
 */
export function parameterStability(plan: ParamPlan, best: number, objectiveOf: (run: number) => number): Stability {
  const d = plan.names.length;
  const choices = plan.choices;
  const minus = new Int32Array(d).fill(-1), plus = new Int32Array(d).fill(-1);
  const base = best * d;
  for (let r = 0; r < plan.size; r++) {
    let differs = -1, step = 0;
    for (let p = 0; p < d; p++) {
      const delta = choices[r * d + p]! - choices[base + p]!;
      if (delta === 0) continue;
      if (differs >= 0 || (delta !== 1 && delta !== -1)) {
        differs = -2;
        break;
      }
      differs = p;
      step = delta;
    }
    if (differs >= 0) (step < 0 ? minus : plus)[differs] = r;
  }
  const top = objectiveOf(best);
  const neighbour = (p: number, r: number): Neighbour | null => {
    if (r < 0) return null;
    const o = objectiveOf(r);
    return { value: plan.values[p]![choices[r * d + p]!]!, run: r, objective: Number.isNaN(o) ? null : o };
  };
  const params = plan.declared.map((name): ParamStability => {
    const p = plan.names.indexOf(name);
    const lo = neighbour(p, minus[p]!), hi = neighbour(p, plus[p]!);
    const defined = [lo?.objective, hi?.objective].filter((o): o is number => o !== null && o !== undefined);
    const drop = defined.length === 0 || !Number.isFinite(top) ? null : top - Math.min(...defined);
    const relativeDrop = drop === null || top === 0 || !Number.isFinite(drop) ? null : drop / Math.abs(top);
    return {
      param: name,
      value: plan.values[p]![choices[base + p]!]!,
      minus: lo,
      plus: hi,
      drop,
      relativeDrop,
      label: relativeDrop === null ? "n/a" : relativeDrop <= PLATEAU_THRESHOLD ? "plateau" : "spike",
    };
  });
  return { threshold: PLATEAU_THRESHOLD, run: best, objective: top, params };
}
