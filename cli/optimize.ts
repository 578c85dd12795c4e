/**
 * `deno task optimize <config.ts> [flags]`: the grid (or random) search a
 * config's `optimize` section describes, across a pool of workers.
 * `deno task walkforward` runs the walk-forward study through the same code
 * (see cli/walkforward.ts).
 *
 * Each study is published as a new run of its output root
 * (`<out>/runs/<run id>/`, `<out>/latest.txt`; see
 * engine/report/atomic_write.ts); earlier studies are never modified.
 *
 * Exit codes: 0 success, 2 bad input (config, params, windows, data, flags,
 * output location, a history database that cannot take the record), always
 * found before any result file is written; 4 the study is published but
 * recording it failed; 1 anything else; 130 interrupted by Ctrl-C (the
 * completed runs are published first, `latest.txt` left as it was).
 *
 * @module
 */
import { exitCodeOf, onePath, parseCli, UsageError, wholeNumber } from "./_args.ts";
import { dirname, resolve } from "node:path";
import { loadConfig } from "../engine/config/load_config.ts";
import { gridValues, walkForwardValues } from "../engine/jobs/metrics.ts";
import { DEFAULT_KEEP_RUNS } from "../engine/report/config.ts";
import { gitRevision } from "../engine/report/git_revision.ts";
import { configSha256 } from "../engine/report/results_db.ts";
import { appendStudyRun, checkStudyDb, studyProvenance, type StudyRecord } from "../engine/report/study_db.ts";
import type { StudyOptions } from "../engine/optimize/study.ts";
import { gridSearch, type GridSearchReport } from "../engine/optimize/grid_search.ts";
import { walkForward, type WalkForwardReport } from "../engine/optimize/walk_forward.ts";
import { planHistory, recordPublished } from "./_history.ts";
import { DATA_OPTIONS, dataOverrides, dataUsage } from "./_options.ts";
import { queueBackendOf } from "./_queue_backend.ts";
import { formatParams, formatValue, ProgressReporter, table } from "./progress.ts";
import { hardenRuntime } from "../engine/harden_runtime.ts";

/** Which study a CLI runs. */
export type StudyKind = "optimize" | "walkforward";

const usage = (kind: StudyKind) =>
  `Usage: deno task ${kind} <config.ts> [options]

${
    kind === "optimize"
      ? "Runs the parameter search of the config's optimize section (grid or random)\nacross worker threads, and writes ranked results, a heatmap and the top runs."
      : "Runs a walk-forward study: per window of optimize.walkForward, searches the\ntraining bars, picks the best params and tests them on the following bars."
  }

Options:
  --workers N          worker threads (default: the number of cores, ${navigator.hardwareConcurrency}); with
                       --backend, the worker threads across machines (default
                       16), which sizes the chunks and how many are in flight
  --chunk-size N       runs per chunk sent to a worker (default: from the run
                       and worker counts, at most 64)${
    kind === "optimize" ? "\n  --top K              re-run the best K runs with full result files" : ""
  }
  --backend URL        run the chunks through a BullMQ queue on Redis
                       (redis://host:6379[/db]) on \`deno task worker\`
                       processes instead of local threads; same result bytes
  --queue NAME         the queue name (default backtest-chunks)
${dataUsage("optimize.objective=sortino")}
  --out DIR            output root (default <output.dir, else out/<config
                       name>>/${kind}); each study gets its own run directory
  --keep N             published studies to keep under the root, this one
                       included (default the config's output.keep, else ${DEFAULT_KEEP_RUNS})
  --results-db PATH    record the study's headline numbers here (default: the
                       config's output.resultsDb: out/results.duckdb)
  --no-record          do not record the study
  --quiet              no progress and no summary
  -h, --help           show this help

Exit codes: 0 ok; 2 bad input, found before any file is written; 4 the
study is published but recording it failed; 1 other failure; 130
interrupted (Ctrl-C).`;

