/**
 * The benchmark workload of `../shared/bench/README.md`: SMA(10)/SMA(30)
 * cross, long only, 10 shares, 100,000 cash, no fees, on 1M synthetic
 * one-minute bars. `deno task bench` generates the data into bench-data/
 * (seeded, byte-identical to the reference generator) and runs this config.
 */
import { defineConfig } from "../mod.ts";
import { smaCross } from "../strategies/sma_cross.ts";

export default defineConfig({
  name: "bench_sma",
  data: { source: "bench-data/synth_1m.csv" },
  capital: 100_000,
  strategy: { use: smaCross, params: { fast: 10, slow: 30 } },
  risk: { sizing: { kind: "fixedQty", qty: 10 } },
  execution: { fill: { kind: "nextOpen" }, commission: { kind: "none" } },
  output: { formats: ["json", "csv", "html"] },
});
