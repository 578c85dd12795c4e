/**
 * The strategy API, hand-worked on tiny frames: onStep, orders for any
 * symbol by name or id, targetPercent and rebalance, per-symbol state,
 * callbacks, coarser timeframes, user-defined indicators and one-off series,
 * and every way of getting them wrong.
 */
import assert from "node:assert/strict";
import { z } from "zod";
import {
  type BacktestResult,
  type BarRow,
  defineIndicator,
  defineStrategy,
  frameFromRows,
  IndicatorCache,
  parseConfig,
  period,
  runBacktest,
  source,
  StrategyError,
  type StrategySetup,
} from "../mod.ts";
import type { Strategy } from "../engine/strategy/types.ts";

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1); // a Monday

/** Daily bars whose open and close are given per symbol (high/low span them). */
function bars(prices: Record<string, [number, number][]>, start: Record<string, number> = {}): BarRow[] {
  const rows: BarRow[] = [];
  for (const [symbol, list] of Object.entries(prices)) {
    list.forEach(([open, close], i) =>
      rows.push({
        symbol,
        tsMs: T0 + ((start[symbol] ?? 0) + i) * DAY,
        open,
        high: Math.max(open, close),
        low: Math.min(open, close),
        close,
        volume: 1000,
      })
    );
  }
  return rows;
}

function run(
  create: (setup: StrategySetup) => Strategy,
  rows: BarRow[],
  extra: Record<string, unknown> = {},
): BacktestResult {
  const strategy = defineStrategy({ name: "probe", params: z.strictObject({}), create: (_p, setup) => create(setup) });
  const config = parseConfig({
    name: "probe",
    data: { source: "unused.csv" },
    capital: 1000,
    strategy: { use: strategy, params: {} },
    risk: { sizing: { kind: "fixedQty", qty: 1 } },
    ...extra,
  }, { file: "inline" });
  return runBacktest(config, frameFromRows(rows, DAY));
}

const day = (i: number) => T0 + i * DAY;

Deno.test("onStep runs once per bar time, after every onBar of that time, and sees every symbol", () => {
  const calls: string[] = [];
  // A trades on days 0-1, B on days 0-2
  const rows = bars({ A: [[10, 11], [11, 12]], B: [[20, 21], [21, 22], [22, 23]] });
  run(() => ({
    onBar: (ctx) => void calls.push(`bar ${ctx.symbolName} ${ctx.index}`),
    onStep: (ctx) =>
      void calls.push(
        `step ${(ctx.tsMs - T0) / DAY} A:${ctx.hasBar("A") ? "bar" : "none"} ${ctx.barsOf("A").close.at(0)} ` +
          `B:${ctx.barsOf(1).close.at(0)}`,
      ),
  }), rows);
  assert.deepEqual(calls, [
    "bar A 0",
    "bar B 0",
    "step 0 A:bar 11 B:21",
    "bar A 1",
    "bar B 1",
    "step 1 A:bar 12 B:22",
    "bar B 2",
    "step 2 A:none 12 B:23", // A's last close is still its latest
  ]);
});

Deno.test("any hook orders any symbol, by name or id; fills follow the usual timing", () => {
  const rows = bars({ A: [[10, 11], [12, 13], [14, 15]], B: [[20, 21], [22, 23], [24, 25]] });
  const r = run(() => ({
    onBar(ctx) {
      if (ctx.index === 0 && ctx.symbolName === "A") ctx.buy("B", 5); // A's bar orders B, by name
    },
    onStep(ctx) {
      if (ctx.tsMs === day(0)) ctx.buy(3, { symbol: 0 }); // by id, from onStep
      if (ctx.tsMs === day(1)) ctx.sell("B", 2, { type: "limit", limitPrice: 24 });
    },
  }), rows);
  // placed at day 0's close: filled at day 1's opens (B 22, A 12); the limit sell of B fills at day 2's open, 24
  assert.deepEqual(
    r.fills.map((f) => [f.symbol, f.side, f.qty, f.price, (f.tsMs - T0) / DAY]),
    [["A", "buy", 3, 12, 1], ["B", "buy", 5, 22, 1], ["B", "sell", 2, 24, 2]],
  );
});

