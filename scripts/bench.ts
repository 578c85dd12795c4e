/**
 * `deno task bench`: every headline figure of the engine in one run, each
 * the median of repeated measurements with its spread, and the machine they
 * were measured on. Sections (`--only`):
 *
 * - **strategy**: bars/s of the SMA-cross 10/30 run on 1M synthetic minute
 *   bars already loaded, indicators computed in the run and cached (as in a
 *   sweep), after warm-up runs (the steady state of a long-lived process);
 * - **e2e**: CSV → result files (JSON, CSV, HTML) in a fresh process, as
 *   `deno task backtest configs/bench_sma.ts` does, by stage (load, run,
 *   write), the whole process and its peak RSS (`scripts/_bench_e2e.ts`);
 *   then the task itself, start to exit and peak RSS (its supervisor,
 *   runner worker and publishing included), which the targets are for;
 * - **sweep**: 999 SMA pairs × 1M bars on 2 workers and on 1 worker, with
 *   the 2-vs-1 speed-up, and 10,000 pairs × 100k bars on 2 workers
 *   (`scripts/bench_optimize.ts --json`);
 * - **memory**: peak RSS of single runs from the data file to result files
 *   at 1M and 10M bars and on 2,000 symbols × 2,500 daily bars, against the
 *   frame's own bytes (`scripts/bench_memory.ts`'s single runs);
 * - **risk**: the risk gate's cost, a full risk config against fixed size and
 *   no limits (`scripts/bench_risk.ts`);
 * - **execution**: the simulator's cost, lognormal latency and slippage
 *   against the plain next-open fill (`scripts/bench_execution.ts`);
 * - **sandbox**: loading the 1M bars with the sandbox's WebAssembly DuckDB
 *   against the native one (`scripts/bench_sandbox.ts`).
 *
 * Each measurement that starts a process starts a fresh one, so JIT state,
 * heap and RSS are its own. `--json PATH` writes every figure with its
 * samples; `--table PATH` prints the README's markdown table from such a file.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { resolve } from "node:path";
import {
  ensureSynth,
  frameBytes,
  lastJsonLine,
  runMeasured,
  type Spread,
  spread,
  synthPath,
  taskV8Flags,
} from "./_bench_data.ts";
import { FlagError, parseFlags } from "./_flags.ts";
import { taskArgs } from "./task_args.ts";
import type { SweepFigures } from "./bench_optimize.ts";

/** The sections, in the order they run. */
export const SECTIONS = ["strategy", "e2e", "sweep", "memory", "risk", "execution", "sandbox"] as const;
/** One section of the benchmark. */
export type Section = typeof SECTIONS[number];

const USAGE = `Usage: deno task bench [--only SECTIONS] [--runs N] [--quick] [--json PATH] [options]

Every headline figure in one run: the median of N runs with its range
(min–max) for each, and the machine's cores, CPU, Deno version and date.

Sections (all by default, in this order):
  strategy    bars/s of SMA-cross 10/30 on 1M bars already loaded, indicators
              computed in the run and cached, after warm-up runs
  e2e         CSV → result files in a fresh process, as deno task backtest
              configs/bench_sma.ts: load, run, write, total, peak RSS
  sweep       999 SMA pairs × 1M bars on 2 workers and on 1 worker (and the
              2-vs-1 speed-up); 10,000 pairs × 100k bars on 2 workers
  memory      peak RSS of single runs, data file → result files, at 1M and
              10M bars and 2,000 symbols × 2,500 daily bars, against the
              frame's own bytes (the runs of deno task bench:memory)
  risk        the risk gate's cost: a full risk config against none
  execution   the simulator's cost: latency and slippage against none
  sandbox     load time of the sandbox's WebAssembly DuckDB against native

Options:
  --only LIST       comma-separated sections, e.g. --only e2e,sweep
  --runs N          runs per figure (default 5; at least 5 unless --quick);
                    the in-process figures (strategy, risk, execution) take
                    three times as many
  --sweep-runs N    repetitions of the sweep section (default: --runs, but 3
                    when its first repetition takes over 60 s, said so in the
                    output, so that a full run stays within ~15 minutes)
  --warmup N        untimed strategy runs before each timed block (default 20)
  --quick           smoke run on small data (20,000 and 50,000 bars, small
                    grids, the 4-symbol sample), 2 runs: checks that every section
                    works; its figures are not the benchmark's
  --json PATH       also write every figure, with its samples, as JSON
  --table PATH      print the README's markdown table from a JSON file written
                    by --json, and measure nothing
  --data-dir DIR    where the generated data files live (default bench-data;
                    inside the project, which the sandbox may read)
  -h, --help        show this help`;

// ---------------------------------------------------------------- figures

/** One measured figure: its spread over the runs, its unit and how to read it. */
export interface Figure extends Spread {
  readonly label: string;
  readonly unit: string;
  /** Shown in the README table. */
  readonly headline?: boolean;
  /** The engine's target for the median, when it has one ({@linkcode TARGETS}). */
  readonly target?: Target;
}

/** A bound the median should meet. */
export interface Target {
  readonly op: "<" | ">=";
  readonly value: number;
}

