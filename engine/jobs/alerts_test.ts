import assert from "node:assert/strict";
import { evaluateAlert } from "./alerts.ts";

const abs = { study: "wf", metric: "oosSharpe", change: { abs: 0.3 } } as const;
const rel = { study: "wf", metric: "oosSharpe", change: { rel: 0.2 } } as const;

Deno.test("evaluateAlert() change.abs fires only when |current − previous| exceeds the limit, both directions", () => {
  assert.deepEqual(
    [[1.2, 0.8], [0.8, 1.2], [1.1, 0.8], [0.5, 0.8], [1.0999, 0.8], [0.8, 1.1001]].map(([c, p]) => {
      const o = evaluateAlert(abs, c!, p!);
      return [o.fired, o.change];
    }),
    [
      [true, 1.2 - 0.8],
      [true, 0.8 - 1.2],
      [false, 1.1 - 0.8], // 0.30000000000000004 in binary: exactly the limit in decimal, so no alert
      [false, 0.5 - 0.8],
      [false, 1.0999 - 0.8],
      [true, 0.8 - 1.1001],
    ],
  );
  assert.equal(
    evaluateAlert(abs, 1.2, 0.8).reason,
    `oosSharpe moved by ${1.2 - 0.8} (0.8 → 1.2); limit ±0.3`,
  );
});

Deno.test("evaluateAlert() change.rel is relative to |previous|; from 0 any move fires, 0 to 0 does not", () => {
  assert.equal(evaluateAlert(rel, -1.25, -1).fired, true); // 25 % of |−1|
  assert.equal(evaluateAlert(rel, -1.15, -1).fired, false); // 15 %
  assert.equal(evaluateAlert(rel, 1.2, 1).fired, false); // 20 % (0.19999999999999996 in binary) is not more than 20 %
  assert.equal(evaluateAlert(rel, 1.2001, 1).fired, true);
  assert.equal(evaluateAlert(rel, 1.15, -1).fired, true); // 215 %
  assert.equal(evaluateAlert(rel, 1e-9, 0).fired, true);
  assert.equal(evaluateAlert(rel, 0, 0).fired, false);
  assert.equal(evaluateAlert(rel, -1.25, -1).reason, "oosSharpe moved by 25.00% (-1 → -1.25); limit ±20%");
});

Deno.test("evaluateAlert() a metric that becomes undefined or infinite is a change; equal non-finite values are not", () => {
  const cases: [number, number, boolean, number | null][] = [
    [NaN, 1, true, null],
    [1, NaN, true, null],
    [NaN, NaN, false, 0],
    [Infinity, 2, true, null],
    [Infinity, Infinity, false, 0],
    [-Infinity, Infinity, true, null],
  ];
  for (const [c, p, fired, change] of cases) {
    const o = evaluateAlert(abs, c, p);
    assert.deepEqual([o.fired, o.change], [fired, change], `${p} → ${c}`);
  }
  assert.equal(evaluateAlert(abs, NaN, 1).reason, "oosSharpe went from 1 to undefined");
  assert.equal(evaluateAlert(abs, NaN, NaN).reason, "oosSharpe unchanged (undefined)");
});

Deno.test("evaluateAlert() thresholds need no baseline and an undefined value never crosses one", () => {
  const below = { study: "bt", metric: "sharpe", below: 0 } as const;
  const above = { study: "bt", metric: "maxDrawdown", above: -0.1 } as const;
  assert.deepEqual([evaluateAlert(below, -0.01, null).fired, evaluateAlert(below, 0, null).fired], [true, false]);
  assert.deepEqual([evaluateAlert(above, -0.05, null).fired, evaluateAlert(above, -0.1, null).fired], [true, false]);
  const nan = evaluateAlert(below, NaN, 1);
  assert.deepEqual([nan.fired, nan.reason], [false, "sharpe is undefined, so it is not below 0"]);
  // with a previous value the report still shows the change
  assert.equal(evaluateAlert(below, -0.5, 0.25).change, -0.75);
  assert.equal(evaluateAlert(below, -0.5, null).change, null);
});

Deno.test("evaluateAlert() a change rule without a previous run reports no baseline and does not fire", () => {
  const o = evaluateAlert(rel, 5, null);
  assert.deepEqual([o.fired, o.previous, o.change, o.rule], [false, null, null, "change.rel > 0.2"]);
});
