/**
 * The steps of `notebooks/quickstart.ipynb` as a plain script: load bars, run
 * a backtest, compare two configs, run a small sweep, write the tearsheet.
 * Each view prints as aligned text here (and displays as HTML in a notebook).
 *
 * Run it with the minimum permissions (those of `deno task backtest`):
 *
 *   deno run --allow-read --allow-write=out --allow-ffi=node_modules scripts/library_quickstart.ts
 *
 * read: the configs, the engine (the sweep's workers load it) and the data;
 * write: `out/library_quickstart/` only; ffi: native DuckDB, to load the
 * bars. A missing one stops the script with a line naming it and the flag
 * to add (exit 2).
 *
 * @module
 */
import {
  backtest,
  compare,
  ConfigError,
  DataError,
  loadBacktest,
  OutputError,
  PermissionError,
  saveRun,
  sweep,
} from "../mod.ts";

const OUT = "out/library_quickstart";

try {
  // load data: the config module and the bars it names
  const inputs = await loadBacktest("configs/sma_cross.ts");

  // run a backtest: the headline metrics
  const run = backtest(inputs);
  console.log(`${run.text}\n`);

  // compare two configs: the same strategy with slower averages, on the same bars
  const slow = backtest(
    await loadBacktest("configs/sma_cross.ts", {
      overrides: { set: ["strategy.params.fast=20", "strategy.params.slow=100"] },
      frame: inputs.frame,
    }),
  );
  console.log(`${compare({ "SMA 10/30": run, "SMA 20/100": slow }).text}\n`);

  // a small sweep: nine pairs of the grid in configs/sma_optimize.ts, on two workers
  const study = await sweep("configs/sma_optimize.ts", {
    workers: 2,
    frame: inputs.frame,
    outDir: `${OUT}/sweep`,
    overrides: { set: ["optimize.params.fast=[5,10,20]", "optimize.params.slow=[50,100,150]"] },
  });
  console.log(`${study.text}\n`);

  // the tearsheet: report.html with the result files, as `deno task backtest` writes them
  const files = await saveRun(run, OUT);
  console.log(`tearsheet: ${files.find((f) => f.endsWith("report.html"))}`);
} catch (e) {
  if (e instanceof PermissionError || e instanceof ConfigError || e instanceof DataError || e instanceof OutputError) {
    console.error(e.message);
    Deno.exit(2);
  }
  throw e;
}
