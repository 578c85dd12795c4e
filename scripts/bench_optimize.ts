/**
 * Benchmark of the optimisation pool: speed and memory of parameter sweeps.
 *
 * 1. ~1,000 SMA-cross pairs over the 1M-bar synthetic minute file on 2
 *    workers: wall time (target ≤ 60 s), runs/s, bar-evaluations/s, peak RSS
 *    (target ≤ 1 GB) and RSS growth from 10 % of the runs to the end (target
 *    < 5 %).
 * 2. 10,000 SMA-cross pairs over the first 100,000 of those bars: the same
 *    figures, for the memory slope over many runs.
 * 3. The Probability of Backtest Overfitting of a 1,000-run sweep with 16
 *    partitions (C(16, 8) = 12,870 splits), from the per-block statistics a
 *    sweep collects: median and fastest of 5 (target < 5 s). Both sweeps
 *    above include collecting those statistics and computing the DSR and
 *    PBO at their end.
 *
 * Each workload runs in a fresh process so its RSS is its own; RSS is read
 * from /proc/self/status (workers are threads of that process).
 *
 * Usage: deno run -A scripts/bench_optimize.ts [--workers N] [--only 1m|100k|pbo] [--set optimize.cacheMb=64]
 */
import { parseArgs } from "node:util";
import { fileURLToPath as fromFileUrl } from "node:url";
import { gridSearch } from "../engine/optimize/grid_search.ts";
import { ensureSynth1m } from "./_bench_data.ts";
import { generateSynth } from "./gen_synth.ts";
import { BlockStatistics, probabilityOfBacktestOverfittingFromBlocks } from "../engine/optimize/overfitting.ts";
import { mulberry32 } from "../engine/random.ts";
import { parseFlags } from "./_flags.ts";

const USAGE = `Usage: deno task bench:optimize [--workers N] [--only 1m|100k|pbo] [--set path=value ...]

Parameter sweeps on the worker pool, each in a fresh process: ~1,000 SMA
pairs over 1M synthetic minute bars, and 10,000 pairs over 100,000 of them.
Prints wall time, runs/s, bar-evaluations/s, peak RSS and RSS growth. Then
the time of the Probability of Backtest Overfitting of 1,000 runs with 16
partitions.

Options:
  --workers N          worker threads (default 2)
  --only 1m|100k|pbo   run one workload only
  --set path=value     a config override for every run, e.g. optimize.cacheMb=64
  -h, --help           show this help`;

const parsed = parseFlags(USAGE, () =>
  parseArgs({
    args: Deno.args,
    options: {
      workers: { type: "string", default: "2" },
      only: { type: "string" },
      child: { type: "string" },
      set: { type: "string", multiple: true },
      help: { type: "boolean", short: "h" },
    },
  }));
if (typeof parsed === "number") Deno.exit(parsed);
const { values } = parsed;

interface Workload {
  readonly name: string;
  readonly bars: number;
  readonly data: () => Promise<string>;
  /** optimize.params as source text. */
  readonly params: string;
}

const WORKLOADS: Record<string, Workload> = {
  "1m": {
    name: "~1,000 SMA pairs × 1,000,000 bars",
    bars: 1_000_000,
    data: () => ensureSynth1m(),
    params: "{ fast: range(5, 100, 5), slow: range(20, 550, 10) }",
  },
  "100k": {
    name: "10,000 SMA pairs × 100,000 bars",
    bars: 100_000,
    data: async () => {
      const path = "bench-data/synth_100k.csv";
      try {
        await Deno.stat(path);
      } catch {
        await Deno.mkdir("bench-data", { recursive: true });
        await Deno.writeFile(`${path}.tmp`, generateSynth(100_000, 42));
        await Deno.rename(`${path}.tmp`, path);
      }
      return path;
    },
    params: "{ fast: range(2, 101), slow: range(110, 209) }",
  },
};

/** The V8 flags `deno task optimize` runs with (see deno.json): a smaller young generation, and `gc` for the coordinator. */
const V8_FLAGS = "--v8-flags=--max-semi-space-size=8,--expose-gc";

function rssKb(): { rss: number; hwm: number } {
  const s = Deno.readTextFileSync("/proc/self/status");
  return { rss: Number(/VmRSS:\s+(\d+)/.exec(s)?.[1] ?? 0), hwm: Number(/VmHWM:\s+(\d+)/.exec(s)?.[1] ?? 0) };
}

