import assert from "node:assert/strict";
import { ConfigError } from "../errors.ts";
import { mulberry32 } from "../random.ts";
import { cagr } from "./metrics/cagr.ts";
import { computeMetrics } from "./metrics/compute_metrics.ts";
import { sharpe } from "./metrics/sharpe.ts";
import {
  type Distribution,
  FAN_MAX_PATHS,
  FAN_MAX_STEPS,
  mergeMonteCarlo,
  monteCarlo,
  type MonteCarloInput,
  monteCarloPaths,
  monteCarloProblem,
  type MonteCarloSettings,
  tradeReturnsOf,
} from "./monte_carlo.ts";

const DAY_MS = 86_400_000;

function settings(over: Partial<MonteCarloSettings> = {}): MonteCarloSettings {
  return { paths: 1000, blockLength: 5, ruinDrawdown: 0.5, confidence: 0.9, seed: 42, ...over };
}

function noisyReturns(n: number, seed: number): Float64Array {
  const rnd = mulberry32(seed);
  return Float64Array.from({ length: n }, () => 0.0004 + 0.02 * (rnd() / 4294967296 - 0.5));
}

/** numpy's `np.percentile(x, 100·q)` (method="linear"), written out independently: sort, then a + (b − a)·t. */
function numpyPercentile(values: ArrayLike<number>, q: number): number {
  const x = Array.from(values).filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  const h = (x.length - 1) * q;
  const lo = Math.floor(h);
  if (lo + 1 >= x.length) return x[lo]!;
  return x[lo]! + (x[lo + 1]! - x[lo]!) * (h - lo);
}

function assertClose(actual: number, expected: number, tol: number, label: string): void {
  const ok = actual === expected || Math.abs(actual - expected) <= tol;
  assert.ok(ok, `${label}: expected ${expected} ± ${tol}, got ${actual}`);
}

function assertPoint(d: Distribution, expected: number, tol: number, label: string): void {
  for (const [k, v] of Object.entries(d)) assertClose(v, expected, tol, `${label}.${k}`);
}

/** Count how often each value (to 12 decimals) occurs. */
function frequencies(values: Float64Array): Map<string, number> {
  const m = new Map<string, number>();
  for (const v of values) m.set(v.toFixed(12), (m.get(v.toFixed(12)) ?? 0) + 1);
  return m;
}

/** |observed − p·N| within 5 binomial standard deviations. */
function assertFrequency(count: number, p: number, n: number, label: string): void {
  const sd = Math.sqrt(n * p * (1 - p));
  assert.ok(Math.abs(count - p * n) <= 5 * sd, `${label}: ${count} of ${n}, expected ${p * n} ± ${5 * sd}`);
}

Deno.test("monteCarlo: a block as long as the series reproduces the run on every path (zero-width intervals)", () => {
  const returns = noisyReturns(300, 1);
  const initial = 10_000;
  const equity = new Float64Array(returns.length);
  let e = initial;
  for (let i = 0; i < returns.length; i++) equity[i] = e *= 1 + returns[i]!;
  const tsMs = Float64Array.from(equity, (_, i) => i * DAY_MS);
  const m = computeMetrics({ equity, tsMs, initial, periodsPerYear: 252, riskFree: 0.03 });
  const mc = monteCarlo(
    { returns, initial, periodsPerYear: 252, riskFree: 0.03 },
    settings({ paths: 200, blockLength: returns.length }),
  );
  assertPoint(mc.returns.finalReturn, m.totalReturn, 1e-12, "finalReturn");
  assertPoint(mc.returns.cagr, m.cagr, 1e-12, "cagr");
  assertPoint(mc.returns.sharpe, m.sharpe, 1e-12, "sharpe");
  assertPoint(mc.returns.maxDrawdown, m.maxDrawdown, 1e-12, "maxDrawdown");
  // the very same kernels on the very same returns: bit-identical
  assert.equal(mc.returns.cagr.median, cagr(returns, 252));
  assert.equal(mc.returns.sharpe.median, sharpe(returns, 252, 0.03));
  const { fan } = mc.returns;
  for (let s = 0; s < fan.step.length; s++) {
    const want = equity[fan.step[s]!]!;
    for (const q of [fan.p5, fan.p25, fan.p50, fan.p75, fan.p95]) assertClose(q[s]!, want, 1e-8, `fan step ${s}`);
  }
  assert.equal(mc.returns.probabilityOfRuin, m.maxDrawdown <= -0.5 ? 1 : 0);
});

