/**
 * A futures trend follower: a 40/20-day Donchian breakout, long and short,
 * on an ES-like index future (multiplier 50 USD per point, tick 0.25,
 * initial / maintenance margin 12,000 / 11,000 USD per contract), sized so
 * that 2 × ATR(20) of adverse move risks 1.5 % of equity: with the multiplier,
 * an ATR of 60 points risks 2 × 60 × 50 = 6,000 USD per contract.
 *
 * The data is seeded sample data (`scripts/gen_instruments_data.ts`,
 * `data/futures/ES.csv`). A future's notional is financed in this engine
 * (docs/instruments.md): the account is a margin account, and the initial
 * margin (rule `margin`) bounds the position instead of cash. A margin call
 * (equity below Σ |contracts| × 11,000) liquidates at the next open.
 */
import { defineConfig } from "../mod.ts";
import { donchianBreakout } from "../strategies/donchian_breakout.ts";

export default defineConfig({
  name: "futures_trend",
  data: { source: "data/futures/ES.csv" },
  capital: 1_000_000,
  strategy: { use: donchianBreakout, params: { entry: 40, exit: 20, allowShort: true } },
  risk: {
    sizing: { kind: "atrVolatility", riskFraction: 0.015, atrPeriod: 20, atrMultiple: 2 },
    limits: { account: { kind: "margin" } },
  },
  instruments: {
    symbols: { ES: { multiplier: 50, tickSize: 0.25, margin: { initial: 12_000, maintenance: 11_000 } } },
    account: { currency: "USD", marginCall: "liquidate" },
  },
  // 2.25 USD per contract per side, one tick (0.25) of slippage on a 4,000 future ≈ 0.6 bp
  execution: {
    commission: { kind: "perShare", rate: 2.25 },
    slippage: { kind: "fixedBps", bps: 0.6 },
  },
  seed: 18,
  output: { formats: ["json", "csv", "html"] },
});
