/**
 * Deterministic sample bars for made-up symbols, written to `data/sample/`:
 *
 * - `AAA.csv` .. `DDD.csv`: daily `Date,Open,High,Low,Close,Volume` for four
 *   symbols, business days 2015-01-02 .. 2024-12-31, one file per symbol;
 * - `sample.csv`: the same rows with a leading `Symbol` column, ordered by
 *   symbol then date;
 * - `sample.parquet`: the same data typed `Symbol` VARCHAR, `Date` DATE,
 *   prices DOUBLE, `Volume` BIGINT (written through DuckDB);
 * - `universe/*.csv`: a daily universe of ten symbols on the same calendar
 *   ({@linkcode UNIVERSE_SPECS} plus the cointegrated pair
 *   {@linkcode PAIR_SPEC}), with sector co-movement, for portfolio-level
 *   strategies;
 * - `hourly/*.csv`: seven one-hour bars per business day for two symbols
 *   ({@linkcode HOURLY_SPECS}), 2023-01-02 .. 2024-12-31, `Date` as
 *   `YYYY-MM-DD HH:MM:SS` UTC.
 *
 * `data/sample/README.md` is written by hand: the command, the seed, the
 * recipes, the per-symbol ranges and the CSV digests.
 * `gen_sample_data_test.ts` checks its digests and tables against the files,
 * so it fails when the README goes stale.
 *
 * Every symbol, sector and shared factor draws from its own stream seeded
 * with `seed XOR fnv1a32(name)`, so adding a set never moves another set's
 * bytes.
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
import { parseArgs } from "node:util";
import { hashString32, mulberry32 } from "../engine/random.ts";
import { openSqlEngine } from "../engine/data/sql_engine.ts";
import { sha256Hex } from "../engine/sha256_hex.ts";
import { FlagError, parseFlags } from "./_flags.ts";

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
  /**
   * Optional sector: the name of a shared sector stream (seeded with
   * `SECTOR:<name>`) whose daily shock the symbol loads on, in addition to
   * the market. The four original symbols have none.
   */
  readonly sector?: string;
  /** Loading on the sector shock; `beta² + sectorBeta² < 1`. */
  readonly sectorBeta?: number;
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
  sector?: Float64Array,
): SymbolBars {
  const n = days.length;
  const rnd = mulberry32(seedFor(seed, spec.symbol));
  const open = new Int32Array(n);
  const high = new Int32Array(n);
  const low = new Int32Array(n);
  const close = new Int32Array(n);
  const volume = new Float64Array(n);
  const sectorBeta = sector === undefined ? 0 : spec.sectorBeta ?? 0;
  const idio = Math.sqrt(1 - spec.beta * spec.beta - sectorBeta * sectorBeta);
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
    const z = sector === undefined
      ? spec.beta * market[i]! + idio * zIdio
      : spec.beta * market[i]! + sectorBeta * sector[i]! + idio * zIdio;
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
  const market = shocks(seed, "MARKET", days.length);
  return [...SAMPLE_SPECS]
    .sort(bySymbol)
    .map((spec) => generateSymbol(spec, days, market, seed));
}

function bySymbol(a: { symbol: string }, b: { symbol: string }): number {
  return a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0;
}

/** `n` normal shocks from the stream named `name` (seeded `seed XOR fnv1a32(name)`). */
function shocks(seed: number, name: string, n: number): Float64Array {
  const rnd = mulberry32(seedFor(seed, name));
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = normal(rnd);
  return out;
}

// ---------------------------------------------------------------------------
// The daily universe (data/sample/universe/)
// ---------------------------------------------------------------------------

/**
 * Eight single symbols of the daily universe, each loading on the market and
 * (all but `QBX`) on one of four sector factors. Their regimes follow sector
 * stories, so that leadership rotates: 12-1 month momentum rides the long
 * trends and is hurt at the turns (early 2016, the Nov 2020 rotation, 2022).
 * The realised paths (seed 131) are described in `data/sample/README.md`.
 *
 * - `QTX` tech growth leader: long uptrends, sharp sell-offs, a 2022 bear.
 * - `QSX` semiconductors: high volatility, repeated booms and busts.
 * - `QEX` integrated oil: weak into the 2020 crash, then the 2021–22 energy boom.
 * - `QMX` miner: like `QEX` but wilder, with a 2016 rebound.
 * - `QUX` utility: low volatility, low beta, a mild 2020 crash.
 * - `QCX` consumer staples: low volatility, range-bound stretches.
 * - `QFX` bank: rallies in 2016–17 and after Nov 2020, the 2020 crash, the
 *   March 2023 bank scare.
 * - `QBX` biotech: mostly idiosyncratic, frequent news gaps, bubbles and busts.
 */
