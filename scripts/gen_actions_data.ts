/**
 * Sample data with corporate actions (`data/actions/`) and the data of the
 * golden cases `06_adjusted_prices` and `07_raw_with_actions`: daily bars of
 * three made-up symbols with known splits and quarterly dividends, written
 * two ways, as a researcher finds them.
 *
 * - `raw/<SYMBOL>.csv` (`Date,Open,High,Low,Close,Volume`): prices as they
 *   traded, two decimals; a split shows as a jump at its ex-date, a dividend
 *   as a gap down by its amount. With `actions.csv`
 *   (`symbol,date,kind,value`), what `data.prices: "rawWithActions"` and the
 *   actions route of `"adjusted"` read.
 * - `yahoo/<SYMBOL>.csv` (`Date,Open,High,Low,Close,Adj Close,Volume`): as
 *   Yahoo Finance gives them: Open, High, Low, Close and Volume adjusted for
 *   splits (not dividends), `Adj Close` for splits and dividends by the CRSP
 *   multipliers (split: × 1/r; dividend: × (1 − D/C), C the close before the
 *   ex-date), computed here on their own, apart from the engine's code.
 *
 * | symbol | start | split | dividends (per share on the ex-date) |
 * | --- | --- | --- | --- |
 * | AAA | 120.00 | 2-for-1 at bar 110 | 0.40 at bars 35, 98; 0.20 at 161, 224, 287 |
 * | BBB | 60.00 | 3-for-2 at bar 170 | 0.30 at bars 50, 113; 0.20 at 176, 239, 302 |
 * | CCC | 4.00 | 1-for-10 (reverse) at bar 140 | 0.15 at bars 200, 263 |
 *
 * 320 business days from 2022-01-03. Prices are a random walk in integer
 * ticks (0.01) from {@linkcode mulberry32}, one stream per symbol (the seed
 * mixed with its name); the bytes are the same on every machine.
 *
 * Usage: `deno run --allow-read --allow-write=data,golden scripts/gen_actions_data.ts`
 * writes `data/actions/` and the `data/` of both golden cases (and the `data`
 * block of their `metadata.json`).
 *
 * @module
 */
import { hashString32, mulberry32 } from "../engine/random.ts";
import { sha256Hex } from "../engine/sha256_hex.ts";

/** The seed of every file here. */
export const ACTIONS_SEED = 606;
const BARS = 320;
const FROM = "2022-01-03";

interface SymbolSpec {
  readonly symbol: string;
  readonly startTicks: number;
  readonly split: { readonly bar: number; readonly ratio: number };
  readonly dividends: readonly { readonly bar: number; readonly amount: number }[];
  readonly vol: number;
  readonly baseVolume: number;
}

/** The symbols and their actions (see the module doc). */
export const ACTION_SYMBOLS: readonly SymbolSpec[] = [
  {
    symbol: "AAA",
    startTicks: 12_000,
    split: { bar: 110, ratio: 2 },
    dividends: [
      { bar: 35, amount: 0.4 },
      { bar: 98, amount: 0.4 },
      { bar: 161, amount: 0.2 },
      { bar: 224, amount: 0.2 },
      { bar: 287, amount: 0.2 },
    ],
    vol: 0.016,
    baseVolume: 800_000,
  },
  {
    symbol: "BBB",
    startTicks: 6_000,
    split: { bar: 170, ratio: 1.5 },
    dividends: [
      { bar: 50, amount: 0.3 },
      { bar: 113, amount: 0.3 },
      { bar: 176, amount: 0.2 },
      { bar: 239, amount: 0.2 },
      { bar: 302, amount: 0.2 },
    ],
    vol: 0.014,
    baseVolume: 400_000,
  },
  {
    symbol: "CCC",
    startTicks: 400,
    split: { bar: 140, ratio: 0.1 },
    dividends: [{ bar: 200, amount: 0.15 }, { bar: 263, amount: 0.15 }],
    vol: 0.022,
    baseVolume: 2_000_000,
  },
];

const TWO_POW_32 = 4294967296;
const uniform = (rnd: () => number) => (rnd() + 0.5) / TWO_POW_32;
const normal = (rnd: () => number) => (uniform(rnd) + uniform(rnd) + uniform(rnd) + uniform(rnd) - 2) * Math.sqrt(3);
const price = (ticks: number) => (ticks / 100).toFixed(2);

