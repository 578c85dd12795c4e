/**
 * Golden case 11: 30-minute bars in New York time under the `XNYS`
 * calendar, over the November DST change, Thanksgiving and its early close.
 * The vendor file also has two pre-market bars a day and bars past the
 * 13:00 early close: `outsideSession: "drop"` leaves them out. A bar's close
 * is known at its end, and the session's last bar closes at 16:00 (13:00 on
 * the early close); orders wait out a seeded latency of about 20 minutes, so
 * inside a session they trade from the bar after next, and at a session's
 * close they fill at the next session's open. The daily loss limit counts
 * New York trading days (the calendar's time zone).
 */
import { defineConfig } from "../../mod.ts";
import { smaCross } from "../../strategies/sma_cross.ts";

export default defineConfig({
  name: "golden_11_sessions_intraday",
  data: {
    source: "golden/11_sessions_intraday/data/AAA.csv",
    calendar: "XNYS",
    outsideSession: "drop",
  },
  capital: 100_000,
  strategy: { use: smaCross, params: { fast: 4, slow: 12 } },
  risk: {
    sizing: { kind: "percentEquity", fraction: 0.5 },
    breakers: { dailyLossLimit: { percent: 0.004, flatten: true } },
  },
  execution: {
    latency: { kind: "lognormal", medianMs: 20 * 60_000, sigma: 0.5, maxMs: 3 * 3_600_000 },
    commission: { kind: "perShare", rate: 0.005, minimum: 1 },
  },
  seed: 11,
  output: { formats: ["json", "csv"] },
});
