import assert from "node:assert/strict";
import { openSqlEngine } from "../engine/data/sql_engine.ts";
import { sha256Hex } from "../engine/sha256_hex.ts";
import { taskArgs } from "./task_args.ts";
import {
  businessDays,
  DEFAULT_SEED,
  END_DATE,
  formatTicks,
  generateSampleBars,
  generateSampleCsvs,
  HOURLY_SPECS,
  PAIR_SPEC,
  SAMPLE_SPECS,
  START_DATE,
  UNIVERSE_SPECS,
} from "./gen_sample_data.ts";

const SAMPLE_DIR = decodeURIComponent(
  new URL("../data/sample/", import.meta.url).pathname,
);
const SYMBOLS = ["AAA", "BBB", "CCC", "DDD"];
/** The daily universe, as promised: ten made-up tickers, the pair `QPA`/`QPB` among them. */
const UNIVERSE = ["QBX", "QCX", "QEX", "QFX", "QMX", "QPA", "QPB", "QSX", "QTX", "QUX"];
const HOURLY = ["HQA", "HQB"];
const ORIGINAL_FILES = [...SYMBOLS.map((s) => `${s}.csv`), "sample.csv"];
const CSV_FILES = [
  ...ORIGINAL_FILES,
  ...UNIVERSE.map((s) => `universe/${s}.csv`),
  ...HOURLY.map((s) => `hourly/${s}.csv`),
];

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
const DATETIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

