/**
 * Ranking runs: by objective, best first, with a total order.
 *
 * 1. Runs that completed before runs that failed;
 * 2. among completed runs, a larger objective first (`+Infinity` first, NaN —
 *    an undefined objective, e.g. a Sharpe ratio with no trades — last);
 * 3. ties by the canonical parameter key (each param's value in canonical
 *    order, params by name);
 * 4. then by run index (only duplicate combinations can get this far).
 *
 * The index keeps a few numbers per run and never the runs themselves.
 *
 * @module
 */
import type { LineRef } from "./jsonl_writer.ts";
import { compareRunKeys, type ParamPlan } from "./param_space.ts";

/**
 * Compare two results: negative when `a` ranks before `b`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { compareObjectives } from "./ranking.ts";
 * assert.ok(compareObjectives(2, false, 1, false) < 0);
 * assert.ok(compareObjectives(NaN, false, -5, false) > 0);
 * assert.ok(compareObjectives(9, true, -5, false) > 0); // a failed run ranks last
 * ```
 */
export function compareObjectives(a: number, aFailed: boolean, b: number, bFailed: boolean): number {
  if (aFailed !== bFailed) return aFailed ? 1 : -1;
  const an = a !== a, bn = b !== b;
  if (an !== bn) return an ? 1 : -1;
  if (an || a === b) return 0;
  return a > b ? -1 : 1;
}

/**
 * Per-run objective, status and line location, for ranking at the end.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { planGrid } from "./param_space.ts";
 * import { RankIndex } from "./ranking.ts";
 * const plan = planGrid({ n: [1, 2, 3] });
 * const idx = new RankIndex(plan);
 * idx.add(0, 0.5, false, { offset: 0, length: 1 });
 * idx.add(1, 0.5, false, { offset: 2, length: 1 });
 * idx.add(2, 0.9, false, { offset: 4, length: 1 });
 * assert.ok(Array.from(idx.order()).join() === "2,0,1"); // 0.9, then the tie by key n=1 < n=2
 * ```
 */
export class RankIndex {
  readonly #plan: ParamPlan;
  readonly #objective: Float64Array;
  readonly #offset: Float64Array;
  readonly #length: Uint32Array;
  /** 0 = no result, 1 = completed, 2 = failed. */
  readonly #state: Uint8Array;
  #count = 0;

  constructor(plan: ParamPlan) {
    this.#plan = plan;
    this.#objective = new Float64Array(plan.size).fill(NaN);
    this.#offset = new Float64Array(plan.size);
    this.#length = new Uint32Array(plan.size);
    this.#state = new Uint8Array(plan.size);
  }

  /** Results recorded. */
  get count(): number {
    return this.#count;
  }

  /** Record run `index`. */
  add(index: number, objective: number, failed: boolean, line: LineRef): void {
    if (this.#state[index] === 0) this.#count++;
    this.#objective[index] = objective;
    this.#state[index] = failed ? 2 : 1;
    this.#offset[index] = line.offset;
    this.#length[index] = line.length;
  }

  /** Compare two recorded runs. */
  compare(a: number, b: number): number {
    return compareObjectives(this.#objective[a]!, this.#state[a] === 2, this.#objective[b]!, this.#state[b] === 2) ||
      compareRunKeys(this.#plan, a, b) || a - b;
  }

  /** Recorded runs, best first. */
  order(): Uint32Array {
    const out = new Uint32Array(this.#count);
    let m = 0;
    for (let i = 0; i < this.#state.length; i++) if (this.#state[i] !== 0) out[m++] = i;
    return out.sort((a, b) => this.compare(a, b));
  }

  /** Where run `index`'s line is. */
  line(index: number): LineRef {
    return { offset: this.#offset[index]!, length: this.#length[index]! };
  }

  /** True when run `index` failed. */
  failed(index: number): boolean {
    return this.#state[index] === 2;
  }

  /** Run `index`'s objective. */
  objective(index: number): number {
    return this.#objective[index]!;
  }
}
