/**
 * Parity: the same config on the same CSV gives byte-identical result files
 * under `deno task backtest` (native DuckDB) and `deno task backtest:sandbox`
 * (DuckDB WebAssembly).
 */
import assert from "node:assert/strict";
import { configSource, latestRun, runCli, runSandbox, withTmp } from "./_cli.ts";

const FILES = ["result.json", "equity.parquet", "trades.csv", "fills.csv", "equity.csv", "denials.csv"];

/** Run both engines with the same arguments and output root, one after the other; compare their newest runs. */
async function assertParity(args: string[], tmp: string): Promise<void> {
  const out = `${tmp}/out`;
  const native = await runCli([...args, "--out", out, "--quiet"], tmp);
  assert.equal(native.code, 0, native.stderr);
  const first = await latestRun(out);
  const expected = new Map(FILES.map((f) => [f, Deno.readFileSync(`${first}/${f}`)]));
  const sandbox = await runSandbox([...args, "--out", out, "--quiet"]);
  assert.equal(sandbox.code, 0, sandbox.stderr);
  assert.equal(sandbox.stdout, "");
  const second = await latestRun(out);
  assert.notEqual(second, first);
  for (const f of FILES) assert.deepEqual(Deno.readFileSync(`${second}/${f}`), expected.get(f), f);
  const result = JSON.parse(new TextDecoder().decode(expected.get("result.json")));
  assert.ok(result.summary.trades > 0, "the run trades, so the comparison means something");
}

Deno.test("sandbox parity: configs/sma_cross.ts gives byte-identical results on both engines", () =>
  withTmp((tmp) => assertParity(["configs/sma_cross.ts"], tmp)));

Deno.test("sandbox parity: four symbols from a glob of files", () =>
  withTmp((tmp) => assertParity(["configs/sma_cross.ts", "--data", "data/sample/???.csv"], tmp)));

Deno.test("sandbox parity: a multi-symbol file with a Symbol column, long and short", () =>
  withTmp(async (tmp) => {
    const strategy = new URL("../strategies/donchian_breakout.ts", import.meta.url).href;
    await Deno.writeTextFile(
      `${tmp}/c.ts`,
      configSource(
        `export default defineConfig({
  name: "donchian", data: { source: "data/sample/sample.csv", from: "2016-01-01", to: "2023-12-31" },
  capital: 1000000, strategy: { use: donchianBreakout, params: { entry: 20, exit: 10, allowShort: true } },
  risk: { sizing: { kind: "fixedQty", qty: 50 } },
  execution: { fill: { kind: "nextOpen" }, commission: { kind: "percent", rate: 0.001 } },
});`,
        `import { donchianBreakout } from "${strategy}";`,
      ),
    );
    await assertParity([`${tmp}/c.ts`], tmp);
  }));

Deno.test("sandbox parity: intraday timestamps, as DuckDB types them and as ISO text with Z", () =>
  withTmp(async (tmp) => {
    // minute bars from the first 600 daily rows of AAA, two time formats
    const rows = (await Deno.readTextFile("data/sample/AAA.csv")).trim().split("\n").slice(1, 601);
    const t0 = Date.UTC(2024, 0, 2, 9, 30);
    const at = (i: number) => new Date(t0 + i * 60_000).toISOString();
    const body = (fmt: (iso: string) => string) =>
      rows.map((r, i) => [fmt(at(i)), ...r.split(",").slice(1)].join(",")).join("\n") + "\n";
    await Deno.writeTextFile(
      `${tmp}/plain.csv`,
      "Datetime,Open,High,Low,Close,Volume\n" + body((s) => s.slice(0, 19).replace("T", " ")),
    );
    await Deno.writeTextFile(
      `${tmp}/iso.csv`,
      "Timestamp,Open,High,Low,Close,Volume\n" + body((s) => s.replace(".000", "")),
    );
    for (const f of ["plain.csv", "iso.csv"]) {
      await assertParity(["configs/sma_cross.ts", "--data", `${tmp}/${f}`, "--symbols", "MIN"], tmp);
      await Deno.remove(`${tmp}/out`, { recursive: true });
    }
  }));