/**
 * The engine's targets, by `section.figure`: a one-off backtest under 0.5 s and 300 MB, sweeps under 5 s and 1 GB
 * with 2 workers at least 1.8× one, single runs under 2.5× the frame's bytes, 2,000 symbols under 600 MB, the
 * strategy run at 20M bars/s, the simulator keeping 80 % of the plain run's throughput.
 */
export const TARGETS: Readonly<Record<string, Target>> = {
  "strategy.coldBarsPerSec": { op: ">=", value: 20e6 },
  "e2e.wallMs": { op: "<", value: 500 },
  "e2e.peakRssMb": { op: "<", value: 300 },
  "sweep.big2Wall": { op: "<", value: 5 },
  "sweep.speedup": { op: ">=", value: 1.8 },
  "sweep.big2Rss": { op: "<", value: 1024 },
  "sweep.smallWall": { op: "<", value: 5 },
  "memory.ratio1M": { op: "<", value: 2.5 },
  "memory.ratio10M": { op: "<", value: 2.5 },
  "memory.peakMulti": { op: "<", value: 600 },
  "execution.costCold": { op: "<", value: 25 },
  "execution.costWarm": { op: "<", value: 25 },
};

/** `< 5 s, met`, or "" without a target. */
function formatTarget(f: Figure): string {
  const t = f.target;
  if (t === undefined) return "";
  const met = t.op === "<" ? f.median < t.value : f.median >= t.value;
  const value = f.unit === "bars/s" ? formatValue(t.value, f.unit) : en(t.value, Number.isInteger(t.value) ? 0 : 1);
  return `target ${t.op === "<" ? "<" : "≥"} ${value} ${f.unit}: ${met ? "met" : "missed"}`;
}

/** One section's figures, the workload they measure, and anything the reader must know. */
export interface SectionResult {
  readonly workload: string;
  readonly figures: Record<string, Figure>;
  readonly notes: string[];
  /** Why the section stopped, when it failed. */
  error?: string;
}

/** What `--json` writes. */
export interface BenchReport {
  readonly schema: 1;
  readonly command: string;
  readonly date: string;
  readonly quick: boolean;
  readonly runs: number;
  readonly machine: {
    readonly cores: number;
    readonly cpu: string;
    readonly memoryMb: number;
    readonly os: string;
    readonly loadAvgStart: string;
    loadAvgEnd?: string;
  };
  readonly deno: { readonly deno: string; readonly v8: string; readonly typescript: string };
  readonly git: string | null;
  readonly sections: Partial<Record<Section, SectionResult>>;
  elapsedS?: number;
}

function figure(label: string, unit: string, xs: readonly number[], headline = false): Figure {
  return { label, unit, ...spread(xs), ...(headline && { headline }) };
}

const en = (x: number, digits = 0) =>
  x.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** A value in its unit, with as many digits as the unit deserves. */
function formatValue(x: number, unit: string): string {
  if (!Number.isFinite(x)) return String(x);
  switch (unit) {
    case "bars/s":
      return x >= 1e6 ? `${en(x / 1e6, 1)}M` : x >= 1e3 ? `${en(x / 1e3, 0)}k` : en(x);
    case "s":
      return en(x, x < 10 ? 2 : 1);
    case "ms":
      return en(x, x < 10 ? 2 : x < 100 ? 1 : 0);
    case "×":
    case "× frame":
      return en(x, 2);
    case "%":
      return en(x, 1);
    default:
      return en(x, x < 10 ? 1 : 0);
  }
}

/** `min–max`, or `min to max` when a bound is negative. */
function formatRange(f: Figure): string {
  const [lo, hi] = [formatValue(f.min, f.unit), formatValue(f.max, f.unit)];
  return f.min < 0 || f.max < 0 ? `${lo} to ${hi}` : `${lo}–${hi}`;
}

function formatFigure(f: Figure, width: number): string {
  const range = f.n > 1 ? `[${formatRange(f)}]` : "[1 run]";
  const iqr = f.n >= 4 ? `IQR ${formatRange({ ...f, min: f.q1, max: f.q3 })}` : "";
  return `${f.label.padEnd(width)} ${formatValue(f.median, f.unit).padStart(9)} ${f.unit.padEnd(8)} ${
    range.padEnd(22)
  } ${iqr.padEnd(26)} n=${String(f.n).padEnd(3)} ${formatTarget(f)}`.trimEnd();
}

/** What each section measures, in the words of the README table. */
const TITLES: Record<Section, string> = {
  strategy: "strategy run, data loaded",
  e2e: "one backtest, fresh process",
  sweep: "parameter sweep",
  memory: "memory",
  risk: "risk gate: full config vs none",
  execution: "fill simulator: latency + slippage vs none",
  sandbox: "sandbox",
};

function printSection(name: Section, r: SectionResult): void {
  console.log(`\n${name}: ${r.workload}`);
  const width = Math.max(0, ...Object.values(r.figures).map((f) => f.label.length));
  for (const f of Object.values(r.figures)) console.log(`  ${formatFigure(f, width)}`);
  for (const n of r.notes) console.log(`  note: ${n}`);
  if (r.error !== undefined) console.log(`  FAILED: ${r.error}`);
}

