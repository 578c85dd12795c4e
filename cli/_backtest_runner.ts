/**
 * The runner of `deno task backtest`: a Worker that loads the config, the
 * bars, runs the backtest, computes the metrics and writes the result files
 * into the paths its supervisor (`cli/backtest.ts`) staged for it. The
 * supervisor never imports config code; this worker does, after
 * {@linkcode hardenRuntime} froze the built-ins, so a config can neither
 * change how metrics are computed and files written nor end the run
 * (`Deno.exit` throws here).
 *
 * It talks to the supervisor only through the `MessagePort` of its start
 * message, which config code cannot reach. Once it has written the files it
 * posts `done` and blocks (`Atomics.wait`) until the supervisor releases and
 * terminates it: no config code runs between the writes and the end.
 *
 * @module
 */
/// <reference lib="deno.worker" />
import { createHash } from "node:crypto";
import { exitCodeOf } from "./_args.ts";
import { thrownMessage } from "../engine/errors.ts";
import { type ConfigOverrides, loadConfig } from "../engine/config/load_config.ts";
import type { DataConfig } from "../engine/data/config.ts";
import { loadBars } from "../engine/data/load_bars.ts";
import { openSqlEngine, type SqlEngine, type SqlEngineKind } from "../engine/data/sql_engine.ts";
import { runBacktest } from "../engine/backtest.ts";
import { hardenRuntime } from "../engine/harden_runtime.ts";
import { analyzeResult } from "../engine/report/analyze_result.ts";
import { loadBenchmarkFrame } from "../engine/report/benchmark.ts";
import { loadFxFrame } from "../engine/instruments/fx.ts";
import { dataSectionsOf } from "../engine/report/data_fingerprint.ts";
import { emitContent, type OutputFile } from "../engine/report/atomic_write.ts";
import { type RunRecord, runRecord } from "../engine/report/results_db.ts";
import { resultFiles } from "../engine/report/write_results.ts";
import { formatSummary } from "./summary.ts";
import { HISTORY_MARK } from "./_supervised_run.ts";

/** The first message of the supervisor: what to run, and the port to answer on. */
export interface RunnerStart {
  readonly kind: "start";
  readonly file: string;
  readonly overrides: ConfigOverrides & { readonly out?: string };
  readonly engine: SqlEngineKind;
  readonly port: MessagePort;
  /** One Int32 the runner waits on once it has answered; the supervisor sets it and notifies, then terminates it. */
  readonly release: SharedArrayBuffer;
}

/** What the supervisor answers to `write`: where to write each file, and what the summary and record show. */
export interface RunnerPaths {
  readonly kind: "paths";
  /** Where to write each file now (the staging directory), in the order of `write.names`. */
  readonly stage: readonly string[];
  /** Where each file will be once published (the summary's "wrote" line, the record's directory). */
  readonly published: readonly string[];
  readonly publishedDir: string;
  /** Compute the history record (with this config file and git revision). */
  readonly record: { readonly configFile: string; readonly gitRevision: string | null } | null;
}

/** A written file as the runner wrote it. */
export interface WrittenFile {
  readonly name: string;
  readonly bytes: number;
  readonly sha256: string;
}

export { HISTORY_MARK } from "./_supervised_run.ts";

/** Messages of the runner, in the order it sends them. */
export type RunnerMessage =
  | {
    readonly kind: "config";
    readonly name: string;
    readonly strategy: string;
    readonly root: string;
    readonly keep: number | undefined;
    readonly resultsDb: string | false;
    /** The data sections the run reads (its data and a `source` benchmark's): the supervisor fingerprints their files. */
    readonly dataSections: readonly DataConfig[];
  }
  | { readonly kind: "stage"; readonly text: string }
  | { readonly kind: "bars"; readonly done: number; readonly total: number }
  | { readonly kind: "write"; readonly names: readonly string[] }
  | {
    readonly kind: "done";
    readonly files: readonly WrittenFile[];
    /** The summary, with {@linkcode HISTORY_MARK} where the history line goes. */
    readonly summary: string;
    /** The history record, without its id and time, when asked for. */
    readonly record: RunRecord | null;
  }
  | { readonly kind: "failed"; readonly code: number; readonly text: string };

/**
 * The host functions the runner writes and reports with, taken before any config code runs: the `Deno` namespace and
 * the web classes `hardenRuntime()` leaves unfrozen could be patched by a config, these copies cannot.
 */
const HOST = {
  openSync: Deno.openSync,
  writeSync: Deno.FsFile.prototype.writeSync,
  close: Deno.FsFile.prototype.close,
  postMessage: MessagePort.prototype.postMessage,
};

