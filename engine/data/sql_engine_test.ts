/** One contract, run on every SqlEngine: native DuckDB and its WebAssembly build. */
import assert from "node:assert/strict";
import { DataError } from "../errors.ts";
import { openSqlEngine, type SqlEngineKind } from "./sql_engine.ts";

const KINDS: SqlEngineKind[] = ["native", "wasm"];

const CSV = [
  "Day,At,Price,Count,Name,Missing",
  "2024-01-02,2024-01-02 09:30:00,1.5,7,abc,",
  "2024-01-03,2024-01-03 16:00:00,-2.25,9000000000,d'e,3.5",
].join("\n") + "\n";

async function withCsv(f: (path: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/t.csv`, CSV);
    await f(`${dir}/t.csv`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

for (const kind of KINDS) {
  Deno.test(`SqlEngine (${kind}): describe names DuckDB's types for a CSV read by path`, () =>
    withCsv(async (path) => {
      using db = await openSqlEngine(kind);
      const cols = await db.describe(`read_csv('${path}', header = true)`);
      assert.deepEqual(cols, [
        { name: "Day", type: "DATE" },
        { name: "At", type: "TIMESTAMP" },
        { name: "Price", type: "DOUBLE" },
        { name: "Count", type: "BIGINT" },
        { name: "Name", type: "VARCHAR" },
        { name: "Missing", type: "DOUBLE" },
      ]);
    }));

  Deno.test(`SqlEngine (${kind}): readNumeric gives one Float64Array per column; COALESCE makes NULL NaN`, () =>
    withCsv(async (path) => {
      using db = await openSqlEngine(kind);
      const { rows, columns } = await db.readNumeric(
        `SELECT epoch_ms("At")::DOUBLE AS t, Price AS p, Count::DOUBLE AS n,
                COALESCE(Missing, 'NaN'::DOUBLE) AS m
         FROM read_csv('${path}', header = true)`,
      );
      assert.equal(rows, 2);
      assert.deepEqual(Object.keys(columns), ["t", "p", "n", "m"]);
      for (const c of Object.values(columns)) assert.ok(c instanceof Float64Array && c.length === 2);
      assert.deepEqual([...columns.t!], [Date.UTC(2024, 0, 2, 9, 30), Date.UTC(2024, 0, 3, 16)]);
      assert.deepEqual([...columns.p!], [1.5, -2.25]);
      assert.deepEqual([...columns.n!], [7, 9e9]);
      assert.deepEqual([...columns.m!], [NaN, 3.5]);
    }));

  Deno.test(`SqlEngine (${kind}): queryRows gives strings, numbers, bigints and null`, () =>
    withCsv(async (path) => {
      using db = await openSqlEngine(kind);
      const rows = await db.queryRows(
        `SELECT Name, Price, Count, Missing FROM read_csv('${
          path.replaceAll("'", "''")
        }', header = true) ORDER BY Price`,
      );
      assert.deepEqual(rows, [["d'e", -2.25, 9000000000n, 3.5], ["abc", 1.5, 7n, null]]);
    }));

  Deno.test(`SqlEngine (${kind}): exec runs statements whose effects later queries see`, async () => {
    using db = await openSqlEngine(kind);
    await db.exec("CREATE TABLE t AS SELECT range::DOUBLE AS x FROM range(5000)");
    const { rows, columns } = await db.readNumeric("SELECT x FROM t ORDER BY x");
    assert.equal(rows, 5000);
    assert.equal(columns.x![4999], 4999);
    assert.deepEqual(await db.queryRows("SELECT count(*)::VARCHAR FROM t"), [["5000"]]);
  });
}

Deno.test("SqlEngine: both engines read a .duckdb file the native engine wrote, and close cleanly", async () => {
  const dir = await Deno.makeTempDir();
  try {
    {
      using native = await openSqlEngine("native");
      await native.exec(`ATTACH '${dir}/bars.duckdb' AS b`);
      await native.exec("CREATE TABLE b.bars AS SELECT range::DOUBLE AS x FROM range(3)");
      await native.exec("DETACH b");
    }
    for (const kind of KINDS) {
      const db = await openSqlEngine(kind);
      await db.exec(`ATTACH '${dir}/bars.duckdb' AS src (READ_ONLY)`);
      assert.deepEqual(
        (await db.readNumeric("SELECT x FROM src.bars ORDER BY x")).columns.x,
        new Float64Array([0, 1, 2]),
      );
      db.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("SqlEngine (wasm): Parquet fails at once with a DataError that names the native task", async () => {
  using db = await openSqlEngine("wasm");
  for (
    const sql of [
      "SELECT * FROM read_parquet('data/sample/sample.parquet')",
      "SELECT * FROM 'data/sample/sample.parquet'",
    ]
  ) {
    await assert.rejects(db.queryRows(sql), (e: unknown) => {
      assert.ok(e instanceof DataError, String(e));
      assert.match(e.message, /parquet extension.*`deno task backtest` \(native DuckDB\)/);
      return true;
    });
  }
});

Deno.test("SqlEngine (wasm): extension loading stays off, and no statement can switch it back on", async () => {
  using db = await openSqlEngine("wasm");
  assert.deepEqual(await db.queryRows("SELECT current_setting('autoload_known_extensions')"), [[false]]);
  await assert.rejects(db.exec("SET autoload_known_extensions = true"), /lock/i);
});