const OPTIONS = {
  workers: { type: "string" },
  "chunk-size": { type: "string" },
  backend: { type: "string" },
  queue: { type: "string" },
  top: { type: "string" },
  ...DATA_OPTIONS,
  out: { type: "string" },
  keep: { type: "string" },
  "results-db": { type: "string" },
  "no-record": { type: "boolean", default: false },
  quiet: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
} as const;

/** Options of {@linkcode studyCli}: hooks for tests. */
export interface StudyCliOptions {
  /** Extra study options (e.g. a stall timeout or injected faults in tests). */
  readonly study?: Partial<StudyOptions>;
}

async function main(kind: StudyKind, args: string[], opts: StudyCliOptions, signal: AbortSignal): Promise<number> {
  const { values, positionals } = parseCli(args, OPTIONS);
  if (values.help) {
    console.log(usage(kind));
    return 0;
  }
  const file = onePath(positionals, "config");
  if (kind === "walkforward" && values.top !== undefined) throw new UsageError("--top applies to optimize only");
  const overrides = dataOverrides(
    values,
    values.keep === undefined ? [] : [`output.keep=${wholeNumber("--keep", values.keep)}`],
  );
  if (values.queue !== undefined && values.backend === undefined) throw new UsageError("--queue needs --backend");
  const url = values.backend, queue = values.queue;
  const backend = url === undefined ? undefined : await queueBackendOf(url, queue, (q) =>
    console.error(
      `waiting: no worker serves queue "${q}" yet; start one with deno task worker --backend ${url}${
        queue !== undefined ? ` --queue ${queue}` : ""
      }`,
    ));
  const tty = Deno.stderr.isTerminal();
  let progress: ProgressReporter | undefined;
  const study: StudyOptions = {
    configPath: file,
    overrides,
    workers: wholeNumber("--workers", values.workers),
    chunkSize: wholeNumber("--chunk-size", values["chunk-size"]),
    outDir: values.out,
    signal,
    ...(backend !== undefined && { backend }),
    onProgress: values.quiet ? undefined : (p) => {
      progress ??= new ProgressReporter({ tty, columns: tty ? Deno.consoleSize().columns : 100 });
      progress.update(p);
    },
    ...opts.study,
  };
  if (values["results-db"] !== undefined && values["no-record"]) {
    throw new UsageError("--results-db and --no-record exclude each other");
  }
  // where to record, checked before the study runs: a database that cannot take the record stops it before it writes
  const config = await loadConfig(file, overrides);
  const history = await planHistory({
    db: values["no-record"] ? false : values["results-db"] ?? config.output.resultsDb,
    named: values["results-db"] !== undefined,
    what: "study",
    offNote: "not recorded (--no-record or output.resultsDb is false)",
    check: (db) => checkStudyDb(db),
  });
  let failure: Error | undefined;
  const record = async (dir: string, values_: Record<string, number>): Promise<string> => {
    const db = history.db;
    if (db === null) return history.note;
    const runId = crypto.randomUUID();
    const rec: StudyRecord = {
      runId,
      recordedAtMs: Date.now(),
      job: null,
      study: config.name,
      kind: kind === "optimize" ? "grid" : "walkforward",
      configFile: file,
      configSha256: await configSha256(config),
      gitRevision: await gitRevision(dirname(resolve(file))),
      outputDir: dir,
      values: values_,
      ...await studyProvenance(file, config),
    };
    const r = await recordPublished({ db, what: "study", dir, id: runId }, () => appendStudyRun(db, rec));
    failure = r.failure;
    return r.line;
  };
  if (kind === "optimize") {
    const report = await gridSearch({ ...study, top: wholeNumber("--top", values.top, 0) });
    progress?.finish();
    const note = report.interrupted ? "not recorded (interrupted)" : await record(report.dir, gridValues(report));
    if (!values.quiet) {
      for (const n of report.notes) console.error(`note: ${n}`);
      printSearch(report);
      console.log(`History: ${note}`);
    }
    return report.interrupted ? 130 : failure ? exitCodeOf(failure, "") : 0;
  }
  const report = await walkForward(study);
  progress?.finish();
  const note = report.interrupted ? "not recorded (interrupted)" : await record(report.dir, walkForwardValues(report));
  if (!values.quiet) {
    for (const n of report.notes) console.error(`note: ${n}`);
    printWalkForward(report);
    console.log(`History: ${note}`);
  }
  return report.interrupted ? 130 : failure ? exitCodeOf(failure, "") : 0;
}

