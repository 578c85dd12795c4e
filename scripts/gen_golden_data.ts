/**
 * The small, seeded datasets of the golden runs (`golden/<case>/data/*.csv`).
 *
 * Every dataset is a list of symbols; each symbol is a random walk in integer
 * ticks (1 tick = 0.01) drawn from {@linkcode mulberry32}: one stream per
 * symbol (the seed mixed with the symbol's name) plus one shared "market"
 * stream, so symbols move together by their `beta`. The only floating-point
 * operations are `+ - * /`, `Math.sqrt`, `Math.abs` and `Math.round`, all
 * exactly specified, so the bytes are the same on every machine.
 *
 * Per bar, in this order: the market's normal draw, then the symbol's
 * (overnight noise and intrabar shock, four uniforms each; then gap chance,
 * gap size, gap sign, upper wick, lower wick, volume), used or not. Bars follow a schedule: business
 * days (`YYYY-MM-DD`), or intraday sessions of `barsPerDay` bars of
 * `barMinutes` on business days (`YYYY-MM-DD HH:MM:SS`, UTC), where only a
 * session's first bar can gap; or the sessions of the built-in `XNYS`
 * calendar (holidays skipped), as dates or as intraday bars in New York time
 * with their UTC offset (`YYYY-MM-DDTHH:MM:SS-05:00`), optionally with
 * pre-market bars and bars past an early close, as vendor files have them.
 *
 * Usage: `deno run --allow-read --allow-write=golden scripts/gen_golden_data.ts [case ...]`
 * rewrites the CSV files of every case (or the named ones) and the `data`
 * block of each case's `metadata.json`. A case's golden task checks the
 * committed files against the sha256 recorded there.
 *
 * @module
 */
import { builtinCalendarSpec, createCalendar } from "../engine/data/calendar.ts";
import { hashString32, mulberry32 } from "../engine/random.ts";
import { sha256Hex } from "../engine/sha256_hex.ts";

/** One stretch of a symbol's path: per-bar drift and volatility from bar `fromBar` on. */
export interface GoldenRegime {
  /** First bar (0-based) of the regime. */
  readonly fromBar: number;
  /** Mean simple return per bar, e.g. 0.001. */
  readonly drift: number;
  /** Standard deviation of the per-bar return, e.g. 0.015. */
  readonly vol: number;
  /** A gap (fraction, e.g. -0.08) forced on the regime's first bar. */
  readonly gap?: number;
}

/** How one symbol's bars are generated. */
export interface GoldenSymbol {
  readonly symbol: string;
  /** First bar's previous close, in ticks. */
  readonly startTicks: number;
  /** Loading on the shared market shock, in [0, 1]. */
  readonly beta: number;
  /** Chance of a news gap per bar (per session for intraday schedules). */
  readonly gapProb: number;
  /** Size of a news gap as a multiple of the regime's vol: between `gapVols` and twice that. */
  readonly gapVols: number;
  /** Typical volume per bar (rounded to hundreds). */
  readonly baseVolume: number;
  /** In bar order; the first starts at bar 0. */
  readonly regimes: readonly GoldenRegime[];
}

/** When bars happen. */
export type GoldenSchedule =
  | { readonly kind: "daily"; readonly from: string; readonly bars: number }
  | {
    readonly kind: "intraday";
    readonly from: string;
    readonly days: number;
    /** First bar of each session, `HH:MM` UTC. */
    readonly sessionStart: string;
    readonly barMinutes: number;
    readonly barsPerDay: number;
  }
  | {
    /** The sessions of `XNYS` from `from` to `to` (inclusive): one bar a session, as its date. */
    readonly kind: "xnysDaily";
    readonly from: string;
    readonly to: string;
  }
  | {
    /** The sessions of `XNYS` from `from` to `to`, as `barMinutes` bars in New York time. */
    readonly kind: "xnysIntraday";
    readonly from: string;
    readonly to: string;
    readonly barMinutes: number;
    /** Bars before each session's open (outside the session). */
    readonly preMarketBars: number;
    /** On an early close, bars go on to the regular close (outside the session). */
    readonly pastEarlyClose: boolean;
  };

