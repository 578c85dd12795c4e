/**
 * Load time of the sandbox's WebAssembly DuckDB engine next to the native
 * engine's, on the benchmark's 1M-bar CSV. Each run is a fresh process (the
 * wasm module is compiled once per process, so that cost is part of every
 * sandboxed run); prints medians and the peak RSS.
 *
 * Usage: deno run -A scripts/bench_sandbox.ts [--runs N]   (N ≥ 5, default 5)
 */
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { ensureSynth1m, median, runMeasured } from "./_bench_data.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url)).replace(/\/$/, "");
const { values } = parseArgs({ args: Deno.args, options: { runs: { type: "string", default: "5" } } });
const runs = Math.max(5, Number(values.runs));
const csv = await ensureSynth1m(`${ROOT}/bench-data/synth_1m.csv`);

const PERMISSIONS = {
  native: ["--allow-read", "--allow-ffi=node_modules"],
  wasm: [`--allow-read=${ROOT}`],
} as const;

interface Run {
  openMs: number;
  readMs: number;
  loadMs: number;
  bars: number;
  wallMs: number;
  peakRssMb: number;
}

async function once(kind: "native" | "wasm"): Promise<Run> {
  const run = await runMeasured(
    ["run", "--no-prompt", ...PERMISSIONS[kind], "scripts/_bench_load.ts", kind, csv],
    `${kind} load`,
    ROOT,
  );
  return { ...JSON.parse(run.stdout), wallMs: run.wallMs, peakRssMb: run.peakRssMb };
}

const results = { native: [] as Run[], wasm: [] as Run[] };
await once("native"); // warm the OS file cache
for (let i = 0; i < runs; i++) {
  results.native.push(await once("native"));
  results.wasm.push(await once("wasm"));
}

const fmt = (x: number) => x.toFixed(0).padStart(6);
const med = (rs: Run[], k: keyof Run) => median(rs.map((r) => r[k]));
console.log(
  `Loading ${results.native[0]!.bars.toLocaleString("en-US")} bars from ${csv}, median of ${runs} fresh processes`,
);
console.log(`                      engine start   CSV → columns   load total   whole process   peak RSS`);
for (const kind of ["native", "wasm"] as const) {
  const rs = results[kind];
  console.log(
    `  ${kind.padEnd(8)}       ${fmt(med(rs, "openMs"))} ms      ${fmt(med(rs, "readMs"))} ms     ${
      fmt(med(rs, "loadMs"))
    } ms     ${fmt(med(rs, "wallMs"))} ms   ${fmt(med(rs, "peakRssMb"))} MB`,
  );
}
console.log(`  wasm / native load: ${(med(results.wasm, "loadMs") / med(results.native, "loadMs")).toFixed(1)}×`);
