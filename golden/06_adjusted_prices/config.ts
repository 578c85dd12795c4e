/**
 * Golden case 6: adjusted prices from a Yahoo-style `Adj Close` column. Three
 * symbols with a 2-for-1, a 3-for-2 and a 1-for-10 reverse split and
 * quarterly dividends (scripts/gen_actions_data.ts); every bar scaled by
 * Adj Close / Close, so the SMA crossover, the ATR sizing and the fills all
 * see one continuous series. Pins the adjustment rule end to end.
 */
import { defineConfig } from "../../mod.ts";
import { smaCross } from "../../strategies/sma_cross.ts";

export default defineConfig({
  name: "golden_06_adjusted_prices",
  data: { source: "golden/06_adjusted_prices/data/yahoo/*.csv", prices: "adjusted" },
  capital: 100_000,
  strategy: { use: smaCross, params: { fast: 10, slow: 30 } },
  risk: { sizing: { kind: "atrVolatility", riskFraction: 0.01, atrPeriod: 14, atrMultiple: 2 } },
  execution: { commission: { kind: "percent", rate: 0.0005 } },
  seed: 6,
  output: { formats: ["json", "csv"] },
});