/** The dataset of one golden case. */
export interface GoldenDataset {
  /** The case directory under `golden/`. */
  readonly case: string;
  readonly seed: number;
  readonly schedule: GoldenSchedule;
  readonly symbols: readonly GoldenSymbol[];
}

const sym = (s: Partial<GoldenSymbol> & Pick<GoldenSymbol, "symbol" | "startTicks" | "regimes">): GoldenSymbol => ({
  beta: 0.6,
  gapProb: 0.02,
  gapVols: 2,
  baseVolume: 500_000,
  ...s,
});

/**
 * Every golden dataset. Changing one changes its case's data sha256, so the
 * golden task fails until the case's expected files are regenerated and
 * reviewed.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { GOLDEN_DATASETS } from "./gen_golden_data.ts";
 * assert.ok(GOLDEN_DATASETS.every((d) => d.symbols.length > 0));
 * ```
 */
export const GOLDEN_DATASETS: readonly GoldenDataset[] = [
  {
    // alternating trends of about 50 bars, so a 5/20 SMA cross enters and leaves a dozen times
    case: "01_sma_cross_daily",
    seed: 101,
    schedule: { kind: "daily", from: "2020-01-02", bars: 600 },
    symbols: [sym({
      symbol: "AAA",
      startTicks: 5_000,
      regimes: [
        { fromBar: 0, drift: 0.002, vol: 0.012 },
        { fromBar: 50, drift: -0.0025, vol: 0.016 },
        { fromBar: 95, drift: 0.0025, vol: 0.011 },
        { fromBar: 150, drift: -0.001, vol: 0.014 },
        { fromBar: 190, drift: 0.003, vol: 0.013 },
        { fromBar: 240, drift: -0.003, vol: 0.018, gap: -0.05 },
        { fromBar: 290, drift: 0.0015, vol: 0.012 },
        { fromBar: 340, drift: -0.002, vol: 0.015 },
        { fromBar: 390, drift: 0.0025, vol: 0.013 },
        { fromBar: 450, drift: -0.0025, vol: 0.017 },
        { fromBar: 500, drift: 0.002, vol: 0.012 },
        { fromBar: 555, drift: -0.0015, vol: 0.014 },
      ],
    })],
  },
  {
    // four correlated symbols with a few market-wide shock days, so the daily loss limit trips
    case: "02_risk_multi_symbol",
    seed: 202,
    schedule: { kind: "daily", from: "2021-01-04", bars: 500 },
    symbols: [
      sym({
        symbol: "AAA",
        startTicks: 6_000,
        beta: 0.8,
        regimes: [
          { fromBar: 0, drift: 0.0018, vol: 0.013 },
          { fromBar: 120, drift: -0.0025, vol: 0.022, gap: -0.04 },
          { fromBar: 180, drift: 0.0015, vol: 0.014 },
          { fromBar: 330, drift: -0.001, vol: 0.02, gap: -0.035 },
          { fromBar: 400, drift: 0.0012, vol: 0.015 },
        ],
      }),
      sym({
        symbol: "BBB",
        startTicks: 2_500,
        beta: 0.7,
        regimes: [
          { fromBar: 0, drift: -0.0012, vol: 0.018 },
          { fromBar: 100, drift: 0.0022, vol: 0.017 },
          { fromBar: 250, drift: -0.002, vol: 0.024, gap: -0.05 },
          { fromBar: 380, drift: 0.001, vol: 0.016 },
        ],
      }),
      sym({
        symbol: "CCC",
        startTicks: 12_000,
        beta: 0.85,
        gapProb: 0.03,
        regimes: [
          { fromBar: 0, drift: 0.0025, vol: 0.02 },
          { fromBar: 140, drift: -0.0018, vol: 0.026, gap: -0.06 },
          { fromBar: 260, drift: 0.002, vol: 0.02 },
          { fromBar: 420, drift: -0.003, vol: 0.03, gap: -0.07 },
        ],
      }),
      sym({
        symbol: "DDD",
        startTicks: 900,
        beta: 0.5,
        gapProb: 0.04,
        baseVolume: 200_000,
        regimes: [
          { fromBar: 0, drift: 0.001, vol: 0.025 },
          { fromBar: 200, drift: -0.0025, vol: 0.03 },
          { fromBar: 300, drift: 0.003, vol: 0.028, gap: 0.08 },
        ],
      }),
    ],
  },
  {
    // hourly sessions: overnight gaps through resting limit and stop prices, thin bars for partial fills
    case: "03_execution_fill_models",
    seed: 303,
    schedule: { kind: "intraday", from: "2022-03-01", days: 60, sessionStart: "14:00", barMinutes: 60, barsPerDay: 7 },
    symbols: [
      sym({
        symbol: "AAA",
        startTicks: 10_000,
        gapProb: 0.25,
        gapVols: 2.5,
        baseVolume: 12_000,
        regimes: [
          { fromBar: 0, drift: 0.0004, vol: 0.004 },
          { fromBar: 140, drift: -0.0005, vol: 0.006 },
          { fromBar: 280, drift: 0.0003, vol: 0.005 },
        ],
      }),
      sym({
        symbol: "BBB",
        startTicks: 4_000,
        beta: 0.4,
        gapProb: 0.3,
        gapVols: 3,
        baseVolume: 6_000,
        regimes: [
          { fromBar: 0, drift: -0.0003, vol: 0.006 },
          { fromBar: 200, drift: 0.0005, vol: 0.005 },
        ],
      }),
    ],
  },
  {
    // 750 bars: three rolling windows of 300 training and 150 test bars
    case: "04_walk_forward",
    seed: 404,
    schedule: { kind: "daily", from: "2019-01-02", bars: 750 },
    symbols: [sym({
      symbol: "AAA",
      startTicks: 4_000,
      regimes: [
        { fromBar: 0, drift: 0.0012, vol: 0.013 },
        { fromBar: 150, drift: -0.0008, vol: 0.017 },
        { fromBar: 260, drift: 0.0016, vol: 0.012 },
        { fromBar: 420, drift: -0.0012, vol: 0.019, gap: -0.04 },
        { fromBar: 520, drift: 0.0014, vol: 0.014 },
        { fromBar: 640, drift: -0.0004, vol: 0.016 },
      ],
    })],
  },
  {
    // a steady bull market, then a crash deep enough for a 12 % drawdown stop
    case: "05_max_drawdown_halt",
    seed: 505,
    schedule: { kind: "daily", from: "2018-01-02", bars: 400 },
    symbols: [
      sym({
        symbol: "AAA",
        startTicks: 8_000,
        beta: 0.85,
        regimes: [
          { fromBar: 0, drift: 0.0015, vol: 0.011 },
          { fromBar: 230, drift: -0.006, vol: 0.03, gap: -0.06 },
          { fromBar: 280, drift: 0.002, vol: 0.015 },
        ],
      }),
      sym({
        symbol: "BBB",
        startTicks: 3_000,
        beta: 0.85,
        regimes: [
          { fromBar: 0, drift: 0.0018, vol: 0.013 },
          { fromBar: 232, drift: -0.007, vol: 0.032, gap: -0.05 },
          { fromBar: 285, drift: 0.0022, vol: 0.016 },
        ],
      }),
      sym({
        symbol: "CCC",
        startTicks: 15_000,
        beta: 0.7,
        regimes: [
          { fromBar: 0, drift: 0.001, vol: 0.014 },
          { fromBar: 228, drift: -0.005, vol: 0.028 },
          { fromBar: 290, drift: 0.0015, vol: 0.015 },
        ],
      }),
    ],
  },
  {
    // XNYS sessions as dates across Thanksgiving, early closes, the year end, Good Friday and both DST changes
    case: "10_sessions_daily",
    seed: 1010,
    schedule: { kind: "xnysDaily", from: "2023-10-02", to: "2024-04-30" },
    symbols: [sym({
      symbol: "AAA",
      startTicks: 6_000,
      regimes: [
        { fromBar: 0, drift: 0.002, vol: 0.012 },
        { fromBar: 35, drift: -0.0025, vol: 0.015 },
        { fromBar: 65, drift: 0.0025, vol: 0.011 },
        { fromBar: 100, drift: -0.002, vol: 0.014 },
        { fromBar: 130, drift: 0.002, vol: 0.012 },
      ],
    })],
  },
  {
    // 30-minute bars in New York time over the November DST change, Thanksgiving and its early close, with
    // pre-market bars and bars past the early close as a vendor file has them
    case: "11_sessions_intraday",
    seed: 1111,
    schedule: {
      kind: "xnysIntraday",
      from: "2024-10-28",
      to: "2024-12-06",
      barMinutes: 30,
      preMarketBars: 2,
      pastEarlyClose: true,
    },
    symbols: [sym({
      symbol: "AAA",
      startTicks: 10_000,
      gapProb: 0.2,
      baseVolume: 40_000,
      regimes: [
        { fromBar: 0, drift: 0.0006, vol: 0.004 },
        { fromBar: 150, drift: -0.0007, vol: 0.006 },
        { fromBar: 300, drift: 0.0005, vol: 0.005 },
      ],
    })],
  },
];

