/**
 * `deno task bench:memory`: memory figures, printed, never asserted.
 *
 * 1. **Single runs by size.** SMA(10/30) cross (configs/bench_sma.ts) on
 *    1M and 10M synthetic minute bars (`--bars 1m,10m,50m` for others;
 *    `generateSynth(n, 42)`, written once to `bench-data/synth_<n>.csv`),
 *    CSV → result files in a fresh process; its peak RSS (VmHWM, polled from
 *    /proc/<pid>/status) against the frame's own bytes (its typed arrays).
 *    Target: peak ≤ 2.5× the frame. A size the machine cannot hold is
 *    refused up front by the loader's estimate, and printed as such.
 * 1b. **Many symbols.** 2,000 symbols × 2,500 daily bars from one Parquet
 *    file (`bench-data/multi_2000x2500.parquet`, made once by DuckDB from a
 *    formula), the same strategy on every symbol. Target: peak ≤ 600 MB.
 * 2. **10,000-run grid.** `gridSearch` over 100,000 of those bars
 *    (`bench-data/synth_100k.csv`), fast 2…101 × slow 110…209, in a fresh
 *    process; its RSS (workers are threads of it) sampled every 500
 *    completed runs, and the least-squares slope of RSS over runs: the whole
 *    sweep, and its second half. The workers' indicator caches reserve their
 *    slots at the start (see engine/optimize/study_kernel.ts), so both should be
 *    flat.
 *    A flat slope means runs leave nothing behind.
 *
 * Usage: `deno task bench:memory [--only single|multi|grid] [--bars 1m,10m] [--workers N]`
 *
 * @module
 */
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { runMeasured, taskV8Flags } from "./_bench_data.ts";
import { generateSynth } from "./gen_synth.ts";
import { parseFlags } from "./_flags.ts";

const USAGE = `Usage: deno task bench:memory [--only single|multi|grid] [--bars 1m,10m] [--workers N]

Memory figures, printed, never asserted: the peak RSS of backtests from CSV
to result files at each size against the frame's own bytes, of 2,000 symbols
× 2,500 daily bars, and the RSS slope over a 10,000-run grid on 100,000 bars
(whole sweep and second half), each in a fresh process.

Options:
  --only single|multi|grid   run one workload only
  --bars LIST                sizes of the single runs (default 1m,10m; 50m
                             needs a 2.7 GB CSV file and ~9 GB of memory)
  --workers N                worker threads of the grid (default 2)
  -h, --help                 show this help`;

const fmt = (x: number, d = 0) => x.toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d });

/** The synthetic file of `n` bars (seed 42), generated on first use. */
async function ensureSynth(n: number, path: string): Promise<string> {
  try {
    await Deno.stat(path);
    return path;
  } catch {
    // generate below
  }
  await Deno.mkdir("bench-data", { recursive: true });
  await Deno.writeFile(`${path}.tmp`, generateSynth(n, 42));
  await Deno.rename(`${path}.tmp`, path);
  return path;
}

/**
 * Least-squares slope of `ys` over `xs` (NaN with fewer than two points).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { slope } from "./bench_memory.ts";
 * assert.ok(slope([0, 1, 2], [5, 7, 9]) === 2);
 * ```
 */
export function slope(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  if (n < 2) return NaN;
  const mx = xs.reduce((a, b) => a + b, 0) / n, my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0, den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i]! - mx) * (ys[i]! - my);
    den += (xs[i]! - mx) ** 2;
  }
  return num / den;
}

/** Resident set of this process (VmRSS), or its peak so far (VmHWM), MB. */
function rssMb(field: "VmRSS" | "VmHWM" = "VmRSS"): number {
  const status = Deno.readTextFileSync("/proc/self/status");
  return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN) / 1024;
}

// ---------------------------------------------------------------- children

/** The bytes of a frame's own arrays (each buffer once: a single symbol's `times` is its `tsMs`). */
function frameBytes(frame: object): number {
  const buffers = new Set<ArrayBufferLike>();
  let bytes = 0;
  for (const v of Object.values(frame)) {
    if (ArrayBuffer.isView(v) && !buffers.has(v.buffer)) {
      buffers.add(v.buffer);
      bytes += v.byteLength;
    }
  }
  return bytes;
}

async function childSingle(data: string, out: string): Promise<void> {
  const { loadBars, loadConfig, runBacktest, writeResults } = await import("../mod.ts");
  const t0 = performance.now();
  const config = await loadConfig("configs/bench_sma.ts", { data, out });
  let frame;
  try {
    frame = await loadBars(config.data);
  } catch (e) {
    console.log(JSON.stringify({ refused: e instanceof Error ? e.message : String(e) }));
    return;
  }
  const t1 = performance.now();
  const peakLoad = rssMb("VmHWM");
  const r = runBacktest(config, frame);
  const t2 = performance.now();
  const peakRun = rssMb("VmHWM");
  await writeResults(r, out);
  const t3 = performance.now();
  console.log(JSON.stringify({
    bars: frame.length,
    symbols: frame.symbols.length,
    frameMb: frameBytes(frame) / 2 ** 20,
    trades: r.trades.length,
    loadMs: t1 - t0,
    runMs: t2 - t1,
    writeMs: t3 - t2,
    peakLoadMb: peakLoad,
    peakRunMb: peakRun,
    peakWriteMb: rssMb("VmHWM"),
  }));
}

