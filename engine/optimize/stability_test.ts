import assert from "node:assert/strict";
import { paramKey, paramsAt, planGrid, planRandom } from "./param_space.ts";
import { parameterStability, PLATEAU_THRESHOLD } from "./stability.ts";

/** The run of `plan` with these params. */
const runOf = (plan: ReturnType<typeof planGrid>, params: Record<string, number | string>) => {
  for (let r = 0; r < plan.size; r++) if (paramKey(paramsAt(plan, r)) === paramKey(params)) return r;
  throw new Error(`no run ${JSON.stringify(params)}`);
};

Deno.test("parameterStability: the drop is best − the lower neighbour, relative to |best|; 20 % is still a plateau", () => {
  const plan = planGrid({ fast: [5, 10, 15], slow: [20, 30, 40] });
  const obj = new Float64Array(plan.size).fill(0);
  obj[runOf(plan, { fast: 10, slow: 30 })] = 2;
  obj[runOf(plan, { fast: 5, slow: 30 })] = 1.6; // drop 0.4 = 20 %: plateau (≤ threshold)
  obj[runOf(plan, { fast: 15, slow: 30 })] = 1.9;
  obj[runOf(plan, { fast: 10, slow: 20 })] = 1.5; // drop 0.5 = 25 %: spike
  obj[runOf(plan, { fast: 10, slow: 40 })] = 1.99;
  const s = parameterStability(plan, runOf(plan, { fast: 10, slow: 30 }), (r) => obj[r]!);
  assert.equal(s.threshold, PLATEAU_THRESHOLD);
  const [fast, slow] = s.params;
  assert.deepEqual([fast!.minus!.value, fast!.minus!.objective, fast!.plus!.value, fast!.plus!.objective], [
    5,
    1.6,
    15,
    1.9,
  ]);
  assert.ok(Math.abs(fast!.drop! - 0.4) < 1e-15 && Math.abs(fast!.relativeDrop! - 0.2) < 1e-15);
  assert.equal(fast!.label, "plateau");
  assert.equal(slow!.drop, 0.5);
  assert.equal(slow!.relativeDrop, 0.25);
  assert.equal(slow!.label, "spike");
});

Deno.test("parameterStability: an edge, a constraint's gap and an undefined neighbour leave that side null", () => {
  const plan = planGrid({ fast: [5, 10, 15], slow: [10, 20] }, {
    constraint: (p: { fast: number; slow: number }) => p.fast < p.slow,
  }); // 5/10, 5/20, 10/20, 15/20
  const best = runOf(plan, { fast: 5, slow: 20 });
  const obj = (r: number) => (r === best ? 1 : r === runOf(plan, { fast: 10, slow: 20 }) ? NaN : 0.5);
  const s = parameterStability(plan, best, obj);
  const [fast, slow] = s.params;
  assert.equal(fast!.minus, null); // 5 is the first value
  assert.deepEqual(fast!.plus, { value: 10, run: runOf(plan, { fast: 10, slow: 20 }), objective: null }); // no objective
  assert.equal(fast!.drop, null);
  assert.equal(fast!.label, "n/a");
  assert.equal(slow!.minus!.value, 10); // 5/10 exists
  assert.equal(slow!.plus, null); // 20 is the last value
  assert.equal(slow!.label, "spike"); // 1 → 0.5: 50 %
  // 10/20's slow neighbour 10/10 was cut by the constraint
  assert.equal(parameterStability(plan, runOf(plan, { fast: 10, slow: 20 }), () => 1).params[1]!.minus, null);
});

Deno.test("parameterStability: random search uses the sampled neighbours only; strings step in canonical order", () => {
  const plan = planRandom({ a: [1, 2, 3, 4, 5, 6, 7, 8], mode: ["fast", "slow", "wide"] }, 6, 3);
  const s = parameterStability(plan, 0, () => 1);
  for (const p of s.params) {
    for (const n of [p.minus, p.plus]) {
      if (n === null) continue;
      const other = paramsAt(plan, n.run), mine = paramsAt(plan, 0);
      // exactly one param differs, by one step
      const differ = Object.keys(mine).filter((k) => mine[k] !== other[k]);
      assert.deepEqual(differ, [p.param]);
    }
    assert.equal(p.label, p.minus === null && p.plus === null ? "n/a" : "plateau");
  }
  const strings = planGrid({ mode: ["wide", "fast", "slow"] }); // canonical: fast, slow, wide
  const st = parameterStability(strings, runOf(strings, { mode: "slow" }), (r) => r);
  assert.deepEqual([st.params[0]!.minus!.value, st.params[0]!.plus!.value], ["fast", "wide"]);
});