/** The 320 business dates. */
function dates(): string[] {
  const out: string[] = [];
  for (let day = Date.parse(`${FROM}T00:00:00Z`); out.length < BARS; day += 86_400_000) {
    const wd = new Date(day).getUTCDay();
    if (wd !== 0 && wd !== 6) out.push(new Date(day).toISOString().slice(0, 10));
  }
  return out;
}

/** One symbol's raw bars, in ticks (prices) and shares (volume). */
function rawBars(spec: SymbolSpec): { o: number[]; h: number[]; l: number[]; c: number[]; v: number[] } {
  const rnd = mulberry32((ACTIONS_SEED ^ hashString32(spec.symbol)) >>> 0);
  const o: number[] = [], h: number[] = [], l: number[] = [], c: number[] = [], v: number[] = [];
  let prev = spec.startTicks;
  for (let i = 0; i < BARS; i++) {
    const zGap = normal(rnd), zDay = normal(rnd), uHi = uniform(rnd), uLo = uniform(rnd), uVol = uniform(rnd);
    // the market reprices the share at the ex-date open: a split divides it, a dividend takes its amount off
    if (i === spec.split.bar) prev = Math.round(prev / spec.split.ratio);
    const div = spec.dividends.find((d) => d.bar === i);
    if (div !== undefined) prev = prev - Math.round(div.amount * 100);
    const open = Math.max(1, Math.round(prev * (1 + 0.3 * spec.vol * zGap)));
    const close = Math.max(1, Math.round(open * (1 + 0.0004 + spec.vol * zDay)));
    const top = Math.max(open, close), bottom = Math.min(open, close);
    o.push(open);
    c.push(close);
    h.push(top + Math.round(top * spec.vol * 0.8 * uHi * uHi));
    l.push(Math.max(1, bottom - Math.round(bottom * spec.vol * 0.8 * uLo * uLo)));
    // volume in round lots of 100 before the split: × any ratio here stays a whole number of shares
    const shares = Math.round(spec.baseVolume * (0.5 + uVol) / 1000) * 1000;
    v.push(i >= spec.split.bar ? Math.round(shares) : Math.round(shares / spec.split.ratio / 1000) * 1000);
    prev = close;
  }
  return { o, h, l, c, v };
}

/**
 * Every file: path relative to its root (`raw/AAA.csv`, `yahoo/AAA.csv`,
 * `actions.csv`) → text, LF line endings, a trailing newline. Pure.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { generateActionsData } from "./gen_actions_data.ts";
 * const files = generateActionsData();
 * assert.ok(files.get("actions.csv")!.startsWith("symbol,date,kind,value\nAAA,"));
 * assert.ok(files.get("yahoo/AAA.csv")!.startsWith("Date,Open,High,Low,Close,Adj Close,Volume\n2022-01-03,"));
 * ```
 */
export function generateActionsData(): Map<string, string> {
  const ds = dates();
  const out = new Map<string, string>();
  const actions: string[] = [];
  for (const spec of ACTION_SYMBOLS) {
    const { o, h, l, c, v } = rawBars(spec);
    out.set(
      `raw/${spec.symbol}.csv`,
      [
        "Date,Open,High,Low,Close,Volume",
        ...ds.map((d, i) => `${d},${price(o[i]!)},${price(h[i]!)},${price(l[i]!)},${price(c[i]!)},${v[i]}`),
      ]
        .join("\n") + "\n",
    );
    // Yahoo: split factor (prices × 1/r before the split) and CRSP factor (× 1/r, × (1 − D/C) before each ex-date)
    const splitF = new Float64Array(BARS), crspF = new Float64Array(BARS);
    let s = 1, f = 1;
    for (let i = BARS - 1; i >= 0; i--) {
      splitF[i] = s;
      crspF[i] = f;
      if (i === spec.split.bar) {
        s /= spec.split.ratio;
        f /= spec.split.ratio;
      }
      const div = spec.dividends.find((d) => d.bar === i);
      if (div !== undefined) f *= 1 - div.amount / (c[i - 1]! / 100);
    }
    const px = (ticks: number, k: number) => String((ticks / 100) * k);
    out.set(
      `yahoo/${spec.symbol}.csv`,
      [
        "Date,Open,High,Low,Close,Adj Close,Volume",
        ...ds.map((d, i) => {
          const k = splitF[i]!;
          const vol = Math.round(v[i]! / k);
          return `${d},${px(o[i]!, k)},${px(h[i]!, k)},${px(l[i]!, k)},${px(c[i]!, k)},${px(c[i]!, crspF[i]!)},${vol}`;
        }),
      ].join("\n") + "\n",
    );
    const acts = [
      { bar: spec.split.bar, line: `${spec.symbol},${ds[spec.split.bar]},split,${spec.split.ratio}` },
      ...spec.dividends.map((d) => ({ bar: d.bar, line: `${spec.symbol},${ds[d.bar]},dividend,${d.amount}` })),
    ].sort((a, b) => a.bar - b.bar);
    actions.push(...acts.map((a) => a.line));
  }
  out.set("actions.csv", ["symbol,date,kind,value", ...actions].join("\n") + "\n");
  return out;
}

