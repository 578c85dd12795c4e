/**
 * Seeded sample data for instruments beyond cash equities (docs/instruments.md):
 *
 * - `data/futures/ES.csv`: an ES-like index future, daily bars on a 0.25 grid
 *   (a trending random walk from 4000.00), 2022-01-03 on, 750 business days;
 * - `data/fx/USA.csv` (quoted in USD), `data/fx/EUA.csv` (quoted in EUR),
 *   daily on a 0.01 grid, and `data/fx/EURUSD.csv`, the USD per EUR rate on a
 *   0.0001 grid, 2022-01-03 on, 750 business days;
 * - the golden cases' data: `golden/08_futures_multiplier/data/ES.csv` and
 *   `golden/09_two_currencies/data/{USA,EUA}.csv` + `fx/EURUSD.csv` (shorter).
 *
 * Every series draws from its own mulberry32 stream, seeded with
 * `seed XOR hashString32(name)`; prices are integers of ticks and the only
 * float operations are `+ - * /`, `Math.sqrt`, `Math.abs` and `Math.round`
 * (all exactly specified), then written with fixed decimals, so the bytes
 * are the same on every machine. Prints each file's sha256.
 *
 * Usage: `deno run --allow-write=data,golden scripts/gen_instruments_data.ts [--seed N]`
 *
 * @module
 */
import { hashString32, mulberry32 } from "../engine/random.ts";
import { sha256Hex } from "../engine/sha256_hex.ts";

/** One series' recipe. */
export interface SeriesSpec {
  readonly name: string;
  /** First close, in ticks. */
  readonly startTicks: number;
  /** Price increment. */
  readonly tick: number;
  /** Decimals the prices are written with. */
  readonly decimals: number;
  /** Mean and standard deviation of the daily return, per regime of `bars` bars. */
  readonly regimes: readonly { readonly bars: number; readonly drift: number; readonly vol: number }[];
  readonly volume: number;
}

const DAY_MS = 86_400_000;