export const UNIVERSE_SPECS: readonly SymbolSpec[] = [
  {
    symbol: "QTX",
    startTicks: 4150,
    beta: 0.8,
    sector: "TECH",
    sectorBeta: 0.4,
    gapProb: 0.008,
    baseVolume: 2_600_000,
    earningsOffset: 18,
    regimes: [
      { from: "2015-01-02", drift: 0.35, vol: 0.24 },
      { from: "2015-08-18", drift: -1.4, vol: 0.4, gap: -0.04 },
      { from: "2015-09-02", drift: 0.2, vol: 0.27 },
      { from: "2016-01-04", drift: -0.6, vol: 0.33 },
      { from: "2016-02-12", drift: 0.35, vol: 0.23 },
      { from: "2017-06-01", drift: -0.05, vol: 0.22 },
      { from: "2018-01-29", drift: -1.3, vol: 0.4 },
      { from: "2018-02-12", drift: 0.3, vol: 0.26 },
      { from: "2018-10-03", drift: -1, vol: 0.38 },
      { from: "2018-12-26", drift: 0.45, vol: 0.27, gap: 0.04 },
      { from: "2020-02-20", drift: -3.2, vol: 0.7, gap: -0.04 },
      { from: "2020-03-24", drift: 0.9, vol: 0.42, gap: 0.05 },
      { from: "2021-02-16", drift: -0.1, vol: 0.32 },
      { from: "2021-11-22", drift: -0.6, vol: 0.4 },
      { from: "2022-11-01", drift: 0.5, vol: 0.3 },
      { from: "2024-01-02", drift: 0.1, vol: 0.26 },
      { from: "2024-07-11", drift: -1.2, vol: 0.36, gap: -0.04 },
      { from: "2024-08-08", drift: 0.2, vol: 0.26 },
    ],
  },
  {
    symbol: "QSX",
    startTicks: 2280,
    beta: 0.75,
    sector: "TECH",
    sectorBeta: 0.5,
    gapProb: 0.015,
    baseVolume: 5_800_000,
    earningsOffset: 25,
    regimes: [
      { from: "2015-01-02", drift: -0.3, vol: 0.36 },
      { from: "2016-03-01", drift: 0.6, vol: 0.34, gap: 0.06 },
      { from: "2017-09-01", drift: 0.1, vol: 0.34 },
      { from: "2018-03-12", drift: -0.7, vol: 0.42 },
      { from: "2019-01-02", drift: 0.5, vol: 0.38 },
      { from: "2020-02-20", drift: -4, vol: 0.85, gap: -0.08 },
      { from: "2020-03-24", drift: 1.1, vol: 0.5 },
      { from: "2021-04-01", drift: 0, vol: 0.4 },
      { from: "2022-01-04", drift: -0.8, vol: 0.5 },
      { from: "2022-10-13", drift: 0.4, vol: 0.42 },
      { from: "2023-05-25", drift: 0.8, vol: 0.42, gap: 0.12 },
      { from: "2024-03-08", drift: -0.2, vol: 0.4 },
      { from: "2024-07-11", drift: -1.5, vol: 0.55, gap: -0.07 },
      { from: "2024-09-09", drift: 0.3, vol: 0.42 },
    ],
  },
  {
    symbol: "QEX",
    startTicks: 8840,
    beta: 0.5,
    sector: "ENERGY",
    sectorBeta: 0.6,
    gapProb: 0.006,
    baseVolume: 3_100_000,
    earningsOffset: 40,
    regimes: [
      { from: "2015-01-02", drift: -0.35, vol: 0.28 },
      { from: "2016-02-12", drift: 0.35, vol: 0.26, gap: 0.04 },
      { from: "2016-12-01", drift: -0.1, vol: 0.2 },
      { from: "2017-07-03", drift: 0.25, vol: 0.2 },
      { from: "2018-10-03", drift: -0.6, vol: 0.3 },
      { from: "2019-01-02", drift: 0.1, vol: 0.22 },
      { from: "2019-05-01", drift: -0.25, vol: 0.24 },
      { from: "2020-02-20", drift: -3.5, vol: 0.75, gap: -0.06 },
      { from: "2020-03-24", drift: 0.2, vol: 0.45 },
      { from: "2020-06-10", drift: -0.3, vol: 0.36 },
      { from: "2020-11-09", drift: 0.8, vol: 0.33, gap: 0.08 },
      { from: "2021-07-01", drift: 0.1, vol: 0.28 },
      { from: "2021-12-01", drift: 0.6, vol: 0.34 },
      { from: "2022-06-09", drift: -0.5, vol: 0.36 },
      { from: "2022-10-03", drift: 0.2, vol: 0.28 },
      { from: "2023-03-01", drift: -0.15, vol: 0.24 },
      { from: "2024-04-12", drift: -0.2, vol: 0.22 },
    ],
  },
  {
    symbol: "QMX",
    startTicks: 3360,
    beta: 0.55,
    sector: "ENERGY",
    sectorBeta: 0.45,
    gapProb: 0.015,
    baseVolume: 4_400_000,
    earningsOffset: 52,
    regimes: [
      { from: "2015-01-02", drift: -0.45, vol: 0.38 },
      { from: "2016-01-20", drift: 0.8, vol: 0.42, gap: 0.05 },
      { from: "2017-01-03", drift: -0.1, vol: 0.32 },
      { from: "2017-06-01", drift: 0.3, vol: 0.32 },
      { from: "2018-06-01", drift: -0.45, vol: 0.36 },
      { from: "2019-03-01", drift: 0.1, vol: 0.32 },
      { from: "2020-02-20", drift: -3.5, vol: 0.85, gap: -0.07 },
      { from: "2020-03-24", drift: 0.9, vol: 0.5 },
      { from: "2021-05-12", drift: -0.4, vol: 0.4 },
      { from: "2021-09-01", drift: 0.4, vol: 0.38 },
      { from: "2022-04-19", drift: -0.7, vol: 0.44 },
      { from: "2022-11-01", drift: 0.4, vol: 0.36 },
      { from: "2023-02-01", drift: -0.4, vol: 0.34 },
      { from: "2024-01-02", drift: 0.15, vol: 0.3 },
    ],
  },
  {
    symbol: "QUX",
    startTicks: 5420,
    beta: 0.35,
    sector: "DEFENSIVE",
    sectorBeta: 0.5,
    gapProb: 0.003,
    baseVolume: 1_700_000,
    earningsOffset: 9,
    regimes: [
      { from: "2015-01-02", drift: -0.05, vol: 0.15 },
      { from: "2016-01-04", drift: 0.2, vol: 0.15 },
      { from: "2016-07-11", drift: -0.05, vol: 0.15 },
      { from: "2017-01-03", drift: 0.1, vol: 0.13 },
      { from: "2018-01-29", drift: -0.1, vol: 0.17 },
      { from: "2018-06-01", drift: 0.2, vol: 0.15 },
      { from: "2020-02-20", drift: -1, vol: 0.3, gap: -0.03 },
      { from: "2020-03-24", drift: 0.15, vol: 0.2 },
      { from: "2021-01-04", drift: 0.02, vol: 0.15 },
      { from: "2022-01-04", drift: 0.15, vol: 0.17 },
      { from: "2022-09-13", drift: -0.15, vol: 0.19 },
      { from: "2023-11-01", drift: 0.3, vol: 0.16 },
    ],
  },
  {
    symbol: "QCX",
    startTicks: 7630,
    beta: 0.45,
    sector: "DEFENSIVE",
    sectorBeta: 0.45,
    gapProb: 0.004,
    baseVolume: 2_100_000,
    earningsOffset: 33,
    regimes: [
      { from: "2015-01-02", drift: 0.1, vol: 0.14 },
      { from: "2016-08-01", drift: 0, vol: 0.15, anchor: 0.95, pull: 0.02 },
      { from: "2018-01-29", drift: -0.2, vol: 0.18 },
      { from: "2018-09-04", drift: 0.15, vol: 0.15 },
      { from: "2020-02-20", drift: -2, vol: 0.45, gap: -0.03 },
      { from: "2020-03-24", drift: 0.3, vol: 0.24 },
      { from: "2020-09-01", drift: 0, vol: 0.15, anchor: 1.02, pull: 0.02 },
      { from: "2022-01-04", drift: 0.08, vol: 0.17 },
      { from: "2023-05-01", drift: -0.2, vol: 0.15 },
      { from: "2024-01-02", drift: 0, vol: 0.13, anchor: 1.05, pull: 0.025 },
    ],
  },
  {
    symbol: "QFX",
    startTicks: 3950,
    beta: 0.75,
    sector: "FINANCIAL",
    sectorBeta: 0.45,
    gapProb: 0.006,
    baseVolume: 6_300_000,
    earningsOffset: 2,
    regimes: [
      { from: "2015-01-02", drift: 0, vol: 0.22, anchor: 1, pull: 0.02 },
      { from: "2016-01-04", drift: -0.8, vol: 0.32 },
      { from: "2016-02-12", drift: 0.1, vol: 0.24 },
      { from: "2016-11-09", drift: 0.5, vol: 0.22, gap: 0.05 },
      { from: "2018-01-29", drift: -0.25, vol: 0.26 },
      { from: "2019-01-02", drift: 0.15, vol: 0.22 },
      { from: "2020-02-20", drift: -3.5, vol: 0.8, gap: -0.06 },
      { from: "2020-03-24", drift: 0.1, vol: 0.42 },
      { from: "2020-11-09", drift: 0.6, vol: 0.28, gap: 0.08 },
      { from: "2022-01-14", drift: -0.3, vol: 0.28 },
      { from: "2023-03-09", drift: -2.5, vol: 0.6, gap: -0.07 },
      { from: "2023-03-24", drift: 0, vol: 0.3 },
      { from: "2023-11-01", drift: 0.4, vol: 0.23 },
      { from: "2024-11-06", drift: 0.3, vol: 0.24, gap: 0.05 },
    ],
  },
  {
    symbol: "QBX",
    startTicks: 3070,
    beta: 0.45,
    gapProb: 0.03,
    baseVolume: 1_200_000,
    earningsOffset: 58,
    regimes: [
      { from: "2015-01-02", drift: 0.5, vol: 0.4 },
      { from: "2015-07-20", drift: -0.6, vol: 0.45 },
      { from: "2016-06-01", drift: 0, vol: 0.38, anchor: 1, pull: 0.015 },
      { from: "2018-01-02", drift: 0.2, vol: 0.38 },
      { from: "2019-01-02", drift: -0.2, vol: 0.4 },
      { from: "2020-03-24", drift: 0.9, vol: 0.5, gap: 0.06 },
      { from: "2020-12-01", drift: -0.1, vol: 0.42 },
      { from: "2021-02-16", drift: -0.5, vol: 0.45 },
      { from: "2022-06-16", drift: 0.15, vol: 0.42, gap: 0.05 },
      { from: "2023-01-03", drift: -0.15, vol: 0.38 },
      { from: "2023-11-01", drift: 0.45, vol: 0.38, gap: 0.05 },
    ],
  },
];

