/**
 * `deno task bench:data`: what the real-data modes cost on the benchmark's
 * 1M minute bars (`bench-data/synth_1m.csv`, 2000-01-03 to 2001-11-27):
 *
 * - load time from CSV in a fresh process, medians of `--runs` processes
 *   per mode, run in alternation: raw; with the `XNYS` calendar (each bar's
 *   session looked up, bars outside sessions kept); the same bars in a copy
 *   of the file with an `Adj Close` column (a step factor per quarter), raw
 *   and `adjusted`; adjusted with the calendar; `rawWithActions` with an
 *   actions table of 8 splits and dividends. The adjusted modes read a
 *   larger file (one more column): compare them with its raw load too;
 * - the SMA-cross run on the loaded bars with `rawWithActions` against
 *   `raw`, in one process, alternating, after a warm-up: the per-bar cost
 *   of the mode on bars without an event.
 *
 * Usage: deno task bench:data [--runs N]
 */
import { parseArgs } from "node:util";
import { loadBars, loadConfig, runBacktest } from "../mod.ts";
import { openSqlEngine } from "../engine/data/sql_engine.ts";
import { ensureSynth1m, median, runMeasured } from "./_bench_data.ts";
import { parseFlags } from "./_flags.ts";

const USAGE = `Usage: deno task bench:data [--runs N]

Load time of the 1M-bar benchmark file in a fresh process per mode (raw,
XNYS calendar, adjusted from Adj Close, both, rawWithActions), and the
strategy run's cost with rawWithActions against raw. Prints medians.

Options:
  --runs N      fresh processes per mode (default 5, at least 3)
  -h, --help    show this help`;

const MODES = ["raw", "calendar", "raw, Adj Close file", "adjusted", "adjusted+calendar", "rawWithActions"] as const;
type Mode = (typeof MODES)[number];

/** The data section of a mode. */
function dataOf(mode: Mode, dir: string): Record<string, unknown> {
  switch (mode) {
    case "raw":
      return { source: "bench-data/synth_1m.csv" };
    case "calendar":
      return { source: "bench-data/synth_1m.csv", calendar: "XNYS" };
    case "raw, Adj Close file":
      return { source: `${dir}/synth_1m.csv` };
    case "adjusted":
      return { source: `${dir}/synth_1m.csv`, prices: "adjusted" };
    case "adjusted+calendar":
      return { source: `${dir}/synth_1m.csv`, prices: "adjusted", calendar: "XNYS" };
    case "rawWithActions":
      return { source: "bench-data/synth_1m.csv", prices: "rawWithActions", actions: `${dir}/actions.csv` };
  }
}

const ACTIONS = [
  ["2000-03-01", "dividend", 2],
  ["2000-05-15", "split", 2],
  ["2000-08-01", "dividend", 1],
  ["2000-11-01", "split", 0.5],
  ["2001-02-01", "dividend", 1.5],
  ["2001-05-01", "split", 1.5],
  ["2001-08-01", "dividend", 1],
  ["2001-10-01", "split", 2],
] as const;

async function child(mode: Mode, dir: string): Promise<void> {
  const config = await loadConfig("configs/bench_sma.ts", { set: [`data=${JSON.stringify(dataOf(mode, dir))}`] });
  const t0 = performance.now();
  const frame = await loadBars(config.data);
  console.log(JSON.stringify({ loadMs: performance.now() - t0, bars: frame.length }));
}

async function runCost(dir: string, runs: number): Promise<{ raw: number; actions: number; events: number }> {
  const raw = await loadConfig("configs/bench_sma.ts");
  const act = await loadConfig("configs/bench_sma.ts", {
    set: [`data=${JSON.stringify(dataOf("rawWithActions", dir))}`],
  });
  const fRaw = await loadBars(raw.data), fAct = await loadBars(act.data);
  let events = 0;
  for (let i = 0; i < 10; i++) runBacktest(raw, fRaw), (events = runBacktest(act, fAct).corporateActions!.length);
  const a: number[] = [], b: number[] = [];
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    runBacktest(raw, fRaw);
    a.push(performance.now() - t);
    t = performance.now();
    runBacktest(act, fAct);
    b.push(performance.now() - t);
  }
  return { raw: median(a), actions: median(b), events };
}

if (import.meta.main) {
  if (Deno.args[0] === "--child") {
    await child(Deno.args[1] as Mode, Deno.args[2]!);
    Deno.exit(0);
  }
  const parsed = parseFlags(USAGE, () =>
    parseArgs({
      args: Deno.args,
      options: { runs: { type: "string", default: "5" }, help: { type: "boolean", short: "h" } },
    }));
  if (typeof parsed === "number") Deno.exit(parsed);
  const runs = Math.max(3, Number(parsed.values.runs));
  const src = await ensureSynth1m();
  const dir = await Deno.makeTempDir();
  try {
    // the same bars with an Adj Close column (a factor that steps down each quarter), and an actions table
    {
      using db = await openSqlEngine("native");
      await db.exec(
        `COPY (SELECT *, round(Close * (1 - 0.01 * (month(Datetime::TIMESTAMP) // 3 + 4 * (year(Datetime::TIMESTAMP) - 2000))), 6)
           AS "Adj Close" FROM read_csv('${src}')) TO '${dir}/synth_1m.csv' (HEADER, DELIMITER ',')`,
      );
    }
    await Deno.writeTextFile(
      `${dir}/actions.csv`,
      "symbol,date,kind,value\n" + ACTIONS.map(([d, k, v]) => `synth_1m,${d},${k},${v}`).join("\n") + "\n",
    );
    const times = new Map<Mode, number[]>(MODES.map((m) => [m, []]));
    let bars = 0;
    for (let i = 0; i < runs; i++) {
      for (const mode of MODES) {
        const r = await runMeasured(
          ["run", "--allow-read", "--allow-ffi", "--allow-write", "scripts/bench_data_modes.ts", "--child", mode, dir],
          `load (${mode})`,
        );
        const j = JSON.parse(r.stdout);
        times.get(mode)!.push(j.loadMs);
        bars = j.bars;
      }
    }
    const base = median(times.get("raw")!);
    console.log(`Loading ${bars.toLocaleString("en-US")} minute bars from CSV, fresh processes, median of ${runs}:`);
    for (const mode of MODES) {
      const m = median(times.get(mode)!);
      const rel = (b: number) => `${m >= b ? "+" : ""}${((m / b - 1) * 100).toFixed(1)} %`;
      const adjBase = median(times.get("raw, Adj Close file")!);
      const pct = mode === "raw"
        ? ""
        : mode.startsWith("adjusted")
        ? `  (${rel(base)}; ${rel(adjBase)} against the same file raw)`
        : `  (${rel(base)})`;
      console.log(`  ${mode.padEnd(20)} ${m.toFixed(0)} ms${pct}`);
    }
    const cost = await runCost(dir, Math.max(15, runs * 3));
    console.log(
      `SMA-cross run on the loaded bars, median of alternating runs: raw ${cost.raw.toFixed(1)} ms, ` +
        `rawWithActions ${cost.actions.toFixed(1)} ms (${cost.events} events; ${
          ((cost.actions / cost.raw - 1) * 100).toFixed(1)
        } %)`,
    );
    console.log("targets: calendar and adjusted loads within 10 % of raw; rawWithActions no per-bar cost");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
