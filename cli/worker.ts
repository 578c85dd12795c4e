/**
 * `deno task worker --backend redis://host:6379 [--concurrency N]`: serve
 * grid-search and walk-forward chunks from a BullMQ queue, on any machine
 * with a checkout of the repository and the study's data files (checked by
 * sha256 before a study runs). Logs one JSON line per event on stdout.
 *
 * Exit codes: 0 after SIGINT/SIGTERM (the running chunks finish first; a
 * second signal quits at once), 2 bad flags or Redis unreachable, 1 other
 * failures, among them out of memory (a chunk's thread that went over
 * `--memory-limit-mb` and could not be stopped: restart the worker).
 *
 * @module
 */
import { exitCodeOf, parseCli, UsageError, wholeNumber } from "./_args.ts";
import { checkRedis, DEFAULT_QUEUE, parseRedisUrl, serveChunks, type WorkerEvent } from "../engine/distributed/mod.ts";
import { STUDY_KERNEL } from "../engine/optimize/study_kernel.ts";
import { defaultMemoryLimitMb } from "../engine/parallel/memory_guard.ts";
import { hardenRuntime } from "../engine/harden_runtime.ts";

const usage = `Usage: deno task worker --backend redis://host:6379[/db] [options]

Serves the chunks of studies run with \`deno task optimize … --backend\` or
\`deno task walkforward … --backend\`. Run it from the repository root: the
study's config and data paths resolve from here, and their sha256 must match
the coordinator's.

Options:
  --backend URL        Redis address (required)
  --concurrency N      chunks run at once, each on its own thread
                       (default: the number of cores, ${navigator.hardwareConcurrency})
  --queue NAME         queue to serve (default ${DEFAULT_QUEUE})
  --lock-ms MS         job lock; a dead worker's chunks are retried after
                       about this long (default 30000)
  --memory-limit-mb MB resident memory above which the running chunk's thread
                       is taken as out of memory (default ${defaultMemoryLimitMb()},
                       half of V8's heap limit)
  -h, --help           show this help

Exit codes: 0 stopped by SIGINT/SIGTERM, 2 bad flags or Redis unreachable, 1 other
failure (out of memory included).`;

/** Options of {@linkcode workerCli}, for tests. */
export interface WorkerCliOptions {
  readonly signal?: AbortSignal;
  readonly log?: (e: WorkerEvent) => void;
}

/**
 * Run the worker CLI; resolves with its exit code once stopped.
 *
 * @example
 * ```ts ignore
 * Deno.exit(await workerCli(["--backend", "redis://127.0.0.1:6379", "--concurrency", "2"]));
 * ```
 */
export async function workerCli(args: string[], opts: WorkerCliOptions = {}): Promise<number> {
  const controller = new AbortController();
  const onSignal = () => {
    if (controller.signal.aborted) exitProcess(130);
    controller.abort();
  };
  opts.signal?.addEventListener("abort", () => controller.abort(), { once: true });
  const signals: Deno.Signal[] = ["SIGINT", "SIGTERM"];
  const listening: Deno.Signal[] = [];
  for (const s of signals) {
    try {
      Deno.addSignalListener(s, onSignal);
      listening.push(s);
    } catch { /* not on this platform */ }
  }
  const encoder = new TextEncoder();
  const log = opts.log ??
    ((e: WorkerEvent) =>
      Deno.stdout.writeSync(encoder.encode(JSON.stringify({ ts: new Date().toISOString(), ...e }) + "\n")));
  try {
    const { values, positionals } = parseCli(args, {
      backend: { type: "string" },
      concurrency: { type: "string" },
      queue: { type: "string" },
      "lock-ms": { type: "string" },
      "memory-limit-mb": { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    if (values.help) {
      console.log(usage);
      return 0;
    }
    if (values.backend === undefined) throw new UsageError("--backend redis://host:port is required");
    const address = parseRedisUrl(values.backend);
    const concurrency = wholeNumber("--concurrency", values.concurrency, 1) ?? navigator.hardwareConcurrency ?? 1;
    const lockMs = wholeNumber("--lock-ms", values["lock-ms"], 500);
    const memoryLimitMb = wholeNumber("--memory-limit-mb", values["memory-limit-mb"], 64);
    await checkRedis(address);
    await serveChunks({
      address,
      queue: values.queue,
      kernel: STUDY_KERNEL,
      concurrency,
      lockMs,
      memoryLimitMb,
      signal: controller.signal,
      log,
    });
    return 0;
  } catch (e) {
    return exitCodeOf(e, usage);
  } finally {
    for (const s of listening) Deno.removeSignalListener(s, onSignal);
  }
}

/**
 * How this process ends. Run as a program, the real exit comes from
 * {@linkcode hardenRuntime}, which then makes `Deno.exit` throw for the
 * config code this process imports.
 */
let exitProcess: (code: number) => never = (code) => Deno.exit(code);

if (import.meta.main) {
  exitProcess = hardenRuntime(); // before any config or job module is imported
  exitProcess(await workerCli(Deno.args));
}