const MS_PER_DAY = 86_400_000;
const TWO_POW_32 = 4294967296;
const SQRT3 = Math.sqrt(3);

/** Uniform in (0, 1) from one mulberry32 draw. */
const uniform = (rnd: () => number) => (rnd() + 0.5) / TWO_POW_32;

/** Approximately standard normal: the Irwin–Hall sum of four uniforms at unit variance. */
function normal(rnd: () => number): number {
  return (uniform(rnd) + uniform(rnd) + uniform(rnd) + uniform(rnd) - 2) * SQRT3;
}

const pad2 = (n: number) => (n < 10 ? "0" : "") + n;

/** Local `YYYY-MM-DDTHH:MM:SS±HH:MM` of instant `utcMs` at `offsetMs` east of UTC. */
function localIso(utcMs: number, offsetMs: number): string {
  const local = new Date(utcMs + offsetMs).toISOString().slice(0, 19);
  const off = Math.abs(offsetMs) / 60_000;
  return `${local}${offsetMs < 0 ? "-" : "+"}${pad2(Math.floor(off / 60))}:${pad2(off % 60)}`;
}

/** Bar times of the `XNYS` schedules. */
function xnysBarTimes(
  s: Extract<GoldenSchedule, { kind: "xnysDaily" | "xnysIntraday" }>,
): { text: string[]; sessionOpen: boolean[] } {
  const cal = createCalendar(builtinCalendarSpec("XNYS"));
  const text: string[] = [], sessionOpen: boolean[] = [];
  const first = Date.parse(`${s.from}T00:00:00Z`) / MS_PER_DAY, last = Date.parse(`${s.to}T00:00:00Z`) / MS_PER_DAY;
  for (let day = first; day <= last; day++) {
    const session = cal.session(day);
    if (session === undefined) continue;
    const date = new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
    if (s.kind === "xnysDaily") {
      text.push(date);
      sessionOpen.push(true);
      continue;
    }
    // New York's offset that day: the regular open is 09:30 local
    const offsetMs = day * MS_PER_DAY + 9.5 * 3_600_000 - session.openMs;
    const bar = s.barMinutes * 60_000;
    const end = s.pastEarlyClose ? cal.regularHours(day).closeMs : session.closeMs;
    for (let t = session.openMs - s.preMarketBars * bar; t < end; t += bar) {
      text.push(localIso(t, offsetMs));
      sessionOpen.push(t === session.openMs);
    }
  }
  return { text, sessionOpen };
}

