/**
 * The risk engine inside the backtest loop, one hand-worked case per rule.
 * Bars are made by `bars()`: each bar opens at the previous close, so a
 * market order placed at bar i's close fills at bar i's close price, at the
 * open of bar i + 1. Every expected number is worked out in the comments.
 */
import assert from "node:assert/strict";
import { type BarContext, indicators } from "../mod.ts";
import { bars, DAY, near, run, T0 } from "./_risk.ts";

/** Run `steps[i]` at bar i of the symbol named in the key (`"A"` or `"A@3"` style is not needed: one map per symbol). */
function script(steps: Record<string, Record<number, (ctx: BarContext) => void>>) {
  return (ctx: BarContext) => steps[ctx.symbolName]?.[ctx.index]?.(ctx);
}

// ------------------------------------------------------------------ sizing

Deno.test("sizing fixedQty: buy() without a quantity buys the fixed size", () => {
  const { result } = run({
    risk: { sizing: { kind: "fixedQty", qty: 7 } },
    rows: bars("A", [10, 11, 12]),
    onBar: script({ A: { 0: (c) => c.buy() } }),
  });
  assert.deepEqual(result.fills.map((f) => [f.side, f.qty, f.price]), [["buy", 7, 10]]);
});

Deno.test("sizing percentEquity: fraction × mark-to-market equity ÷ signal close, in lots", () => {
  // capital 10,000, fraction 0.25, lots of 5
  // bar 0: 10,000 × 0.25 ÷ 40 = 62.5 → 60; fills at bar 1's open 40: cash 7,600
  // bar 2: equity 7,600 + 60 × 44 = 10,240; 10,240 × 0.25 ÷ 44 = 58.18 → 55
  const { result } = run({
    risk: { sizing: { kind: "percentEquity", fraction: 0.25, lotSize: 5 } },
    rows: bars("A", [40, 42, 44, 50]),
    onBar: script({ A: { 0: (c) => c.buy(), 2: (c) => c.buy() } }),
  });
  assert.deepEqual(result.fills.map((f) => [f.qty, f.price]), [[60, 40], [55, 44]]);
});

Deno.test("sizing atrVolatility: the ATR is the strategies' own, value for value; atr-warmup until it is defined", () => {
  // highs and lows that move, so the ATR is not a constant
  const closes = [50, 52, 51, 55, 54, 53, 57, 60, 58, 59];
  const rows = bars("A", closes, DAY, 1).map((r, i) => ({ ...r, high: r.high + (i % 3) * 0.5 }));
  const seenAtr: number[] = [];
  let cacheAtr: Float64Array | undefined;
  let atrSeries: { at(lag?: number): number } | undefined;
  const { result, decisions } = run({
    risk: {
      sizing: { kind: "atrVolatility", riskFraction: 0.01, atrPeriod: 4, atrMultiple: 2 },
      limits: { account: { kind: "margin" } },
    },
    rows,
    capital: 100_000,
    setup: (setup) => (atrSeries = setup.indicators(0).atr(4)),
    cache: (cache) => (cacheAtr = cache.series(indicators.atr, 0, { period: 4 })),
    onBar: (c) => {
      seenAtr.push(atrSeries!.at(0));
      c.buy();
    },
  });
  // ATR parity: the series a strategy reads is the cache's array the sizer reads, value for value
  assert.equal(seenAtr.length, closes.length);
  seenAtr.forEach((v, i) => assert.ok(Object.is(v, cacheAtr![i]), `bar ${i}: ${v} vs ${cacheAtr![i]}`));
  // bars 0..3 warm up: denied by atr-warmup
  assert.deepEqual(result.denials.map((d) => [d.tsMs, d.rule]), [0, 1, 2, 3].map((i) => [T0 + i * DAY, "atr-warmup"]));
  // from bar 4: floor(equity × 0.01 ÷ (2 × ATR)) with the strategy-side ATR and the equity at that close
  const sized = decisions.filter((d) => d.accepted);
  assert.equal(sized.length, 6);
  for (const d of sized) {
    assert.equal(d.qty, Math.floor((d.equity * 0.01) / (2 * seenAtr[d.index]!)), `bar ${d.index}`);
  }
  assert.equal(result.fills[0]!.qty, Math.floor(100_000 * 0.01 / (2 * seenAtr[4]!)));
});

// ------------------------------------------------------------------ limits, both modes

/**
 * The book every limit case starts from: equity 10,000 (flat prices, no
 * fees). A 300 long at 10 (3,000), B 100 short at 20 (2,000): gross 5,000,
 * net +1,000, long 3,000, short 2,000, two positions, cash 9,000. C trades
 * at 5 and is flat. At bar 1's close one probe order is sent.
 */
