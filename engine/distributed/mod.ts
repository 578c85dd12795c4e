/**
 * Scale-out through Redis: a study's chunks go through a BullMQ queue to
 * `deno task worker` processes on any machine with a checkout of the
 * repository and the study's data files, with the same result bytes as the
 * local pool.
 *
 * What it owns: the queue implementation of `engine/parallel/`'s
 * `ChunkPool` ({@linkcode RedisPool}) and the {@linkcode queueBackend} a
 * caller injects to choose it; the queue worker ({@linkcode serveChunks}),
 * which runs chunks on `engine/parallel/`'s worker client; the job format
 * on the queue (`protocol.ts`), the exact codec of what crosses it, the
 * study reference by file hashes, and the Redis address and its check.
 *
 * What it may import: the engine's core (`config/`, `data/`, `errors.ts`),
 * `engine/parallel/`, and the queue clients (`bullmq`, `ioredis`), which
 * nothing outside this folder imports. It never imports `engine/optimize/`:
 * the kernel its workers run is injected (`deno task worker` names the study
 * kernel), and nothing in `engine/` imports this folder: the CLI loads it
 * only for `--backend`. `tests/architecture_test.ts` checks these rules.
 *
 * @example
 * ```ts ignore
 * import { queueBackend } from "./mod.ts";
 * await gridSearch({ configPath: "configs/sma_optimize.ts", backend: queueBackend({ url: "redis://127.0.0.1:6379" }) });
 * ```
 *
 * @module
 */
export { decodeExact, encodeExact } from "./codec.ts";
export { BAD_INPUT, type ChunkJobData, chunkJobId, type ChunkResult, DEFAULT_QUEUE } from "./protocol.ts";
export { type QueueWorkerOptions, serveChunks, type WorkerEvent } from "./queue_worker.ts";
export { checkRedis, type ConnectionOptions, connectionOptions, parseRedisUrl, type RedisAddress } from "./redis.ts";
export {
  DEFAULT_CONNECTION_LOST_MS,
  DEFAULT_POLL_MS,
  QUEUE_DEFAULT_WORKERS,
  queueBackend,
  type QueueBackendOptions,
  type QueueTimingOptions,
  RedisPool,
  type RedisPoolOptions,
} from "./redis_pool.ts";
export { type FileRef, fileSha256, type StudyRef, studyRef, verifyConfigRef, verifyDataRef } from "./study_ref.ts";
