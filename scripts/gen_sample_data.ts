/**
 * Deterministic daily sample bars for four made-up symbols (`AAA`, `BBB`,
 * `CCC`, `DDD`), business days 2015-01-02 .. 2024-12-31, written to
 * `data/sample/`:
 *
 * - `AAA.csv` .. `DDD.csv`: `Date,Open,High,Low,Close,Volume`, one per symbol;
 * - `sample.csv`: the same rows with a leading `Symbol` column, ordered by
 *   symbol then date;
 * - `sample.parquet`: the same data typed `Symbol` VARCHAR, `Date` DATE,
 *   prices DOUBLE, `Volume` BIGINT (written through DuckDB);
 * - `README.md`: the command, seed, recipe and the CSV digests.
 *
 * Prices are generated as integer ticks (0.01), and every random draw comes
 * from {@linkcode mulberry32}; the only floating-point operations are `+ - * /`,
 * `Math.sqrt` and `Math.round`, all exactly specified by IEEE 754 / ECMAScript,
 * so the CSV bytes are reproducible on any machine.
 *
 * Usage:
 * `deno run --allow-read --allow-write --allow-ffi scripts/gen_sample_data.ts [--out data/sample] [--seed N]`
 *
 * @module
 */
import { hashString32, mulberry32 } from "../engine/random.ts";
import { openNativeDuckDb } from "../engine/data/_duckdb.ts";
import { sha256Hex } from "./gen_synth.ts";

/**
 * The seed used for the committed files in `data/sample/`. Picked from a scan
 * of seeds 1..1500 as one whose random paths match the characters described
 * in {@linkcode SAMPLE_SPECS} (AAA up ~3-4x, BBB ends near its start, CCC and
 * DDD boom and bust).
 */
export const DEFAULT_SEED = 131;
/** First calendar day considered (a Friday, so also the first bar). */
export const START_DATE = "2015-01-02";
/** Last calendar day considered (a Tuesday, so also the last bar). */
export const END_DATE = "2024-12-31";

/** One stretch of a symbol's history with its own drift and volatility. */
export interface Regime {
  /** First business day of the regime, `YYYY-MM-DD`. */
  readonly from: string;
  /** Annualised drift of the simple daily return (252 days a year). */
  readonly drift: number;
  /** Annualised volatility (long-run level of the GARCH variance). */
  readonly vol: number;
  /** Optional overnight gap (fraction, e.g. -0.08) forced on the regime's first bar. */
  readonly gap?: number;
  /**
   * Optional mean-reversion level, as a multiple of the last close before the
   * regime starts (1 = oscillate around where the regime began) ...
   */
  readonly anchor?: number;
  /** ... and the fraction of the distance `(anchor - p) / p` pulled back each day. */
  readonly pull?: number;
}

/** How one symbol's price path is generated. */
export interface SymbolSpec {
  /** Ticker, e.g. `AAA`; also names the CSV file and seeds the symbol's stream. */
  readonly symbol: string;
  /** First open, in ticks (cents). */
  readonly startTicks: number;
  /** Loading on the common market shock, 0..1. */
  readonly beta: number;
  /** Probability per bar of a random news gap. */
  readonly gapProb: number;
  /** Typical shares traded per day. */
  readonly baseVolume: number;
  /** Business-day offset of the quarterly earnings cycle (every 63 bars). */
  readonly earningsOffset: number;
  /** Regimes in date order; the first must start on or before the first bar. */
  readonly regimes: readonly Regime[];
}

/**
 * The four sample symbols. Each has its own character so that trend,
 * breakout and mean-reversion strategies all find something to trade:
 *
 * - `AAA` steady large cap: low volatility, long uptrends, short sharp
 *   corrections (Aug 2015, Feb 2018, Q4 2018, the 2020 crash, the 2022 bear).
 * - `BBB` range-bound cyclical: pulled toward a slowly moving anchor price,
 *   so it oscillates (mean reversion), with a 2018 step down and the 2020 crash.
 * - `CCC` high-volatility growth stock: big bull runs, a 2018 bear market,
 *   a 2020 crash and boom, a 2022 collapse and a mid-2024 flush.
 * - `DDD` low-priced small cap: frequent gaps, a 2015-16 downtrend, a 2017
 *   breakout, a 2019 profit-warning crash and a 2024 breakout.
 */
