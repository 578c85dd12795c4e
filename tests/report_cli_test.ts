/**
 * What the terminal shows: the headline metrics in the summary, and progress
 * on stderr for single runs that take long.
 */
import assert from "node:assert/strict";
import { RunProgress } from "../cli/run_progress.ts";
import { runBacktest } from "../engine/backtest.ts";
import { parseConfig } from "../engine/config/parse_config.ts";
import { frameFromRows } from "../engine/data/bar_frame.ts";
import { latestRun, runCli } from "./_cli.ts";
import { scripted } from "./_report.ts";

Deno.test("the summary shows the headline metrics of the run", async () => {
  const tmp = await Deno.makeTempDir();
  try {
    const r = await runCli(["configs/sma_cross.ts", "--out", `${tmp}/o`, "--no-record"], tmp);
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(await Deno.readTextFile(`${await latestRun(`${tmp}/o`)}/result.json`));
    const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
    assert.match(
      r.stdout,
      new RegExp(`return +\\+${pct(json.metrics.totalReturn)} +\\(CAGR ${pct(json.metrics.cagr)}`),
    );
    assert.match(r.stdout, new RegExp(`risk-adjusted +Sharpe ${json.metrics.sharpe.toFixed(2)}, Sortino`));
    assert.match(
      r.stdout,
      new RegExp(`max drawdown +${pct(json.metrics.maxDrawdown)} \\([\\d.]+ (?:years|days) peak to trough`),
    );
    assert.match(r.stdout, new RegExp(`trade stats +win rate ${pct(json.metrics.winRate)}, profit factor`));
    assert.match(r.stdout, /exposure +\d+\.\d\d% of bars, turnover \d+\.\d\d× mean equity/);
    assert.equal(r.stderr, "", "a quick run shows no progress");
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("runBacktest() reports progress every 65,536 bars of a long run, and never for a short one", () => {
  const rows = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ symbol: "A", tsMs: i * 60_000, open: 10, high: 10, low: 10, close: 10 }));
  const config = parseConfig({
    name: "p",
    data: { source: "x.csv" },
    capital: 1000,
    strategy: { use: scripted, params: {} },
    risk: { sizing: { kind: "fixedQty", qty: 1 } },
  }, { file: "inline" });
  const calls: [number, number][] = [];
  runBacktest(config, frameFromRows(rows(200_000), 60_000), { onProgress: (d, n) => calls.push([d, n]) });
  assert.deepEqual(calls, [[65_536, 200_000], [131_072, 200_000], [196_608, 200_000]]);
  calls.length = 0;
  runBacktest(config, frameFromRows(rows(1000), 60_000), { onProgress: (d, n) => calls.push([d, n]) });
  assert.deepEqual(calls, []);
});

Deno.test("progress: silent before the threshold, then one line redrawn in place on a terminal, cleared at the end", () => {
  let now = 0;
  const out: string[] = [];
  const p = new RunProgress({ tty: true, write: (s) => out.push(s), now: () => now, timer: false, afterMs: 2000 });
  p.stage("loading bars");
  now = 1500;
  p.stage("running");
  p.bars(65_536, 1_000_000);
  assert.deepEqual(out, [], "nothing in the first 2 s");
  now = 2500;
  p.bars(131_072, 1_000_000);
  now = 3000;
  p.bars(196_608, 1_000_000);
  p.finish();
  assert.deepEqual(out, [
    "\r\x1b[2Krunning: 13% (131,072 of 1,000,000 bars) 2.5 s",
    "\r\x1b[2Krunning: 19% (196,608 of 1,000,000 bars) 3.0 s",
    "\r\x1b[2K",
  ]);
});