/**
 * The cointegrated pair of the universe: two share lines (`QPA`, `QPB`) of the
 * same business. Both follow one common stochastic trend (generated like any
 * other symbol from the `trend` spec, on its own stream) and differ only by a
 * stationary log-price spread: an AR(1) (discrete Ornstein–Uhlenbeck) process
 * `s ← phi·s + shock`, drawn from the stream `PAIR:<trend.symbol>:SPREAD`.
 */
export interface PairSpec {
  /** The two legs, e.g. `["QPA", "QPB"]`. */
  readonly legs: readonly [string, string];
  /** The common trend (a regime table like any symbol's; never written out). */
  readonly trend: SymbolSpec;
  /** Price of the second leg relative to the first when the spread is 0. */
  readonly ratio: number;
  /** Daily AR(1) coefficient of the spread; half-life = ln 2 / −ln(phi) days. */
  readonly phi: number;
  /** Daily shock size of the log spread (before volatility clustering). */
  readonly spreadVol: number;
  /** Probability per day of a news jump in the spread, of 3–6 `spreadVol` either way. */
  readonly jumpProb: number;
  /** Volume of each leg relative to the trend's volume. */
  readonly volumeShare: readonly [number, number];
}

/**
 * `QPA`/`QPB`: a common trend in the `FINANCIAL` sector and a spread with a
 * half-life of ln 2 / −ln(0.96) ≈ 17 trading days and a stationary standard
 * deviation, before clustering and jumps, of 0.0105 / √(1 − 0.96²) ≈ 3.75 %.
 */