/** Business days (Mon–Fri, UTC) from `from`, `n` of them, as `YYYY-MM-DD`. */
export function businessDays(from: string, n: number): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); out.length < n; t += DAY_MS) {
    const wd = new Date(t).getUTCDay();
    if (wd !== 0 && wd !== 6) out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

/**
 * The CSV text of one series: `Date,Open,High,Low,Close,Volume`, a random
 * walk in whole ticks, open = previous close ± an overnight move.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { seriesCsv } from "./gen_instruments_data.ts";
 * const csv = seriesCsv({ name: "X", startTicks: 16000, tick: 0.25, decimals: 2, regimes: [{ bars: 5, drift: 0, vol: 0.01 }], volume: 1000 }, ["2024-01-02", "2024-01-03"], 1);
 * assert.ok(csv.startsWith("Date,Open,High,Low,Close,Volume\n2024-01-02,"));
 * for (const line of csv.trim().split("\n").slice(1)) for (const p of line.split(",").slice(1, 5)) assert.ok(Number(p) * 4 % 1 === 0);
 * ```
 */
export function seriesCsv(spec: SeriesSpec, days: readonly string[], seed: number): string {
  const next = mulberry32((seed ^ hashString32(spec.name)) >>> 0);
  const rnd = () => next() / 4294967296; // uniform in [0, 1)
  // Irwin-Hall: the sum of four uniforms, centred and scaled to variance 1 (no Math.log/cos: exact everywhere)
  const normal = () => (rnd() + rnd() + rnd() + rnd() - 2) * Math.sqrt(3);
  const lines = ["Date,Open,High,Low,Close,Volume"];
  let prev = spec.startTicks, regime = 0, left = spec.regimes[0]!.bars;
  const fmt = (ticks: number) => (ticks * spec.tick).toFixed(spec.decimals);
  for (const day of days) {
    while (left === 0 && regime + 1 < spec.regimes.length) left = spec.regimes[++regime]!.bars;
    left--;
    const { drift, vol } = spec.regimes[regime]!;
    const open = Math.max(1, prev + Math.round(prev * vol * 0.3 * normal()));
    const close = Math.max(1, open + Math.round(prev * (drift + vol * normal())));
    const high = Math.max(open, close) + Math.round(Math.abs(prev * vol * 0.5 * normal()));
    const low = Math.max(1, Math.min(open, close) - Math.round(Math.abs(prev * vol * 0.5 * normal())));
    const volume = Math.round(spec.volume * (0.5 + rnd()));
    lines.push(`${day},${fmt(open)},${fmt(high)},${fmt(low)},${fmt(close)},${volume}`);
    prev = close;
  }
  return lines.join("\n") + "\n";
}

/** ES-like: 0.25 points, from 4000. */
const ES = (bars: number): SeriesSpec => ({
  name: "ES",
  startTicks: 16_000,
  tick: 0.25,
  decimals: 2,
  regimes: [
    { bars: Math.floor(bars * 0.4), drift: 0.0009, vol: 0.011 },
    { bars: Math.floor(bars * 0.25), drift: -0.0014, vol: 0.016 },
    { bars: bars, drift: 0.0008, vol: 0.01 },
  ],
  volume: 1_500_000,
});
const USA: SeriesSpec = {
  name: "USA",
  startTicks: 10_000,
  tick: 0.01,
  decimals: 2,
  regimes: [{ bars: 300, drift: 0.0008, vol: 0.015 }, { bars: 1000, drift: -0.0002, vol: 0.018 }],
  volume: 800_000,
};
const EUA: SeriesSpec = {
  name: "EUA",
  startTicks: 15_000,
  tick: 0.01,
  decimals: 2,
  regimes: [{ bars: 200, drift: -0.0004, vol: 0.014 }, { bars: 1000, drift: 0.0009, vol: 0.014 }],
  volume: 600_000,
};
const EURUSD: SeriesSpec = {
  name: "EURUSD",
  startTicks: 11_300,
  tick: 0.0001,
  decimals: 4,
  regimes: [{ bars: 250, drift: -0.0003, vol: 0.005 }, { bars: 1000, drift: 0.0002, vol: 0.005 }],
  volume: 0,
};

/** Every file this script writes: path → series and business days. */
export const FILES: readonly { readonly path: string; readonly spec: SeriesSpec; readonly bars: number }[] = [
  { path: "data/futures/ES.csv", spec: ES(750), bars: 750 },
  { path: "data/fx/USA.csv", spec: USA, bars: 750 },
  { path: "data/fx/EUA.csv", spec: EUA, bars: 750 },
  { path: "data/fx/EURUSD.csv", spec: EURUSD, bars: 750 },
  { path: "golden/08_futures_multiplier/data/ES.csv", spec: ES(300), bars: 300 },
  { path: "golden/09_two_currencies/data/USA.csv", spec: USA, bars: 300 },
  { path: "golden/09_two_currencies/data/EUA.csv", spec: EUA, bars: 300 },
  { path: "golden/09_two_currencies/fx/EURUSD.csv", spec: EURUSD, bars: 300 },
];

/** The default seed. */
export const SEED = 1803;

/**
 * Every file's text, by path: what the script writes.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { generateInstrumentsData } from "./gen_instruments_data.ts";
 * assert.ok(generateInstrumentsData().get("data/fx/EURUSD.csv")!.startsWith("Date,Open,High,Low,Close,Volume\n2022-01-03,"));
 * ```
 */
export function generateInstrumentsData(seed = SEED): Map<string, string> {
  return new Map(FILES.map((f) => [f.path, seriesCsv(f.spec, businessDays("2022-01-03", f.bars), seed)]));
}

if (import.meta.main) {
  const i = Deno.args.indexOf("--seed");
  const seed = i >= 0 ? Number(Deno.args[i + 1]) : SEED;
  const texts = generateInstrumentsData(seed);
  for (const f of FILES) {
    const text = texts.get(f.path)!;
    await Deno.mkdir(f.path.slice(0, f.path.lastIndexOf("/")), { recursive: true });
    await Deno.writeTextFile(f.path, text);
    const bytes = new TextEncoder().encode(text);
    console.log(`${f.path}  ${f.bars} bars  ${bytes.length} bytes  sha256 ${await sha256Hex(bytes)}`);
  }
}
