/**
 * The parameter space of a search, expanded into a plan: every combination
 * to run, as compact columns of value indices.
 *
 * - Each param's candidates are de-duplicated and put in canonical order
 *   (numbers ascending, then strings by code unit, then `false`, `true`), so
 *   comparing value indices compares values.
 * - Param names are kept sorted: the **canonical key** of a combination is
 *   its values in name order, and it breaks every tie in a ranking.
 * - Runs are ordered along a Z-order (Morton) curve over the value indices,
 *   so a chunk of consecutive runs covers a compact block of the space and a
 *   worker's indicator cache serves most of its series from memory.
 *
 * @module
 */
import type { z } from "zod";
import { ConfigError } from "../errors.ts";
import { counterUniform } from "../random.ts";
import type { ParamSet, ParamValue } from "./config.ts";
import { type ParamRange, rangeValues } from "./range.ts";

/** One param's candidates: a range or a list of values. */
export type ParamSpec = ParamRange | readonly ParamValue[];

/** A plan of runs: the space's values and, per run, one value index per param. */
export interface ParamPlan {
  /** Param names, sorted (the canonical order). */
  readonly names: readonly string[];
  /** Param names in the order the config declares them (for display). */
  readonly declared: readonly string[];
  /** Per param (in `names` order), its candidate values in canonical order. */
  readonly values: readonly (readonly ParamValue[])[];
  /** Number of runs. */
  readonly size: number;
  /** Combinations in the full grid, before the constraint and sampling. */
  readonly gridSize: number;
  /** Run-major value indices: param `p` of run `r` is `values[p][choices[r * names.length + p]]`. */
  readonly choices: Uint32Array;
}

/**
 * A grid larger than this is refused (use random search).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { MAX_GRID } from "./param_space.ts";
 * assert.ok(MAX_GRID === 20_000_000);
 * ```
 */
export const MAX_GRID = 20_000_000;

/** Stream id of random-search draws in {@linkcode counterUniform}. */
const RANDOM_SEARCH_STREAM = 0x5eed_0001;

const typeRank = (v: ParamValue) => (typeof v === "number" ? 0 : typeof v === "string" ? 1 : 2);

/**
 * Canonical order of param values: numbers ascending, then strings by code
 * unit, then `false` before `true`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { compareValues } from "./param_space.ts";
 * assert.ok([10, 5, "b", "a", true].sort(compareValues).join() === "5,10,a,b,true");
 * ```
 */