/**
 * The README's table of headline figures, from a report.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { type BenchReport, markdownTable } from "./bench.ts";
 * const report: BenchReport = {
 *   schema: 1, command: "deno task bench", date: "2026-12-07T20:00:00.000Z", quick: false, runs: 5,
 *   machine: { cores: 2, cpu: "AMD EPYC", memoryMb: 24105, os: "linux", loadAvgStart: "0.1 0.1 0.1" },
 *   deno: { deno: "2.9.6", v8: "14", typescript: "5" }, git: "abc1234",
 *   sections: { e2e: { workload: "w", notes: [], figures: { totalMs: {
 *     label: "CSV → result files", unit: "ms", headline: true, n: 5, median: 500, min: 480, max: 530, q1: 490, q3: 510,
 *     samples: [500, 480, 530, 490, 510] } } } },
 * };
 * assert.match(markdownTable(report), /\| one backtest, fresh process \| CSV → result files \| 500 ms \| 480–530 \| 5 \|/);
 * ```
 */
export function markdownTable(report: BenchReport): string {
  const m = report.machine;
  const lines = [
    ...(report.quick ? ["**A quick smoke run on small data: not the benchmark's figures.**", ""] : []),
    `Measured ${
      report.date.slice(0, 10)
    } with \`${report.command}\` on ${m.cores} cores (${m.cpu}), Deno ${report.deno.deno}` +
    `${report.git === null ? "" : `, commit ${report.git}`}, load average ${
      m.loadAvgStart.split(" ")[0]
    } at the start ` +
    `and ${m.loadAvgEnd?.split(" ")[0] ?? "?"} at the end; median of the runs each row gives, range min–max.`,
    "",
    "| | figure | median | range | runs | target |",
    "| --- | --- | --- | --- | --- | --- |",
  ];
  for (const name of SECTIONS) {
    const s = report.sections[name];
    if (s === undefined) continue;
    for (const f of Object.values(s.figures)) {
      if (!f.headline) continue;
      lines.push(
        `| ${TITLES[name]} | ${f.label} | ${formatValue(f.median, f.unit)} ${f.unit} | ${formatRange(f)} | ${f.n} | ${
          formatTarget(f).replace(/^target /, "")
        } |`,
      );
    }
  }
  return lines.join("\n");
}

// ---------------------------------------------------------------- the machine

async function machine(): Promise<BenchReport["machine"]> {
  const read = (p: string) => Deno.readTextFile(p).catch(() => "");
  const cpuinfo = await read("/proc/cpuinfo");
  const meminfo = await read("/proc/meminfo");
  return {
    cores: navigator.hardwareConcurrency,
    cpu: /model name\s*:\s*(.+)/.exec(cpuinfo)?.[1]?.trim() ?? "unknown",
    memoryMb: Math.round(Number(/MemTotal:\s+(\d+)/.exec(meminfo)?.[1] ?? NaN) / 1024),
    os: `${Deno.build.os} ${Deno.build.arch}`,
    loadAvgStart: (await read("/proc/loadavg")).split(" ").slice(0, 3).join(" "),
  };
}

async function gitRevision(): Promise<string | null> {
  const git = (args: string[]) =>
    new Deno.Command("git", { args, cwd: ROOT, stdout: "piped", stderr: "null" }).output()
      .then((o) => o.success ? new TextDecoder().decode(o.stdout).trim() : null, () => null);
  const rev = await git(["rev-parse", "--short", "HEAD"]);
  if (rev === null) return null;
  const dirty = await git(["status", "--porcelain", "--untracked-files=no"]);
  return dirty ? `${rev} + uncommitted changes` : rev;
}

// ---------------------------------------------------------------- children of this script

/** `--child strategy`: the strategy section's cold and cached runs, in one process. */
async function childStrategy(data: string, runs: number, warmup: number): Promise<void> {
  const { IndicatorCache, loadBars, loadConfig, runBacktest } = await import("../mod.ts");
  const config = await loadConfig("configs/bench_sma.ts", { data });
  const t0 = performance.now();
  const frame = await loadBars(config.data);
  const loadMs = performance.now() - t0;
  // each mode in its own block, as it occurs: a single backtest computes its indicators (cold); a sweep runs back to
  // back over one cache (cached). Interleaving them would charge each with the other's garbage.
  const cold: number[] = [], warm: number[] = [];
  let trades = 0;
  for (let i = 0; i < warmup + runs; i++) {
    const t = performance.now();
    trades = runBacktest(config, frame).trades.length;
    if (i >= warmup) cold.push(performance.now() - t);
  }
  const cache = new IndicatorCache(frame);
  for (let i = 0; i < warmup + runs; i++) {
    const t = performance.now();
    runBacktest(config, frame, { cache });
    if (i >= warmup) warm.push(performance.now() - t);
  }
  console.log(JSON.stringify({ bars: frame.length, trades, frameBytes: frameBytes(frame), loadMs, cold, warm }));
}

// ---------------------------------------------------------------- sections

/** Runs in one process cost milliseconds each: the strategy, risk and execution figures take this many times `--runs`. */
const IN_PROCESS = 3;

const ROOT = fileURLToPath(new URL("../", import.meta.url)).replace(/\/$/, "");
const SELF = fileURLToPath(import.meta.url);

interface Plan {
  readonly runs: number;
  readonly sweepRuns: number | undefined;
  readonly warmup: number;
  readonly quick: boolean;
  readonly dataDir: string;
  /** Bars of the main workload (1M) and of the large single run (10M). */
  readonly bars: number;
  readonly bigBars: number;
}

