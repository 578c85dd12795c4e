import assert from "node:assert/strict";
import { DataError } from "../errors.ts";
import { ACTION_DIVIDEND, ACTION_SPLIT, checkActions, loadActions, toFrameActions } from "./actions.ts";
import { frameFromRows } from "./bar_frame.ts";
import { loadBars } from "./load_bars.ts";
import { openSqlEngine } from "./sql_engine.ts";

const HEAD = "symbol,date,kind,value\n";

async function withTable(body: string, run: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/actions.csv`, HEAD + body);
    await run(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function loadError(body: string): Promise<string> {
  let msg = "";
  await withTable(body, async (dir) => {
    using engine = await openSqlEngine("native");
    await assert.rejects(
      () => loadActions({ kind: "files", path: "actions.csv" }, { baseDir: dir, engine }),
      (e: unknown) => {
        assert.ok(e instanceof DataError, String(e));
        msg = e.message;
        return true;
      },
    );
  });
  return msg;
}

Deno.test("loadActions() reads symbol, date, kind and value, case-insensitive headers, in table order", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(
      `${dir}/a.csv`,
      "Symbol,DATE,Kind,Value,note\nAAA,2024-03-04,Split,2,x\nBBB,2024-06-03,dividend,0.25,\n",
    );
    const got = await loadActions({ kind: "files", path: "a.csv" }, { baseDir: dir });
    assert.deepEqual(got.map((a) => [a.symbol, a.date, a.kind, a.value, a.at]), [
      ["AAA", "2024-03-04", "split", 2, '"a.csv" row 1 (line 2)'],
      ["BBB", "2024-06-03", "dividend", 0.25, '"a.csv" row 2 (line 3)'],
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("loadActions() reads a SQL query and a DuckDB table", async () => {
  using engine = await openSqlEngine("native");
  const q = await loadActions({
    kind: "sql",
    query: "SELECT 'AAA' AS symbol, DATE '2024-03-04' AS date, 'split' AS kind, 1.5 AS value",
  }, { engine });
  assert.deepEqual(q.map((a) => [a.symbol, a.date, a.kind, a.value]), [["AAA", "2024-03-04", "split", 1.5]]);
  const dir = await Deno.makeTempDir();
  try {
    {
      using db = await (await import("./sql_engine.ts")).openDatabaseFile(`${dir}/x.duckdb`);
      await db.exec(
        "CREATE TABLE acts AS SELECT 'BBB' AS symbol, DATE '2024-05-01' AS date, 'dividend' AS kind, 0.5 AS value",
      );
    }
    const t = await loadActions({ kind: "duckdb", path: "x.duckdb", table: "acts" }, { baseDir: dir });
    assert.deepEqual(t.map((a) => [a.symbol, a.date, a.kind, a.value]), [["BBB", "2024-05-01", "dividend", 0.5]]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("loadActions() names the file, row, line and value of each bad row", async () => {
  assert.equal(
    await loadError("AAA,2024-03-04,split,2\nAAA,2024-03-05,bonus,1\n"),
    'Cannot load corporate actions from "actions.csv": unknown kind at row 2 (line 3): found "bonus"; expected split or dividend',
  );
  assert.match(await loadError("AAA,03/04/2024,split,2\n"), /bad date at row 1 \(line 2\): found "03\/04\/2024"/);
  assert.match(await loadError("AAA,2024-02-30,split,2\n"), /bad date at row 1 \(line 2\): found "2024-02-30"/);
  assert.match(
    await loadError("AAA,2024-03-04,split,0\n"),
    /a split ratio \(shares after per share before\) must be a finite number > 0 at row 1 \(line 2\): found "0"/,
  );
  assert.match(await loadError("AAA,2024-03-04,split,-2\n"), /split ratio .* found "-2"/);
  assert.match(await loadError("AAA,2024-03-04,split,inf\n"), /split ratio .* found "inf"/);
  assert.match(await loadError("AAA,2024-03-04,split,0x2\n"), /split ratio .* found "0x2"/);
  assert.match(
    await loadError("AAA,2024-03-04,dividend,-0.1\n"),
    /a dividend \(cash per share\) must be a finite number > 0 at row 1 \(line 2\): found "-0.1"/,
  );
  assert.match(await loadError("AAA,2024-03-04,dividend,\n"), /dividend .* found an empty value/);
  assert.equal(
    await loadError("AAA,2024-03-04,dividend,0.1\nBBB,2024-03-04,dividend,0.1\nAAA,2024-03-04,dividend,0.2\n"),
    'Cannot load corporate actions from "actions.csv": duplicate dividend for AAA on 2024-03-04 at row 3 (line 4): ' +
      'the first is at "actions.csv" row 1 (line 2)',
  );
  assert.match(await loadError(",2024-03-04,split,2\n"), /empty symbol at row 1 \(line 2\)/);
});

Deno.test("loadActions() names a missing column and a missing file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/a.csv`, "symbol,date,ratio\nAAA,2024-03-04,2\n");
    await assert.rejects(
      () => loadActions({ kind: "files", path: "a.csv" }, { baseDir: dir }),
      DataError,
      'missing columns kind, value; expected symbol, date, kind, value; found "symbol", "date", "ratio"',
    );
    await assert.rejects(
      () => loadActions({ kind: "files", path: "none.csv" }, { baseDir: dir }),
      DataError,
      'Cannot load corporate actions from "none.csv": file not found',
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

const day = 86_400_000;
const t0 = Date.parse("2024-01-01"); // a Monday

Deno.test("checkActions() refuses an unknown symbol and an ex-date outside the bars, naming the row", () => {
  const bars = new Map([["AAA", Float64Array.from([0, 1, 2, 3, 4], (i) => t0 + i * day)]]);
  const at = '"actions.csv" row 7 (line 8)';
  checkActions([{ symbol: "AAA", date: "2024-01-02", kind: "split", value: 2, at }], bars);
  checkActions([{ symbol: "AAA", date: "2024-01-05", kind: "dividend", value: 1, at }], bars);
  assert.throws(
    () => checkActions([{ symbol: "ZZZ", date: "2024-01-02", kind: "split", value: 2, at }], bars),
    DataError,
    `Cannot apply the split of ZZZ on 2024-01-02 at ${at}: the bars have no symbol "ZZZ"; found AAA`,
  );
  assert.throws(
    () => checkActions([{ symbol: "AAA", date: "2024-01-06", kind: "split", value: 2, at }], bars),
    DataError,
    "after the symbol's last bar (2024-01-05)",
  );
  for (const date of ["2023-12-29", "2024-01-01"]) {
    assert.throws(
      () => checkActions([{ symbol: "AAA", date, kind: "dividend", value: 1, at }], bars),
      DataError,
      "on or before the symbol's first bar (2024-01-01)",
    );
  }
});

Deno.test("toFrameActions() maps an ex-date on a weekend to the next bar and orders by time, symbol, split first", () => {
  const rows = [];
  for (const symbol of ["A", "B"]) {
    for (const i of [0, 1, 2, 3, 4, 7]) rows.push({ symbol, tsMs: t0 + i * day, open: 1, high: 1, low: 1, close: 1 });
  }
  const frame = frameFromRows(rows, day);
  const fa = toFrameActions([
    { symbol: "B", date: "2024-01-06", kind: "dividend", value: 0.5 }, // Saturday → Monday 2024-01-08
    { symbol: "A", date: "2024-01-08", kind: "dividend", value: 0.1 },
    { symbol: "A", date: "2024-01-08", kind: "split", value: 2 },
    { symbol: "A", date: "2024-01-01", kind: "split", value: 3 }, // first bar: nothing to hold through, left out
    { symbol: "C", date: "2024-01-03", kind: "split", value: 3 }, // not in the frame (data.symbols): left out
  ], frame);
  assert.deepEqual([...fa.tsMs], [t0 + 7 * day, t0 + 7 * day, t0 + 7 * day]);
  assert.deepEqual([...fa.symbolId], [0, 0, 1]);
  assert.deepEqual([...fa.kind], [ACTION_SPLIT, ACTION_DIVIDEND, ACTION_DIVIDEND]);
  assert.deepEqual([...fa.value], [2, 0.1, 0.5]);
});

Deno.test("loadBars() with data.actions: an action of a symbol the source lacks names the table's row", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/AAA.csv`, "Date,Open,High,Low,Close\n2024-01-02,1,1,1,1\n2024-01-03,1,1,1,1\n");
    await Deno.writeTextFile(`${dir}/actions.csv`, HEAD + "AAA,2024-01-03,split,2\nQQQ,2024-01-03,split,2\n");
    const data = {
      source: { kind: "files" as const, path: "AAA.csv" },
      prices: "rawWithActions" as const,
      actions: { kind: "files" as const, path: "actions.csv" },
    };
    await assert.rejects(
      () => loadBars(data, { baseDir: dir }),
      DataError,
      'Cannot apply the split of QQQ on 2024-01-03 at "actions.csv" row 2 (line 3): the bars have no symbol "QQQ"; found AAA',
    );
    await Deno.writeTextFile(`${dir}/actions.csv`, HEAD + "AAA,2024-01-04,split,2\n");
    await assert.rejects(() => loadBars(data, { baseDir: dir }), DataError, "after the symbol's last bar (2024-01-03)");
    await Deno.writeTextFile(`${dir}/actions.csv`, HEAD + "AAA,2024-01-03,split,2\n");
    const frame = await loadBars(data, { baseDir: dir });
    assert.deepEqual([...frame.actions!.tsMs], [Date.parse("2024-01-03")]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
