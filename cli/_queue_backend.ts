/**
 * `--backend URL [--queue NAME]`: the queue backend a study CLI or a job
 * injects into its studies. The queue client is imported only here, and only
 * when the flag is given: a local study never loads it.
 *
 * @module
 */
import { basename } from "node:path";
import { BackendError } from "../engine/errors.ts";
import type { PoolBackend } from "../engine/parallel/chunk_pool.ts";

/**
 * The queue backend of `--backend URL [--queue NAME]`, after checking that
 * Redis answers: a wrong address fails now (exit 2), before any data is loaded.
 * What the study recovers from (chunks lost with a Redis restart) is said on
 * stderr as a `warning:` line; `timing` bounds a lost connection (default 30 s).
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
  // the shape of engine/distributed's QueueTimingOptions, written out: that folder is loaded only for --backend
  timing: {
    readonly connectionLostMs?: number | undefined;
    readonly pollMs?: number | undefined;
    readonly onNotice?: ((text: string) => void) | undefined;
  } = {},
): Promise<PoolBackend> {
  requireQueueAccess();
  const { checkRedis, parseRedisUrl, queueBackend } = await import("../engine/distributed/mod.ts");
  await checkRedis(parseRedisUrl(url));
  return queueBackend({
    url,
    queue,
    onNoWorkers,
    ...timing,
    onNotice: timing.onNotice ?? ((text) => console.error(`warning: ${text}`)),
  });
}

/**
 * A queue backend needs network access (Redis) and environment access (its
 * client reads the environment when it loads), which only the `:distributed`
 * tasks grant: the local tasks give config code neither (docs/permissions.md).
 */
function requireQueueAccess(): void {
  const granted = (name: "net" | "env") => Deno.permissions.querySync({ name }).state === "granted";
  if (granted("net") && granted("env")) return;
  const task = basename(Deno.mainModule).replace(/\.ts$/, "");
  throw new BackendError(
    `--backend needs network access, which \`deno task ${task}\` does not have (a local run gives config code ` +
      `no network, environment or system access): run \`deno task ${task}:distributed\` with the same arguments`,
  );
}
