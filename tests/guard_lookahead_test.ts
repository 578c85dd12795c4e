/**
 * Look-ahead guard: nothing the engine records up to a time t may depend on
 * a bar after t.
 *
 * For seeded random cut points t (bar start times), every bar that starts
 * after t is replaced (a random walk applied to its prices, new volumes);
 * the bars at or before t are untouched. Then, between the run on the real
 * bars and the run on the changed ones, every record **stamped at or before
 * t** must be identical:
 *
 * - every order decision made at a close at or before t: the strategy's
 *   intent and the risk gate's answer (seen through `onRiskDecision`), so a
 *   strategy that peeks at the next bar is caught at the bar it peeks from;
 * - fills with `tsMs ≤ t` (a fill is stamped with the start of the bar it
 *   happens in, and uses only that bar's prices);
 * - trades with `exitTimeMs ≤ t` (both legs filled by then);
 * - denials, resizes and breaker trips with `tsMs ≤ t` (decided at that bar's close);
 * - equity points with `tsMs ≤ t` (marked at that bar's close);
 * - orders that ended (cancelled or expired) at or before t.
 *
 * Records after t may differ, and legitimately do: an order placed at or
 * before t that fills after t fills at the changed prices, and a trade open
 * across t exits at them. Each suite also asserts that the change did move
 * something after t, and a strategy that reads one bar ahead is caught.
 *
 * Covered: every shipped strategy (strategies/*.ts, and the strategies of
 * configs/risk_demo.ts and configs/execution_demo.ts), the full risk engine
 * (configs/risk_demo.ts: ATR sizing, every limit, both breakers with
 * flatten, cooldown), the fill models (lognormal latency with effect,
 * participation and partial fills, volume-share and fixed-bps slippage,
 * limit/stop/bracket orders, borrow), and every path of the strategy API:
 * onStep with rebalance and targetPercent, coarser timeframes (monthly from
 * daily, daily from hourly, weekly), callbacks that place orders (onFill,
 * onTrade, onDenied), user-defined indicators built on references, one-off
 * series and indicators of series. User-defined indicators that read ahead
 * never run: the cache refuses them (tests/strategy_api_test.ts).
 */
import assert from "node:assert/strict";
import {
  type BarFrame,
  defineIndicator,
  defineStrategy,
  indicators,
  loadBars,
  loadConfig,
  parseConfig,
  period,
  runBacktest,
} from "../mod.ts";
import type { Config } from "../engine/config/schema.ts";
import type { BacktestResult } from "../engine/result.ts";
import { mulberry32 } from "../engine/random.ts";
import { smaCross } from "../strategies/sma_cross.ts";
import { donchianBreakout } from "../strategies/donchian_breakout.ts";
import { z } from "zod";

const U32 = 4294967296;

/**
 * A copy of `frame` with every bar that starts after `cutMs` changed: its
 * prices reflected (in log space) through the symbol's last close at or
 * before the cut, so every later move goes the other way, then shaken by a
 * few percent; its volume redrawn. Bars at or before the cut are untouched.
 */
function changeAfter(frame: BarFrame, cutMs: number, seed: number): BarFrame {
  const rnd = mulberry32(seed);
  const u = () => rnd() / U32;
  const open = frame.open.slice(), high = frame.high.slice(), low = frame.low.slice(), close = frame.close.slice();
  const volume = frame.volume.slice();
  for (let s = 0; s < frame.symbols.length; s++) {
    const a = frame.segStart[s]!, b = frame.segEnd[s]!;
    let first = a;
    while (first < b && frame.tsMs[first]! <= cutMs) first++;
    const pivot = frame.close[first > a ? first - 1 : a]!;
    const flip = (p: number) => (pivot * pivot) / p;
    for (let r = first; r < b; r++) {
      const o = flip(open[r]!) * (1 + (u() - 0.5) * 0.04), c = flip(close[r]!) * (1 + (u() - 0.5) * 0.04);
      const h = flip(low[r]!), l = flip(high[r]!);
      open[r] = o;
      close[r] = c;
      high[r] = Math.max(o, c, h);
      low[r] = Math.min(o, c, l);
      if (volume[r] === volume[r]) volume[r] = Math.round(volume[r]! * (0.2 + 1.6 * u()));
    }
  }
  return { ...frame, open, high, low, close, volume };
}

