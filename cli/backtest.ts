/**
 * `deno task backtest <config.ts> [flags]`: run one backtest, print a
 * summary, write the result files.
 *
 * Exit codes: 0 on success, 2 on bad input (config, data, flags, output
 * location), 1 on anything else.
 *
 * @module
 */
import { dirname, resolve } from "node:path";
import { exitCodeOf, onePath, parseCli, UsageError } from "./_args.ts";
import { loadConfig } from "../engine/config/load_config.ts";
import type { Config } from "../engine/config/schema.ts";
import { loadBars } from "../engine/data/load_bars.ts";
import type { SqlEngine } from "../engine/data/sql_engine.ts";
import { OutputError } from "../engine/errors.ts";
import { runBacktest } from "../engine/backtest.ts";
import { type Analysis, analyzeResult } from "../engine/report/analyze_result.ts";
import { DEFAULT_RESULTS_DB, OutputFormatSchema } from "../engine/report/config.ts";
import { gitRevision } from "../engine/report/git_revision.ts";
import { appendRun, resultsDbWritable, runRecord } from "../engine/report/results_db.ts";
import { writeResults } from "../engine/report/write_results.ts";
import type { BacktestResult } from "../engine/result.ts";
import { printSummary } from "./summary.ts";
import { CLI_OPTIONS, dataOverrides, dataUsage } from "./_options.ts";
import { RunProgress } from "./run_progress.ts";

const usage = (task: string) =>
  `Usage: deno task ${task} <config.ts> [options]

Runs the backtest a config module describes and writes its result files.

Options:
${dataUsage("strategy.params.fast=12")}
  --out DIR            output directory (default out/<config name>)
  --formats LIST       result files to write, from json, csv, html
                       (default the config's output.formats: all three)
  --results-db PATH    record the run in this DuckDB file (default the
                       config's output.resultsDb: out/results.duckdb)
  --no-record          do not record the run in the results database
  --quiet              print nothing on success (no progress either)
  -h, --help           show this help

Exit codes: 0 ok, 2 bad input, 1 other failure.`;

/** Options of {@linkcode backtestCli}. */
export interface BacktestCliOptions {
  /** The task name the usage text shows; `backtest` by default. */
  readonly task?: string;
  /** Opens the SQL engine that loads the bars; the native DuckDB engine by default. */
  readonly openEngine?: () => Promise<SqlEngine>;
}

async function main(args: string[], opts: BacktestCliOptions): Promise<number> {
  const { values, positionals } = parseCli(args, CLI_OPTIONS);
  if (values.help) {
    console.log(usage(opts.task ?? "backtest"));
    return 0;
  }
  const file = onePath(positionals, "config");
  // what other flags imply, applied after the --set ones
  const set: string[] = [];
  if (values.formats !== undefined) set.push(`output.formats=${JSON.stringify(parseFormats(values.formats))}`);
  if (values["results-db"] !== undefined && values["no-record"]) {
    throw new UsageError("--results-db and --no-record contradict each other");
  }
  if (values["results-db"] !== undefined) {
    if (values["results-db"] === "") throw new UsageError("--results-db needs a path");
    set.push(`output.resultsDb=${JSON.stringify(values["results-db"])}`);
  }
  if (values["no-record"]) set.push("output.resultsDb=false");
  // Progress is for a person watching a terminal: in a pipe or a log it would
  // make stderr depend on timing (and error output must not).
  const progress = values.quiet || !Deno.stderr.isTerminal() ? undefined : new RunProgress({ tty: true });
  try {
    const t0 = performance.now();
    progress?.stage("loading the config");
    const config = await loadConfig(file, {
      ...dataOverrides(values, set),
      ...(values.out !== undefined && { out: values.out }),
    });
    progress?.stage("loading bars");
    const engine = await opts.openEngine?.();
    const frame = await loadBars(config.data, engine && { engine }).finally(() => engine?.close());
    const t1 = performance.now();
    progress?.stage("running");
    const result = runBacktest(config, frame, progress ? { onProgress: (d, n) => progress.bars(d, n) } : {});
    const t2 = performance.now();
    progress?.stage("computing metrics");
    const analysis = analyzeResult(result);
    const dir = config.output.dir ?? `out/${config.name}`;
    const written = await writeResults(result, dir, {
      frame,
      analysis,
      ...(progress && { onFile: (name: string) => progress.stage(`writing ${name}`) }),
    });
    const t3 = performance.now();
    const history = await recordRun(file, config, result, analysis, dir, progress);
    progress?.finish();
    if (!values.quiet) {
      printSummary(result, written, { loadMs: t1 - t0, runMs: t2 - t1, writeMs: t3 - t2 }, { analysis, history });
    }
    return 0;
  } finally {
    progress?.finish();
  }
}

