/**
 * Sparse stepping gives the same result as stepping every bar, byte for byte.
 *
 * A strategy that declares `when` lets the loop pass the bars between the
 * ones `when` names in a tight loop (engine/backtest.ts, "Sparse stepping").
 * This runs random strategies, risk sections and execution models both ways
 * (`RunOptions.sparse: false` steps every bar in full) and compares the whole
 * result: trades, fills, denials, resizes, breaker events, unfilled orders,
 * open positions, the summary, and every point of the equity and cash curves,
 * as bytes. The strategies emit every kind of intent and order (market, limit,
 * stop, brackets, time in force, cancels) at the bars `when` names and from
 * `onFill`, `onTrade` and `onDenied`; the frames have one to three symbols
 * with different starts and gaps; the risk sections have breakers (which stop
 * a sparse stretch at their watch bounds), cooldowns and limits; execution has
 * latency (orders in flight keep the loop stepping in full), slippage,
 * commission, borrow, a volume cap and close-at-end.
 *
 * Then a sweep: each run of a grid search over the SMA cross (which declares
 * `when`) reports the same numbers as the same params run alone and measured
 * in full, and the search says it stepped sparsely.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { z } from "zod";
import {
  type BacktestResult,
  type BarContext,
  type BarRow,
  defineStrategy,
  frameFromRows,
  IndicatorCache,
  parseConfig,
  runBacktest,
  type Series,
} from "../mod.ts";
import { breakersArb, cooldownArb, limitsArb, maybe, sizingArb } from "./_risk_arbitraries.ts";
import { computeMetrics } from "../engine/report/metrics/compute_metrics.ts";
import { simpleReturns } from "../engine/report/metrics/simple_returns.ts";
import { SUMMARY_METRICS } from "../engine/optimize/objective.ts";
import { configWithParams, evaluate } from "../engine/optimize/evaluate.ts";
import { smaCross } from "../strategies/sma_cross.ts";

const HOUR = 3_600_000, DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);
const SYMBOLS = ["A", "B", "C"];

// ------------------------------------------------------------------ generators

type Action =
  | { kind: "none" }
  | { kind: "buy" | "sell"; qty: number | undefined; order: number; offsetBps: number; tif: number; bracket: boolean }
  | { kind: "target"; qty: number }
  | { kind: "close" }
  | { kind: "cancel" };

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ kind: "none" as const }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constantFrom("buy" as const, "sell" as const),
      qty: maybe(fc.integer({ min: 1, max: 300 })),
      order: fc.integer({ min: 0, max: 3 }), // market, limit, stop, stopLimit
      offsetBps: fc.integer({ min: -300, max: 300 }),
      tif: fc.integer({ min: 0, max: 2 }), // gtc, day, bars
      bracket: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("target" as const), qty: fc.integer({ min: -300, max: 300 }) }),
  },
  { weight: 2, arbitrary: fc.constant({ kind: "close" as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: "cancel" as const }) },
);

const latencyArb = fc.oneof(
  fc.constant({ kind: "none" }),
  fc.integer({ min: 1, max: 30 }).map((h) => ({ kind: "fixed", ms: h * HOUR })),
  fc.record({ medianMs: fc.integer({ min: 1, max: 20 }), sigma: fc.constantFrom(0.5, 1) })
    .map((l) => ({ kind: "lognormal", medianMs: l.medianMs * HOUR, sigma: l.sigma })),
  fc.integer({ min: 1, max: 48 }).map((h) => ({ kind: "uniform", lowMs: 0, highMs: h * HOUR })),
);

const executionArb = fc.record({
  limitFill: fc.constantFrom("through", "touch"),
  ambiguousBar: fc.constantFrom("stopFirst", "targetFirst", "nearestFirst"),
  latency: latencyArb,
  slippage: fc.oneof(
    fc.constant({ kind: "none" }),
    fc.integer({ min: 1, max: 50 }).map((bps) => ({ kind: "fixedBps", bps })),
    fc.constant({ kind: "volumeShare", impact: 0.1 }),
  ),
  commission: fc.oneof(
    fc.constant({ kind: "none" }),
    fc.constantFrom(0.0005, 0.002).map((rate) => ({ kind: "percent", rate })),
  ),
  participation: maybe(fc.constantFrom(0.05, 0.3).map((f) => ({ maxVolumeFraction: f }))),
  borrow: fc.oneof(fc.constant({ kind: "none" }), fc.constant({ kind: "annualRate", rate: 0.5 })),
  closeAtEnd: fc.boolean(),
}).map((e) => ({
  fill: { kind: "nextOpen", limitFill: e.limitFill, ambiguousBar: e.ambiguousBar },
  latency: e.latency,
  slippage: e.slippage,
  commission: e.commission,
  ...(e.participation === undefined ? {} : { participation: e.participation }),
  borrow: e.borrow,
  closeAtEnd: e.closeAtEnd,
}));

const scenarioArb = fc.record({
  k: fc.integer({ min: 1, max: 3 }),
  n: fc.integer({ min: 20, max: 140 }),
  intervalMs: fc.constantFrom(HOUR, 6 * HOUR, DAY),
  starts: fc.array(fc.integer({ min: 0, max: 15 }), { minLength: 3, maxLength: 3 }),
  prices: fc.array(fc.integer({ min: 5, max: 200 }), { minLength: 3, maxLength: 3 }),
  steps: fc.array(fc.integer({ min: -600, max: 600 }), { minLength: 420, maxLength: 420 }),
  holes: fc.array(fc.integer({ min: 0, max: 419 }), { maxLength: 12 }),
  fast: fc.integer({ min: 1, max: 4 }),
  slow: fc.integer({ min: 2, max: 9 }),
  actions: fc.array(actionArb, { minLength: 64, maxLength: 64 }),
  hookActions: fc.array(actionArb, { minLength: 16, maxLength: 16 }),
  hooks: fc.record({ onFill: fc.boolean(), onTrade: fc.boolean(), onDenied: fc.boolean() }),
  sizing: sizingArb,
  limits: limitsArb,
  breakers: breakersArb,
  cooldown: cooldownArb,
  execution: executionArb,
  capital: fc.integer({ min: 5_000, max: 200_000 }),
  tradeFrom: fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined, freq: 3 }),
  progress: fc.boolean(),
});

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

function rowsOf(sc: Scenario): BarRow[] {
  const rows: BarRow[] = [];
  const holes = new Set(sc.holes);
  for (let s = 0; s < sc.k; s++) {
    let prev = sc.prices[s]!;
    for (let i = sc.starts[s]!; i < sc.n; i++) {
      const at = (s * 140 + i) % 420;
      const open = prev;
      const close = Math.max(0.5, Math.round(open * (1 + sc.steps[at]! / 10_000) * 100) / 100);
      prev = close;
      if (holes.has(at)) continue; // a symbol without a bar at this time
      const hl = Math.abs(sc.steps[(at + 11) % 420]!) / 20_000;
      rows.push({
        symbol: SYMBOLS[s]!,
        tsMs: T0 + i * sc.intervalMs,
        open,
        high: Math.max(open, close) * (1 + hl),
        low: Math.min(open, close) * (1 - hl),
        close,
        volume: 1000 + Math.abs(sc.steps[(at + 3) % 420]!) * 10,
      });
    }
  }
  return rows;
}

const ORDER_TYPES = ["market", "limit", "stop", "stopLimit"] as const;

/** Emit `a` for the context's current symbol. */
function act(ctx: BarContext, a: Action): void {
  switch (a.kind) {
    case "none":
      return;
    case "close":
      ctx.close();
      return;
    case "cancel":
      ctx.cancel();
      return;
    case "target":
      ctx.target(a.qty);
      return;
  }
  const px = ctx.bars.close.at(0);
  if (!(px > 0)) return;
  const type = ORDER_TYPES[a.order]!;
  const off = px * a.offsetBps / 10_000;
  const side = a.kind === "buy" ? 1 : -1;
  const limitPrice = type === "limit" || type === "stopLimit" ? px + off : undefined;
  const stopPrice = type === "stop" || type === "stopLimit" ? px + Math.abs(off) * side : undefined;
  const entry = limitPrice ?? stopPrice ?? px;
  const options = {
    type,
    ...(limitPrice === undefined ? {} : { limitPrice }),
    ...(stopPrice === undefined ? {} : { stopPrice }),
    ...(a.tif === 1 ? { timeInForce: "day" as const } : a.tif === 2 ? { timeInForce: { bars: 3 } } : {}),
    ...(a.bracket ? { stopLoss: entry * (1 - 0.05 * side), takeProfit: entry * (1 + 0.05 * side) } : {}),
  };
  if (a.kind === "buy") ctx.buy(a.qty, options as never);
  else ctx.sell(a.qty, options as never);
}

