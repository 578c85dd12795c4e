/**
 * The worker entry of the optimisation pool.
 *
 * On `init` it imports the config module itself (strategies, constraints
 * and custom objectives are functions and cannot be posted), applies the
 * same overrides as the coordinator, and views the shared bars. Then it runs
 * the tasks it is given one by one, posting a compact summary per run.
 *
 * Each worker keeps one indicator cache per frame (the whole frame, or the
 * current walk-forward window), so each distinct series is computed once per
 * worker, unless the cache outgrows `optimize.cacheMb` and starts over.
 *
 * @module
 */
import { loadConfig } from "../config/load_config.ts";
import type { Config } from "../config/schema.ts";
import type { BarFrame } from "../data/bar_frame.ts";
import { isUserError } from "../errors.ts";
import { IndicatorCache } from "../indicators/cache.ts";
import type { FromWorker, InitMessage, RunCurve, TaskMessage, WorkerRun } from "./_protocol.ts";
import { errorText, evaluate, failedSummary, summarize } from "./evaluate.ts";
import { frameFromShared } from "./shared_frame.ts";
import { sliceFrame } from "./slice_frame.ts";

interface WorkerScope {
  onmessage: ((e: MessageEvent) => void) | null;
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  close(): void;
}
const scope = globalThis as unknown as WorkerScope;

let config: Config | undefined;
let init: InitMessage | undefined;
let whole: BarFrame | undefined;
let frame: BarFrame | undefined;
let frameKey = "";
let cache: IndicatorCache | undefined;
let scratch: Float64Array | undefined;
let budgetBytes = Infinity;
let bytesPerEntry = 0;
let hits = 0, misses = 0, resets = 0;

function retire(): void {
  if (cache === undefined) return;
  const s = cache.stats();
  hits += s.hits;
  misses += s.misses;
  cache = undefined;
}

function useFrame(run: WorkerRun): BarFrame {
  const key = run.fromMs === undefined ? "" : `${run.fromMs}|${run.toMs}`;
  if (frame === undefined || key !== frameKey) {
    retire();
    frame = run.fromMs === undefined ? whole! : sliceFrame(whole!, run.fromMs, run.toMs ?? Infinity);
    frameKey = key;
    let longest = 0;
    for (let s = 0; s < frame.symbols.length; s++) longest = Math.max(longest, frame.segEnd[s]! - frame.segStart[s]!);
    bytesPerEntry = 8 * longest; // an entry is one symbol's series
  }
  if (cache === undefined) cache = new IndicatorCache(frame);
  return frame;
}

function curveOf(e: ReturnType<typeof evaluate>): RunCurve {
  const t = e.result.trades;
  const col = (f: (x: (typeof t)[number]) => number) => Float64Array.from(t, f);
  return {
    tsMs: e.tsMs.slice(),
    equity: e.equity.slice(),
    trades: {
      symbol: t.map((x) => x.symbol),
      pnl: col((x) => x.pnl),
      fees: col((x) => x.fees),
      qty: col((x) => x.qty),
      entryTimeMs: col((x) => x.entryTimeMs),
      entryPrice: col((x) => x.entryPrice),
      exitTimeMs: col((x) => x.exitTimeMs),
      exitPrice: col((x) => x.exitPrice),
    },
  };
}

function runTask(msg: TaskMessage): void {
  const opt = config!.optimize;
  for (const run of msg.runs) {
    for (const f of init!.faults ?? []) {
      if (f.index !== run.index || msg.attempt >= (f.attempts ?? Infinity)) continue;
      if (f.kind === "die") {
        scope.close();
        return;
      }
      throw new Error(`injected fault: worker crashed at run ${run.index}`);
    }
    const t0 = performance.now();
    const fr = useFrame(run);
    if (scratch === undefined || scratch.length < fr.length) scratch = new Float64Array(whole!.length);
    let message: FromWorker;
    const transfer: Transferable[] = [];
    try {
      const e = evaluate(config!, fr, run.params, {
        objective: opt?.objective ?? "sharpe",
        cache: cache!,
        periodsPerYear: opt?.periodsPerYear,
        riskFree: opt?.riskFree,
        scratch,
        tradeFromMs: run.tradeFromMs,
      });
      const curve = run.curve ? curveOf(e) : undefined;
      if (curve !== undefined) transfer.push(curve.tsMs.buffer as ArrayBuffer, curve.equity.buffer as ArrayBuffer);
      message = {
        type: "run",
        task: msg.task,
        summary: summarize(run.index, e),
        ms: performance.now() - t0,
        ...(curve !== undefined && { curve }),
      };
    } catch (e) {
      message = { type: "run", task: msg.task, summary: failedSummary(run.index, errorText(e)), ms: 0 };
    }
    scope.postMessage(message, transfer);
    if (cache!.stats().entries * bytesPerEntry > budgetBytes) {
      retire();
      resets++;
    }
  }
  const s = cache?.stats() ?? { hits: 0, misses: 0 };
  scope.postMessage({
    type: "taskDone",
    task: msg.task,
    cache: { hits: hits + s.hits, misses: misses + s.misses, resets },
  });
}

// An uncaught error leaves the worker in an unknown state: report it and stop (the pool replaces the worker).
const fatal = (e: Event & { preventDefault(): void }, err: unknown) => {
  e.preventDefault();
  scope.postMessage({ type: "fatal", message: errorText(err) });
  scope.close();
};
globalThis.addEventListener("error", (e) => fatal(e, (e as ErrorEvent).error ?? (e as ErrorEvent).message));
globalThis.addEventListener("unhandledrejection", (e) => fatal(e, (e as PromiseRejectionEvent).reason));

scope.onmessage = (e: MessageEvent) => {
  const msg = e.data as InitMessage | TaskMessage;
  if (msg.type === "task") {
    runTask(msg);
    return;
  }
  init = msg;
  loadConfig(msg.configPath, msg.overrides).then((c) => {
    config = c;
    whole = frameFromShared(msg.shared);
    budgetBytes = (c.optimize?.cacheMb ?? 64) * 1024 * 1024;
    scope.postMessage({ type: "ready" });
  }, (err) => {
    const message = err instanceof Error ? err.message : String(err);
    scope.postMessage({ type: "initError", message, userError: isUserError(err) });
  });
};