/** Bar times of a schedule: the text written in the CSV and whether the bar opens a session. */
function barTimes(s: GoldenSchedule): { text: string[]; sessionOpen: boolean[] } {
  if (s.kind === "xnysDaily" || s.kind === "xnysIntraday") return xnysBarTimes(s);
  const text: string[] = [], sessionOpen: boolean[] = [];
  let day = Date.parse(`${s.from}T00:00:00Z`);
  if (!Number.isFinite(day)) throw new RangeError(`bad schedule start ${s.from}`);
  const want = s.kind === "daily" ? s.bars : s.days;
  for (let d = 0; d < want; day += MS_PER_DAY) {
    const wd = new Date(day).getUTCDay();
    if (wd === 0 || wd === 6) continue;
    const date = new Date(day).toISOString().slice(0, 10);
    d++;
    if (s.kind === "daily") {
      text.push(date);
      sessionOpen.push(true);
      continue;
    }
    const [hh, mm] = s.sessionStart.split(":").map(Number) as [number, number];
    for (let b = 0; b < s.barsPerDay; b++) {
      const minutes = hh * 60 + mm + b * s.barMinutes;
      text.push(`${date} ${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}:00`);
      sessionOpen.push(b === 0);
    }
  }
  return { text, sessionOpen };
}

