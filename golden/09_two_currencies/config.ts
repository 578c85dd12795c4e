/**
 * Golden case 9: a USD account with a USD stock (USA) and a EUR stock (EUA,
 * tick 0.01), an SMA(10/30) crossover holding up to 45 % of equity in each.
 * EUR amounts convert to USD at the EURUSD close known at that time (a fill
 * at the open: the previous close; a mark at the close: that day's). Pins
 * the converted cash flows, P&L and equity.
 */
import { defineConfig } from "../../mod.ts";
import { smaCross } from "../../strategies/sma_cross.ts";

export default defineConfig({
  name: "golden_09_two_currencies",
  data: { source: "golden/09_two_currencies/data/*.csv" },
  capital: 100_000,
  strategy: { use: smaCross, params: { fast: 10, slow: 30 } },
  risk: { sizing: { kind: "percentEquity", fraction: 0.45 } },
  instruments: {
    symbols: { EUA: { currency: "EUR", tickSize: 0.01 } },
    account: { currency: "USD" },
    fx: { source: "golden/09_two_currencies/fx/EURUSD.csv" },
  },
  execution: { commission: { kind: "percent", rate: 0.0005 } },
  seed: 9,
  output: { formats: ["json", "csv"] },
});
