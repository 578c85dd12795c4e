/**
 * `deno task bench`: the SMA-cross workload of ../shared/bench/README.md on
 * 1M synthetic minute bars. Prints, as medians of several runs:
 *
 * - bars/s of the strategy run alone: indicators cold (computed in the run)
 *   and warm (cache shared across runs, as in a parameter sweep);
 * - wall time from CSV to result files, in a fresh process, and its peak RSS;
 * - then the parameter sweep of `scripts/bench_optimize.ts --only 1m`
 *   (~1,000 SMA pairs × the same bars on 2 workers: wall time, runs/s,
 *   bar-evaluations/s, peak RSS, RSS growth after the first 10 %).
 *
 * Usage: deno task bench [--runs N] [--warmup N] [--no-grid]
 */
import { parseArgs } from "node:util";
import { IndicatorCache, loadBars, loadConfig, runBacktest } from "../mod.ts";
import { ensureSynth1m, median, runMeasured } from "./_bench_data.ts";
import { parseFlags } from "./_flags.ts";

const USAGE = `Usage: deno task bench [--runs N] [--warmup N] [--no-grid]

The SMA-cross workload on 1M synthetic minute bars: bars/s with indicators
cold and warm, wall time and peak RSS from CSV to result files, then the
~1,000-pair parameter sweep of bench:optimize --only 1m. Prints medians.

Options:
  --runs N      timed runs per mode (default 15, at least 5)
  --warmup N    untimed runs before each mode (default 20)
  --no-grid     skip the parameter sweep
  -h, --help    show this help`;

const parsed = parseFlags(USAGE, () =>
  parseArgs({
    args: Deno.args,
    options: {
      runs: { type: "string", default: "15" },
      warmup: { type: "string", default: "20" },
      "no-grid": { type: "boolean", default: false },
      help: { type: "boolean", short: "h" },
    },
  }));
if (typeof parsed === "number") Deno.exit(parsed);
const { values } = parsed;
const runs = Math.max(5, Number(values.runs));
// V8 settles on its final code and heap sizes only after 15-20 runs of 1M bars (the first runs take 2-3x longer):
// each mode is timed after its own warm-up, as the steady state of a long-lived process (a sweep, a job runner)
const warmup = Math.max(0, Number(values.warmup));
const data = await ensureSynth1m();
const config = await loadConfig("configs/bench_sma.ts", { data });
const frame = await loadBars(config.data);
const n = frame.length;

const fmt = (x: number) => Math.round(x).toLocaleString("en-US");
const cold: number[] = [], warm: number[] = [];
const warmCache = new IndicatorCache(frame);
let trades = 0;
// each mode in its own block, as it occurs: a single backtest computes its indicators (cold); a sweep runs back to
// back over one cache (warm). Interleaving them would charge each with the other's garbage.
for (let i = 0; i < warmup + runs; i++) {
  const t = performance.now();
  const r = runBacktest(config, frame);
  if (i >= warmup) cold.push(performance.now() - t);
  trades = r.trades.length;
}
for (let i = 0; i < warmup + runs; i++) {
  const t = performance.now();
  runBacktest(config, frame, { cache: warmCache });
  if (i >= warmup) warm.push(performance.now() - t);
}
console.log(`SMA-cross 10/30 on ${fmt(n)} bars, ${trades} trades, median of ${runs} runs after ${warmup} warm-up runs`);
console.log(
  `  strategy run, indicators cold   ${median(cold).toFixed(1)} ms   ${fmt(n / (median(cold) / 1000))} bars/s`,
);
console.log(
  `  strategy run, indicators cached ${median(warm).toFixed(1)} ms   ${fmt(n / (median(warm) / 1000))} bars/s`,
);

const tmp = await Deno.makeTempDir();
const e2e: { loadMs: number; runMs: number; writeMs: number; totalMs: number; peakRssMb: number; wallMs: number }[] =
  [];
try {
  for (let i = 0; i < runs; i++) {
    const run = await runMeasured(
      [
        "run",
        "--allow-read",
        `--allow-write=${tmp}`,
        "--allow-ffi",
        "scripts/_bench_e2e.ts",
        "configs/bench_sma.ts",
        `${tmp}/out`,
      ],
      "end-to-end run",
    );
    e2e.push({ ...JSON.parse(run.stdout), wallMs: run.wallMs, peakRssMb: run.peakRssMb });
  }
} finally {
  await Deno.remove(tmp, { recursive: true });
}
const med = (k: keyof (typeof e2e)[number]) => median(e2e.map((x) => x[k]));
console.log(
  `  CSV → result files (in process) ${med("totalMs").toFixed(0)} ms   (load ${med("loadMs").toFixed(0)}, run ${
    med("runMs").toFixed(0)
  }, write ${med("writeMs").toFixed(0)})`,
);
console.log(`  whole process incl. Deno start  ${med("wallMs").toFixed(0)} ms`);
console.log(`  peak RSS                        ${med("peakRssMb").toFixed(0)} MB`);
console.log(`targets: ≥ 20,000,000 bars/s, ≤ 1,000 ms CSV → results, ≤ 400 MB`);

// the parameter sweep of the same workload: ~1,000 SMA pairs × 1M bars on 2 workers, in its own process
if (!values["no-grid"]) {
  console.log("");
  const grid = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--no-prompt", "--allow-all", "scripts/bench_optimize.ts", "--only", "1m", "--workers", "2"],
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  if (!grid.success) Deno.exit(grid.code);
}
