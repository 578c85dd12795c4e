/**
 * Scale-out benchmark of the Redis + BullMQ backend on this machine
 * (loopback): the same grid on the local Worker pool and through the queue
 * with 1, 2 and 4 `deno task worker` processes (concurrency 1 each).
 *
 * 1. **compute**: 60 SMA pairs × the 1M-bar synthetic file, chunks of 2 —
 *    how throughput scales with worker processes when chunks are heavy.
 * 2. **overhead**: 2,000 SMA pairs × the 2,608-bar sample, chunks of 1 and of
 *    50 — the fixed cost of a chunk's trip through Redis.
 *
 * Each figure is the median of `--reps` runs (default 3) after one warm-up
 * run (which loads the study on the workers). Every queued run's files are
 * checked byte for byte against the local pool's.
 *
 * Usage: deno task bench:distributed [--reps N] [--only compute|overhead]
 */
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { checkRedis, parseRedisUrl, queueBackend } from "../engine/distributed/mod.ts";
import { gridSearch } from "../engine/optimize/grid_search.ts";
import { latestRunDir } from "../engine/report/atomic_write.ts";
import { ensureSynth1m, median } from "./_bench_data.ts";
import { readTree } from "./read_tree.ts";
import { startRedis } from "./redis_server.ts";
import { startWorker, type WorkerProcess } from "./worker_process.ts";
import { parseFlags } from "./_flags.ts";

const USAGE = `Usage: deno task bench:distributed [--reps N] [--only compute|overhead]

The same grid on the local worker pool and through Redis with 1, 2 and 4
\`deno task worker\` processes on loopback (needs redis-server). Prints the
median of each, and checks every queued run's files against the local pool's.

Options:
  --reps N                    timed runs per figure, after one warm-up (default 3)
  --only compute|overhead     run one workload only
  -h, --help                  show this help`;

const parsed = parseFlags(USAGE, () =>
  parseArgs({
    args: Deno.args,
    options: {
      reps: { type: "string", default: "3" },
      only: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  }));
if (typeof parsed === "number") Deno.exit(parsed);
const { values } = parsed;
const reps = Number(values.reps);

interface Workload {
  readonly key: string;
  readonly title: string;
  readonly data: () => Promise<string>;
  readonly params: string;
  readonly chunkSizes: readonly number[];
  readonly bars: number;
}

const WORKLOADS: Workload[] = [
  {
    key: "compute",
    title: "60 SMA pairs × 1,000,000 bars",
    data: async () => fileURLToPath(new URL(`../${await ensureSynth1m()}`, import.meta.url)),
    params: "{ fast: range(5, 30, 5), slow: range(100, 190, 10) }",
    chunkSizes: [2],
    bars: 1_000_000,
  },
  {
    key: "overhead",
    title: "2,000 SMA pairs × 2,608 bars",
    data: () => Promise.resolve(fileURLToPath(new URL("../data/sample/AAA.csv", import.meta.url))),
    params: "{ fast: range(1, 40), slow: range(50, 99) }",
    chunkSizes: [1, 50],
    bars: 2_608,
  },
];

async function writeConfig(dir: string, data: string, params: string): Promise<string> {
  const mod = new URL("../mod.ts", import.meta.url).href;
  const sma = new URL("../strategies/sma_cross.ts", import.meta.url).href;
  const path = `${dir}/config.ts`;
  await Deno.writeTextFile(
    path,
    `import { defineConfig, range } from "${mod}";
import { smaCross } from "${sma}";
export default defineConfig({
  name: "bench_distributed",
  data: { source: ${JSON.stringify(data)} },
  capital: 100_000,
  strategy: { use: smaCross, params: { fast: 10, slow: 30 } },
  risk: { sizing: { kind: "fixedQty", qty: 10 } },
  execution: { fill: { kind: "nextOpen" }, commission: { kind: "none" } },
  optimize: { params: ${params}, constraint: (p) => p.fast < p.slow, objective: "sharpe", top: 0 },
});
`,
  );
  return path;
}

const same = (a: Map<string, Uint8Array>, b: Map<string, Uint8Array>) =>
  a.size === b.size && [...a].every(([k, v]) => {
    const w = b.get(k);
    return w !== undefined && w.length === v.length && v.every((x, i) => x === w[i]);
  });

await using redis = await startRedis();
const { version } = await checkRedis(parseRedisUrl(redis.url));
console.log(
  `Redis ${version} on ${redis.url} (loopback), ${navigator.hardwareConcurrency} cores, ${reps} reps + 1 warm-up`,
);

for (const w of WORKLOADS) {
  if (values.only !== undefined && values.only !== w.key) continue;
  const dir = await Deno.makeTempDir({ prefix: "bench_distributed_" });
  const configPath = await writeConfig(dir, await w.data(), w.params);
  for (const chunkSize of w.chunkSizes) {
    console.log(`\n${w.title}, chunks of ${chunkSize}`);
    const timeIt = async (label: string, backend?: { url: string; queue: string }) => {
      const times: number[] = [];
      let runs = 0;
      for (let r = 0; r <= reps; r++) {
        const out = `${dir}/${label.replace(/\W+/g, "_")}_${r}`;
        const t0 = performance.now();
        const rep = await gridSearch({
          configPath,
          chunkSize,
          outDir: out,
          ...(backend ? { backend: queueBackend(backend) } : { workers: 2 }),
        });
        const ms = performance.now() - t0;
        runs = rep.runs;
        if (r > 0) times.push(ms);
        // each study is published as <out>/runs/<id>/: compare the runs' files, manifests included
        const local = await latestRunDir(`${dir}/local_${chunkSize}`);
        if (backend && !same(await readTree(rep.dir), await readTree(local!))) {
          throw new Error(`${label}: files differ from the local pool's`);
        }
        if (!backend && r === 0) await Deno.rename(out, `${dir}/local_${chunkSize}`);
        else await Deno.remove(out, { recursive: true });
      }
      const m = median(times);
      const chunks = Math.ceil(runs / chunkSize);
      console.log(
        `  ${label.padEnd(28)} ${(m / 1000).toFixed(2).padStart(6)} s  ${
          (runs / (m / 1000)).toFixed(1).padStart(7)
        } runs/s  ${((w.bars * runs) / (m / 1000) / 1e6).toFixed(1).padStart(6)}M bars/s  ${
          (m / chunks).toFixed(1).padStart(6)
        } ms/chunk  [${times.map((t) => (t / 1000).toFixed(2)).join(", ")}]`,
      );
      return m;
    };
    const local = await timeIt("local pool, 2 threads");
    for (const n of [1, 2, 4]) {
      const queue = `bench-${crypto.randomUUID()}`;
      const workers: WorkerProcess[] = [];
      for (let i = 0; i < n; i++) {
        workers.push(await startWorker(["--backend", redis.url, "--queue", queue, "--concurrency", "1"]));
      }
      try {
        const m = await timeIt(`redis, ${n} worker process${n === 1 ? "" : "es"}`, { url: redis.url, queue });
        console.log(`  ${"".padEnd(28)} ${(local / m).toFixed(2)}× the local pool`);
      } finally {
        for (const p of workers) await p[Symbol.asyncDispose]();
      }
    }
  }
  await Deno.remove(dir, { recursive: true });
}