/** The golden cases and the files of {@linkcode generateActionsData} each holds under its `data/`. */
export const ACTION_GOLDEN_CASES = {
  "06_adjusted_prices": ["yahoo/AAA.csv", "yahoo/BBB.csv", "yahoo/CCC.csv"],
  "07_raw_with_actions": ["raw/AAA.csv", "raw/BBB.csv", "raw/CCC.csv", "actions.csv"],
} as const;

/**
 * The `data` block of a golden case's `metadata.json` (file names relative
 * to the case: `data/yahoo/AAA.csv`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { actionsDataRecord, generateActionsData } from "./gen_actions_data.ts";
 * const rec = await actionsDataRecord("07_raw_with_actions", generateActionsData());
 * assert.ok(rec.files["data/actions.csv"]!.sha256.length === 64);
 * ```
 */
export async function actionsDataRecord(
  name: keyof typeof ACTION_GOLDEN_CASES,
  files: Map<string, string>,
): Promise<{
  generator: string;
  command: string;
  seed: number;
  files: Record<string, { bars: number; bytes: number; sha256: string }>;
}> {
  const enc = new TextEncoder();
  const out: Record<string, { bars: number; bytes: number; sha256: string }> = {};
  for (const f of ACTION_GOLDEN_CASES[name]) {
    const text = files.get(f)!, bytes = enc.encode(text);
    out[`data/${f}`] = { bars: text.split("\n").length - 2, bytes: bytes.length, sha256: await sha256Hex(bytes) };
  }
  return {
    generator: "scripts/gen_actions_data.ts",
    command: "deno run --allow-read --allow-write=data,golden scripts/gen_actions_data.ts",
    seed: ACTIONS_SEED,
    files: out,
  };
}

/**
 * Write `<dataRoot>/actions/` and the data of both golden cases under
 * `goldenRoot` (and their `metadata.json` `data` block, when the file
 * exists). Returns the paths written.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { writeActionsData } from "./gen_actions_data.ts";
 * const root = await Deno.makeTempDir();
 * const written = await writeActionsData(`${root}/data`, `${root}/golden`);
 * assert.ok(written.includes(`${root}/data/actions/actions.csv`));
 * await Deno.remove(root, { recursive: true });
 * ```
 */
export async function writeActionsData(dataRoot: string, goldenRoot: string): Promise<string[]> {
  const files = generateActionsData();
  const written: string[] = [];
  const put = async (path: string, text: string) => {
    await Deno.mkdir(path.slice(0, path.lastIndexOf("/")), { recursive: true });
    await Deno.writeTextFile(path, text);
    written.push(path);
  };
  for (const [name, text] of files) await put(`${dataRoot}/actions/${name}`, text);
  for (const name of Object.keys(ACTION_GOLDEN_CASES) as (keyof typeof ACTION_GOLDEN_CASES)[]) {
    const dir = `${goldenRoot}/${name}`;
    for (const f of ACTION_GOLDEN_CASES[name]) await put(`${dir}/data/${f}`, files.get(f)!);
    let meta: Record<string, unknown>;
    try {
      meta = JSON.parse(await Deno.readTextFile(`${dir}/metadata.json`));
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) continue;
      throw e;
    }
    meta.data = await actionsDataRecord(name, files);
    await put(`${dir}/metadata.json`, JSON.stringify(meta, null, 2) + "\n");
  }
  return written;
}

if (import.meta.main) {
  for (const path of await writeActionsData("data", "golden")) console.log(path);
}
