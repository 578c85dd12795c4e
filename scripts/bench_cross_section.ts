/**
 * `deno task bench:portfolio`: a cross-sectional strategy at scale. 500
 * symbols × 10 years of seeded daily bars (1.26M bars, 2,520 steps); each
 * month the momentum rotation ranks the universe by 12-1 month momentum on
 * monthly bars resampled from the daily ones and rebalances into the top 50
 * at equal weight, every order through the risk gate (a position count, a
 * per-symbol cap, a gross cap, the cash account) and the fill simulator
 * (commission, slippage).
 *
 * Each of `--processes` fresh processes builds the bars in memory, times the
 * first run (what a one-off backtest pays: resampling, indicator and V8
 * warm-up included) and `--runs` more, while this script samples its peak
 * RSS. Prints medians. Targets: the run under 1 s, peak RSS under 1 GB.
 *
 * Usage: deno task bench:portfolio [--processes N] [--runs N] [--symbols N] [--years N]
 */
import { parseArgs } from "node:util";
import { median, runMeasured } from "./_bench_data.ts";
import { parseFlags } from "./_flags.ts";

const USAGE = `Usage: deno task bench:portfolio [--processes N] [--runs N] [--symbols N] [--years N]

A monthly top-50 momentum rotation over seeded daily bars, through the full
risk gate and fill simulator. Prints the median first run, later runs and
peak RSS of fresh processes.

Options:
  --processes N   fresh processes, each timed on its own (default 5)
  --runs N        runs per process after the first (default 5)
  --symbols N     symbols in the universe (default 500)
  --years N       years of daily bars (default 10)
  -h, --help      show this help`;

const parsed = parseFlags(USAGE, () =>
  parseArgs({
    args: Deno.args,
    options: {
      processes: { type: "string", default: "5" },
      runs: { type: "string", default: "5" },
      symbols: { type: "string", default: "500" },
      years: { type: "string", default: "10" },
      help: { type: "boolean", short: "h" },
    },
  }));
if (typeof parsed === "number") Deno.exit(parsed);
const { values } = parsed;
const results: { firstMs: number; runs: number[]; peakRssMb: number; [k: string]: unknown }[] = [];
for (let p = 0; p < Number(values.processes); p++) {
  const run = await runMeasured(
    [
      "run",
      "--no-prompt",
      "--allow-read",
      "scripts/_bench_cross_section.ts",
      "--runs",
      values.runs,
      "--symbols",
      values.symbols,
      "--years",
      values.years,
    ],
    "cross-sectional run",
  );
  results.push({ ...JSON.parse(run.stdout), peakRssMb: run.peakRssMb });
}
const r0 = results[0]!;
const fmt = (x: number) => Math.round(x).toLocaleString("en-US");
console.log(
  `Momentum rotation, top 50 of ${r0.symbols} symbols × ${r0.steps} daily bars (${fmt(r0.bars as number)} bars), ` +
    `monthly: ${r0.fills} fills, ${r0.trades} round trips; medians of ${results.length} processes`,
);
console.log(`  first run in a fresh process  ${median(results.map((r) => r.firstMs)).toFixed(0)} ms`);
console.log(`  later runs                    ${median(results.flatMap((r) => r.runs)).toFixed(0)} ms`);
console.log(`  peak RSS                      ${median(results.map((r) => r.peakRssMb)).toFixed(0)} MB`);
console.log("targets: the run under 1,000 ms, peak RSS under 1,024 MB");
