/**
 * Internal: the kernel shared by `macd` and `ppo`, a line from a fast and a
 * slow EMA with its signal EMA and histogram, and their common params. Not
 * re-exported from `mod.ts`.
 *
 * @module
 */

import { z } from "zod";
import { checkInt, prepareOut } from "./_util.ts";
import { smoothInto } from "./_smooth.ts";
import { period, source } from "./define_indicator.ts";

/** The line, signal and histogram of {@linkcode emaSpread}. */
export interface EmaSpreadLines {
  line: Float64Array;
  signal: Float64Array;
  histogram: Float64Array;
}

/**
 * With `f = ema(src, fast)` and `s = ema(src, slow)` (SMA-seeded, as `ema`):
 * `line[i] = f[i] - s[i]`, or `100 * (f[i] - s[i]) / s[i]` when `percent`
 * (evaluated exactly so); `signal = ema(line, signal)`, seeded with the SMA
 * of the first `signal` defined line values; `histogram = line - signal`.
 *
 * Checks the periods (`slow > fast`) and the outputs under the caller's name
 * `fn`, the line's output being `out.<fn>`: the messages of `macd` and `ppo`.
 *
 * @example The MACD line of a constant series is 0 once both EMAs are defined
 * ```ts
 * import assert from "node:assert/strict";
 * import { emaSpread } from "./_ema_spread.ts";
 * const r = emaSpread("macd", new Float64Array(6).fill(5), 2, 3, 2, undefined, undefined, undefined, false);
 * assert.deepEqual([...r.line], [NaN, NaN, 0, 0, 0, 0]);
 * assert.deepEqual([...r.histogram], [NaN, NaN, NaN, 0, 0, 0]);
 * ```
 */
export function emaSpread(
  fn: string,
  src: Float64Array,
  fast: number,
  slow: number,
  signal: number,
  lineOut: Float64Array | undefined,
  signalOut: Float64Array | undefined,
  histogramOut: Float64Array | undefined,
  percent: boolean,
): EmaSpreadLines {
  checkInt(fn, "fast", fast);
  checkInt(fn, "slow", slow);
  checkInt(fn, "signal", signal);
  if (slow <= fast) {
    throw new RangeError(`${fn}(): slow must be greater than fast, found fast = ${fast}, slow = ${slow}`);
  }
  const len = src.length;
  const line = prepareOut(fn, `out.${fn}`, lineOut, len, [src]);
  const sig = prepareOut(fn, "out.signal", signalOut, len, [src, line]);
  const hist = prepareOut(fn, "out.histogram", histogramOut, len, [src, line, sig]);
  smoothInto(src, fast, false, line);
  smoothInto(src, slow, false, sig); // the slow EMA, held in `sig` for now
  if (percent) {
    for (let i = 0; i < len; i++) {
      const s = sig[i]!;
      line[i] = 100 * (line[i]! - s) / s;
    }
  } else {
    for (let i = 0; i < len; i++) line[i] = line[i]! - sig[i]!;
  }
  smoothInto(line, signal, false, sig);
  for (let i = 0; i < len; i++) hist[i] = line[i]! - sig[i]!;
  return { line, signal: sig, histogram: hist };
}

/** The params of the `macd` and `ppo` definitions: `fast`, `slow` (> `fast`), `signal` and `source`. */
export const emaSpreadParams = z.strictObject({
  fast: period(1, 12),
  slow: period(2, 26),
  signal: period(1, 9),
  source: source("close"),
}).refine((p) => p.fast < p.slow, { message: "expected slow > fast", path: ["slow"] });

/** Warm-ups of the line, the signal and the histogram of the `macd` and `ppo` definitions. */
export function emaSpreadWarmup(p: z.output<typeof emaSpreadParams>): number[] {
  return [p.slow - 1, p.slow + p.signal - 2, p.slow + p.signal - 2];
}
