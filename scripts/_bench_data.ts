/**
 * What the benchmark scripts share: their seeded synthetic data files, the
 * statistics of repeated measurements, and fresh-process runs with their
 * peak RSS sampled from outside.
 *
 * @module
 */
import { sha256Hex } from "../engine/sha256_hex.ts";
import { generateSynth } from "./gen_synth.ts";
import { taskArgs } from "./task_args.ts";

/** sha256 of 1,000,000 bars with seed 42, from ../shared/bench/README.md. */
const SYNTH_1M_SHA256 = "2559704d1ce3a8dc8119ab6be80cca7067b8a206f7be8324a0682698567a3eee";

/** Path of the 1M-bar file, creating it (and verifying its digest) when missing. */
export async function ensureSynth1m(path = "bench-data/synth_1m.csv"): Promise<string> {
  return await ensureSynth(1_000_000, path);
}

/**
 * Path of a file of `n` synthetic minute bars (seed 42; the first `n` bars
 * of every larger file), written when missing. The 1M-bar file is checked
 * against its published digest.
 */
export async function ensureSynth(n: number, path: string): Promise<string> {
  try {
    await Deno.stat(path);
    return path;
  } catch {
    // generate below
  }
  const bytes = generateSynth(n, 42);
  if (n === 1_000_000) {
    const digest = await sha256Hex(bytes);
    if (digest !== SYNTH_1M_SHA256) {
      throw new Error(`generated benchmark data has sha256 ${digest}, expected ${SYNTH_1M_SHA256}`);
    }
  }
  await Deno.mkdir(path.slice(0, path.lastIndexOf("/")) || ".", { recursive: true });
  // a name of its own per process, so two benchmarks generating the same file never write into one another's
  const tmp = `${path}.${Deno.pid}.tmp`;
  await Deno.writeFile(tmp, bytes);
  await Deno.rename(tmp, path);
  return path;
}

/**
 * Where the file of `n` synthetic bars lives under `dir`: `synth_1m.csv`,
 * `synth_100k.csv`, `synth_20k.csv`, `synth_1234.csv`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { synthPath } from "./_bench_data.ts";
 * assert.equal(synthPath(10_000_000), "bench-data/synth_10m.csv");
 * assert.equal(synthPath(100_000, "/tmp/b"), "/tmp/b/synth_100k.csv");
 * ```
 */
export function synthPath(n: number, dir = "bench-data"): string {
  const label = n % 1_000_000 === 0 ? `${n / 1_000_000}m` : n % 1000 === 0 ? `${n / 1000}k` : String(n);
  return `${dir}/synth_${label}.csv`;
}

/** Median of a list of numbers. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Median, range and quartiles of repeated measurements, with the samples themselves. */
export interface Spread {
  readonly n: number;
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** First and third quartiles (linear interpolation between order statistics). */
  readonly q1: number;
  readonly q3: number;
  readonly samples: readonly number[];
}

/**
 * The {@linkcode Spread} of `xs` (at least one sample).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { spread } from "./_bench_data.ts";
 * const s = spread([5, 1, 4, 2, 3]);
 * assert.deepEqual([s.median, s.min, s.max, s.q1, s.q3], [3, 1, 5, 2, 4]);
 * ```
 */
export function spread(xs: readonly number[]): Spread {
  if (xs.length === 0) throw new Error("spread() of no samples");
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => {
    const i = (s.length - 1) * p, lo = Math.floor(i), hi = Math.ceil(i);
    return s[lo]! + (s[hi]! - s[lo]!) * (i - lo);
  };
  return { n: s.length, median: median(s), min: s[0]!, max: s[s.length - 1]!, q1: q(0.25), q3: q(0.75), samples: xs };
}

/**
 * Bytes held by a frame's typed arrays, each buffer counted once (a
 * single-symbol frame's step times are its bar times).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { frameFromRows } from "../mod.ts";
 * import { frameBytes } from "./_bench_data.ts";
 * const frame = frameFromRows([{ symbol: "A", tsMs: 0, open: 1, high: 1, low: 1, close: 1 }], 60_000);
 * assert.ok(frameBytes(frame) >= 8 * 6);
 * ```
 */
export function frameBytes(frame: object): number {
  const seen = new Set<ArrayBufferLike>();
  let bytes = 0;
  for (const v of Object.values(frame)) {
    if (!ArrayBuffer.isView(v) || seen.has(v.buffer)) continue;
    seen.add(v.buffer);
    bytes += v.buffer.byteLength;
  }
  return bytes;
}

/**
 * Poll a process's VmHWM (peak resident set) until it exits; MB. Reading
 * another process's /proc entry needs --allow-all under Deno.
 */
export async function samplePeakRss(pid: number): Promise<number> {
  let peakKb = 0;
  for (;;) {
    try {
      const status = await Deno.readTextFile(`/proc/${pid}/status`);
      if (/State:\s+Z/.test(status)) break;
      peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
    } catch {
      break;
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  return peakKb / 1024;
}

/** What a measured child process printed, how long it took, and its peak RSS. */
export interface MeasuredRun {
  readonly stdout: string;
  readonly wallMs: number;
  readonly peakRssMb: number;
}

/**
 * Run `deno <args>` in a fresh process, timing it and sampling its peak RSS.
 * Throws when the child fails, naming `what`.
 */
export async function runMeasured(args: readonly string[], what: string, cwd?: string): Promise<MeasuredRun> {
  const t = performance.now();
  const child = new Deno.Command(Deno.execPath(), {
    args: [...args],
    ...(cwd !== undefined && { cwd }),
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const peak = samplePeakRss(child.pid);
  const out = await child.output();
  const wallMs = performance.now() - t;
  if (!out.success) throw new Error(`${what} failed with exit code ${out.code}`);
  return { stdout: new TextDecoder().decode(out.stdout), wallMs, peakRssMb: await peak };
}

/** The last line of a child's stdout, parsed as JSON (the scripts print their figures there with `--json`). */
export function lastJsonLine<T>(stdout: string, what: string): T {
  const lines = stdout.trimEnd().split("\n");
  const last = lines[lines.length - 1] ?? "";
  try {
    return JSON.parse(last) as T;
  } catch {
    throw new Error(`${what} printed no JSON on its last line: ${JSON.stringify(last.slice(0, 200))}`);
  }
}

/**
 * The `--v8-flags=…` argument of a deno.json task (none: an empty list), so that a benchmark's child process runs
 * with the heap settings its users get (`deno task backtest` sets the heap limit and a smaller young generation).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { taskV8Flags } from "./_bench_data.ts";
 * assert.ok((await taskV8Flags("backtest"))[0]!.startsWith("--v8-flags="));
 * assert.deepEqual(await taskV8Flags("test"), []);
 * ```
 */
export async function taskV8Flags(task: string): Promise<string[]> {
  return (await taskArgs(task, "out")).filter((a) => a.startsWith("--v8-flags="));
}