/** `--formats json,csv` → the list, or a usage error naming the bad one. */
function parseFormats(text: string): string[] {
  const list = [...new Set(text.split(",").map((f) => f.trim()).filter(Boolean))];
  if (list.length === 0) throw new UsageError("--formats needs at least one of json, csv, html");
  for (const f of list) {
    if (!OutputFormatSchema.safeParse(f).success) {
      throw new UsageError(`--formats: unknown format "${f}"; expected json, csv or html`);
    }
  }
  return list;
}

/**
 * Append the run to the results database, after its files are written (a
 * run whose files failed is not recorded). Returns the summary's history
 * line. The default database is skipped with a note when this process may
 * not write it (a run with `--allow-write` elsewhere, e.g. `--out DIR` outside
 * `out/`) or cannot load native DuckDB (the sandbox has no ffi); a database
 * the config or `--results-db` names explicitly must be writable.
 */
async function recordRun(
  file: string,
  config: Config,
  result: BacktestResult,
  analysis: Analysis,
  dir: string,
  progress: RunProgress | undefined,
): Promise<string> {
  const db = config.output.resultsDb;
  if (db === false) return "not recorded (output.resultsDb is false)";
  progress?.stage("recording the run");
  const denied = resultsDbWritable(db);
  if (denied !== null) {
    if (db === DEFAULT_RESULTS_DB) return `not recorded in ${db}: ${denied}; pass --results-db PATH or --no-record`;
    throw new OutputError(`Cannot record the run in "${db}": ${denied}`);
  }
  const record = await runRecord(result, analysis, {
    runId: crypto.randomUUID(),
    recordedAtMs: Date.now(),
    configFile: file,
    gitRevision: await gitRevision(dirname(resolve(file))),
    outputDir: dir,
  });
  try {
    await appendRun(db, record, { onWait: () => progress?.stage("waiting for the results database") });
  } catch (e) {
    const msg = e instanceof Error ? e.message.split("\n")[0]! : String(e);
    if (e instanceof Deno.errors.NotCapable || e instanceof Deno.errors.PermissionDenied || /\bffi\b/i.test(msg)) {
      return `not recorded: the results database needs native DuckDB (--allow-ffi), which sandboxed runs do not have`;
    }
    throw new OutputError(`Cannot record the run in "${db}": ${msg}`, { cause: e });
  }
  return `recorded as run ${record.runId} in ${db}`;
}

/**
 * Run the CLI on `args` and return its exit code: 0 success, 2 bad input, 1
 * anything else. Errors are printed, never thrown.
 *
 * @example Run with the WebAssembly engine
 * ```ts ignore
 * import { openSqlEngine } from "../engine/data/sql_engine.ts";
 * Deno.exit(await backtestCli(["configs/sma_cross.ts"], { openEngine: () => openSqlEngine("wasm") }));
 * ```
 */
export async function backtestCli(args: string[], opts: BacktestCliOptions = {}): Promise<number> {
  try {
    return await main(args, opts);
  } catch (e) {
    return exitCodeOf(e, usage(opts.task ?? "backtest"));
  }
}

if (import.meta.main) Deno.exit(await backtestCli(Deno.args));
