/**
 * `equity.parquet` and the Parquet writer behind it, read back by native
 * DuckDB (the WebAssembly build cannot load its Parquet extension offline;
 * the sandbox writes the file all the same, byte for byte: see
 * tests/sandbox_parity_test.ts): every value exact, across row groups and
 * pages, before 1970, with NaN, and with no rows.
 */
import assert from "node:assert/strict";
import { collectBytes } from "../engine/report/byte_writer.ts";
import { parquetFile } from "../engine/report/parquet.ts";
import { readEquityFile } from "../engine/report/result_json.ts";
import { openSqlEngine } from "../engine/data/sql_engine.ts";
import { mulberry32 } from "../engine/random.ts";
import { withTmp } from "./_cli.ts";

/** 1,100,000 rows: two row groups (1,048,576 rows each at most), the last page of each short. */
function curve(n: number) {
  const rnd = mulberry32(19);
  const tsMs = new Float64Array(n), equity = new Float64Array(n), cash = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    tsMs[i] = -86_400_000 * 400 + i * 60_000; // starts in 1968: negative epoch ms
    equity[i] = i === 5 ? NaN : i === 6 ? -0 : (rnd() - 2 ** 31) / 7;
    cash[i] = i === 7 ? Infinity : rnd() / 100;
  }
  return { tsMs, equity, cash };
}

Deno.test("parquetFile: DuckDB reads back every value exactly, across row groups", () =>
  withTmp(async (tmp) => {
    const c = curve(1_100_000);
    const path = `${tmp}/e.parquet`;
    await Deno.writeFile(
      path,
      collectBytes(parquetFile([
        { name: "time", kind: "timestampMs", values: c.tsMs },
        { name: "equity", kind: "double", values: c.equity },
        { name: "cash", kind: "double", values: c.cash },
      ])),
    );
    using db = await openSqlEngine("native");
    const back = await readEquityFile(path, { engine: db });
    assert.deepEqual(back.tsMs, c.tsMs);
    // NaN and -0 as written (deepEqual compares them with Object.is)
    assert.deepEqual(back.equity, c.equity);
    assert.deepEqual(back.cash, c.cash);
    const meta = await db.queryRows(
      `SELECT count(DISTINCT row_group_id)::INTEGER, min(type), max(type)
       FROM parquet_metadata('${path}') WHERE path_in_schema = 'equity'`,
    );
    assert.deepEqual(meta, [[2, "DOUBLE", "DOUBLE"]]);
    const types = await db.queryRows(`SELECT column_type FROM (DESCRIBE SELECT * FROM read_parquet('${path}'))`);
    assert.deepEqual(types.map((r) => r[0]), ["TIMESTAMP WITH TIME ZONE", "DOUBLE", "DOUBLE"]);
  }));

Deno.test("parquetFile: no rows is a file with the columns and none of their values", () =>
  withTmp(async (tmp) => {
    const path = `${tmp}/empty.parquet`;
    const empty = new Float64Array(0);
    await Deno.writeFile(
      path,
      collectBytes(parquetFile([
        { name: "time", kind: "timestampMs", values: empty },
        { name: "equity", kind: "double", values: empty },
      ])),
    );
    using db = await openSqlEngine("native");
    assert.deepEqual(await db.queryRows(`SELECT count(*)::INTEGER FROM read_parquet('${path}')`), [[0]]);
    assert.deepEqual(
      (await db.queryRows(`SELECT column_name FROM (DESCRIBE SELECT * FROM read_parquet('${path}'))`)).map((r) => r[0]),
      ["time", "equity"],
    );
  }));

Deno.test("parquetFile: the same columns give the same bytes; columns of different lengths are refused", () => {
  const c = curve(70_000);
  const cols = [
    { name: "time", kind: "timestampMs" as const, values: c.tsMs },
    { name: "cash", kind: "double" as const, values: c.cash },
  ];
  assert.deepEqual(collectBytes(parquetFile(cols)), collectBytes(parquetFile(cols)));
  assert.throws(
    () => parquetFile([...cols, { name: "x", kind: "double", values: new Float64Array(3) }]),
    /column "x" has 3 values, expected 70000/,
  );
});