export const SAMPLE_SPECS: readonly SymbolSpec[] = [
  {
    symbol: "AAA",
    startTicks: 5210,
    beta: 0.8,
    gapProb: 0.006,
    baseVolume: 4_200_000,
    earningsOffset: 12,
    regimes: [
      { from: "2015-01-02", drift: 0.08, vol: 0.14 },
      { from: "2015-08-18", drift: -1.6, vol: 0.34, gap: -0.035 },
      { from: "2015-09-02", drift: 0.02, vol: 0.2 },
      { from: "2016-02-12", drift: 0.2, vol: 0.13 },
      { from: "2018-01-29", drift: -1.8, vol: 0.32 },
      { from: "2018-02-12", drift: 0.16, vol: 0.16 },
      { from: "2018-10-03", drift: -0.75, vol: 0.26 },
      { from: "2018-12-26", drift: 0.3, vol: 0.15, gap: 0.03 },
      { from: "2020-02-20", drift: -3.6, vol: 0.6, gap: -0.04 },
      { from: "2020-03-24", drift: 1.1, vol: 0.38, gap: 0.05 },
      { from: "2020-06-01", drift: 0.28, vol: 0.18 },
      { from: "2022-01-04", drift: -0.22, vol: 0.22 },
      { from: "2022-10-13", drift: 0.26, vol: 0.17 },
      { from: "2024-01-02", drift: 0.22, vol: 0.13 },
    ],
  },
  {
    symbol: "BBB",
    startTicks: 3480,
    beta: 0.5,
    gapProb: 0.01,
    baseVolume: 1_300_000,
    earningsOffset: 31,
    regimes: [
      { from: "2015-01-02", drift: 0, vol: 0.22, anchor: 1, pull: 0.035 },
      { from: "2016-05-02", drift: 0, vol: 0.2, anchor: 1.12, pull: 0.03 },
      { from: "2017-09-01", drift: 0, vol: 0.21, anchor: 0.92, pull: 0.035 },
      { from: "2018-06-01", drift: -0.2, vol: 0.25, anchor: 0.75, pull: 0.012 },
      { from: "2019-03-01", drift: 0, vol: 0.22, anchor: 1.05, pull: 0.035 },
      { from: "2020-02-21", drift: -3.6, vol: 0.65, gap: -0.05 },
      { from: "2020-03-23", drift: 0.4, vol: 0.35, anchor: 1.25, pull: 0.02 },
      { from: "2020-09-01", drift: 0.1, vol: 0.24, anchor: 1.3, pull: 0.012 },
      { from: "2021-06-01", drift: 0, vol: 0.2, anchor: 1, pull: 0.035 },
      { from: "2022-05-02", drift: 0, vol: 0.27, anchor: 0.85, pull: 0.03 },
      { from: "2023-03-01", drift: 0, vol: 0.19, anchor: 1.08, pull: 0.04 },
    ],
  },
  {
    symbol: "CCC",
    startTicks: 1875,
    beta: 0.9,
    gapProb: 0.015,
    baseVolume: 9_500_000,
    earningsOffset: 47,
    regimes: [
      { from: "2015-01-02", drift: 0.12, vol: 0.36 },
      { from: "2016-02-11", drift: 0.75, vol: 0.33, gap: 0.06 },
      { from: "2018-03-12", drift: -0.95, vol: 0.48 },
      { from: "2018-12-26", drift: 0.6, vol: 0.4, gap: 0.07 },
      { from: "2020-02-20", drift: -5.5, vol: 0.9, gap: -0.09 },
      { from: "2020-03-23", drift: 1.7, vol: 0.55 },
      { from: "2021-02-16", drift: -0.05, vol: 0.45 },
      { from: "2021-11-08", drift: -1.25, vol: 0.55, gap: -0.08 },
      { from: "2022-10-13", drift: 0.45, vol: 0.45 },
      { from: "2023-05-01", drift: 0.85, vol: 0.37 },
      { from: "2024-07-11", drift: -2.8, vol: 0.6, gap: -0.07 },
      { from: "2024-08-08", drift: 0.5, vol: 0.4 },
    ],
  },
  {
    symbol: "DDD",
    startTicks: 1264,
    beta: 0.6,
    gapProb: 0.025,
    baseVolume: 650_000,
    earningsOffset: 5,
    regimes: [
      { from: "2015-01-02", drift: -0.35, vol: 0.34 },
      { from: "2016-09-01", drift: 0.02, vol: 0.28, anchor: 1, pull: 0.03 },
      { from: "2017-03-01", drift: 0.75, vol: 0.4, gap: 0.09 },
      { from: "2018-06-01", drift: -0.08, vol: 0.34 },
      { from: "2019-08-05", drift: -3.2, vol: 0.8, gap: -0.18 },
      { from: "2019-08-20", drift: 0.1, vol: 0.42 },
      { from: "2020-02-20", drift: -3.8, vol: 0.85, gap: -0.06 },
      { from: "2020-03-24", drift: 0.85, vol: 0.5 },
      { from: "2021-01-04", drift: 0.3, vol: 0.36 },
      { from: "2022-01-04", drift: -0.45, vol: 0.42 },
      { from: "2023-01-03", drift: 0.03, vol: 0.3, anchor: 1, pull: 0.03 },
      { from: "2024-03-01", drift: 0.65, vol: 0.36, gap: 0.08 },
    ],
  },
];