/** Runs `deno run <args>` from the project root and returns its last JSON line, its wall time and peak RSS. */
async function measured<T>(args: string[], what: string): Promise<{ json: T; wallMs: number; peakRssMb: number }> {
  const run = await runMeasured(args, what, ROOT);
  return { json: lastJsonLine<T>(run.stdout, what), wallMs: run.wallMs, peakRssMb: run.peakRssMb };
}

async function data(plan: Plan, bars: number): Promise<string> {
  return resolve(ROOT, await ensureSynth(bars, synthPath(bars, plan.dataDir)));
}

const barsLabel = (n: number) => n % 1_000_000 === 0 ? `${n / 1_000_000}M` : n % 1000 === 0 ? `${n / 1000}k` : en(n);

async function strategy(plan: Plan): Promise<SectionResult> {
  const csv = await data(plan, plan.bars);
  const { json: j } = await measured<{ bars: number; trades: number; cold: number[]; warm: number[] }>(
    [
      "run",
      "--no-prompt",
      "--allow-read",
      "--allow-ffi",
      SELF,
      "--child",
      "strategy",
      "--data",
      csv,
      "--runs",
      String(plan.runs * IN_PROCESS),
      "--warmup",
      String(plan.warmup),
    ],
    "strategy run",
  );
  const rate = (ms: number) => j.bars / (ms / 1000);
  return {
    workload: `SMA-cross 10/30 on ${en(j.bars)} bars loaded in memory (${en(j.trades)} trades); ` +
      `each mode timed after ${plan.warmup} untimed runs in one process`,
    figures: {
      coldBarsPerSec: figure("indicators computed in the run", "bars/s", j.cold.map(rate), true),
      warmBarsPerSec: figure("indicators cached (warm)", "bars/s", j.warm.map(rate), true),
      coldMs: figure("indicators computed in the run", "ms", j.cold),
      warmMs: figure("indicators cached (warm)", "ms", j.warm),
    },
    notes: [],
  };
}

interface E2eRun {
  loadMs: number;
  runMs: number;
  writeMs: number;
  /** The metrics and breakdowns, part of `writeMs`, when the script reports them apart. */
  analyzeMs?: number;
  totalMs: number;
  trades: number;
  wallMs: number;
  peakRssMb: number;
}

