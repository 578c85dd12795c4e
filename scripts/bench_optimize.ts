/**
 * Benchmark of the optimisation pool: speed and memory of parameter sweeps.
 *
 * 1. 999 SMA-cross pairs over the 1M-bar synthetic minute file (on 2
 *    workers unless `--workers`): wall time (target ≤ 5 s), runs/s,
 *    bar-evaluations/s, peak RSS (target ≤ 1 GB) and RSS growth from 10 % of
 *    the runs to the end (target < 5 %).
 * 2. 10,000 SMA-cross pairs over the first 100,000 of those bars: the same
 *    figures (target ≤ 5 s), and the memory slope over many runs.
 * 3. The Probability of Backtest Overfitting of a 1,000-run sweep with 16
 *    partitions (C(16, 8) = 12,870 splits), from the per-block statistics a
 *    sweep collects: median and fastest of 5 (target < 5 s). Both sweeps
 *    above include collecting those statistics and computing the DSR and
 *    PBO at their end.
 *
 * Each workload runs in a fresh process so its RSS is its own; RSS is read
 * from /proc/self/status (workers are threads of that process). With
 * `--json` each sweep prints one JSON line of figures instead (as
 * `deno task bench --only sweep` reads them), with any field of the study's
 * report this script does not know (such as which evaluation path it took)
 * under `extra`.
 *
 * Usage: deno task bench:optimize [--workers N] [--only 1m|100k|pbo] [--set path=value] [--json] [--quick]
 *
 * @module
 */
import { parseArgs } from "node:util";
import { fileURLToPath as fromFileUrl } from "node:url";
import { resolve } from "node:path";
import { gridSearch, type GridSearchReport } from "../mod.ts";
import { ensureSynth, synthPath } from "./_bench_data.ts";
import { BlockStatistics, probabilityOfBacktestOverfittingFromBlocks } from "../engine/optimize/overfitting.ts";
import { mulberry32 } from "../engine/random.ts";
import { FlagError, parseFlags } from "./_flags.ts";

const USAGE =
  `Usage: deno task bench:optimize [--workers N] [--only 1m|100k|pbo] [--set path=value ...] [--json] [--quick]

Parameter sweeps on the worker pool, each in a fresh process: 999 SMA pairs
over 1M synthetic minute bars, and 10,000 pairs over 100,000 of them.
Prints wall time, runs/s, bar-evaluations/s, peak RSS and RSS growth. Then
the time of the Probability of Backtest Overfitting of 1,000 runs with 16
partitions.

Options:
  --workers N          worker threads (default 2)
  --only 1m|100k|pbo   run one workload only
  --set path=value     a config override for every run, e.g. optimize.cacheMb=64
  --json               print each sweep's figures as one JSON line (no PBO)
  --quick              small grids on 20,000 and 5,000 bars: a smoke run
  --data-dir DIR       where the synthetic files live (default bench-data)
  -h, --help           show this help`;