/** A positive tick count as a price with two decimals. */
function price(ticks: number): string {
  const whole = Math.floor(ticks / 100), cents = ticks - whole * 100;
  return `${whole}.${pad2(cents)}`;
}

/**
 * Generate a dataset's CSV files: file name (`<SYMBOL>.csv`) → text, with a
 * `Date,Open,High,Low,Close,Volume` header, LF line endings and a trailing
 * newline. Pure and deterministic.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { GOLDEN_DATASETS, generateGoldenData } from "./gen_golden_data.ts";
 * const files = generateGoldenData(GOLDEN_DATASETS[0]!);
 * assert.ok(files.get("AAA.csv")!.startsWith("Date,Open,High,Low,Close,Volume\n2020-01-02,"));
 * ```
 */
export function generateGoldenData(ds: GoldenDataset): Map<string, string> {
  const { text: times, sessionOpen } = barTimes(ds.schedule);
  const n = times.length;
  const marketRnd = mulberry32((ds.seed ^ hashString32("MARKET")) >>> 0);
  const market = new Float64Array(n);
  for (let i = 0; i < n; i++) market[i] = normal(marketRnd);
  const out = new Map<string, string>();
  for (const spec of ds.symbols) {
    const rnd = mulberry32((ds.seed ^ hashString32(spec.symbol)) >>> 0);
    const idio = Math.sqrt(1 - spec.beta * spec.beta);
    const lines = ["Date,Open,High,Low,Close,Volume"];
    let prev = spec.startTicks, r = 0;
    for (let i = 0; i < n; i++) {
      let regimeStart = false;
      while (r + 1 < spec.regimes.length && spec.regimes[r + 1]!.fromBar <= i) {
        r++;
        regimeStart = true;
      }
      const g = spec.regimes[r]!;
      const zOver = normal(rnd), zIdio = normal(rnd);
      const uGap = uniform(rnd), uGapSize = uniform(rnd), uGapSign = uniform(rnd);
      const uHi = uniform(rnd), uLo = uniform(rnd), uVol = uniform(rnd);
      let gap = sessionOpen[i] ? 0.3 * g.vol * zOver : 0;
      let gapped = false;
      if (regimeStart && g.gap !== undefined) {
        gap = g.gap;
        gapped = true;
      } else if (sessionOpen[i] && uGap < spec.gapProb) {
        const size = g.vol * spec.gapVols * (1 + uGapSize);
        gap = uGapSign < 0.5 + (g.drift > 0 ? 0.1 : g.drift < 0 ? -0.1 : 0) ? size : -size;
        gapped = true;
      }
      const o = Math.max(1, Math.round(prev * (1 + gap)));
      const ret = g.drift + g.vol * (spec.beta * market[i]! + idio * zIdio);
      const c = Math.max(1, Math.round(o * (1 + Math.max(-0.4, Math.min(0.5, ret)))));
      const top = Math.max(o, c), bottom = Math.min(o, c);
      const h = top + Math.round(top * g.vol * 0.9 * uHi * uHi);
      const l = Math.max(1, bottom - Math.round(bottom * g.vol * 0.9 * uLo * uLo));
      const move = Math.min(4, Math.abs(c - prev) / prev / g.vol);
      const v = Math.max(
        100,
        Math.round(spec.baseVolume * (0.5 + uVol) * (0.7 + 0.3 * move) * (gapped ? 2 : 1) / 100) * 100,
      );
      lines.push(`${times[i]},${price(o)},${price(h)},${price(l)},${price(c)},${v}`);
      prev = c;
    }
    out.set(`${spec.symbol}.csv`, lines.join("\n") + "\n");
  }
  return out;
}

