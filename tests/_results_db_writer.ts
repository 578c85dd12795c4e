/**
 * A child process for the results-database concurrency test: appends
 * `count` runs with ids `<prefix>-<i>` to the database at `path`, as fast as
 * it can. Usage: deno run --allow-read --allow-write=DIR --allow-ffi tests/_results_db_writer.ts PATH PREFIX COUNT
 */
import { appendRun } from "../engine/report/results_db.ts";

const [path, prefix, count] = Deno.args;
let waits = 0;
for (let i = 0; i < Number(count); i++) {
  await appendRun(path!, {
    runId: `${prefix}-${i}`,
    recordedAtMs: Date.UTC(2025, 0, 1) + i * 1000,
    configName: `writer-${prefix}`,
    configFile: null,
    configSha256: "0".repeat(64),
    gitRevision: null,
    strategy: "none",
    params: JSON.stringify({ i }),
    symbols: ["A"],
    firstBarMs: 0,
    lastBarMs: 0,
    outputDir: "nowhere",
    values: { sharpe: i / 10, total_return: i, profit_factor: i % 2 ? Infinity : NaN },
  }, { timeoutMs: 120_000, onWait: () => waits++ });
}
console.log(JSON.stringify({ waits }));