/** One symbol's bars as columns. Prices are integer ticks (1 tick = 0.01). */
export interface SymbolBars {
  /** Ticker, e.g. `AAA`. */
  readonly symbol: string;
  /** `YYYY-MM-DD`, strictly increasing business days. */
  readonly date: readonly string[];
  /** Opening price in ticks, > 0. */
  readonly open: Int32Array;
  /** High in ticks, >= max(open, close). */
  readonly high: Int32Array;
  /** Low in ticks, > 0 and <= min(open, close). */
  readonly low: Int32Array;
  /** Closing price in ticks, > 0. */
  readonly close: Int32Array;
  /** Whole shares, > 0. */
  readonly volume: Float64Array;
}

const MS_PER_DAY = 86_400_000;
const DAYS_PER_YEAR = 252;
const TWO_POW_32 = 4294967296;
const SQRT3 = Math.sqrt(3);

/**
 * Every Monday–Friday from `from` to `to` inclusive (`YYYY-MM-DD`, UTC
 * calendar; no holidays).
 */
export function businessDays(from: string, to: string): string[] {
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  if (!Number.isFinite(start) || !Number.isFinite(end)) {
    throw new RangeError(`bad date range ${from} .. ${to}`);
  }
  const out: string[] = [];
  for (let ms = start; ms <= end; ms += MS_PER_DAY) {
    const wd = new Date(ms).getUTCDay();
    if (wd !== 0 && wd !== 6) out.push(new Date(ms).toISOString().slice(0, 10));
  }
  return out;
}

/** Uniform in the open interval (0, 1) from one mulberry32 draw. */
function uniform(rnd: () => number): number {
  return (rnd() + 0.5) / TWO_POW_32;
}

/**
 * Approximately standard normal: Irwin–Hall sum of four uniforms, rescaled
 * to unit variance (bounded at ±3.46; fat tails come from the GARCH variance
 * and the gaps). Pure arithmetic, so bit-reproducible everywhere.
 */