function limitCase(limits: unknown, probe: (ctx: BarContext) => void) {
  return run({
    risk: { sizing: { kind: "fixedQty", qty: 1 }, limits },
    rows: [...bars("A", [10, 10, 10]), ...bars("B", [20, 20, 20]), ...bars("C", [5, 5, 5])],
    onBar: script({
      A: { 0: (c) => c.buy(300), 1: (c) => probe(c) },
      B: { 0: (c) => c.sell(100) },
      C: { 1: (c) => probe(c) },
    }),
  });
}

interface LimitExpectation {
  readonly rule: string;
  readonly limits: Record<string, unknown>;
  readonly symbol: "A" | "B" | "C";
  readonly probe: (c: BarContext) => void;
  /** The order asked for, signed. */
  readonly asked: number;
  /** What clip mode lets through, signed (0: nothing fits, a denial in clip mode too). */
  readonly clipped: number;
}

const onSymbol = (sym: string, f: (c: BarContext) => void) => (c: BarContext) => {
  if (c.symbolName === sym) f(c);
};

const LIMIT_CASES: LimitExpectation[] = [
  // C would be a third position
  { rule: "max-positions", limits: { maxPositions: 2 }, symbol: "C", probe: (c) => c.buy(100), asked: 100, clipped: 0 },
  // selling 500 A from a 300 long would go 200 short: clip keeps the closing 300 (B stays shortable)
  {
    rule: "allow-short",
    limits: { allowShort: false, symbols: { B: { allowShort: true } } },
    symbol: "A",
    probe: (c) => c.sell(500),
    asked: -500,
    clipped: -300,
  },
  // 300 + 500 = 800 > 600: 300 fit
  {
    rule: "symbol-max-qty",
    limits: { perSymbol: { maxQty: 600 } },
    symbol: "A",
    probe: (c) => c.buy(500),
    asked: 500,
    clipped: 300,
  },
  // 6,000 ÷ 10 − 300 = 300
  {
    rule: "symbol-max-notional",
    limits: { perSymbol: { maxNotional: 6000 } },
    symbol: "A",
    probe: (c) => c.buy(500),
    asked: 500,
    clipped: 300,
  },
  // 0.5 × 10,000 ÷ 10 − 300 = 200
  {
    rule: "symbol-max-percent-equity",
    limits: { perSymbol: { maxPercentEquity: 0.5 } },
    symbol: "A",
    probe: (c) => c.buy(500),
    asked: 500,
    clipped: 200,
  },
  // (0.9 × 10,000 − 2,000 (B)) ÷ 10 − 300 = 400
  {
    rule: "gross-exposure",
    limits: { grossExposure: 0.9 },
    symbol: "A",
    probe: (c) => c.buy(500),
    asked: 500,
    clipped: 400,
  },
  // (0.4 × 10,000 − (−2,000)) ÷ 10 − 300 = 300
  {
    rule: "net-exposure",
    limits: { netExposure: 0.4 },
    symbol: "A",
    probe: (c) => c.buy(500),
    asked: 500,
    clipped: 300,
  },
  // (0.5 × 10,000 − 0) ÷ 10 − 300 = 200
  {
    rule: "long-exposure",
    limits: { longExposure: 0.5 },
    symbol: "A",
    probe: (c) => c.buy(500),
    asked: 500,
    clipped: 200,
  },
  // C short: 0.25 × 10,000 − 2,000 (B) = 500 of room at 5 = 100
  {
    rule: "short-exposure",
    limits: { shortExposure: 0.25 },
    symbol: "C",
    probe: (c) => c.sell(300),
    asked: -300,
    clipped: -100,
  },
];

for (const x of LIMIT_CASES) {
  for (const mode of ["deny", "clip"] as const) {
    Deno.test(`limit ${x.rule} in ${mode} mode: ${mode === "deny" ? "the order is denied" : x.clipped === 0 ? "nothing fits, denied" : `cut to ${x.clipped}`}`, () => {
      const { result } = limitCase({ account: { kind: "margin" }, mode, ...x.limits }, onSymbol(x.symbol, x.probe));
      const probeFills = result.fills.filter((f) => f.tsMs === T0 + 2 * DAY);
      if (mode === "deny" || x.clipped === 0) {
        assert.equal(result.denials.length, 1);
        const d = result.denials[0]!;
        assert.deepEqual([d.tsMs, d.symbol, d.rule], [T0 + DAY, x.symbol, x.rule]);
        assert.ok(d.detail.length > 0);
        assert.equal(result.resizes.length, 0);
        assert.equal(probeFills.length, 0);
      } else {
        assert.equal(result.denials.length, 0);
        assert.deepEqual(result.resizes.map((z) => [z.tsMs, z.symbol, z.rule, z.originalQty, z.finalQty]), [
          [T0 + DAY, x.symbol, x.rule, x.asked, x.clipped],
        ]);
        assert.deepEqual(probeFills.map((f) => (f.side === "buy" ? f.qty : -f.qty)), [x.clipped]);
      }
    });
  }
}

