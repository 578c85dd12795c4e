/**
 * One end-to-end run in a fresh process, as the CLI does it: config → CSV →
 * run → metrics → result files (the CLI then also appends the run to the
 * results database, which this leaves out). Prints JSON timings for scripts/bench.ts, which
 * samples this process's peak RSS from outside: `writeMs` is the analysis and
 * the files together, `analyzeMs` the analysis alone.
 */
import { analyzeResult, loadBars, loadConfig, runBacktest, writeResults } from "../mod.ts";

const [configPath, outDir] = Deno.args;
const t0 = performance.now();
const config = await loadConfig(configPath!, { out: outDir! });
const frame = await loadBars(config.data);
const t1 = performance.now();
const result = runBacktest(config, frame, { overlays: true }); // as `deno task backtest` runs it
const t2 = performance.now();
const analysis = analyzeResult(result, { frame }); // metrics and breakdowns
const ta = performance.now();
await writeResults(result, outDir!, { frame, analysis }); // every file of config.output.formats
const t3 = performance.now();
console.log(
  JSON.stringify({
    loadMs: t1 - t0,
    runMs: t2 - t1,
    writeMs: t3 - t2,
    analyzeMs: ta - t2,
    totalMs: t3 - t0,
    trades: result.trades.length,
  }),
);
