/**
 * Golden case 2: four correlated symbols, a turtle-style breakout that
 * pyramids (configs/risk_demo.ts's strategy), sized by `atrVolatility`,
 * under exposure caps (deny and clip), a position count limit, a daily loss
 * limit that trips on the market's shock days, and a cooldown after losing
 * exits. Pins every sized quantity, denial, resize and breaker trip.
 */
import { defineConfig } from "../../mod.ts";
import { turtlePyramid } from "../../configs/risk_demo.ts";

export default defineConfig({
  name: "golden_02_risk_multi_symbol",
  data: { source: "golden/02_risk_multi_symbol/data/*.csv" },
  capital: 250_000,
  strategy: { use: turtlePyramid, params: { entry: 15, exit: 10 } },
  risk: {
    sizing: { kind: "atrVolatility", riskFraction: 0.01, atrPeriod: 14, atrMultiple: 2, lotSize: 10, minQty: 10 },
    limits: {
      maxPositions: 3,
      perSymbol: { maxPercentEquity: { max: 0.3, mode: "clip" } },
      grossExposure: { max: 0.9, mode: "clip" },
      longExposure: 0.7,
      shortExposure: 0.4,
    },
    breakers: { dailyLossLimit: { percent: 0.015 } },
    cooldown: { bars: 5, after: "losingExit" },
  },
  execution: { commission: { kind: "perShare", rate: 0.005, minimum: 1 } },
  seed: 2,
  output: { formats: ["json", "csv"] },
});
