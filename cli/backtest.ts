/**
 * `deno task backtest <config.ts> [flags]`: run one backtest, print a
 * summary, publish the result files as a new run under the output root and
 * record the run in the history database.
 *
 * Exit codes: 0 success; 2 bad input (config, data, flags, output location,
 * a history database that cannot take the record), always found before any
 * result file is written; 4 the result files are published but recording
 * the run failed; 1 anything else.
 *
 * @module
 */
import { dirname, resolve } from "node:path";
import { exitCodeOf, onePath, parseCli, UsageError, wholeNumber } from "./_args.ts";
import {
  BACKTEST_OPTIONS,
  checkPublished,
  DEFAULT_MAX_MEMORY_MB,
  DEFAULT_MAX_TIME_S,
  EXIT_LIMIT,
  HISTORY_MARK,
  isInside,
  LimitError,
  runLimits,
  RunnerError,
  STAGE_DIR_MARK,
  STAGE_REPORT,
  type StageReport,
  SupervisedRun,
} from "./_supervised_run.ts";
import type { ConfigOverrides } from "../engine/config/load_config.ts";
import {
  checkData,
  type DataCheckReport,
  firstFindings,
  formatDataCheckReport,
  sourceLabel,
} from "../engine/data/check.ts";
import type { DataConfig } from "../engine/data/config.ts";
import { checkMemory, estimateLoad } from "../engine/data/load_bars.ts";
import { openSqlEngine, type SqlEngine, type SqlEngineKind } from "../engine/data/sql_engine.ts";
import { DataError, OutputError } from "../engine/errors.ts";
import { AtomicOutput } from "../engine/report/atomic_write.ts";
import { DEFAULT_KEEP_RUNS, OutputFormatSchema } from "../engine/report/config.ts";
import { type CodeFingerprint, codeFingerprint } from "../engine/report/code_fingerprint.ts";
import { type DataFingerprint, dataFingerprint } from "../engine/report/data_fingerprint.ts";
import { gitRevision } from "../engine/report/git_revision.ts";
import { appendRun, checkResultsDb, type RunRecord } from "../engine/report/results_db.ts";
import { type HistoryPlan, planHistory, recordPublished } from "./_history.ts";
import { dataOverrides, dataUsage } from "./_options.ts";
import { RunProgress } from "./run_progress.ts";

const usage = (task: string) =>
  `Usage: deno task ${task} <config.ts> [options]

Runs the backtest a config module describes and publishes its result files
as a new run: <out>/runs/<run id>/, with <out>/latest.txt naming the newest.

Options:
${dataUsage("strategy.params.fast=12")}
  --out DIR            output root (default the config's output.dir, else
                       out/<config name>); each run gets its own directory
  --keep N             published runs to keep under the root, this one
                       included (default the config's output.keep, else
                       ${DEFAULT_KEEP_RUNS}); older ones are removed after publishing
  --formats LIST       result files to write, from json, csv, html
                       (default the config's output.formats: all three)
  --results-db PATH    record the run in this DuckDB file (default the
                       config's output.resultsDb: out/results.duckdb)
  --no-record          do not record the run in the results database
  --max-time SECONDS   stop the run after this long (default ${DEFAULT_MAX_TIME_S})
  --max-memory MB      stop the run when the process holds more memory
                       than this (default ${DEFAULT_MAX_MEMORY_MB}, or 3/4 of the
                       JavaScript heap limit when that is lower)
  --quiet              print nothing on success (no progress either)
${
    task === "backtest:sandbox"
      ? `  --read PATH          also let the config read PATH (a file, or a glob's
                       directory) outside the project: its actions table,
                       calendar file or FX series (repeatable)
`
      : ""
  }  -h, --help           show this help

Exit codes: 0 ok, the result set published and complete; 2 bad input,
found before any file is written; 4 the result files are published but
recording the run failed; 5 a limit (--max-time, --max-memory) stopped the
run, nothing published; 1 other failure, nothing published.`;

/** Options of {@linkcode backtestCli}. */
export interface BacktestCliOptions {
  /** The task name the usage text shows; `backtest` by default. */
  readonly task?: string;
  /** The SQL engine that loads the bars: native DuckDB by default. */
  readonly engine?: SqlEngineKind;
  /**
   * The sandboxed child's mode: write the result files into `dir` (a directory the launcher created, the only
   * place this process may write), with a report for the launcher to publish, instead of publishing them; and
   * refuse an output root outside `area`.
   */
  readonly stage?: { readonly dir: string; readonly area: string };
}

