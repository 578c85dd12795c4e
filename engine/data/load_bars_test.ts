import assert from "node:assert/strict";
import { DataConfigSchema } from "./config.ts";
import { loadBars } from "./load_bars.ts";
import { openNativeDuckDb } from "./_duckdb.ts";

const data = (d: unknown) => DataConfigSchema.parse(d);
const DAY = 86_400_000;

Deno.test("loadBars() reads CSV and Parquet into identical frames", async () => {
  const fromCsv = await loadBars(data({ source: "data/sample/sample.csv" }));
  const fromParquet = await loadBars(data({ source: "data/sample/sample.parquet" }));
  const fromFiles = await loadBars(data({ source: "data/sample/[A-D][A-D][A-D].csv" }));
  for (const f of [fromParquet, fromFiles]) {
    assert.deepEqual(f.symbols, fromCsv.symbols);
    for (const k of ["tsMs", "open", "high", "low", "close", "volume", "symbolId", "clock", "intervalMs"] as const) {
      assert.deepEqual(f[k], fromCsv[k], k);
    }
  }
  assert.deepEqual(fromCsv.symbols, ["AAA", "BBB", "CCC", "DDD"]);
  assert.deepEqual(Array.from(fromCsv.intervalMs), [DAY, DAY, DAY, DAY]);
});

Deno.test("the clock orders bars by time, then by symbol id", async () => {
  const f = await loadBars(data({ source: "data/sample/sample.parquet", symbols: ["DDD", "AAA"], to: "2015-01-06" }));
  assert.deepEqual(f.symbols, ["AAA", "DDD"]);
  const order = Array.from(
    f.clock,
    (r) => `${new Date(f.tsMs[r]!).toISOString().slice(0, 10)} ${f.symbols[f.symbolId[r]!]}`,
  );
  assert.deepEqual(order, [
    "2015-01-02 AAA",
    "2015-01-02 DDD",
    "2015-01-05 AAA",
    "2015-01-05 DDD",
    "2015-01-06 AAA",
    "2015-01-06 DDD",
  ]);
});

Deno.test("from and to are inclusive UTC bounds; a date-only `to` includes that whole day", async () => {
  const f = await loadBars(data({ source: "data/sample/AAA.csv", from: "2016-03-01", to: "2016-03-04" }));
  assert.deepEqual(
    Array.from(f.tsMs, (t) => new Date(t).toISOString().slice(0, 10)),
    ["2016-03-01", "2016-03-02", "2016-03-03", "2016-03-04"],
  );
});

Deno.test("a .duckdb table and a SQL query load like the file they came from", async () => {
  const dir = await Deno.makeTempDir();
  try {
    {
      using db = await openNativeDuckDb(`${dir}/bars.duckdb`);
      await db.exec(
        `CREATE TABLE prices AS SELECT * FROM read_parquet('data/sample/sample.parquet') WHERE Symbol = 'BBB'`,
      );
    }
    const table = await loadBars(data({ source: { kind: "duckdb", path: `${dir}/bars.duckdb`, table: "prices" } }));
    const query = await loadBars(data({
      source: { kind: "sql", query: "SELECT * FROM read_csv('data/sample/BBB.csv') ORDER BY Date" },
      symbols: ["BBB"],
    }));
    const file = await loadBars(data({ source: "data/sample/BBB.csv" }));
    for (const f of [table, query]) {
      assert.deepEqual(f.symbols, ["BBB"]);
      assert.deepEqual(f.close, file.close);
      assert.deepEqual(f.tsMs, file.tsMs);
    }
    await assert.rejects(
      loadBars(data({ source: { kind: "duckdb", path: `${dir}/bars.duckdb`, table: "nope" } })),
      /no table "nope"; found prices/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("intraday bars infer their interval from the smallest gap; `interval` overrides it", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(
      `${dir}/m.csv`,
      "timestamp,open,high,low,close\n2024-01-02 09:30:00,1,1,1,1\n2024-01-02 09:35:00,1,1,1,1\n2024-01-02 09:45:00,1,1,1,1\n",
    );
    const f = await loadBars(data({ source: `${dir}/m.csv` }));
    assert.equal(f.intervalMs[0], 5 * 60_000);
    assert.equal(f.symbols[0], "m");
    assert.ok(Number.isNaN(f.volume[0]!), "no Volume column reads as NaN");
    const g = await loadBars(data({ source: `${dir}/m.csv`, interval: "1m" }));
    assert.equal(g.intervalMs[0], 60_000);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("times with an offset are converted to UTC", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/x.csv`, "Datetime,Open,High,Low,Close\n2024-01-02T09:30:00+02:00,1,1,1,1\n");
    const f = await loadBars(data({ source: `${dir}/x.csv` }));
    assert.equal(f.tsMs[0], Date.UTC(2024, 0, 2, 7, 30));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