/** What `metadata.json` records about a case's data. */
export interface GoldenDataRecord {
  readonly generator: string;
  readonly command: string;
  readonly seed: number;
  readonly files: Readonly<Record<string, { readonly bars: number; readonly bytes: number; readonly sha256: string }>>;
}

/**
 * The `data` block of a case's `metadata.json` for generated files.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { GOLDEN_DATASETS, dataRecord, generateGoldenData } from "./gen_golden_data.ts";
 * const ds = GOLDEN_DATASETS[0]!;
 * const rec = await dataRecord(ds, generateGoldenData(ds));
 * assert.ok(rec.files["data/AAA.csv"]!.sha256.length === 64);
 * ```
 */
export async function dataRecord(ds: GoldenDataset, files: Map<string, string>): Promise<GoldenDataRecord> {
  const enc = new TextEncoder();
  const out: Record<string, { bars: number; bytes: number; sha256: string }> = {};
  for (const [name, text] of files) {
    const bytes = enc.encode(text);
    out[`data/${name}`] = { bars: text.split("\n").length - 2, bytes: bytes.length, sha256: await sha256Hex(bytes) };
  }
  return {
    generator: "scripts/gen_golden_data.ts",
    command: `deno run --allow-read --allow-write=golden scripts/gen_golden_data.ts ${ds.case}`,
    seed: ds.seed,
    files: out,
  };
}

/**
 * Write the data files of the named cases (all when `cases` is empty) under
 * `root`, and refresh the `data` block of each case's `metadata.json` when
 * the file exists (other fields keep their order and values). Returns the
 * paths written.
 *
 * @example Write one case's data elsewhere
 * ```ts
 * import assert from "node:assert/strict";
 * import { writeGoldenData } from "./gen_golden_data.ts";
 * const root = await Deno.makeTempDir();
 * const written = await writeGoldenData(root, ["01_sma_cross_daily"]);
 * assert.ok(written.length === 1 && written[0]!.endsWith("/01_sma_cross_daily/data/AAA.csv"));
 * await Deno.remove(root, { recursive: true });
 * ```
 */
export async function writeGoldenData(root: string, cases: readonly string[] = []): Promise<string[]> {
  const unknown = cases.filter((c) => !GOLDEN_DATASETS.some((d) => d.case === c));
  if (unknown.length > 0) {
    throw new Error(`unknown case ${unknown.join(", ")}; known: ${GOLDEN_DATASETS.map((d) => d.case).join(", ")}`);
  }
  const written: string[] = [];
  for (const ds of GOLDEN_DATASETS) {
    if (cases.length > 0 && !cases.includes(ds.case)) continue;
    const dir = `${root}/${ds.case}`;
    await Deno.mkdir(`${dir}/data`, { recursive: true });
    const files = generateGoldenData(ds);
    for (const [name, text] of files) {
      await Deno.writeTextFile(`${dir}/data/${name}`, text);
      written.push(`${dir}/data/${name}`);
    }
    const metaPath = `${dir}/metadata.json`;
    let meta: Record<string, unknown>;
    try {
      meta = JSON.parse(await Deno.readTextFile(metaPath));
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) continue;
      throw e;
    }
    meta.data = await dataRecord(ds, files);
    await Deno.writeTextFile(metaPath, JSON.stringify(meta, null, 2) + "\n");
    written.push(metaPath);
  }
  return written;
}

if (import.meta.main) {
  for (const path of await writeGoldenData("golden", Deno.args)) console.log(path);
}