Deno.test("monteCarlo: a constant return series gives the same path whatever the draws", () => {
  const returns = new Float64Array(100).fill(0.001);
  const mc = monteCarlo({ returns, initial: 100, periodsPerYear: 252 }, settings({ paths: 300, blockLength: 3 }));
  assertPoint(mc.returns.finalReturn, 1.001 ** 100 - 1, 1e-12, "finalReturn");
  assertPoint(mc.returns.cagr, 1.001 ** 252 - 1, 1e-12, "cagr"); // (1.001^100)^(252/100) − 1
  assertPoint(mc.returns.maxDrawdown, 0, 0, "maxDrawdown");
  assertPoint(mc.returns.sharpe, Infinity, 0, "sharpe"); // zero volatility, positive mean: +∞ as empyrical
  assert.equal(mc.returns.probabilityOfRuin, 0);
});

Deno.test("monteCarlo: probability of ruin is 0 and 1 where every path is known", () => {
  const up = Float64Array.of(0.01, 0.02, 0.03, 0.01);
  assert.equal(
    monteCarlo({ returns: up, initial: 1, periodsPerYear: 252 }, settings({ blockLength: 2, ruinDrawdown: 0.001 }))
      .returns.probabilityOfRuin,
    0,
  );
  // every path is 5 × −10 %: max drawdown 0.9^5 − 1 = −0.40951
  const down = new Float64Array(5).fill(-0.1);
  const at = (ruinDrawdown: number) =>
    monteCarlo({ returns: down, initial: 1, periodsPerYear: 252 }, settings({ blockLength: 2, ruinDrawdown }));
  assertPoint(at(0.4).returns.maxDrawdown, 0.9 ** 5 - 1, 1e-12, "maxDrawdown");
  assert.equal(at(0.4).returns.probabilityOfRuin, 1);
  assert.equal(at(0.40951).returns.probabilityOfRuin, 1); // reaching it exactly counts
  assert.equal(at(0.41).returns.probabilityOfRuin, 0);
});

Deno.test("monteCarlo: the plain bootstrap (b = 1) of 3 returns converges to its 27 equally likely paths", () => {
  // r = (0.1, −0.05, 0.02): each path draws 3 returns uniformly with replacement. Its final
  // return depends on the multiset only: P = (multinomial coefficient) / 27.
  const r = [0.1, -0.05, 0.02];
  const exact = new Map<string, number>();
  for (const a of r) {
    for (const b of r) {
      for (const c of r) {
        const key = ((1 + a) * (1 + b) * (1 + c) - 1).toFixed(12);
        exact.set(key, (exact.get(key) ?? 0) + 1 / 27);
      }
    }
  }
  assert.equal(exact.size, 10); // C(3 + 3 − 1, 3) multisets
  const paths = 27_000;
  const cfg = settings({ paths, blockLength: 1 });
  const chunk = monteCarloPaths({ returns: Float64Array.from(r), initial: 1, periodsPerYear: 252 }, cfg, 0, paths);
  const seen = frequencies(chunk.returns.finalReturn);
  assert.deepEqual([...seen.keys()].sort(), [...exact.keys()].sort());
  for (const [k, p] of exact) assertFrequency(seen.get(k)!, p, paths, `final return ${k}`);
  // E[Π(1 + r_i)] = (mean of 1 + r)^3 for i.i.d. draws
  const mean = monteCarlo({ returns: Float64Array.from(r), initial: 1, periodsPerYear: 252 }, cfg).returns.finalReturn
    .mean;
  const expectedMean = ((3 + 0.1 - 0.05 + 0.02) / 3) ** 3 - 1;
  const sdMean = Math.sqrt(
    [...exact].reduce((s, [k, p]) => s + p * (Number(k) - expectedMean) ** 2, 0) / paths,
  );
  assertClose(mean, expectedMean, 5 * sdMean, "mean final return");
});

