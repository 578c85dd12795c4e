/**
 * `deno task backtest <config.ts> [flags]`: run one backtest, print a
 * summary, write the result files.
 *
 * Exit codes: 0 on success, 2 on bad input (config, data, flags, output
 * location), 1 on anything else.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { loadConfig } from "../engine/config/load_config.ts";
import { loadBars } from "../engine/data/load_bars.ts";
import type { SqlEngine } from "../engine/data/sql_engine.ts";
import { isUserError } from "../engine/errors.ts";
import { runBacktest } from "../engine/backtest.ts";
import { writeResults } from "../engine/report/write_results.ts";
import { printSummary } from "./summary.ts";
import { CLI_OPTIONS } from "./_options.ts";

const usage = (task: string) =>
  `Usage: deno task ${task} <config.ts> [options]

Runs the backtest a config module describes and writes its result files.

Options:
  --data PATH|GLOB     replace the config's data source (CSV or Parquet)
  --symbols A,B        keep only these symbols; with one file that has no
                       Symbol column, the first one names it
  --from DATE          first bar to include (YYYY-MM-DD, UTC)
  --to DATE            last bar to include (YYYY-MM-DD, inclusive)
  --set path=value     override any config field by its dotted path
                       (repeatable), e.g. --set strategy.params.fast=12
  --out DIR            output directory (default out/<config name>)
  --quiet              print nothing on success
  -h, --help           show this help

Exit codes: 0 ok, 2 bad input, 1 other failure.`;

class UsageError extends Error {}

/** Options of {@linkcode backtestCli}. */
export interface BacktestCliOptions {
  /** The task name the usage text shows; `backtest` by default. */
  readonly task?: string;
  /** Opens the SQL engine that loads the bars; the native DuckDB engine by default. */
  readonly openEngine?: () => Promise<SqlEngine>;
}

async function main(args: string[], opts: BacktestCliOptions): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: CLI_OPTIONS,
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(usage(opts.task ?? "backtest"));
    return 0;
  }
  if (positionals.length !== 1) {
    throw new UsageError(
      positionals.length === 0
        ? "missing the config path"
        : `expected one config path, found ${positionals.length}: ${positionals.join(" ")}`,
    );
  }
  const file = positionals[0]!;
  const t0 = performance.now();
  const config = await loadConfig(file, {
    ...(values.data !== undefined && { data: values.data }),
    ...(values.symbols !== undefined && { symbols: values.symbols.split(",").map((s) => s.trim()).filter(Boolean) }),
    ...(values.from !== undefined && { from: values.from }),
    ...(values.to !== undefined && { to: values.to }),
    ...(values.out !== undefined && { out: values.out }),
    ...(values.set !== undefined && { set: values.set }),
  });
  const engine = await opts.openEngine?.();
  const frame = await loadBars(config.data, engine && { engine }).finally(() => engine?.close());
  const t1 = performance.now();
  const result = runBacktest(config, frame);
  const t2 = performance.now();
  const dir = config.output.dir ?? `out/${config.name}`;
  const written = await writeResults(result, dir);
  const t3 = performance.now();
  if (!values.quiet) {
    printSummary(result, written, { loadMs: t1 - t0, runMs: t2 - t1, writeMs: t3 - t2 });
  }
  return 0;
}

/**
 * Run the CLI on `args` and return its exit code: 0 success, 2 bad input, 1
 * anything else. Errors are printed, never thrown.
 *
 * @example Run with the WebAssembly engine
 * ```ts ignore
 * import { openWasmDuckDb } from "../engine/data/_duckdb_wasm.ts";
 * Deno.exit(await backtestCli(["configs/sma_cross.ts"], { openEngine: openWasmDuckDb }));
 * ```
 */
export async function backtestCli(args: string[], opts: BacktestCliOptions = {}): Promise<number> {
  let code: number;
  try {
    code = await main(args, opts);
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`error: ${e.message}\n\n${usage(opts.task ?? "backtest")}`);
      code = 2;
    } else if (isUserError(e)) {
      console.error(`error: ${e.message}`);
      code = 2;
    } else {
      console.error(e);
      code = 1;
    }
  }
  return code;
}

if (import.meta.main) Deno.exit(await backtestCli(Deno.args));
