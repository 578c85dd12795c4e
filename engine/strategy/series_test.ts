import assert from "node:assert/strict";
import { SeriesView, TimeframeSeriesView } from "./series.ts";

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

Deno.test("TimeframeSeriesView shows a coarse bar only from the fine bar whose close ends its bucket", () => {
  const cursor = Int32Array.of(-1);
  // six fine bars; coarse bar 0 visible from fine bar 3, coarse bar 1 from fine bar 5
  const visible = Int32Array.of(-1, -1, -1, 0, 0, 1);
  const v = new TimeframeSeriesView(Float64Array.of(10, 20, 30), cursor, 0, visible);
  assert.ok(Number.isNaN(v.at()) && v.length === 0);
  cursor[0] = 2;
  assert.ok(Number.isNaN(v.at()) && v.length === 0, "the first coarse bar is still in progress");
  cursor[0] = 4;
  assert.equal(v.at(), 10);
  assert.ok(Number.isNaN(v.at(1)));
  cursor[0] = 5;
  assert.deepEqual([v.at(), v.at(1), v.length], [20, 10, 2]);
  assert.throws(() => v.at(-1), /the future cannot be read/);
});