function normal(rnd: () => number): number {
  const s = uniform(rnd) + uniform(rnd) + uniform(rnd) + uniform(rnd);
  return (s - 2) * SQRT3;
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

function seedFor(seed: number, name: string): number {
  return (seed ^ hashString32(name)) >>> 0;
}

/**
 * Generate one symbol's bars over `days`, given the shared market shocks
 * (one per day). Each symbol draws from its own mulberry32 stream, so adding
 * or reordering symbols never changes another symbol's path.
 */
function generateSymbol(
  spec: SymbolSpec,
  days: readonly string[],
  market: Float64Array,
  seed: number,
): SymbolBars {
  const n = days.length;
  const rnd = mulberry32(seedFor(seed, spec.symbol));
  const open = new Int32Array(n);
  const high = new Int32Array(n);
  const low = new Int32Array(n);
  const close = new Int32Array(n);
  const volume = new Float64Array(n);
  const idio = Math.sqrt(1 - spec.beta * spec.beta);
  const baseVol = spec.regimes[0]!.vol;

  let r = -1; // index of the current regime
  let regime = spec.regimes[0]!;
  let prevClose = spec.startTicks;
  let garch = 1; // variance relative to the regime's long-run level
  let lastZ = 0;
  let volumeLevel = 1; // slow drift in participation
  let anchorTicks = 0; // mean-reversion level of the current regime, if any

  for (let i = 0; i < n; i++) {
    const day = days[i]!;
    let regimeStart = false;
    while (r + 1 < spec.regimes.length && spec.regimes[r + 1]!.from <= day) {
      r++;
      regime = spec.regimes[r]!;
      regimeStart = true;
    }
    if (regimeStart) {
      anchorTicks = regime.anchor === undefined ? 0 : prevClose * regime.anchor;
    }
    // GARCH(1,1) in units of the regime variance: clustering of quiet and
    // wild days.
    garch = clamp(0.06 + 0.07 * lastZ * lastZ * garch + 0.87 * garch, 0.4, 3);
    const sigmaRegime = regime.vol / Math.sqrt(DAYS_PER_YEAR);
    const sigma = sigmaRegime * Math.sqrt(garch);
    const mu = regime.drift / DAYS_PER_YEAR;

    // Draws happen in a fixed order every bar, used or not.
    const zOvernight = normal(rnd);
    const zIdio = normal(rnd);
    const uGap = uniform(rnd);
    const uGapSize = uniform(rnd);
    const uGapSign = uniform(rnd);
    const uHi1 = uniform(rnd);
    const uHi2 = uniform(rnd);
    const uLo1 = uniform(rnd);
    const uLo2 = uniform(rnd);
    const uVol = uniform(rnd);
    const uVolLevel = uniform(rnd);

    // Overnight: a small move, or a news / earnings gap.
    const earningsDay = i % 63 === spec.earningsOffset;
    let gap = 0.35 * sigma * zOvernight;
    let gapped = false;
    if (regimeStart && regime.gap !== undefined && i > 0) {
      gap = regime.gap;
      gapped = true;
    } else if (earningsDay ? uGap < 0.55 : uGap < spec.gapProb) {
      // in units of the regime's daily volatility: 1-4 sigma (earnings), 2-5 (news)
      const size = sigmaRegime *
        (earningsDay ? 1 + 3 * uGapSize : 2 + 3 * uGapSize);
      const upProb = 0.5 + (mu > 0 ? 0.12 : mu < 0 ? -0.12 : 0);
      gap = uGapSign < upProb ? size : -size;
      gapped = true;
    }
    const o = Math.max(1, Math.round(prevClose * (1 + gap)));

    // Intraday: drift, optional pull toward an anchor, market + own shock.
    let drift = mu;
    if (anchorTicks > 0 && regime.pull !== undefined) {
      drift += regime.pull * ((anchorTicks - o) / o);
    }
    const z = spec.beta * market[i]! + idio * zIdio;
    lastZ = z;
    const ret = clamp(drift + 0.9 * sigma * z, -0.45, 0.6);
    const c = Math.max(1, Math.round(o * (1 + ret)));

    // Wicks beyond the body: skewed toward small, occasionally long.
    const top = Math.max(o, c);
    const bottom = Math.min(o, c);
    const h = Math.max(top, Math.round(top * (1 + sigma * 1.8 * uHi1 * uHi2)));
    const l = Math.max(
      1,
      Math.min(bottom, Math.round(bottom * (1 - sigma * 1.8 * uLo1 * uLo2))),
    );

    // Volume: busier on big moves, gaps and in volatile regimes.
    volumeLevel = clamp(volumeLevel * (0.97 + 0.06 * uVolLevel), 0.6, 1.7);
    const move = Math.abs(c - prevClose) / prevClose / sigma;
    const v = spec.baseVolume * volumeLevel * Math.sqrt(regime.vol / baseVol) *
      (0.55 + 0.9 * uVol) * (0.7 + 0.35 * Math.min(move, 6)) *
      (gapped ? 2.2 : 1);
    volume[i] = Math.max(100, Math.round(v / 100) * 100);

    open[i] = o;
    high[i] = h;
    low[i] = l;
    close[i] = c;
    prevClose = c;
  }
  return { symbol: spec.symbol, date: days, open, high, low, close, volume };
}

/**
 * Generate the sample bars for every symbol in {@linkcode SAMPLE_SPECS}
 * (ordered by symbol), from `seed`. Pure and deterministic.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { generateSampleBars } from "./gen_sample_data.ts";
 * const [aaa] = generateSampleBars();
 * assert.ok(aaa!.symbol === "AAA" && aaa!.date[0] === "2015-01-02");
 * ```
 */
export function generateSampleBars(seed: number = DEFAULT_SEED): SymbolBars[] {
  const days = businessDays(START_DATE, END_DATE);
  const marketRnd = mulberry32(seedFor(seed, "MARKET"));
  const market = new Float64Array(days.length);
  for (let i = 0; i < days.length; i++) market[i] = normal(marketRnd);
  return [...SAMPLE_SPECS]
    .sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0))
    .map((spec) => generateSymbol(spec, days, market, seed));
}

