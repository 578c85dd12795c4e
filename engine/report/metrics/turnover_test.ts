import assert from "node:assert/strict";
import { turnover } from "./turnover.ts";
import { assertAlmostEqual } from "./_testing.ts";

Deno.test("turnover: traded notional over average equity", () => {
  // Buy 1,000 of stock and sell it at 1,100: notional 2,100.
  // Average equity (1,000 + 1,050 + 1,100)/3 = 1,050 → 2,100/1,050 = 2.
  assert.equal(turnover(2_100, Float64Array.of(1_000, 1_050, 1_100)), 2);
});

Deno.test("turnover: no trading is 0; non-finite equity values are skipped", () => {
  assert.equal(turnover(0, Float64Array.of(100, 200)), 0);
  assertAlmostEqual(turnover(300, Float64Array.of(100, NaN, 200, Infinity)), 2, 15);
});

Deno.test("turnover: undefined cases give NaN", () => {
  assert.ok(Number.isNaN(turnover(100, new Float64Array(0))));
  assert.ok(Number.isNaN(turnover(100, Float64Array.of(NaN))));
  assert.ok(Number.isNaN(turnover(100, Float64Array.of(0, 0))));
  assert.ok(Number.isNaN(turnover(100, Float64Array.of(-10, 5))));
  assert.ok(Number.isNaN(turnover(NaN, Float64Array.of(100))));
  assert.ok(Number.isNaN(turnover(-1, Float64Array.of(100))));
});
