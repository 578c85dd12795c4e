/**
 * Golden case 4: a rolling walk-forward study of the SMA crossover with
 * three windows: 300 training bars, then 150 test bars, moving on by 150.
 * Each window picks the best of six parameter pairs by Sharpe ratio on its
 * training bars and trades them on its test bars, after warming up its
 * indicators on the training bars.
 */
import { defineConfig } from "../../mod.ts";
import { smaCross } from "../../strategies/sma_cross.ts";

export default defineConfig({
  name: "golden_04_walk_forward",
  data: { source: "golden/04_walk_forward/data/AAA.csv" },
  capital: 100_000,
  strategy: { use: smaCross, params: { fast: 10, slow: 30 } },
  risk: { sizing: { kind: "fixedQty", qty: 200 } },
  execution: { commission: { kind: "perShare", rate: 0.01, minimum: 1 } },
  seed: 4,
  output: { formats: ["json", "csv"] },
  optimize: {
    params: { fast: [5, 10, 20], slow: [30, 60] },
    constraint: (p) => p.fast < p.slow,
    objective: "sharpe",
    top: 0,
    walkForward: { train: 300, test: 150, mode: "rolling" },
  },
});