const pct = (v: number | null | undefined) =>
  v === null || v === undefined || !Number.isFinite(v) ? "n/a" : `${(v * 100).toFixed(2)}%`;

function cacheLine(c: { hits: number; misses: number; evictions: number }): string {
  const req = c.hits + c.misses;
  return `indicator cache: ${
    req ? ((100 * c.hits) / req).toFixed(1) : "0.0"
  }% hits (${c.hits} of ${req} requests; ${c.misses} series computed${
    c.evictions ? `; ${c.evictions} evicted to stay within optimize.cacheMb` : ""
  })`;
}

/** Which path the runs took: sparse stepping (the strategy declares `when`) or every bar. */
function steppingLine(p: { sparse: number; everyBar: number }): string {
  if (p.everyBar === 0 && p.sparse > 0) return `stepping: sparse in every run (the strategy declares when)`;
  if (p.sparse === 0) {
    return `stepping: every bar in full (declare the strategy's when to step sparsely: see docs/strategies.md#when)`;
  }
  return `stepping: sparse in ${p.sparse} runs, every bar in ${p.everyBar}`;
}

function printSearch(r: GridSearchReport): void {
  const secs = r.elapsedMs / 1000;
  console.log(
    `${r.interrupted ? "Interrupted: " : ""}${r.completed} of ${r.runs} runs on ${r.workers} worker${
      r.workers === 1 ? "" : "s"
    } in ${secs.toFixed(1)} s (${formatValue(r.completed / secs)} runs/s), ${r.failed} failed${
      r.replacedWorkers ? `, ${r.replacedWorkers} workers replaced` : ""
    }`,
  );
  console.log(cacheLine(r.cache));
  console.log(steppingLine(r.stepping));
  if (r.best.length > 0) {
    const names = Object.keys(r.best[0]!.params);
    console.log(`\nTop runs by ${r.objective}:`);
    console.log(table(
      ["rank", ...names, r.objective, "return", "max DD", "trades", ""],
      r.best.map((b) => [
        String(b.rank),
        ...names.map((n) => String(b.params[n])),
        formatValue(b.objective),
        pct(b.metrics.totalReturn),
        pct(b.metrics.maxDrawdown),
        String(b.trades),
        b.error ?? "",
      ]),
      [names.length + 5],
    ));
  }
  const o = r.overfitting;
  if (o !== undefined && "skipped" in o) console.log(`\nSelection bias: not measured (${o.skipped})`);
  else if (o !== undefined) {
    console.log(
      `\nSelection bias: Deflated Sharpe Ratio ${pct(o.dsr)} (the best of ${o.trials} trials against SR0 ${
        formatValue(o.expectedMaxSharpe)
      } per bar); Probability of Backtest Overfitting ${
        o.pbo === null ? "n/a" : pct(o.pbo)
      } (CSCV, ${o.partitions} partitions)`,
    );
  }
  if (r.stability !== undefined && r.stability !== null) {
    console.log(
      `Stability of the best run: ${
        r.stability.params.map((p) =>
          `${p.param} ${p.label}${p.relativeDrop === null ? "" : ` (drop ${pct(p.relativeDrop)})`}`
        ).join(", ")
      }`,
    );
  }
  console.log(`\nResults in ${r.dir}/: ${summarizeFiles(r.files)}`);
}

function summarizeFiles(files: readonly string[]): string {
  const top = new Set(files.filter((f) => f.startsWith("top/")).map((f) => f.split("/")[1]));
  const plain = files.filter((f) => !f.startsWith("top/"));
  return [...plain, ...(top.size ? [`top/ (${top.size} full runs)`] : [])].join(", ");
}