export const PAIR_SPEC: PairSpec = {
  legs: ["QPA", "QPB"],
  trend: {
    symbol: "PAIR:QP",
    startTicks: 4480,
    beta: 0.7,
    sector: "FINANCIAL",
    sectorBeta: 0.4,
    gapProb: 0.005,
    baseVolume: 2_000_000,
    earningsOffset: 44,
    regimes: [
      { from: "2015-01-02", drift: 0.06, vol: 0.19 },
      { from: "2016-02-12", drift: 0.12, vol: 0.18 },
      { from: "2016-11-09", drift: 0.45, vol: 0.18, gap: 0.04 },
      { from: "2018-02-01", drift: -0.2, vol: 0.22 },
      { from: "2019-01-02", drift: 0.15, vol: 0.18 },
      { from: "2020-02-20", drift: -3.5, vol: 0.7, gap: -0.05 },
      { from: "2020-03-24", drift: 0.5, vol: 0.35 },
      { from: "2021-01-04", drift: 0.2, vol: 0.2 },
      { from: "2022-01-04", drift: -0.2, vol: 0.24 },
      { from: "2023-03-09", drift: -1.8, vol: 0.5, gap: -0.05 },
      { from: "2023-03-24", drift: 0.15, vol: 0.24 },
      { from: "2024-01-02", drift: 0.25, vol: 0.19 },
    ],
  },
  ratio: 0.57,
  phi: 0.96,
  spreadVol: 0.0105,
  jumpProb: 0.012,
  volumeShare: [0.6, 0.4],
};

/**
 * `e^(s/2)` by its Padé (1,1) form `(4 + s) / (4 − s)` (relative error below
 * 1e-4 for |s| < 0.2; only `+ - /`, so bit-reproducible). The legs' log-price
 * spread is then `2 ln((4 + s) / (4 − s)) = s + s³/48 + …`, as stationary as `s`.
 */
function halfExp(s: number): number {
  return (4 + s) / (4 - s);
}

