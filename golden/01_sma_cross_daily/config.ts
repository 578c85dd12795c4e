/**
 * Golden case 1: one symbol, daily bars, the SMA(5/20) crossover, 100
 * shares per entry, a percent commission with a minimum. Pins the signal
 * rule, next-open fills, commission and the metrics of a plain run.
 */
import { defineConfig } from "../../mod.ts";
import { smaCross } from "../../strategies/sma_cross.ts";

export default defineConfig({
  name: "golden_01_sma_cross_daily",
  data: { source: "golden/01_sma_cross_daily/data/AAA.csv" },
  capital: 100_000,
  strategy: { use: smaCross, params: { fast: 5, slow: 20 } },
  risk: { sizing: { kind: "fixedQty", qty: 100 } },
  execution: { commission: { kind: "percent", rate: 0.001, minimum: 9 } },
  seed: 1,
  output: { formats: ["json", "csv"] },
});
