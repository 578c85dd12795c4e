import assert from "node:assert/strict";
import { ConfigError } from "../errors.ts";
import { range, rangeValues } from "./range.ts";

Deno.test("range() includes its stop when it lies on the grid", () => {
  assert.deepEqual(rangeValues(range(5, 50, 5)), [5, 10, 15, 20, 25, 30, 35, 40, 45, 50]);
  assert.deepEqual(rangeValues(range(20, 45, 10)), [20, 30, 40]);
  assert.deepEqual(rangeValues(range(3, 3)), [3]);
});

Deno.test("range() rounds fractional steps to the decimals of start and step", () => {
  assert.deepEqual(rangeValues(range(0.1, 0.5, 0.1)), [0.1, 0.2, 0.3, 0.4, 0.5]);
  assert.deepEqual(rangeValues(range(1, 2, 0.25)), [1, 1.25, 1.5, 1.75, 2]);
});

Deno.test("range() rejects a bad step or bounds with a ConfigError naming the call", () => {
  assert.throws(() => range(10, 5, 1), (e) => e instanceof ConfigError && /range\(10, 5, 1\)/.test(e.message));
  assert.throws(() => range(1, 5, 0), ConfigError);
  assert.throws(() => range(1, Infinity, 1), ConfigError);
});
