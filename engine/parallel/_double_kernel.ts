/**
 * A kernel for the tests of this folder: the outcome of run `index` is twice
 * the close of bar `index`; each run counts one cache hit, and a session
 * one miss when it opens; a run marked `throws` throws outside any outcome.
 *
 * @module
 */
import type { ChunkKernel } from "./chunk_kernel.ts";
import type { ChunkRun } from "./protocol.ts";

/** A run of this kernel. */
export interface DoubleRun extends ChunkRun {
  readonly throws?: boolean;
}

const doubleKernel: ChunkKernel<DoubleRun, number> = {
  open: (_config, bars) => {
    let runs = 0;
    return {
      run(run) {
        if (run.throws) throw new Error(`kernel threw at run ${run.index}`);
        runs++;
        return 2 * bars.close[run.index]!;
      },
      counters: () => ({ hits: runs, misses: 1, evictions: 0 }),
    };
  },
};
export default doubleKernel;