Deno.test("exposure() is position plus orders in flight; position, pending and exposure take names", () => {
  // a hook's intents reach the gate once it returns: pending() counts them from the next hook on
  const seen: number[][] = [];
  const rows = bars({ A: [[10, 10], [10, 10], [10, 10]], B: [[5, 5], [5, 5], [5, 5]] });
  run(() => ({
    onBar(ctx) {
      if (ctx.symbolName === "A" && ctx.index === 0) ctx.buy(4);
    },
    onStep(ctx) {
      seen.push([ctx.position("A"), ctx.pending("A"), ctx.exposure("A"), ctx.exposure("B")]);
    },
  }), rows);
  assert.deepEqual(seen, [[0, 4, 4, 0], [4, 0, 4, 0], [4, 0, 4, 0]]);
});

Deno.test("targetPercent: a fraction of equity at the latest close, toward zero to whole lots", () => {
  const rows = bars({ A: [[7, 7], [8, 8], [8, 8]] });
  const qty = (w: number, lot: number) => {
    const r = run(
      () => ({
        onStep: (ctx) => void (ctx.tsMs === day(0) && ctx.targetPercent("A", w)),
      }),
      rows,
      { risk: { sizing: { kind: "fixedQty", qty: lot, lotSize: lot }, limits: { account: { kind: "margin" } } } },
    );
    return r.fills.length === 0 ? 0 : (r.fills[0]!.side === "buy" ? 1 : -1) * r.fills[0]!.qty;
  };
  assert.equal(qty(0.5, 1), 71); // 0.5 × 1000 / 7 = 71.43
  assert.equal(qty(0.5, 10), 70);
  assert.equal(qty(-0.25, 1), -35); // −35.71, toward zero
  assert.equal(qty(1e-4, 1), 0); // 0.014 of a share: nothing to do
});

Deno.test("rebalance: sells go out before buys, unnamed holdings are closed unless kept, weights become targets", () => {
  const rows = bars({
    A: [[10, 10], [10, 10], [10, 10], [10, 10], [10, 10]],
    B: [[20, 20], [20, 20], [20, 20], [20, 20], [20, 20]],
    C: [[50, 50], [50, 50], [50, 50], [50, 50], [50, 50]],
  });
  const r = run(() => ({
    onStep(ctx) {
      if (ctx.tsMs === day(0)) ctx.rebalance({ A: 0.99 }); // 99 shares of A: nearly all the cash
      if (ctx.tsMs === day(1)) ctx.rebalance({ C: 0.5, B: 0.45 }); // rotate out of A: needs A's proceeds
      if (ctx.tsMs === day(2)) ctx.rebalance({ B: 0.2 }, { others: "keep" }); // C stays
    },
  }), rows);
  assert.deepEqual(r.denials, []);
  const at = (d: number) => r.fills.filter((f) => f.tsMs === day(d)).map((f) => [f.orderId, f.symbol, f.side, f.qty]);
  assert.deepEqual(at(1), [[0, "A", "buy", 99]]);
  // equity 1000 at day 1: C 0.5 × 1000 / 50 = 10, B 0.45 × 1000 / 20 = 22.5 → 22; A is sold first (lower order id)
  assert.deepEqual(at(2), [[1, "A", "sell", 99], [2, "B", "buy", 22], [3, "C", "buy", 10]]);
  // B to 0.2 × 1000 / 20 = 10: a sale of 12; C is kept
  assert.deepEqual(at(3), [[4, "B", "sell", 12]]);
  assert.deepEqual(r.openPositions.map((p) => [p.symbol, p.qty]), [["B", 10], ["C", 10]]);
});

Deno.test("perSymbol: one state per symbol, read by context, name or id", () => {
  const rows = bars({ A: [[1, 1], [1, 1]], B: [[2, 2], [2, 2]] });
  const counts: Record<string, number> = {};
  run((setup) => {
    const st = setup.perSymbol((sym) => ({ name: sym.name, id: sym.id, bars: 0 }));
    assert.equal(st.length, 2);
    assert.ok(st.of("B") === st.of(1));
    return {
      onBar(ctx) {
        st.of(ctx).bars++;
      },
      onStep() {
        for (const s of st) counts[s.name] = s.bars;
      },
    };
  }, rows);
  assert.deepEqual(counts, { A: 2, B: 2 });
});

