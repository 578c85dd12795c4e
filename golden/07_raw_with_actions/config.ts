/**
 * Golden case 7: raw prices with corporate actions. The same three symbols
 * as case 6, raw, with their actions table: splits convert positions and
 * orders at the ex-date open (half shares paid in cash), dividends move cash
 * by qty × D. Pins the event timing, the cash in lieu and the dividends
 * through equity, fills and trades.
 */
import { defineConfig } from "../../mod.ts";
import { smaCross } from "../../strategies/sma_cross.ts";

export default defineConfig({
  name: "golden_07_raw_with_actions",
  data: {
    source: "golden/07_raw_with_actions/data/raw/*.csv",
    prices: "rawWithActions",
    actions: "golden/07_raw_with_actions/data/actions.csv",
  },
  capital: 100_000,
  strategy: { use: smaCross, params: { fast: 5, slow: 20 } },
  risk: { sizing: { kind: "fixedQty", qty: 75 } },
  execution: { commission: { kind: "percent", rate: 0.0005 } },
  seed: 7,
  output: { formats: ["json", "csv"] },
});
