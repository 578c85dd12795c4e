/**
 * Instruments end to end, against hand-worked numbers: P&L with a multiplier,
 * tick rounding of orders and fills, FX conversion at the rate known at each
 * time, lot size, margin denial and margin calls, and bad input.
 */
import assert from "node:assert/strict";
import { z } from "zod";
import { type BarRow, defineStrategy, frameFromRows, parseConfig, runBacktest } from "../../mod.ts";
import { ConfigError, DataError } from "../errors.ts";
import { roundToTick, TICK_DOWN, TICK_UP } from "./tick.ts";

const DAY = 86_400_000;

/** Daily bars of `symbol`: [open, high, low, close] per day from day 0. */
function bars(symbol: string, ohlc: number[][], fromDay = 0): BarRow[] {
  return ohlc.map(([open, high, low, close], i) => ({
    symbol,
    tsMs: (fromDay + i) * DAY,
    open: open!,
    high: high!,
    low: low!,
    close: close!,
  }));
}

const Step = z.strictObject({
  at: z.number().int(),
  symbol: z.string().optional(),
  kind: z.enum(["buy", "sell", "close"]),
  qty: z.number().optional(),
  limit: z.number().optional(),
});

/** Emits the listed orders at the close of the listed bars of the symbol (by index). */
const scripted = defineStrategy({
  name: "scripted",
  params: z.strictObject({ steps: z.array(Step) }),
  create(p) {
    return {
      onBar(ctx) {
        for (const s of p.steps) {
          if (s.at !== ctx.index || (s.symbol !== undefined && s.symbol !== ctx.symbols[ctx.symbol])) continue;
          const opts = s.limit === undefined ? undefined : { type: "limit" as const, limitPrice: s.limit };
          if (s.kind === "close") ctx.close();
          else if (s.kind === "buy") ctx.buy(s.qty, opts);
          else ctx.sell(s.qty, opts);
        }
      },
    };
  },
});

function config(steps: z.input<typeof Step>[], extra: Record<string, unknown> = {}, capital = 100_000) {
  return parseConfig({
    name: "t",
    data: { source: "unused.csv" },
    capital,
    strategy: { use: scripted, params: { steps } },
    risk: { sizing: { kind: "fixedQty", qty: 1 }, limits: { account: { kind: "margin" } } },
    ...extra,
  }, { file: "inline" });
}

const ES = { ES: { multiplier: 50, tickSize: 0.25 } };

Deno.test("roundToTick() rounds down and up to the grid, leaves on-grid prices alone", () => {
  assert.equal(roundToTick(4001.1, 0.25, TICK_UP), 4001.25);
  assert.equal(roundToTick(4001.1, 0.25, TICK_DOWN), 4001);
  assert.equal(roundToTick(4001.25, 0.25, TICK_UP), 4001.25);
  assert.equal(roundToTick(1.12345, 0.0001, TICK_DOWN), 1.1234);
  assert.equal(roundToTick(0.3, 0.1, TICK_UP), 0.3); // 0.3 / 0.1 = 2.9999999999999996 is on the grid
});

Deno.test("a future's P&L, cash and equity are qty × price × multiplier; fills round to the tick against the trader", () => {
  const frame = frameFromRows(
    bars("ES", [[4000, 4000, 4000, 4000], [4001.1, 4006, 4000, 4005], [4006, 4012, 4004, 4010], [
      4010.6,
      4011,
      4009,
      4010,
    ]]),
    DAY,
  );
  const r = runBacktest(
    config([{ at: 0, kind: "buy", qty: 2 }, { at: 2, kind: "close" }], { instruments: { symbols: ES } }),
    frame,
  );
  // buy 2 at day 1's open 4001.1 → 4001.25 (a buy rounds up); sell at day 3's open 4010.6 → 4010.5 (down)
  assert.deepEqual(r.fills.map((f) => f.price), [4001.25, 4010.5]);
  // day 1's close 4005: equity = 100,000 + (4005 − 4001.25) × 2 × 50 = 100,375; cash paid 2 × 4001.25 × 50
  assert.equal(r.equity.equity[1], 100_375);
  assert.equal(r.equity.cash[1], 100_000 - 400_125);
  // round trip: (4010.5 − 4001.25) × 2 × 50 = 925
  assert.equal(r.trades[0]!.pnl, 925);
  assert.equal(r.summary.finalEquity, 100_925);
  assert.equal(r.summary.finalCash, 100_925);
});

