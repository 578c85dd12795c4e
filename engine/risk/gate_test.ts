import assert from "node:assert/strict";
import { RiskConfigSchema } from "./config.ts";
import { createRiskGate, type Intent, type RiskState } from "./gate.ts";

const DAY = 86_400_000;

function gateOf(risk: unknown, symbols = ["A", "B"]) {
  return createRiskGate(RiskConfigSchema.parse(risk), { symbols });
}

function stateOf(p: Partial<RiskState> & { pos?: number[]; pend?: number[]; px?: number[] } = {}): RiskState {
  const pos = Float64Array.from(p.pos ?? [0, 0]);
  const pend = Float64Array.from(p.pend ?? [0, 0]);
  const marks = Float64Array.from(p.px ?? [10, 20]);
  return {
    symbol: 0,
    index: 50,
    tsMs: 0,
    closeMs: DAY,
    refPrice: marks[p.symbol ?? 0]!,
    equity: 10_000,
    cash: 10_000,
    positions: pos,
    pending: pend,
    marks,
    ...p,
  };
}

const buy = (qty = NaN): Intent => ({ kind: "buy", qty });
const sell = (qty = NaN): Intent => ({ kind: "sell", qty });
const fixed = { kind: "fixedQty", qty: 10 };

Deno.test("gate: buy/sell are sized, target and close move the exposure (orders in flight included)", () => {
  const g = gateOf({ sizing: fixed });
  assert.equal(g.evaluate(buy(), stateOf()).qty, 10);
  assert.equal(g.evaluate(sell(), stateOf()).qty, -10);
  assert.equal(g.evaluate(buy(3), stateOf()).qty, 3);
  assert.equal(g.evaluate({ kind: "target", qty: 25 }, stateOf({ pos: [10, 0], pend: [5, 0] })).qty, 10);
  assert.equal(g.evaluate({ kind: "close", qty: 0 }, stateOf({ pos: [10, 0], pend: [5, 0] })).qty, -15);
  const none = g.evaluate({ kind: "close", qty: 0 }, stateOf());
  assert.deepEqual([none.accepted, none.qty], [true, 0]);
});

Deno.test("gate: a sizing failure is a denial by rule, never an exception", () => {
  const g = gateOf({ sizing: { kind: "percentEquity", fraction: 0.0001 } }); // 1 ÷ 10 → 0 units
  const d = g.evaluate(buy(), stateOf());
  assert.deepEqual([d.accepted, d.rule], [false, "sizing"]);
  assert.match(d.detail, /under one lot of 1/);
  assert.ok(Number.isNaN(d.requestedQty));
});

Deno.test("gate: risk-reducing orders pass every breaker, cooldown and limit", () => {
  const g = gateOf({
    sizing: fixed,
    limits: { maxPositions: 1, perSymbol: { maxQty: 10 }, grossExposure: 0.01 },
    breakers: { maxDrawdownStop: { percent: 0.1 }, dailyLossLimit: { amount: 1 } },
    cooldown: { bars: 100 },
  });
  g.onMark(0, 10_000, NaN);
  g.onMark(DAY / 2, 5_000, 10_000); // both breakers trip
  g.onExit(0, 50, 0, -1); // and A is cooling down
  assert.equal(g.breakers.halted && g.breakers.dayTripped, true);
  const st = stateOf({ pos: [-300, 0], equity: 5_000 });
  const cover = g.evaluate(buy(100), st);
  assert.deepEqual([cover.accepted, cover.qty, cover.reducing], [true, 100, true]);
  const close = g.evaluate({ kind: "close", qty: 0 }, st);
  assert.deepEqual([close.accepted, close.qty], [true, 300]);
  // an entry is denied by the drawdown stop, the first breaker
  const entry = g.evaluate(buy(), stateOf({ equity: 5_000, symbol: 1, refPrice: 20 }));
  assert.deepEqual([entry.accepted, entry.rule], [false, "max-drawdown"]);
  assert.match(entry.detail, /rest of the run/);
  // a reversal is cut to its reducing part, and says why
  const rev = g.evaluate({ kind: "target", qty: 50 }, st);
  assert.deepEqual([rev.accepted, rev.qty, rev.requestedQty, rev.rule], [true, 300, 350, "max-drawdown"]);
});

Deno.test("gate: breakers in order: the daily loss limit denies entries until the next day", () => {
  const g = gateOf({ sizing: fixed, breakers: { dailyLossLimit: { percent: 0.01 } } });
  g.onMark(0, 10_000, NaN);
  g.onMark(DAY, 10_000, 10_000);
  g.onMark(DAY + 1, 9_899, 10_000);
  const d = g.evaluate(buy(), stateOf());
  assert.deepEqual([d.accepted, d.rule], [false, "daily-loss"]);
  g.onMark(2 * DAY, 9_899, 9_899);
  assert.equal(g.evaluate(buy(), stateOf()).accepted, true);
});

Deno.test("gate: cooldown denies entries, not exits", () => {
  const g = gateOf({ sizing: fixed, cooldown: { bars: 2 } });
  g.onExit(0, 50, 0, 5);
  const d = g.evaluate(buy(), stateOf({ index: 51 }));
  assert.deepEqual([d.accepted, d.rule], [false, "cooldown"]);
  assert.equal(g.evaluate(buy(), stateOf({ index: 52 })).accepted, true);
  assert.equal(g.evaluate(buy(), stateOf({ index: 51, symbol: 1, refPrice: 20 })).accepted, true, "other symbol");
});

Deno.test("gate: deny mode rejects a whole reversal, clip mode keeps its closing part", () => {
  const st = stateOf({ pos: [40, 0] });
  const deny = gateOf({ sizing: fixed, limits: { allowShort: false } }).evaluate(sell(100), st);
  assert.deepEqual([deny.accepted, deny.rule], [false, "allow-short"]);
  const clip = gateOf({ sizing: fixed, limits: { allowShort: { allow: false, mode: "clip" } } }).evaluate(
    sell(100),
    st,
  );
  assert.deepEqual([clip.accepted, clip.qty, clip.requestedQty, clip.rule], [true, -40, -100, "allow-short"]);
  // a clip keeps the reducing part and adds what fits beyond it
  const part = gateOf({ sizing: fixed, limits: { perSymbol: { maxQty: { max: 25, mode: "clip" } } } }).evaluate(
    sell(100),
    st,
  );
  assert.deepEqual([part.qty, part.rule], [-65, "symbol-max-qty"]);
});

Deno.test("gate: the decision object is reused: no allocation per accepted order", () => {
  const g = gateOf({ sizing: fixed, limits: { grossExposure: 2 } });
  const a = g.evaluate(buy(), stateOf());
  const b = g.evaluate(sell(), stateOf());
  assert.equal(a, b);
});