Deno.test("monteCarlo: moving blocks of 2 over 3 returns: two blocks, the second truncated, four paths", () => {
  // blocks B0 = (0.1, −0.05) and B1 = (−0.05, 0.02); ⌈3/2⌉ = 2 blocks, the second cut to its first return.
  const r = Float64Array.of(0.1, -0.05, 0.02);
  const paths = [
    [0.1, -0.05, 0.1], // B0, B0
    [0.1, -0.05, -0.05], // B0, B1
    [-0.05, 0.02, 0.1], // B1, B0
    [-0.05, 0.02, -0.05], // B1, B1
  ];
  const n = 8000;
  const chunk = monteCarloPaths(
    { returns: r, initial: 1, periodsPerYear: 252 },
    settings({ paths: n, blockLength: 2 }),
    0,
    n,
  );
  const seen = frequencies(chunk.returns.finalReturn);
  assert.equal(seen.size, 4);
  for (const p of paths) {
    const key = (p.reduce((g, x) => g * (1 + x), 1) - 1).toFixed(12);
    assertFrequency(seen.get(key) ?? 0, 0.25, n, `path ${p}`);
  }
  // and each path's max drawdown is the hand-worked one for its final return
  const ddOf = new Map([
    [(1.1 * 0.95 * 1.1 - 1).toFixed(12), 0.95 - 1],
    [(1.1 * 0.95 * 0.95 - 1).toFixed(12), 0.95 * 0.95 - 1],
    [(0.95 * 1.02 * 1.1 - 1).toFixed(12), 0.95 - 1],
    [(0.95 * 1.02 * 0.95 - 1).toFixed(12), 0.95 * 1.02 * 0.95 - 1],
  ]);
  for (let i = 0; i < n; i++) {
    assertClose(chunk.returns.maxDrawdown[i]!, ddOf.get(chunk.returns.finalReturn[i]!.toFixed(12))!, 1e-12, "dd");
  }
});

Deno.test("monteCarlo: the trade bootstrap draws with replacement; CAGR over the run's years, Sharpe per trade annualised", () => {
  // trades (+10 %, −10 %): four equally likely sequences
  //   (+,+) 1.21, dd 0, Sharpe +∞ · (+,−) and (−,+) 0.99, dd −10 %, Sharpe 0 · (−,−) 0.81, dd −19 %, Sharpe −∞
  const input: MonteCarloInput = {
    returns: noisyReturns(252, 2), // one year
    tradeReturns: Float64Array.of(0.1, -0.1),
    initial: 100,
    periodsPerYear: 252,
  };
  const n = 8000;
  const cfg = settings({ paths: n, ruinDrawdown: 0.15 });
  const trades = monteCarloPaths(input, cfg, 0, n).trades!;
  const final = frequencies(trades.finalReturn);
  assertFrequency(final.get((0.21).toFixed(12))!, 0.25, n, "(+,+)");
  assertFrequency(final.get((-0.01).toFixed(12))!, 0.5, n, "(+,−) or (−,+)");
  assertFrequency(final.get((-0.19).toFixed(12))!, 0.25, n, "(−,−)");
  for (let i = 0; i < n; i++) {
    const f = trades.finalReturn[i]!;
    assertClose(trades.cagr[i]!, f, 1e-12, "one year: CAGR = final return");
    const kind = Math.round(f * 100);
    const [dd, sr] = kind === 21 ? [0, Infinity] : kind === -1 ? [-0.1, 0] : [-0.19, -Infinity];
    assertClose(trades.maxDrawdown[i]!, dd, 1e-12, "dd");
    if (Number.isFinite(sr)) assertClose(trades.sharpe[i]!, sr, 1e-12, "sharpe");
    else assert.equal(trades.sharpe[i], sr);
  }
  const mc = monteCarlo(input, cfg);
  assertFrequency(mc.trades!.probabilityOfRuin * n, 0.25, n, "ruin at 15 %: only (−,−)");
  assert.deepEqual([...mc.trades!.fan.step], [0, 1]);
  // with a −10 % trade and a zero one the run's length sets the CAGR: two years → √(final) − 1
  const two = monteCarlo(
    { ...input, returns: noisyReturns(504, 3), tradeReturns: Float64Array.of(-0.1, -0.1) },
    settings({ paths: 10 }),
  );
  assertPoint(two.trades!.cagr, Math.sqrt(0.81) - 1, 1e-12, "cagr over two years");
});

Deno.test("monteCarlo: no trade bootstrap with fewer than 2 trades", () => {
  const returns = noisyReturns(50, 4);
  for (const tradeReturns of [undefined, new Float64Array(0), Float64Array.of(0.05)]) {
    const mc = monteCarlo(
      { returns, initial: 1, periodsPerYear: 252, ...(tradeReturns && { tradeReturns }) },
      settings({ paths: 20 }),
    );
    assert.equal(mc.trades, undefined);
    assert.ok(!("trades" in mc));
  }
});

Deno.test("monteCarlo: a wiped-out run stays at zero on every path that draws the wipe-out", () => {
  // simpleReturns of equity 110, 0, 0, 0 from 100: the −100 % return, then NaN (0/0)
  const returns = Float64Array.of(0.1, -1, NaN, NaN);
  const mc = monteCarlo({ returns, initial: 100, periodsPerYear: 252 }, settings({ paths: 50, blockLength: 4 }));
  assertPoint(mc.returns.finalReturn, -1, 0, "finalReturn");
  assertPoint(mc.returns.cagr, -1, 0, "cagr");
  assertPoint(mc.returns.maxDrawdown, -1, 0, "maxDrawdown");
  assert.equal(mc.returns.probabilityOfRuin, 1);
});