Deno.test("an order for a symbol before its first bar is denied by no-price, and reported to onDenied", () => {
  // B starts on day 2
  const rows = bars({ A: [[10, 10], [10, 10], [10, 10]], B: [[5, 5]] }, { B: 2 });
  const reported: string[] = [];
  const r = run(() => ({
    onStep(ctx) {
      if (ctx.tsMs === day(0)) {
        ctx.buy("B", 1);
        ctx.targetPercent("B", 0.1);
      }
    },
    onDenied(denial, ctx) {
      reported.push(`${denial.rule} ${denial.intent} ${ctx.symbolName}`);
    },
  }), rows);
  assert.deepEqual(r.denials.map((d) => [d.symbol, d.intent, d.rule]), [
    ["B", "buy 1", "no-price"],
    ["B", "targetPercent 0.1 (no price)", "no-price"],
  ]);
  assert.match(r.denials[0]!.detail, /B has no bar at or before 2024-01-01T00:00:00\.000Z/);
  assert.deepEqual(reported, ["no-price buy 1 B", "no-price targetPercent 0.1 (no price) B"]);
});

Deno.test("callbacks: onFill and onTrade at the close of the fill's bar, with its symbol; their orders go through the gate", () => {
  const rows = bars({ A: [[10, 11], [12, 13], [14, 15], [16, 17], [18, 19]] });
  const log: string[] = [];
  const r = run(() => ({
    onBar(ctx) {
      log.push(`bar ${ctx.index}`);
      if (ctx.index === 0) ctx.buy(2);
    },
    onFill(fill, ctx) {
      // delivered before that bar's onBar; the bar in view is the fill's own, closed
      log.push(
        `fill ${fill.side} ${fill.qty}@${fill.price} on ${ctx.symbolName} bar ${ctx.index} close ${
          ctx.bars.close.at(0)
        }`,
      );
      if (fill.side === "buy") ctx.close(); // decided at this bar's close: fills at the next open
    },
    onTrade(trade, ctx) {
      log.push(`trade ${trade.side} ${trade.qty} pnl ${trade.pnl} at bar ${ctx.index}`);
    },
  }), rows);
  assert.deepEqual(log, [
    "bar 0",
    "fill buy 2@12 on A bar 1 close 13",
    "bar 1",
    "fill sell 2@14 on A bar 2 close 15",
    "trade long 2 pnl 4 at bar 2",
    "bar 2",
    "bar 3",
    "bar 4",
  ]);
  assert.equal(r.trades.length, 1);
  assert.throws(() => ((r.fills[0] as { price: number }).price = 1), TypeError, "callbacks get frozen records");
});

Deno.test("onDenied may answer a denial with another order; one that never stops is an error", () => {
  const rows = bars({ A: [[10, 10], [10, 10], [10, 10]] });
  // cash 1000: 200 shares is denied by the cash rule; the callback retries with 50
  const r = run(() => ({
    onBar: (ctx) => void (ctx.index === 0 && ctx.buy(200)),
    onDenied: (d, ctx) => void (d.intent === "buy 200" && ctx.buy(50)),
  }), rows);
  assert.deepEqual(r.denials.map((d) => [d.intent, d.rule]), [["buy 200", "cash"]]);
  assert.deepEqual(r.fills.map((f) => f.qty), [50]);
  assert.throws(
    () =>
      run(() => ({
        onBar: (ctx) => void (ctx.index === 0 && ctx.buy(200)),
        onDenied: (_d, ctx) => ctx.buy(200),
      }), rows),
    (e) => e instanceof StrategyError && /emitted more than 100000 orders at 2024-01-01.*onDenied/.test(e.message),
  );
});