/** Parse a committed per-symbol CSV strictly; prices come back as ticks. */
function parseSymbolCsv(text: string, time: RegExp = DATE): Row[] {
  assert.ok(text.endsWith("\n"), "trailing newline");
  assert.ok(!text.includes("\r"), "LF line endings only");
  const lines = text.slice(0, -1).split("\n");
  assert.equal(lines[0], "Date,Open,High,Low,Close,Volume");
  return lines.slice(1).map((line, i) => {
    const f = line.split(",");
    assert.equal(f.length, 6, `line ${i + 2}: ${line}`);
    const [date, ...rest] = f as [string, ...string[]];
    assert.match(date, time);
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
  for (const name of CSV_FILES.filter((f) => f !== "sample.csv")) {
    const rows = parseSymbolCsv(
      new TextDecoder().decode(await readCommitted(name)),
      name.startsWith("hourly/") ? DATETIME : DATE,
    );
    assert.ok(rows.length > 2500, `${name}: ${rows.length} rows`);
    for (const r of rows) {
      const where = `${name} ${r.date}`;
      assert.ok(r.open > 0 && r.high > 0 && r.low > 0 && r.close > 0, where);
      assert.ok(r.high >= Math.max(r.open, r.close), `${where}: high`);
      assert.ok(r.low <= Math.min(r.open, r.close), `${where}: low`);
      assert.ok(Number.isSafeInteger(r.volume) && r.volume > 0, where);
      assert.equal(r.volume % 100, 0, `${where}: volume in round lots`);
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

Deno.test("sample data: data/sample stays under 3 MB", async () => {
  let total = 0;
  const walk = async (dir: string) => {
    for await (const e of Deno.readDir(dir)) {
      if (e.isFile) total += (await Deno.stat(`${dir}${e.name}`)).size;
      else if (e.isDirectory) await walk(`${dir}${e.name}/`);
    }
  };
  await walk(SAMPLE_DIR);
  assert.ok(total < 3 * 1024 * 1024, `${total} bytes`);
});

Deno.test("sample data: Parquet has the typed columns and the CSV's rows in order", async () => {
  using db = await openSqlEngine("native");
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

// ---------------------------------------------------------------------------
// The daily universe, the pair and the hourly bars. Every property below is
// computed here from the CSV text (parsed by this file), never taken from the
// generator's own numbers.
// ---------------------------------------------------------------------------

/** The freshly generated CSV files, parsed: path → rows. */
function generatedRows(): Map<string, Row[]> {
  const out = new Map<string, Row[]>();
  for (const [name, text] of generateSampleCsvs(DEFAULT_SEED)) {
    if (name === "sample.csv") continue;
    out.set(name, parseSymbolCsv(text, name.startsWith("hourly/") ? DATETIME : DATE));
  }
  return out;
}

let rowsCache: Map<string, Row[]> | undefined;
const rowsOf = (name: string) => (rowsCache ??= generatedRows()).get(name)!;
const universeRows = (sym: string) => rowsOf(`universe/${sym}.csv`);
const hourlyRows = (sym: string) => rowsOf(`hourly/${sym}.csv`);

/** Every Monday–Friday from `from` to `to`, computed independently of the generator. */
function weekdays(from: string, to: string): string[] {
  const out: string[] = [];
  const d = new Date(`${from}T00:00:00Z`);
  const end = new Date(`${to}T00:00:00Z`);
  while (d <= end) {
    const wd = d.getUTCDay();
    if (wd >= 1 && wd <= 5) out.push(d.toISOString().slice(0, 10));
    d.setUTCDate(d.getUTCDate() + 1);
  }
  return out;
}

function logReturns(closes: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < closes.length; i++) out.push(Math.log(closes[i]! / closes[i - 1]!));
  return out;
}

function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

function stdev(xs: readonly number[]): number {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
}

function correlation(a: readonly number[], b: readonly number[]): number {
  const ma = mean(a);
  const mb = mean(b);
  let c = 0;
  let va = 0;
  let vb = 0;
  for (let i = 0; i < a.length; i++) {
    c += (a[i]! - ma) * (b[i]! - mb);
    va += (a[i]! - ma) ** 2;
    vb += (b[i]! - mb) ** 2;
  }
  return c / Math.sqrt(va * vb);
}

/** OLS slope of `y` on `x` (with intercept). */
function slope(x: readonly number[], y: readonly number[]): number {
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < x.length; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
  }
  return sxy / sxx;
}

/** Half-life in bars of an AR(1) fitted to `xs`: regress Δx on the lagged level. */
function halfLife(xs: readonly number[]): number {
  const b = slope(xs.slice(0, -1), xs.slice(1).map((x, i) => x - xs[i]!));
  return b >= 0 ? Infinity : -Math.LN2 / Math.log(1 + b);
}

/** Indexes of the last bar of each calendar month. */
function monthEnds(dates: readonly string[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < dates.length; i++) {
    if (i === dates.length - 1 || dates[i + 1]!.slice(0, 7) !== dates[i]!.slice(0, 7)) out.push(i);
  }
  return out;
}

Deno.test("universe: ten made-up tickers, the business-day calendar, two-decimal ticks well above 1.00", () => {
  assert.deepEqual(
    [...UNIVERSE_SPECS.map((s) => s.symbol), ...PAIR_SPEC.legs].sort(),
    UNIVERSE,
  );
  const days = weekdays("2015-01-02", "2024-12-31");
  for (const sym of UNIVERSE) {
    assert.match(sym, /^(?=.*[QX])[A-Z]{3,4}$/, sym);
    assert.ok(!SYMBOLS.includes(sym));
    const rows = universeRows(sym);
    assert.deepEqual(rows.map((r) => r.date), days, `${sym} calendar`);
    const lowest = Math.min(...rows.map((r) => r.low));
    assert.ok(lowest >= 500, `${sym}: lowest low ${lowest / 100}`);
  }
});

Deno.test("universe: distinct characters and sector co-movement", () => {
  const rets = new Map(UNIVERSE.map((s) => [s, logReturns(universeRows(s).map((r) => r.close))]));
  const vol = (s: string) => stdev(rets.get(s)!) * Math.sqrt(252);
  const vols = UNIVERSE.map(vol);
  // From a low-volatility utility to high-volatility biotech and semis.
  assert.ok(Math.min(...vols) < 0.2, `lowest vol ${Math.min(...vols)}`);
  assert.ok(Math.max(...vols) > 0.4, `highest vol ${Math.max(...vols)}`);
  // Total returns over the decade spread from big losers to big winners.
  const total = UNIVERSE.map((s) => {
    const rows = universeRows(s);
    return rows.at(-1)!.close / rows[0]!.open;
  });
  assert.ok(Math.min(...total) < 0.6 && Math.max(...total) > 2, `totals ${total}`);
  // Everything co-moves a little (the market); members of a sector co-move more.
  const sectorOf = new Map<string, string>();
  for (const s of UNIVERSE_SPECS) if (s.sector !== undefined) sectorOf.set(s.symbol, s.sector);
  const within: number[] = [];
  const across: number[] = [];
  for (let i = 0; i < UNIVERSE.length; i++) {
    for (let j = i + 1; j < UNIVERSE.length; j++) {
      const [a, b] = [UNIVERSE[i]!, UNIVERSE[j]!];
      if (PAIR_SPEC.legs.includes(a) && PAIR_SPEC.legs.includes(b)) continue;
      const c = correlation(rets.get(a)!, rets.get(b)!);
      assert.ok(c > 0, `${a}/${b} correlation ${c}`);
      const sa = sectorOf.get(a);
      (sa !== undefined && sa === sectorOf.get(b) ? within : across).push(c);
    }
  }
  assert.ok(within.length >= 3, "at least three same-sector pairs");
  assert.ok(mean(within) > mean(across) + 0.1, `within ${mean(within)} across ${mean(across)}`);
});

Deno.test("universe: a 12-1 month momentum top 3 rotates and is no sure bet", () => {
  const closes = new Map(UNIVERSE.map((s) => [s, universeRows(s).map((r) => r.close)]));
  const dates = universeRows(UNIVERSE[0]!).map((r) => r.date);
  const ends = monthEnds(dates);
  let changes = 0;
  let previous = "";
  const held = new Set<string>();
  const excessByYear = new Map<string, number>();
  const dispersion: number[] = [];
  for (let m = 12; m < ends.length - 1; m++) {
    // Rank on the return from 12 months ago to 1 month ago, hold the top 3 for a month.
    const score = UNIVERSE.map((s) => {
      const c = closes.get(s)!;
      return { s, r: c[ends[m - 1]!]! / c[ends[m - 12]!]! - 1 };
    });
    dispersion.push(stdev(score.map((x) => x.r)));
    score.sort((a, b) => b.r - a.r || (a.s < b.s ? -1 : 1));
    const top = score.slice(0, 3).map((x) => x.s);
    const key = [...top].sort().join(",");
    if (previous !== "" && key !== previous) changes++;
    previous = key;
    for (const s of top) held.add(s);
    const next = (s: string) => closes.get(s)![ends[m + 1]!]! / closes.get(s)![ends[m]!]!;
    const mom = mean(top.map(next));
    const all = mean(UNIVERSE.map(next));
    const year = dates[ends[m + 1]!]!.slice(0, 4);
    excessByYear.set(year, (excessByYear.get(year) ?? 0) + Math.log(mom) - Math.log(all));
  }
  assert.ok(ends.length - 13 >= 100, "over 100 monthly rebalances");
  assert.ok(changes >= 20, `top 3 changed ${changes} times`);
  assert.ok(held.size >= 8, `only ${[...held]} ever held`);
  assert.ok(mean(dispersion) > 0.15, `cross-sectional dispersion ${mean(dispersion)}`);
  const years = [...excessByYear.values()];
  const won = years.filter((x) => x > 0).length;
  const lost = years.filter((x) => x < 0).length;
  assert.ok(won >= 2 && lost >= 2, `momentum beat equal weight in ${won} years and lagged in ${lost}`);
});

Deno.test("universe: QPA/QPB are cointegrated with a 10-30 day half-life and trade on |z| > 2", () => {
  const a = universeRows("QPA");
  const b = universeRows("QPB");
  const la = a.map((r) => Math.log(r.close));
  const lb = b.map((r) => Math.log(r.close));
  const spread = la.map((x, i) => x - lb[i]!);
  const hl = halfLife(spread);
  assert.ok(hl >= 10 && hl <= 30, `spread half-life ${hl}`);
  // The legs themselves wander (a common stochastic trend), far more than the spread.
  for (const [name, l] of [["QPA", la], ["QPB", lb]] as const) {
    assert.ok(halfLife(l) > 120, `${name} log price half-life ${halfLife(l)}`);
    assert.ok(stdev(l) > 5 * stdev(spread), `${name}: sd ${stdev(l)} vs spread ${stdev(spread)}`);
  }
  // 60-day z-score pairs trade: enter at |z| > 2, exit when z reaches 0.
  const W = 60;
  const trades = new Map<string, number>();
  let pos = 0;
  for (let i = W - 1; i < spread.length; i++) {
    const win = spread.slice(i - W + 1, i + 1);
    const z = (spread[i]! - mean(win)) / stdev(win);
    const year = a[i]!.date.slice(0, 4);
    if (pos === 0 && Math.abs(z) > 2) {
      pos = z > 0 ? -1 : 1;
      trades.set(year, (trades.get(year) ?? 0) + 1);
    } else if (pos !== 0 && (pos > 0 ? z >= 0 : z <= 0)) {
      pos = 0;
    }
  }
  const perYear = [...trades.values()];
  assert.equal(perYear.length, 10, `trades in every year: ${[...trades]}`);
  assert.ok(Math.min(...perYear) >= 2, `trades per year ${[...trades]}`);
  assert.ok(mean(perYear) >= 3.5, `trades per year ${[...trades]}`);
});

Deno.test("hourly: seven UTC bars per business day 14:00-20:00, 2023-01-02..2024-12-31", () => {
  assert.deepEqual(HOURLY_SPECS.map((s) => s.symbol).sort(), HOURLY);
  const expected = weekdays("2023-01-02", "2024-12-31").flatMap((d) =>
    [14, 15, 16, 17, 18, 19, 20].map((h) => `${d} ${h}:00:00`)
  );
  assert.equal(expected.length, 522 * 7);
  for (const sym of HOURLY) {
    const times = hourlyRows(sym).map((r) => r.date);
    assert.deepEqual(times, expected, sym);
    for (let i = 1; i < times.length; i++) {
      const t0 = Date.parse(`${times[i - 1]!.replace(" ", "T")}Z`);
      const t1 = Date.parse(`${times[i]!.replace(" ", "T")}Z`);
      assert.ok(t1 > t0, `${sym} ${times[i]} after ${times[i - 1]}`);
    }
  }
});

Deno.test("hourly: hourly returns mean-revert within a session, daily closes trend, sessions open with a gap", () => {
  for (const sym of HOURLY) {
    const rows = hourlyRows(sym);
    assert.equal(rows.length % 7, 0);
    const days = rows.length / 7;
    // Lag-1 autocorrelation of consecutive hourly close-to-close returns of the same session.
    const x: number[] = [];
    const y: number[] = [];
    for (let d = 0; d < days; d++) {
      for (let k = 2; k < 7; k++) {
        const i = d * 7 + k;
        x.push(Math.log(rows[i - 1]!.close / rows[i - 2]!.close));
        y.push(Math.log(rows[i]!.close / rows[i - 1]!.close));
      }
    }
    const ac = correlation(x, y);
    assert.ok(ac < -0.08 && ac > -0.45, `${sym}: lag-1 autocorrelation ${ac}`);
    // Overnight gaps: the first bar opens away from the previous day's last close.
    let gaps = 0;
    for (let d = 1; d < days; d++) if (rows[d * 7]!.open !== rows[d * 7 - 1]!.close) gaps++;
    assert.ok(gaps > 0.9 * (days - 1), `${sym}: ${gaps} gapped sessions of ${days - 1}`);
    // Daily closes: SMA(20)/SMA(50) crosses a few times a year, not every week.
    const daily = Array.from({ length: days }, (_, d) => rows[d * 7 + 6]!.close);
    const sma = (k: number, i: number) => mean(daily.slice(i - k + 1, i + 1));
    const crosses = new Map<string, number>();
    let prev = 0;
    for (let i = 49; i < days; i++) {
      const s = Math.sign(sma(20, i) - sma(50, i));
      if (s !== 0 && prev !== 0 && s !== prev) {
        const year = rows[i * 7]!.date.slice(0, 4);
        crosses.set(year, (crosses.get(year) ?? 0) + 1);
      }
      if (s !== 0) prev = s;
    }
    for (const year of ["2023", "2024"]) {
      const n = crosses.get(year) ?? 0;
      assert.ok(n >= 2 && n <= 12, `${sym} ${year}: ${n} SMA(20)/SMA(50) crosses`);
    }
    // Trends of several weeks: some 30-session stretch up > 8 % and one down > 8 %.
    let up = 0;
    let down = 0;
    for (let i = 30; i < days; i++) {
      const r = daily[i]! / daily[i - 30]! - 1;
      up = Math.max(up, r);
      down = Math.min(down, r);
    }
    assert.ok(up > 0.08 && down < -0.08, `${sym}: 30-day moves ${down}..${up}`);
    // Volume is shaped by the hour: the first and last hours are the busiest on average.
    const byHour = [0, 1, 2, 3, 4, 5, 6].map((k) => mean(rows.filter((_, i) => i % 7 === k).map((r) => r.volume)));
    assert.ok(Math.min(byHour[0]!, byHour[6]!) > Math.max(...byHour.slice(1, 6)), `${sym}: ${byHour}`);
    const lowest = Math.min(...rows.map((r) => r.low));
    assert.ok(lowest >= 500, `${sym}: lowest low ${lowest / 100}`);
  }
});

Deno.test("hourly: a short-term RSI(2) dip has been bought with an edge", () => {
  // Mean 3-hour forward return after RSI(2) < 10 versus after any bar, per symbol.
  let edges = 0;
  for (const sym of HOURLY) {
    const close = hourlyRows(sym).map((r) => r.close);
    let up = 0;
    let dn = 0;
    const after: number[] = [];
    const all: number[] = [];
    for (let i = 1; i + 3 < close.length; i++) {
      const ch = close[i]! - close[i - 1]!;
      up = (up + Math.max(ch, 0)) / 2;
      dn = (dn + Math.max(-ch, 0)) / 2;
      if (i < 3) continue;
      const fwd = close[i + 3]! / close[i]! - 1;
      all.push(fwd);
      if (dn > 0 && 100 - 100 / (1 + up / dn) < 10) after.push(fwd);
    }
    assert.ok(after.length > 100, `${sym}: ${after.length} RSI(2) < 10 bars`);
    if (mean(after) > mean(all)) edges++;
  }
  assert.ok(edges >= 1, "no symbol rewards buying RSI(2) dips");
});

// ---------------------------------------------------------------------------
// data/sample/README.md is written by hand. Its digests, its tables and the
// figures its prose quotes are computed here from the committed files (and
// the generator's parameters from its specs), so the test fails when the
// README goes stale.
// ---------------------------------------------------------------------------

/** A price in ticks as the README writes it, e.g. `1270` → `12.70`. */
function price(ticks: number): string {
  return `${Math.floor(ticks / 100)}.${String(ticks % 100).padStart(2, "0")}`;
}

/** A fraction as the README writes a percentage, e.g. `0.0105` → `1.05`. */
function percent(x: number): string {
  return String(Math.round(x * 10_000) / 100);
}

const RANGE_HEADER = ["symbol", "bars", "first open", "last close", "lowest low", "highest high"];

async function committedRows(name: string): Promise<Row[]> {
  return parseSymbolCsv(
    new TextDecoder().decode(await readCommitted(name)),
    name.startsWith("hourly/") ? DATETIME : DATE,
  );
}

/** A row of a range table: the symbol, its bar count, first open, last close, lowest low and highest high. */
async function rangeRow(name: string): Promise<string[]> {
  const rows = await committedRows(name);
  return [
    `\`${name.slice(name.lastIndexOf("/") + 1, -".csv".length)}\``,
    String(rows.length),
    price(rows[0]!.open),
    price(rows.at(-1)!.close),
    price(Math.min(...rows.map((r) => r.low))),
    price(Math.max(...rows.map((r) => r.high))),
  ];
}

/** What the README must show. */
interface ReadmeFacts {
  /** Title of a `## ` section → the Markdown tables in it, each with its header row first. */
  readonly tables: ReadonlyMap<string, readonly string[][][]>;
  /** Phrases its prose must contain (compared with all runs of white space as one space). */
  readonly phrases: readonly string[];
}

/** The README's tables and quoted figures, computed from the committed files and the generator's specs. */
async function computeReadmeFacts(): Promise<ReadmeFacts> {
  const digests = [["file", "bytes", "sha256"]];
  for (const name of CSV_FILES) {
    const data = await readCommitted(name);
    digests.push([`\`${name}\``, String(data.length), `\`${await sha256Hex(data)}\``]);
  }
  const daily = [RANGE_HEADER];
  for (const sym of SYMBOLS) daily.push(await rangeRow(`${sym}.csv`));
  const specOf = new Map(UNIVERSE_SPECS.map((s) => [s.symbol, s]));
  for (const leg of PAIR_SPEC.legs) specOf.set(leg, PAIR_SPEC.trend);
  const universe = [["symbol", "sector", "beta", "sector beta", ...RANGE_HEADER.slice(1)]];
  for (const sym of UNIVERSE) {
    const [symbol, ...range] = await rangeRow(`universe/${sym}.csv`);
    const spec = specOf.get(sym)!;
    universe.push([symbol!, spec.sector ?? "-", String(spec.beta), String(spec.sectorBeta ?? 0), ...range]);
  }
  const hourly = [RANGE_HEADER];
  for (const sym of HOURLY) hourly.push(await rangeRow(`hourly/${sym}.csv`));

  const combinedRows = new TextDecoder().decode(await readCommitted("sample.csv")).split("\n").length - 2;
  const duckdb = await parquetWriter();
  const days = (await committedRows(`${SYMBOLS[0]}.csv`)).map((r) => r.date);
  const hours = (await committedRows(`hourly/${HOURLY[0]}.csv`)).map((r) => r.date);
  const sessionHours = [...new Set(hours.map((t) => t.slice(11, 16)))];
  const sectors = [...new Set([...UNIVERSE_SPECS, PAIR_SPEC.trend].flatMap((s) => s.sector ?? []))].sort();
  const [legA, legB] = PAIR_SPEC.legs;
  const { phi, ratio, spreadVol, jumpProb, trend, volumeShare } = PAIR_SPEC;
  return {
    tables: new Map([
      ["Files", [daily]],
      ["Daily universe", [universe]],
      ["Hourly bars", [hourly]],
      ["Digests", [digests]],
    ]),
    phrases: [
      "scripts/gen_sample_data.ts --out data/sample",
      `Seed: \`${DEFAULT_SEED}\``,
      `the same ${combinedRows} rows`,
      `Written by DuckDB ${duckdb} from \`sample.csv\``,
      `${UNIVERSE.map((s) => `\`universe/${s}.csv\``).join(", ")}: the daily universe`,
      `${HOURLY.map((s) => `\`hourly/${s}.csv\``).join(", ")}: hourly bars`,
      `${sessionHours.join(", ")} on every Monday–Friday from ${hours[0]!.slice(0, 10)} to ${
        hours.at(-1)!.slice(0, 10)
      }`,
      `Calendar: every Monday–Friday from ${days[0]} to ${days.at(-1)}, no holidays`,
      `(${sectors.map((s) => `\`${s}\``).join(", ")})`,
      `a ${trend.sector} stock, beta ${trend.beta}, sector beta ${trend.sectorBeta}`,
      `\`log(${legA}) − log(${legB})\` is mean-reverting around log(1/${ratio})`,
      `daily coefficient ${phi} (a half-life of about ln 2 / (1 − ${phi}) ≈ ${Math.round(Math.LN2 / (1 - phi))}`,
      `shocks of ${percent(spreadVol)} % a day`,
      `news jumps on ${percent(jumpProb)} % of days`,
      `s ← ${phi}·s + ${spreadVol}·√g·z + jump`,
      `\`${legB}\` = ${ratio} × trend × e^(−s/2)`,
      `volumes are ${volumeShare.join(" and ")} × the trend's`,
      `θ = ${HOURLY_SPECS.map((h) => `${h.reversal} (\`${h.symbol}\`)`).join(", ")}`,
    ],
  };
}

/** The DuckDB version that wrote `sample.parquet`, from the file's own metadata, e.g. `v1.5.6`. */
async function parquetWriter(): Promise<string> {
  using db = await openSqlEngine("native");
  const [[createdBy]] = (await db.queryRows(
    `SELECT created_by FROM parquet_file_metadata('${SAMPLE_DIR}sample.parquet')`,
  )) as [[string]];
  const version = /^DuckDB version (v[0-9.]+)/.exec(createdBy)?.[1];
  assert.ok(version !== undefined, `sample.parquet created by ${createdBy}`);
  return version;
}

let readmeFacts: Promise<ReadmeFacts> | undefined;
const expectedReadme = () => readmeFacts ??= computeReadmeFacts();

/** The lines of the `## title` section of `markdown`, up to the next `## ` heading; undefined when missing. */
function section(markdown: string, title: string): string[] | undefined {
  const lines = markdown.split("\n");
  const start = lines.indexOf(`## ${title}`);
  if (start < 0) return undefined;
  const end = lines.findIndex((l, i) => i > start && l.startsWith("## "));
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

/** The Markdown tables among `lines`, as rows of trimmed cells; the `---` row is dropped. */
function markdownTables(lines: readonly string[]): string[][][] {
  const tables: string[][][] = [];
  let table: string[][] | undefined;
  for (const line of lines) {
    if (!line.startsWith("|")) {
      table = undefined;
      continue;
    }
    const cells = line.replace(/^\|/, "").replace(/\|$/, "").split("|").map((c) => c.trim());
    if (table === undefined) tables.push(table = []);
    if (!cells.every((c) => /^:?-+:?$/.test(c))) table.push(cells);
  }
  return tables;
}

/** Every place where `readme` disagrees with `facts`, one message each; empty when it is up to date. */
function staleParts(readme: string, facts: ReadmeFacts): string[] {
  const problems: string[] = [];
  const row = (cells: readonly string[] | undefined) => cells === undefined ? "nothing" : `| ${cells.join(" | ")} |`;
  for (const [title, want] of facts.tables) {
    const lines = section(readme, title);
    if (lines === undefined) {
      problems.push(`no "## ${title}" section`);
      continue;
    }
    const got = markdownTables(lines);
    if (got.length !== want.length) problems.push(`## ${title}: ${got.length} tables, expected ${want.length}`);
    want.forEach((table, t) => {
      const found = got[t] ?? [];
      for (let i = 0; i < Math.max(table.length, found.length); i++) {
        if (JSON.stringify(found[i]) !== JSON.stringify(table[i])) {
          problems.push(`## ${title}, table ${t + 1}, row ${i + 1}: found ${row(found[i])}, expected ${row(table[i])}`);
        }
      }
    });
  }
  const prose = readme.replace(/\s+/g, " ");
  for (const phrase of facts.phrases) if (!prose.includes(phrase)) problems.push(`the prose lacks "${phrase}"`);
  return problems;
}

Deno.test("sample data: README's digests, symbol tables and quoted figures match the files", async () => {
  const readme = await Deno.readTextFile(`${SAMPLE_DIR}README.md`);
  assert.deepEqual(staleParts(readme, await expectedReadme()), [], "update data/sample/README.md");
});

Deno.test("sample data: a stale README is caught, a re-padded one is not", async () => {
  const readme = await Deno.readTextFile(`${SAMPLE_DIR}README.md`);
  const facts = await expectedReadme();
  const aaa = await readCommitted("AAA.csv");
  const aaaDigest = await sha256Hex(aaa);
  const [, , aaaOpen] = await rangeRow("AAA.csv");
  const stale = (edit: (s: string) => string) => {
    const edited = edit(readme);
    assert.notEqual(edited, readme, "the edit applies");
    return staleParts(edited, facts);
  };
  // A digest one hex digit off.
  const flipped = `${aaaDigest.slice(0, -1)}${aaaDigest.endsWith("0") ? "1" : "0"}`;
  assert.deepEqual(stale((s) => s.replace(aaaDigest, flipped)), [
    `## Digests, table 1, row 2: found | \`AAA.csv\` | ${aaa.length} | \`${flipped}\` |, expected | \`AAA.csv\` | ${aaa.length} | \`${aaaDigest}\` |`,
  ]);
  // The last row of a table missing.
  const dddRow = /^\| `DDD` .*\n/m;
  assert.ok(dddRow.test(readme));
  const missing = stale((s) => s.replace(dddRow, ""));
  assert.equal(missing.length, 1);
  assert.match(missing[0]!, /^## Files, table 1, row 5: found nothing, expected \| `DDD` \| /);
  // A wrong first open.
  const wrongOpen = stale((s) => s.replace(/^\| `AAA` .*$/m, (line) => line.replace(` ${aaaOpen} `, " 99.99 ")));
  assert.equal(wrongOpen.length, 1);
  assert.match(wrongOpen[0]!, /^## Files, table 1, row 2: found \| `AAA` \| 2608 \| 99\.99 \|/);
  // A figure in the prose.
  assert.deepEqual(stale((s) => s.replace("the same 10432 rows", "the same 10431 rows")), [
    'the prose lacks "the same 10432 rows"',
  ]);
  // Column widths and prose wrapping are deno fmt's business, not the test's.
  const repadded = readme.replace(/ {2,}\|/g, " |").replace(/-{4,}/g, "---").replace(
    "byte-identical on any machine",
    "byte-identical\non any machine",
  );
  assert.notEqual(repadded, readme);
  assert.deepEqual(staleParts(repadded, facts), []);
});

Deno.test("deno task gen:sample rewrites data/sample/ byte for byte, formatted, and writes nothing else", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const root = new URL("../", import.meta.url).pathname;
    // the task as deno.json runs it, its writes confined to the temporary directory: a write elsewhere fails the run
    const args = (await taskArgs("gen:sample", dir)).map((a) => (a === "--allow-write" ? `--allow-write=${dir}` : a));
    assert.ok(args.includes(`--allow-write=${dir}`), args.join(" "));
    const out = await new Deno.Command(Deno.execPath(), {
      args: [...args, "--out", `${dir}/sample`],
      cwd: root,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      env: { NO_COLOR: "1" },
    }).output();
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    const committed = (await listFiles(SAMPLE_DIR)).filter((f) => f !== "README.md");
    assert.deepEqual(await listFiles(dir), committed.map((f) => `sample/${f}`));
    for (const f of committed) {
      assert.deepEqual(await Deno.readFile(`${dir}/sample/${f}`), await readCommitted(f), f);
    }
    const fmt = await new Deno.Command(Deno.execPath(), {
      args: ["fmt", "--check", `--config=${root}deno.json`, `${dir}/sample`, `${SAMPLE_DIR}README.md`],
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(fmt.code, 0, new TextDecoder().decode(fmt.stderr));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** Every file under `dir`, relative, sorted. */
async function listFiles(dir: string, prefix = ""): Promise<string[]> {
  const found: string[] = [];
  for await (const e of Deno.readDir(prefix ? `${dir}/${prefix}` : dir)) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory) found.push(...await listFiles(dir, rel));
    else found.push(rel);
  }
  return found.sort();
}
