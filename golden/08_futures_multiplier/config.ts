/**
 * Golden case 8: a futures contract with a multiplier. An ES-like future
 * (multiplier 50, tick 0.25, initial / maintenance margin 24,000 / 22,000
 * per contract) traded long and short by a 20/10 Donchian breakout, 4
 * contracts a time (96,000 of initial margin on 100,000 of capital). Pins P&L = Δprice × qty × 50,
 * fills on the 0.25 grid after slippage (against the trader), the `margin`
 * denials when the initial margin of a new position exceeds equity, and the
 * margin call (`liquidate`) when equity falls below the maintenance margin.
 */
import { defineConfig } from "../../mod.ts";
import { donchianBreakout } from "../../strategies/donchian_breakout.ts";

export default defineConfig({
  name: "golden_08_futures_multiplier",
  data: { source: "golden/08_futures_multiplier/data/ES.csv" },
  capital: 100_000,
  strategy: { use: donchianBreakout, params: { entry: 20, exit: 10, allowShort: true } },
  risk: {
    sizing: { kind: "fixedQty", qty: 4 },
    limits: { account: { kind: "margin" } },
  },
  instruments: {
    symbols: { ES: { multiplier: 50, tickSize: 0.25, margin: { initial: 24_000, maintenance: 22_000 } } },
    account: { marginCall: "liquidate" },
  },
  execution: { commission: { kind: "perShare", rate: 2.25 }, slippage: { kind: "fixedBps", bps: 0.6 } },
  seed: 8,
  output: { formats: ["json", "csv"] },
});