/** Write `content` to `path` synchronously, digesting it on the way. */
function writeFileSync(path: string, name: string, content: OutputFile["content"]) {
  const hash = createHash("sha256");
  let bytes = 0;
  const file = HOST.openSync(path, { write: true, create: true, truncate: true });
  try {
    const sink = (chunk: Uint8Array) => {
      hash.update(chunk);
      bytes += chunk.length;
      for (let at = 0; at < chunk.length;) at += Reflect.apply(HOST.writeSync, file, [chunk.subarray(at)]) as number;
    };
    emitContent(content, sink);
  } finally {
    Reflect.apply(HOST.close, file, []);
  }
  return { name, bytes, sha256: hash.digest("hex") };
}

async function run(start: RunnerStart): Promise<void> {
  const port = start.port;
  const post = (m: RunnerMessage) => Reflect.apply(HOST.postMessage, port, [m]);
  const replies: ((m: RunnerPaths) => void)[] = [];
  port.onmessage = (e: MessageEvent<RunnerPaths>) => replies.shift()?.(e.data);
  const nextReply = () => new Promise<RunnerPaths>((resolve) => replies.push(resolve));
  const stage = (text: string) => post({ kind: "stage", text });
  const release = new Int32Array(start.release);
  // An error no one catches (a config's timer that throws) ends the run: reported as the config's, then wait.
  const uncaught = (what: string, reason: unknown) => {
    post({
      kind: "failed",
      code: 1,
      text: `error: the run of "${start.file}" stopped, nothing published: ${what} in its code: ${
        thrownMessage(reason)
      }`,
    });
    Atomics.wait(release, 0, 0);
  };
  self.addEventListener("error", (e) => {
    e.preventDefault();
    uncaught("an uncaught error", e.error ?? e.message);
  });
  self.addEventListener("unhandledrejection", (e) => {
    e.preventDefault();
    uncaught("an unhandled rejection", e.reason);
  });
  // Every module the engine needs is loaded before the freeze (DuckDB's WebAssembly build patches its own objects
  // as it loads, which a frozen Object.prototype would refuse), the config's after it.
  let engine: SqlEngine | undefined;
  try {
    engine = start.engine === "native" ? undefined : await openSqlEngine(start.engine);
  } catch (e) {
    let text = "";
    post({ kind: "failed", code: exitCodeOf(e, "", (t) => (text = t)), text });
    return;
  }
  hardenRuntime();
  try {
    const t0 = performance.now();
    stage("loading the config");
    const config = await loadConfig(start.file, start.overrides);
    post({
      kind: "config",
      name: config.name,
      strategy: config.strategy.use.name,
      root: config.output.dir ?? `out/${config.name}`,
      keep: config.output.keep,
      resultsDb: config.output.resultsDb,
      dataSections: dataSectionsOf(config),
    });
    stage("loading bars");
    // the benchmark's own source (analysis.benchmark of kind "source") is read by the same engine, before it closes
    const [frame, benchmarkFrame, fx] = await (async () => {
      const opts = engine && { engine };
      return [
        await loadBars(config.data, opts),
        await loadBenchmarkFrame(config, opts),
        await loadFxFrame(config, opts), // instruments.fx: the FX rates, a second frame
      ] as const;
    })().finally(() => engine?.close());
    engine = undefined;
    const t1 = performance.now();
    stage("running");
    const result = runBacktest(config, frame, {
      ...(fx === undefined ? {} : { fx }),
      overlays: true,
      onProgress: (done, total) => post({ kind: "bars", done, total }),
    });
    const t2 = performance.now();
    stage("computing metrics");
    const analysis = analyzeResult(result, { frame, benchmarkFrame });
    const files = resultFiles(result, config.output.formats, { analysis, frame });
    post({ kind: "write", names: files.map((f) => f.name) });
    const paths = await nextReply();
    const record = paths.record && await runRecord(result, analysis, {
      runId: "",
      recordedAtMs: 0,
      configFile: paths.record.configFile,
      gitRevision: paths.record.gitRevision,
      outputDir: paths.publishedDir,
    });
    // from here to `done`, synchronous: no config code runs between the writes and the end
    const written: WrittenFile[] = [];
    const t3 = performance.now();
    for (const [i, f] of files.entries()) {
      stage(`writing ${f.name}`);
      written.push(writeFileSync(paths.stage[i]!, f.name, f.content));
    }
    const summary = formatSummary(result, paths.published, {
      loadMs: t1 - t0,
      runMs: t2 - t1,
      writeMs: performance.now() - t3,
    }, { analysis, history: HISTORY_MARK });
    post({ kind: "done", files: written, summary, record });
  } catch (e) {
    engine?.close();
    let text = "";
    const code = exitCodeOf(e, "", (t) => (text = t));
    post({ kind: "failed", code, text });
  }
  // wait for the supervisor: timers a config left behind never run again (it terminates this worker right after the
  // release; a worker blocked in Atomics.wait that is only terminated would keep the process from exiting)
  Atomics.wait(release, 0, 0);
}

self.onmessage = (e: MessageEvent<RunnerStart>) => {
  self.onmessage = null;
  void run(e.data);
};