Deno.test("monteCarlo: distributions are numpy's linear percentiles of the per-path values", () => {
  const input: MonteCarloInput = {
    returns: noisyReturns(120, 5),
    tradeReturns: noisyReturns(9, 6).map((x) => x * 5),
    initial: 1000,
    periodsPerYear: 252,
  };
  const cfg = settings({ paths: 777, blockLength: 7, confidence: 0.8 });
  const chunk = monteCarloPaths(input, cfg, 0, cfg.paths);
  const mc = monteCarlo(input, cfg);
  for (const method of ["returns", "trades"] as const) {
    for (const stat of ["finalReturn", "cagr", "maxDrawdown", "sharpe"] as const) {
      const values = chunk[method]![stat];
      const d = mc[method]![stat];
      const label = `${method}.${stat}`;
      assertClose(d.lower, numpyPercentile(values, 0.1), 1e-15, `${label}.lower`);
      assertClose(d.upper, numpyPercentile(values, 0.9), 1e-15, `${label}.upper`);
      assertClose(d.median, numpyPercentile(values, 0.5), 1e-15, `${label}.median`);
      for (const q of [5, 25, 75, 95] as const) {
        assertClose(d[`p${q}`], numpyPercentile(values, q / 100), 1e-15, `${label}.p${q}`);
      }
      assert.equal(d.min, Math.min(...values));
      assert.equal(d.max, Math.max(...values));
      assertClose(d.mean, values.reduce((s, x) => s + x, 0) / values.length, 1e-12, `${label}.mean`);
    }
    const fan = mc[method]!.fan;
    const { fanEquity, fanPaths } = chunk[method]!;
    for (let s = 0; s < fan.step.length; s++) {
      const column = fanEquity.subarray(s * fanPaths, (s + 1) * fanPaths);
      for (
        const [q, series] of [[0.05, fan.p5], [0.25, fan.p25], [0.5, fan.p50], [0.75, fan.p75], [
          0.95,
          fan.p95,
        ]] as const
      ) {
        assertClose(series[s]!, numpyPercentile(column, q), 1e-9, `${method} fan step ${s} q ${q}`);
      }
    }
  }
});

Deno.test("monteCarlo: confidence 0.9 gives exactly the 5th and 95th percentiles", () => {
  const mc = monteCarlo({ returns: noisyReturns(200, 7), initial: 1, periodsPerYear: 252 }, settings({ paths: 1001 }));
  for (const d of [mc.returns.finalReturn, mc.returns.cagr, mc.returns.maxDrawdown, mc.returns.sharpe]) {
    assert.equal(d.lower, d.p5);
    assert.equal(d.upper, d.p95);
  }
});

Deno.test("monteCarlo: the fan has at most 500 steps, the first and last point included", () => {
  const long = monteCarlo({ returns: noisyReturns(2520, 8), initial: 1, periodsPerYear: 252 }, settings({ paths: 10 }));
  const step = long.returns.fan.step;
  assert.equal(step.length, FAN_MAX_STEPS);
  assert.equal(step[0], 0);
  assert.equal(step[step.length - 1], 2519);
  for (let i = 1; i < step.length; i++) assert.ok(step[i]! > step[i - 1]!);
  const short = monteCarlo({ returns: noisyReturns(12, 9), initial: 1, periodsPerYear: 252 }, settings({ paths: 10 }));
  assert.deepEqual([...short.returns.fan.step], [...Array(12).keys()]);
});

Deno.test("monteCarlo: the same seed gives the same result, another seed another one", () => {
  const input: MonteCarloInput = {
    returns: noisyReturns(500, 10),
    tradeReturns: noisyReturns(40, 11),
    initial: 5000,
    periodsPerYear: 252,
  };
  const a = monteCarlo(input, settings({ seed: 123 }));
  assert.deepEqual(monteCarlo(input, settings({ seed: 123 })), a);
  const b = monteCarlo(input, settings({ seed: 124 }));
  assert.notEqual(b.returns.finalReturn.mean, a.returns.finalReturn.mean);
  assert.notEqual(b.trades!.finalReturn.mean, a.trades!.finalReturn.mean);
  // the result echoes its settings
  assert.deepEqual([a.paths, a.blockLength, a.seed, a.confidence, a.ruinDrawdown], [1000, 5, 123, 0.9, 0.5]);
});