Deno.test("a timeframe's bar is visible only once its bucket has ended: daily from hourly, weekly from daily", () => {
  const H = 3_600_000;
  // two days of hourly bars 14:00-16:00; closes 1..6
  const rows: BarRow[] = [0, 1].flatMap((d) =>
    [14, 15, 16].map((h, i) => {
      const c = d * 3 + i + 1;
      return { symbol: "A", tsMs: T0 + d * DAY + h * H, open: c, high: c + 0.5, low: c - 0.5, close: c, volume: 10 };
    })
  );
  const seen: string[] = [];
  const strategy = defineStrategy({
    name: "tf",
    params: z.strictObject({}),
    create(_p, setup) {
      const d = setup.symbol("A").timeframe("1d");
      const avg = d.ind.sma(1);
      return {
        onBar: (ctx) => void seen.push(`${ctx.index}:${d.bars.close.length}:${d.bars.close.at(0)}:${avg.at(0)}`),
      };
    },
  });
  const config = parseConfig({
    name: "tf",
    data: { source: "unused.csv" },
    capital: 1000,
    strategy: { use: strategy, params: {} },
    risk: { sizing: { kind: "fixedQty", qty: 1 } },
  }, { file: "inline" });
  runBacktest(config, frameFromRows(rows, H));
  // day 0 (closes 1, 2, 3) becomes visible from the first close after midnight, day 1's 15:00
  assert.deepEqual(seen, ["0:0:NaN:NaN", "1:0:NaN:NaN", "2:0:NaN:NaN", "3:1:3:3", "4:1:3:3", "5:1:3:3"]);

  // weekly bars of daily data
  const daily = bars({ A: Array.from({ length: 10 }, (_, i) => [i + 1, i + 1] as [number, number]) });
  const weeks: number[] = [];
  run((setup) => {
    const w = setup.symbol("A").timeframe("1w");
    return { onBar: () => void weeks.push(w.bars.high.at(0)) };
  }, daily);
  // Jan 1-7 are days 0-6 (a calendar week, Monday to Sunday, in this frame of every day); max high 7. Sunday's bar
  // closes at the week's end, Monday Jan 8 00:00, so the week is visible from that close
  assert.deepEqual(weeks, [NaN, NaN, NaN, NaN, NaN, NaN, 7, 7, 7, 7]);
});

Deno.test("indicators on indicators, by positional args or a params object, and multi-output results", () => {
  const rows = bars({
    A: Array.from({ length: 30 }, (_, i) => [10 + (i % 5), 10 + ((i * 3) % 7)] as [number, number]),
  });
  const got: number[][] = [];
  run((setup) => {
    const { ind } = setup.symbol("A");
    const rsi = ind.rsi(2);
    const smoothed = ind.sma(3, rsi);
    const same = ind.sma({ period: 3, source: rsi });
    const bb = ind.bollinger({ period: 5, devfactor: 1 });
    return {
      onBar(ctx) {
        if (ctx.index >= 4) {
          got.push([smoothed.at(0), same.at(0), rsi.at(0), rsi.at(1), rsi.at(2), bb.upper.at(0) - bb.middle.at(0)]);
        }
      },
    };
  }, rows);
  for (const [s, same, r0, r1, r2] of got) {
    assert.equal(s, same);
    assert.ok(Math.abs(s! - (r0! + r1! + r2!) / 3) < 1e-12, "sma(3) of the RSI");
  }
  assert.ok(got.every((g) => g[5]! >= 0));
});

Deno.test("a user-defined indicator is computed once per dataset, shared by every run on the cache", () => {
  let computed = 0;
  const range = defineIndicator({
    name: "barRange",
    params: z.strictObject({ period: period(1, 2) }),
    args: ["period"],
    inputs: () => ["high", "low"],
    warmup: (p) => p.period - 1,
    compute: ([h, l], p, [out]) => {
      computed++;
      for (let i = 0; i < h!.length; i++) {
        let s = 0;
        for (let j = i - p.period + 1; j <= i; j++) s += h![j]! - l![j]!;
        out![i] = i < p.period - 1 ? NaN : s / p.period;
      }
    },
  });
  const rows = bars({ A: [[10, 12], [12, 11], [11, 15], [15, 14]] });
  const frame = frameFromRows(rows, DAY);
  const seen: number[] = [];
  const strategy = defineStrategy({
    name: "custom",
    params: z.strictObject({}),
    create: (_p, setup) => {
      const r = setup.symbol("A").ind.use(range, 2);
      return { onBar: () => void seen.push(r.at(0)) };
    },
  });
  const config = parseConfig({
    name: "custom",
    data: { source: "unused.csv" },
    capital: 1000,
    strategy: { use: strategy, params: {} },
    risk: { sizing: { kind: "fixedQty", qty: 1 } },
  }, { file: "inline" });
  const cache = new IndicatorCache(frame);
  runBacktest(config, frame, { cache });
  runBacktest(config, frame, { cache });
  // ranges 2, 1, 4, 1: means over 2 bars NaN, 1.5, 2.5, 2.5; computed once, plus its two look-ahead checks
  assert.deepEqual(seen, [NaN, 1.5, 2.5, 2.5, NaN, 1.5, 2.5, 2.5]);
  assert.equal(computed, 3);
});