/** One risk decision as the guard records it. */
interface DecisionRecord {
  readonly tsMs: number;
  readonly symbol: number;
  readonly intent: string;
  readonly accepted: boolean;
  readonly qty: number;
  readonly requestedQty: number;
  readonly rule: string;
}

/** A run, with every risk decision it made. */
function run(config: Config, frame: BarFrame): BacktestResult & { decisions: DecisionRecord[] } {
  const decisions: DecisionRecord[] = [];
  const r = runBacktest(config, frame, {
    onRiskDecision: (intent, state, d) =>
      decisions.push({
        tsMs: state.tsMs,
        symbol: state.symbol,
        intent: `${intent.kind} ${intent.qty}`,
        accepted: d.accepted,
        qty: d.qty,
        requestedQty: d.requestedQty,
        rule: d.rule,
      }),
  });
  return { ...r, decisions };
}

/** Everything a run recorded at or before `t`, by the rule in this file's doc. */
function upTo(r: ReturnType<typeof run>, t: number) {
  const m = r.equity.tsMs.findLastIndex((x) => x <= t) + 1;
  return {
    decisions: r.decisions.filter((d) => d.tsMs <= t),
    fills: r.fills.filter((f) => f.tsMs <= t),
    trades: r.trades.filter((x) => x.exitTimeMs <= t),
    denials: r.denials.filter((d) => d.tsMs <= t),
    resizes: r.resizes.filter((z) => z.tsMs <= t),
    breakerEvents: r.breakerEvents.filter((e) => e.tsMs <= t),
    ended: r.unfilled.filter((o) => o.endTsMs <= t),
    equity: Array.from(r.equity.equity.subarray(0, m)),
    cash: Array.from(r.equity.cash.subarray(0, m)),
  };
}

/** Seeded cut points: `k` bar start times between 10 % and 90 % of the clock. */
function cutPoints(frame: BarFrame, k: number, seed: number): number[] {
  const rnd = mulberry32(seed);
  const n = frame.length;
  return Array.from({ length: k }, () => {
    const i = Math.floor(n * 0.1 + (rnd() / U32) * n * 0.8);
    return frame.tsMs[frame.clock[i]!]!;
  }).sort((a, b) => a - b);
}

interface GuardRun {
  readonly cuts: number;
  /** Cut points after which the changed bars moved at least one record. */
  readonly moved: number;
  /** Records of the base run (a guard on a run that does nothing proves nothing). */
  readonly records: number;
}

/**
 * Run the guard; returns how often the change had an effect after t. Throws
 * on the first look-ahead. `config` may be a function of the frame a run
 * gets (for the cheating strategy below).
 */
function guard(
  config: Config | ((frame: BarFrame) => Config),
  frame: BarFrame,
  opts: { cuts?: number; seed?: number } = {},
): GuardRun {
  const configFor = typeof config === "function" ? config : () => config;
  const base = run(configFor(frame), frame);
  const cuts = cutPoints(frame, opts.cuts ?? 5, opts.seed ?? 7);
  let moved = 0;
  cuts.forEach((t, i) => {
    const later = changeAfter(frame, t, 1000 + i);
    const changed = run(configFor(later), later);
    const when = new Date(t).toISOString();
    assert.deepEqual(upTo(changed, t), upTo(base, t), `records up to ${when} changed when only later bars did`);
    if (
      JSON.stringify(changed.fills) !== JSON.stringify(base.fills) ||
      changed.summary.finalEquity !== base.summary.finalEquity
    ) {
      moved++;
    }
  });
  return { cuts: cuts.length, moved, records: base.decisions.length + base.fills.length };
}

async function load(path: string) {
  const config = await loadConfig(path);
  return { config, frame: await loadBars(config.data) };
}

const withStrategy = (
  c: Config,
  use: unknown,
  params: unknown,
): Config => ({ ...c, strategy: { use, params } } as Config);

function assertGuard(g: GuardRun, minRecords = 20) {
  assert.ok(g.records >= minRecords, `the run records too little to prove anything (${g.records})`);
  assert.ok(
    g.moved >= Math.ceil(g.cuts / 2),
    `changing the later bars moved nothing after t (${g.moved} of ${g.cuts})`,
  );
}