const parsed = parseFlags(USAGE, () => {
  const p = parseArgs({
    args: Deno.args,
    options: {
      workers: { type: "string", default: "2" },
      only: { type: "string" },
      child: { type: "string" },
      set: { type: "string", multiple: true },
      json: { type: "boolean", default: false },
      quick: { type: "boolean", default: false },
      "data-dir": { type: "string", default: "bench-data" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (p.values.only !== undefined && !["1m", "100k", "pbo"].includes(p.values.only)) {
    throw new FlagError(`--only: expected 1m, 100k or pbo, found ${JSON.stringify(p.values.only)}`);
  }
  if (!(Number(p.values.workers) >= 1)) {
    throw new FlagError(`--workers: expected a whole number ≥ 1, found ${JSON.stringify(p.values.workers)}`);
  }
  return p;
});
if (typeof parsed === "number") Deno.exit(parsed);
const { values } = parsed;

interface Workload {
  readonly name: string;
  readonly bars: number;
  /** optimize.params as source text. */
  readonly params: string;
}

const WORKLOADS: Record<string, Workload> = values.quick
  ? {
    "1m": {
      name: "16 SMA pairs × 20,000 bars",
      bars: 20_000,
      params: "{ fast: range(5, 20, 5), slow: range(30, 60, 10) }",
    },
    "100k": { name: "200 SMA pairs × 5,000 bars", bars: 5_000, params: "{ fast: range(2, 21), slow: range(30, 39) }" },
  }
  : {
    "1m": {
      name: "999 SMA pairs × 1,000,000 bars",
      bars: 1_000_000,
      params: "{ fast: range(5, 100, 5), slow: range(20, 550, 10) }",
    },
    "100k": {
      name: "10,000 SMA pairs × 100,000 bars",
      bars: 100_000,
      params: "{ fast: range(2, 101), slow: range(110, 209) }",
    },
  };

/** The figures of one sweep, as `--json` prints them. */
export interface SweepFigures {
  readonly workload: string;
  readonly name: string;
  readonly bars: number;
  readonly runs: number;
  readonly workers: number;
  readonly chunkSize: number;
  /** Load, search and files, timed around `gridSearch`. */
  readonly wallMs: number;
  readonly peakRssMb: number;
  readonly rssAt10PctMb: number;
  readonly rssEndMb: number;
  /** Least-squares slope of RSS over runs after the first 10 %, MB per 1,000 runs. */
  readonly rssSlopeMbPer1000: number;
  readonly rssDecilesMb: readonly number[];
  readonly cache: { readonly hits: number; readonly misses: number; readonly evictions: number };
  /** The report's fields this script does not know, e.g. the evaluation path a study took. */
  readonly extra: Readonly<Record<string, unknown>>;
}

/** The report fields read above; any other one is passed on under `extra`. */
const KNOWN_REPORT_FIELDS = new Set([
  "dir",
  "files",
  "notes",
  "objective",
  "runs",
  "completed",
  "failed",
  "interrupted",
  "best",
  "overfitting",
  "stability",
  "cache",
  "workers",
  "chunkSize",
  "replacedWorkers",
  "elapsedMs",
]);

/** The V8 flags `deno task optimize` runs with (see deno.json): a smaller young generation, and `gc` for the coordinator. */
const V8_FLAGS = "--v8-flags=--max-semi-space-size=8,--expose-gc";

function rssKb(): { rss: number; hwm: number } {
  const s = Deno.readTextFileSync("/proc/self/status");
  return { rss: Number(/VmRSS:\s+(\d+)/.exec(s)?.[1] ?? 0), hwm: Number(/VmHWM:\s+(\d+)/.exec(s)?.[1] ?? 0) };
}

async function child(key: string, workers: number): Promise<void> {
  const w = WORKLOADS[key]!;
  const data = resolve(await ensureSynth(w.bars, synthPath(w.bars, values["data-dir"])));
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
  data: { source: ${JSON.stringify(data)} },
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
    const report: GridSearchReport = await gridSearch({
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
    const deciles = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1].map((f) =>
      samples.find((x) => x.done >= f * total) ?? last
    );
    const extra = Object.fromEntries(Object.entries(report).filter(([k]) => !KNOWN_REPORT_FIELDS.has(k)));
    const figures: SweepFigures = {
      workload: key,
      name: w.name,
      bars: w.bars,
      runs: report.runs,
      workers: report.workers,
      chunkSize: report.chunkSize,
      wallMs,
      peakRssMb: rssKb().hwm / 1024,
      rssAt10PctMb: first.rssKb / 1024,
      rssEndMb: last.rssKb / 1024,
      rssSlopeMbPer1000: slope * 1000 / 1024,
      rssDecilesMb: deciles.map((x) => x.rssKb / 1024),
      cache: { hits: report.cache.hits, misses: report.cache.misses, evictions: report.cache.evictions },
      extra,
    };
    if (values.json) console.log(JSON.stringify(figures));
    else printSweep(figures);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
}

function printSweep(f: SweepFigures): void {
  const fmt = (x: number) => Math.round(x).toLocaleString("en-US");
  const mb = (x: number) => `${x.toFixed(0)} MB`;
  const c = f.cache;
  console.log(`${f.name}: ${f.runs} runs on ${f.workers} workers (chunks of ${f.chunkSize})`);
  console.log(`  wall time (load + search + files)  ${(f.wallMs / 1000).toFixed(1)} s`);
  console.log(`  runs/s                             ${(f.runs / (f.wallMs / 1000)).toFixed(1)}`);
  console.log(`  bar-evaluations/s                  ${fmt((f.runs * f.bars) / (f.wallMs / 1000))}`);
  console.log(`  peak RSS                           ${mb(f.peakRssMb)}`);
  console.log(
    `  RSS at 10% → end                   ${mb(f.rssAt10PctMb)} → ${mb(f.rssEndMb)} (${
      (((f.rssEndMb - f.rssAt10PctMb) / f.rssAt10PctMb) * 100).toFixed(1)
    }% growth; fitted slope ${f.rssSlopeMbPer1000.toFixed(1)} MB per 1,000 runs)`,
  );
  console.log(`  RSS at 10%, 20%, … 100%            ${f.rssDecilesMb.map((x) => x.toFixed(0)).join(" ")} MB`);
  console.log(
    `  indicator cache                    ${((100 * c.hits) / Math.max(1, c.hits + c.misses)).toFixed(1)}% hits, ${
      fmt(c.misses)
    } series computed${c.evictions ? `, ${c.evictions} evicted` : ""}`,
  );
  for (const [k, v] of Object.entries(f.extra)) {
    console.log(`  ${k.padEnd(34)} ${typeof v === "string" ? v : JSON.stringify(v)}`);
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
  const keys = values.only ? [values.only] : values.json ? ["1m", "100k"] : ["1m", "100k", "pbo"];
  for (const key of keys) {
    if (key === "pbo") {
      benchPbo();
      continue;
    }
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
        "--data-dir",
        values["data-dir"],
        ...(values.json ? ["--json"] : []),
        ...(values.quick ? ["--quick"] : []),
        ...(values.set ?? []).flatMap((s) => ["--set", s]),
      ],
      stdout: "inherit",
      stderr: "inherit",
    }).output();
    if (out.code !== 0) Deno.exit(out.code);
  }
  if (!values.json) {
    console.log(
      "targets: ≤ 5 s and ≤ 1 GB peak RSS for each sweep; < 5% RSS growth after the first 10% of runs; PBO < 5 s",
    );
  }
}
