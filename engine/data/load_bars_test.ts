import assert from "node:assert/strict";
import { DataConfigSchema } from "./config.ts";
import { loadBars, sourceFiles } from "./load_bars.ts";
import { openSqlEngine, type SqlEngine, type SqlEngineKind } from "./sql_engine.ts";
import { DataError } from "../errors.ts";
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

// ---------------------------------------------------------------- no silent wrong results (issue 16)

const KINDS = ["native", "wasm"] as const;

/** Run `fn` on a temporary directory holding `files`, once per SQL engine. */
async function eachEngine(
  files: Record<string, string | Uint8Array>,
  fn: (dir: string, engine: SqlEngine, kind: SqlEngineKind) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir();
  try {
    for (const [name, content] of Object.entries(files)) {
      if (typeof content === "string") await Deno.writeTextFile(`${dir}/${name}`, content);
      else await Deno.writeFile(`${dir}/${name}`, content);
    }
    for (const kind of KINDS) {
      using engine = await openSqlEngine(kind);
      await fn(dir, engine, kind);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const BARS = "Date,Open,High,Low,Close,Volume\n";
const iso = (t: number) => new Date(t).toISOString();

Deno.test("loadBars() never guesses the order of day and month: 01/02/2024 is a DataError naming file, row and text", async () => {
  await eachEngine({
    "us.csv": `${BARS}01/02/2024,10,11,9,10.5,100\n01/03/2024,10.5,12,10,11,200\n01/04/2024,11,11.5,10,10.2,150\n`,
    "mixed.csv": `${BARS}01/02/2024,10,11,9,10.5,100\n01/13/2024,10.5,12,10,11,200\n`,
  }, async (dir, engine, kind) => {
    await assert.rejects(
      loadBars(data({ source: `${dir}/us.csv` }), { engine }),
      (e: Error) =>
        e instanceof DataError && e.message.includes(`"${dir}/us.csv"`) &&
        e.message.includes('time at row 1 (line 2): found "01/02/2024"') &&
        e.message.includes("ambiguous") && e.message.includes("data.timeFormat"),
      kind,
    );
    await assert.rejects(
      loadBars(data({ source: `${dir}/mixed.csv` }), { engine }),
      /mixed\.csv": unparsable time at row 1 \(line 2\): found "01\/02\/2024"/,
      kind,
    );
  });
});

Deno.test("loadBars() reads text times as ISO-8601 only: what DuckDB's cast would also take is a DataError", async () => {
  const notIso = ["2024/01/02", "epoch", "infinity", "2024-1-2", "2024-01-02 10:00:00 America/New_York", "20240102"];
  const files = Object.fromEntries(
    notIso.map((t, i) => [`t${i}.csv`, `${BARS}2023-12-29,1,1,1,1,1\n${t},1,1,1,1,1\n`]),
  );
  await eachEngine(files, async (dir, engine, kind) => {
    for (const [i, t] of notIso.entries()) {
      await assert.rejects(
        loadBars(data({ source: `${dir}/t${i}.csv` }), { engine }),
        (e: Error) =>
          e instanceof DataError && e.message.includes(`time at row 2 (line 3): found ${JSON.stringify(t)}`),
        `${kind}: ${t}`,
      );
    }
  });
});

Deno.test("data.timeFormat reads another layout, strictly; ISO-8601 times keep their offset", async () => {
  await eachEngine({
    "us.csv": `${BARS}01/02/2024,10,11,9,10.5,100\n01/03/2024,10.5,12,10,11,200\n`,
    "bad.csv": `${BARS}01/02/2024,10,11,9,10.5,100\n2024-01-03,10.5,12,10,11,200\n`,
    "tz.csv":
      `${BARS}2024-01-02T09:30:00+02:00,1,1,1,1,1\n2024-01-02 09:31:00Z,1,1,1,1,1\n2024-01-02 09:32,1,1,1,1,1\n`,
  }, async (dir, engine, kind) => {
    const us = await loadBars(data({ source: `${dir}/us.csv`, timeFormat: "%m/%d/%Y" }), { engine });
    assert.deepEqual(Array.from(us.tsMs, iso), ["2024-01-02T00:00:00.000Z", "2024-01-03T00:00:00.000Z"], kind);
    assert.equal(us.intervalMs[0], DAY, kind);
    const eu = await loadBars(data({ source: `${dir}/us.csv`, timeFormat: "%d/%m/%Y" }), { engine });
    assert.deepEqual(Array.from(eu.tsMs, iso), ["2024-02-01T00:00:00.000Z", "2024-03-01T00:00:00.000Z"], kind);
    await assert.rejects(
      loadBars(data({ source: `${dir}/bad.csv`, timeFormat: "%m/%d/%Y" }), { engine }),
      /bad\.csv": unparsable time at row 2 \(line 3\): found "2024-01-03"; expected data\.timeFormat "%m\/%d\/%Y"/,
      kind,
    );
    const tz = await loadBars(data({ source: `${dir}/tz.csv` }), { engine });
    assert.deepEqual(
      Array.from(tz.tsMs, iso),
      ["2024-01-02T07:30:00.000Z", "2024-01-02T09:31:00.000Z", "2024-01-02T09:32:00.000Z"],
      kind,
    );
  });
  assert.ok(!DataConfigSchema.safeParse({ source: "x.csv", timeFormat: "%Q/%d" }).success, "an unknown specifier");
  assert.ok(!DataConfigSchema.safeParse({ source: "x.csv", timeFormat: "%d/%m" }).success, "no year");
});

Deno.test("separate Date and Time columns are read as one time, not as duplicate timestamps", async () => {
  await eachEngine({
    "dt.csv":
      "Date,Time,Open,High,Low,Close\n2024-01-02,09:30,1,1,1,1\n2024-01-02,09:35,1,1,1,1\n2024-01-03,09:30,1,1,1,1\n",
    "us.csv": "Date,Time,Open,High,Low,Close\n01/02/2024,09:30:00,1,1,1,1\n01/02/2024,09:35:00,1,1,1,1\n",
    "two.csv": "Date,Datetime,Open,High,Low,Close\n2024-01-02,2024-01-02 09:30,1,1,1,1\n",
  }, async (dir, engine, kind) => {
    const f = await loadBars(data({ source: `${dir}/dt.csv` }), { engine });
    assert.deepEqual(
      Array.from(f.tsMs, iso),
      ["2024-01-02T09:30:00.000Z", "2024-01-02T09:35:00.000Z", "2024-01-03T09:30:00.000Z"],
      kind,
    );
    assert.equal(f.intervalMs[0], 5 * 60_000, kind);
    const us = await loadBars(data({ source: `${dir}/us.csv`, timeFormat: "%m/%d/%Y %H:%M:%S" }), { engine });
    assert.deepEqual(Array.from(us.tsMs, iso), ["2024-01-02T09:30:00.000Z", "2024-01-02T09:35:00.000Z"], kind);
    await assert.rejects(
      loadBars(data({ source: `${dir}/us.csv` }), { engine }),
      /us\.csv": unparsable time at row 1 \(line 2\): found "01\/02\/2024 09:30:00" \(columns "Date" and "Time" joined\)/,
      kind,
    );
    await assert.rejects(
      loadBars(data({ source: `${dir}/two.csv` }), { engine }),
      /two\.csv": two time columns, "Date" and "Datetime"/,
      kind,
    );
  });
});

Deno.test("numbers written with hex or underscore digits are not prices, also past the rows DuckDB samples", async () => {
  const rows: string[] = [];
  for (let i = 0; i < 30_000; i++) {
    rows.push(`${iso(Date.UTC(2000, 0, 1) + i * 60_000).slice(0, 19)},10.5,11,9,10.25,100`);
  }
  await eachEngine({
    "hex.csv": `${BARS}2024-01-01,0x0A,11,9,10,100\n2024-01-02,0x0B,12,9,11,100\n`,
    "under.csv": `${BARS}2024-01-01,10,11,9,10,100\n2024-01-02,10,11,9,1_0,100\n`,
    "late.csv": `${BARS}${rows.join("\n")}\n2001-01-01 00:00:00,10,11,9,1_0,100\n`,
    "late_hex.csv": `${BARS}${rows.join("\n")}\n2001-01-01 00:00:00,0x0A,11,9,10,100\n`,
    "fx.csv": `Date,Symbol,Open,High,Low,Close\n2024-01-01,EUR_USD,1,1,1,1\n2024-01-02,EUR_USD,1,1,1,1\n`,
  }, async (dir, engine, kind) => {
    await assert.rejects(
      loadBars(data({ source: `${dir}/hex.csv` }), { engine }),
      /hex\.csv": Open must be a finite number > 0 at row 1 \(line 2\): found "0x0A"/,
      kind,
    );
    await assert.rejects(
      loadBars(data({ source: `${dir}/under.csv` }), { engine }),
      /under\.csv": Close must be a finite number > 0 at row 2 \(line 3\): found "1_0"/,
      kind,
    );
    await assert.rejects(
      loadBars(data({ source: `${dir}/late.csv` }), { engine }),
      /late\.csv": Close must be a finite number > 0 at row 30001 \(line 30002\): found "1_0"/,
      kind,
    );
    await assert.rejects(
      loadBars(data({ source: `${dir}/late_hex.csv` }), { engine }),
      /late_hex\.csv": Open must be a finite number > 0 at row 30001 \(line 30002\): found "0x0A"/,
      kind,
    );
    // an underscore in a symbol is no number
    assert.deepEqual((await loadBars(data({ source: `${dir}/fx.csv` }), { engine })).symbols, ["EUR_USD"], kind);
  });
});

Deno.test("a later row in another layout than the rows DuckDB's sniffer sampled is a DataError, not a silent cast", async () => {
  // DuckDB types a column from a sample: these 30,000 rows make "Datetime" a TIMESTAMP, and its typed read then
  // takes 2001/01/01, 2001-1-1, infinity and epoch too, and drops a +02 offset (measured with DuckDB 1.5, both builds)
  const rows: string[] = [];
  for (let i = 0; i < 30_000; i++) {
    rows.push(`${iso(Date.UTC(2000, 0, 1) + i * 60_000).slice(0, 19)},10.5,11,9,10.25,100`);
  }
  const head = `${BARS.replace("Date", "Datetime")}${rows.join("\n")}\n`;
  const late = [
    "2001/01/01 00:00:00",
    "2001-1-1 0:0:0",
    "infinity",
    "epoch",
    "01/02/2001 00:00:00",
    "2001-01-01 00:00",
  ];
  const files = Object.fromEntries(late.map((t, i) => [`l${i}.csv`, `${head}${t},10.5,11,9,10.25,100\n`]));
  files["offset.csv"] = `${head}2001-01-01 00:00:00+02:00,10.5,11,9,10.25,100\n`;
  files["t.csv"] = `${head}2001-01-01T00:00:00Z,10.5,11,9,10.25,100\n`;
  await eachEngine(files, async (dir, engine, kind) => {
    for (const [i, t] of late.entries()) {
      if (t === "2001-01-01 00:00") {
        // ISO-8601 without seconds: another layout, but ISO, so it loads
        const f = await loadBars(data({ source: `${dir}/l${i}.csv` }), { engine });
        assert.equal(iso(f.tsMs[30_000]!), "2001-01-01T00:00:00.000Z", kind);
        continue;
      }
      await assert.rejects(
        loadBars(data({ source: `${dir}/l${i}.csv` }), { engine }),
        (e: Error) =>
          e instanceof DataError &&
          e.message.includes(`l${i}.csv": unparsable time at row 30001 (line 30002): found ${JSON.stringify(t)}`),
        `${kind}: ${t}`,
      );
    }
    // an offset is converted, not dropped
    const off = await loadBars(data({ source: `${dir}/offset.csv` }), { engine });
    assert.equal(iso(off.tsMs[30_000]!), "2000-12-31T22:00:00.000Z", kind);
    const z = await loadBars(data({ source: `${dir}/t.csv` }), { engine });
    assert.equal(iso(z.tsMs[30_000]!), "2001-01-01T00:00:00.000Z", kind);
  });
});

Deno.test("an underscore or an x in a price is found wherever it sits in the file's bytes", async () => {
  // the scan reads four bytes at a time: put the byte at each offset modulo 4, and past the first 1 MiB read
  const rows: string[] = [];
  for (let i = 0; i < 30_000; i++) {
    rows.push(`${iso(Date.UTC(2000, 0, 1) + i * 60_000).slice(0, 19)},10.5,11,9,10.25,100`);
  }
  const head = `${BARS.replace("Date", "Datetime")}${rows.join("\n")}\n`;
  const files: Record<string, string> = {};
  for (let pad = 0; pad < 4; pad++) {
    files[`u${pad}.csv`] = `${head}2001-01-01 00:00:00,10${"0".repeat(pad)},11${"0".repeat(pad)},9,1_0,100\n`;
    files[`x${pad}.csv`] = `${head}2001-01-01 00:00:00,10,11,9,1${"0".repeat(pad)}X,100\n`;
  }
  await eachEngine(files, async (dir, engine, kind) => {
    for (let pad = 0; pad < 4; pad++) {
      await assert.rejects(
        loadBars(data({ source: `${dir}/u${pad}.csv` }), { engine }),
        /Close must be a finite number > 0 at row 30001 \(line 30002\): found "1_0"/,
        `${kind} ${pad}`,
      );
      await assert.rejects(
        loadBars(data({ source: `${dir}/x${pad}.csv` }), { engine }),
        new RegExp(`Close must be a finite number > 0 at row 30001 \\(line 30002\\): found "1${"0".repeat(pad)}X"`),
        `${kind} ${pad}`,
      );
    }
  });
});

Deno.test("a numeric Symbol column keeps its text: 0700 stays 0700", async () => {
  await eachEngine({
    "hk.csv": "Date,Symbol,Open,High,Low,Close\n2024-01-01,0700,1,1,1,1\n2024-01-01,7203,1,1,1,1\n",
  }, async (dir, engine, kind) => {
    assert.deepEqual((await loadBars(data({ source: `${dir}/hk.csv` }), { engine })).symbols, ["0700", "7203"], kind);
  });
});

Deno.test("absurd prices and volumes are a DataError, not numbers that overflow later", async () => {
  await eachEngine({
    "tiny.csv": `${BARS}2024-01-01,1,1,1,1,1\n2024-01-02,1e-320,1e-320,1e-320,1e-320,1\n`,
    "huge.csv": `${BARS}2024-01-01,1,1,1,1,1\n2024-01-02,1e308,1e308,1e308,1e308,1\n`,
    "vol.csv": `${BARS}2024-01-01,1,1,1,1,1e300\n`,
  }, async (dir, engine, kind) => {
    await assert.rejects(
      loadBars(data({ source: `${dir}/tiny.csv` }), { engine }),
      /tiny\.csv": Open must be a price between 1e-12 and 1e12 at row 2 \(line 3\): found "1e-320"/,
      kind,
    );
    await assert.rejects(
      loadBars(data({ source: `${dir}/huge.csv` }), { engine }),
      /huge\.csv": Open must be a price between 1e-12 and 1e12 at row 2 \(line 3\): found "1e308"/,
      kind,
    );
    await assert.rejects(
      loadBars(data({ source: `${dir}/vol.csv` }), { engine }),
      /vol\.csv": Volume must be at most 1e18 at row 1 \(line 2\): found "1e300"/,
      kind,
    );
  });
});

Deno.test("a huge file that is not data is rejected from its first bytes, before it is read whole", async () => {
  const dir = await Deno.makeTempDir();
  try {
    // 4 GiB of zeros: sparse, so it costs no disk; read whole, it would take minutes (and the wasm engine's memory)
    await Deno.writeFile(`${dir}/zeros.csv`, new Uint8Array(0));
    await Deno.truncate(`${dir}/zeros.csv`, 4 * 1024 ** 3);
    await Deno.writeFile(`${dir}/zeros.parquet`, new Uint8Array(0));
    await Deno.truncate(`${dir}/zeros.parquet`, 4 * 1024 ** 3);
    const long = new Uint8Array(3 << 20).fill(0x61); // 3 MiB of "a", no line break
    await Deno.writeFile(`${dir}/long.csv`, long);
    for (const kind of KINDS) {
      using engine = await openSqlEngine(kind);
      await assert.rejects(
        loadBars(data({ source: `${dir}/zeros.csv` }), { engine }),
        /zeros\.csv": not a readable CSV file: binary data \(a NUL byte at byte 0\)/,
        kind,
      );
      await assert.rejects(
        loadBars(data({ source: `${dir}/zeros.parquet` }), { engine }),
        /zeros\.parquet": not a Parquet file \(it does not start with PAR1\)/,
        kind,
      );
      await assert.rejects(
        loadBars(data({ source: `${dir}/long.csv` }), { engine }),
        /long\.csv": not a readable CSV file: no line break in its first 64 KiB/,
        kind,
      );
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a directory, a FIFO or a symlink loop given as data is reported as what it is", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${dir}/bars`);
    await new Deno.Command("mkfifo", { args: [`${dir}/pipe.csv`] }).output();
    await Deno.symlink(`${dir}/loop_b.csv`, `${dir}/loop_a.csv`);
    await Deno.symlink(`${dir}/loop_a.csv`, `${dir}/loop_b.csv`);
    const cases: [string, RegExp][] = [
      [
        `${dir}/bars`,
        /bars": a directory, not a file; to load the files in it, use a glob such as ".*\/bars\/\*\.csv"/,
      ],
      [`${dir}/pipe.csv`, /pipe\.csv": a FIFO \(named pipe\), not a regular file/],
      [`${dir}/loop_a.csv`, /loop_a\.csv": a loop of symbolic links/],
      [`${dir}/nope.csv`, /nope\.csv": file not found/],
    ];
    for (const [path, want] of cases) {
      await assert.rejects(loadBars(data({ source: path })), want);
      await assert.rejects(sourceFiles(data({ source: path })), want);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a file the operating system refuses to read is a permission problem, not a missing file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/locked.csv`, `${BARS}2024-01-01,1,1,1,1,1\n`);
    await Deno.chmod(`${dir}/locked.csv`, 0o000);
    // root reads anything: drop the capabilities that let it (setpriv), as an ordinary user would be
    const asUser = Deno.uid() === 0 ? ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--"] : [];
    const script = `import { loadBars } from ${JSON.stringify(new URL("./load_bars.ts", import.meta.url).href)};
try { await loadBars({ source: { kind: "files", path: ${
      JSON.stringify(`${dir}/locked.csv`)
    } } }); } catch (e) { console.log(e.message); }`;
    const [cmd, ...args] = [...asUser, Deno.execPath(), "eval", "--no-prompt", script];
    const out = await new Deno.Command(cmd!, { args, stdout: "piped", stderr: "piped", cwd: Deno.cwd() }).output();
    const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
    assert.match(text, /locked\.csv": permission denied: the operating system does not let this user read it/, text);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a {symbol} pattern, a brace glob and a symbol map name several files' symbols, on both engines", async () => {
  const rows = (p: number) =>
    `${BARS}2024-01-01,${p},${p + 1},${p - 1},${p},10\n2024-01-02,${p},${p + 1},${p - 1},${p},20\n`;
  await eachEngine(
    {
      "orcl-1995-2014.txt": rows(10),
      "yhoo-1996-2014.txt": rows(20),
      "nvda-1999-2014.txt": rows(30),
      "spy.csv": `Date,Symbol,Open,High,Low,Close\n2024-01-01,SPY,5,6,4,5\n`,
    },
    async (dir, engine, kind) => {
      const load = (source: unknown, extra = {}) => loadBars(data({ source, ...extra }), { baseDir: dir, engine });
      const closes = (f: Awaited<ReturnType<typeof loadBars>>) =>
        f.symbols.map((s, i) => `${s}:${f.close[f.symbolId.indexOf(i)]}`);
      const pattern = await load("{symbol}-*-2014.txt");
      assert.deepEqual(pattern.symbols, ["nvda", "orcl", "yhoo"], kind);
      assert.deepEqual(closes(pattern), ["nvda:30", "orcl:10", "yhoo:20"], kind);
      const map = await load({ kind: "files", files: { ORCL: "orcl-1995-2014.txt", YHOO: "yhoo-1996-2014.txt" } });
      assert.deepEqual(map.symbols, ["ORCL", "YHOO"], kind);
      assert.deepEqual(closes(map), ["ORCL:10", "YHOO:20"], kind);
      // the same map from another working directory: the map's files resolve against `path`
      const elsewhere = await loadBars(
        data({
          source: { kind: "files", path: dir, files: { ORCL: "orcl-1995-2014.txt", YHOO: "yhoo-1996-2014.txt" } },
        }),
        { baseDir: "/", engine },
      );
      assert.deepEqual(elsewhere, map, kind);
      // braces without {symbol}: symbols are file names without the extension, as for any glob
      assert.deepEqual((await load("{orcl,yhoo}-*.txt")).symbols, ["orcl-1995-2014", "yhoo-1996-2014"], kind);
      // data.symbols filters the captured names; with one file, it no longer renames it
      assert.deepEqual((await load("{symbol}-*-2014.txt", { symbols: ["yhoo"] })).symbols, ["yhoo"], kind);
      await assert.rejects(
        load({ kind: "files", files: { ORCL: "orcl-1995-2014.txt" } }, { symbols: ["X"] }),
        /symbol X not found; found ORCL/,
      );
      // a Symbol column that agrees with the file's given symbol is fine; one that does not is a DataError
      assert.deepEqual((await load({ kind: "files", files: { SPY: "spy.csv" } })).symbols, ["SPY"], kind);
      await assert.rejects(
        load("{symbol}.csv"),
        /spy\.csv": its Symbol column holds "SPY" at row 1 \(line 2\), but data\.source names the file's symbol "spy"/,
      );
      // sourceFiles() lists what loadBars() reads, in load order
      assert.deepEqual(
        (await sourceFiles(data({ source: "{symbol}-*-2014.txt" }), { baseDir: dir }))!.map((f) =>
          f.slice(dir.length + 1)
        ),
        ["nvda-1999-2014.txt", "orcl-1995-2014.txt", "yhoo-1996-2014.txt"],
      );
    },
  );
});
