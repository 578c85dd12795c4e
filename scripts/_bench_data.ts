/** The benchmark's 1M-bar synthetic file, generated on first use and checked against its published digest. */
import { sha256Hex } from "../engine/sha256_hex.ts";
import { generateSynth } from "./gen_synth.ts";

/** sha256 of 1,000,000 bars with seed 42, from ../shared/bench/README.md. */
const SYNTH_1M_SHA256 = "2559704d1ce3a8dc8119ab6be80cca7067b8a206f7be8324a0682698567a3eee";

/** Path of the 1M-bar file, creating it (and verifying its digest) when missing. */
export async function ensureSynth1m(path = "bench-data/synth_1m.csv"): Promise<string> {
  try {
    await Deno.stat(path);
    return path;
  } catch {
    // generate below
  }
  const bytes = generateSynth(1_000_000, 42);
  const digest = await sha256Hex(bytes);
  if (digest !== SYNTH_1M_SHA256) {
    throw new Error(`generated benchmark data has sha256 ${digest}, expected ${SYNTH_1M_SHA256}`);
  }
  await Deno.mkdir(path.slice(0, path.lastIndexOf("/")) || ".", { recursive: true });
  await Deno.writeFile(`${path}.tmp`, bytes);
  await Deno.rename(`${path}.tmp`, path);
  return path;
}

/** Median of a list of numbers. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
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
