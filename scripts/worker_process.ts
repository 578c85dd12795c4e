/**
 * `deno task worker` processes for the distribution tests and the scale-out
 * benchmark: started with the task's own permissions, their JSON log lines
 * parsed as they come.
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { taskArgsAnywhere } from "./task_args.ts";

/** The repository root, the task's working directory. */
const ROOT = fileURLToPath(new URL("../", import.meta.url));

/** A `deno task worker` process, its parsed log lines as they come; disposing of it kills it. */
export interface WorkerProcess extends AsyncDisposable {
  readonly pid: number;
  readonly events: Record<string, unknown>[];
  /** Resolve when an event satisfying `pred` has been logged (rejects after `timeoutMs`). */
  waitFor(pred: (e: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  kill(signal?: Deno.Signal): void;
  readonly status: Promise<Deno.CommandStatus>;
  readonly stderr: () => string;
}

/**
 * Start `deno task worker` (the task's own permissions) in `cwd` (the
 * repository root by default) and wait until it logs `ready` (rejects after
 * 60 s). `args` are the worker's flags: `--backend`, `--queue`…
 *
 * @example One worker on a Redis queue (needs a running Redis)
 * ```ts ignore
 * import { startRedis } from "./redis_server.ts";
 * import { startWorker } from "./worker_process.ts";
 * await using redis = await startRedis();
 * await using worker = await startWorker(["--backend", redis.url, "--queue", "q", "--concurrency", "1"]);
 * console.log(worker.events[0]); // { event: "ready", … }
 * ```
 */
export async function startWorker(args: string[], opts: { cwd?: string } = {}): Promise<WorkerProcess> {
  const child = new Deno.Command(Deno.execPath(), {
    args: [...await taskArgsAnywhere("worker", ""), ...args],
    cwd: opts.cwd ?? ROOT,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).spawn();
  const events: Record<string, unknown>[] = [];
  const waiters: { pred: (e: Record<string, unknown>) => boolean; resolve: (e: Record<string, unknown>) => void }[] =
    [];
  let errText = "";
  const dec = new TextDecoder();
  (async () => {
    let rest = "";
    for await (const chunk of child.stdout) {
      rest += dec.decode(chunk, { stream: true });
      let nl;
      while ((nl = rest.indexOf("\n")) >= 0) {
        const line = rest.slice(0, nl);
        rest = rest.slice(nl + 1);
        if (!line.startsWith("{")) continue;
        const e = JSON.parse(line);
        events.push(e);
        for (const w of [...waiters]) {
          if (w.pred(e)) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve(e);
          }
        }
      }
    }
  })();
  (async () => {
    for await (const chunk of child.stderr) errText += dec.decode(chunk, { stream: true });
  })();
  const kill = (signal: Deno.Signal = "SIGTERM") => {
    try {
      child.kill(signal);
    } catch { /* already gone */ }
  };
  const w: WorkerProcess = {
    pid: child.pid,
    events,
    status: child.status,
    stderr: () => errText,
    kill,
    waitFor(pred, timeoutMs = 60_000) {
      const hit = events.find(pred);
      if (hit) return Promise.resolve(hit);
      return new Promise((resolve, reject) => {
        const t = setTimeout(
          () => reject(new Error(`worker ${child.pid}: no matching event in ${timeoutMs} ms; stderr: ${errText}`)),
          timeoutMs,
        );
        waiters.push({
          pred,
          resolve: (e) => {
            clearTimeout(t);
            resolve(e);
          },
        });
      });
    },
    async [Symbol.asyncDispose]() {
      kill("SIGKILL");
      await child.status;
    },
  };
  await w.waitFor((e) => e.event === "ready", 60_000);
  return w;
}