/** A positive tick count as a price with exactly two decimals, e.g. `1234` → `12.34`. */
export function formatTicks(ticks: number): string {
  if (!Number.isSafeInteger(ticks) || ticks <= 0) {
    throw new RangeError(
      `price must be a positive whole number of ticks, got ${ticks}`,
    );
  }
  const cents = ticks % 100;
  return `${(ticks - cents) / 100}.${cents < 10 ? "0" : ""}${cents}`;
}

function rowText(b: SymbolBars, i: number): string {
  return `${b.date[i]},${formatTicks(b.open[i]!)},${formatTicks(b.high[i]!)},${formatTicks(b.low[i]!)},${
    formatTicks(b.close[i]!)
  },${b.volume[i]}`;
}

/** One symbol's CSV: `Date,Open,High,Low,Close,Volume`, LF endings, trailing newline. */
export function symbolCsv(bars: SymbolBars): string {
  const lines = ["Date,Open,High,Low,Close,Volume"];
  for (let i = 0; i < bars.date.length; i++) lines.push(rowText(bars, i));
  return lines.join("\n") + "\n";
}

/** All symbols in one CSV with a leading `Symbol` column, in the given (symbol) order. */
export function combinedCsv(all: readonly SymbolBars[]): string {
  const lines = ["Symbol,Date,Open,High,Low,Close,Volume"];
  for (const b of all) {
    for (let i = 0; i < b.date.length; i++) {
      lines.push(`${b.symbol},${rowText(b, i)}`);
    }
  }
  return lines.join("\n") + "\n";
}

/**
 * Every CSV file of the sample set, file name → text: `AAA.csv` .. `DDD.csv`
 * and `sample.csv`. This is what the committed files must equal.
 */
export function generateSampleCsvs(
  seed: number = DEFAULT_SEED,
): Map<string, string> {
  const all = generateSampleBars(seed);
  const files = new Map<string, string>();
  for (const b of all) files.set(`${b.symbol}.csv`, symbolCsv(b));
  files.set("sample.csv", combinedCsv(all));
  return files;
}