/** A strategy that acts where SMA(fast) crosses SMA(slow) (its `when`), and from its callbacks. */
function strategyOf(sc: Scenario) {
  return defineStrategy({
    name: "randomWhen",
    params: z.strictObject({}),
    create(_p, setup) {
      const cross: Series[] = setup.symbols.map((s) => {
        const ind = setup.symbol(s).ind;
        return ind.crossover(ind.sma(sc.fast), ind.sma(sc.slow));
      });
      let calls = 0;
      const hook = (ctx: BarContext) => act(ctx, sc.hookActions[calls++ % 16]!);
      return {
        when: cross,
        onBar(ctx) {
          // onBar runs only where `when` is a number other than 0
          const c = cross[ctx.symbol]!.at(0);
          if (!(c !== 0 && c === c)) throw new Error(`onBar called at a bar when does not name (${c})`);
          act(ctx, sc.actions[(ctx.symbol * 37 + ctx.index) % 64]!);
        },
        ...(sc.hooks.onFill ? { onFill: (_f: unknown, ctx: BarContext) => hook(ctx) } : {}),
        ...(sc.hooks.onTrade ? { onTrade: (_t: unknown, ctx: BarContext) => hook(ctx) } : {}),
        ...(sc.hooks.onDenied ? { onDenied: (_d: unknown, ctx: BarContext) => hook(ctx) } : {}),
      };
    },
  });
}