Deno.test("limit cash (cash account) in both modes: orders in flight and fees count", () => {
  // commission 1 %: bar 0 buys 300 A (3,030 with fee) and shorts 100 B (+2,000 − 20): cash 8,950 at bar 1
  // probe at bar 1: buy 1,000 A costs 10,100: denied; clip: 8,950 ÷ 10.1 = 886.1 → 886
  const execution = { commission: { kind: "percent", rate: 0.01 } };
  const go = (mode: "deny" | "clip") =>
    run({
      risk: { sizing: { kind: "fixedQty", qty: 1 }, limits: { account: { kind: "cash", mode } } },
      rows: [...bars("A", [10, 10, 10]), ...bars("B", [20, 20, 20])],
      execution,
      onBar: script({ A: { 0: (c) => c.buy(300), 1: (c) => c.buy(1000) }, B: { 0: (c) => c.sell(100) } }),
    }).result;
  const deny = go("deny");
  assert.deepEqual(deny.denials.map((d) => d.rule), ["cash"]);
  assert.match(
    deny.denials[0]!.detail,
    /cash after the order would be -1150 \(cash 8950, orders in flight 0, this order 10100\), floor 0/,
  );
  const clip = go("clip");
  assert.deepEqual(clip.resizes.map((z) => [z.rule, z.originalQty, z.finalQty]), [["cash", 1000, 886]]);
  const last = clip.equity.cash[clip.equity.cash.length - 1]!;
  near(last, 8950 - 886 * 10 * 1.01, "cash after the clipped buy");
  assert.ok(last >= 0);
});

Deno.test("limits count orders in flight: a second buy before the first fills sees it", () => {
  // maxQty 100 in clip mode; bar 0 emits buy(80) twice: the second sees 80 in flight → 20
  const { result } = run({
    risk: { sizing: { kind: "fixedQty", qty: 1 }, limits: { perSymbol: { maxQty: { max: 100, mode: "clip" } } } },
    rows: bars("A", [10, 10]),
    onBar: script({ A: { 0: (c) => (c.buy(80), c.buy(80)) } }),
  });
  assert.deepEqual(result.fills.map((f) => f.qty), [80, 20]);
  assert.deepEqual(result.resizes.map((z) => [z.originalQty, z.finalQty]), [[80, 20]]);
});

// ------------------------------------------------------------------ breakers

/** Four 6-hour bars a day from 2024-01-01; closes as given. */
const SIX_H = 6 * 3_600_000;
const intraday = (closes: number[]) => bars("A", closes, SIX_H);

Deno.test("daily loss limit (amount): trips, denies entries for the rest of the day, allows reductions, resets next day", () => {
  // capital 20,000; bar 0 buys 100 @ 100 (fills at bar 1's open 100)
  // bar 2 (12:00) closes at 97: equity 20,000 − 300: the loss 300 ≥ 250 trips
  const closes = [100, 100, 97, 96, 96, 97, 98, 99];
  const { result } = run({
    risk: { sizing: { kind: "fixedQty", qty: 10 }, breakers: { dailyLossLimit: { amount: 250 } } },
    capital: 20_000,
    rows: intraday(closes),
    intervalMs: SIX_H,
    onBar: script({
      A: {
        0: (c) => c.buy(100),
        2: (c) => c.buy(), // denied: tripped at this very close
        3: (c) => (c.sell(50), c.buy()), // the sale reduces risk: allowed; the buy is denied
        4: (c) => c.buy(), // a new UTC day: allowed
      },
    }),
  });
  assert.deepEqual(result.breakerEvents.map((e) => [e.tsMs, e.breaker, e.values]), [
    [T0 + 2 * SIX_H, "daily-loss", { startOfDayEquity: 20_000, equity: 19_700, loss: 300, limit: 250 }],
  ]);
  assert.deepEqual(result.denials.map((d) => [d.tsMs, d.rule]), [[T0 + 2 * SIX_H, "daily-loss"], [
    T0 + 3 * SIX_H,
    "daily-loss",
  ]]);
  assert.match(result.denials[0]!.detail, /until the next trading day \(2024-01-02T00:00:00.000Z\)/);
  // fills: buy 100 @ 100 (bar 1), sell 50 @ 96 (bar 4), buy 10 @ 96 (bar 5)
  assert.deepEqual(result.fills.map((f) => [f.tsMs, f.side, f.qty, f.price]), [
    [T0 + SIX_H, "buy", 100, 100],
    [T0 + 4 * SIX_H, "sell", 50, 96],
    [T0 + 5 * SIX_H, "buy", 10, 96],
  ]);
  assert.equal(result.summary.breakerTrips, 1);
});

