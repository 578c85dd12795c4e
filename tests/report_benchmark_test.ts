/**
 * The benchmark, the drawdowns table and the checks of the `analysis`
 * section, on the hand-worked two-symbol run of `report_breakdowns_test.ts`
 * (equity 1000, 998, 1002, 991, 1015 on d0 2023-12-29, d1 2024-01-02,
 * d2 2024-03-28, d3 2024-04-01, d4 2024-04-02).
 *
 *        d0   d1   d2   d3   d4
 *   A    10   11   12   11   13
 *   B    20   18   19   21   20
 *
 * Equal-weight benchmark: 500 in each at d0's close, 50 A and 25 B, held:
 *   d0 500 + 500 = 1000; d1 550 + 450 = 1000; d2 600 + 475 = 1075; d3 550 + 525 = 1075; d4 650 + 500 = 1150.
 * Symbol benchmark "B": 1000 × close / 20 = 1000, 900, 950, 1050, 1000.
 */
import assert from "node:assert/strict";
import type { ConfigInput } from "../engine/config/schema.ts";
import { ConfigError } from "../engine/errors.ts";
import { analyzeResult } from "../engine/report/analyze_result.ts";
import { loadBenchmarkFrame } from "../engine/report/benchmark.ts";
import { collectBytes } from "../engine/report/byte_writer.ts";
import { relativeMetrics } from "../engine/report/metrics/relative_metrics.ts";
import { resultJson } from "../engine/report/result_json.ts";
import { DAY, flatBars, near, runPlan } from "./_report.ts";

const D = [
  Date.UTC(2023, 11, 29),
  Date.UTC(2024, 0, 2),
  Date.UTC(2024, 2, 28),
  Date.UTC(2024, 3, 1),
  Date.UTC(2024, 3, 2),
];
const EQUITY = [1000, 998, 1002, 991, 1015];
const BARS = [...flatBars("A", D, [10, 11, 12, 11, 13]), ...flatBars("B", D, [20, 18, 19, 21, 20])];
const PLAN = [["A", 0, "buy", 10], ["A", 3, "sell", 10], ["B", 0, "sell", 5], ["B", 1, "buy", 5], [
  "B",
  2,
  "sell",
  5,
]] as const;

function run(extra: Partial<Omit<ConfigInput, "strategy">> = {}) {
  return runPlan(BARS, PLAN, {
    execution: { commission: { kind: "fixed", amount: 1 } },
    output: { metrics: { periodsPerYear: 252 } },
    ...extra,
  });
}

const returnsOf = (xs: readonly number[], initial: number) =>
  xs.map((x, i) => x / (i === 0 ? initial : xs[i - 1]!) - 1);

Deno.test("benchmark: the default equal-weight buy-and-hold of the universe, by hand", () => {
  const { result, frame } = run();
  assert.deepEqual([...result.equity.equity], EQUITY);
  const b = analyzeResult(result, { frame }).benchmark!;
  assert.equal(b.name, "equal weight of 2 symbols");
  assert.deepEqual([...b.value], [1000, 1000, 1075, 1075, 1150]);
  near(b.metrics.totalReturn, 0.15, "benchmark total return");
  assert.equal(b.metrics.maxDrawdown, 0);
  assert.equal(b.metrics.bars, 5);
  // the relative metrics are those of the two return series worked out from the curves above
  const want = relativeMetrics(
    Float64Array.from(returnsOf(EQUITY, 1000)),
    Float64Array.from(returnsOf([1000, 1000, 1075, 1075, 1150], 1000)),
    252,
  );
  for (const [k, v] of Object.entries(want)) {
    if (Number.isNaN(v)) assert.ok(Number.isNaN(b.relative[k as keyof typeof want]), k);
    else near(b.relative[k as keyof typeof want], v, k);
  }
  assert.ok(Number.isNaN(b.relative.downCapture)); // the benchmark never falls
  near(b.relative.excessReturn, 0.015 - 0.15, "excess return");
  assert.equal(b.relative.periods, 5);
});

Deno.test("benchmark: a symbol of the data, and one whose bars start later", () => {
  const { result, frame } = run({ analysis: { benchmark: { kind: "symbol", symbol: "B" } } });
  const b = analyzeResult(result, { frame }).benchmark!;
  assert.equal(b.name, "B");
  assert.deepEqual([...b.value], [1000, 900, 950, 1050, 1000]);
  // C starts at d2 (close 4), then 5, 6: NaN before, 1000 × close / 4 after
  const late = runPlan([...BARS, ...flatBars("C", D.slice(2), [4, 5, 6])], [], {
    analysis: { benchmark: { kind: "symbol", symbol: "C" } },
  });
  const c = analyzeResult(late.result, { frame: late.frame }).benchmark!;
  assert.deepEqual([...c.value], [NaN, NaN, 1000, 1250, 1500]);
  assert.equal(c.relative.periods, 2); // d3 and d4: d2 has no earlier price
  assert.equal(c.metrics.bars, 3); // its own metrics from its first price
  near(c.metrics.totalReturn, 0.5, "late benchmark total return");
});

