/**
 * The robustness analytics' cost, against the targets of issue 17:
 *
 * - **Monte Carlo**: 10,000 paths over 10 years of daily returns (2,520),
 *   under 2 s on one core. Timed for the default block length (5), for the
 *   plain bootstrap (block 1: one draw per return, the slowest), and with a
 *   trade bootstrap of 500 trades beside it.
 * - **PBO**: `probabilityOfBacktestOverfitting` over a synthetic 1,000-run
 *   sweep of 2,520 daily returns per run with 16 partitions (C(16, 8) =
 *   12,870 splits), under 5 s.
 *
 * Prints the median wall time of several runs after one warm-up run, and the
 * median CPU time of the JavaScript thread (on Linux; it does not count time
 * spent waiting for a core, so it stays meaningful on a busy machine). The
 * work runs on that one thread; to hold V8's helper threads (GC) to the same
 * core as well, run it under `taskset -c 0`:
 *
 *   taskset -c 0 deno run --allow-all scripts/bench_analytics.ts [--runs N]
 *
 * (`--allow-all` because Deno reads `/proc` only with it.)
 *
 * The inputs come from the seeded generator (engine/random.ts), so every run
 * times the same work; the printed results (median final return, PBO) show it.
 */
import { parseArgs } from "node:util";
import { probabilityOfBacktestOverfitting } from "../engine/optimize/overfitting.ts";
import { mulberry32 } from "../engine/random.ts";
import { monteCarlo, type MonteCarloInput, type MonteCarloSettings } from "../engine/report/monte_carlo.ts";
import { median } from "./_bench_data.ts";

const USAGE = `Usage: deno task bench:analytics [--runs N]

Times the robustness analytics on seeded synthetic inputs and prints the median wall and CPU time of each:
Monte Carlo (10,000 paths × 2,520 daily returns: block lengths 1, 5 and 20, and with 500 trades) and the
Probability of Backtest Overfitting (1,000 runs, 16 partitions).

Options:
  --runs N      timed runs per case (default 5, at least 3)
  -h, --help    show this help`;

const { values } = parseArgs({
  args: Deno.args,
  options: { runs: { type: "string", default: "5" }, help: { type: "boolean", short: "h" } },
});
if (values.help) {
  console.log(USAGE);
  Deno.exit(0);
}
const runs = Math.max(3, Number(values.runs));

/** Daily-like returns: mean `drift`, uniform noise of width `width`. */
function returnsOf(n: number, seed: number, drift: number, width: number): Float64Array {
  const rnd = mulberry32(seed);
  return Float64Array.from({ length: n }, () => drift + width * (rnd() / 4294967296 - 0.5));
}

/**
 * CPU time of the calling (JavaScript) thread in ms, from Linux's
 * `/proc/thread-self/schedstat`; NaN elsewhere. Unlike wall time it does not
 * count time spent waiting for a core on a busy machine.
 */
function threadCpuMs(): number {
  try {
    return Number(Deno.readTextFileSync("/proc/thread-self/schedstat").split(" ")[0]) / 1e6;
  } catch {
    return NaN;
  }
}

/** Median wall and thread-CPU times (ms) of `runs` calls after one warm-up call, and the last call's result. */
function timed<T>(f: () => T): { ms: number; cpuMs: number; result: T } {
  let result = f();
  const wall: number[] = [], cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = threadCpuMs(), t0 = performance.now();
    result = f();
    wall.push(performance.now() - t0);
    cpu.push(threadCpuMs() - c0);
  }
  return { ms: median(wall), cpuMs: median(cpu), result };
}

const fmtMs = ({ ms, cpuMs }: { ms: number; cpuMs: number }) =>
  `${ms.toFixed(0).padStart(6)} ms wall ${cpuMs.toFixed(0).padStart(6)} ms CPU`;

// ── Monte Carlo ──────────────────────────────────────────────────────────────
const YEARS = 10;
const returns = returnsOf(252 * YEARS, 42, 0.0004, 0.04); // ≈ 16 % annual volatility
const tradeReturns = returnsOf(500, 43, 0.002, 0.08);
const base: MonteCarloInput = { returns, initial: 100_000, periodsPerYear: 252 };
const cfg = (blockLength: number): MonteCarloSettings => ({
  paths: 10_000,
  blockLength,
  ruinDrawdown: 0.3,
  confidence: 0.9,
  seed: 42,
});

console.log(
  `Monte Carlo: 10,000 paths × ${
    returns.length.toLocaleString("en-US")
  } daily returns (median of ${runs} runs; target < 2,000 ms)`,
);
for (
  const [label, input, settings] of [
    ["returns, block 5 (default)", base, cfg(5)],
    ["returns, block 1 (plain bootstrap)", base, cfg(1)],
    ["returns, block 20", base, cfg(20)],
    ["returns, block 5 + 500 trades", { ...base, tradeReturns }, cfg(5)],
  ] as const
) {
  const t = timed(() => monteCarlo(input, settings));
  const r = t.result.returns;
  console.log(
    `  ${label.padEnd(36)} ${fmtMs(t)}   median final return ${r.finalReturn.median.toFixed(4)}, ` +
      `P(ruin 30 %) ${r.probabilityOfRuin.toFixed(4)}`,
  );
}

// ── PBO (engine/optimize/overfitting.ts) ─────────────────────────────────────
// Kept as its own section: a faster PBO variant may replace this call.
const RUNS = 1000, ROWS = 2520, SPLITS = 16;
const sweep = Array.from({ length: RUNS }, (_, i) => returnsOf(ROWS, 1000 + i, 0.0002 * ((i % 7) - 3) / 3, 0.03));
console.log(
  `PBO (probabilityOfBacktestOverfitting): ${RUNS.toLocaleString("en-US")} runs × ${
    ROWS.toLocaleString("en-US")
  } rows, ${SPLITS} partitions (median of ${runs} runs; target < 5,000 ms)`,
);
{
  const t = timed(() => probabilityOfBacktestOverfitting(sweep, { splits: SPLITS }));
  console.log(
    `  ${"CSCV, Sharpe".padEnd(36)} ${fmtMs(t)}   PBO ${t.result.pbo.toFixed(4)} over ${t.result.combinations} splits`,
  );
}
