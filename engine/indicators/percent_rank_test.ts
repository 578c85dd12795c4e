import assert from "node:assert/strict";
import { percentRank } from "./percent_rank.ts";
import { nanPrefix, tickWalk } from "./_test_helpers.ts";

/** The definition written directly: the count of window values strictly below the current one, over n. */
function slowRank(x: Float64Array, n: number): number[] {
  return [...x].map((v, i) => {
    if (i < n - 1) return NaN;
    const w = x.subarray(i - n + 1, i + 1);
    return w.some(Number.isNaN) ? NaN : w.filter((u) => u < v).length / n;
  });
}

Deno.test("percentRank() counts the window values strictly below the current one, over n", () => {
  // n = 5: [5,3,8,3,3] -> below 3: none -> 0; [3,8,3,3,9] -> 4 -> 0.8; [8,3,3,9,4] -> two 3s -> 0.4
  const out = percentRank(new Float64Array([5, 3, 8, 3, 3, 9, 4]), 5);
  assert.deepEqual([...out], [NaN, NaN, NaN, NaN, 0, 0.8, 0.4]);
});

Deno.test("percentRank() is 0 on a flat window and (n − 1)/n at a new high", () => {
  assert.deepEqual([...percentRank(new Float64Array([7, 7, 7, 7]), 3)], [NaN, NaN, 0, 0]);
  assert.deepEqual([...percentRank(new Float64Array([1, 2, 3, 4]), 4)], [NaN, NaN, NaN, 0.75]);
  assert.deepEqual([...percentRank(new Float64Array([3, 1, 2]), 1)], [0, 0, 0]);
});

Deno.test("percentRank() agrees with the direct count on a walk full of ties", () => {
  const x = tickWalk(13, 3_000, 100_000, 2); // steps of at most 2 ticks: many equal values
  for (const n of [1, 2, 7, 50, 200]) assert.deepEqual([...percentRank(x, n)], slowRank(x, n), `n = ${n}`);
});

Deno.test("percentRank() gives NaN for windows containing a NaN and resumes after it", () => {
  const x = new Float64Array([NaN, 1, 2, 3, NaN, 4, 5, 6, 7]);
  const out = percentRank(x, 3);
  assert.deepEqual([...out], slowRank(x, 3));
  assert.deepEqual([...out].map(Number.isNaN), [true, true, true, false, true, true, true, false, false]);
  assert.equal(nanPrefix(percentRank(new Float64Array(4), 50)), 4);
});

Deno.test("percentRank() rejects a bad period naming percentRank and n", () => {
  assert.throws(() => percentRank(new Float64Array(3), 0), {
    name: "RangeError",
    message: /percentRank\(\): n must be/,
  });
});
