/**
 * The sandboxed half of `deno task backtest:sandbox`: the backtest CLI with
 * the WebAssembly DuckDB engine, in staging mode. `cli/backtest_sandbox.ts`
 * starts it in a child process that may read the project (but not `out/`),
 * the config file and the `--data` paths, and write only a fresh staging
 * directory; it passes that directory and the allowed output area as the
 * first arguments: `--stage DIR --area DIR`. The launcher publishes what
 * this child staged.
 *
 * @module
 */
import { backtestCli } from "./backtest.ts";

if (import.meta.main) {
  const [flag1, dir, flag2, area, ...args] = Deno.args;
  if (flag1 !== "--stage" || flag2 !== "--area" || dir === undefined || area === undefined) {
    console.error("error: cli/_backtest_wasm.ts is started by cli/backtest_sandbox.ts: run deno task backtest:sandbox");
    Deno.exit(1);
  }
  Deno.exit(await backtestCli(args, { task: "backtest:sandbox", engine: "wasm", stage: { dir, area } }));
}