Deno.test("look-ahead: smaCross (configs/sma_cross.ts) sees nothing after t", async () => {
  const { config, frame } = await load("configs/sma_cross.ts");
  assertGuard(guard(config, frame));
});

Deno.test("look-ahead: donchianBreakout, long and short, on four symbols with percentEquity sizing", async () => {
  const config = parseConfig({
    name: "donchian",
    data: { source: "data/sample/sample.csv" },
    capital: 100_000,
    strategy: { use: donchianBreakout, params: { entry: 20, exit: 10, allowShort: true } },
    risk: { sizing: { kind: "percentEquity", fraction: 0.2 }, limits: { account: { kind: "margin" } } },
    execution: { commission: { kind: "percent", rate: 0.0005 }, borrow: { kind: "annualRate", rate: 0.03 } },
  }, { file: "donchian" });
  assertGuard(guard(config, await loadBars(config.data)));
});

Deno.test("look-ahead: the full risk engine (configs/risk_demo.ts: ATR sizing, limits, breakers that flatten, cooldown)", async () => {
  const { config, frame } = await load("configs/risk_demo.ts");
  const g = guard(config, frame, { cuts: 6 });
  assertGuard(g, 100);
});

Deno.test("look-ahead: brackets, latency, participation, volume-share slippage, borrow (configs/execution_demo.ts)", async () => {
  const { config, frame } = await load("configs/execution_demo.ts");
  assertGuard(guard(config, frame));
});

Deno.test("look-ahead: lognormal latency that delays fills by bars, partial fills, limit and stop orders (golden case 3)", async () => {
  const { config, frame } = await load("golden/03_execution_fill_models/config.ts");
  assertGuard(guard(config, frame, { cuts: 6 }));
});

Deno.test("look-ahead: minute bars with latency, participation and fixed-bps slippage (execution golden fixture)", async () => {
  const { config, frame } = await load("tests/fixtures/execution_golden/config.ts");
  assertGuard(guard(config, frame, { cuts: 4 }), 100);
});

Deno.test("look-ahead: daily loss limit and a drawdown stop that flattens (golden cases 2 and 5)", async () => {
  for (const path of ["golden/02_risk_multi_symbol/config.ts", "golden/05_max_drawdown_halt/config.ts"]) {
    const { config, frame } = await load(path);
    assertGuard(guard(config, frame), 10);
  }
});

Deno.test("look-ahead guard catches a strategy that reads the next bar", async () => {
  const { config, frame } = await load("configs/sma_cross.ts");
  // cheats through a closure over the bars it runs on: buys when the next close is higher
  const peek = (bars: BarFrame) =>
    defineStrategy({
      name: "peek",
      params: z.strictObject({}),
      create: () => ({
        onBar(ctx) {
          const next = bars.segStart[ctx.symbol]! + ctx.index + 1;
          if (next >= bars.segEnd[ctx.symbol]!) return;
          const up = bars.close[next]! > ctx.bars.close.at(0);
          if (up && ctx.position() + ctx.pending() === 0) ctx.buy();
          else if (!up && ctx.position() > 0) ctx.close();
        },
      }),
    });
  assert.throws(
    () => guard((bars) => withStrategy(config, peek(bars), {}), frame, { cuts: 10 }),
    (e) => e instanceof assert.AssertionError && /records up to/.test(e.message),
  );
  // and the honest strategy it imitates passes on the same cuts
  guard(withStrategy(config, smaCross, { fast: 10, slow: 30 }), frame, { cuts: 10 });
});

Deno.test("look-ahead: onStep ranking a universe on monthly bars resampled from daily, rebalanced (configs/momentum_rotation.ts)", async () => {
  const { config, frame } = await load("configs/momentum_rotation.ts");
  assertGuard(guard(config, frame, { cuts: 5 }), 100);
});

Deno.test("look-ahead: a daily trend filter resampled from hourly bars (configs/rsi2_hourly.ts)", async () => {
  const { config, frame } = await load("configs/rsi2_hourly.ts");
  assertGuard(guard(config, frame, { cuts: 5 }), 100);
});

Deno.test("look-ahead: a long/short pair traded from onStep by rebalance, with borrow (configs/pairs_trade.ts)", async () => {
  const { config, frame } = await load("configs/pairs_trade.ts");
  assertGuard(guard(config, frame, { cuts: 5 }), 50);
});

