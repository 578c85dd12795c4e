import assert from "node:assert/strict";
import { riskFreePerPeriod } from "./risk_free_per_period.ts";
import { assertAlmostEqual } from "./_testing.ts";

Deno.test("riskFreePerPeriod: compounds back to the annual rate", () => {
  // (1 + 0.1025)^(1/2) − 1 = 0.05 exactly in decimal arithmetic
  assertAlmostEqual(riskFreePerPeriod(0.1025, 2), 0.05, 15);
  const d = riskFreePerPeriod(0.04, 252);
  assertAlmostEqual((1 + d) ** 252, 1.04, 13);
  assert.equal(riskFreePerPeriod(0.07, 1), 0.07 + 1 - 1);
});

Deno.test("riskFreePerPeriod: zero is exactly zero; negative rates allowed above −1", () => {
  assert.equal(riskFreePerPeriod(0, 252), 0);
  assert.ok(riskFreePerPeriod(-0.01, 12) < 0);
});

Deno.test("riskFreePerPeriod: invalid inputs give NaN", () => {
  assert.ok(Number.isNaN(riskFreePerPeriod(-1, 252)));
  assert.ok(Number.isNaN(riskFreePerPeriod(-2, 252)));
  assert.ok(Number.isNaN(riskFreePerPeriod(NaN, 252)));
  assert.ok(Number.isNaN(riskFreePerPeriod(0.05, NaN)));
  assert.ok(Number.isNaN(riskFreePerPeriod(0.05, 0)));
  assert.ok(Number.isNaN(riskFreePerPeriod(0, -12)));
});