/** The two legs of the pair, from the trend's bars and the spread stream. */
function generatePair(
  pair: PairSpec,
  days: readonly string[],
  market: Float64Array,
  sector: Float64Array | undefined,
  seed: number,
): [SymbolBars, SymbolBars] {
  const trend = generateSymbol(pair.trend, days, market, seed, sector);
  const n = days.length;
  const rnd = mulberry32(seedFor(seed, `${pair.trend.symbol}:SPREAD`));
  const legs = pair.legs.map((symbol) => ({
    symbol,
    date: days,
    open: new Int32Array(n),
    high: new Int32Array(n),
    low: new Int32Array(n),
    close: new Int32Array(n),
    volume: new Float64Array(n),
  })) as [Mutable<SymbolBars>, Mutable<SymbolBars>];
  let s = 0;
  let garch = 1;
  let lastZ = 0;
  for (let i = 0; i < n; i++) {
    // Draws in a fixed order every bar.
    const z = normal(rnd);
    const uJump = uniform(rnd);
    const uJumpSize = uniform(rnd);
    const uJumpSign = uniform(rnd);
    const uVolA = uniform(rnd);
    const uVolB = uniform(rnd);
    garch = clamp(0.06 + 0.07 * lastZ * lastZ * garch + 0.87 * garch, 0.4, 3);
    lastZ = z;
    const sPrev = s;
    const jump = uJump < pair.jumpProb ? pair.spreadVol * (3 + 3 * uJumpSize) * (uJumpSign < 0.5 ? -1 : 1) : 0;
    s = pair.phi * s + pair.spreadVol * Math.sqrt(garch) * z + jump;
    // The legs' prices are the trend's × e^(±s/2) (× the second leg's ratio):
    // the spread moves during the session, not overnight.
    const rOpen = halfExp(sPrev);
    const rClose = halfExp(s);
    const spreadMove = Math.abs(s - sPrev) / pair.spreadVol;
    for (let k = 0; k < 2; k++) {
      const leg = legs[k]!;
      const scale = k === 0 ? 1 : pair.ratio;
      const mo = k === 0 ? rOpen : 1 / rOpen;
      const mc = k === 0 ? rClose : 1 / rClose;
      const o = Math.max(1, Math.round(trend.open[i]! * scale * mo));
      const c = Math.max(1, Math.round(trend.close[i]! * scale * mc));
      const hi = Math.round(trend.high[i]! * scale * (mo > mc ? mo : mc));
      const lo = Math.round(trend.low[i]! * scale * (mo < mc ? mo : mc));
      leg.open[i] = o;
      leg.close[i] = c;
      leg.high[i] = Math.max(o, c, hi);
      leg.low[i] = Math.max(1, Math.min(o, c, lo));
      const v = trend.volume[i]! * pair.volumeShare[k]! * (0.75 + 0.5 * (k === 0 ? uVolA : uVolB)) *
        (1 + 0.15 * Math.min(spreadMove, 4));
      leg.volume[i] = Math.max(100, Math.round(v / 100) * 100);
    }
  }
  return legs;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The sector factor names of the universe, in the order their streams are listed. */
function universeSectors(): string[] {
  const names = new Set<string>();
  for (const spec of [...UNIVERSE_SPECS, PAIR_SPEC.trend]) {
    if (spec.sector !== undefined) names.add(spec.sector);
  }
  return [...names].sort();
}

/**
 * The ten symbols of the daily universe (ordered by symbol): the eight of
 * {@linkcode UNIVERSE_SPECS} and the two legs of {@linkcode PAIR_SPEC}, on the
 * same calendar and the same `MARKET` shocks as the original four, plus one
 * shared stream per sector (`SECTOR:<name>`). Pure and deterministic; the
 * original four symbols' streams are not touched.
 */
export function generateUniverseBars(seed: number = DEFAULT_SEED): SymbolBars[] {
  const days = businessDays(START_DATE, END_DATE);
  const market = shocks(seed, "MARKET", days.length);
  const sectors = new Map<string, Float64Array>();
  for (const name of universeSectors()) sectors.set(name, shocks(seed, `SECTOR:${name}`, days.length));
  const sectorOf = (spec: SymbolSpec) => spec.sector === undefined ? undefined : sectors.get(spec.sector);
  const out = UNIVERSE_SPECS.map((spec) => generateSymbol(spec, days, market, seed, sectorOf(spec)));
  out.push(...generatePair(PAIR_SPEC, days, market, sectorOf(PAIR_SPEC.trend), seed));
  return out.sort(bySymbol);
}

// ---------------------------------------------------------------------------
// Hourly bars (data/sample/hourly/)
// ---------------------------------------------------------------------------

/** First day of the hourly set (a Monday). */
export const HOURLY_START_DATE = "2023-01-02";
/** Last day of the hourly set (a Tuesday). */
export const HOURLY_END_DATE = "2024-12-31";
/** UTC start hours of the seven hourly bars of each business day. */
export const HOURLY_BAR_HOURS: readonly number[] = [14, 15, 16, 17, 18, 19, 20];
/** Relative volume of each hour of the session (U-shaped: busy open and close). */
const HOURLY_VOLUME_SHAPE = [1.9, 1.15, 0.85, 0.75, 0.8, 1.0, 1.55];

/** How one hourly symbol is generated. */
export interface HourlySpec {
  /** Ticker, e.g. `HQA`; also names the CSV file and seeds the symbol's stream. */
  readonly symbol: string;
  /** First open, in ticks. */
  readonly startTicks: number;
  /** Loading on the shared hourly shock (stream `HOURLY:MARKET`), 0..1. */
  readonly beta: number;
  /**
   * Share of each hour's shock taken back in the next hour of the same
   * session (an MA(1) with coefficient −`reversal`): the lag-1
   * autocorrelation of hourly returns within a day is about
   * −reversal / (1 + reversal²).
   */
  readonly reversal: number;
  /** Probability per day of an overnight news gap (1.5–4 daily σ). */
  readonly gapProb: number;
  /** Typical shares traded per hour. */
  readonly baseVolume: number;
  /** Trend regimes (drift and volatility annualised over 252 days; `anchor`/`pull` unused). */
  readonly regimes: readonly Regime[];
}

/**
 * The two hourly symbols. Both alternate up- and down-trends of several
 * weeks (the regime tables), with choppy stretches in between, and both
 * give back part of each hour's move in the next hour.
 *
 * - `HQA` liquid large cap, moderate volatility, mild hourly reversal.
 * - `HQB` more volatile mid cap, stronger hourly reversal, more gaps.
 */
export const HOURLY_SPECS: readonly HourlySpec[] = [
  {
    symbol: "HQA",
    startTicks: 11250,
    beta: 0.6,
    reversal: 0.2,
    gapProb: 0.02,
    baseVolume: 420_000,
    regimes: [
      { from: "2023-01-02", drift: 1.1, vol: 0.22 },
      { from: "2023-02-13", drift: -0.9, vol: 0.25 },
      { from: "2023-03-20", drift: 0.9, vol: 0.22 },
      { from: "2023-05-08", drift: 0, vol: 0.18 },
      { from: "2023-06-05", drift: 1.0, vol: 0.2 },
      { from: "2023-08-01", drift: -1.0, vol: 0.24 },
      { from: "2023-10-30", drift: 1.2, vol: 0.22 },
      { from: "2024-01-08", drift: 0.2, vol: 0.18 },
      { from: "2024-02-12", drift: 0.9, vol: 0.2 },
      { from: "2024-04-02", drift: -1.2, vol: 0.26 },
      { from: "2024-05-06", drift: 0.9, vol: 0.22 },
      { from: "2024-07-15", drift: -1.3, vol: 0.3 },
      { from: "2024-08-12", drift: 0.8, vol: 0.22 },
      { from: "2024-10-01", drift: -0.3, vol: 0.2 },
      { from: "2024-11-06", drift: 1.0, vol: 0.22 },
    ],
  },
  {
    symbol: "HQB",
    startTicks: 3840,
    beta: 0.5,
    reversal: 0.3,
    gapProb: 0.04,
    baseVolume: 260_000,
    regimes: [
      { from: "2023-01-02", drift: 1.4, vol: 0.36 },
      { from: "2023-03-06", drift: -1.5, vol: 0.42 },
      { from: "2023-04-10", drift: 0.2, vol: 0.32 },
      { from: "2023-05-15", drift: 1.5, vol: 0.36 },
      { from: "2023-07-24", drift: -0.4, vol: 0.34 },
      { from: "2023-08-21", drift: -1.4, vol: 0.4 },
      { from: "2023-10-23", drift: 1.6, vol: 0.38 },
      { from: "2023-12-26", drift: -0.2, vol: 0.3 },
      { from: "2024-02-05", drift: 1.2, vol: 0.34 },
      { from: "2024-03-25", drift: -1.4, vol: 0.4 },
      { from: "2024-05-13", drift: 0.4, vol: 0.32 },
      { from: "2024-06-17", drift: 1.3, vol: 0.36 },
      { from: "2024-08-01", drift: -1.6, vol: 0.45 },
      { from: "2024-09-09", drift: 0.8, vol: 0.34 },
      { from: "2024-11-18", drift: -0.8, vol: 0.36 },
    ],
  },
];

const HOURS_PER_DAY = HOURLY_BAR_HOURS.length;

/** `YYYY-MM-DD HH:00:00` for every bar of the hourly set, in order. */
export function hourlyTimes(from: string = HOURLY_START_DATE, to: string = HOURLY_END_DATE): string[] {
  const out: string[] = [];
  for (const day of businessDays(from, to)) {
    for (const h of HOURLY_BAR_HOURS) out.push(`${day} ${h < 10 ? "0" : ""}${h}:00:00`);
  }
  return out;
}

function generateHourlySymbol(
  spec: HourlySpec,
  days: readonly string[],
  market: Float64Array,
  seed: number,
): SymbolBars {
  const n = days.length * HOURS_PER_DAY;
  const rnd = mulberry32(seedFor(seed, spec.symbol));
  const open = new Int32Array(n);
  const high = new Int32Array(n);
  const low = new Int32Array(n);
  const close = new Int32Array(n);
  const volume = new Float64Array(n);
  const idio = Math.sqrt(1 - spec.beta * spec.beta);
  const hoursPerYear = DAYS_PER_YEAR * HOURS_PER_DAY;
  // The MA(1) term takes back part of the variance; scale it back up so that
  // `vol` stays the hourly volatility.
  const maScale = 1 / Math.sqrt(1 + spec.reversal * spec.reversal);

  let r = -1;
  let regime = spec.regimes[0]!;
  let prevClose = spec.startTicks;
  let garch = 1;
  let volumeLevel = 1;
  let bar = 0;
  for (let d = 0; d < days.length; d++) {
    const day = days[d]!;
    while (r + 1 < spec.regimes.length && spec.regimes[r + 1]!.from <= day) {
      r++;
      regime = spec.regimes[r]!;
    }
    const sigmaDay = regime.vol / Math.sqrt(DAYS_PER_YEAR);
    const sigmaHour = regime.vol / Math.sqrt(hoursPerYear);
    const mu = regime.drift / hoursPerYear;
    let lastZ = 0; // the previous hour's shock, within the session only
    for (let k = 0; k < HOURS_PER_DAY; k++, bar++) {
      // Draws happen in a fixed order every bar, used or not.
      const zOwn = normal(rnd);
      const zOvernight = normal(rnd);
      const uGap = uniform(rnd);
      const uGapSize = uniform(rnd);
      const uGapSign = uniform(rnd);
      const uHi1 = uniform(rnd);
      const uHi2 = uniform(rnd);
      const uLo1 = uniform(rnd);
      const uLo2 = uniform(rnd);
      const uVol = uniform(rnd);
      const uVolLevel = uniform(rnd);

      let o = prevClose;
      let gapped = false;
      if (k === 0 && bar > 0) {
        // Overnight: small noise (0.4 daily σ), sometimes a news gap.
        let gap = 0.4 * sigmaDay * zOvernight;
        if (uGap < spec.gapProb) {
          const size = sigmaDay * (1.5 + 2.5 * uGapSize);
          gap = uGapSign < (mu > 0 ? 0.62 : mu < 0 ? 0.38 : 0.5) ? size : -size;
          gapped = true;
        }
        o = Math.max(1, Math.round(prevClose * (1 + gap)));
      }
      garch = clamp(0.04 + 0.06 * lastZ * lastZ * garch + 0.9 * garch, 0.4, 3);
      const sigma = sigmaHour * Math.sqrt(garch);
      const z = spec.beta * market[bar]! + idio * zOwn;
      const ret = clamp(mu + sigma * maScale * (z - spec.reversal * lastZ), -0.2, 0.2);
      lastZ = z;
      const c = Math.max(1, Math.round(o * (1 + ret)));

      const top = Math.max(o, c);
      const bottom = Math.min(o, c);
      const h = Math.max(top, Math.round(top * (1 + sigma * 1.5 * uHi1 * uHi2)));
      const l = Math.max(1, Math.min(bottom, Math.round(bottom * (1 - sigma * 1.5 * uLo1 * uLo2))));

      volumeLevel = clamp(volumeLevel * (0.985 + 0.03 * uVolLevel), 0.6, 1.7);
      const move = Math.abs(c - prevClose) / prevClose / sigma;
      const v = spec.baseVolume * HOURLY_VOLUME_SHAPE[k]! * volumeLevel * (0.6 + 0.8 * uVol) *
        (0.75 + 0.25 * Math.min(move, 6)) * (gapped ? 2 : 1);
      volume[bar] = Math.max(100, Math.round(v / 100) * 100);

      open[bar] = o;
      high[bar] = h;
      low[bar] = l;
      close[bar] = c;
      prevClose = c;
    }
  }
  return { symbol: spec.symbol, date: hourlyTimes(days[0], days.at(-1)), open, high, low, close, volume };
}

/**
 * The hourly symbols of {@linkcode HOURLY_SPECS} (ordered by symbol): seven
 * bars per business day from {@linkcode HOURLY_START_DATE} to
 * {@linkcode HOURLY_END_DATE}, timestamps `YYYY-MM-DD HH:00:00` UTC. Each
 * symbol has its own stream; a shared `HOURLY:MARKET` stream (one shock per
 * bar) correlates them. Pure and deterministic.
 */
export function generateHourlyBars(seed: number = DEFAULT_SEED): SymbolBars[] {
  const days = businessDays(HOURLY_START_DATE, HOURLY_END_DATE);
  const market = shocks(seed, "HOURLY:MARKET", days.length * HOURS_PER_DAY);
  return [...HOURLY_SPECS].sort(bySymbol).map((spec) => generateHourlySymbol(spec, days, market, seed));
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

/** Directory (under the output directory) of the daily universe's CSV files. */
export const UNIVERSE_DIR = "universe";
/** Directory (under the output directory) of the hourly CSV files. */
export const HOURLY_DIR = "hourly";

/** Everything the generator produces, as bars. */
export interface SampleSets {
  /** `AAA` .. `DDD`, daily. */
  readonly daily: SymbolBars[];
  /** The ten symbols of the daily universe. */
  readonly universe: SymbolBars[];
  /** The hourly symbols. */
  readonly hourly: SymbolBars[];
}

/** Generate all three sets from `seed`. Pure and deterministic. */
export function generateSampleSets(seed: number = DEFAULT_SEED): SampleSets {
  return {
    daily: generateSampleBars(seed),
    universe: generateUniverseBars(seed),
    hourly: generateHourlyBars(seed),
  };
}

/**
 * Every CSV file of the sample data, path relative to the output directory →
 * text: `AAA.csv` .. `DDD.csv`, `sample.csv`, `universe/<symbol>.csv` and
 * `hourly/<symbol>.csv`. This is what the committed files must equal.
 */
export function generateSampleCsvs(
  seed: number = DEFAULT_SEED,
): Map<string, string> {
  const sets = generateSampleSets(seed);
  const files = new Map<string, string>();
  for (const b of sets.daily) files.set(`${b.symbol}.csv`, symbolCsv(b));
  files.set("sample.csv", combinedCsv(sets.daily));
  for (const b of sets.universe) files.set(`${UNIVERSE_DIR}/${b.symbol}.csv`, symbolCsv(b));
  for (const b of sets.hourly) files.set(`${HOURLY_DIR}/${b.symbol}.csv`, symbolCsv(b));
  return files;
}

function sqlString(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

/** Write the combined CSV as Parquet (typed columns, ordered by Symbol, Date) via DuckDB. */
async function writeParquet(csvPath: string, parquetPath: string): Promise<void> {
  using db = await openSqlEngine("native");
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
}

/**
 * Generate everything and write it to `outDir`: the four symbol CSVs,
 * `sample.csv`, `sample.parquet`, `universe/*.csv` and `hourly/*.csv`.
 * Returns the files written. `README.md` is not among them: it is written by
 * hand, and `gen_sample_data_test.ts` checks its digests and tables against
 * the files.
 */
export async function writeSampleData(
  outDir: string,
  seed: number = DEFAULT_SEED,
): Promise<string[]> {
  await Deno.mkdir(`${outDir}/${UNIVERSE_DIR}`, { recursive: true });
  await Deno.mkdir(`${outDir}/${HOURLY_DIR}`, { recursive: true });
  const enc = new TextEncoder();
  const written: string[] = [];
  for (const [name, text] of generateSampleCsvs(seed)) {
    const path = `${outDir}/${name}`;
    await Deno.writeFile(path, enc.encode(text));
    written.push(path);
  }
  const csvPath = await Deno.realPath(`${outDir}/sample.csv`);
  const parquetPath = `${await Deno.realPath(outDir)}/sample.parquet`;
  await writeParquet(csvPath, parquetPath);
  written.push(`${outDir}/sample.parquet`);
  return written;
}

const USAGE = `Usage: deno task gen:sample [--out DIR] [--seed N]

Regenerates the sample bars (four daily symbols, sample.csv, sample.parquet,
the ten-symbol universe and the hourly bars) from their seed. With the
defaults it rewrites data/sample/ byte for byte; data/sample/README.md is
written by hand and left alone.

Options:
  --out DIR     output directory (default data/sample)
  --seed N      seed, 0..4294967295 (default ${DEFAULT_SEED})
  -h, --help    show this help`;

function parseCommandLine(args: string[]): { out: string; seed: number } | 0 | 2 {
  return parseFlags(USAGE, () => {
    const { values } = parseArgs({
      args,
      options: {
        out: { type: "string", default: "data/sample" },
        seed: { type: "string", default: String(DEFAULT_SEED) },
        help: { type: "boolean", short: "h" },
      },
    });
    const seed = Number(values.seed);
    if (!/^\d+$/.test(values.seed) || !Number.isSafeInteger(seed) || seed > 0xffffffff) {
      throw new FlagError(`--seed must be an integer in 0..4294967295, got ${values.seed}`);
    }
    return { values, out: values.out, seed };
  });
}

/** CLI entry point: `[--out data/sample] [--seed N] [--help]`; returns the exit code. */
export async function main(args: string[]): Promise<number> {
  const parsed = parseCommandLine(args);
  if (typeof parsed === "number") return parsed;
  const { out, seed } = parsed;
  const written = await writeSampleData(out, seed);
  for (const path of written) {
    const data = await Deno.readFile(path);
    console.log(
      `${path}\t${data.length} bytes\tsha256 ${await sha256Hex(data)}`,
    );
  }
  return 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