async function childGrid(data: string, out: string, workers: number): Promise<void> {
  const { gridSearch } = await import("../engine/optimize/grid_search.ts");
  const url = (p: string) => new URL(p, pathToFileURL(`${Deno.cwd()}/`)).href;
  const mod = url("mod.ts"), sma = url("strategies/sma_cross.ts");
  const configPath = `${out}/grid_config.ts`;
  await Deno.mkdir(out, { recursive: true });
  await Deno.writeTextFile(
    configPath,
    `import { defineConfig, range } from "${mod}";
import { smaCross } from "${sma}";
export default defineConfig({
  name: "bench_memory_grid",
  data: { source: ${JSON.stringify(data)} },
  capital: 100_000,
  strategy: { use: smaCross, params: { fast: 10, slow: 30 } },
  risk: { sizing: { kind: "fixedQty", qty: 10 } },
  optimize: {
    params: { fast: range(2, 101, 1), slow: range(110, 209, 1) },
    objective: "totalReturn",
    periodsPerYear: 252 * 390,
    top: 0,
  },
});
`,
  );
  const samples: { runs: number; rssMb: number }[] = [{ runs: 0, rssMb: rssMb() }];
  let next = 500;
  const t0 = performance.now();
  const report = await gridSearch({
    configPath,
    workers,
    outDir: `${out}/study`,
    onProgress: (p) => {
      while (p.done >= next) {
        samples.push({ runs: next, rssMb: rssMb() });
        next += 500;
      }
    },
  });
  console.log(JSON.stringify({
    runs: report.runs,
    completed: report.completed,
    failed: report.failed,
    workers: report.workers,
    chunkSize: report.chunkSize,
    cache: report.cache,
    wallMs: performance.now() - t0,
    samples,
  }));
}

// ---------------------------------------------------------------- parent

/** A child of this script, with the heap settings of `task` (its young generation's size is part of the peak). */
async function spawnChild(
  task: "backtest" | "optimize",
  args: string[],
): Promise<{ json: Record<string, unknown>; peakMb: number; wallMs: number }> {
  const run = await runMeasured(
    ["run", "--allow-all", ...await taskV8Flags(task), "scripts/bench_memory.ts", ...args],
    `child ${args.join(" ")}`,
  );
  const lines = run.stdout.trim().split("\n");
  return { json: JSON.parse(lines[lines.length - 1]!), peakMb: run.peakRssMb, wallMs: run.wallMs };
}

/** `1m`, `10m`, `2500k`, `100000` → bars. */
function parseBars(text: string): number {
  const m = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(text.trim());
  if (!m) throw new Error(`--bars: expected sizes such as 1m,10m, found "${text}"`);
  return Math.round(Number(m[1]) * (m[2]?.toLowerCase() === "m" ? 1e6 : m[2]?.toLowerCase() === "k" ? 1e3 : 1));
}

