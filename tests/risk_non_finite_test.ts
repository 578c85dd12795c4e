/**
 * Non-finite and absurd numbers from a strategy or from sizing never reach a
 * fill: an order the strategy writes with one is a StrategyError naming the
 * field and the value; a quantity computed beyond the engine's range (sizing,
 * a weight on a tiny price) is denied by the rule `non-finite`; a fill whose
 * price or fee is not a finite number is refused by `non-finite`.
 */
import assert from "node:assert/strict";
import { z } from "zod";
import {
  type BacktestResult,
  type BarRow,
  defineStrategy,
  frameFromRows,
  parseConfig,
  runBacktest,
  StrategyError,
} from "../mod.ts";
import { ExecutionConfigSchema } from "../engine/execution/config.ts";
import { createFillSimulator, executionModels, type FillSink } from "../engine/execution/simulator.ts";
import type { Strategy } from "../engine/strategy/types.ts";

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);
const day = (i: number) => T0 + i * DAY;

const bars = (prices: [number, number][]): BarRow[] =>
  prices.map(([open, close], i) => ({
    symbol: "A",
    tsMs: day(i),
    open,
    high: Math.max(open, close),
    low: Math.min(open, close),
    close,
    volume: 1_000_000,
  }));

function run(strategy: Strategy, rows: BarRow[], risk: unknown, capital = 1000): BacktestResult {
  const use = defineStrategy({ name: "probe", params: z.strictObject({}), create: () => strategy });
  const config = parseConfig(
    { name: "probe", data: { source: "unused.csv" }, capital, strategy: { use, params: {} }, risk },
    { file: "inline" },
  );
  return runBacktest(config, frameFromRows(rows, DAY));
}

const FLAT: [number, number][] = [[10, 10], [10, 10], [10, 10]];

const margin = { sizing: { kind: "fixedQty", qty: 1 }, limits: { account: { kind: "margin" } } };

/** Every fill, equity point and summary number of a run is finite. */
function assertFinite(r: BacktestResult): void {
  for (const f of r.fills) assert.ok(Number.isFinite(f.qty) && Number.isFinite(f.price) && Number.isFinite(f.fee));
  for (const e of r.equity.equity) assert.ok(Number.isFinite(e), `equity ${e}`);
  for (const [k, v] of Object.entries(r.summary)) assert.ok(Number.isFinite(v), `summary.${k} is ${v}`);
}

Deno.test("non-finite: absurd order numbers a strategy writes are a StrategyError naming the field and value", () => {
  const fails = (hook: NonNullable<Strategy["onBar"]>, re: RegExp) =>
    assert.throws(
      () => run({ onBar: hook }, bars(FLAT), margin),
      (e) => e instanceof StrategyError && re.test(e.message),
    );
  // a limit price of 1e308: finite, but no price (the data loader takes prices in [1e-12, 1e12])
  fails(
    (ctx) => ctx.buy(1, { type: "limit", limitPrice: 1e308 }),
    /emitted buy\(1\) with a bad order: limitPrice: expected a price between 1e-12 and 1e12, found 1e\+308/,
  );
  fails(
    (ctx) => ctx.sell(1, { type: "stop", stopPrice: 1e-300 }),
    /stopPrice: expected a price between 1e-12 and 1e12, found 1e-300/,
  );
  // a user indicator's NaN used as a stop
  fails((ctx) => ctx.sell(1, { type: "stop", stopPrice: NaN }), /stopPrice: expected a price.*found NaN/);
  fails((ctx) => ctx.buy(1, { stopLoss: NaN }), /stopLoss: expected a price.*found NaN/);
  // quantities from a user's division
  fails((ctx) => ctx.buy(1 / 0), /emitted buy\(Infinity\): the quantity must be a finite number > 0/);
  fails((ctx) => ctx.sell(0 / 0), /emitted sell\(NaN\): the quantity must be a finite number > 0/);
  fails((ctx) => ctx.buy(1e300), /emitted buy\(1e\+300\): the quantity must be .*at most 1e\+18/);
  fails(
    (ctx) => ctx.target(-1e300),
    /emitted target\(-1e\+300\): the target must be a finite number of at most 1e\+18/,
  );
});

Deno.test("non-finite: a weight that sizes an infinite position is denied by non-finite, never filled", () => {
  // a margin account has no gross weight cap: 1e307 × equity / price overflows to Infinity
  const r = run({ onBar: (ctx) => ctx.index === 0 && ctx.targetPercent("A", 1e307) }, bars(FLAT), margin);
  assert.deepEqual(r.fills, []);
  assert.deepEqual(r.denials.map((d) => [d.rule, d.intent]), [[
    "non-finite",
    "targetPercent 1e+307 (target Infinity)",
  ]]);
  assert.match(r.denials[0]!.detail, /quantity Infinity is not a finite number of at most 1e\+18/);
  assertFinite(r);
});

Deno.test("non-finite: sizing or a weight on a tiny price beyond the largest quantity is denied, not filled", () => {
  // 1e9 × 1 / 1e-11 = 1e20 shares: more than any bar's volume may hold
  const r = run({ onBar: (ctx) => ctx.index === 0 && ctx.buy() }, bars([[1e-11, 1e-11], [1e-11, 1e-11]]), {
    sizing: { kind: "percentEquity", fraction: 1 },
  }, 1e9);
  assert.deepEqual(r.fills, []);
  assert.deepEqual(r.denials.map((d) => d.rule), ["non-finite"]);
  assertFinite(r);
  // targetPercent on the same tiny price: 0.5 × 1e9 / 1e-11 = 5e19
  const t = run(
    { onBar: (ctx) => ctx.index === 0 && ctx.targetPercent("A", 0.5) },
    bars([[1e-11, 1e-11], [1e-11, 1e-11]]),
    {
      sizing: { kind: "fixedQty", qty: 1 },
    },
    1e9,
  );
  assert.deepEqual(t.fills, []);
  assert.deepEqual(t.denials.map((d) => [d.rule, d.intent]), [[
    "non-finite",
    "targetPercent 0.5 (target 50000000000000000000)",
  ]]);
  assertFinite(t);
});

Deno.test("non-finite: a fill priced at NaN by a model is refused by non-finite and ends the order", () => {
  const frame = frameFromRows(bars(FLAT), DAY);
  const base = executionModels(ExecutionConfigSchema.parse({}), { frame, seed: 1 });
  const models = { ...base, slippage: { slippage: () => NaN } };
  const qty = new Float64Array(1), mark = new Float64Array(1);
  const sim = createFillSimulator(frame, models, { qty, mark });
  sim.submit(0, 5, day(1));
  const fills: number[] = [], refused: unknown[] = [];
  const sink: FillSink = {
    fill: (_id, _s, q) => void fills.push(q),
    cost: () => {},
    refuse: (id, s, t, rule, asked, filled) => void refused.push([id, s, t, rule, asked, filled]),
  };
  sim.onBarOpen(0, 1, sink);
  sim.onBarOpen(0, 2, sink);
  assert.deepEqual(fills, []);
  assert.deepEqual(refused, [[0, 0, day(1), "non-finite", 5, 0]]);
  assert.deepEqual(sim.unfilled().map((u) => [u.status, u.reason]), [
    ["cancelled", "non-finite: its fill price, cost or fee was not a finite number"],
  ]);
  assert.equal(sim.pendingQty[0], 0);
});
