import assert from "node:assert/strict";
import { sessionVwap, sessionVwapIndicator } from "./session_vwap.ts";
import { parseParams } from "./define_indicator.ts";
import { tickWalk } from "./_test_helpers.ts";

const H = 3_600_000;

Deno.test("sessionVwap() accumulates from the first bar of each UTC day", () => {
  // typical price = the price here (high = low = close); day 1: bars at 09:00, 10:00, 11:00; day 2: 09:00, 10:00
  // day 1: 10; (10 × 1 + 13 × 2)/3 = 12; (36 + 7 × 3)/6 = 9.5. day 2 restarts: 20; (20 × 4 + 30 × 1)/5 = 22
  const d1 = Date.UTC(2024, 4, 6), d2 = Date.UTC(2024, 4, 7);
  const tsMs = Float64Array.of(d1 + 9 * H, d1 + 10 * H, d1 + 11 * H, d2 + 9 * H, d2 + 10 * H);
  const p = Float64Array.of(10, 13, 7, 20, 30);
  const volume = Float64Array.of(1, 2, 3, 4, 1);
  assert.deepEqual([...sessionVwap(p, p, p, volume, tsMs)], [10, 12, 9.5, 20, 22]);
});

Deno.test("sessionVwap() starts the day at sessionStart in the time zone, daylight saving included", () => {
  // New York at 17:00: 22:00 UTC in winter (EST, Jan 2024), 21:00 UTC in summer (EDT, Jul 2024)
  const w = Date.UTC(2024, 0, 9), s = Date.UTC(2024, 6, 9);
  const tsMs = Float64Array.of(w + 21 * H, w + 22 * H, s + 20 * H, s + 21 * H);
  const p = Float64Array.of(10, 20, 30, 40), v = Float64Array.of(1, 1, 1, 1);
  // each bar opens a new day but for none: 21:00 UTC winter is 16:00, the day before's session; 22:00 is 17:00
  assert.deepEqual([...sessionVwap(p, p, p, v, tsMs, "America/New_York", "17:00")], [10, 20, 30, 40]);
  // in UTC days the winter pair shares a day, as does the summer pair
  assert.deepEqual([...sessionVwap(p, p, p, v, tsMs)], [10, 15, 30, 35]);
});

Deno.test("sessionVwap() is NaN until volume trades, and after a NaN bar until the day ends", () => {
  const d = Date.UTC(2024, 1, 1);
  const tsMs = Float64Array.of(d + H, d + 2 * H, d + 3 * H, d + 4 * H, d + 25 * H);
  const p = Float64Array.of(10, 12, 14, 16, 18);
  assert.deepEqual([...sessionVwap(p, p, p, Float64Array.of(0, 2, 2, 0, 0), tsMs)], [NaN, 12, 13, 13, NaN]);
  assert.deepEqual([...sessionVwap(p, p, p, Float64Array.of(1, NaN, 1, 1, 1), tsMs)], [10, NaN, NaN, NaN, 18]);
  assert.ok(sessionVwap(p, p, p, new Float64Array(5).fill(NaN), tsMs).every(Number.isNaN)); // no volume column
});

Deno.test("sessionVwap() agrees with a direct per-day computation on hourly bars", () => {
  const c = tickWalk(21, 24 * 30);
  const h = c.map((x) => x + 0.07), l = c.map((x, i) => x - 0.01 * (i % 9));
  const v = Float64Array.from({ length: c.length }, (_, i) => 1 + ((i * 29) % 300));
  const t0 = Date.UTC(2023, 10, 1, 5);
  const tsMs = Float64Array.from({ length: c.length }, (_, i) => t0 + i * H);
  const out = sessionVwap(h, l, c, v, tsMs);
  let pv = 0, sv = 0;
  for (let i = 0; i < c.length; i++) {
    if (i === 0 || Math.floor(tsMs[i]! / (24 * H)) !== Math.floor(tsMs[i - 1]! / (24 * H))) pv = sv = 0;
    const tp = (h[i]! + l[i]! + c[i]!) / 3;
    pv += tp * v[i]!;
    sv += v[i]!;
    assert.ok(Math.abs(out[i]! - pv / sv) < 1e-9, `i=${i}`);
    if (sv === v[i]) assert.equal(out[i], tp); // first bar of a day: its own typical price
  }
});

Deno.test("sessionVwap validates timeZone and sessionStart like the daily-loss breaker", () => {
  const x = Float64Array.of(1);
  assert.throws(() => sessionVwap(x, x, x, x, x, "Mars/Olympus"), RangeError);
  assert.throws(() => sessionVwap(x, x, x, x, x, "UTC", "24:00"), RangeError);
  assert.throws(() => sessionVwap(x, x, x, x, x, "UTC", "9:30"), RangeError);
  assert.ok(!parseParams(sessionVwapIndicator, { timeZone: "Mars/Olympus" }).ok);
  assert.ok(!parseParams(sessionVwapIndicator, { sessionStart: "7:00" }).ok);
  assert.deepEqual(parseParams(sessionVwapIndicator, {}), {
    ok: true,
    params: { timeZone: "UTC", sessionStart: "00:00" },
  });
});

Deno.test("the sessionVwap definition reads the bar times from its environment", () => {
  const d = Date.UTC(2024, 2, 1);
  const tsMs = Float64Array.of(d + 22 * H, d + 23 * H);
  const p = Float64Array.of(4, 8), v = Float64Array.of(1, 1);
  const out = [new Float64Array(2)];
  const env = { tsMs, starts: [0, 0, 0, 0], magnitudes: () => null };
  sessionVwapIndicator.compute([p, p, p, v], { timeZone: "UTC", sessionStart: "23:00" }, out, env);
  assert.deepEqual([...out[0]!], [4, 8]); // 23:00 opens a new day
  sessionVwapIndicator.compute([p, p, p, v], { timeZone: "UTC", sessionStart: "00:00" }, out, env);
  assert.deepEqual([...out[0]!], [4, 6]);
});