/** `runs` fresh processes of scripts/_bench_e2e.ts on `csv`: CSV → result files, as `deno task backtest` runs it. */
async function e2eRuns(csv: string, runs: number): Promise<E2eRun[]> {
  const tmp = await Deno.makeTempDir({ prefix: "bench_e2e_" });
  try {
    // configs/bench_sma.ts with its data replaced: what `deno task backtest configs/bench_sma.ts --data <csv>` runs
    const config = `${tmp}/bench_sma.ts`;
    await Deno.writeTextFile(
      config,
      `import base from ${JSON.stringify(new URL("../configs/bench_sma.ts", import.meta.url).href)};\n` +
        `export default { ...base, data: { ...base.data, source: ${JSON.stringify(csv)} } };\n`,
    );
    const out: E2eRun[] = [];
    for (let i = 0; i < runs; i++) {
      const r = await measured<Omit<E2eRun, "wallMs" | "peakRssMb">>(
        [
          "run",
          "--no-prompt",
          "--allow-read",
          `--allow-write=${tmp}`,
          "--allow-ffi",
          ...await taskV8Flags("backtest"), // as deno task backtest
          "scripts/_bench_e2e.ts",
          config,
          `${tmp}/out`,
        ],
        "end-to-end run",
      );
      out.push({ ...r.json, wallMs: r.wallMs, peakRssMb: r.peakRssMb });
      await Deno.remove(`${tmp}/out`, { recursive: true }).catch(() => {});
    }
    return out;
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
}

/**
 * `runs` fresh processes of the backtest task itself, `deno task backtest <config> --no-record --quiet` on `csv`, as
 * deno.json's task runs it (its own command line, its permissions and V8 flags; the `deps` step that precedes it, a
 * no-op of ~20 ms when node_modules is in place, left out): the supervisor, its runner worker, publishing and the
 * manifest included. Wall time from spawn to exit, and peak RSS.
 */
async function cliRuns(csv: string, runs: number): Promise<{ wallMs: number; peakRssMb: number }[]> {
  const args = await taskArgs("backtest", "out"); // deno.json's command line, after "deno"
  // the task may write only under out/: the runs go to a directory of their own there, removed after
  const outDir = `out/bench/.cli_e2e_${Deno.pid}`;
  const tmp = await Deno.makeTempDir({ prefix: "bench_cli_" });
  try {
    const config = `${tmp}/bench_sma.ts`;
    await Deno.writeTextFile(
      config,
      `import base from ${JSON.stringify(new URL("../configs/bench_sma.ts", import.meta.url).href)};\n` +
        `export default { ...base, data: { ...base.data, source: ${JSON.stringify(csv)} } };\n`,
    );
    const out: { wallMs: number; peakRssMb: number }[] = [];
    for (let i = 0; i < runs; i++) {
      const r = await runMeasured(
        [...args, config, "--no-record", "--quiet", "--out", outDir],
        "deno task backtest",
        ROOT,
      );
      out.push({ wallMs: r.wallMs, peakRssMb: r.peakRssMb });
    }
    return out;
  } finally {
    await Deno.remove(tmp, { recursive: true });
    await Deno.remove(resolve(ROOT, outDir), { recursive: true }).catch(() => {});
  }
}

async function e2e(plan: Plan): Promise<SectionResult> {
  const csv = await data(plan, plan.bars);
  const rs = await e2eRuns(csv, plan.runs);
  const cli = await cliRuns(csv, plan.runs);
  const col = (k: Exclude<keyof E2eRun, "analyzeMs">) => rs.map((r) => r[k]);
  return {
    workload:
      `deno task backtest configs/bench_sma.ts on ${barsLabel(plan.bars)} bars (${
        en(rs[0]!.trades)
      } trades): CSV → result.json, CSVs and report.html (every format), each run a fresh process (the run is not ` +
      `appended to the results database)`,
    figures: {
      loadMs: figure("load: config + CSV → frame", "ms", col("loadMs"), true),
      runMs: figure("run (first run of a fresh process)", "ms", col("runMs"), true),
      writeMs: figure("write: metrics + every result file", "ms", col("writeMs"), true),
      ...(rs.every((r) => r.analyzeMs !== undefined) && {
        analyzeMs: figure("of which metrics and breakdowns", "ms", rs.map((r) => r.analyzeMs!)),
      }),
      totalMs: figure("CSV → result files, in the process", "ms", col("totalMs"), true),
      processMs: figure("the same, whole process, Deno start included", "ms", col("wallMs"), true),
      processRssMb: figure("the same, peak RSS", "MB", col("peakRssMb"), true),
      wallMs: figure("deno task backtest itself: start to exit", "ms", cli.map((r) => r.wallMs), true),
      peakRssMb: figure("deno task backtest itself: peak RSS", "MB", cli.map((r) => r.peakRssMb), true),
    },
    notes: [
      "the stages and the first whole-process figures are scripts/_bench_e2e.ts (the engine's calls, one thread); the " +
      "task itself adds its supervisor thread (the run's files hashed and published with their manifest) and starts " +
      "the run in a worker",
    ],
  };
}

async function sweepOnce(plan: Plan, workload: "1m" | "100k", workers: number): Promise<SweepFigures> {
  const { json } = await measured<SweepFigures>(
    [
      "run",
      "--no-prompt",
      "--allow-all",
      "scripts/bench_optimize.ts",
      "--only",
      workload,
      "--workers",
      String(workers),
      "--json",
      "--data-dir",
      resolve(ROOT, plan.dataDir),
      ...(plan.quick ? ["--quick"] : []),
    ],
    `sweep ${workload} on ${workers} worker(s)`,
  );
  return json;
}

async function sweep(plan: Plan): Promise<SectionResult> {
  const two: SweepFigures[] = [], one: SweepFigures[] = [], small: SweepFigures[] = [];
  const notes: string[] = [];
  let reps = plan.sweepRuns ?? plan.runs;
  let error: string | undefined;
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    try {
      // one repetition: the three sweeps back to back, so drift in the machine's speed hits all three alike
      const r = [
        await sweepOnce(plan, "1m", 2),
        await sweepOnce(plan, "1m", 1),
        await sweepOnce(plan, "100k", 2),
      ] as const;
      two.push(r[0]), one.push(r[1]), small.push(r[2]);
    } catch (e) {
      // the repetitions done so far still stand
      if (i === 0) throw e;
      error = `repetition ${i + 1}: ${e instanceof Error ? e.message : String(e)}`;
      break;
    }
    const s = (performance.now() - t) / 1000;
    if (i === 0 && plan.sweepRuns === undefined && s > 60 && reps > 3) {
      reps = 3;
      notes.push(
        `${reps} repetitions instead of ${plan.runs}: the first took ${
          en(s)
        } s (over 60 s); --sweep-runs N sets the count`,
      );
    }
  }
  const ratio = one.map((o, i) => o.wallMs / two[i]!.wallMs);
  const w = (xs: SweepFigures[]) => xs.map((x) => x.wallMs / 1000);
  const hits = (xs: SweepFigures[]) => xs.map((x) => 100 * x.cache.hits / Math.max(1, x.cache.hits + x.cache.misses));
  const t0 = two[0]!, s0 = small[0]!;
  // what the studies say of themselves beyond the figures (e.g. which evaluation path they took), once per kind
  const said = new Set<string>();
  for (const [what, xs] of [["2 workers", two], ["1 worker", one], ["2 workers", small]] as const) {
    for (const x of xs) {
      for (const [k, v] of Object.entries(x.extra)) {
        said.add(`${x.name}, ${what}: the study reported ${k} ${typeof v === "string" ? v : JSON.stringify(v)}`);
      }
    }
  }
  notes.push(...said);
  return {
    workload: `${t0.name} (${en(t0.runs)} runs) and ${s0.name} (${en(s0.runs)} runs); each sweep a fresh ` +
      `process with the optimize task's V8 flags, load + search + files`,
    figures: {
      big2Wall: figure(`${t0.name}, 2 workers`, "s", w(two), true),
      big1Wall: figure(`${t0.name}, 1 worker`, "s", w(one), true),
      speedup: figure("2 workers vs 1 (speed-up, per repetition)", "×", ratio, true),
      big2Rss: figure(`${t0.name}, 2 workers, peak RSS`, "MB", two.map((x) => x.peakRssMb), true),
      big2Rate: figure(
        `${t0.name}, 2 workers, bar-evaluations/s`,
        "bars/s",
        two.map((x) => x.runs * x.bars / (x.wallMs / 1000)),
      ),
      big2Hits: figure(`${t0.name}, indicator cache hits`, "%", hits(two)),
      smallWall: figure(`${s0.name}, 2 workers`, "s", w(small), true),
      smallRss: figure(`${s0.name}, 2 workers, peak RSS`, "MB", small.map((x) => x.peakRssMb), true),
      smallRate: figure(
        `${s0.name}, 2 workers, bar-evaluations/s`,
        "bars/s",
        small.map((x) => x.runs * x.bars / (x.wallMs / 1000)),
      ),
    },
    notes,
    ...(error !== undefined && { error }),
  };
}