Deno.test("benchmark: none without the bars it needs, or when switched off", () => {
  const { result, frame } = run();
  assert.equal(analyzeResult(result).benchmark, undefined);
  assert.equal("benchmark" in analyzeResult(result), false);
  const off = run({ analysis: { benchmark: false } });
  assert.equal(analyzeResult(off.result, { frame }).benchmark, undefined);
  const src = run({ analysis: { benchmark: { kind: "source", data: { source: "spy.csv" } } } });
  assert.equal(analyzeResult(src.result, { frame }).benchmark, undefined); // no benchmarkFrame given
});

Deno.test("benchmark: another data source, loaded with loadBenchmarkFrame", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    // SPY has bars on d0 (400), d2 (440) and d4 (462): d1 and d3 take the last close before them
    await Deno.writeTextFile(
      `${dir}/SPY.csv`,
      `Date,Open,High,Low,Close\n${day(D[0]!)},400,400,400,400\n${day(D[2]!)},440,440,440,440\n${
        day(D[4]!)
      },462,462,462,462\n`,
    );
    const { result, frame } = run({ analysis: { benchmark: { kind: "source", data: { source: `${dir}/SPY.csv` } } } });
    const benchmarkFrame = await loadBenchmarkFrame(result.config);
    assert.deepEqual(benchmarkFrame?.symbols, ["SPY"]);
    const b = analyzeResult(result, { frame, benchmarkFrame }).benchmark!;
    assert.equal(b.name, `SPY (${dir}/SPY.csv)`);
    assert.deepEqual([...b.value], [1000, 1000, 1100, 1100, 1155]);
    // calendar returns gain the benchmark's return and the excess: 2024 runs 1000 → 1015 against 1000 → 1155
    const y2024 = analyzeResult(result, { frame, benchmarkFrame }).returns.yearly[1]!;
    near(y2024.return, 0.015, "2024 return");
    near(y2024.benchmarkReturn!, 0.155, "2024 benchmark return");
    near(y2024.excessReturn!, 0.015 - 0.155, "2024 excess return");
    // March: 998 → 1002 against 1000 → 1100
    const march = analyzeResult(result, { frame, benchmarkFrame }).returns.monthly.find((p) => p.period === "2024-03")!;
    near(march.benchmarkReturn!, 0.1, "March benchmark return");
    near(march.excessReturn!, 1002 / 998 - 1 - 0.1, "March excess return");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("drawdowns: the run's two drawdowns, deepest first, by hand", () => {
  const { result } = run();
  const a = analyzeResult(result);
  // 1002 (d2) → 991 (d3) → 1015 (d4): −1.0978 %, 5 days; 1000 (d0) → 998 (d1) → 1002 (d2): −0.2 %, 90 days
  assert.deepEqual(
    a.drawdowns.map((d) => [d.peakTimeMs, d.troughTimeMs, d.recoveryTimeMs, d.lengthBars, d.lengthDays]),
    [[D[2], D[3], D[4], 2, 5], [D[0], D[1], D[2], 2, 90]],
  );
  near(a.drawdowns[0]!.depth, 991 / 1002 - 1, "deepest");
  near(a.drawdowns[1]!.depth, 998 / 1000 - 1, "second");
  assert.equal(a.drawdowns[0]!.depth, a.metrics.maxDrawdown);
});

Deno.test("result.json: benchmark, drawdowns and excess returns", () => {
  const { result, frame } = run();
  const doc = JSON.parse(new TextDecoder().decode(collectBytes(resultJson(result, analyzeResult(result, { frame })))));
  assert.equal(doc.schemaVersion, 3);
  assert.equal(doc.benchmark.name, "equal weight of 2 symbols");
  near(doc.benchmark.metrics.totalReturn, 0.15, "benchmark total return");
  assert.equal(doc.benchmark.metrics.numTrades, undefined); // no trade statistics for a benchmark
  assert.equal(doc.benchmark.metrics.exposure, undefined);
  assert.equal(doc.benchmark.metrics.skew, undefined); // distribution metrics: not computed for a benchmark
  assert.equal(doc.benchmark.relative.periods, 5);
  assert.deepEqual(Object.keys(doc.benchmark.relative), [
    "alpha",
    "beta",
    "upCapture",
    "downCapture",
    "informationRatio",
    "trackingError",
    "correlation",
    "excessReturn",
    "periods",
  ]);
  assert.ok(Math.abs(doc.drawdowns[0].depth - (991 / 1002 - 1)) < 1e-8); // written to 8 decimals
  assert.deepEqual({ ...doc.drawdowns[0], depth: 0 }, {
    depth: 0,
    peak: "2024-03-28T00:00:00Z",
    trough: "2024-04-01T00:00:00Z",
    recovery: "2024-04-02T00:00:00Z",
    lengthDays: 5,
    lengthBars: 2,
  });
  const y = doc.breakdowns.returns.yearly[1];
  assert.deepEqual(Object.keys(y).slice(-2), ["benchmarkReturn", "excessReturn"]);
  for (
    const k of ["bestDay", "worstDay", "bestMonth", "worstMonth", "bestYear", "worstYear", "exposureAdjustedReturn"]
  ) {
    assert.equal(typeof doc.metrics[k], "number", k);
  }
  // without a benchmark: no key
  const bare = JSON.parse(new TextDecoder().decode(collectBytes(resultJson(result, analyzeResult(result)))));
  assert.equal("benchmark" in bare, false);
  assert.equal("excessReturn" in bare.breakdowns.returns.yearly[0], false);
});

Deno.test("bad input: a benchmark symbol absent from the data lists the symbols present, abbreviated", () => {
  const { result, frame } = run({ analysis: { benchmark: { kind: "symbol", symbol: "SPY" } } });
  assert.throws(
    () => analyzeResult(result, { frame }),
    (e) =>
      e instanceof ConfigError &&
      e.message === 'analysis.benchmark.symbol: "SPY" is not a symbol of the data; found 2 symbols: A, B',
  );
  const names = Array.from({ length: 12 }, (_, i) => `S${String(i).padStart(2, "0")}`);
  const many = runPlan(names.flatMap((s) => flatBars(s, D, [1, 1, 1, 1, 1])), [], {
    analysis: { benchmark: { kind: "symbol", symbol: "SPY" } },
  });
  assert.throws(
    () => analyzeResult(many.result, { frame: many.frame }),
    /"SPY" is not a symbol of the data; found 12 symbols: S00, S01, S02, S03, S04, S05, S06, S07, S08, S09, … \(12 in all\)$/,
  );
});

Deno.test("bad input: a benchmark with no bar within the run", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/SPY.csv`, "Date,Open,High,Low,Close\n2010-01-04,1,1,1,1\n2010-01-05,1,1,1,1\n");
    const { result, frame } = run({ analysis: { benchmark: { kind: "source", data: { source: `${dir}/SPY.csv` } } } });
    const benchmarkFrame = await loadBenchmarkFrame(result.config);
    assert.throws(
      () => analyzeResult(result, { frame, benchmarkFrame }),
      (e) =>
        e instanceof ConfigError &&
        e.message ===
          `analysis.benchmark: SPY (${dir}/SPY.csv) has no bar within the run (2023-12-29 → 2024-04-02); its bars run 2010-01-04 → 2010-01-05`,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("bad input: a rolling window longer than the run, a Monte Carlo block longer than its returns", () => {
  const long = run({ analysis: { rollingWindow: 6 } });
  assert.throws(
    () => analyzeResult(long.result),
    (e) =>
      e instanceof ConfigError && e.message === "analysis.rollingWindow: expected at most the run's 5 bars, found 6",
  );
  analyzeResult(run({ analysis: { rollingWindow: 5 } }).result); // at the limit: fine
  analyzeResult(run().result); // the default window (63) on a 5-bar run: no rolling values, no error
  const mc = run({ analysis: { monteCarlo: { blockLength: 6 } } });
  assert.throws(
    () => analyzeResult(mc.result),
    (e) =>
      e instanceof ConfigError && e.message.includes("analysis.monteCarlo.blockLength") && /\b6\b/.test(e.message) &&
      /\b5\b/.test(e.message),
  );
  analyzeResult(run({ analysis: { monteCarlo: { blockLength: 5 } } }).result);
});

Deno.test("benchmark: equal weight on one day-spaced symbol is buy-and-hold of it", () => {
  const closes = [10, 12, 9, 15];
  const times = closes.map((_, i) => i * DAY);
  const { result, frame } = runPlan(flatBars("X", times, closes), []);
  const b = analyzeResult(result, { frame }).benchmark!;
  assert.deepEqual([...b.value], closes.map((c) => (1000 * c) / 10));
});