async function child(key: string, workers: number): Promise<void> {
  const w = WORKLOADS[key]!;
  const data = await w.data();
  const tmp = await Deno.makeTempDir({ prefix: "bench_optimize_" });
  const mod = new URL("../mod.ts", import.meta.url).href;
  const sma = new URL("../strategies/sma_cross.ts", import.meta.url).href;
  const configPath = `${tmp}/config.ts`;
  await Deno.writeTextFile(
    configPath,
    `import { defineConfig, range } from "${mod}";
import { smaCross } from "${sma}";
export default defineConfig({
  name: "bench_optimize",
  data: { source: ${JSON.stringify(fromFileUrl(new URL(`../${data}`, import.meta.url)))} },
  capital: 100_000,
  strategy: { use: smaCross, params: { fast: 10, slow: 30 } },
  risk: { sizing: { kind: "fixedQty", qty: 10 } },
  execution: { fill: { kind: "nextOpen" }, commission: { kind: "none" } },
  optimize: {
    params: ${w.params},
    constraint: (p) => p.fast < p.slow,
    objective: "sharpe",
    periodsPerYear: 525_600, // minute bars around the clock
    top: 0,
  },
});
`,
  );
  const samples: { done: number; rssKb: number }[] = [];
  let next = 0;
  let total = 0;
  const t0 = performance.now();
  try {
    const report = await gridSearch({
      configPath,
      workers,
      overrides: { set: values.set ?? [] },
      outDir: `${tmp}/out`,
      onProgress: (p) => {
        total = p.total;
        if (p.done >= next) {
          samples.push({ done: p.done, rssKb: rssKb().rss });
          next = p.done + Math.max(1, Math.floor(p.total / 100));
        }
      },
    });
    const wallMs = performance.now() - t0;
    const lines = (await Deno.readTextFile(`${report.dir}/results.jsonl`)).trimEnd().split("\n").length;
    if (lines !== report.runs || report.failed !== 0) throw new Error(`bench: ${lines} lines, ${report.failed} failed`);
    const after = samples.filter((s) => s.done >= total * 0.1);
    const first = after[0]!, last = samples[samples.length - 1]!;
    // least-squares slope of RSS over runs, after the first 10 %
    const mx = after.reduce((a, s) => a + s.done, 0) / after.length;
    const my = after.reduce((a, s) => a + s.rssKb, 0) / after.length;
    const slope = after.reduce((a, s) => a + (s.done - mx) * (s.rssKb - my), 0) /
      Math.max(1e-9, after.reduce((a, s) => a + (s.done - mx) ** 2, 0));
    const bars = w.bars;
    const fmt = (x: number) => Math.round(x).toLocaleString("en-US");
    const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
    const c = report.cache;
    console.log(`${w.name}: ${report.runs} runs on ${report.workers} workers (chunks of ${report.chunkSize})`);
    console.log(`  wall time (load + search + files)  ${(wallMs / 1000).toFixed(1)} s`);
    console.log(`  runs/s                             ${(report.runs / (wallMs / 1000)).toFixed(1)}`);
    console.log(`  bar-evaluations/s                  ${fmt((report.runs * bars) / (wallMs / 1000))}`);
    console.log(`  peak RSS                           ${mb(rssKb().hwm)}`);
    console.log(
      `  RSS at 10% → end                   ${mb(first.rssKb)} → ${mb(last.rssKb)} (${
        (((last.rssKb - first.rssKb) / first.rssKb) * 100).toFixed(1)
      }% growth; fitted slope ${(slope * 1000 / 1024).toFixed(1)} MB per 1,000 runs)`,
    );
    const deciles = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1].map((f) =>
      samples.find((x) => x.done >= f * total) ?? last
    );
    console.log(`  RSS at 10%, 20%, … 100%            ${deciles.map((x) => (x.rssKb / 1024).toFixed(0)).join(" ")} MB`);
    console.log(
      `  indicator cache                    ${((100 * c.hits) / (c.hits + c.misses)).toFixed(1)}% hits, ${
        fmt(c.misses)
      } series computed${c.evictions ? `, ${c.evictions} evicted` : ""}`,
    );
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
}

/**
 * PBO of 1,000 trials × 16 partitions: each trial 2,600 daily returns
 * (ten years; seeded, a small edge growing with the trial's index), reduced
 * to block statistics as a sweep's workers do, then CSCV timed 5 times.
 */
function benchPbo(): void {
  const trials = 1000, partitions = 16, days = 2600;
  const rand = mulberry32(2014);
  const blocks = new BlockStatistics(trials, partitions);
  const r = new Float64Array(days);
  for (let t = 0; t < trials; t++) {
    for (let i = 0; i < days; i++) r[i] = (rand() - 0.5) * 0.02 + 1e-6 * t;
    blocks.addTrial(t, r);
  }
  const times: number[] = [];
  let pbo = NaN, combinations = 0;
  for (let k = 0; k < 5; k++) {
    const t0 = performance.now();
    const o = probabilityOfBacktestOverfittingFromBlocks(blocks);
    times.push(performance.now() - t0);
    pbo = o.pbo;
    combinations = o.combinations;
  }
  times.sort((a, b) => a - b);
  console.log(`PBO of ${trials.toLocaleString("en-US")} runs, ${partitions} partitions (${combinations} splits)`);
  console.log(
    `  median of 5                        ${(times[2]! / 1000).toFixed(2)} s (fastest ${
      (times[0]! / 1000).toFixed(2)
    } s; PBO ${pbo.toFixed(3)})`,
  );
}

if (values.child !== undefined) {
  await child(values.child, Number(values.workers));
} else {
  const keys = values.only ? [values.only] : ["1m", "100k", "pbo"];
  for (const key of keys) {
    if (key === "pbo") {
      benchPbo();
      continue;
    }
    if (!(key in WORKLOADS)) throw new Error(`unknown workload ${key}; expected 1m, 100k or pbo`);
    const out = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        V8_FLAGS,
        fromFileUrl(import.meta.url),
        "--child",
        key,
        "--workers",
        values.workers!,
        ...(values.set ?? []).flatMap((s) => ["--set", s]),
      ],
      stdout: "inherit",
      stderr: "inherit",
    }).output();
    if (out.code !== 0) Deno.exit(out.code);
  }
  console.log(
    "targets: ≤ 60 s and ≤ 1 GB peak RSS for the 1M-bar sweep; < 5% RSS growth after the first 10% of runs; PBO < 5 s",
  );
}