async function main(args: string[], opts: BacktestCliOptions): Promise<number> {
  const startedMs = Date.now();
  const { values, positionals } = parseCli(args, BACKTEST_OPTIONS);
  if (values.help) {
    console.log(usage(opts.task ?? "backtest"));
    return 0;
  }
  const file = onePath(positionals, "config");
  const limits = runLimits(values);
  // what other flags imply, applied after the --set ones
  const set: string[] = [];
  if (values.formats !== undefined) set.push(`output.formats=${JSON.stringify(parseFormats(values.formats))}`);
  if (values.keep !== undefined) set.push(`output.keep=${wholeNumber("--keep", values.keep)}`);
  if (values["results-db"] !== undefined && values["no-record"]) {
    throw new UsageError("--results-db and --no-record contradict each other");
  }
  if (values["results-db"] !== undefined) {
    if (values["results-db"] === "") throw new UsageError("--results-db needs a path");
    set.push(`output.resultsDb=${JSON.stringify(values["results-db"])}`);
  }
  if (values["no-record"]) set.push("output.resultsDb=false");
  const overrides: ConfigOverrides & { out?: string } = {
    ...dataOverrides(values, set),
    ...(values.out !== undefined && { out: values.out }),
  };
  // Progress is for a person watching a terminal: in a pipe or a log it would
  // make stderr depend on timing (and error output must not).
  const progress = values.quiet || !Deno.stderr.isTerminal() ? undefined : new RunProgress({ tty: true });
  using run = new SupervisedRun({ file, overrides, engine: opts.engine ?? "native" }, limits);
  let out: AtomicOutput | undefined;
  try {
    let history: HistoryPlan | undefined;
    let root = "";
    let keep: number | undefined;
    let gitRev: Promise<string | null> | undefined;
    // the code's fingerprint is taken while the run runs (files read, never imported: this thread runs no config code)
    let code: Promise<CodeFingerprint | null> | undefined;
    // and the data's too, when the runner names the data sections with the config (else once it is done)
    let data: Promise<DataFingerprint | null> | undefined;
    let fingerprint: (() => void) | undefined;
    // the files the runner writes, in order; once it writes the next, this thread digests the one before (on the
    // other core), so that publishing need not read them again
    let names: readonly string[] = [];
    let writing = -1;
    const digests: Promise<void>[] = [];
    for (;;) {
      const m = await run.next();
      switch (m.kind) {
        case "stage":
          progress?.stage(m.text);
          if (m.text !== "loading bars") fingerprint?.();
          if (out !== undefined && m.text === `writing ${names[writing + 1]}`) {
            if (writing >= 0) digests.push(out.digestStaged(names[writing]!));
            writing++;
          }
          break;
        case "bars":
          progress?.bars(m.done, m.total);
          break;
        case "failed":
          console.error(m.text);
          return m.code;
        case "config": {
          ({ root, keep } = m);
          if (opts.stage && !isInside(root, opts.stage.area)) {
            throw new OutputError(
              `Cannot write results to "${root}": permission denied (a sandboxed run writes only inside "${opts.stage.area}"; pass --out)`,
            );
          }
          // the data checks the config asks for (data.check "warn" or "error"), before anything is written
          const checked = m.dataSections[0]!;
          if (checked.check === "warn" || checked.check === "error") {
            await preflightDataChecks(checked, checked.check, {
              file,
              engine: opts.engine ?? "native",
              quiet: values.quiet,
            });
          }
          // where the run is recorded is settled now: a database that cannot take the record stops it before it writes
          history = await planHistory({
            db: m.resultsDb,
            named: values["results-db"] !== undefined,
            what: "run",
            offNote: "not recorded (output.resultsDb is false)",
            check: (db) => checkResultsDb(db, { onWait: () => progress?.stage("waiting for the results database") }),
          });
          // a dataset the run's memory limit cannot hold stops it now, with the estimate, not when the limit is hit
          // (a source that cannot be read is the runner's to report; the sandbox estimates CSV files only)
          const estimate = await estimateLoad(m.dataSections[0]!, opts.engine === "wasm" ? { engine: NO_ENGINE } : {})
            .catch(() => null);
          checkMemory(
            estimate,
            limits.maxMemoryMb * 2 ** 20,
            "the run's memory limit (--max-memory)",
            ", or raise --max-memory (at most 3/4 of --v8-flags=--max-old-space-size)",
          );
          // the fingerprints (files read and hashed here) wait until the bars are loaded: DuckDB's load uses every core
          if (history.db !== null) {
            const sections = m.dataSections;
            fingerprint = () => {
              fingerprint = undefined;
              gitRev = gitRevision(dirname(resolve(file)));
              code = codeFingerprint(file).catch(() => null);
              if (sections !== undefined) data = dataFingerprint(sections).catch(() => null);
            };
          }
          break;
        }
        case "write": {
          fingerprint?.();
          if (opts.stage) {
            const dir = opts.stage.dir;
            run.reply({
              kind: "paths",
              stage: m.names.map((n) => `${dir}/${n}`),
              published: m.names.map((n) => `${STAGE_DIR_MARK}/${n}`),
              publishedDir: STAGE_DIR_MARK,
              record: null,
            });
            break;
          }
          const o = out = await AtomicOutput.open(root, { keep, startedMs });
          names = m.names;
          run.reply({
            kind: "paths",
            stage: m.names.map((n) => o.stagePath(n)),
            published: m.names.map((n) => `${o.dir}/${n}`),
            publishedDir: o.dir,
            record: history?.db == null ? null : { configFile: file, gitRevision: await gitRev! },
          });
          break;
        }
        case "done": {
          run.stop(); // no config code runs from here on
          const historyLine = (line: string) => m.summary.replace(HISTORY_MARK, line);
          if (opts.stage) {
            const report: StageReport = {
              root,
              keep,
              files: m.files,
              summary: values.quiet ? null : historyLine(history!.note ?? ""),
            };
            await Deno.writeTextFile(`${opts.stage.dir}/${STAGE_REPORT}`, JSON.stringify(report));
            return 0;
          }
          progress?.stage("publishing");
          // else the data's fingerprint is taken while the set is published: a failure (a file gone since) records null
          const sections = m.record?.dataSections;
          if (data === undefined && history?.db != null && sections !== undefined) {
            data = dataFingerprint(sections).catch(() => null);
          }
          if (writing >= 0) digests.push(out!.digestStaged(names[writing]!));
          await Promise.all(digests);
          await out!.commit();
          await checkPublished(out!.dir, m.files);
          const record = m.record && { ...m.record, code: await code ?? null, data: await data ?? null };
          const recorded = await recordRun(history!, record, out!.dir, progress);
          progress?.finish();
          if (!values.quiet) {
            for (const note of out!.notes) console.error(`note: ${note}`);
            console.log(historyLine(recorded.line));
          }
          return recorded.failure === undefined ? 0 : exitCodeOf(recorded.failure, "");
        }
      }
    }
  } finally {
    run.stop();
    await out?.[Symbol.asyncDispose]();
    progress?.finish();
  }
}