function sqlString(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

/** Write the combined CSV as Parquet (typed columns, ordered by Symbol, Date) via DuckDB. */
async function writeParquet(
  csvPath: string,
  parquetPath: string,
): Promise<string> {
  using db = await openNativeDuckDb();
  await db.exec("SET threads = 1");
  await db.exec(
    `COPY (
       SELECT Symbol, Date, Open, High, Low, Close, Volume
       FROM read_csv(${sqlString(csvPath)}, header = true, delim = ',', columns = {
         'Symbol': 'VARCHAR', 'Date': 'DATE', 'Open': 'DOUBLE', 'High': 'DOUBLE',
         'Low': 'DOUBLE', 'Close': 'DOUBLE', 'Volume': 'BIGINT'})
       ORDER BY Symbol, Date
     ) TO ${sqlString(parquetPath)} (FORMAT parquet)`,
  );
  const rows = await db.queryRows("SELECT version()");
  return String(rows[0]?.[0] ?? "unknown");
}

/** A Markdown table laid out the way `deno fmt` leaves it (padded columns). */
function markdownTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, k) => Math.max(3, h.length, ...rows.map((r) => r[k]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, k) => c.padEnd(widths[k]!)).join(" | ")} |`;
  return [
    line(header),
    `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`,
    ...rows.map(line),
  ].join("\n");
}

/**
 * Greedy word wrap at 80 columns, keeping inline code spans whole, the way
 * `deno fmt` wraps Markdown prose (so the generated README is fmt-clean).
 */
function wrapProse(text: string, first = "", rest = first): string {
  const words = text.match(/(?:`[^`]*`|[^\s`])+/g) ?? [];
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const w of words) {
    if (!empty && line.length + 1 + w.length > 80) {
      lines.push(line);
      line = rest + w;
    } else {
      line += (empty ? "" : " ") + w;
    }
    empty = false;
  }
  lines.push(line);
  return lines.join("\n");
}

/** A Markdown bullet (optionally nested one level) wrapped like `deno fmt` does. */
function bullet(text: string, level = 0): string {
  const pad = "  ".repeat(level);
  return wrapProse(text, `${pad}- `, `${pad}  `);
}

function readme(
  seed: number,
  all: readonly SymbolBars[],
  digests: ReadonlyMap<string, { bytes: number; sha256: string }>,
  duckdbVersion: string,
): string {
  const seedArg = seed === DEFAULT_SEED ? "" : ` --seed ${seed}`;
  const rows = all.reduce((s, b) => s + b.date.length, 0);
  const digestTable = markdownTable(
    ["file", "bytes", "sha256"],
    [...digests].map((
      [name, d],
    ) => [`\`${name}\``, String(d.bytes), `\`${d.sha256}\``]),
  );
  const symbolTable = markdownTable(
    [
      "symbol",
      "bars",
      "first open",
      "last close",
      "lowest low",
      "highest high",
    ],
    all.map((b) => [
      `\`${b.symbol}\``,
      String(b.date.length),
      formatTicks(b.open[0]!),
      formatTicks(b.close[b.close.length - 1]!),
      formatTicks(Math.min(...b.low)),
      formatTicks(Math.max(...b.high)),
    ]),
  );
  const blocks = [
    "# Sample daily bars",
    wrapProse(
      "Synthetic, deterministic daily OHLCV bars for four made-up symbols, for " +
        "examples, tests and demos. **Not market data.** Generated by " +
        "`scripts/gen_sample_data.ts`:",
    ),
    "```sh\ndeno run --allow-read --allow-write --allow-ffi " +
    `scripts/gen_sample_data.ts --out data/sample${seedArg}\n\`\`\``,
    wrapProse(
      seed === DEFAULT_SEED
        ? `Seed: \`${seed}\`, the script's default, picked from a scan of seeds ` +
          "1..1500 as one whose paths match the descriptions below."
        : `Seed: \`${seed}\`.`,
    ),
    wrapProse(
      "Rerunning the command rewrites every file here; the CSV files come out " +
        "byte-identical on any machine (the test " +
        "`scripts/gen_sample_data_test.ts` regenerates them in memory and " +
        "compares).",
    ),
    "## Files",
    [
      bullet(
        "`AAA.csv`, `BBB.csv`, `CCC.csv`, `DDD.csv`: " +
          "`Date,Open,High,Low,Close,Volume`, dates `YYYY-MM-DD`, prices with " +
          "exactly two decimals, LF line endings.",
      ),
      bullet(
        `\`sample.csv\`: the same ${rows} rows with a leading \`Symbol\` ` +
          "column, ordered by Symbol, Date.",
      ),
      bullet(
        "`sample.parquet`: the same data; columns `Symbol` VARCHAR, `Date` " +
          "DATE, `Open`/`High`/`Low`/`Close` DOUBLE, `Volume` BIGINT; ordered " +
          `by Symbol, Date. Written by DuckDB ${duckdbVersion} from ` +
          "`sample.csv`; its bytes may differ between DuckDB versions, its " +
          "contents do not.",
      ),
    ].join("\n"),
    symbolTable,
    "## Digests",
    digestTable,
    "## Recipe",
    [
      bullet(
        `Calendar: every Monday–Friday from ${START_DATE} to ${END_DATE}, ` +
          "no holidays.",
      ),
      bullet(
        "Randomness: only `mulberry32` from `engine/random.ts`. Each symbol " +
          "has its own stream seeded with `seed XOR fnv1a32(symbol)`, plus a " +
          "shared `MARKET` stream (one shock per day) that correlates the " +
          "symbols (beta 0.5–0.9). Normal draws are Irwin–Hall sums of four " +
          "uniforms rescaled to unit variance; arithmetic is limited to " +
          "`+ - * /`, `Math.sqrt` and `Math.round`, so results are " +
          "bit-reproducible.",
      ),
      bullet(
        "Prices are whole ticks (0.01) throughout. Each symbol follows a " +
          "table of regimes (date, annualised drift, annualised volatility, " +
          "optional forced gap on the first day, optional mean-reversion " +
          "anchor), see `SAMPLE_SPECS` in the script:",
      ),
      bullet(
        "`AAA` steady large cap: long uptrends, sharp corrections (Aug 2015, " +
          "Feb 2018, Q4 2018), the Feb–Mar 2020 crash, a 2022 bear market.",
        1,
      ),
      bullet(
        "`BBB` range-bound cyclical pulled toward a slowly moving anchor " +
          "(mean reversion), a 2018 step down, the 2020 crash.",
        1,
      ),
      bullet(
        "`CCC` high-volatility growth: 2016–17 bull, 2018 bear, 2020 crash " +
          "and boom, 2022 collapse, a mid-2024 flush.",
        1,
      ),
      bullet(
        "`DDD` low-priced small cap: 2015–16 downtrend, 2017 breakout, Aug " +
          "2019 profit-warning crash (an opening gap of −18 %), 2024 breakout.",
        1,
      ),
      bullet(
        "Per bar: a GARCH(1,1)-style variance multiplier (clamped to 0.4–3 × " +
          "the regime's variance) gives volatility clustering; σ is the " +
          "resulting daily volatility. Open = previous close × (1 + overnight " +
          "move); the overnight move is small noise (0.35 σ), or a gap: a " +
          "forced regime gap, a random news gap (0.6–2.5 % of days by symbol, " +
          "2–5 regime σ), or an earnings gap (every 63rd bar, 55 % chance, 1–4 " +
          "regime σ), up more often than down in rising regimes. Close = open " +
          "× (1 + drift + pull × (anchor − open) / open + 0.9 σ (β·market + " +
          "√(1−β²)·own)), where the anchor is a multiple of the close before " +
          "the regime began. High and low extend the body by σ-scaled wicks, " +
          "so High ≥ max(Open, Close), Low ≤ min(Open, Close), and every " +
          "price ≥ 0.01.",
      ),
      bullet(
        "Volume: the symbol's base volume × a slowly drifting participation " +
          "level × √(the regime's volatility ÷ the symbol's first regime " +
          "volatility) × noise × (more on big moves) × 2.2 on gap days, " +
          "rounded to 100 shares.",
      ),
    ].join("\n"),
  ];
  return blocks.join("\n\n") + "\n";
}