/** A single run in a fresh process on `data`; prints its figures against the frame's bytes. */
async function measureRun(label: string, data: string, targetMb?: number): Promise<void> {
  const tmp = await Deno.makeTempDir();
  try {
    const { json, peakMb, wallMs } = await spawnChild("backtest", [
      "--child",
      "single",
      "--data",
      data,
      "--out",
      `${tmp}/out`,
    ]);
    if (typeof json.refused === "string") {
      console.log(`${label}: refused up front (${fmt(wallMs)} ms): ${json.refused}`);
      return;
    }
    const j = json as {
      bars: number;
      symbols: number;
      frameMb: number;
      trades: number;
      loadMs: number;
      runMs: number;
      writeMs: number;
      peakLoadMb: number;
      peakRunMb: number;
      peakWriteMb: number;
    };
    const ratio = peakMb / j.frameMb;
    console.log(
      `${label}: SMA 10/30 cross on ${fmt(j.bars)} bars of ${fmt(j.symbols)} symbol${j.symbols > 1 ? "s" : ""} ` +
        `(${data}), ${fmt(j.trades)} trades`,
    );
    console.log(
      `   load ${fmt(j.loadMs)} ms, run ${fmt(j.runMs)} ms, write ${fmt(j.writeMs)} ms; process ${fmt(wallMs)} ms`,
    );
    console.log(
      `   peak RSS ${fmt(peakMb)} MB = ${fmt(ratio, 2)}× the frame's ${fmt(j.frameMb)} MB ` +
        (targetMb === undefined ? "(target ≤ 2.5×)" : `(target ≤ ${fmt(targetMb)} MB)`),
    );
    console.log(
      `   peak so far after loading ${fmt(j.peakLoadMb)} MB, after the run ${fmt(j.peakRunMb)} MB, ` +
        `after writing ${fmt(j.peakWriteMb)} MB`,
    );
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
}

async function single(sizes: readonly number[]): Promise<void> {
  for (const [k, n] of sizes.entries()) {
    const name = n % 1e6 === 0 ? `${n / 1e6}m` : n % 1e3 === 0 ? `${n / 1e3}k` : String(n);
    const data = await ensureSynth(n, n === 1e6 ? "bench-data/synth_1m.csv" : `bench-data/synth_${name}.csv`);
    await measureRun(`1.${k + 1} single run`, data);
  }
}

/** 2,000 symbols × 2,500 daily bars in one Parquet file, made once by DuckDB from a formula (no randomness). */
async function ensureMulti(path: string): Promise<string> {
  try {
    await Deno.stat(path);
    return path;
  } catch {
    // made below
  }
  await Deno.mkdir("bench-data", { recursive: true });
  const { openSqlEngine } = await import("../engine/data/sql_engine.ts");
  using db = await openSqlEngine("native");
  await db.exec(
    `COPY (
       WITH b AS (
         SELECT s, d, 50 + 10 * sin(d / 40.0 + s) + 5 * sin(d / 7.0 + 2 * s) + (hash(s * 7919 + d) % 100) / 100.0 AS p
         FROM range(2000) t1(s), range(2500) t2(d))
       SELECT 'S' || lpad(s::VARCHAR, 4, '0') AS Symbol, DATE '2010-01-01' + d::INTEGER AS Date,
              p AS Open, p + 0.5 AS High, p - 0.5 AS Low, p + 0.1 AS Close, 1000 + d AS Volume
       FROM b ORDER BY s, d)
     TO '${path}.tmp' (FORMAT parquet)`,
  );
  await Deno.rename(`${path}.tmp`, path);
  return path;
}

async function multi(): Promise<void> {
  await measureRun("1b. many symbols", await ensureMulti("bench-data/multi_2000x2500.parquet"), 600);
}

async function grid(workers: number): Promise<void> {
  const data = await ensureSynth(100_000, "bench-data/synth_100k.csv");
  const tmp = await Deno.makeTempDir({ dir: "bench-data" });
  try {
    const { json, peakMb, wallMs } = await spawnChild("optimize", [
      "--child",
      "grid",
      "--data",
      data,
      "--out",
      tmp,
      "--workers",
      String(workers),
    ]);
    const j = json as {
      runs: number;
      completed: number;
      failed: number;
      workers: number;
      chunkSize: number;
      cache: { hits: number; misses: number; evictions: number };
      wallMs: number;
      samples: { runs: number; rssMb: number }[];
    };
    const s = j.samples;
    const xs = s.map((p) => p.runs), ys = s.map((p) => p.rssMb);
    const half = s.filter((p) => p.runs >= j.runs / 2);
    const all = slope(xs.slice(1), ys.slice(1)) * 1000;
    const late = slope(half.map((p) => p.runs), half.map((p) => p.rssMb)) * 1000;
    console.log(
      `2. grid search: ${fmt(j.runs)} runs × ${
        fmt(100_000)
      } bars (${data}), ${j.workers} workers, chunks of ${j.chunkSize}`,
    );
    console.log(
      `   ${fmt(j.completed)} completed, ${j.failed} failed in ${fmt(j.wallMs / 1000, 1)} s ` +
        `(${fmt(j.runs / (j.wallMs / 1000))} runs/s); indicator cache ${fmt(j.cache.hits)} hits, ` +
        `${fmt(j.cache.misses)} misses, ${fmt(j.cache.evictions)} evictions; process ${fmt(wallMs / 1000, 1)} s`,
    );
    console.log(`   RSS every 500 runs (MB): ${s.map((p) => fmt(p.rssMb)).join(" ")}`);
    console.log(
      `   RSS slope: ${fmt(all, 2)} MB per 1,000 runs over runs 500…${fmt(j.runs)}; ` +
        `${fmt(late, 2)} MB per 1,000 runs over the second half`,
    );
    console.log(
      `   RSS at 500 runs ${fmt(ys[1] ?? NaN)} MB, at the end ${fmt(ys[ys.length - 1]!)} MB; peak ${fmt(peakMb)} MB`,
    );
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
}

if (import.meta.main) {
  const parsed = parseFlags(USAGE, () =>
    parseArgs({
      args: Deno.args,
      options: {
        only: { type: "string" },
        bars: { type: "string", default: "1m,10m" },
        workers: { type: "string", default: "2" },
        child: { type: "string" },
        data: { type: "string" },
        out: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  if (typeof parsed === "number") Deno.exit(parsed);
  const { values } = parsed;
  const workers = Math.max(1, Number(values.workers) || 2);
  if (values.child === "single") await childSingle(values.data!, values.out!);
  else if (values.child === "grid") await childGrid(values.data!, values.out!, workers);
  else {
    if (values.only === undefined || values.only === "single") await single(values.bars.split(",").map(parseBars));
    if (values.only === undefined || values.only === "multi") await multi();
    if (values.only === undefined || values.only === "grid") await grid(workers);
  }
}
