/**
 * Tests against a real Redis: {@linkcode clusterTest} gives each test its own
 * redis-server, queue and `deno task worker` processes (from
 * `scripts/redis_server.ts` and `scripts/worker_process.ts`, which the
 * scale-out benchmark shares).
 */
import { hasRedisServer, type RedisServer, startRedis } from "../scripts/redis_server.ts";
import { startWorker, type WorkerProcess } from "../scripts/worker_process.ts";

export { freePort, hasRedisServer } from "../scripts/redis_server.ts";

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