/** What one run of `scripts/bench_memory.ts --child single` prints: its figures, or why the loader refused the data. */
interface MemoryRun {
  readonly refused?: string;
  readonly bars: number;
  readonly symbols: number;
  readonly frameMb: number;
  readonly loadMs: number;
  readonly runMs: number;
  readonly writeMs: number;
}

/** The 2,000-symbol file of `deno task bench:memory`, made by it when missing (it measures one run as it does). */
async function multiSymbolData(plan: Plan): Promise<string> {
  if (plan.quick) return `${ROOT}/data/sample/sample.parquet`;
  const path = `${ROOT}/bench-data/multi_2000x2500.parquet`;
  const made = await Deno.stat(path).then(() => true, () => false);
  if (!made) {
    await runMeasured(
      ["run", "--no-prompt", "--allow-all", "scripts/bench_memory.ts", "--only", "multi"],
      "bench:memory --only multi",
      ROOT,
    );
  }
  return path;
}

async function memory(plan: Plan): Promise<SectionResult> {
  const figures: Record<string, Figure> = {};
  const notes: string[] = [];
  const workloads = [
    { key: plan.quick ? "Small" : "1M", data: await data(plan, plan.bars) },
    { key: plan.quick ? "Large" : "10M", data: await data(plan, plan.bigBars) },
    { key: "Multi", data: await multiSymbolData(plan) },
  ];
  for (const w of workloads) {
    const rs: (MemoryRun & { peakRssMb: number })[] = [];
    const tmp = await Deno.makeTempDir({ prefix: "bench_memory_" });
    try {
      for (let i = 0; i < plan.runs; i++) {
        const r = await measured<MemoryRun>(
          [
            "run",
            "--no-prompt",
            "--allow-all",
            ...await taskV8Flags("backtest"), // a run's memory as deno task backtest's heap settings give it
            "scripts/bench_memory.ts",
            "--child",
            "single",
            "--data",
            w.data,
            "--out",
            `${tmp}/out${i}`,
          ],
          "memory run",
        );
        if (r.json.refused !== undefined) {
          notes.push(`${w.data}: refused up front: ${r.json.refused}`);
          break;
        }
        rs.push({ ...r.json, peakRssMb: r.peakRssMb });
        await Deno.remove(`${tmp}/out${i}`, { recursive: true }).catch(() => {});
      }
    } finally {
      await Deno.remove(tmp, { recursive: true });
    }
    const r0 = rs[0];
    if (r0 === undefined) continue;
    const label = r0.symbols > 1
      ? `${en(r0.symbols)} symbols × ${en(r0.bars / r0.symbols)} bars`
      : `${barsLabel(r0.bars)} bars`;
    figures[`peak${w.key}`] = figure(
      `${label}: peak RSS, data file → result files`,
      "MB",
      rs.map((r) => r.peakRssMb),
      true,
    );
    figures[`ratio${w.key}`] = figure(
      `${label}: peak RSS / the frame's ${formatValue(r0.frameMb, "MB")} MB`,
      "× frame",
      rs.map((r) => r.peakRssMb / r.frameMb),
      true,
    );
    figures[`total${w.key}`] = figure(
      `${label}: load + run + write`,
      "ms",
      rs.map((r) => r.loadMs + r.runMs + r.writeMs),
    );
  }
  return {
    workload:
      `deno task bench:memory's single runs (SMA-cross 10/30 of configs/bench_sma.ts, CSV or Parquet → result ` +
      `files, each a fresh process): peak RSS (VmHWM, sampled from outside) against the bytes of the frame's typed arrays`,
    figures,
    notes,
  };
}

/** Untimed rounds of the risk and execution runs: each round runs four backtests, so a quarter of the warm-up runs. */
const rounds = (plan: Plan) => Math.max(1, Math.ceil(plan.warmup / 4));
const untimed = (plan: Plan) => `${rounds(plan)} untimed round${rounds(plan) === 1 ? "" : "s"}`;