function printWalkForward(r: WalkForwardReport): void {
  const secs = r.elapsedMs / 1000;
  console.log(
    `${
      r.interrupted ? "Interrupted: " : ""
    }${r.windows.length} windows, ${r.trainRuns} training runs on ${r.workers} worker${r.workers === 1 ? "" : "s"} in ${
      secs.toFixed(1)
    } s, ${r.failedTrainRuns} failed`,
  );
  console.log(cacheLine(r.cache));
  console.log(steppingLine(r.stepping));
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  console.log("");
  console.log(table(
    ["window", "train", "test", "params", `IS ${r.objective}`, `OOS ${r.objective}`, "OOS return", "WFE"],
    r.windows.map((w) => [
      String(w.window.index),
      `${day(w.window.trainStartMs)} → ${day(w.window.trainEndMs)}`,
      `${day(w.window.testStartMs)} → ${day(w.window.testEndMs)}`,
      formatParams(w.params),
      formatValue(w.inSample?.objective),
      w.outOfSample?.error ? "failed" : formatValue(w.outOfSample?.objective),
      pct(w.outOfSample?.metrics[0]),
      formatValue(w.efficiency),
    ]),
    [1, 2, 3],
  ));
  const m = r.stitched;
  if (m) {
    console.log(
      `\nStitched out-of-sample: total return ${pct(m.totalReturn)}, CAGR ${pct(m.cagr)}, Sharpe ${
        formatValue(m.sharpe)
      }, max drawdown ${pct(m.maxDrawdown)}, ${m.numTrades} trades`,
    );
  }
  console.log(`Walk-forward efficiency (OOS CAGR ÷ mean IS CAGR): ${formatValue(r.efficiency)}`);
  const o = r.overfitting;
  if (o !== undefined) {
    console.log(
      o.windows === 0
        ? "Selection bias: not measured in any window (see walkforward.json)"
        : `Selection bias over ${o.windows} window${o.windows === 1 ? "" : "s"}: mean PBO ${
          o.meanPbo === null ? "n/a" : pct(o.meanPbo)
        }, mean Deflated Sharpe Ratio ${pct(o.meanDsr)}, lowest ${pct(o.minDsr)}`,
    );
  }
  console.log(`\nResults in ${r.dir}/: ${r.files.join(", ")}`);
}

/**
 * Run a study CLI on `args` and return its exit code. Ctrl-C stops the
 * workers, writes the completed results and returns 130; a second Ctrl-C
 * exits at once. Errors are printed, never thrown.
 *
 * @example
 * ```ts ignore
 * Deno.exit(await studyCli("optimize", ["configs/sma_optimize.ts", "--workers", "2"]));
 * ```
 */
export async function studyCli(kind: StudyKind, args: string[], opts: StudyCliOptions = {}): Promise<number> {
  const controller = new AbortController();
  const onSignal = () => {
    if (controller.signal.aborted) exitProcess(130);
    Deno.stderr.writeSync(
      new TextEncoder().encode("\nstopping: writing completed results (Ctrl-C again to quit now)\n"),
    );
    controller.abort();
  };
  let listening = false;
  try {
    Deno.addSignalListener("SIGINT", onSignal);
    listening = true;
  } catch { /* no signals on this platform */ }
  try {
    return await main(kind, args, opts, controller.signal);
  } catch (e) {
    return exitCodeOf(e, usage(kind));
  } finally {
    if (listening) Deno.removeSignalListener("SIGINT", onSignal);
  }
}

/**
 * How this process ends. Run as a program, the real exit comes from
 * {@linkcode hardenRuntime}, which then makes `Deno.exit` throw for the
 * config code the study imports: a config cannot end a study with exit 0.
 */
let exitProcess: (code: number) => never = (code) => Deno.exit(code);

/**
 * Run `deno task <kind>` as this process's program: freeze the built-ins
 * before any config is imported, run the study, exit with its code.
 */
export async function studyMain(kind: StudyKind): Promise<never> {
  exitProcess = hardenRuntime();
  return exitProcess(await studyCli(kind, Deno.args));
}

if (import.meta.main) await studyMain("optimize");
