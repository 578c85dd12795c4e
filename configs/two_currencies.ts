/**
 * A USD account trading two stocks, one quoted in USD (USA) and one in EUR
 * (EUA), with an SMA(10/40) crossover holding up to 45 % of equity in each.
 * Every EUR amount is converted to USD with the EURUSD close known at that
 * time (`data/fx/EURUSD.csv`): a fill at a bar's open at the previous day's
 * close, a mark at the bar's close at that day's close (docs/instruments.md).
 *
 * The data is seeded sample data (`scripts/gen_instruments_data.ts`).
 */
import { defineConfig } from "../mod.ts";
import { smaCross } from "../strategies/sma_cross.ts";

export default defineConfig({
  name: "two_currencies",
  data: { source: "data/fx/{USA,EUA}.csv" },
  capital: 100_000,
  strategy: { use: smaCross, params: { fast: 10, slow: 40 } },
  risk: { sizing: { kind: "percentEquity", fraction: 0.45 } },
  instruments: {
    symbols: { EUA: { currency: "EUR", tickSize: 0.01 } },
    account: { currency: "USD" },
    fx: { source: "data/fx/EURUSD.csv" },
  },
  execution: { commission: { kind: "percent", rate: 0.0005 } },
  seed: 19,
  output: { formats: ["json", "csv", "html"] },
});
