import assert from "node:assert/strict";
import { exposure } from "./exposure.ts";

Deno.test("exposure: position counts, signed quantities and masks", () => {
  assert.equal(exposure(Float64Array.of(0, 2, -3, 0, 0)), 0.4); // 2 of 5
  assert.equal(exposure(Int32Array.of(1, 1, 1, 1)), 1);
  assert.equal(exposure(Uint8Array.of(0, 0, 0, 1)), 0.25);
  assert.equal(exposure([true, false, true, false]), 0.5);
});

Deno.test("exposure: NaN and −0 count as flat", () => {
  assert.equal(exposure(Float64Array.of(NaN, -0, 0, 1)), 0.25);
});

Deno.test("exposure: empty series is NaN, single bar is 0 or 1", () => {
  assert.ok(Number.isNaN(exposure(new Float64Array(0))));
  assert.equal(exposure([false]), 0);
  assert.equal(exposure(Float64Array.of(5)), 1);
});