/** A strategy that asks for `def` on symbol A in create; returns the error it throws. */
function failure(create: (setup: StrategySetup) => void): StrategyError {
  const rows = bars({ A: [[10, 11], [11, 12], [12, 13], [13, 14], [14, 15]] });
  try {
    run((setup) => {
      create(setup);
      return { onBar: () => {} };
    }, rows);
  } catch (e) {
    assert.ok(e instanceof StrategyError, String(e));
    return e;
  }
  assert.fail("expected an error");
}

const user = (compute: (x: Float64Array, out: Float64Array) => unknown, warmup = 0) =>
  defineIndicator({
    name: "userInd",
    params: z.strictObject({ source: source("close") }),
    inputs: (p) => [p.source],
    warmup: () => warmup,
    compute: ([x], _p, [out]) => compute(x!, out!) as never,
  });

Deno.test("a user-defined indicator that breaks its contract is an error naming it, its file and line, and the bar", () => {
  const wrongLength = failure((s) => s.symbol("A").ind.use(user((x) => x.slice(1))));
  assert.match(
    wrongLength.message,
    /Strategy "probe" failed in create: Indicator "userInd" \(tests\/strategy_api_test\.ts:\d+:\d+\) on A: output "value" has 4 values, expected 5/,
  );

  const notArray = failure((s) => s.symbol("A").ind.use(user(() => "nope")));
  assert.match(
    notArray.message,
    /compute\(\) returned the string "nope"; expected nothing \(having filled out\), a Float64Array/,
  );

  const early = failure((s) => s.symbol("A").ind.use(user((x, out) => out.set(x), 2)));
  assert.match(
    early.message,
    /output "value" has the value 11 at bar 0 \(2024-01-01T00:00:00\.000Z\), before its warm-up ends at bar 2/,
  );

  const peeks = failure((s) =>
    s.symbol("A").ind.use(user((x, out) => {
      for (let i = 0; i < x.length; i++) out[i] = x[i + 1] ?? x[i]!;
    }))
  );
  assert.match(
    peeks.message,
    /Indicator "userInd" .* on A reads ahead: output "value" at bar \d+ \(.*\) is \d+ with all the bars but \d+ when the bars after bar \d+ are removed/,
  );

  const badParams = failure((s) => s.symbol("A").ind.sma(0));
  assert.match(
    badParams.message,
    /indicator "sma" has bad params: period: expected a whole number of bars ≥ 1.*found 0 \(tests\/strategy_api_test\.ts:\d+:\d+\)/,
  );

  const twoNames = failure((s) => {
    s.symbol("A").ind.use(user((x) => x));
    s.symbol("A").ind.use(user((x) => x)); // another definition under the same name
  });
  assert.match(twoNames.message, /two different indicators are named "userInd"/);
});

Deno.test("compute(): a one-off series from whole columns, detached after the call, checked for look-ahead", () => {
  let kept: Float64Array | undefined;
  const seen: number[] = [];
  const rows = bars({ A: [[10, 11], [11, 12], [12, 13]] });
  run((setup) => {
    const { ind } = setup.symbol("A");
    const doubled = ind.compute((close) => {
      kept = close;
      return close.map((c) => 2 * c);
    }, "close");
    const avg = ind.sma(2, doubled); // a one-off series feeds an indicator like any other
    return { onBar: () => void seen.push(doubled.at(0), avg.at(0)) };
  }, rows);
  assert.deepEqual(seen, [22, NaN, 24, 23, 26, 25]);
  assert.equal(kept!.length, 0, "the copy handed to the function is detached once it returns");
  const peek = failure((s) =>
    s.symbol("A").ind.compute((c) => c.map((_, i) => c[Math.min(i + 1, c.length - 1)]!), "close")
  );
  assert.match(peek.message, /compute\(\) \(tests\/strategy_api_test\.ts:\d+:\d+\) on A reads ahead/);
});

