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
 *   `YYYY-MM-DD HH:MM:SS` UTC;
 * - `README.md`: the command, seed, recipes, per-symbol ranges and the CSV
 *   digests.
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
 * The realised paths (seed 131) are described in {@linkcode UNIVERSE_CHARACTERS}.
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
 * half-life of ln 2 / −ln(0.955) ≈ 15 trading days and a stationary standard
 * deviation of about 3.6 %.
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

function csvFiles(sets: SampleSets): Map<string, string> {
  const files = new Map<string, string>();
  for (const b of sets.daily) files.set(`${b.symbol}.csv`, symbolCsv(b));
  files.set("sample.csv", combinedCsv(sets.daily));
  for (const b of sets.universe) files.set(`${UNIVERSE_DIR}/${b.symbol}.csv`, symbolCsv(b));
  for (const b of sets.hourly) files.set(`${HOURLY_DIR}/${b.symbol}.csv`, symbolCsv(b));
  return files;
}

/**
 * Every CSV file of the sample data, path relative to the output directory →
 * text: `AAA.csv` .. `DDD.csv`, `sample.csv`, `universe/<symbol>.csv` and
 * `hourly/<symbol>.csv`. This is what the committed files must equal.
 */
export function generateSampleCsvs(
  seed: number = DEFAULT_SEED,
): Map<string, string> {
  return csvFiles(generateSampleSets(seed));
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

/** `fmt.lineWidth` in `deno.json`: the width `deno fmt` wraps Markdown prose to. */
const PROSE_WIDTH = 120;

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
 * Greedy word wrap at {@linkcode PROSE_WIDTH} columns, keeping inline code
 * spans whole, the way `deno fmt` wraps Markdown prose with the project's
 * `lineWidth` (so the generated README is fmt-clean).
 */
function wrapProse(text: string, first = "", rest = first): string {
  const words = text.match(/(?:`[^`]*`|[^\s`])+/g) ?? [];
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const w of words) {
    if (!empty && line.length + 1 + w.length > PROSE_WIDTH) {
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

/** One line on each universe symbol's character, for the README. */
export const UNIVERSE_CHARACTERS: Readonly<Record<string, string>> = {
  QBX: "biotech: mostly idiosyncratic, frequent news gaps, the highest volatility; a 2015 run-up and fade, a " +
    "2018–19 spike and bust, a 2020 vaccine run, a 2021–22 slump to a tenth of its peak, a late-2023 recovery.",
  QCX: "consumer staples: low volatility; a 2015–18 climb, range-bound around 100 through 2022 apart from a mild " +
    "2020 dip, a 2023 slide.",
  QEX: "integrated oil: a sagging 2015–17, a 2017–18 recovery, a slide into the 2020 crash, the 2021–23 energy " +
    "boom, a 2024 decline.",
  QFX: "bank: a 2016–17 rally, a 2018 decline, a deep 2020 crash, the Nov 2020 rotation rally, the March 2023 " +
    "bank scare; ends at half its start.",
  QMX: "miner, like `QEX` but wilder: a 2015 bust, a strong 2016 rebound, a 2017–19 slide, the 2020 crash and a " +
    "2020–21 boom, a 2022–24 slide.",
  QPA: "first leg of the cointegrated pair (see below).",
  QPB: "second leg of the cointegrated pair, priced at about 0.57 × `QPA`.",
  QSX: "semiconductors, boom and bust: high volatility, booms in 2016–17, 2019, 2020–21 and 2023, busts in " +
    "2018, 2022 and 2024; ends below its start.",
  QTX: "tech growth leader: long uptrends, sell-offs in 2015–16 and 2018, the 2020 crash and boom, a 2022 bear " +
    "market, a 2023–24 rally; ends at over three times its start.",
  QUX: "utility: low volatility and low beta, a milder 2020 crash, slow drifts up and down.",
};

/** One line on each hourly symbol's character, for the README. */
export const HOURLY_CHARACTERS: Readonly<Record<string, string>> = {
  HQA: "liquid large cap: moderate volatility, mild hourly reversal (MA coefficient 0.2), few gaps.",
  HQB: "more volatile mid cap: stronger hourly reversal (0.3), twice as many overnight news gaps.",
};

const LN2 = 0.6931471805599453;

/** A fraction as a percentage with at most two decimals, e.g. `0.0105` → `1.05`. */
function pct(x: number): string {
  return String(Math.round(x * 10000) / 100);
}

function rangeRow(b: SymbolBars): string[] {
  return [
    String(b.date.length),
    formatTicks(b.open[0]!),
    formatTicks(b.close[b.close.length - 1]!),
    formatTicks(Math.min(...b.low)),
    formatTicks(Math.max(...b.high)),
  ];
}

const RANGE_HEADER = ["bars", "first open", "last close", "lowest low", "highest high"];

function fileList(dir: string, bars: readonly SymbolBars[]): string {
  return bars.map((b) => `\`${dir}/${b.symbol}.csv\``).join(", ");
}

function readme(
  seed: number,
  sets: SampleSets,
  digests: ReadonlyMap<string, { bytes: number; sha256: string }>,
  duckdbVersion: string,
): string {
  const all = sets.daily;
  const seedArg = seed === DEFAULT_SEED ? "" : ` --seed ${seed}`;
  const rows = all.reduce((s, b) => s + b.date.length, 0);
  const digestTable = markdownTable(
    ["file", "bytes", "sha256"],
    [...digests].map((
      [name, d],
    ) => [`\`${name}\``, String(d.bytes), `\`${d.sha256}\``]),
  );
  const symbolTable = markdownTable(
    ["symbol", ...RANGE_HEADER],
    all.map((b) => [`\`${b.symbol}\``, ...rangeRow(b)]),
  );
  const specOf = new Map<string, SymbolSpec>(UNIVERSE_SPECS.map((s) => [s.symbol, s]));
  for (const leg of PAIR_SPEC.legs) specOf.set(leg, PAIR_SPEC.trend);
  const universeTable = markdownTable(
    ["symbol", "sector", "beta", "sector beta", ...RANGE_HEADER],
    sets.universe.map((b) => {
      const spec = specOf.get(b.symbol)!;
      return [
        `\`${b.symbol}\``,
        spec.sector ?? "-",
        String(spec.beta),
        String(spec.sectorBeta ?? 0),
        ...rangeRow(b),
      ];
    }),
  );
  const hourlyTable = markdownTable(
    ["symbol", ...RANGE_HEADER],
    sets.hourly.map((b) => [`\`${b.symbol}\``, ...rangeRow(b)]),
  );
  const [legA, legB] = PAIR_SPEC.legs;
  const trend = PAIR_SPEC.trend;
  const firstHour = sets.hourly[0]!.date[0]!;
  const lastHour = sets.hourly[0]!.date.at(-1)!;
  const hours = HOURLY_BAR_HOURS.map((h) => `${h}:00`);
  const blocks = [
    "# Sample bars",
    wrapProse(
      "Synthetic, deterministic OHLCV bars for made-up symbols, for examples, tests and demos. **Not market " +
        "data.** Three sets: four daily symbols (this directory), a daily universe of ten symbols with a " +
        `cointegrated pair (\`${UNIVERSE_DIR}/\`), and hourly bars for two symbols (\`${HOURLY_DIR}/\`). All are ` +
        "generated by `scripts/gen_sample_data.ts` (`deno task gen:sample`):",
    ),
    "```sh\ndeno run --allow-read --allow-write --allow-ffi " +
    `scripts/gen_sample_data.ts --out data/sample${seedArg}\n\`\`\``,
    wrapProse(
      seed === DEFAULT_SEED
        ? `Seed: \`${seed}\`, the script's default, picked from a scan of seeds ` +
          "1..1500 as one whose paths match the descriptions below. The universe and hourly sets use the same " +
          "seed through streams of their own, so adding them left the four original files unchanged; their " +
          "regime tables were written for this seed."
        : `Seed: \`${seed}\`.`,
    ),
    wrapProse(
      "Rerunning the command rewrites every file here; the CSV files come out " +
        "byte-identical on any machine (the test " +
        "`scripts/gen_sample_data_test.ts` regenerates them in memory and " +
        "compares, and checks the properties promised below).",
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
      bullet(
        `${fileList(UNIVERSE_DIR, sets.universe)}: the daily universe, same format and calendar as \`AAA.csv\`.`,
      ),
      bullet(
        `${fileList(HOURLY_DIR, sets.hourly)}: hourly bars, \`Date,Open,High,Low,Close,Volume\` with \`Date\` ` +
          `\`YYYY-MM-DD HH:MM:SS\` in UTC, the start of each bar: ${hours.join(", ")} on every Monday–Friday ` +
          `from ${firstHour.slice(0, 10)} to ${lastHour.slice(0, 10)}.`,
      ),
    ].join("\n"),
    symbolTable,
    "## Daily universe",
    wrapProse(
      `Ten symbols for portfolio-level and cross-sectional strategies (momentum ranking, pairs trading), in \`${UNIVERSE_DIR}/\`, on ` +
        "the same calendar and the same daily market shocks as `AAA`..`DDD`. Each also loads on one of four " +
        "sector factors, so symbols of a sector move together; sector leadership rotates, so a 12-1 month " +
        "momentum ranking changes its top three often and wins in some years and loses in others.",
    ),
    universeTable,
    sets.universe.map((b) => bullet(`\`${b.symbol}\` ${UNIVERSE_CHARACTERS[b.symbol] ?? ""}`)).join("\n"),
    wrapProse(
      `**The pair.** \`${legA}\` and \`${legB}\` share one common stochastic trend (a ${trend.sector} stock, beta ` +
        `${trend.beta}, sector beta ${trend.sectorBeta}) and differ only by a stationary log-price spread, so ` +
        `\`log(${legA}) − log(${legB})\` is mean-reverting around log(1/${PAIR_SPEC.ratio}): an AR(1) with daily ` +
        `coefficient ${PAIR_SPEC.phi} (a half-life of about ln 2 / (1 − ${PAIR_SPEC.phi}) ≈ ` +
        `${Math.round(LN2 / (1 - PAIR_SPEC.phi))} trading days), shocks of ${pct(PAIR_SPEC.spreadVol)} % a day ` +
        `with volatility clustering, and news jumps on ${pct(PAIR_SPEC.jumpProb)} % of days, so a 60-day ` +
        "z-score of the spread passes ±2 several times a year. Each leg on its own is a random walk with drift.",
    ),
    "## Hourly bars",
    wrapProse(
      `Two symbols in \`${HOURLY_DIR}/\`, seven one-hour bars a day, for intraday and multi-timeframe ` +
        "strategies. The daily path trends up and down for several weeks at a time (a daily SMA(20)/SMA(50) " +
        "filter switches a few times a year), while each hour gives back part of the previous hour's move " +
        "within the session (negative lag-1 autocorrelation of hourly returns), so short-term mean reversion " +
        "such as an RSI(2) entry has an edge at times. Each session opens with an overnight gap from the previous " +
        "close.",
    ),
    hourlyTable,
    sets.hourly.map((b) => bullet(`\`${b.symbol}\` ${HOURLY_CHARACTERS[b.symbol] ?? ""}`)).join("\n"),
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
    "### Recipe: daily universe",
    [
      bullet(
        "The eight single symbols (`UNIVERSE_SPECS` in the script) are generated exactly like `AAA`..`DDD` (same " +
          "calendar, same `MARKET` shocks, regime tables, GARCH variance, gaps, wicks and volume), with one " +
          "addition: the shock is β·market + β_s·sector + √(1−β²−β_s²)·own, where the sector shock comes from a " +
          `shared stream per sector, seeded with \`seed XOR fnv1a32("SECTOR:<name>")\` (${
            universeSectors().map((n) => `\`${n}\``).join(", ")
          }). The regime tables follow sector stories and rotate leadership (see the table above).`,
      ),
      bullet(
        `The pair (\`PAIR_SPEC\`): a common trend is generated like any other symbol from its own regime table ` +
          `on the stream \`${trend.symbol}\` (never written out). The spread s starts at 0 and follows ` +
          `s ← ${PAIR_SPEC.phi}·s + ${PAIR_SPEC.spreadVol}·√g·z + jump, with g a GARCH-style multiplier and a ` +
          `jump of 3–6 × ${PAIR_SPEC.spreadVol} either way on ${pct(PAIR_SPEC.jumpProb)} % of days, drawn from ` +
          `the stream \`${trend.symbol}:SPREAD\`. \`${legA}\` = trend × e^(s/2) and \`${legB}\` = ` +
          `${PAIR_SPEC.ratio} × trend × e^(−s/2), with e^(s/2) computed as (4 + s) / (4 − s) (so the log spread ` +
          "is s + s³/48 + …, as stationary as s). Opens use the previous day's spread, closes the day's; highs and lows extend the " +
          `trend's wicks; volumes are ${PAIR_SPEC.volumeShare.join(" and ")} × the trend's, with noise and more ` +
          "on days the spread moves a lot. Ticks are rounded from these prices.",
      ),
      bullet(
        "Every universe price stays well above 1.00 (the lowest low is in the table); the original four " +
          "symbols' streams are not touched, so their files are unchanged.",
      ),
    ].join("\n"),
    "### Recipe: hourly bars",
    [
      bullet(
        `Calendar: every Monday–Friday from ${HOURLY_START_DATE} to ${HOURLY_END_DATE}, no holidays, seven bars ` +
          `a day starting ${hours.join(", ")} UTC (\`HOURLY_SPECS\` in the script).`,
      ),
      bullet(
        "Randomness: each symbol's own stream `seed XOR fnv1a32(symbol)` and a shared `HOURLY:MARKET` stream " +
          "(one shock per bar) that correlates the two symbols (beta 0.5–0.6).",
      ),
      bullet(
        "Each symbol follows a table of regimes of a few weeks to a few months (annualised drift, volatility " +
          "over 252 days × 7 hours), alternating up- and down-trends with quieter stretches. Per bar: a " +
          "GARCH-style variance multiplier; shock z = β·market + √(1−β²)·own; hourly return = drift + σ_h·(z − " +
          "θ·z_prev) / √(1 + θ²), where z_prev is the previous hour's shock of the same session (0 for the " +
          "first bar), which makes the lag-1 autocorrelation of hourly returns within a session about " +
          "−θ / (1 + θ²), with θ = " +
          `${HOURLY_SPECS.map((h) => `${h.reversal} (\`${h.symbol}\`)`).join(", ")}.`,
      ),
      bullet(
        "The first bar of a day opens at the previous close × (1 + overnight move): 0.4 daily σ of noise, or on " +
          "2–4 % of days a news gap of 1.5–4 daily σ. Later bars open at the previous bar's close. Wicks and " +
          "volume as for the daily bars, volume shaped by the hour of the day (busiest at the open and the close) " +
          "and rounded to 100 shares.",
      ),
    ].join("\n"),
  ];
  return blocks.join("\n\n") + "\n";
}

/**
 * Generate everything and write it to `outDir`: the four symbol CSVs,
 * `sample.csv`, `sample.parquet`, `universe/*.csv`, `hourly/*.csv` and
 * `README.md`. Returns the files written.
 */
export async function writeSampleData(
  outDir: string,
  seed: number = DEFAULT_SEED,
): Promise<string[]> {
  await Deno.mkdir(`${outDir}/${UNIVERSE_DIR}`, { recursive: true });
  await Deno.mkdir(`${outDir}/${HOURLY_DIR}`, { recursive: true });
  const sets = generateSampleSets(seed);
  const enc = new TextEncoder();
  const digests = new Map<string, { bytes: number; sha256: string }>();
  const written: string[] = [];
  for (const [name, text] of csvFiles(sets)) {
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
    readme(seed, sets, digests, duckdbVersion),
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