Deno.test("daily loss limit (percent of start-of-day equity) uses the previous day's last equity", () => {
  // day 1 ends at 19,600 (100 × 96 + 10,000); day 2 limit 1.25 % × 19,600 = 245
  // day 2 closes 96, 94, 93.5: losses 0, 200, 250 → trips at bar 6
  const { result } = run({
    risk: { sizing: { kind: "fixedQty", qty: 10 }, breakers: { dailyLossLimit: { percent: 0.0125 } } },
    capital: 20_000,
    rows: intraday([100, 100, 99, 96, 96, 94, 93.5, 95]),
    intervalMs: SIX_H,
    onBar: script({ A: { 0: (c) => c.buy(100), 6: (c) => c.buy(), 7: (c) => c.buy() } }),
  });
  // day 1: loss 400 at bar 3 ≥ 250 (1.25 % of 20,000): trips too
  assert.deepEqual(
    result.breakerEvents.map((e) => [e.tsMs, e.values.startOfDayEquity, e.values.loss, e.values.limit]),
    [
      [T0 + 3 * SIX_H, 20_000, 400, 250],
      [T0 + 6 * SIX_H, 19_600, 250, 245],
    ],
  );
  assert.deepEqual(result.denials.map((d) => [d.tsMs, d.rule]), [[T0 + 6 * SIX_H, "daily-loss"], [
    T0 + 7 * SIX_H,
    "daily-loss",
  ]]);
});

Deno.test("daily loss limit with flatten closes every position through the normal order path", () => {
  const { result, decisions } = run({
    risk: { sizing: { kind: "fixedQty", qty: 10 }, breakers: { dailyLossLimit: { amount: 250, flatten: true } } },
    capital: 20_000,
    rows: [...intraday([100, 100, 97, 96, 95]), ...bars("B", [50, 50, 50, 50, 50], SIX_H)],
    intervalMs: SIX_H,
    onBar: script({ A: { 0: (c) => c.buy(100) }, B: { 0: (c) => c.sell(20) } }),
  });
  const e = result.breakerEvents[0]!;
  assert.equal(e.tsMs, T0 + 2 * SIX_H);
  // both positions closed: sell 100 A and buy 20 B, placed at bar 2's close, filled at bar 3's open
  assert.deepEqual(e.flattened.map((o) => [o.symbol, o.qty]), [["A", -100], ["B", 20]]);
  const closing = result.fills.filter((f) => e.flattened.some((o) => o.orderId === f.orderId));
  assert.deepEqual(closing.map((f) => [f.tsMs, f.symbol, f.side, f.qty, f.price]), [
    [T0 + 3 * SIX_H, "A", "sell", 100, 97],
    [T0 + 3 * SIX_H, "B", "buy", 20, 50],
  ]);
  // they passed the gate, as risk-reducing closes
  assert.deepEqual(decisions.filter((d) => d.tsMs === T0 + 2 * SIX_H).map((d) => [d.kind, d.accepted, d.reducing]), [
    ["close", true, true],
    ["close", true, true],
  ]);
  assert.equal(result.openPositions.length, 0);
});

Deno.test("max drawdown stop: trips from the peak, flattens, and halts entries for the rest of the run", () => {
  // capital 10,000; buy 100 @ 100; bar 1 closes 110: peak 11,000; bar 2 closes 98: drawdown 1,200 ÷ 11,000 = 10.9 % ≥ 10 %
  const { result } = run({
    risk: { sizing: { kind: "fixedQty", qty: 10 }, breakers: { maxDrawdownStop: { percent: 0.1, flatten: true } } },
    rows: bars("A", [100, 110, 98, 99, 100, 105]),
    onBar: script({ A: { 0: (c) => c.buy(100), 4: (c) => c.buy(), 5: (c) => c.buy() } }),
  });
  const e = result.breakerEvents[0]!;
  assert.equal(e.breaker, "max-drawdown");
  assert.equal(e.tsMs, T0 + 2 * DAY);
  assert.deepEqual([e.values.peakEquity, e.values.equity], [11_000, 9_800]);
  near(e.values.drawdown!, 1200 / 11_000, "drawdown");
  // flattened at bar 3's open, 98
  assert.deepEqual(result.fills.map((f) => [f.tsMs, f.side, f.qty, f.price]), [
    [T0 + DAY, "buy", 100, 100],
    [T0 + 3 * DAY, "sell", 100, 98],
  ]);
  // days later, still halted
  assert.deepEqual(result.denials.map((d) => [d.tsMs, d.rule]), [[T0 + 4 * DAY, "max-drawdown"], [
    T0 + 5 * DAY,
    "max-drawdown",
  ]]);
});

