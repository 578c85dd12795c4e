/**
 * One process of `scripts/bench_cross_section.ts`: builds 500 symbols × 10
 * years of seeded daily bars in memory, then runs the momentum rotation
 * (rank by 12-1 month momentum on monthly bars resampled from the daily
 * ones, hold the top 50 at equal weight, rebalance monthly) through the full
 * risk gate and fill simulator: first the run a one-off backtest makes in a
 * fresh process, then `--runs` more. Prints JSON timings; the parent samples
 * this process's peak RSS.
 */
import { parseArgs } from "node:util";
import { parseConfig, runBacktest } from "../mod.ts";
import { assembleFrame, type BarFrame } from "../engine/data/bar_frame.ts";
import { mulberry32 } from "../engine/random.ts";
import { momentumRotation } from "../strategies/momentum_rotation.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    symbols: { type: "string", default: "500" },
    years: { type: "string", default: "10" },
    runs: { type: "string", default: "5" },
  },
});
const SYMBOLS = Number(values.symbols), YEARS = Number(values.years), RUNS = Number(values.runs);
const DAY = 86_400_000;

/** Business days from 2015-01-02, `YEARS` × 252 of them. */
function businessDays(): Float64Array {
  const out = new Float64Array(YEARS * 252);
  let t = Date.UTC(2015, 0, 2);
  for (let i = 0; i < out.length; t += DAY) {
    const wd = new Date(t).getUTCDay();
    if (wd !== 0 && wd !== 6) out[i++] = t;
  }
  return out;
}

/** Seeded bars: a market factor, ten sector factors and each symbol's own drift and noise. */
function universe(): BarFrame {
  const days = businessDays(), n = days.length;
  const rnd = mulberry32(20241207);
  const u = () => rnd() / 4294967296;
  const normal = () => (u() + u() + u() + u() - 2) * Math.sqrt(3);
  const market = Float64Array.from({ length: n }, () => 0.0002 + 0.01 * normal());
  const sectors = Array.from({ length: 10 }, () => Float64Array.from({ length: n }, () => 0.006 * normal()));
  const parts = [];
  for (let s = 0; s < SYMBOLS; s++) {
    const symbol = `S${String(s).padStart(3, "0")}`;
    const sector = sectors[s % 10]!, beta = 0.6 + 0.8 * u(), vol = 0.008 + 0.02 * u();
    let drift = (u() - 0.5) * 0.002, px = 20 + 80 * u();
    const cols = {
      open: new Float64Array(n),
      high: new Float64Array(n),
      low: new Float64Array(n),
      close: new Float64Array(n),
      volume: new Float64Array(n),
    };
    for (let i = 0; i < n; i++) {
      if (i % 126 === 0) drift = (u() - 0.5) * 0.002; // a new half-year regime
      const open = px * (1 + 0.002 * normal());
      const close = Math.max(0.5, open * (1 + drift + beta * market[i]! + sector[i]! + vol * normal()));
      cols.open[i] = open;
      cols.close[i] = close;
      cols.high[i] = Math.max(open, close) * (1 + 0.004 * u());
      cols.low[i] = Math.min(open, close) * (1 - 0.004 * u());
      cols.volume[i] = Math.round(1e5 + 1e6 * u());
      px = close;
    }
    parts.push({ symbol, tsMs: days.slice(), ...cols, intervalMs: DAY });
  }
  return assembleFrame(parts);
}

const t0 = performance.now();
const frame = universe();
const t1 = performance.now();
const config = parseConfig({
  name: "bench_cross_section",
  data: { source: "in-memory" },
  capital: 10_000_000,
  strategy: { use: momentumRotation, params: { lookback: 12, skip: 1, top: 50, cash: 0.02 } },
  risk: {
    sizing: { kind: "percentEquity", fraction: 0.02 },
    limits: { maxPositions: 60, perSymbol: { maxPercentEquity: { max: 0.05, mode: "clip" } }, grossExposure: 1 },
  },
  execution: { commission: { kind: "percent", rate: 0.0005 }, slippage: { kind: "fixedBps", bps: 2 } },
  seed: 1,
}, { file: "bench_cross_section" });
const first = performance.now();
const r = runBacktest(config, frame);
const firstMs = performance.now() - first;
const runs: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const t = performance.now();
  runBacktest(config, frame);
  runs.push(performance.now() - t);
}
console.log(JSON.stringify({
  bars: frame.length,
  symbols: frame.symbols.length,
  steps: frame.times.length,
  buildMs: t1 - t0,
  firstMs,
  runs,
  fills: r.fills.length,
  trades: r.trades.length,
  denials: r.denials.length,
  resizes: r.resizes.length,
  finalEquity: r.summary.finalEquity,
}));
