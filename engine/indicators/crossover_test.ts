import assert from "node:assert/strict";
import { crossover } from "./crossover.ts";

Deno.test("crossover() counts a tie as no cross and carries the last non-zero sign through it", () => {
  // d = a − b:                 −2, −1, 0, 0, +1, +2, 0, −3, +1
  const a = Float64Array.of(1, 2, 3, 3, 4, 5, 5, 2, 6);
  const b = Float64Array.of(3, 3, 3, 3, 3, 3, 5, 5, 5);
  assert.deepEqual([...crossover(a, b)], [NaN, 0, 0, 0, 1, 0, 0, -1, 1]);
});

Deno.test("crossover() starts one bar after both lines are defined, and a NaN bar keeps the memory", () => {
  const a = Float64Array.of(NaN, NaN, 1, 2, NaN, 0);
  const b = Float64Array.of(NaN, 1, 1, 1, 1, 1);
  // t = 2 (d = 0 seeds nothing); bar 3: +1 but the last non-zero d is none: 0; bar 4 NaN; bar 5: −1 after +1: cross
  assert.deepEqual([...crossover(a, b)], [NaN, NaN, NaN, 0, NaN, -1]);
});