Deno.test("limit levels round to the tick, never more aggressive than asked: buy down, sell up", () => {
  const frame = frameFromRows(
    bars("ES", [[4000, 4000, 4000, 4000], [4003, 4004, 3999, 4002], [4008, 4012, 4006, 4011], [
      4011,
      4012,
      4010,
      4011,
    ]]),
    DAY,
  );
  const r = runBacktest(
    config([{ at: 0, kind: "buy", qty: 1, limit: 4000.1 }, { at: 1, kind: "sell", qty: 1, limit: 4010.1 }], {
      instruments: { symbols: ES },
    }),
    frame,
  );
  // the buy limit 4000.1 becomes 4000 (day 1's low 3999 reaches it); the sell limit 4010.1 becomes 4010.25
  assert.deepEqual(r.fills.map((f) => [f.side, f.price]), [["buy", 4000], ["sell", 4010.25]]);
  assert.equal(r.trades[0]!.pnl, 10.25 * 50);
});

Deno.test("FX: a fill converts at the last rate known at its bar's start; a later rate moves the mark, not the fill", () => {
  // EUA is quoted in EUR; EURUSD closes 1.10 on day 0 (known at day 1's start), 1.20 on day 1, 1.30 on day 2
  const frame = frameFromRows(
    bars("EUA", [[100, 100, 100, 100], [100, 100, 100, 100], [100, 100, 100, 100], [100, 100, 100, 100]]),
    DAY,
  );
  const fx = frameFromRows(
    bars("EURUSD", [[1.1, 1.1, 1.1, 1.1], [1.2, 1.2, 1.2, 1.2], [1.3, 1.3, 1.3, 1.3], [1.3, 1.3, 1.3, 1.3]]),
    DAY,
  );
  const c = config([{ at: 0, kind: "buy", qty: 10 }, { at: 1, kind: "close" }], {
    instruments: { symbols: { EUA: { currency: "EUR" } }, fx: { source: "unused.csv" } },
  });
  const r = runBacktest(c, frame, { fx });
  // day 1's open: 10 × 100 EUR × 1.10 = 1,100 USD, whatever the rate does after
  assert.equal(r.equity.cash[1], 100_000 - 1_100);
  // day 1's close converts at day 1's close 1.20: 98,900 + 10 × 100 × 1.20
  assert.equal(r.equity.equity[1], 98_900 + 1_200);
  // the sale at day 2's open converts at 1.20 (day 1's close; day 2's 1.30 is not known yet): P&L 1,200 − 1,100
  const near = (x: number, y: number) => Math.abs(x - y) < 1e-9;
  assert.ok(near(r.trades[0]!.pnl, 100), String(r.trades[0]!.pnl));
  assert.ok(near(r.summary.finalCash, 100_100), String(r.summary.finalCash));
  // prices in the records stay in EUR
  assert.deepEqual(r.fills.map((f) => f.price), [100, 100]);
});

Deno.test("FX: a missing series, a series that starts too late, an unknown symbol are errors naming the field", () => {
  const frame = frameFromRows(bars("EUA", [[100, 100, 100, 100], [100, 100, 100, 100]], 5), DAY);
  const late = frameFromRows(bars("EURUSD", [[1.1, 1.1, 1.1, 1.1]], 6), DAY);
  const c = (instruments: unknown) => config([], { instruments });
  assert.throws(
    () => runBacktest(c({ symbols: { EUA: { currency: "EUR" } } }), frame),
    (e: unknown) =>
      e instanceof ConfigError && /instruments\.symbols\.EUA\.currency/.test(e.message) && /EURUSD/.test(e.message),
  );
  assert.throws(
    () => runBacktest(c({ symbols: { EUA: { currency: "EUR" } }, fx: { source: "x.csv" } }), frame, { fx: late }),
    (e: unknown) => e instanceof DataError && /does not cover the run/.test(e.message) && /EURUSD/.test(e.message),
  );
  assert.throws(
    () => runBacktest(c({ symbols: { XYZ: { multiplier: 2 } } }), frame),
    (e: unknown) => e instanceof ConfigError && /instruments\.symbols\.XYZ/.test(e.message),
  );
});

