/**
 * A real Redis for the distribution tests: `redis-server` (installed by
 * `.ci/run` from Debian when missing) on a free loopback port, persistence
 * off, stopped by its pid; and `deno task worker` processes against it.
 */
import { ROOT } from "./_cli.ts";
import { taskArgsAnywhere } from "./_optimize.ts";

/** True when `redis-server` is on the PATH. */
export function hasRedisServer(): boolean {
  try {
    return new Deno.Command("redis-server", { args: ["--version"], stdout: "null", stderr: "null" }).outputSync()
      .success;
  } catch {
    return false;
  }
}

/** A free TCP port on 127.0.0.1 (bound, read, released). */
export function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

/** A running redis-server. */
export interface RedisServer extends AsyncDisposable {
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  stop(): Promise<void>;
}

/** Start redis-server on a free loopback port and wait until it answers. */
export async function startRedis(): Promise<RedisServer> {
  const port = freePort();
  const child = new Deno.Command("redis-server", {
    args: ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--loglevel", "warning"],
    stdout: "null",
    stderr: "null",
  }).spawn();
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      const c = await Deno.connect({ hostname: "127.0.0.1", port });
      await c.write(new TextEncoder().encode("PING\r\n"));
      const buf = new Uint8Array(16);
      const n = await c.read(buf);
      c.close();
      if (n !== null && new TextDecoder().decode(buf.subarray(0, n)).startsWith("+PONG")) break;
    } catch { /* not up yet */ }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`redis-server did not answer on 127.0.0.1:${port} within 10 s`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    Deno.kill(child.pid, "SIGTERM");
    await child.status;
  };
  return { url: `redis://127.0.0.1:${port}`, port, pid: child.pid, stop, [Symbol.asyncDispose]: stop };
}

/** A `deno task worker` process, its parsed log lines as they come. */
export interface WorkerProcess extends AsyncDisposable {
  readonly pid: number;
  readonly events: Record<string, unknown>[];
  /** Resolve when an event satisfying `pred` has been logged (rejects after `timeoutMs`). */
  waitFor(pred: (e: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  kill(signal?: Deno.Signal): void;
  readonly status: Promise<Deno.CommandStatus>;
  readonly stderr: () => string;
}

/** Start `deno task worker` (the task's own permissions) in `cwd` (the repo root by default). */
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

/** What a {@linkcode clusterTest} gets: a temp dir, a fresh Redis, a queue of its own, and worker processes on demand. */
export interface Cluster {
  readonly dir: string;
  readonly redis: RedisServer;
  readonly queue: string;
  /** Start a `deno task worker` on this Redis and queue (extra flags in `args`); stopped after the test. */
  worker(args?: string[], opts?: { cwd?: string }): Promise<WorkerProcess>;
}

/**
 * A test against a real Redis: starts redis-server and a temp dir, gives
 * the body a queue of its own, and stops every worker, the server and the
 * dir afterwards. Ignored (with a note) when redis-server is not installed.
 */
export function clusterTest(name: string, fn: (c: Cluster) => Promise<void>): void {
  const ignore = !hasRedisServer();
  if (ignore) console.error(`redis-server not found, ignored: ${name} (apt-get install redis-server)`);
  Deno.test({
    name,
    ignore,
    // worker processes, the Redis child and BullMQ's connections outlive single ops by design; all stopped below
    sanitizeResources: false,
    sanitizeOps: false,
    async fn() {
      const dir = await Deno.makeTempDir();
      const workers: WorkerProcess[] = [];
      try {
        await using redis = await startRedis();
        const queue = `test-${crypto.randomUUID()}`;
        try {
          await fn({
            dir,
            redis,
            queue,
            worker: async (args = [], opts = {}) => {
              const w = await startWorker(["--backend", redis.url, "--queue", queue, ...args], opts);
              workers.push(w);
              return w;
            },
          });
        } finally {
          for (const w of workers) await w[Symbol.asyncDispose]();
        }
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    },
  });
}
