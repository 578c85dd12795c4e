/**
 * Golden case 10: daily bars as sessions of the `XNYS` calendar. Each bar
 * opens at 09:30 New York time and its close is known at 16:00 (13:00 on an
 * early close), in UTC: 14:30Z/21:00Z in winter, 13:30Z/20:00Z in summer.
 * Orders wait out a seeded latency of about a second, far shorter than the
 * 17.5 h overnight gap, so every signal fills at the next session's open,
 * whatever the weekday, across weekends, holidays (Thanksgiving, Christmas,
 * New Year, MLK Day, Presidents' Day, Good Friday), the early closes of
 * November 24 and the two DST changes. The last position closes at the last
 * session's close.
 */
import { defineConfig } from "../../mod.ts";
import { smaCross } from "../../strategies/sma_cross.ts";

export default defineConfig({
  name: "golden_10_sessions_daily",
  data: { source: "golden/10_sessions_daily/data/AAA.csv", calendar: "XNYS" },
  capital: 100_000,
  strategy: { use: smaCross, params: { fast: 3, slow: 10 } },
  risk: { sizing: { kind: "fixedQty", qty: 100 } },
  execution: {
    latency: { kind: "lognormal", medianMs: 800, sigma: 0.8, maxMs: 30_000 },
    commission: { kind: "perShare", rate: 0.005, minimum: 1 },
    closeAtEnd: true,
  },
  seed: 10,
  output: { formats: ["json", "csv"] },
});