/**
 * Run the data checks of `data` (`engine/data/check.ts`) in this thread, while the runner loads the bars: print the
 * findings to stderr (unless quiet), and under `"error"` stop the run on an error-level finding with a
 * {@linkcode DataError} naming the source and the first findings. Nothing is written either way.
 */
async function preflightDataChecks(
  data: DataConfig,
  mode: "warn" | "error",
  opts: { readonly file: string; readonly engine: SqlEngineKind; readonly quiet: boolean },
): Promise<void> {
  const engine = opts.engine === "native" ? undefined : await openSqlEngine(opts.engine);
  let report: DataCheckReport;
  try {
    report = await checkData(data, engine ? { engine } : {});
  } finally {
    engine?.close();
  }
  if (report.errors + report.warnings > 0 && !opts.quiet) {
    console.error(`data checks (data.check "${mode}"):\n${formatDataCheckReport(report)}\n`);
  }
  if (mode === "error" && report.errors > 0) {
    throw new DataError(
      `data.check is "error" and ${sourceLabel(data)} has ${report.errors} error-level finding${
        report.errors === 1 ? "" : "s"
      }: ${firstFindings(report, "error", 3)}; nothing was written (deno task data:check ${opts.file} lists them all)`,
    );
  }
}

/** An engine that refuses every call: the sandbox's supervisor estimates what needs no database only. */
const NO_ENGINE: SqlEngine = {
  exec: () => Promise.reject(new Error("no engine")),
  describe: () => Promise.reject(new Error("no engine")),
  queryRows: () => Promise.reject(new Error("no engine")),
  readNumeric: () => Promise.reject(new Error("no engine")),
  close: () => {},
  [Symbol.dispose]: () => {},
};

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
 * Record the published run in the history database the plan settled on,
 * with its directory. Returns the summary's history line, and the failure
 * when recording failed (the files stay published).
 */
async function recordRun(
  history: HistoryPlan,
  record: RunRecord | null,
  dir: string,
  progress: RunProgress | undefined,
): Promise<Awaited<ReturnType<typeof recordPublished>>> {
  const db = history.db;
  if (db === null || record === null) return { line: history.note ?? "" };
  progress?.stage("recording the run");
  // the run's own published directory, as this thread published it (never the root or latest.txt)
  const full: RunRecord = { ...record, runId: crypto.randomUUID(), recordedAtMs: Date.now(), outputDir: dir };
  return await recordPublished(
    { db, what: "run", dir, id: full.runId },
    () => appendRun(db, full, { onWait: () => progress?.stage("waiting for the results database") }),
  );
}

/**
 * Run the CLI on `args` and return its exit code: 0 success (the result set
 * published and complete), 2 bad input (nothing written), 4 published but
 * not recorded, 5 stopped by a limit, 1 anything else. Errors are printed,
 * never thrown. The config runs in a Worker (`cli/_backtest_runner.ts`)
 * that this thread supervises; this thread never imports it.
 *
 * @example Run with the WebAssembly engine
 * ```ts ignore
 * Deno.exit(await backtestCli(["configs/sma_cross.ts", "--max-time", "60"], { engine: "wasm" }));
 * ```
 */
export async function backtestCli(args: string[], opts: BacktestCliOptions = {}): Promise<number> {
  try {
    return await main(args, opts);
  } catch (e) {
    if (e instanceof LimitError || e instanceof RunnerError) {
      console.error(`error: ${e.message}`);
      return e instanceof LimitError ? EXIT_LIMIT : 1;
    }
    return exitCodeOf(e, usage(opts.task ?? "backtest"));
  }
}

if (import.meta.main) Deno.exit(await backtestCli(Deno.args));