/**
 * Generate everything and write it to `outDir`: the four symbol CSVs,
 * `sample.csv`, `sample.parquet` and `README.md`. Returns the files written.
 */
export async function writeSampleData(
  outDir: string,
  seed: number = DEFAULT_SEED,
): Promise<string[]> {
  await Deno.mkdir(outDir, { recursive: true });
  const all = generateSampleBars(seed);
  const enc = new TextEncoder();
  const digests = new Map<string, { bytes: number; sha256: string }>();
  const written: string[] = [];
  const csvs: [string, string][] = all.map((
    b,
  ) => [`${b.symbol}.csv`, symbolCsv(b)]);
  csvs.push(["sample.csv", combinedCsv(all)]);
  for (const [name, text] of csvs) {
    const bytes = enc.encode(text);
    const path = `${outDir}/${name}`;
    await Deno.writeFile(path, bytes);
    digests.set(name, { bytes: bytes.length, sha256: await sha256Hex(bytes) });
    written.push(path);
  }
  const csvPath = await Deno.realPath(`${outDir}/sample.csv`);
  const parquetPath = `${await Deno.realPath(outDir)}/sample.parquet`;
  const duckdbVersion = await writeParquet(csvPath, parquetPath);
  written.push(`${outDir}/sample.parquet`);
  await Deno.writeTextFile(
    `${outDir}/README.md`,
    readme(seed, all, digests, duckdbVersion),
  );
  written.push(`${outDir}/README.md`);
  return written;
}

function parseArgs(args: string[]): { out: string; seed: number } {
  let out = "data/sample";
  let seed = DEFAULT_SEED;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const [flag, inline] = a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
    const value = inline ?? args[++i];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === "--out") out = value;
    else if (flag === "--seed") {
      seed = Number(value);
      if (!Number.isSafeInteger(seed) || seed < 0 || seed > 0xffffffff) {
        throw new Error(
          `--seed must be an integer in 0..4294967295, got ${value}`,
        );
      }
    } else {throw new Error(
        `unknown argument ${a}; usage: [--out DIR] [--seed N]`,
      );}
  }
  return { out, seed };
}

/** CLI entry point: `[--out data/sample] [--seed N]`. */
export async function main(args: string[]): Promise<void> {
  const { out, seed } = parseArgs(args);
  const written = await writeSampleData(out, seed);
  for (const path of written) {
    const data = await Deno.readFile(path);
    console.log(
      `${path}\t${data.length} bytes\tsha256 ${await sha256Hex(data)}`,
    );
  }
}

if (import.meta.main) {
  await main(Deno.args);
}
