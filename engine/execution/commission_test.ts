import assert from "node:assert/strict";
import { commissionModel, type OrderCosts } from "./commission.ts";
import { CommissionSchema } from "./config.ts";

const near = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) < 1e-12, `${what}: ${a} ≠ ${b}`);

/** Fees of an order filled in parts [qty, price][], as the simulator charges them. */
function partialFees(input: unknown, parts: [number, number][]): number[] {
  const fee = commissionModel(CommissionSchema.parse(input));
  let prior: OrderCosts = { qty: 0, notional: 0, fee: 0 };
  return parts.map(([q, px]) => {
    const f = fee(q, px, prior);
    prior = { qty: prior.qty + q, notional: prior.notional + q * px, fee: prior.fee + f };
    return f;
  });
}

Deno.test("commission none is 0", () => {
  assert.equal(commissionModel({ kind: "none" })(100, 10), 0);
});

Deno.test("commission percent is rate × notional, whatever the sign of qty", () => {
  const fee = commissionModel(CommissionSchema.parse({ kind: "percent", rate: 0.001 }));
  near(fee(10, 11.5), 0.115, "buy 10 @ 11.5");
  near(fee(-10, 12.5), 0.125, "sell 10 @ 12.5");
});

Deno.test("commission percent with a minimum and a maximum per order", () => {
  const fee = commissionModel(CommissionSchema.parse({ kind: "percent", rate: 0.001, minimum: 1, maximum: 20 }));
  near(fee(10, 50), 1, "0.5 raised to the minimum");
  near(fee(1000, 50), 20, "50 cut to the maximum");
  near(fee(100, 50), 5, "inside the bounds");
});

Deno.test("commission perShare is rate × qty, with minimum and maximum", () => {
  const fee = commissionModel(CommissionSchema.parse({ kind: "perShare", rate: 0.005, minimum: 1, maximum: 4 }));
  near(fee(100, 20), 1, "0.5 raised to 1");
  near(fee(500, 20), 2.5, "500 × 0.005");
  near(fee(2000, 20), 4, "10 cut to 4");
});

Deno.test("commission fixed is charged once per order, on its first fill", () => {
  assert.deepEqual(partialFees({ kind: "fixed", amount: 2.5 }, [[10, 5], [20, 5], [5, 6]]), [2.5, 0, 0]);
});

Deno.test("partial fills pay the whole order's commission between them, minimum and maximum included", () => {
  // perShare 0.005, minimum 1: 100 shares → 1 (minimum); 400 → 2 in all (+1); 500 → 4.5 in all (+2.5)
  const ps = partialFees({ kind: "perShare", rate: 0.005, minimum: 1 }, [[100, 20], [300, 20], [500, 21]]);
  ps.forEach((f, i) => near(f, [1, 1, 2.5][i]!, `perShare part ${i}`));
  // percent 0.1 % with maximum 3: 1000 → 1, 1500 → 1.5 (2.5 in all), 1000 → capped at 3 (+0.5)
  const pc = partialFees({ kind: "percent", rate: 0.001, maximum: 3 }, [[10, 100], [15, 100], [10, 100]]);
  pc.forEach((f, i) => near(f, [1, 1.5, 0.5][i]!, `percent part ${i}`));
  // the parts add up to what one whole fill would pay
  const whole = commissionModel(CommissionSchema.parse({ kind: "perShare", rate: 0.005, minimum: 1 }))(900, 20);
  near(ps.reduce((a, b) => a + b, 0), whole, "parts = whole");
});

Deno.test("commission config rejects a maximum below the minimum, naming the field", () => {
  const r = CommissionSchema.safeParse({ kind: "perShare", rate: 0.01, minimum: 5, maximum: 1 });
  assert.equal(r.success, false);
  assert.deepEqual(r.error!.issues[0]!.path, ["maximum"]);
});
