/**
 * The worker entry of the optimisation pool.
 *
 * On `init` it imports the config module itself (strategies, constraints
 * and custom objectives are functions and cannot be posted), applies the
 * same overrides as the coordinator, and views the shared bars. Then it runs
 * the tasks it is given one by one, posting a compact summary per run.
 *
 * Each worker keeps one indicator cache per frame (the whole frame, or the
 * current walk-forward window). Its series live in one {@linkcode SeriesPool}
 * per worker: `optimize.cacheMb` worth of slots of the longest symbol's
 * length (at least two), partly reserved at init (see `seriesPool`), the
 * rest allocated on first need, and then recycled: when the pool is full,
 * each new series takes the slot of the least recently used one (never one
 * of the current run). The worker's cache memory is thus at most `cacheMb`
 * (or two series) and flat from the first runs, instead of growing to the
 * budget and then starting over.
 *
 * @module
 */
import { loadConfig } from "../config/load_config.ts";
import type { Config } from "../config/schema.ts";
import type { BarFrame } from "../data/bar_frame.ts";
import { isUserError } from "../errors.ts";
import { IndicatorCache, SeriesPool } from "../indicators/cache.ts";
import type { FromWorker, InitMessage, RunCurve, TaskMessage, WorkerRun } from "./_protocol.ts";
import { errorText, evaluate, failedSummary, summarize } from "./evaluate.ts";
import type { OptimizeConfig } from "./config.ts";
import { rangeValues } from "./range.ts";
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
let pool: SeriesPool | undefined;
let scratch: Float64Array | undefined;
let hits = 0, misses = 0, evictions = 0;

function retire(): void {
  if (cache === undefined) return;
  const s = cache.stats();
  hits += s.hits;
  misses += s.misses;
  evictions += s.evictions;
  cache[Symbol.dispose]();
  cache = undefined;
}

function useFrame(run: WorkerRun): BarFrame {
  const key = run.fromMs === undefined ? "" : `${run.fromMs}|${run.toMs}`;
  if (frame === undefined || key !== frameKey) {
    retire();
    frame = run.fromMs === undefined ? whole! : sliceFrame(whole!, run.fromMs, run.toMs ?? Infinity);
    frameKey = key;
  }
  if (cache === undefined) cache = new IndicatorCache(frame, { pool: pool! });
  return frame;
}

/**
 * The worker's slot pool: `cacheMb` worth of slots (at least two) as long as
 * the longest symbol (a walk-forward window's symbols are never longer), of
 * which it reserves at once as many as the study has parameter values, times
 * the symbols: an estimate of the distinct series it will ask for (`fast`
 * and `slow` lengths for an SMA cross), so memory is flat from the first run
 * and a small study reserves little (100 values × 5 symbols of 2,600 bars:
 * 10 MB). Slots past the estimate are allocated when needed; the estimate
 * never raises the budget.
 */
function seriesPool(bars: BarFrame, opt: OptimizeConfig | undefined): SeriesPool {
  let longest = 1;
  for (let s = 0; s < bars.symbols.length; s++) longest = Math.max(longest, bars.segEnd[s]! - bars.segStart[s]!);
  const budgetBytes = (opt?.cacheMb ?? 64) * 1024 * 1024;
  const p = new SeriesPool(longest, Math.max(2, Math.floor(budgetBytes / (8 * longest))));
  let values = 0;
  for (const spec of Object.values(opt?.params ?? {})) {
    values += Array.isArray(spec) ? spec.length : rangeValues(spec).length;
  }
  p.reserve(bars.symbols.length * values);
  return p;
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
    cache!.endRun();
  }
  const s = cache?.stats() ?? { hits: 0, misses: 0, evictions: 0 };
  scope.postMessage({
    type: "taskDone",
    task: msg.task,
    cache: { hits: hits + s.hits, misses: misses + s.misses, evictions: evictions + s.evictions },
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
    pool = seriesPool(whole, c.optimize);
    scope.postMessage({ type: "ready" });
  }, (err) => {
    const message = err instanceof Error ? err.message : String(err);
    scope.postMessage({ type: "initError", message, userError: isUserError(err) });
  });
};
