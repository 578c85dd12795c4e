/**
 * Latency models: how long an order (or a cancel) takes from its signal to
 * the market.
 *
 * **Reproducibility.** A delay is a pure function of its key: the config
 * seed, the symbol (its name hashed with {@linkcode hashString32}), the
 * order's per-symbol sequence number and a lane (orders and cancels draw on
 * different lanes). The key goes through the project's counter-based
 * generator {@linkcode counterUniform} to one uniform `u` in (0, 1), and the
 * model maps `u` through its quantile function (inverse CDF). So an order's
 * delay never depends on how many other draws happened, on run order, or on
 * how the work is split across workers; and since every model is monotone in
 * `u`, changing a parameter moves each order's delay to the same quantile of
 * the new distribution (common random numbers across a sweep).
 *
 * | kind          | quantile of `u`                                          |
 * | ------------- | -------------------------------------------------------- |
 * | `none`        | 0 (no draw)                                              |
 * | `fixed`       | `ms`                                                     |
 * | `uniform`     | `lowMs + u (highMs − lowMs)`                             |
 * | `normal`      | `meanMs + stdMs Φ⁻¹(Φ(α) + u (1 − Φ(α)))`, α = −mean/std |
 * | `lognormal`   | `medianMs exp(sigma Φ⁻¹(u))`                             |
 * | `exponential` | `−meanMs ln(1 − u)`                                      |
 * | `empirical`   | the sorted samples' `⌊u n⌋`-th value                     |
 *
 * Each result is then capped at `maxMs` when given.
 *
 * @module
 */
import { counterUniform } from "../random.ts";
import { normalCdf, normalQuantile } from "../normal.ts";
import type { LatencyConfig } from "./config.ts";

/**
 * Lane of an order's own delay.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { LANE_CANCEL, LANE_EXIT_CANCEL, LANE_ORDER } from "./latency.ts";
 * assert.ok(new Set([LANE_ORDER, LANE_CANCEL, LANE_EXIT_CANCEL]).size === 3);
 * ```
 */
export const LANE_ORDER = 0;
/**
 * Lane of the delay of a cancel request for an order.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { LANE_CANCEL, LANE_ORDER } from "./latency.ts";
 * assert.ok(new Set<number>([LANE_CANCEL, LANE_ORDER]).size === 2);
 * ```
 */
export const LANE_CANCEL = 1;
/**
 * Lane of the delay of a cancel request for a bracket's exit order.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { LANE_CANCEL, LANE_EXIT_CANCEL } from "./latency.ts";
 * assert.ok(new Set<number>([LANE_EXIT_CANCEL, LANE_CANCEL]).size === 2);
 * ```
 */
export const LANE_EXIT_CANCEL = 2;

/**
 * A latency model: the delay of the message keyed by `(stream, counter, lane)`, in ms, never negative.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { type LatencyModel, latencyModel } from "./latency.ts";
 * const m: LatencyModel = latencyModel({ kind: "fixed", ms: 25, maxMs: 10 }, 1);
 * assert.ok(m.delayMs(1, 2, 0) === 10 && !m.zero);
 * ```
 */
export interface LatencyModel {
  /** True when every delay is 0 (the `none` model): the simulator can skip the draw. */
  readonly zero: boolean;
  /** The delay of one message: a pure function of the seed the model was built with and the key. */
  delayMs(stream: number, counter: number, lane: number): number;
}

/**
 * A latency quantile function: maps a uniform `u` in (0, 1) to a delay in ms
 * (uncapped). Monotone non-decreasing in `u`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { latencyQuantile } from "./latency.ts";
 * const q = latencyQuantile({ kind: "uniform", lowMs: 10, highMs: 20 });
 * assert.ok(q(0.5) === 15);
 * ```
 */
export function latencyQuantile(c: LatencyConfig): (u: number) => number {
  switch (c.kind) {
    case "none":
      return () => 0;
    case "fixed": {
      const ms = c.ms;
      return () => ms;
    }
    case "uniform": {
      const lo = c.lowMs, span = c.highMs - c.lowMs;
      return (u) => lo + u * span;
    }
    case "normal": {
      const mean = c.meanMs, std = c.stdMs;
      const p0 = normalCdf(-mean / std);
      return (u) => Math.max(0, mean + std * normalQuantile(p0 + u * (1 - p0)));
    }
    case "lognormal": {
      const median = c.medianMs, sigma = c.sigma;
      return (u) => median * Math.exp(sigma * normalQuantile(u));
    }
    case "exponential": {
      const mean = c.meanMs;
      return (u) => -mean * Math.log1p(-u);
    }
    case "empirical": {
      const xs = Float64Array.from(c.samplesMs).sort();
      const n = xs.length;
      return (u) => xs[Math.min(n - 1, Math.floor(u * n))]!;
    }
  }
}

/**
 * Build the latency model of a config, keyed by `seed`.
 *
 * @example Delays are addressable: the same key always gives the same delay
 * ```ts
 * import assert from "node:assert/strict";
 * import { latencyModel, LANE_ORDER } from "./latency.ts";
 * import { hashString32 } from "../random.ts";
 * const m = latencyModel({ kind: "lognormal", medianMs: 40, sigma: 0.6, maxMs: 2000 }, 7);
 * const aapl = hashString32("AAPL");
 * const d = m.delayMs(aapl, 3, LANE_ORDER); // the 4th order of AAPL
 * assert.ok(d > 0 && d <= 2000 && d === m.delayMs(aapl, 3, LANE_ORDER));
 * ```
 */
export function latencyModel(c: LatencyConfig, seed: number): LatencyModel {
  if (c.kind === "none") return { zero: true, delayMs: () => 0 };
  const q = latencyQuantile(c);
  const cap = c.maxMs ?? Infinity;
  return {
    zero: false,
    delayMs: (stream, counter, lane) => Math.min(cap, q(counterUniform(seed, stream, counter, lane))),
  };
}
