/**
 * The risk gate's cost on the 1M-bar workload: SMA-cross 10/30 on synthetic
 * minute bars, run with a fixed size and no limits (a margin account, so not
 * even the cash check), then with a full risk config: ATR sizing, every
 * limit, both breakers (the daily one on a 17:00 New York session, so the
 * day boundary goes through `Intl`) and a cooldown. Prints bars/s as the
 * median of several runs of each, interleaved, after JIT warm-up runs; both
 * with indicators computed in the run (cold) and shared across runs
 * (cached, as in a parameter sweep). `deno task bench --only risk` runs it
 * with `--json`.
 *
 * Usage: deno run -A scripts/bench_risk.ts [--runs N] [--warmup N] [--data PATH] [--json]
 *
 * @module
 */
import { type Config, IndicatorCache, loadBars, parseConfig, runBacktest } from "../mod.ts";
import bench from "../configs/bench_sma.ts";
import { ensureSynth1m, median } from "./_bench_data.ts";
import { parseRoundFlags } from "./_flags.ts";

const USAGE = `Usage: deno run -A scripts/bench_risk.ts [--runs N] [--warmup N] [--data PATH] [--json]

The risk gate's cost: SMA-cross 10/30 with fixedQty and no limits against a
full risk config (ATR sizing, every limit, both breakers, a cooldown), runs
interleaved, indicators computed in the run (cold) and cached. Prints medians.

Options:
  --runs N      timed rounds (default 7)
  --warmup N    untimed rounds first, for the JIT (default 2)
  --data PATH   the bars (default bench-data/synth_1m.csv, generated when missing)
  --json        print the raw timings as one JSON line instead
  -h, --help    show this help`;

const flags = parseRoundFlags(USAGE);
if (typeof flags === "number") Deno.exit(flags);
const { runs, warmup } = flags;
const data = flags.data ?? await ensureSynth1m();

const withRisk = (name: string, risk: unknown): Config =>
  parseConfig({ ...bench, name, data: { source: data }, risk }, { file: "scripts/bench_risk.ts" });

const plain = withRisk("bench_risk_plain", {
  sizing: { kind: "fixedQty", qty: 10 },
  limits: { account: { kind: "margin" } },
});
const full = withRisk("bench_risk_full", {
  sizing: { kind: "atrVolatility", riskFraction: 0.01, atrPeriod: 14, atrMultiple: 2, maxQty: 40 },
  limits: {
    maxPositions: 5,
    perSymbol: { maxQty: 1000, maxNotional: 200_000, maxPercentEquity: { max: 0.5, mode: "clip" } },
    grossExposure: { max: 1.5, mode: "clip" },
    netExposure: 1.5,
    longExposure: 1.5,
    shortExposure: 0.5,
    account: { kind: "cash" },
  },
  breakers: {
    dailyLossLimit: { percent: 0.02, timeZone: "America/New_York", sessionStart: "17:00" },
    maxDrawdownStop: { percent: 0.5 },
  },
  cooldown: { bars: 5 },
});

const frame = await loadBars(plain.data);
const n = frame.length;
const fmt = (x: number) => Math.round(x).toLocaleString("en-US");
const caches = { plain: new IndicatorCache(frame), full: new IndicatorCache(frame) };
const times = {
  plainCold: [] as number[],
  fullCold: [] as number[],
  plainWarm: [] as number[],
  fullWarm: [] as number[],
};
const seen = { plain: { trades: 0, denials: 0 }, full: { trades: 0, denials: 0 } };

const time = (config: Config, cache?: IndicatorCache) => {
  const t = performance.now();
  const r = runBacktest(config, frame, cache ? { cache } : {});
  return { ms: performance.now() - t, trades: r.trades.length, denials: r.denials.length };
};

for (let i = 0; i < runs + warmup; i++) {
  const pc = time(plain), fc = time(full);
  const pw = time(plain, caches.plain), fw = time(full, caches.full);
  seen.plain = { trades: pc.trades, denials: pc.denials };
  seen.full = { trades: fc.trades, denials: fc.denials };
  if (i < warmup) continue; // JIT warm-up
  times.plainCold.push(pc.ms);
  times.fullCold.push(fc.ms);
  times.plainWarm.push(pw.ms);
  times.fullWarm.push(fw.ms);
}

if (flags.json) {
  console.log(JSON.stringify({ bars: n, runs, warmup, ...seen, ...times }));
} else {
  const line = (label: string, xs: number[], base?: number[]) => {
    const ms = median(xs);
    const drop = base ? `   ${((1 - median(base) / ms) * 100).toFixed(1)}% fewer bars/s` : "";
    console.log(
      `  ${label.padEnd(34)} ${ms.toFixed(1).padStart(7)} ms ${fmt(n / (ms / 1000)).padStart(12)} bars/s${drop}`,
    );
  };
  console.log(`SMA-cross 10/30 on ${fmt(n)} bars, median of ${runs} runs each`);
  console.log(`  fixedQty, no limits: ${seen.plain.trades} trades, ${seen.plain.denials} denials`);
  console.log(`  full risk config:    ${seen.full.trades} trades, ${seen.full.denials} denials`);
  line("fixedQty, no limits, cold", times.plainCold);
  line("full risk config, cold", times.fullCold, times.plainCold);
  line("fixedQty, no limits, cached", times.plainWarm);
  line("full risk config, cached", times.fullWarm, times.plainWarm);
}
