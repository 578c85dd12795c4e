/**
 * The sandboxed half of `deno task backtest:sandbox`: the backtest CLI with
 * the WebAssembly DuckDB engine. `cli/backtest_sandbox.ts` starts it in a
 * child process with read access to the project, the config file and the
 * `--data` paths, and write access to the output directory only.
 *
 * @module
 */
import { openSqlEngine } from "../engine/data/sql_engine.ts";
import { backtestCli } from "./backtest.ts";

if (import.meta.main) {
  Deno.exit(await backtestCli(Deno.args, { task: "backtest:sandbox", openEngine: () => openSqlEngine("wasm") }));
}
