/**
 * `--backend URL [--queue NAME]`: the queue backend a study CLI or a job
 * injects into its studies. The queue client is imported only here, and only
 * when the flag is given: a local study never loads it.
 *
 * @module
 */
import type { PoolBackend } from "../engine/parallel/chunk_pool.ts";

/**
 * The queue backend of `--backend URL [--queue NAME]`, after checking that
 * Redis answers: a wrong address fails now (exit 2), before any data is loaded.
 *
 * @example
 * ```ts ignore
 * const backend = await queueBackendOf("redis://127.0.0.1:6379", undefined);
 * await gridSearch({ configPath, backend });
 * ```
 */
export async function queueBackendOf(
  url: string,
  queue: string | undefined,
  onNoWorkers?: (queue: string) => void,
): Promise<PoolBackend> {
  const { checkRedis, parseRedisUrl, queueBackend } = await import("../engine/distributed/mod.ts");
  await checkRedis(parseRedisUrl(url));
  return queueBackend({ url, queue, onNoWorkers });
}