export function compareValues(a: ParamValue, b: ParamValue): number {
  const ra = typeRank(a), rb = typeRank(b);
  if (ra !== rb) return ra - rb;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The candidates of one spec, de-duplicated, in canonical order.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { specValues } from "./param_space.ts";
 * import { range } from "./range.ts";
 * assert.ok(specValues([3, 1, 3]).join() === "1,3" && specValues(range(1, 3)).join() === "1,2,3");
 * ```
 */
export function specValues(spec: ParamSpec): ParamValue[] {
  const raw: ParamValue[] = Array.isArray(spec) ? [...spec] : rangeValues(spec as ParamRange);
  raw.sort(compareValues);
  return raw.filter((v, i) => i === 0 || compareValues(raw[i - 1]!, v) !== 0);
}

/**
 * The params of run `r`, as an object with names in canonical order.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { paramsAt, planGrid } from "./param_space.ts";
 * const plan = planGrid({ slow: [30], fast: [10] });
 * assert.ok(JSON.stringify(paramsAt(plan, 0)) === '{"fast":10,"slow":30}');
 * ```
 */
export function paramsAt(plan: ParamPlan, r: number): Record<string, ParamValue> {
  const d = plan.names.length;
  const out: Record<string, ParamValue> = {};
  for (let p = 0; p < d; p++) out[plan.names[p]!] = plan.values[p]![plan.choices[r * d + p]!]!;
  return out;
}

/**
 * The canonical key of a combination: its JSON with names sorted.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { paramKey } from "./param_space.ts";
 * assert.ok(paramKey({ slow: 30, fast: 10 }) === '{"fast":10,"slow":30}');
 * ```
 */
export function paramKey(params: ParamSet): string {
  return JSON.stringify(Object.fromEntries(Object.keys(params).sort().map((k) => [k, params[k]])));
}

/**
 * Compare two runs of a plan by canonical key (value indices in name order).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { compareRunKeys, paramsAt, planGrid } from "./param_space.ts";
 * const plan = planGrid({ n: [2, 1] });
 * assert.ok(paramsAt(plan, 0).n === 1 && compareRunKeys(plan, 0, 1) < 0);
 * ```
 */
export function compareRunKeys(plan: ParamPlan, a: number, b: number): number {
  const d = plan.names.length, c = plan.choices;
  for (let p = 0; p < d; p++) {
    const x = c[a * d + p]!, y = c[b * d + p]!;
    if (x !== y) return x - y;
  }
  return 0;
}

interface Space {
  names: string[];
  declared: string[];
  values: ParamValue[][];
  counts: number[];
  gridSize: number;
}

function space(params: Readonly<Record<string, ParamSpec>>): Space {
  const declared = Object.keys(params);
  if (declared.length === 0) throw new ConfigError("Invalid optimize.params: expected at least one parameter");
  const names = [...declared].sort();
  const values = names.map((n) => specValues(params[n]!));
  const counts = values.map((v) => v.length);
  const gridSize = counts.reduce((a, b) => a * b, 1);
  return { names, declared, values, counts, gridSize };
}

function checkConstraint(
  constraint: ((p: never) => unknown) | undefined,
  params: Record<string, ParamValue>,
): boolean {
  if (constraint === undefined) return true;
  try {
    return Boolean(constraint(params as never));
  } catch (e) {
    throw new ConfigError(
      `optimize.constraint threw on ${paramKey(params)}: ${e instanceof Error ? e.message : String(e)}`,
      { cause: e },
    );
  }
}

/** Reorder runs along a Z-order curve over their value indices (when the key fits in 53 bits). */
function mortonOrder(
  choices: Uint32Array<ArrayBuffer>,
  size: number,
  counts: readonly number[],
): Uint32Array<ArrayBuffer> {
  const d = counts.length;
  const bits = counts.map((c) => (c <= 1 ? 0 : Math.ceil(Math.log2(c))));
  const total = bits.reduce((a, b) => a + b, 0);
  if (d < 2 || total > 53 || size < 2) return choices;
  const maxBits = Math.max(...bits);
  const keys = new Float64Array(size);
  for (let r = 0; r < size; r++) {
    let key = 0, weight = 1;
    for (let l = 0; l < maxBits; l++) {
      for (let p = d - 1; p >= 0; p--) {
        if (l >= bits[p]!) continue;
        if ((choices[r * d + p]! >>> l) & 1) key += weight;
        weight *= 2;
      }
    }
    keys[r] = key;
  }
  const order = new Uint32Array(size);
  for (let r = 0; r < size; r++) order[r] = r;
  order.sort((a, b) => keys[a]! - keys[b]!);
  const out = new Uint32Array(choices.length);
  for (let i = 0; i < size; i++) out.set(choices.subarray(order[i]! * d, order[i]! * d + d), i * d);
  return out;
}

/** Options of {@linkcode planGrid} and {@linkcode planRandom}. */
export interface PlanOptions {
  /** Keeps a combination only when it returns true. */
  readonly constraint?: ((params: never) => unknown) | undefined;
}

/**
 * Every combination of the params' candidates that passes the constraint.
 *
 * @throws {ConfigError} when the grid is too large, the constraint throws,
 * or it rejects every combination.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { planGrid, paramsAt } from "./param_space.ts";
 * import { range } from "./range.ts";
 * const plan = planGrid({ fast: range(5, 15, 5), slow: [10, 20] }, {
 *   constraint: (p: { fast: number; slow: number }) => p.fast < p.slow,
 * });
 * assert.ok(plan.size === 4 && plan.gridSize === 6); // 5/10, 5/20, 10/20, 15/20
 * assert.ok(paramsAt(plan, 0).fast === 5);
 * ```
 */
export function planGrid(params: Readonly<Record<string, ParamSpec>>, opts: PlanOptions = {}): ParamPlan {
  const s = space(params);
  if (s.gridSize > MAX_GRID) {
    throw new ConfigError(
      `Invalid optimize.params: the grid has ${s.gridSize.toLocaleString("en-US")} combinations (at most ${
        MAX_GRID.toLocaleString("en-US")
      }); narrow the ranges or use search: { kind: "random", samples: N }`,
    );
  }
  const d = s.names.length;
  let choices = new Uint32Array(Math.min(s.gridSize, 1024) * d);
  let size = 0;
  const idx = new Uint32Array(d);
  for (let g = 0; g < s.gridSize; g++) {
    const p: Record<string, ParamValue> = {};
    for (let k = 0; k < d; k++) p[s.names[k]!] = s.values[k]![idx[k]!]!;
    if (checkConstraint(opts.constraint, p)) {
      if ((size + 1) * d > choices.length) {
        const grown = new Uint32Array(Math.min(s.gridSize * d, choices.length * 2));
        grown.set(choices);
        choices = grown;
      }
      choices.set(idx, size * d);
      size++;
    }
    for (let k = d - 1; k >= 0; k--) { // odometer, last name fastest
      if (++idx[k]! < s.counts[k]!) break;
      idx[k] = 0;
    }
  }
  if (size === 0) {
    throw new ConfigError(
      `Invalid optimize: the constraint rejects all ${
        s.gridSize.toLocaleString("en-US")
      } combinations of optimize.params`,
    );
  }
  choices = mortonOrder(choices.slice(0, size * d), size, s.counts);
  return { names: s.names, declared: s.declared, values: s.values, size, gridSize: s.gridSize, choices };
}

/**
 * `samples` distinct combinations drawn uniformly from the grid (each
 * param's value index from {@linkcode counterUniform} keyed by the seed and
 * the draw number), keeping those that pass the constraint. When the grid
 * has no more than `samples` valid combinations, all of them are run.
 *
 * @throws {ConfigError} when the constraint rejects nearly every draw.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { planRandom } from "./param_space.ts";
 * import { range } from "./range.ts";
 * const a = planRandom({ fast: range(1, 50), slow: range(2, 200) }, 20, 7);
 * const b = planRandom({ fast: range(1, 50), slow: range(2, 200) }, 20, 7);
 * assert.ok(a.size === 20 && a.choices.join() === b.choices.join());
 * ```
 */
export function planRandom(
  params: Readonly<Record<string, ParamSpec>>,
  samples: number,
  seed: number,
  opts: PlanOptions = {},
): ParamPlan {
  const s = space(params);
  if (s.gridSize <= Math.max(4 * samples, 1024)) {
    const all = planGrid(params, opts);
    if (all.size <= samples) return all;
    // a small grid: a seeded partial Fisher–Yates shuffle picks exactly `samples` distinct runs
    const d = all.names.length;
    const order = Uint32Array.from({ length: all.size }, (_, i) => i);
    for (let i = 0; i < samples; i++) {
      const j = i + Math.floor(counterUniform(seed, RANDOM_SEARCH_STREAM, i, 0) * (all.size - i));
      const t = order[i]!;
      order[i] = order[j]!;
      order[j] = t;
    }
    const picked = order.slice(0, samples).sort();
    const choices = new Uint32Array(samples * d);
    picked.forEach((r, i) => choices.set(all.choices.subarray(r * d, r * d + d), i * d));
    return { ...all, size: samples, choices };
  }
  const d = s.names.length;
  const choices = new Uint32Array(samples * d);
  const seen = new Set<string>();
  const idx = new Uint32Array(d);
  let size = 0;
  const maxDraws = 50 * samples + 1000;
  for (let draw = 0; size < samples; draw++) {
    if (draw >= maxDraws) {
      throw new ConfigError(
        `Invalid optimize: the constraint rejected ${
          draw - size
        } of ${draw} random draws; widen the space or relax the constraint`,
      );
    }
    const p: Record<string, ParamValue> = {};
    for (let k = 0; k < d; k++) {
      idx[k] = Math.floor(counterUniform(seed, RANDOM_SEARCH_STREAM, draw, k) * s.counts[k]!);
      p[s.names[k]!] = s.values[k]![idx[k]!]!;
    }
    const key = idx.join(",");
    if (seen.has(key) || !checkConstraint(opts.constraint, p)) continue;
    seen.add(key);
    choices.set(idx, size * d);
    size++;
  }
  return {
    names: s.names,
    declared: s.declared,
    values: s.values,
    size,
    gridSize: s.gridSize,
    choices: mortonOrder(choices, size, s.counts),
  };
}

/**
 * Check every run's params (merged over `base`) against the strategy's
 * params schema before anything runs.
 *
 * @throws {ConfigError} naming up to five failing combinations and why.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { z } from "zod";
 * import { planGrid, validatePlan } from "./param_space.ts";
 * const schema = z.strictObject({ fast: z.number(), slow: z.number() }).refine((p) => p.fast < p.slow);
 * const plan = planGrid({ fast: [5, 50], slow: [20] });
 * try {
 *   validatePlan(plan, schema, { fast: 1, slow: 2 }, { strategy: "smaCross", file: "x.ts" });
 *   throw new Error("unreachable");
 * } catch (e) {
 *   assert.ok(String(e).includes('{"fast":50,"slow":20}'));
 * }
 * ```
 */
export function validatePlan(
  plan: ParamPlan,
  schema: z.ZodType,
  base: unknown,
  where: { readonly strategy: string; readonly file: string },
): void {
  const baseObj = typeof base === "object" && base !== null ? base as Record<string, unknown> : {};
  const bad: string[] = [];
  let count = 0;
  for (let r = 0; r < plan.size; r++) {
    const p = paramsAt(plan, r);
    const res = schema.safeParse({ ...baseObj, ...p });
    if (res.success) continue;
    count++;
    if (bad.length < 5) {
      const why = res.error.issues.map((i) => {
        const path = i.path.map(String).join(".");
        let msg = i.message.replace(/^Invalid input: /, "");
        if (i.code === "unrecognized_keys") msg = `unknown key${i.keys.length > 1 ? "s" : ""} ${i.keys.join(", ")}`;
        return path ? `${path}: ${msg}` : msg;
      }).join("; ");
      bad.push(`${paramKey(p)}: ${why}`);
    }
  }
  if (count === 0) return;
  throw new ConfigError(
    `Invalid optimize.params in "${where.file}": ${count} of ${plan.size} combination${
      plan.size === 1 ? "" : "s"
    } fail the ${where.strategy} params schema:\n${bad.map((b) => `  - ${b}`).join("\n")}${
      count > bad.length ? `\n  - … and ${count - bad.length} more` : ""
    }\n  (exclude them with optimize.constraint, e.g. constraint: (p) => p.fast < p.slow)`,
  );
}
