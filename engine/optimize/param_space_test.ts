import assert from "node:assert/strict";
import { z } from "zod";
import { ConfigError } from "../errors.ts";
import { compareRunKeys, paramKey, paramsAt, planGrid, planRandom, validatePlan } from "./param_space.ts";
import { range } from "./range.ts";

const keys = (plan: ReturnType<typeof planGrid>) =>
  Array.from({ length: plan.size }, (_, r) => paramKey(paramsAt(plan, r)));

Deno.test("planGrid() runs every combination that passes the constraint, once", () => {
  const plan = planGrid({ fast: range(5, 20, 5), slow: [10, 20, 30] }, {
    constraint: (p: { fast: number; slow: number }) => p.fast < p.slow,
  });
  // fast 5,10,15,20 × slow 10,20,30 = 12, minus fast ≥ slow: (10,10) (15,10) (20,10) (20,20)
  assert.equal(plan.gridSize, 12);
  assert.equal(plan.size, 8);
  const all = keys(plan);
  assert.equal(new Set(all).size, 8);
  for (const k of all) {
    const p = JSON.parse(k);
    assert.ok(p.fast < p.slow, k);
  }
});

Deno.test("planGrid() de-duplicates and orders values canonically", () => {
  const plan = planGrid({ mode: ["b", "a", "b"], n: [3, 1, 2, 1], on: [true, false] });
  assert.deepEqual(plan.names, ["mode", "n", "on"]);
  assert.deepEqual(plan.values, [["a", "b"], [1, 2, 3], [false, true]]);
  assert.equal(plan.size, 12);
});

Deno.test("planGrid() orders runs along a Z curve, so nearby runs share values", () => {
  const plan = planGrid({ a: range(1, 8), b: range(1, 8) });
  // the first four runs are the 2×2 block a∈{1,2}, b∈{1,2}
  const first = keys(plan).slice(0, 4).map((k) => JSON.parse(k));
  assert.deepEqual(new Set(first.map((p) => p.a)), new Set([1, 2]));
  assert.deepEqual(new Set(first.map((p) => p.b)), new Set([1, 2]));
});

Deno.test("compareRunKeys() orders by value in name order", () => {
  const plan = planGrid({ b: [1, 2], a: [10, 20] });
  const order = Array.from({ length: plan.size }, (_, r) => r).sort((x, y) => compareRunKeys(plan, x, y));
  assert.deepEqual(order.map((r) => paramKey(paramsAt(plan, r))), [
    '{"a":10,"b":1}',
    '{"a":10,"b":2}',
    '{"a":20,"b":1}',
    '{"a":20,"b":2}',
  ]);
});

Deno.test("planRandom() draws distinct, constrained combinations, the same for the same seed", () => {
  const spec = { fast: range(1, 100), slow: range(2, 400) };
  const constraint = (p: { fast: number; slow: number }) => p.fast < p.slow;
  const a = planRandom(spec, 200, 42, { constraint });
  const b = planRandom(spec, 200, 42, { constraint });
  const c = planRandom(spec, 200, 43, { constraint });
  assert.equal(a.size, 200);
  assert.deepEqual(keys(a), keys(b));
  assert.notDeepEqual(keys(a), keys(c));
  assert.equal(new Set(keys(a)).size, 200);
  for (const k of keys(a)) assert.ok(JSON.parse(k).fast < JSON.parse(k).slow);
});

Deno.test("planRandom() runs the whole space when it is smaller than the sample count", () => {
  const plan = planRandom({ n: [1, 2, 3] }, 10, 1);
  assert.deepEqual(keys(plan).sort(), ['{"n":1}', '{"n":2}', '{"n":3}']);
});

Deno.test("planRandom() on a small grid picks exactly `samples` distinct runs", () => {
  const plan = planRandom({ a: range(1, 10), b: range(1, 10) }, 7, 3);
  assert.equal(plan.size, 7);
  assert.equal(new Set(keys(plan)).size, 7);
});

Deno.test("a constraint that throws is a ConfigError naming the combination", () => {
  assert.throws(
    () =>
      planGrid({ n: [1, 2] }, {
        constraint: (p: { n: number }) => {
          if (p.n === 2) throw new Error("nope");
          return true;
        },
      }),
    (e) => e instanceof ConfigError && e.message.includes('{"n":2}') && e.message.includes("nope"),
  );
});

Deno.test("validatePlan() names each invalid combination and the schema's reason", () => {
  const schema = z.strictObject({ fast: z.number().int(), slow: z.number().int() }).refine((p) => p.fast < p.slow, {
    message: "expected slow > fast",
    path: ["slow"],
  });
  const plan = planGrid({ fast: [5, 30], slow: [20, 40] });
  assert.throws(
    () => validatePlan(plan, schema, { fast: 1, slow: 2 }, { strategy: "smaCross", file: "x.ts" }),
    (e) =>
      e instanceof ConfigError && e.message.includes("1 of 4 combinations") &&
      e.message.includes('{"fast":30,"slow":20}: slow: expected slow > fast'),
  );
  validatePlan(planGrid({ fast: [5], slow: [20, 40] }), schema, {}, { strategy: "smaCross", file: "x.ts" });
});
