/**
 * A real Redis on this machine for the distribution tests and the scale-out
 * benchmark: `redis-server` (installed by `.ci/run` from Debian when missing)
 * on a free loopback port, persistence off, stopped by its pid.
 *
 * @module
 */

/**
 * True when `redis-server` is on the PATH.
 *
 * @example
 * ```ts
 * import { hasRedisServer } from "./redis_server.ts";
 * if (!hasRedisServer()) console.log("apt-get install redis-server");
 * ```
 */
export function hasRedisServer(): boolean {
  try {
    return new Deno.Command("redis-server", { args: ["--version"], stdout: "null", stderr: "null" }).outputSync()
      .success;
  } catch {
    return false;
  }
}

/**
 * A free TCP port on 127.0.0.1 (bound, read, released).
 *
 * @example The port can be bound again
 * ```ts
 * import { freePort } from "./redis_server.ts";
 * Deno.listen({ hostname: "127.0.0.1", port: freePort() }).close();
 * ```
 */
export function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

/** A running redis-server; disposing of it stops it. */
export interface RedisServer extends AsyncDisposable {
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  stop(): Promise<void>;
}

/**
 * Start redis-server on a free loopback port and wait until it answers PING
 * (rejects after 10 s, the server killed).
 *
 * @example A server for the length of a block (when redis-server is installed)
 * ```ts
 * import assert from "node:assert/strict";
 * import { hasRedisServer, startRedis } from "./redis_server.ts";
 * if (hasRedisServer()) {
 *   await using redis = await startRedis();
 *   assert.equal(redis.url, `redis://127.0.0.1:${redis.port}`);
 * }
 * ```
 */
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
