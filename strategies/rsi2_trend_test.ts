import assert from "node:assert/strict";
import { loadBars, loadConfig, runBacktest } from "../mod.ts";
import { rsi2Trend } from "./rsi2_trend.ts";

/** Wilder's RSI, written out: SMA seed of the first n gains and losses, then (prev × (n − 1) + x) / n. */
function wilderRsi(c: ArrayLike<number>, n: number): number[] {
  const out = new Array(c.length).fill(NaN);
  let g = 0, l = 0;
  for (let i = 1; i < c.length; i++) {
    const d = c[i]! - c[i - 1]!;
    if (i <= n) {
      g += Math.max(d, 0);
      l += Math.max(-d, 0);
      if (i === n) (g /= n), (l /= n);
    } else {
      g = (g * (n - 1) + Math.max(d, 0)) / n;
      l = (l * (n - 1) + Math.max(-d, 0)) / n;
    }
    if (i >= n) out[i] = l === 0 ? (g === 0 ? 50 : 100) : 100 - 100 / (1 + g / l);
  }
  return out;
}

/**
 * The strategy re-implemented in a plain loop over the hourly bars: daily closes grouped by UTC date (a day is known
 * from the next day's first bar on), its 50-day SMA, RSI(2) of the hourly closes; orders at a bar's close fill at the
 * symbol's next bar. The backtest's fills must be exactly the orders this loop sends.
 */
Deno.test("rsi2Trend trades exactly when an independent re-implementation does", async () => {
  const config = await loadConfig("configs/rsi2_hourly.ts");
  const frame = await loadBars(config.data);
  const r = runBacktest(config, frame);
  assert.deepEqual(r.denials, []);
  const expected: string[] = [];
  frame.symbols.forEach((sym, s) => {
    const a = frame.segStart[s]!, b = frame.segEnd[s]!;
    const ts = frame.tsMs.subarray(a, b), close = frame.close.subarray(a, b);
    const rsi = wilderRsi(close, 2);
    const dates: string[] = [], dailyClose: number[] = [];
    let long = false;
    for (let i = 0; i < ts.length; i++) {
      const date = new Date(ts[i]!).toISOString().slice(0, 10);
      if (dates[dates.length - 1] !== date) dates.push(date), dailyClose.push(NaN);
      dailyClose[dailyClose.length - 1] = close[i]!;
      // the days before this bar's day are complete
      const done = dailyClose.slice(0, dates.length - 1);
      const last = done[done.length - 1] ?? NaN;
      const sma = done.length >= 50 ? done.slice(-50).reduce((x, y) => x + y, 0) / 50 : NaN;
      const up = last > sma;
      if (i + 1 >= ts.length) break;
      const fillAt = new Date(ts[i + 1]!).toISOString();
      if (!long && up && rsi[i]! < 10) {
        expected.push(`${sym} buy ${fillAt}`);
        long = true;
      } else if (long && (rsi[i]! > 70 || !up)) {
        expected.push(`${sym} sell ${fillAt}`);
        long = false;
      }
    }
  });
  const actual = r.fills.map((f) => `${f.symbol} ${f.side} ${new Date(f.tsMs).toISOString()}`);
  assert.deepEqual(actual.sort(), expected.sort());
  assert.ok(actual.length > 100, `${actual.length} fills`);
});

Deno.test("rsi2Trend params: entry below exit", () => {
  assert.equal(rsi2Trend.params.safeParse({ entry: 70, exit: 70 }).success, false);
  assert.deepEqual(rsi2Trend.params.parse({}), { period: 2, entry: 10, exit: 70, trendDays: 50 });
});