/** Everything a run recorded, as bytes: the equity and cash curves bit for bit, the records as JSON. */
function fingerprint(r: BacktestResult): string {
  const bits = (a: Float64Array) => Array.from(new Uint32Array(a.slice().buffer)).join(",");
  return JSON.stringify({
    summary: r.summary,
    trades: r.trades,
    fills: r.fills,
    denials: r.denials,
    resizes: r.resizes,
    breakerEvents: r.breakerEvents,
    unfilled: r.unfilled,
    openPositions: r.openPositions,
    tsMs: bits(r.equity.tsMs),
    equity: bits(r.equity.equity),
    cash: bits(r.equity.cash),
  }, (_k, v) => typeof v === "number" && !Number.isFinite(v) ? String(v) : v);
}

Deno.test("sparse stepping: random strategies, risk and execution give the same result as stepping every bar", () => {
  let sparseRuns = 0, skippedSteps = 0, withFills = 0, withTrips = 0, withDenials = 0;
  fc.assert(
    fc.property(scenarioArb, (sc) => {
      const rows = rowsOf(sc);
      if (rows.length === 0) return;
      const frame = frameFromRows(rows, sc.intervalMs);
      const config = parseConfig({
        name: "sparse_case",
        data: { source: "unused.csv" },
        capital: sc.capital,
        strategy: { use: strategyOf(sc), params: {} },
        risk: {
          sizing: sc.sizing,
          limits: sc.limits,
          breakers: sc.breakers,
          ...(sc.cooldown ? { cooldown: sc.cooldown } : {}),
        },
        execution: sc.execution,
        seed: 7,
      }, { file: "inline" });
      const tradeFromMs = sc.tradeFrom === undefined ? undefined : T0 + sc.tradeFrom * sc.intervalMs;
      const progress: number[][] = [[], []];
      const runOnce = (sparse: boolean, p: number[]) =>
        runBacktest(config, frame, {
          cache: new IndicatorCache(frame),
          sparse,
          ...(tradeFromMs === undefined ? {} : { tradeFromMs }),
          ...(sc.progress ? { onProgress: (done: number) => p.push(done) } : {}),
        });
      const sparse = runOnce(true, progress[0]!);
      const full = runOnce(false, progress[1]!);
      assert.equal(fingerprint(sparse), fingerprint(full));
      assert.deepEqual(progress[0], progress[1]);
      assert.equal(full.stepping!.mode, "every bar");
      assert.equal(full.stepping!.fullSteps, full.stepping!.steps);
      assert.equal(sparse.stepping!.mode, "sparse");
      sparseRuns++;
      skippedSteps += sparse.stepping!.steps - sparse.stepping!.fullSteps;
      if (full.fills.length > 0) withFills++;
      if (full.breakerEvents.length > 0) withTrips++;
      if (full.denials.length > 0) withDenials++;
    }),
    { numRuns: 300, seed: 20261207 },
  );
  // the comparison means something only if the sparse runs did skip steps
  const seen =
    `${sparseRuns} runs skipped ${skippedSteps} steps; ${withFills} filled, ${withTrips} tripped a breaker, ` +
    `${withDenials} had denials`;
  assert.ok(sparseRuns > 250 && skippedSteps > 5_000 && withFills > 150 && withTrips > 10 && withDenials > 50, seen);
});

