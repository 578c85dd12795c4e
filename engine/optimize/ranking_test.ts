import assert from "node:assert/strict";
import { planGrid } from "./param_space.ts";
import { compareObjectives, RankIndex } from "./ranking.ts";

Deno.test("ranking: larger objective first, NaN after numbers, failed runs last, ties by parameter key", () => {
  const plan = planGrid({ n: [1, 2, 3, 4, 5, 6] }); // one param: runs 0..5 are n = 1..6
  const idx = new RankIndex(plan);
  const line = { offset: 0, length: 0 };
  idx.add(0, 0.5, false, line); // n=1
  idx.add(1, NaN, false, line); // n=2
  idx.add(2, 2, true, line); // n=3, failed
  idx.add(3, 0.5, false, line); // n=4
  idx.add(4, Infinity, false, line); // n=5
  idx.add(5, -1, false, line); // n=6
  assert.deepEqual(Array.from(idx.order()), [4, 0, 3, 5, 1, 2]);
});

Deno.test("compareObjectives() is a total preorder on numbers", () => {
  const xs = [NaN, -Infinity, -1, 0, 1, Infinity];
  for (const a of xs) {
    for (const b of xs) {
      const ab = Math.sign(compareObjectives(a, false, b, false)),
        ba = Math.sign(compareObjectives(b, false, a, false));
      assert.equal(ab + ba, 0, `${a} vs ${b}`);
      assert.equal(ab === 0, Object.is(a, b) || a === b, `${a} vs ${b}`);
    }
  }
});