Deno.test("bad instrument terms are config errors at their path", () => {
  const bad = (symbols: unknown) => () => config([], { instruments: { symbols } });
  assert.throws(
    bad({ ES: { multiplier: 0 } }),
    (e: unknown) => e instanceof ConfigError && /multiplier/.test(e.message),
  );
  assert.throws(
    bad({ ES: { margin: { initial: 10, maintenance: 11 } } }),
    (e: unknown) => e instanceof ConfigError && /maintenance/.test(e.message),
  );
  assert.throws(
    bad({ ES: { currency: "usd" } }),
    (e: unknown) => e instanceof ConfigError && /currency/.test(e.message),
  );
});

Deno.test("an empty instruments section changes nothing", () => {
  const rows: BarRow[] = [];
  for (let i = 0; i < 60; i++) rows.push(...bars("A", [[100 + (i % 7), 110, 90, 101 + (i % 5)]], i));
  const frame = frameFromRows(rows, DAY);
  const steps = [{ at: 3, kind: "buy" as const, qty: 7 }, { at: 20, kind: "close" as const }, {
    at: 30,
    kind: "sell" as const,
    qty: 3,
  }];
  const a = runBacktest(config(steps, { execution: { commission: { kind: "percent", rate: 0.001 } } }), frame);
  const b = runBacktest(
    config(steps, { execution: { commission: { kind: "percent", rate: 0.001 } }, instruments: {} }),
    frame,
  );
  assert.deepEqual([...b.equity.equity], [...a.equity.equity]);
  assert.deepEqual(b.trades, a.trades);
});

Deno.test("lot size: an opening is cut to whole lots of the instrument (after risk.sizing.lotSize), under one lot is denied", () => {
  const frame = frameFromRows(bars("A", [[10, 10, 10, 10], [10, 10, 10, 10], [10, 10, 10, 10], [10, 10, 10, 10]]), DAY);
  const r = runBacktest(
    config([{ at: 0, kind: "buy", qty: 250 }, { at: 1, kind: "buy", qty: 50 }], {
      instruments: { symbols: { A: { lotSize: 100 } } },
    }),
    frame,
  );
  assert.deepEqual(r.resizes.map((x) => [x.rule, x.originalQty, x.finalQty]), [["lot-size", 250, 200]]);
  assert.deepEqual(r.denials.map((d) => d.rule), ["lot-size"]);
  assert.equal(r.fills[0]!.qty, 200);
});

Deno.test("margin: an order whose initial margin exceeds equity is denied; a breach of maintenance liquidates", () => {
  // ES × 50, initial 10,000, maintenance 8,000 per contract, equity 20,000: 3 contracts need 30,000
  const frame = frameFromRows(
    bars("ES", [[4000, 4000, 4000, 4000], [4000, 4000, 3950, 3950], [3940, 3945, 3935, 3940], [
      3940,
      3940,
      3940,
      3940,
    ]]),
    DAY,
  );
  const instruments = { symbols: { ES: { multiplier: 50, margin: { initial: 10_000, maintenance: 8_000 } } } };
  const r = runBacktest(
    config([{ at: 0, kind: "buy", qty: 3 }, { at: 0, kind: "buy", qty: 2 }], { instruments }, 20_000),
    frame,
  );
  assert.equal(r.denials[0]!.rule, "margin");
  // 2 at 4000; day 1's close 3950: equity 20,000 − 50 × 2 × 50 = 15,000 < 2 × 8,000: a margin call, closed at day 2's open
  assert.equal(r.breakerEvents.length, 1);
  const e = r.breakerEvents[0]!;
  assert.equal(e.breaker, "margin-call");
  assert.equal(e.tsMs, DAY);
  assert.deepEqual(e.values, { equity: 15_000, maintenanceMargin: 16_000 });
  assert.deepEqual(e.flattened.map((f) => [f.symbol, f.qty]), [["ES", -2]]);
  // sold at day 2's open 3940: (3940 − 4000) × 2 × 50 = −6,000
  assert.equal(r.trades[0]!.pnl, -6_000);
  assert.equal(r.summary.finalEquity, 14_000);
});