Deno.test("bad orders and weights name the strategy, the hook, the symbol, the time and the line", () => {
  const rows = bars({ A: [[10, 10], [10, 10]], B: [[5, 5], [5, 5]] });
  const fails = (hooks: Strategy, re: RegExp) =>
    assert.throws(() => run(() => hooks, rows), (e) => e instanceof StrategyError && re.test(e.message));
  fails(
    { onBar: (ctx) => ctx.buy("XYZ", 1) },
    /^Strategy "probe" asked for unknown symbol "XYZ"; the run's symbols are A, B \(in onBar on A at 2024-01-01T00:00:00\.000Z, tests\/strategy_api_test\.ts:\d+:\d+\)$/,
  );
  fails({ onStep: (ctx) => ctx.buy(1) }, /must name a symbol: onStep has no current symbol \(in onStep at 2024-01-01/);
  fails(
    { onStep: (ctx) => ctx.targetPercent("A", NaN) },
    /targetPercent\("A"\): the weight must be a finite number .*found NaN/,
  );
  fails(
    { onStep: (ctx) => ctx.rebalance({ A: Infinity }) },
    /rebalance\(\) weight of A: the weight must be a finite number/,
  );
  fails(
    { onStep: (ctx) => ctx.rebalance({ A: 0.7, B: -0.6 }) },
    /rebalance\(\): the gross weight Σ\|w\| = 1\.3 exceeds 1, what a cash account without risk\.limits\.grossExposure allows/,
  );
  fails({ onStep: (ctx) => ctx.barsOf(7) }, /symbol id 7 does not exist; ids run from 0 to 1/);
  fails(
    {
      onBar: () => {},
      onFill: () => {},
      onTrade: "no" as never,
    },
    /create\(\) returned onTrade that is not a function/,
  );
  fails({} as Strategy, /returned neither onBar nor onStep/);
  // a margin account with a gross exposure limit of 1.5 lets 1.3 through
  const r = run(() => ({ onStep: (ctx) => ctx.tsMs === day(0) && ctx.rebalance({ A: 0.7, B: -0.6 }) }), rows, {
    risk: { sizing: { kind: "fixedQty", qty: 1 }, limits: { account: { kind: "margin" }, grossExposure: 1.5 } },
  });
  // the sale of B is sent first (the lower order id); both fill at day 1's opens
  assert.deepEqual(r.fills.map((f) => [f.orderId, f.symbol, f.side, f.qty]), [[1, "A", "buy", 70], [
    0,
    "B",
    "sell",
    120,
  ]]);
});

Deno.test("a hook or callback that throws is reported with the strategy, hook, symbol, time and its own line", () => {
  const rows = bars({ A: [[10, 10], [10, 10], [10, 10]] });
  assert.throws(
    () =>
      run(() => ({
        onBar: (ctx) => void (ctx.index === 0 && ctx.buy(1)),
        onFill: () => {
          throw new Error("bad fill handler");
        },
      }), rows),
    (e) =>
      e instanceof StrategyError &&
      /^Strategy "probe" threw on A at 2024-01-02T00:00:00\.000Z \(onFill, tests\/strategy_api_test\.ts:\d+:\d+\): bad fill handler$/
        .test(e.message),
  );
  assert.throws(
    () => run(() => ({ onStep: () => JSON.parse("{") }), rows),
    (e) => e instanceof StrategyError && /threw at 2024-01-01T00:00:00\.000Z \(onStep, .*\): .*JSON/.test(e.message),
  );
});

Deno.test("resampling to a finer timeframe than the data is an error", () => {
  const e = failure((s) => s.symbol("A").timeframe("1h"));
  assert.match(
    e.message,
    /timeframe\("1h"\) for A: cannot resample to a finer timeframe than the data, whose bars are 1d long/,
  );
  assert.match(failure((s) => s.symbol("A").timeframe("2d")).message, /expected Ns, Nm, Nh \(up to a day\), 1d, 1w/);
});
