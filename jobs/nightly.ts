/**
 * A nightly research job on the shipped sample data: every night at 02:00
 * UTC, re-run a backtest, a grid search and a walk-forward study, record
 * their metrics in out/results.duckdb, and alert when the walk-forward's
 * out-of-sample Sharpe moves by more than 0.3 from the previous run.
 *
 *   deno task job jobs/nightly.ts --once   # run now: exit 0 ok, 3 alert, 2 bad input, 1 failure
 *   deno task job jobs/nightly.ts          # stay running and run on the schedule
 *
 * Reports go to out/jobs/nightly/<stamp>/report.{json,html} and out/jobs/nightly/latest/.
 * Config paths are relative to the working directory (the repository root).
 */
import { defineJob } from "../mod.ts";

export default defineJob({
  name: "nightly",
  schedule: "0 2 * * *",
  timezone: "UTC",
  studies: [
    {
      name: "sma_cross",
      kind: "backtest",
      config: "configs/sma_cross.ts",
      metrics: ["sharpe", "cagr", "maxDrawdown", "numTrades", "totalReturn"],
    },
    {
      name: "sma_grid",
      kind: "grid",
      config: "configs/sma_optimize.ts",
      // a smaller grid than the config's, so the job takes seconds; no full re-runs of the top runs
      set: {
        "optimize.params.fast": "[5, 10, 20, 30]",
        "optimize.params.slow": "[40, 60, 100, 150]",
        "optimize.top": 0,
      },
      workers: 2,
    },
    {
      name: "sma_walkforward",
      kind: "walkforward",
      config: "configs/sma_optimize.ts",
      set: { "optimize.params.fast": "[5, 10, 20, 30]", "optimize.params.slow": "[40, 60, 100, 150]" },
      metrics: ["oosSharpe", "oosCagr", "oosMaxDrawdown", "oosNumTrades", "efficiency", "testedWindows"],
      workers: 2,
    },
  ],
  alerts: [
    { study: "sma_walkforward", metric: "oosSharpe", change: { abs: 0.3 } },
    { study: "sma_grid", metric: "objective", change: { rel: 0.25 } },
    { study: "sma_cross", metric: "maxDrawdown", below: -0.25 },
  ],
});
