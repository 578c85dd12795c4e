/**
 * Load time of the sandbox's WebAssembly DuckDB engine next to the native
 * engine's, on the benchmark's 1M-bar CSV. Each run is a fresh process (the
 * wasm module is compiled once per process, so that cost is part of every
 * sandboxed run); prints medians and the peak RSS. `deno task bench --only
 * sandbox` runs it with `--json`.
 *
 * Usage: deno run -A scripts/bench_sandbox.ts [--runs N] [--data PATH] [--json]
 *
 * @module
 */
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { resolve } from "node:path";
import { ensureSynth1m, median, runMeasured } from "./_bench_data.ts";
import { parseFlags } from "./_flags.ts";

const USAGE = `Usage: deno run -A scripts/bench_sandbox.ts [--runs N] [--data PATH] [--json]

Loads a CSV with the native and the WebAssembly DuckDB engine (the wasm one
with read access to the project only), alternating, each load in a fresh
process. Prints medians of engine start, CSV → columns, whole process and
peak RSS.

Options:
  --runs N      loads per engine (default 5)
  --data PATH   the bars, inside the project (default bench-data/synth_1m.csv,
                generated when missing)
  --json        print the raw figures as one JSON line instead
  -h, --help    show this help`;

const parsed = parseFlags(USAGE, () =>
  parseArgs({
    args: Deno.args,
    options: {
      runs: { type: "string", default: "5" },
      data: { type: "string" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", short: "h" },
    },
  }));
if (typeof parsed === "number") Deno.exit(parsed);
const { values } = parsed;
const ROOT = fileURLToPath(new URL("../", import.meta.url)).replace(/\/$/, "");
const runs = Math.max(1, Number(values.runs) || 5);
const csv = values.data !== undefined ? resolve(values.data) : await ensureSynth1m(`${ROOT}/bench-data/synth_1m.csv`);

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

if (values.json) {
  console.log(JSON.stringify({ csv, runs, ...results }));
} else {
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
}