/** A user-defined indicator built on two built-ins by reference: the midpoint of a Donchian channel. */
const midpoint = defineIndicator({
  name: "channelMid",
  params: z.strictObject({ period: period(2, 20) }),
  args: ["period"],
  inputs: (p) => [
    { use: indicators.highest, params: { period: p.period } },
    { use: indicators.lowest, params: { period: p.period } },
  ],
  warmup: () => 0,
  compute: ([hi, lo]) => hi!.map((h, i) => (h + lo![i]!) / 2),
});

/**
 * Every new path at once: a user-defined indicator on references, a one-off series, an indicator of a series,
 * a weekly timeframe, callbacks that order (a protective stop on each fill, a retry on each denial), onStep and
 * targetPercent.
 */
const everything = defineStrategy({
  name: "everything",
  params: z.strictObject({}),
  create(_p, setup) {
    const st = setup.perSymbol(({ ind, timeframe }) => {
      const logRet = ind.compute((c) => c.map((x, i) => (i === 0 ? NaN : Math.log(x / c[i - 1]!))), "close");
      return {
        mid: ind.use(midpoint, 20),
        vol: ind.stdev(20, logRet),
        weekly: timeframe("1w").ind.sma(4),
        trades: 0,
      };
    });
    return {
      onBar(ctx) {
        const s = st.of(ctx), c = ctx.bars.close.at(0);
        if (ctx.exposure() === 0 && c > s.mid.at(0) && c > s.weekly.at(0) && s.vol.at(0) < 0.03) ctx.buy();
        else if (ctx.position() > 0 && c < s.mid.at(0)) ctx.close();
      },
      onStep(ctx) {
        // once a quarter, trim whatever is largest to 20 % of equity
        if (new Date(ctx.tsMs).getUTCDate() !== 1) return;
        for (const name of ctx.symbols) {
          if (ctx.position(name) * ctx.barsOf(name).close.at(0) > 0.3 * ctx.equity) ctx.targetPercent(name, 0.2);
        }
      },
      onFill(fill, ctx) {
        if (fill.side === "buy" && fill.orderType === "market") {
          ctx.sell(fill.qty, { type: "stop", stopPrice: Math.round(fill.price * 90) / 100, timeInForce: { bars: 20 } });
        }
      },
      onTrade(trade) {
        st.of(trade.symbol).trades++;
      },
      onDenied(denial, ctx) {
        if (denial.intent === "buy" && denial.rule === "cash") ctx.buy(10);
      },
    };
  },
});

Deno.test("look-ahead: callbacks that order, user-defined indicators on references, one-off series, weekly bars, onStep", async () => {
  const config = parseConfig({
    name: "everything",
    data: { source: "data/sample/sample.csv" },
    capital: 100_000,
    strategy: { use: everything, params: {} },
    risk: { sizing: { kind: "percentEquity", fraction: 0.4 } },
    execution: { commission: { kind: "percent", rate: 0.0005 } },
  }, { file: "everything" });
  const frame = await loadBars(config.data);
  const base = run(config, frame);
  assert.ok(base.denials.some((d) => d.rule === "cash"), "the retry path runs");
  assert.ok(base.fills.some((f) => f.orderType === "stop"), "the protective stops fill");
  assertGuard(guard(config, frame, { cuts: 6 }), 100);
});

Deno.test("look-ahead guard catches an onStep strategy that reads the next bar", async () => {
  const { config, frame } = await load("configs/pairs_trade.ts");
  const peek = (bars: BarFrame) =>
    defineStrategy({
      name: "peekStep",
      params: z.strictObject({}),
      create: () => ({
        onStep(ctx) {
          const i = bars.segStart[0]! + ctx.barsOf(0).close.length; // the next bar of the first symbol
          if (i >= bars.segEnd[0]!) return;
          const up = bars.close[i]! > ctx.barsOf(0).close.at(0);
          ctx.rebalance(up ? { [ctx.symbols[0]!]: 0.5 } : {});
        },
      }),
    });
  assert.throws(
    () => guard((bars) => withStrategy(config, peek(bars), {}), frame, { cuts: 10 }),
    (e) => e instanceof assert.AssertionError && /records up to/.test(e.message),
  );
});