Deno.test("margin call with denyNewRisk: openings are denied by margin-call while equity is below maintenance", () => {
  const frame = frameFromRows(
    bars("ES", [[4000, 4000, 4000, 4000], [4000, 4000, 3950, 3950], [3950, 3950, 3950, 3950], [
      3950,
      3950,
      3950,
      3950,
    ]]),
    DAY,
  );
  const instruments = {
    symbols: { ES: { multiplier: 50, margin: { initial: 10_000, maintenance: 8_000 } } },
    account: { marginCall: "denyNewRisk" },
  };
  const r = runBacktest(
    config([{ at: 0, kind: "buy", qty: 2 }, { at: 1, kind: "buy", qty: 1 }], { instruments }, 20_000),
    frame,
  );
  assert.equal(r.breakerEvents[0]!.breaker, "margin-call");
  assert.deepEqual(r.breakerEvents[0]!.flattened, []);
  assert.deepEqual(r.denials.map((d) => d.rule), ["margin-call"]);
  assert.equal(r.openPositions[0]!.qty, 2);
});

Deno.test("ATR sizing risks equity × fraction in the base currency: the ATR is valued by the multiplier", () => {
  // every bar's true range is 4 points: ATR(3) = 4 from bar 3; 2 × 4 × 50 = 400 USD per contract at risk
  const rows = bars("ES", Array.from({ length: 6 }, () => [100, 102, 98, 100]));
  const frame = frameFromRows(rows, DAY);
  const c = parseConfig({
    name: "t",
    data: { source: "unused.csv" },
    capital: 100_000,
    strategy: { use: scripted, params: { steps: [{ at: 3, kind: "buy" }] } },
    risk: {
      sizing: { kind: "atrVolatility", riskFraction: 0.01, atrPeriod: 3, atrMultiple: 2 },
      limits: { account: { kind: "margin" } },
    },
    instruments: { symbols: { ES: { multiplier: 50 } } },
  }, { file: "inline" });
  const r = runBacktest(c, frame);
  assert.equal(r.fills[0]!.qty, 2); // 1,000 ÷ 400 = 2.5 → 2
});

Deno.test("lot size with risk.sizing.lotSize: sizing floors to its lot first, then the order to the instrument's lot", () => {
  // percentEquity 0.29 × 100,000 ÷ 100 = 290 → sizing lots of 30: 270 → instrument lots of 100: 200
  const frame = frameFromRows(bars("A", [[100, 100, 100, 100], [100, 100, 100, 100], [100, 100, 100, 100]]), DAY);
  const c = parseConfig({
    name: "t",
    data: { source: "unused.csv" },
    capital: 100_000,
    strategy: { use: scripted, params: { steps: [{ at: 0, kind: "buy" }] } },
    risk: { sizing: { kind: "percentEquity", fraction: 0.29, lotSize: 30 } },
    instruments: { symbols: { A: { lotSize: 100 } } },
  }, { file: "inline" });
  const r = runBacktest(c, frame);
  assert.deepEqual(r.resizes.map((x) => [x.rule, x.originalQty, x.finalQty]), [["lot-size", 270, 200]]);
  assert.equal(r.fills[0]!.qty, 200);
});

Deno.test("close at end: a position still open is closed at the last close rounded to the tick against the trader", () => {
  const frame = frameFromRows(
    bars("ES", [[4000, 4000, 4000, 4000], [4000, 4001, 3999, 4000], [4000, 4001, 3999, 4000.3]]),
    DAY,
  );
  const r = runBacktest(
    config([{ at: 0, kind: "buy", qty: 1 }], { instruments: { symbols: ES }, execution: { closeAtEnd: true } }),
    frame,
  );
  // the long is sold at the last close 4000.3 → 4000.25: (4000.25 − 4000) × 50
  assert.deepEqual(r.fills.map((f) => [f.side, f.price, f.reason]), [["buy", 4000, "open"], [
    "sell",
    4000.25,
    "closeAtEnd",
  ]]);
  assert.equal(r.trades[0]!.pnl, 12.5);
});