Deno.test("risk reduction is allowed while halted: reduce, close and a reversal cut to its closing part", () => {
  const { result } = run({
    risk: { sizing: { kind: "fixedQty", qty: 10 }, breakers: { maxDrawdownStop: { percent: 0.1 } } },
    rows: bars("A", [100, 110, 98, 99, 100, 105, 104]),
    onBar: script({
      A: {
        0: (c) => c.buy(100),
        3: (c) => c.sell(40), // reduces: allowed
        4: (c) => c.target(-60), // 60 long → 60 short: only the closing 60 goes
        5: (c) => c.sell(), // from flat: an entry, denied
      },
    }),
  });
  assert.deepEqual(result.fills.map((f) => [f.tsMs, f.side, f.qty]), [
    [T0 + DAY, "buy", 100],
    [T0 + 4 * DAY, "sell", 40],
    [T0 + 5 * DAY, "sell", 60],
  ]);
  assert.deepEqual(result.resizes.map((z) => [z.tsMs, z.rule, z.originalQty, z.finalQty]), [[
    T0 + 4 * DAY,
    "max-drawdown",
    -120,
    -60,
  ]]);
  assert.deepEqual(result.denials.map((d) => [d.tsMs, d.rule]), [[T0 + 5 * DAY, "max-drawdown"]]);
});

// ------------------------------------------------------------------ cooldown

/** Buy at bar 0, close at bar 2 (fills at bar 3's open), then try to buy at every later bar while flat. */
function cooldownCase(cooldown: unknown, closes = [10, 10, 10, 10, 10, 10, 10]) {
  return run({
    risk: { sizing: { kind: "fixedQty", qty: 10 }, cooldown },
    rows: bars("A", closes),
    onBar: (c) => {
      if (c.index === 0) c.buy();
      else if (c.index === 2) c.close();
      else if (c.index >= 3 && c.position() + c.pending() === 0) c.buy();
    },
  });
}

Deno.test("cooldown in bars: the exit bar and the next bars − 1 bars deny entries", () => {
  // exit fills at bar 3's open; bars: 2 blocks the closes of bars 3 and 4; bar 5 buys
  const { result } = cooldownCase({ bars: 2 });
  assert.deepEqual(result.denials.map((d) => [d.tsMs, d.rule]), [[T0 + 3 * DAY, "cooldown"], [
    T0 + 4 * DAY,
    "cooldown",
  ]]);
  assert.deepEqual(result.fills.map((f) => [f.tsMs, f.side]), [[T0 + DAY, "buy"], [T0 + 3 * DAY, "sell"], [
    T0 + 6 * DAY,
    "buy",
  ]]);
});

Deno.test("cooldown by duration: entries decided before exit + duration are denied", () => {
  // exit at bar 3's open (day 3); 36h: bar 3 decides at day 4 (denied), bar 4 at day 5 ≥ day 4.5 (allowed)
  const { result } = cooldownCase({ duration: "36h" });
  assert.deepEqual(result.denials.map((d) => [d.tsMs, d.rule]), [[T0 + 3 * DAY, "cooldown"]]);
  assert.match(result.denials[0]!.detail, /entries wait 36h, until 2024-01-05T12:00:00.000Z/);
  assert.deepEqual(result.fills.map((f) => f.tsMs), [T0 + DAY, T0 + 3 * DAY, T0 + 5 * DAY]);
});

Deno.test("cooldown after losing exits only: a winning exit re-enters at once, a losing one waits", () => {
  const win = cooldownCase({ bars: 2, after: "losingExit" }, [10, 10, 11, 11, 11, 11, 11]);
  assert.equal(win.result.denials.length, 0);
  assert.equal(win.result.trades[0]!.pnl, 10);
  const lose = cooldownCase({ bars: 2, after: "losingExit" }, [10, 10, 9, 9, 9, 9, 9]);
  assert.deepEqual(lose.result.denials.map((d) => d.rule), ["cooldown", "cooldown"]);
});
