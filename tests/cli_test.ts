import assert from "node:assert/strict";
import { configSource, exists, latestRun, leftovers, ROOT, runCli, setProblems } from "./_cli.ts";

Deno.test("backtest CLI runs the sample config end to end and writes every result file", async () => {
  const tmp = await Deno.makeTempDir();
  try {
    const out = `${tmp}/sma`;
    const r = await runCli(["configs/sma_cross.ts", "--out", out], tmp);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /final equity/);
    assert.match(r.stdout, /trades/);
    // published as a new run under the output root, complete with its manifest
    const run = await latestRun(out);
    for (const f of ["result.json", "trades.csv", "fills.csv", "equity.csv", "denials.csv", "manifest.json"]) {
      assert.ok(await exists(`${run}/${f}`), `${f} written`);
    }
    assert.deepEqual(await setProblems(run), []);
    const result = JSON.parse(await Deno.readTextFile(`${run}/result.json`));
    assert.equal(result.schemaVersion, 3);
    assert.equal(result.config.strategy.name, "smaCross");
    assert.deepEqual(result.config.strategy.params, { fast: 10, slow: 30 });
    assert.ok(result.summary.trades > 5, "the sample data produces trades");
    assert.equal(result.trades.length, result.summary.trades);
    const equityCsv = (await Deno.readTextFile(`${run}/equity.csv`)).trimEnd().split("\n");
    assert.equal(equityCsv[0], "time,equity,cash,drawdown");
    assert.equal(equityCsv.length - 1, result.equity.rows);
    assert.equal(equityCsv.length - 1, result.summary.bars);
    const tradesCsv = (await Deno.readTextFile(`${run}/trades.csv`)).trimEnd().split("\n");
    assert.equal(
      tradesCsv[0],
      "symbol,side,qty,entryTime,entryPrice,exitTime,exitPrice,pnl,fees,initialRisk,rMultiple,mae,mfe",
    );
    assert.equal(tradesCsv.length - 1, result.trades.length);
    // no temporary files left behind
    assert.deepEqual(await leftovers(out), []);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("backtest CLI gives identical bytes on a second run", async () => {
  const tmp = await Deno.makeTempDir();
  try {
    // the resolved config (with its output dir) is part of result.json, so both runs use the same --out
    const first = new Map<string, Uint8Array>();
    for (let run = 0; run < 2; run++) {
      const r = await runCli(["configs/sma_cross.ts", "--out", `${tmp}/o`, "--quiet"], tmp);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, "");
      for (const f of ["result.json", "trades.csv", "fills.csv", "equity.csv", "denials.csv"]) {
        const bytes = await Deno.readFile(`${await latestRun(`${tmp}/o`)}/${f}`);
        if (run === 0) first.set(f, bytes);
        else assert.deepEqual(bytes, first.get(f), f);
      }
    }
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("--data, --symbols, --from and --to select a file and name its symbol", async () => {
  const tmp = await Deno.makeTempDir();
  try {
    const r = await runCli([
      "configs/sma_cross.ts",
      "--data",
      "data/sample/BBB.csv",
      "--symbols",
      "ZZZ",
      "--from",
      "2016-01-01",
      "--to",
      "2016-12-31",
      "--out",
      `${tmp}/o`,
    ], tmp);
    assert.equal(r.code, 0, r.stderr);
    const result = JSON.parse(await Deno.readTextFile(`${await latestRun(`${tmp}/o`)}/result.json`));
    assert.deepEqual(result.symbols, ["ZZZ"]);
    assert.ok(result.summary.firstBar >= "2016-01-01" && result.summary.lastBar <= "2016-12-31T23:59:59Z");
    assert.equal(result.config.data.source.path, "data/sample/BBB.csv");
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("--set overrides a strategy param and the strategy's schema validates it", async () => {
  const tmp = await Deno.makeTempDir();
  try {
    const ok = await runCli(["configs/sma_cross.ts", "--set", "strategy.params.fast=5", "--out", `${tmp}/o`], tmp);
    assert.equal(ok.code, 0, ok.stderr);
    const result = JSON.parse(await Deno.readTextFile(`${await latestRun(`${tmp}/o`)}/result.json`));
    assert.equal(result.config.strategy.params.fast, 5);
    const bad = await runCli(["configs/sma_cross.ts", "--set", "strategy.params.slow=3", "--out", `${tmp}/p`], tmp);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /configs\/sma_cross\.ts/);
    assert.match(bad.stderr, /strategy\.params\.slow: expected slow > fast/);
    assert.match(bad.stderr, /--set strategy\.params\.slow=3/);
    assert.equal(await exists(`${tmp}/p`), false);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("--help prints usage and exits 0", async () => {
  const r = await runCli(["--help"], ROOT);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /Usage: deno task backtest <config\.ts>/);
});

Deno.test("a config file can name its data relative to the working directory", async () => {
  const tmp = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(
      `${tmp}/c.ts`,
      configSource(`export default defineConfig({
  name: "rel", data: { source: "data/sample/sample.parquet", symbols: ["AAA", "CCC"] }, capital: 50000,
  strategy: { use: smaCross, params: {} }, risk: { sizing: { kind: "fixedQty", qty: 5 } },
});`),
    );
    const r = await runCli([`${tmp}/c.ts`, "--out", `${tmp}/o`], tmp);
    assert.equal(r.code, 0, r.stderr);
    const result = JSON.parse(await Deno.readTextFile(`${await latestRun(`${tmp}/o`)}/result.json`));
    assert.deepEqual(result.symbols, ["AAA", "CCC"]);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});
