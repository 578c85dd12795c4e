/**
 * `deno run -A scripts/bench_ab.ts --base DIR [--mode cold|cached] [--runs N]`:
 * the SMA-cross workload of `deno task bench` on this checkout's engine and
 * on another checkout's (e.g. a `git worktree` of the commit before a
 * change), in one process, run by run in alternation, so that both see the
 * same machine load. Prints the median of each. On a shared machine whose
 * speed drifts by ±10 % between invocations, this is how to tell a 2 %
 * change from noise.
 *
 * The other checkout needs `node_modules/` (a symlink to this one's will do)
 * and reads the same `bench-data/synth_1m.csv`.
 */
import { parseArgs } from "node:util";
import { resolve } from "node:path";
import * as A from "../mod.ts";
import { ensureSynth1m, median } from "./_bench_data.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    base: { type: "string" },
    mode: { type: "string", default: "cold" },
    runs: { type: "string", default: "40" },
    warmup: { type: "string", default: "20" },
  },
});
if (values.base === undefined) throw new Error("--base DIR: the other checkout is required");
const baseDir = resolve(values.base);
const B = await import(new URL(`file://${baseDir}/mod.ts`).href) as typeof A;
const data = resolve(await ensureSynth1m());
const ca = await A.loadConfig("configs/bench_sma.ts", { data });
const cb = await B.loadConfig(`${baseDir}/configs/bench_sma.ts`, { data });
const frame = await A.loadBars(ca.data);
const cached = values.mode === "cached";
const cacheA = new A.IndicatorCache(frame), cacheB = new B.IndicatorCache(frame);
const runA = () => cached ? A.runBacktest(ca, frame, { cache: cacheA }) : A.runBacktest(ca, frame);
const runB = () => cached ? B.runBacktest(cb, frame, { cache: cacheB }) : B.runBacktest(cb, frame);
for (let i = 0; i < Number(values.warmup); i++) runA(), runB();
const ta: number[] = [], tb: number[] = [];
for (let i = 0; i < Number(values.runs); i++) {
  let t = performance.now();
  runA();
  ta.push(performance.now() - t);
  t = performance.now();
  runB();
  tb.push(performance.now() - t);
}
const [a, b] = [median(ta), median(tb)];
console.log(
  `SMA cross on ${frame.length.toLocaleString("en-US")} bars, indicators ${
    cached ? "cached" : "computed in the run"
  }, ` +
    `median of ${ta.length} alternating runs: this checkout ${a.toFixed(1)} ms, ${baseDir} ${b.toFixed(1)} ms ` +
    `(${((a / b - 1) * 100).toFixed(1)} %)`,
);
