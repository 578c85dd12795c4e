/**
 * A dataset a run cannot hold is refused before it is read, with the
 * estimate: by the loader against the memory it may use, and by
 * `deno task backtest` against the run's memory limit (--max-memory).
 */
import assert from "node:assert/strict";
import { DataError } from "../engine/errors.ts";
import { BASE_RUN_BYTES, estimateLoad, loadBars, PEAK_BYTES_PER_BAR } from "../engine/data/load_bars.ts";
import { configSource, exists, runCli, withTmp } from "./_cli.ts";

/** 64 KiB of well-formed minute bars, then zeros up to `bytes` (a sparse file: nothing to read but the head). */
async function bigCsv(path: string, bytes: number): Promise<{ perLine: number; headBytes: number }> {
  const lines = ["Datetime,Open,High,Low,Close,Volume"];
  for (let i = 0, size = 0; size < 64 << 10; i++) {
    const line = `${new Date(Date.UTC(2024, 0, 2) + i * 60_000).toISOString().slice(0, 19).replace("T", " ")},` +
      `100.5,101.25,99.75,100.75,${1000 + i}`;
    lines.push(line);
    size += line.length + 1;
  }
  const head = lines.join("\n") + "\n";
  await Deno.writeTextFile(path, head);
  await Deno.truncate(path, bytes);
  return { perLine: head.length / (lines.length - 1), headBytes: head.length };
}

Deno.test("estimateLoad: a CSV file's bars from its size and first lines, a Parquet file's counted", () =>
  withTmp(async (tmp) => {
    const { perLine } = await bigCsv(`${tmp}/big.csv`, 200 << 20);
    const e = (await estimateLoad({ source: { kind: "files", path: `${tmp}/big.csv` } }))!;
    assert.equal(e.basis, "from the file size");
    assert.ok(Math.abs(e.bars - (200 << 20) / perLine) < e.bars * 0.01, `${e.bars} bars`);
    assert.equal(e.bytes, e.bars * PEAK_BYTES_PER_BAR + BASE_RUN_BYTES);

    const { openSqlEngine } = await import("../engine/data/sql_engine.ts");
    {
      using db = await openSqlEngine("native");
      await db.exec(
        `COPY (SELECT TIMESTAMP '2024-01-02' + INTERVAL (i) MINUTE AS Datetime, 1.0 AS Open, 1.0 AS High, 1.0 AS Low,
           1.0 AS Close FROM range(12345) t(i)) TO '${tmp}/p.parquet' (FORMAT parquet)`,
      );
    }
    const p = (await estimateLoad({ source: { kind: "files", path: `${tmp}/p.parquet` } }))!;
    assert.deepEqual([p.bars, p.basis], [12345, "counted"]);
    assert.equal(await estimateLoad({ source: { kind: "sql", query: "SELECT 1" } }), null);
  }));

Deno.test("loadBars refuses a source above the memory it may use, naming it and the estimate, before reading it", () =>
  withTmp(async (tmp) => {
    const { headBytes } = await bigCsv(`${tmp}/big.csv`, 300 << 20); // zeros after 64 KiB: reading them would fail
    const err = await loadBars({ source: { kind: "files", path: "big.csv" } }, {
      baseDir: tmp,
      memoryBytes: 256 << 20,
    }).catch((e) => e);
    assert.ok(err instanceof DataError, String(err));
    assert.match(
      err.message,
      /^Cannot load bars from "big\.csv": about [\d,]+ bars \(from the file size\), which a run needs about [\d.]+ GiB of memory for \(170 bytes a bar and 160 MiB\); the memory available is 256 MiB\. Nothing was read: load fewer bars \(data\.from and data\.to, data\.symbols, fewer files\) or run where more memory is free$/,
    );
    // the head alone, well-formed, loads under a limit its estimate is within
    await Deno.truncate(`${tmp}/big.csv`, headBytes);
    const e = (await estimateLoad({ source: { kind: "files", path: "big.csv" } }, { baseDir: tmp }))!;
    const frame = await loadBars({ source: { kind: "files", path: "big.csv" } }, {
      baseDir: tmp,
      memoryBytes: e.bytes,
    });
    assert.equal(frame.length, e.bars); // the whole file was its head: its lines counted
  }));

Deno.test("deno task backtest refuses a dataset above --max-memory up front: exit 2, the estimate, nothing written", () =>
  withTmp(async (tmp) => {
    await bigCsv(`${tmp}/big.csv`, 400 << 20);
    await Deno.writeTextFile(
      `${tmp}/c.ts`,
      configSource(`export default defineConfig({
  name: "big",
  data: { source: ${JSON.stringify(`${tmp}/big.csv`)} },
  capital: 100_000,
  strategy: { use: smaCross, params: { fast: 10, slow: 30 } },
  risk: { sizing: { kind: "fixedQty", qty: 1 } },
});`),
    );
    const r = await runCli([`${tmp}/c.ts`, "--out", `${tmp}/out`, "--no-record", "--max-memory", "512"], tmp);
    assert.equal(r.code, 2, r.stderr);
    assert.match(
      r.stderr,
      /Cannot load bars from ".*big\.csv": about [\d,]+ bars \(from the file size\), which a run needs about [\d.]+ GiB of memory for .*; the run's memory limit \(--max-memory\) is 512 MiB\. Nothing was read: .*, or raise --max-memory/,
    );
    assert.equal(await exists(`${tmp}/out`), false);
  }));
