/**
 * What a worker runs. The worker entry is the same for every use: it loads
 * the config, views the shared bars, injects test faults and speaks the
 * chunk protocol; the kernel, a module named in the `init` message, turns
 * one run into one outcome.
 *
 * @module
 */
import type { Config } from "../config/schema.ts";
import type { BarFrame } from "../data/bar_frame.ts";
import type { CacheCounters } from "./cache_counters.ts";
import type { ChunkRun } from "./protocol.ts";

/** One worker's state for a study, made by {@linkcode ChunkKernel.open}. */
export interface KernelSession<Run extends ChunkRun, Out> {
  /**
   * Run one run. A failure of the run itself (a strategy that throws) is an
   * outcome, not an exception: a thrown error takes the worker down.
   * `transfer` collects buffers of the outcome to move rather than copy.
   */
  run(run: Run, transfer: Transferable[]): Out;
  /** Cache counters since the session opened. */
  counters(): CacheCounters;
}

/**
 * The default export of a kernel module.
 *
 * @example
 * ```ts ignore
 * // my_kernel.ts
 * const kernel: ChunkKernel<ChunkRun, number> = {
 *   open: (config, bars) => ({ run: (r) => bars.close[r.index]! * 2, counters: () => NO_CACHE_COUNTERS }),
 * };
 * export default kernel;
 * ```
 */
export interface ChunkKernel<Run extends ChunkRun, Out> {
  /** Called once per worker, after the config has loaded and the shared bars are viewed. */
  open(config: Config, bars: BarFrame): KernelSession<Run, Out>;
}
