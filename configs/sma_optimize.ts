/**
 * A parameter study of the SMA crossover on the shipped sample data.
 *
 *   deno task optimize configs/sma_optimize.ts      # grid search: every fast/slow pair
 *   deno task walkforward configs/sma_optimize.ts   # 2-year training, 6-month test windows
 *
 * Results go to out/sma_optimize/optimize/ and out/sma_optimize/walkforward/.
 */
import { defineConfig, range } from "../mod.ts";
import { smaCross } from "../strategies/sma_cross.ts";

export default defineConfig({
  name: "sma_optimize",
  data: { source: "data/sample/AAA.csv" },
  capital: 100_000,
  strategy: { use: smaCross, params: { fast: 10, slow: 30 } },
  risk: { sizing: { kind: "fixedQty", qty: 100 } },
  execution: {
    fill: { kind: "nextOpen" },
    commission: { kind: "percent", rate: 0.0005 },
  },
  seed: 1,
  optimize: {
    params: { fast: range(5, 50, 5), slow: range(20, 200, 10) },
    constraint: (p) => p.fast < p.slow,
    objective: "sharpe",
    top: 3,
    walkForward: { train: "2y", test: "6m", mode: "rolling" },
  },
});
