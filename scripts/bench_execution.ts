/**
 * Execution-model overhead on the 1M-bar SMA-cross workload: bars/s with no
 * latency and no slippage (the plain next-open rule) against bars/s with
 * seeded lognormal latency and fixed-bps slippage. Runs alternate between the
 * two so drift hits both alike; figures are medians of `--runs` runs after
 * warm-up rounds, with indicators computed in the run (cold) and shared from
 * one cache (warm: the loop and the execution models alone). Target: the
 * latency run keeps ≥ 80 % of the plain run's throughput.
 * `deno task bench --only execution` runs it with `--json`.
 *
 * Usage: deno run -A scripts/bench_execution.ts [--runs N] [--warmup N] [--data PATH] [--json]
 *
 * @module
 */
import { IndicatorCache, loadBars, loadConfig, runBacktest } from "../mod.ts";
import { ensureSynth1m, median } from "./_bench_data.ts";
import { parseRoundFlags } from "./_flags.ts";

const USAGE = `Usage: deno run -A scripts/bench_execution.ts [--runs N] [--warmup N] [--data PATH] [--json]

The simulator's cost: SMA-cross 10/30 with lognormal latency and fixedBps
slippage against the plain next-open fill, runs interleaved, indicators
computed in the run (cold) and cached. Prints medians.

Options:
  --runs N      timed rounds (default 7)
  --warmup N    untimed rounds first, for the JIT (default 2)
  --data PATH   the bars (default bench-data/synth_1m.csv, generated when missing)
  --json        print the raw timings as one JSON line instead
  -h, --help    show this help`;

const flags = parseRoundFlags(USAGE);
if (typeof flags === "number") Deno.exit(flags);
const { runs, warmup } = flags;
const data = flags.data ?? await ensureSynth1m();

const LATENCY = '{"kind":"lognormal","medianMs":40,"sigma":0.6,"maxMs":2000}';
const SLIPPAGE = '{"kind":"fixedBps","bps":2}';
const plain = await loadConfig("configs/bench_sma.ts", { data });
const modeled = await loadConfig("configs/bench_sma.ts", {
  data,
  set: [`execution.latency=${LATENCY}`, `execution.slippage=${SLIPPAGE}`],
});
const frame = await loadBars(plain.data);
const n = frame.length;
const warm = new IndicatorCache(frame);
const t = {
  plainCold: [] as number[],
  modeledCold: [] as number[],
  plainWarm: [] as number[],
  modeledWarm: [] as number[],
};
const fills = { plain: 0, modeled: 0 };
const time = (f: () => unknown) => {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
};
for (let i = 0; i < runs + warmup; i++) {
  const pc = time(() => (fills.plain = runBacktest(plain, frame).fills.length));
  const mc = time(() => (fills.modeled = runBacktest(modeled, frame).fills.length));
  const pw = time(() => runBacktest(plain, frame, { cache: warm }));
  const mw = time(() => runBacktest(modeled, frame, { cache: warm }));
  if (i < warmup) continue; // JIT warm-up
  t.plainCold.push(pc), t.modeledCold.push(mc), t.plainWarm.push(pw), t.modeledWarm.push(mw);
}
if (flags.json) {
  console.log(JSON.stringify({ bars: n, runs, warmup, fills, ...t }));
} else {
  const rate = (ms: number) => Math.round(n / (ms / 1000)).toLocaleString("en-US");
  const line = (label: string, xs: number[]) =>
    console.log(
      `  ${label.padEnd(44)} ${median(xs).toFixed(1).padStart(7)} ms  ${rate(median(xs)).padStart(12)} bars/s`,
    );
  console.log(`SMA-cross 10/30 on ${n.toLocaleString("en-US")} bars, median of ${runs} runs`);
  console.log(`  fills: ${fills.plain} plain, ${fills.modeled} with latency + slippage`);
  line("no latency, no slippage (indicators cold)", t.plainCold);
  line("lognormal latency + fixedBps (cold)", t.modeledCold);
  line("no latency, no slippage (indicators cached)", t.plainWarm);
  line("lognormal latency + fixedBps (cached)", t.modeledWarm);
  const pct = (a: number[], b: number[]) => ((100 * median(a)) / median(b)).toFixed(1);
  console.log(
    `  throughput kept: ${pct(t.plainCold, t.modeledCold)} % cold, ${pct(t.plainWarm, t.modeledWarm)} % cached`,
  );
  console.log("  target: ≥ 80 %");
}
