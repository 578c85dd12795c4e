import assert from "node:assert/strict";
import { trueRange } from "./true_range.ts";

Deno.test("trueRange() takes the largest of high-low and the gaps from the previous close", () => {
  const high = new Float64Array([10, 11, 15, 9, 10.5]);
  const low = new Float64Array([9, 10, 13, 7, 9.5]);
  const close = new Float64Array([9.5, 10.5, 14, 8, 10]);
  // i=1: pc 9.5:  max(11-10 = 1, |11-9.5| = 1.5, |10-9.5| = 0.5) = 1.5
  // i=2: pc 10.5: max(15-13 = 2, |15-10.5| = 4.5, |13-10.5| = 2.5) = 4.5 (gap up)
  // i=3: pc 14:   max(9-7 = 2, |9-14| = 5, |7-14| = 7) = 7 (gap down)
  // i=4: pc 8:    max(10.5-9.5 = 1, |10.5-8| = 2.5, |9.5-8| = 1.5) = 2.5
  assert.deepEqual([...trueRange(high, low, close)], [NaN, 1.5, 4.5, 7, 2.5]);
});

Deno.test("trueRange() is NaN on the first bar and on bars touching a NaN", () => {
  const high = new Float64Array([10, 11, NaN, 12, 12]);
  const low = new Float64Array([9, 10, 10, 11, 11]);
  const close = new Float64Array([9.5, 10.5, 11, NaN, 11.5]);
  // i=1: pc 9.5: max(11-10 = 1, |11-9.5| = 1.5, |10-9.5| = 0.5) = 1.5
  // i=2: high is NaN -> NaN
  // i=3: pc 11: max(12-11 = 1, |12-11| = 1, |11-11| = 0) = 1 (its own NaN
  //      close is not used)
  // i=4: previous close is NaN -> NaN
  assert.deepEqual([...trueRange(high, low, close)], [NaN, 1.5, NaN, 1, NaN]);
  assert.equal(trueRange(new Float64Array(0), new Float64Array(0), new Float64Array(0)).length, 0);
});

Deno.test("trueRange() rejects unequal lengths and a bad out with RangeError", () => {
  const a = new Float64Array(3);
  assert.throws(
    () => trueRange(a, new Float64Array(2), a),
    {
      name: "RangeError",
      message: "trueRange(): inputs must have equal lengths, found high.length = 3 and low.length = 2",
    },
  );
  assert.throws(() => trueRange(a, a, a, new Float64Array(2)), RangeError);
  assert.throws(() => trueRange(a, a, a, a), /must not overlap/);
});
