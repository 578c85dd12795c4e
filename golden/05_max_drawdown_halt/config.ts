/**
 * Golden case 5: the maximum drawdown stop. Three symbols rise together,
 * then crash; an SMA crossover holding up to 30 % of equity in each is
 * still long when equity falls 10 % below its peak. The stop trips at that
 * close, flattens every position with market orders at the next open, and
 * denies every later entry (`max-drawdown`) for the rest of the run, through
 * the recovery.
 */
import { defineConfig } from "../../mod.ts";
import { smaCross } from "../../strategies/sma_cross.ts";

export default defineConfig({
  name: "golden_05_max_drawdown_halt",
  data: { source: "golden/05_max_drawdown_halt/data/*.csv" },
  capital: 100_000,
  strategy: { use: smaCross, params: { fast: 10, slow: 40 } },
  risk: {
    sizing: { kind: "percentEquity", fraction: 0.3 },
    breakers: { maxDrawdownStop: { percent: 0.1, flatten: true } },
  },
  execution: { commission: { kind: "percent", rate: 0.0005 } },
  seed: 5,
  output: { formats: ["json", "csv"] },
});