async function risk(plan: Plan): Promise<SectionResult> {
  const csv = await data(plan, plan.bars);
  const { json: j } = await measured<{
    bars: number;
    plain: { trades: number; denials: number };
    full: { trades: number; denials: number };
    plainCold: number[];
    fullCold: number[];
    plainWarm: number[];
    fullWarm: number[];
  }>(inProcessArgs("scripts/bench_risk.ts", plan, csv), "risk benchmark");
  const rate = (ms: number) => j.bars / (ms / 1000);
  return {
    workload: `SMA-cross 10/30 on ${en(j.bars)} bars: fixedQty, no limits (${en(j.plain.trades)} trades) against ` +
      `ATR sizing + every limit + both breakers + cooldown (${en(j.full.trades)} trades, ${en(j.full.denials)} ` +
      `denials), interleaved in one process after ${untimed(plan)}`,
    figures: {
      plainCold: figure("no limits, indicators computed in the run", "bars/s", j.plainCold.map(rate)),
      fullCold: figure("full risk config, indicators computed in the run", "bars/s", j.fullCold.map(rate)),
      costCold: figure(
        "full config's extra run time, indicators computed",
        "%",
        extraTime(j.fullCold, j.plainCold),
        true,
      ),
      plainWarm: figure("no limits, indicators cached", "bars/s", j.plainWarm.map(rate)),
      fullWarm: figure("full risk config, indicators cached", "bars/s", j.fullWarm.map(rate)),
      costWarm: figure(
        "full config's extra run time, indicators cached",
        "%",
        extraTime(j.fullWarm, j.plainWarm),
        true,
      ),
    },
    notes: ["cost: the full config's run time over the plain run's of the same round, minus 1"],
  };
}

/** The args of an in-process benchmark script (`bench_risk.ts`, `bench_execution.ts`) run for `plan` on `csv`. */
function inProcessArgs(script: string, plan: Plan, csv: string): string[] {
  const runs = String(plan.runs * IN_PROCESS);
  return [
    "run",
    "--no-prompt",
    "--allow-all",
    script,
    "--json",
    "--runs",
    runs,
    "--data",
    csv,
    "--warmup",
    String(rounds(plan)),
  ];
}

/** Each round's extra run time of `a` over `b`, in %. */
function extraTime(a: readonly number[], b: readonly number[]): number[] {
  return a.map((x, i) => 100 * (x / b[i]! - 1));
}

async function execution(plan: Plan): Promise<SectionResult> {
  const csv = await data(plan, plan.bars);
  const { json: j } = await measured<{
    bars: number;
    fills: { plain: number; modeled: number };
    plainCold: number[];
    modeledCold: number[];
    plainWarm: number[];
    modeledWarm: number[];
  }>(inProcessArgs("scripts/bench_execution.ts", plan, csv), "execution benchmark");
  const rate = (ms: number) => j.bars / (ms / 1000);
  return {
    workload: `SMA-cross 10/30 on ${en(j.bars)} bars: next-open fills (${en(j.fills.plain)} fills) against lognormal ` +
      `latency (median 40 ms) + 2 bps slippage (${en(j.fills.modeled)} fills), interleaved in one process after ` +
      `${untimed(plan)}`,
    figures: {
      plainCold: figure("plain fills, indicators computed in the run", "bars/s", j.plainCold.map(rate)),
      modeledCold: figure("latency + slippage, indicators computed", "bars/s", j.modeledCold.map(rate)),
      costCold: figure(
        "latency + slippage's extra run time, indicators computed",
        "%",
        extraTime(j.modeledCold, j.plainCold),
        true,
      ),
      plainWarm: figure("plain fills, indicators cached", "bars/s", j.plainWarm.map(rate)),
      modeledWarm: figure("latency + slippage, indicators cached", "bars/s", j.modeledWarm.map(rate)),
      costWarm: figure(
        "latency + slippage's extra run time, indicators cached",
        "%",
        extraTime(j.modeledWarm, j.plainWarm),
        true,
      ),
    },
    notes: ["cost: the modelled run's time over the plain run's of the same round, minus 1"],
  };
}

async function sandbox(plan: Plan): Promise<SectionResult> {
  const csv = await data(plan, plan.bars);
  type Load = { openMs: number; readMs: number; loadMs: number; bars: number; wallMs: number; peakRssMb: number };
  const { json: j } = await measured<{ native: Load[]; wasm: Load[] }>(
    [
      "run",
      "--no-prompt",
      "--allow-all",
      "scripts/bench_sandbox.ts",
      "--json",
      "--runs",
      String(plan.runs),
      "--data",
      csv,
    ],
    "sandbox benchmark",
  );
  const col = (rs: Load[], k: keyof Load) => rs.map((r) => r[k]);
  return {
    workload: `loading ${en(j.native[0]!.bars)} bars from CSV into a frame, each load a fresh process, alternating ` +
      `native DuckDB and the sandbox's WebAssembly DuckDB (read access to the project only)`,
    figures: {
      nativeLoad: figure("native: engine start + CSV → frame", "ms", col(j.native, "loadMs"), true),
      wasmOpen: figure("WebAssembly: engine start", "ms", col(j.wasm, "openMs")),
      wasmRead: figure("WebAssembly: CSV → frame", "ms", col(j.wasm, "readMs")),
      wasmLoad: figure("WebAssembly: engine start + CSV → frame", "ms", col(j.wasm, "loadMs"), true),
      ratio: figure("WebAssembly / native load", "×", j.wasm.map((w, i) => w.loadMs / j.native[i]!.loadMs)),
      wasmRss: figure("WebAssembly: peak RSS", "MB", col(j.wasm, "peakRssMb")),
    },
    notes: [],
  };
}

const RUNNERS: Record<Section, (plan: Plan) => Promise<SectionResult>> = {
  strategy,
  e2e,
  sweep,
  memory,
  risk,
  execution,
  sandbox,
};

// ---------------------------------------------------------------- main