Deno.test("monteCarlo: 1 chunk and 4 chunks (any order) give identical results", () => {
  const input: MonteCarloInput = {
    returns: noisyReturns(300, 12),
    tradeReturns: noisyReturns(25, 13),
    initial: 100,
    periodsPerYear: 252,
  };
  const cfg = settings({ paths: 1003 });
  const whole = monteCarlo(input, cfg);
  const bounds = [0, 1, 400, 401, 1003];
  const chunks = bounds.slice(1).map((to, i) => monteCarloPaths(input, cfg, bounds[i]!, to));
  assert.deepEqual(mergeMonteCarlo(chunks, cfg), whole);
  assert.deepEqual(mergeMonteCarlo([chunks[2]!, chunks[0]!, chunks[3]!, chunks[1]!], cfg), whole);
  // a path's draws depend only on its index: path 400 alone is path 400 of the whole run
  const single = monteCarloPaths(input, cfg, 400, 401);
  const all = monteCarloPaths(input, cfg, 0, cfg.paths);
  assert.equal(single.returns.finalReturn[0], all.returns.finalReturn[400]);
  assert.equal(single.trades!.sharpe[0], all.trades!.sharpe[400]);
});

Deno.test("monteCarlo: the fan reads the first 10,000 paths, however they are split", () => {
  const input: MonteCarloInput = { returns: noisyReturns(20, 14), initial: 1, periodsPerYear: 252 };
  const cfg = settings({ paths: FAN_MAX_PATHS + 5, blockLength: 2 });
  const chunks = [monteCarloPaths(input, cfg, 0, 9_998), monteCarloPaths(input, cfg, 9_998, cfg.paths)];
  assert.equal(chunks[0]!.returns.fanPaths + chunks[1]!.returns.fanPaths, FAN_MAX_PATHS);
  assert.deepEqual(mergeMonteCarlo(chunks, cfg), monteCarlo(input, cfg));
});

Deno.test("monteCarloProblem: a block longer than the series names the field, the limit and the value", () => {
  assert.equal(
    monteCarloProblem(settings({ blockLength: 300 }), 252),
    "analysis.monteCarlo.blockLength: expected at most the run's 252 period returns, found 300",
  );
  assert.equal(monteCarloProblem(settings({ blockLength: 252 }), 252), undefined);
  assert.match(monteCarloProblem(settings({ blockLength: 1 }), 0)!, /at least 1 period return, found 0/);
  assert.throws(
    () => monteCarlo({ returns: noisyReturns(10, 15), initial: 1, periodsPerYear: 252 }, settings({ blockLength: 11 })),
    (e: unknown) =>
      e instanceof ConfigError && /blockLength: expected at most the run's 10 period returns, found 11/.test(e.message),
  );
});

Deno.test("mergeMonteCarlo: chunks that miss or repeat paths are refused", () => {
  const input: MonteCarloInput = { returns: noisyReturns(10, 16), initial: 1, periodsPerYear: 252 };
  const cfg = settings({ paths: 30 });
  const c = (from: number, to: number) => monteCarloPaths(input, cfg, from, to);
  assert.throws(() => mergeMonteCarlo([c(0, 10), c(20, 30)], cfg), /cover paths \[0, 30\) once/);
  assert.throws(() => mergeMonteCarlo([c(0, 20), c(10, 30)], cfg), RangeError);
  assert.throws(() => mergeMonteCarlo([c(0, 20)], cfg), RangeError);
  assert.throws(() => c(5, 31), RangeError);
});

Deno.test("tradeReturnsOf: P&L over the equity before entry, in exit order", () => {
  const day = 86_400_000;
  const tsMs = Float64Array.of(0, day, 2 * day, 3 * day);
  const equity = Float64Array.of(1000, 1200, 0, 500);
  const r = tradeReturnsOf({
    trades: [
      { pnl: 60, entryTimeMs: 2 * day, exitTimeMs: 3 * day }, // base: bar 1's close, 1200
      { pnl: -30, entryTimeMs: 0, exitTimeMs: 2 * day }, // at the first bar: the initial 1500
      { pnl: 10, entryTimeMs: 1.5 * day, exitTimeMs: 2 * day }, // intrabar entry: bar 1's close, 1200; same exit, later in the list
      { pnl: 5, entryTimeMs: 3 * day, exitTimeMs: 3 * day }, // base: bar 2's close, 0 → NaN
    ],
    tsMs,
    equity,
    initial: 1500,
  });
  assert.deepEqual([...r.subarray(0, 3)], [-30 / 1500, 10 / 1200, 60 / 1200]);
  assert.ok(Number.isNaN(r[3]));
  assert.equal(tradeReturnsOf({ trades: [], tsMs, equity, initial: 1 }).length, 0);
});