Deno.test("sparse stepping: onProgress is called at the same rows either way over a long run", () => {
  const rows: BarRow[] = [];
  let px = 100;
  for (let i = 0; i < 200_000; i++) {
    const o = px;
    px = Math.max(1, Math.round((px + Math.sin(i / 50) * 0.7 + ((i * 7919) % 13 - 6) * 0.05) * 100) / 100);
    rows.push({ symbol: "A", tsMs: T0 + i * 60_000, open: o, high: Math.max(o, px), low: Math.min(o, px), close: px });
  }
  const frame = frameFromRows(rows, 60_000);
  const config = parseConfig({
    name: "progress_case",
    data: { source: "unused.csv" },
    capital: 100_000,
    strategy: { use: smaCross, params: { fast: 10, slow: 30 } },
    risk: { sizing: { kind: "fixedQty", qty: 10 } },
  }, { file: "inline" });
  const seen: number[][] = [[], []];
  const a = runBacktest(config, frame, { onProgress: (d) => seen[0]!.push(d) });
  const b = runBacktest(config, frame, { sparse: false, onProgress: (d) => seen[1]!.push(d) });
  assert.equal(fingerprint(a), fingerprint(b));
  assert.deepEqual(seen[0], seen[1]);
  assert.equal(seen[0]!.length, 3); // 65,536, 131,072, 196,608
  assert.ok(a.stepping!.fullSteps < a.stepping!.steps / 10, JSON.stringify(a.stepping));
});

Deno.test("sparse stepping: a strategy without when steps every bar, and when is checked", () => {
  const rows: BarRow[] = [];
  for (let i = 0; i < 50; i++) {
    for (const [s, base] of [["A", 10], ["B", 20]] as const) {
      const c = base + Math.sin(i / 3) * 2;
      rows.push({ symbol: s, tsMs: T0 + i * DAY, open: c, high: c + 1, low: c - 1, close: c });
    }
  }
  const frame = frameFromRows(rows, DAY);
  const withStrategy = (create: Parameters<typeof defineStrategy>[0]["create"]) =>
    parseConfig({
      name: "when_case",
      data: { source: "unused.csv" },
      capital: 10_000,
      strategy: { use: defineStrategy({ name: "w", params: z.strictObject({}), create }), params: {} },
      risk: { sizing: { kind: "fixedQty", qty: 1 } },
    }, { file: "inline" });
  const plain = runBacktest(withStrategy(() => ({ onBar() {} })), frame);
  assert.deepEqual(plain.stepping, { mode: "every bar", steps: 50, fullSteps: 50 });
  // onStep runs at every step: `when` still gates onBar, but no step is skipped
  const calls: string[] = [];
  const stepped = runBacktest(
    withStrategy((_p, setup) => {
      const when = setup.symbols.map((s) =>
        setup.symbol(s).ind.crossover(setup.symbol(s).ind.sma(2), setup.symbol(s).ind.sma(5))
      );
      return { when, onBar: (ctx) => void calls.push(`${ctx.symbol}@${ctx.index}`), onStep() {} };
    }),
    frame,
  );
  assert.equal(stepped.stepping!.mode, "every bar");
  assert.ok(calls.length > 0 && calls.length < 30, calls.join(" "));
  // setup.perSymbol(...) is iterable in id order: as good as an array
  const perSymbol = runBacktest(
    withStrategy((_p, setup) => ({
      when: setup.perSymbol(({ ind }) => ind.crossover(ind.sma(2), ind.sma(5))),
      onBar() {},
    })),
    frame,
  );
  assert.equal(perSymbol.stepping!.mode, "sparse");
  assert.ok(perSymbol.stepping!.fullSteps < 50, JSON.stringify(perSymbol.stepping));
  const bad: [string, Parameters<typeof defineStrategy>[0]["create"], RegExp][] = [
    [
      "not an array",
      (_p, setup) => ({ when: setup.symbol(0).bars.close as never, onBar() {} }),
      /not an array of 2 series/,
    ],
    ["one per symbol", (_p, setup) => ({ when: [setup.symbol(0).bars.close], onBar() {} }), /found an array of 1/],
    [
      "another symbol's",
      (_p, setup) => ({ when: [setup.symbol(1).bars.close, setup.symbol(1).bars.close], onBar() {} }),
      /when\[0\] that is not a series of "A"'s own bars/,
    ],
    ["not a series", () => ({ when: [1, 2] as never, onBar() {} }), /when\[0\] that is not a series/],
    [
      "no onBar",
      (_p, setup) => ({ when: setup.symbols.map((s) => setup.symbol(s).bars.close), onStep() {} }),
      /when but no onBar/,
    ],
  ];
  for (const [what, create, message] of bad) {
    assert.throws(() => runBacktest(withStrategy(create), frame), message, what);
  }
});

