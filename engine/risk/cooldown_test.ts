import assert from "node:assert/strict";
import { CooldownSchema } from "./config.ts";
import { createCooldown } from "./cooldown.ts";

const DAY = 86_400_000;

Deno.test("cooldown in bars blocks the exit bar and the next bars − 1 bars of that symbol", () => {
  const c = createCooldown(CooldownSchema.parse({ bars: 3 }), 2);
  assert.equal(c.blocks(0, 5, 0), false);
  c.onExit(0, 7, 7 * DAY, 12.5);
  assert.deepEqual([6, 7, 8, 9, 10].map((i) => c.blocks(0, i, 0)), [true, true, true, true, false]);
  assert.equal(c.blocks(1, 8, 0), false, "other symbols are free");
  assert.match(c.explain(0, 8, 0), /an exit filled at 1970-01-08T00:00:00.000Z; entries wait 3 bars \(2 to go\)/);
});

Deno.test("cooldown by duration blocks decisions before exit time + duration", () => {
  const c = createCooldown(CooldownSchema.parse({ duration: "2d" }), 1);
  c.onExit(0, 3, 10 * DAY, -1);
  assert.equal(c.blocks(0, 0, 11 * DAY), true);
  assert.equal(c.blocks(0, 0, 12 * DAY - 1), true);
  assert.equal(c.blocks(0, 0, 12 * DAY), false);
  assert.match(c.explain(0, 0, 11 * DAY), /entries wait 2d, until 1970-01-13/);
});

Deno.test("cooldown after losing exits only ignores winners and break-evens", () => {
  const c = createCooldown(CooldownSchema.parse({ bars: 2, after: "losingExit" }), 1);
  c.onExit(0, 4, 0, 10);
  c.onExit(0, 4, 0, 0);
  assert.equal(c.blocks(0, 4, 0), false);
  c.onExit(0, 6, 0, -0.01);
  assert.equal(c.blocks(0, 7, 0), true);
  assert.match(c.explain(0, 7, 0), /a losing exit/);
});
