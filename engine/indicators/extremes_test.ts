import assert from "node:assert/strict";
import { mulberry32 } from "../random.ts";
import { highest, lowest } from "./extremes.ts";

Deno.test("highest() and lowest() match a direct scan of each window", () => {
  const rnd = mulberry32(3);
  const src = Float64Array.from({ length: 5000 }, () => rnd() % 50); // many ties
  for (const n of [1, 2, 7, 20]) {
    const h = highest(src, n), l = lowest(src, n);
    for (let i = 0; i < src.length; i++) {
      if (i < n - 1) {
        assert.ok(Number.isNaN(h[i]!) && Number.isNaN(l[i]!));
        continue;
      }
      const w = Array.from(src.subarray(i - n + 1, i + 1));
      assert.equal(h[i], Math.max(...w), `highest n=${n} i=${i}`);
      assert.equal(l[i], Math.min(...w), `lowest n=${n} i=${i}`);
    }
  }
});

Deno.test("highest() worked by hand over a window of 3", () => {
  // windows: [4,1,5]→5, [1,5,2]→5, [5,2,3]→5, [2,3,1]→3
  assert.deepEqual(Array.from(highest(Float64Array.of(4, 1, 5, 2, 3, 1), 3)).slice(2), [5, 5, 5, 3]);
  assert.deepEqual(Array.from(lowest(Float64Array.of(4, 1, 5, 2, 3, 1), 3)).slice(2), [1, 1, 2, 1]);
});

Deno.test("highest() rejects a window that is not a positive integer", () => {
  assert.throws(() => highest(new Float64Array(3), 0), RangeError);
  assert.throws(() => lowest(new Float64Array(3), 1.5), RangeError);
});
