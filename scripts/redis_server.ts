/**
 * A real Redis on this machine for the distribution tests and the scale-out
 * benchmark: `redis-server` (installed by `.ci/run` from Debian when missing)
 * on a free loopback port, persistence off, stopped by its pid. The fault
 * tests also kill it, start it again empty on the same port, and flush it.
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
  /** The pid of the current server process (a new one after {@linkcode RedisServer.restart}). */
  readonly pid: number;
  stop(): Promise<void>;
  /** SIGKILL the server (a crash: every connection drops, nothing is saved). */
  kill(): Promise<void>;
  /** Start a new, empty server on the same port (after {@linkcode RedisServer.kill} or stop). */
  restart(): Promise<void>;
  /** Send one command and return the first line of the reply (`+OK`, `:3`, `-ERR …`). */
  command(...args: string[]): Promise<string>;
}

/** Send one RESP command to 127.0.0.1:`port`; the first line of the reply, or undefined when nothing answers. */
async function send(port: number, args: readonly string[]): Promise<string | undefined> {
  const enc = new TextEncoder();
  const req = `*${args.length}\r\n${args.map((a) => `$${enc.encode(a).length}\r\n${a}\r\n`).join("")}`;
  let c: Deno.TcpConn | undefined;
  try {
    c = await Deno.connect({ hostname: "127.0.0.1", port });
    await c.write(enc.encode(req));
    const buf = new Uint8Array(256);
    const n = await c.read(buf);
    return n === null ? undefined : new TextDecoder().decode(buf.subarray(0, n)).split("\r\n")[0];
  } catch {
    return undefined;
  } finally {
    c?.close();
  }
}

function spawn(port: number): Deno.ChildProcess {
  return new Deno.Command("redis-server", {
    args: ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--loglevel", "warning"],
    stdout: "null",
    stderr: "null",
  }).spawn();
}

/** Wait until the server on `port` answers PING (rejects after 10 s, the child killed). */
async function untilUp(child: Deno.ChildProcess, port: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while ((await send(port, ["PING"])) !== "+PONG") {
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`redis-server did not answer on 127.0.0.1:${port} within 10 s`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
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
 *   assert.equal(await redis.command("SET", "k", "v"), "+OK");
 *   await redis.kill();
 *   await redis.restart(); // empty again, same port
 *   assert.equal(await redis.command("EXISTS", "k"), ":0");
 * }
 * ```
 */
export async function startRedis(): Promise<RedisServer> {
  const port = freePort();
  let child = spawn(port);
  await untilUp(child, port);
  let running = true;
  const end = async (signal: Deno.Signal) => {
    if (!running) return;
    running = false;
    try {
      child.kill(signal);
    } catch { /* already gone */ }
    await child.status;
  };
  const stop = () => end("SIGTERM");
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    get pid() {
      return child.pid;
    },
    stop,
    kill: () => end("SIGKILL"),
    async restart() {
      await end("SIGKILL");
      child = spawn(port);
      running = true;
      await untilUp(child, port);
    },
    async command(...args: string[]) {
      const reply = await send(port, args);
      if (reply === undefined) throw new Error(`redis-server on 127.0.0.1:${port} did not answer ${args[0]}`);
      return reply;
    },
    [Symbol.asyncDispose]: stop,
  };
}
