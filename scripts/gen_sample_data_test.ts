import assert from "node:assert/strict";
import { openNativeDuckDb } from "../engine/data/_duckdb.ts";
import {
  businessDays,
  DEFAULT_SEED,
  END_DATE,
  formatTicks,
  generateSampleBars,
  generateSampleCsvs,
  SAMPLE_SPECS,
  START_DATE,
} from "./gen_sample_data.ts";
import { sha256Hex } from "./gen_synth.ts";

const SAMPLE_DIR = decodeURIComponent(
  new URL("../data/sample/", import.meta.url).pathname,
);
const SYMBOLS = ["AAA", "BBB", "CCC", "DDD"];
const CSV_FILES = [...SYMBOLS.map((s) => `${s}.csv`), "sample.csv"];

interface Row {
  date: string;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

const PRICE = /^(?:0|[1-9]\d*)\.\d\d$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Parse a committed per-symbol CSV strictly; prices come back as ticks. */
function parseSymbolCsv(text: string): Row[] {
  assert.ok(text.endsWith("\n"), "trailing newline");
  assert.ok(!text.includes("\r"), "LF line endings only");
  const lines = text.slice(0, -1).split("\n");
  assert.equal(lines[0], "Date,Open,High,Low,Close,Volume");
  return lines.slice(1).map((line, i) => {
    const f = line.split(",");
    assert.equal(f.length, 6, `line ${i + 2}: ${line}`);
    const [date, ...rest] = f as [string, ...string[]];
    assert.match(date, DATE);
    for (const p of rest.slice(0, 4)) assert.match(p, PRICE, `line ${i + 2}`);
    assert.match(rest[4]!, /^[1-9]\d*$/, `line ${i + 2} volume`);
    const ticks = (p: string) => Number(p.replace(".", ""));
    return {
      date,
      open: ticks(rest[0]!),
      high: ticks(rest[1]!),
      low: ticks(rest[2]!),
      close: ticks(rest[3]!),
      volume: Number(rest[4]),
    };
  });
}

async function readCommitted(name: string): Promise<Uint8Array> {
  return await Deno.readFile(`${SAMPLE_DIR}${name}`);
}

Deno.test("sample data: regenerating in memory gives the committed CSV bytes", async () => {
  const enc = new TextEncoder();
  const files = generateSampleCsvs(DEFAULT_SEED);
  assert.deepEqual([...files.keys()].sort(), [...CSV_FILES].sort());
  for (const name of CSV_FILES) {
    const fresh = enc.encode(files.get(name)!);
    const committed = await readCommitted(name);
    assert.equal(fresh.length, committed.length, `${name}: byte count`);
    assert.equal(
      await sha256Hex(fresh),
      await sha256Hex(committed),
      `${name}: content (rerun scripts/gen_sample_data.ts?)`,
    );
  }
});

Deno.test("sample data: generation is deterministic and seed-dependent", () => {
  const a = generateSampleCsvs(DEFAULT_SEED);
  const b = generateSampleCsvs(DEFAULT_SEED);
  const c = generateSampleCsvs(DEFAULT_SEED + 1);
  for (const name of CSV_FILES) {
    assert.equal(a.get(name), b.get(name));
    assert.notEqual(a.get(name), c.get(name));
  }
});

Deno.test("sample data: OHLC invariants hold on every row", async () => {
  for (const sym of SYMBOLS) {
    const rows = parseSymbolCsv(
      new TextDecoder().decode(await readCommitted(`${sym}.csv`)),
    );
    assert.ok(rows.length > 2500, `${sym}: ${rows.length} rows`);
    for (const r of rows) {
      const where = `${sym} ${r.date}`;
      assert.ok(r.open > 0 && r.high > 0 && r.low > 0 && r.close > 0, where);
      assert.ok(r.high >= Math.max(r.open, r.close), `${where}: high`);
      assert.ok(r.low <= Math.min(r.open, r.close), `${where}: low`);
      assert.ok(Number.isSafeInteger(r.volume) && r.volume > 0, where);
    }
  }
});

Deno.test("sample data: dates are strictly increasing business days, none missing", async () => {
  const expected = businessDays(START_DATE, END_DATE);
  assert.equal(expected[0], "2015-01-02");
  assert.equal(expected.at(-1), "2024-12-31");
  for (const sym of SYMBOLS) {
    const rows = parseSymbolCsv(
      new TextDecoder().decode(await readCommitted(`${sym}.csv`)),
    );
    const dates = rows.map((r) => r.date);
    for (let i = 0; i < dates.length; i++) {
      const d = new Date(`${dates[i]}T00:00:00Z`);
      assert.equal(d.toISOString().slice(0, 10), dates[i], "a real date");
      const wd = d.getUTCDay();
      assert.ok(wd >= 1 && wd <= 5, `${sym} ${dates[i]} is a weekend`);
      if (i > 0) assert.ok(dates[i - 1]! < dates[i]!, `${sym} ${dates[i]}`);
    }
    assert.deepEqual(dates, expected);
  }
});

Deno.test("sample data: combined CSV is the per-symbol files with a Symbol column", async () => {
  const dec = new TextDecoder();
  const combined = dec.decode(await readCommitted("sample.csv"));
  const lines = ["Symbol,Date,Open,High,Low,Close,Volume"];
  for (const sym of SYMBOLS) {
    const body = dec.decode(await readCommitted(`${sym}.csv`)).split("\n")
      .slice(1, -1);
    for (const l of body) lines.push(`${sym},${l}`);
  }
  assert.equal(combined, lines.join("\n") + "\n");
});

Deno.test("sample data: README lists every CSV's size and sha256", async () => {
  const readme = await Deno.readTextFile(`${SAMPLE_DIR}README.md`);
  assert.ok(readme.includes(`scripts/gen_sample_data.ts --out data/sample`));
  assert.ok(readme.includes(`Seed: \`${DEFAULT_SEED}\``));
  for (const name of CSV_FILES) {
    const data = await readCommitted(name);
    const row = new RegExp(
      `\\| \`${name.replace(".", "\\.")}\`\\s*\\| ${data.length}\\s*\\| \`${await sha256Hex(
        data,
      )}\` \\|`,
    );
    assert.match(readme, row, `${name} digest row`);
  }
});

Deno.test("sample data: data/sample stays under 2 MB", async () => {
  let total = 0;
  for await (const e of Deno.readDir(SAMPLE_DIR)) {
    if (e.isFile) total += (await Deno.stat(`${SAMPLE_DIR}${e.name}`)).size;
  }
  assert.ok(total < 2 * 1024 * 1024, `${total} bytes`);
});

Deno.test("sample data: Parquet has the typed columns and the CSV's rows in order", async () => {
  using db = await openNativeDuckDb();
  const pq = `read_parquet('${SAMPLE_DIR}sample.parquet', file_row_number = true)`;
  const cols = await db.describe(`'${SAMPLE_DIR}sample.parquet'`);
  assert.deepEqual(
    cols.map((c) => `${c.name} ${c.type}`),
    [
      "Symbol VARCHAR",
      "Date DATE",
      "Open DOUBLE",
      "High DOUBLE",
      "Low DOUBLE",
      "Close DOUBLE",
      "Volume BIGINT",
    ],
  );
  const csv = `read_csv('${SAMPLE_DIR}sample.csv', header = true, columns = {
    'Symbol': 'VARCHAR', 'Date': 'DATE', 'Open': 'DOUBLE', 'High': 'DOUBLE',
    'Low': 'DOUBLE', 'Close': 'DOUBLE', 'Volume': 'BIGINT'})`;
  const [[n, csvN, missing, extra, inOrder]] = (await db.queryRows(`
    SELECT
      (SELECT count(*) FROM ${pq}),
      (SELECT count(*) FROM ${csv}),
      (SELECT count(*) FROM (SELECT * FROM ${csv}
         EXCEPT ALL SELECT * EXCLUDE (file_row_number) FROM ${pq})),
      (SELECT count(*) FROM (SELECT * EXCLUDE (file_row_number) FROM ${pq}
         EXCEPT ALL SELECT * FROM ${csv})),
      (SELECT bool_and(file_row_number = rn) FROM (
         SELECT file_row_number,
                row_number() OVER (ORDER BY Symbol, Date) - 1 AS rn
         FROM ${pq}))
  `)) as [[bigint, bigint, bigint, bigint, boolean]];
  assert.equal(Number(n), 4 * businessDays(START_DATE, END_DATE).length);
  assert.equal(Number(csvN), Number(n));
  assert.equal(Number(missing), 0);
  assert.equal(Number(extra), 0);
  assert.equal(inOrder, true);
});

/** Simple moving average of `xs` ending at `i` (inclusive), window `k`. */
function sma(xs: Int32Array, i: number, k: number): number {
  let s = 0;
  for (let j = i - k + 1; j <= i; j++) s += xs[j]!;
  return s / k;
}

Deno.test("sample data: paths have trends, crashes, gaps and crosses to trade", () => {
  assert.deepEqual(SAMPLE_SPECS.map((s) => s.symbol).sort(), SYMBOLS);
  for (const b of generateSampleBars(DEFAULT_SEED)) {
    const n = b.close.length;
    // SMA(10/30) crosses: a trend follower must trade, but not every day.
    let crosses = 0;
    let prev = 0;
    for (let i = 29; i < n; i++) {
      const s = Math.sign(sma(b.close, i, 10) - sma(b.close, i, 30));
      if (s !== 0 && prev !== 0 && s !== prev) crosses++;
      if (s !== 0) prev = s;
    }
    assert.ok(
      crosses >= 40 && crosses <= 200,
      `${b.symbol}: ${crosses} crosses`,
    );
    // Overnight gaps of more than 3 %.
    let gaps = 0;
    for (let i = 1; i < n; i++) {
      if (Math.abs(b.open[i]! / b.close[i - 1]! - 1) > 0.03) gaps++;
    }
    assert.ok(gaps >= 10, `${b.symbol}: ${gaps} gaps`);
    // Rallies and sell-offs: some 126-bar window up > 20 % and one down > 20 %.
    let up = 0;
    let down = 0;
    for (let i = 126; i < n; i++) {
      const r = b.close[i]! / b.close[i - 126]! - 1;
      up = Math.max(up, r);
      down = Math.min(down, r);
    }
    assert.ok(up > 0.2 && down < -0.2, `${b.symbol}: up ${up} down ${down}`);
    // At least one crash: a drawdown deeper than 30 %.
    let peak = 0;
    let mdd = 0;
    for (const c of b.close) {
      peak = Math.max(peak, c);
      mdd = Math.min(mdd, c / peak - 1);
    }
    assert.ok(mdd < -0.3, `${b.symbol}: max drawdown ${mdd}`);
    // Volume varies: the busiest day is several times the quietest.
    const vmin = Math.min(...b.volume);
    const vmax = Math.max(...b.volume);
    assert.ok(vmax / vmin > 5, `${b.symbol}: volume ${vmin}..${vmax}`);
  }
});

Deno.test("formatTicks writes exactly two decimals and rejects non-positive ticks", () => {
  assert.equal(formatTicks(1), "0.01");
  assert.equal(formatTicks(10), "0.10");
  assert.equal(formatTicks(100), "1.00");
  assert.equal(formatTicks(123456), "1234.56");
  assert.throws(() => formatTicks(0), RangeError);
  assert.throws(() => formatTicks(-5), RangeError);
  assert.throws(() => formatTicks(1.5), RangeError);
});

Deno.test("businessDays skips weekends and includes both ends", () => {
  assert.deepEqual(businessDays("2024-12-27", "2025-01-02"), [
    "2024-12-27",
    "2024-12-30",
    "2024-12-31",
    "2025-01-01",
    "2025-01-02",
  ]);
  assert.deepEqual(businessDays("2024-12-28", "2024-12-29"), []);
});