Deno.test("sweep: a run measured for its summary reports the same numbers as the run alone measured in full", () => {
  const rows: BarRow[] = [];
  let px = 50;
  for (let i = 0; i < 3000; i++) {
    const o = px;
    px = Math.max(1, Math.round((px * (1 + Math.sin(i / 17) * 0.004 + ((i * 104729) % 21 - 10) * 0.0008)) * 100) / 100);
    rows.push({
      symbol: "A",
      tsMs: T0 + i * DAY,
      open: o,
      high: Math.max(o, px) * 1.002,
      low: Math.min(o, px) * 0.998,
      close: px,
    });
  }
  const frame = frameFromRows(rows, DAY);
  const config = parseConfig({
    name: "sweep_case",
    data: { source: "unused.csv" },
    capital: 100_000,
    strategy: { use: smaCross, params: { fast: 10, slow: 30 } },
    risk: { sizing: { kind: "percentEquity", fraction: 0.5 }, breakers: { maxDrawdownStop: { percent: 0.2 } } },
    execution: { commission: { kind: "percent", rate: 0.001 }, latency: { kind: "fixed", ms: HOUR } },
  }, { file: "inline" });
  const cache = new IndicatorCache(frame);
  for (const [fast, slow] of [[3, 8], [5, 20], [10, 30], [20, 60], [2, 100]] as const) {
    const lean = evaluate(config, frame, { fast, slow }, { objective: "sharpe", cache, only: "summary" });
    const alone = runBacktest(configWithParams(config, { fast, slow }), frame);
    const m = computeMetrics({
      equity: alone.equity.equity,
      tsMs: alone.equity.tsMs,
      initial: config.capital,
      trades: alone.trades,
      returns: simpleReturns(alone.equity.equity, config.capital),
    });
    for (const k of [...SUMMARY_METRICS, "skew", "kurtosis", "periodsPerYear"] as const) {
      assert.ok(Object.is(lean.metrics[k], m[k]), `${fast}/${slow} ${k}: ${lean.metrics[k]} vs ${m[k]}`);
    }
    assert.ok(Object.is(lean.objective, m.sharpe));
    assert.equal(lean.result.stepping!.mode, "sparse");
    // no fill records are kept for a sweep's run, but they are counted
    assert.equal(lean.result.fills.length, 0);
    assert.equal(lean.result.summary.fills, alone.fills.length);
    assert.deepEqual({ ...lean.result.summary }, { ...alone.summary });
    // the same trades (MAE and MFE are left out of a sweep's runs: NaN)
    assert.deepEqual(
      lean.result.trades.map((t) => [t.entryTimeMs, t.exitTimeMs, t.qty, t.pnl, t.fees]),
      alone.trades.map((t) => [t.entryTimeMs, t.exitTimeMs, t.qty, t.pnl, t.fees]),
    );
  }
});
