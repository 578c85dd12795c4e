/**
 * Redis addresses and a connection check that fails fast.
 *
 * BullMQ's own connections retry forever, which is right for a worker riding
 * out a Redis restart but wrong for a command pointed at the wrong address:
 * {@linkcode checkRedis} makes one attempt with a short timeout first and
 * turns a failure into a {@linkcode BackendError} that names the address and
 * the cause (exit code 2).
 *
 * @module
 */
import { Redis } from "ioredis";
import { BackendError } from "../errors.ts";

/** Where Redis is, from a `redis://[user:password@]host[:port][/db]` URL. */
export interface RedisAddress {
  readonly host: string;
  readonly port: number;
  readonly db: number;
  readonly username?: string | undefined;
  readonly password?: string | undefined;
  /** The URL with any password masked, for messages and logs. */
  readonly display: string;
}

/**
 * Parse a `redis://` (or `rediss://` is refused: TLS is not supported) URL.
 *
 * @throws {BackendError} naming the flag value and what was expected.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseRedisUrl } from "./redis.ts";
 * const a = parseRedisUrl("redis://:s3cret@10.0.0.5:6380/2");
 * assert.deepEqual([a.host, a.port, a.db, a.password, a.display], ["10.0.0.5", 6380, 2, "s3cret", "redis://:***@10.0.0.5:6380/2"]);
 * assert.equal(parseRedisUrl("redis://localhost").port, 6379);
 * assert.throws(() => parseRedisUrl("localhost:6379"), /expected redis:\/\/host:port/);
 * ```
 */
export function parseRedisUrl(text: string): RedisAddress {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw new BackendError(`Invalid --backend "${text}": expected redis://host:port[/db]`);
  }
  if (u.protocol !== "redis:") {
    throw new BackendError(
      `Invalid --backend "${text}": expected redis://host:port[/db], found scheme "${u.protocol}"`,
    );
  }
  if (u.hostname === "") throw new BackendError(`Invalid --backend "${text}": no host`);
  const port = u.port === "" ? 6379 : Number(u.port);
  const dbText = u.pathname.replace(/^\//, "");
  const db = dbText === "" ? 0 : Number(dbText);
  if (!(Number.isInteger(db) && db >= 0 && db <= 15)) {
    throw new BackendError(`Invalid --backend "${text}": database must be 0–15, found "${dbText}"`);
  }
  const password = u.password === "" ? undefined : decodeURIComponent(u.password);
  const username = u.username === "" ? undefined : decodeURIComponent(u.username);
  const masked = new URL(u.href);
  if (password !== undefined) masked.password = "***";
  return {
    host: u.hostname.replace(/^\[|\]$/g, ""),
    port,
    db,
    username,
    password,
    display: masked.href.replace(/\/$/, ""),
  };
}

/** ioredis connection options, as BullMQ takes them. */
export interface ConnectionOptions {
  readonly host: string;
  readonly port: number;
  readonly db: number;
  readonly username?: string;
  readonly password?: string;
  readonly maxRetriesPerRequest: null;
}

/** ioredis options for BullMQ (which requires `maxRetriesPerRequest: null` on blocking connections). */
export function connectionOptions(a: RedisAddress): ConnectionOptions {
  return {
    host: a.host,
    port: a.port,
    db: a.db,
    ...(a.username !== undefined && { username: a.username }),
    ...(a.password !== undefined && { password: a.password }),
    maxRetriesPerRequest: null,
  };
}

/**
 * Connect once, `PING`, and read the server version; fail within about
 * `timeoutMs` when Redis cannot be reached.
 *
 * @throws {BackendError} `Cannot reach Redis at redis://host:port: <cause>`.
 */
export async function checkRedis(a: RedisAddress, timeoutMs = 3000): Promise<{ version: string }> {
  let lastError: Error | undefined;
  const r = new Redis({
    ...connectionOptions(a),
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  r.on("error", (e: Error) => (lastError = e));
  const timer = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error(`no answer within ${(timeoutMs / 1000).toFixed(1)} s`)), timeoutMs + 500)
  );
  try {
    const work = (async () => {
      await r.connect();
      await r.ping();
      return /redis_version:(\S+)/.exec(await r.info("server"))?.[1] ?? "unknown";
    })();
    const version = await Promise.race([work, timer]);
    const major = Number(version.split(".")[0]);
    if (Number.isFinite(major) && major < 6) {
      throw new BackendError(`Redis at ${a.display} is version ${version}; BullMQ needs Redis 6.2 or later`);
    }
    return { version };
  } catch (e) {
    if (e instanceof BackendError) throw e;
    const cause = lastError?.message ?? (e instanceof Error ? e.message : String(e));
    throw new BackendError(`Cannot reach Redis at ${a.display}: ${cause}`, { cause: e });
  } finally {
    r.disconnect();
  }
}
