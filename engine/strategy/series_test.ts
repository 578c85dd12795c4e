import assert from "node:assert/strict";
import { SeriesView } from "./series.ts";

Deno.test("SeriesView reads only bars at or before the cursor", () => {
  const cursor = Int32Array.of(-1);
  const v = new SeriesView(Float64Array.of(1, 2, 3, 4), cursor, 0);
  assert.ok(Number.isNaN(v.at(0)), "nothing visible before the first bar");
  assert.equal(v.length, 0);
  cursor[0] = 2;
  assert.equal(v.at(), 3);
  assert.equal(v.at(2), 1);
  assert.ok(Number.isNaN(v.at(3)), "before the first bar");
  assert.equal(v.length, 3);
  assert.throws(() => v.at(-1), /the future cannot be read/);
  assert.throws(() => v.at(0.5), RangeError);
});
