/**
 * The worker entry: the script every pool Worker runs, local or on a queue
 * worker's machine.
 *
 * On `init` it imports the config module itself (strategies, constraints
 * and custom objectives are functions and cannot be posted), applies the
 * same overrides as the coordinator, views the shared bars, and opens the
 * kernel the message names ({@linkcode ChunkKernel}). Then it runs the
 * tasks it is given one by one, posting each run's outcome as it finishes,
 * and the cache counters at the end of each task. Test faults
 * ({@linkcode FaultSpec}) are injected here, before a run starts, so they
 * exercise the pool whatever the kernel.
 *
 * @module
 */
import { loadConfig } from "../config/load_config.ts";
import { hardenRuntime } from "../harden_runtime.ts";
import { isUserError } from "../errors.ts";
import type { ChunkKernel, KernelSession } from "./chunk_kernel.ts";
import { errorText } from "./error_text.ts";
import type { ChunkRun, FromWorker, InitMessage, TaskMessage } from "./protocol.ts";
import { frameFromShared } from "./shared_frame.ts";

interface WorkerScope {
  onmessage: ((e: MessageEvent) => void) | null;
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  close(): void;
}
const scope = globalThis as unknown as WorkerScope;

let init: InitMessage | undefined;
let session: KernelSession<ChunkRun, unknown> | undefined;

function runTask(msg: TaskMessage): void {
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
    const transfer: Transferable[] = [];
    const outcome = session!.run(run, transfer);
    scope.postMessage({ type: "run", task: msg.task, index: run.index, outcome, ms: performance.now() - t0 }, transfer);
  }
  scope.postMessage({ type: "taskDone", task: msg.task, cache: session!.counters() });
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
  hardenRuntime({ exit: "allow" });
  Promise.all([loadConfig(msg.configPath, msg.overrides), import(msg.kernel)]).then(([config, mod]) => {
    session = (mod as { default: ChunkKernel<ChunkRun, unknown> }).default.open(config, frameFromShared(msg.shared));
    scope.postMessage({ type: "ready" });
  }, (err) => {
    const message = err instanceof Error ? err.message : String(err);
    scope.postMessage({ type: "initError", message, userError: isUserError(err) });
  });
};