async function main(): Promise<number> {
  const parsed = parseFlags(USAGE, () => {
    const p = parseArgs({
      args: Deno.args,
      options: {
        only: { type: "string" },
        runs: { type: "string" },
        "sweep-runs": { type: "string" },
        warmup: { type: "string" },
        quick: { type: "boolean", default: false },
        json: { type: "string" },
        table: { type: "string" },
        "data-dir": { type: "string", default: "bench-data" },
        child: { type: "string" },
        data: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
    const whole = (flag: string, v: string | undefined, min: number) => {
      if (v === undefined) return undefined;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min) {
        throw new FlagError(`--${flag}: expected a whole number ≥ ${min}, found ${JSON.stringify(v)}`);
      }
      return n;
    };
    const quick = p.values.quick;
    const only = p.values.only?.split(",").map((s) => s.trim()).filter((s) => s !== "");
    for (const s of only ?? []) {
      if (!(SECTIONS as readonly string[]).includes(s)) {
        throw new FlagError(`--only: unknown section ${JSON.stringify(s)}; expected some of ${SECTIONS.join(", ")}`);
      }
    }
    return {
      values: p.values,
      only: (only ?? SECTIONS) as readonly Section[],
      runs: whole("runs", p.values.runs, quick || p.values.child !== undefined ? 1 : 5) ?? (quick ? 2 : 5),
      sweepRuns: whole("sweep-runs", p.values["sweep-runs"], 1),
      warmup: whole("warmup", p.values.warmup, 0) ?? (quick ? 2 : 20),
    };
  });
  if (typeof parsed === "number") return parsed;
  const { values } = parsed;
  if (values.child === "strategy") {
    await childStrategy(values.data!, parsed.runs, parsed.warmup);
    return 0;
  }
  if (values.table !== undefined) {
    let report: BenchReport;
    try {
      report = JSON.parse(await Deno.readTextFile(values.table)) as BenchReport;
    } catch (e) {
      // --table reads a report --json wrote; it writes nothing
      console.error(
        `error: --table: expected a JSON report written by --json, found ${
          e instanceof SyntaxError ? "a file that is not JSON" : "no readable file"
        } at "${values.table}" (${e instanceof Error ? e.message : String(e)})`,
      );
      return 2;
    }
    console.log(markdownTable(report));
    return 0;
  }
  const plan: Plan = {
    runs: parsed.runs,
    sweepRuns: parsed.sweepRuns,
    warmup: parsed.warmup,
    quick: values.quick,
    dataDir: values["data-dir"],
    bars: values.quick ? 20_000 : 1_000_000,
    bigBars: values.quick ? 50_000 : 10_000_000,
  };
  const started = performance.now();
  const report: BenchReport = {
    schema: 1,
    command: ["deno task bench", ...Deno.args].join(" "),
    date: new Date().toISOString(),
    quick: plan.quick,
    runs: plan.runs,
    machine: await machine(),
    deno: { ...Deno.version },
    git: await gitRevision(),
    sections: {},
  };
  const m = report.machine;
  console.log(
    `deno task bench, ${report.date.slice(0, 16).replace("T", " ")} UTC: ${m.cores} cores (${m.cpu}), ${
      en(m.memoryMb)
    } MB, ${m.os}, Deno ${report.deno.deno} (V8 ${report.deno.v8})${report.git === null ? "" : `, ${report.git}`}`,
  );
  console.log(
    `load average at start ${m.loadAvgStart}; median of ${plan.runs} runs [min–max] unless said otherwise; ` +
      `figures from a shared machine are noisy`,
  );
  if (plan.quick) console.log("QUICK: a smoke run on small data; these figures are not the benchmark's");
  let failed = 0;
  for (const name of SECTIONS) {
    if (!parsed.only.includes(name)) continue;
    const t = performance.now();
    let r: SectionResult;
    try {
      r = await RUNNERS[name](plan);
    } catch (e) {
      failed++;
      r = { workload: "", figures: {}, notes: [], error: e instanceof Error ? e.message : String(e) };
    }
    // the targets are the full workloads'; a quick run's small data has none
    for (const [k, f] of Object.entries(plan.quick ? {} : r.figures)) {
      const target = TARGETS[`${name}.${k}`];
      if (target !== undefined) r.figures[k] = { ...f, target };
    }
    r.notes.push(`the section took ${en((performance.now() - t) / 1000)} s`);
    report.sections[name] = r;
    printSection(name, r);
  }
  report.machine.loadAvgEnd = (await Deno.readTextFile("/proc/loadavg").catch(() => "")).split(" ").slice(0, 3)
    .join(" ");
  report.elapsedS = (performance.now() - started) / 1000;
  console.log(`\nload average at the end ${report.machine.loadAvgEnd}; ${en(report.elapsedS)} s in all`);
  if (values.json !== undefined) {
    const dir = values.json.includes("/") ? values.json.slice(0, values.json.lastIndexOf("/")) : ".";
    await Deno.mkdir(dir, { recursive: true });
    await Deno.writeTextFile(`${values.json}.tmp`, JSON.stringify(report, null, 2) + "\n");
    await Deno.rename(`${values.json}.tmp`, values.json);
    console.log(`figures written to ${values.json}`);
  }
  return failed === 0 ? 0 : 1;
}

if (import.meta.main) Deno.exit(await main());
