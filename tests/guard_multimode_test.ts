/**
 * Multi-mode guard: engine paths that must agree, checked against each
 * other on the same bars.
 *
 * - CSV and Parquet input load the same frame and give the same run;
 * - a glob of one file per symbol and one file with a Symbol column do too;
 * - one symbol alone and the same symbol inside a multi-symbol run, when no
 *   other symbol trades, give the same fills, trades and equity;
 * - zero latency, written any way, is the plain next-open rule;
 * - a latency shorter than the overnight gap (daily bars given their session
 *   length) fills exactly at the next open too (only a cancel's end time
 *   moves: it takes effect at its own arrival);
 * - an indicator cache shared with earlier runs gives the same run as a
 *   fresh one.
 */
import assert from "node:assert/strict";
import { type BarFrame, defineStrategy, IndicatorCache, loadBars, loadConfig, runBacktest } from "../mod.ts";
import type { Config } from "../engine/config/schema.ts";
import type { BacktestResult } from "../engine/result.ts";
import { smaCross } from "../strategies/sma_cross.ts";
import { donchianBreakout } from "../strategies/donchian_breakout.ts";

/** A run's records, without its config (which names its data source). */
const records = (r: BacktestResult) => ({ ...r, config: undefined });

/**
 * A run's records without the end times of cancelled orders: a cancel takes
 * effect at its own arrival, so with latency it ends later, legitimately.
 */
const fillRecords = (r: BacktestResult) => ({
  ...records(r),
  unfilled: r.unfilled.map((u) => ({ ...u, endTsMs: u.status === "cancelled" ? undefined : u.endTsMs })),
});

/** The frame's content as plain arrays. */
const bars = (f: BarFrame) => ({
  symbols: [...f.symbols],
  tsMs: Array.from(f.tsMs),
  open: Array.from(f.open),
  high: Array.from(f.high),
  low: Array.from(f.low),
  close: Array.from(f.close),
  volume: Array.from(f.volume),
  intervalMs: Array.from(f.intervalMs),
});

const withData = (c: Config, source: string): Config => ({
  ...c,
  data: { ...c.data, source: { kind: "files", path: source } },
});

Deno.test("multi-mode: CSV and Parquet input give the same bars and the same risk-managed run", async () => {
  const config = await loadConfig("configs/risk_demo.ts");
  const fromCsv = await loadBars(withData(config, "data/sample/sample.csv").data);
  const fromParquet = await loadBars(withData(config, "data/sample/sample.parquet").data);
  assert.deepEqual(bars(fromParquet), bars(fromCsv));
  const a = runBacktest(config, fromCsv), b = runBacktest(config, fromParquet);
  assert.ok(a.fills.length > 50 && a.denials.length > 50);
  assert.deepEqual(records(b), records(a));
});

Deno.test("multi-mode: a glob of per-symbol files and one file with a Symbol column give the same run", async () => {
  const config = await loadConfig("configs/execution_demo.ts");
  const glob = await loadBars(withData(config, "data/sample/???.csv").data);
  const combined = await loadBars(withData(config, "data/sample/sample.csv").data);
  assert.deepEqual(bars(glob), bars(combined));
  assert.deepEqual(records(runBacktest(config, glob)), records(runBacktest(config, combined)));
});

/** `inner`, trading only `symbol` (every other symbol's bars are still seen, never traded). */
const onlyIn = (symbol: string, inner: Config["strategy"]["use"]) =>
  defineStrategy({
    name: `${inner.name}Only`,
    params: inner.params,
    create(params, setup) {
      const s = inner.create(params as never, setup);
      return { onBar: (ctx) => (ctx.symbolName === symbol ? s.onBar!(ctx) : undefined) };
    },
  });

for (const path of ["configs/sma_cross.ts", "configs/execution_demo.ts"]) {
  Deno.test(`multi-mode: ${path} on AAA alone equals AAA inside a four-symbol run where nothing else trades`, async () => {
    const base = await loadConfig(path);
    const alone = withData(base, "data/sample/AAA.csv");
    const inside = {
      ...withData(base, "data/sample/sample.csv"),
      strategy: { use: onlyIn("AAA", base.strategy.use), params: base.strategy.params },
    } as Config;
    const a = runBacktest(alone, await loadBars(alone.data));
    const frame4 = await loadBars(inside.data);
    assert.equal(frame4.symbols.length, 4);
    const b = runBacktest(inside, frame4);
    assert.ok(a.fills.length > 10, `${a.fills.length} fills`);
    assert.ok(b.fills.every((f) => f.symbol === "AAA"));
    // the sample symbols share one calendar, so the equity curves line up bar for bar
    for (const k of ["fills", "trades", "denials", "resizes", "breakerEvents", "unfilled", "openPositions"] as const) {
      assert.deepEqual(b[k], a[k], k);
    }
    assert.deepEqual(b.equity, a.equity);
    assert.deepEqual({ ...b.summary, bars: 0, symbols: 0 }, { ...a.summary, bars: 0, symbols: 0 });
  });
}

Deno.test("multi-mode: zero latency, written any way, is the plain next-open rule", async () => {
  const base = await loadConfig("golden/03_execution_fill_models/config.ts");
  const frame = await loadBars(base.data);
  const run = (latency: unknown) =>
    records(runBacktest({ ...base, execution: { ...base.execution, latency } } as Config, frame));
  const nextOpen = run({ kind: "none" });
  assert.ok(nextOpen.fills.length > 20);
  for (
    const zero of [
      { kind: "fixed", ms: 0 },
      { kind: "uniform", lowMs: 0, highMs: 0 },
      { kind: "empirical", samplesMs: [0] },
      { kind: "lognormal", medianMs: 1_200_000, sigma: 0.8, maxMs: 0 },
      { kind: "exponential", meanMs: 5_000, maxMs: 0 },
    ]
  ) {
    assert.deepEqual(run(zero), nextOpen, zero.kind);
  }
  // and a real latency does change this run (the bars are back to back inside a session)
  assert.notDeepEqual(run({ kind: "fixed", ms: 1 }).fills, nextOpen.fills);
});

Deno.test("multi-mode: a latency shorter than the overnight gap fills at the next open, as with no latency", async () => {
  // daily bars given a 390-minute session: the close is known at 06:30, the next bar starts the next day
  const base = await loadConfig("configs/execution_demo.ts");
  const frame = await loadBars(base.data);
  const run = (latency: unknown) =>
    fillRecords(runBacktest({ ...base, execution: { ...base.execution, latency } } as Config, frame));
  const none = run({ kind: "none" });
  assert.ok(none.fills.length > 50);
  assert.deepEqual(run({ kind: "lognormal", medianMs: 40, sigma: 0.6, maxMs: 2000 }), none);
  assert.deepEqual(run({ kind: "uniform", lowMs: 0, highMs: 17 * 3_600_000 }), none);
});

Deno.test("multi-mode: an indicator cache shared with other runs gives the run of a fresh cache", async () => {
  const config = await loadConfig("configs/risk_demo.ts");
  const frame = await loadBars(config.data);
  const cache = new IndicatorCache(frame);
  // warm the cache with other strategies and params on the same bars
  for (
    const [use, params] of [[smaCross, { fast: 5, slow: 20 }], [donchianBreakout, { entry: 10, exit: 20 }]] as const
  ) {
    runBacktest({ ...config, strategy: { use, params } } as Config, frame, { cache });
  }
  const shared = runBacktest(config, frame, { cache });
  const fresh = runBacktest(config, frame);
  assert.deepEqual(records(shared), records(fresh));
});
