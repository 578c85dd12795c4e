import assert from "node:assert/strict";
import { parseTimeframe, resample } from "./resample.ts";
import { builtinCalendarSpec, loadCalendarSpec, resolveTradingDay } from "./calendar.ts";

const H = 3_600_000, DAY = 24 * H;
const tf = (s: string) => parseTimeframe(s)!;

/** Bars at the given times with closes 1, 2, 3, … (open = close − 0.5, high = close + 1, low = close − 1, volume 10). */
function bars(times: number[]) {
  const c = Float64Array.from(times, (_, i) => i + 1);
  return {
    tsMs: Float64Array.from(times),
    open: c.map((x) => x - 0.5),
    high: c.map((x) => x + 1),
    low: c.map((x) => x - 1),
    close: c,
    volume: c.map(() => 10),
  };
}

Deno.test("resample(): OHLCV is first open, highest high, lowest low, last close, summed volume", () => {
  const t0 = Date.UTC(2024, 0, 2);
  // 30-minute bars 09:00-10:30 and 12:00: hourly buckets 09:00 (2 bars), 10:00 (2 bars), 12:00 (1 bar)
  const times = [9, 9.5, 10, 10.5, 12].map((h) => t0 + h * H);
  const r = resample(bars(times), H / 2, tf("1h"));
  assert.deepEqual([...r.tsMs], [t0 + 9 * H, t0 + 10 * H, t0 + 12 * H]);
  assert.deepEqual([...r.endMs], [t0 + 10 * H, t0 + 11 * H, t0 + 13 * H]);
  assert.deepEqual([...r.open], [0.5, 2.5, 4.5]);
  assert.deepEqual([...r.high], [3, 5, 6]);
  assert.deepEqual([...r.low], [0, 2, 4]);
  assert.deepEqual([...r.close], [2, 4, 5]);
  assert.deepEqual([...r.volume], [20, 20, 10]);
  // a bucket shows from the close that reaches its end: 09:30's bar closes at 10:00
  assert.deepEqual([...r.visible], [-1, 0, 0, 1, 1]);
});

Deno.test("resample(): 4h buckets count from the trading day's start, and the last one is cut at the day's end", () => {
  const t0 = Date.UTC(2024, 0, 2);
  // a 17:00 New York trading day (22:00 UTC in January): buckets 22:00, 02:00, …, 18:00 UTC
  const times = [21, 22, 23, 25, 26, 45, 46].map((h) => t0 + h * H);
  const r = resample(bars(times), H, tf("4h"), { timeZone: "America/New_York", sessionStart: "17:00" });
  assert.deepEqual(
    [...r.tsMs].map((t) => (t - t0) / H),
    [18, 22, 26, 42, 46], // 21:00 is in the previous day's last bucket (18:00-22:00)
  );
  assert.deepEqual([...r.endMs].map((t) => (t - t0) / H), [22, 26, 30, 46, 50]);
  // 5h buckets from 22:00: 22, 27, 32, 37, 42 and the last, 42:00-47:00, cut at the next day's start, 46:00
  const cut = resample(bars([t0 + 45 * H]), H, tf("5h"), { timeZone: "America/New_York", sessionStart: "17:00" });
  assert.deepEqual([(cut.tsMs[0]! - t0) / H, (cut.endMs[0]! - t0) / H], [42, 46]);
});

Deno.test("resample(): weekly buckets are ISO weeks of the trading day's date, across a daylight-saving change", () => {
  // New York daily bars at 14:30 UTC around 2024-03-10 (clocks go forward); days start at local midnight
  const days = ["2024-03-07", "2024-03-08", "2024-03-11", "2024-03-12", "2024-03-15", "2024-03-18"];
  const times = days.map((d) => Date.parse(`${d}T14:30:00Z`));
  const r = resample(bars(times), DAY, tf("1w"), { timeZone: "America/New_York" });
  // weeks of Mon Mar 4, Mon Mar 11, Mon Mar 18; each starts at New York midnight (EST, then EDT)
  assert.deepEqual([...r.tsMs].map((t) => new Date(t).toISOString()), [
    "2024-03-04T05:00:00.000Z",
    "2024-03-11T04:00:00.000Z",
    "2024-03-18T04:00:00.000Z",
  ]);
  assert.deepEqual([...r.endMs].map((t) => new Date(t).toISOString()), [
    "2024-03-11T04:00:00.000Z",
    "2024-03-18T04:00:00.000Z",
    "2024-03-25T04:00:00.000Z",
  ]);
  assert.deepEqual([...r.close], [2, 5, 6]);
  // each week shows from the close of the next week's first bar
  assert.deepEqual([...r.visible], [-1, -1, 0, 0, 0, 1]);
});

Deno.test("resample(): months and quarters from daily bars", () => {
  const days = ["2024-01-30", "2024-01-31", "2024-02-01", "2024-03-29", "2024-04-01", "2024-07-01"];
  const times = days.map((d) => Date.parse(`${d}T00:00:00Z`));
  const m = resample(bars(times), DAY, tf("1mo"));
  assert.deepEqual([...m.tsMs].map((t) => new Date(t).toISOString().slice(0, 10)), [
    "2024-01-01",
    "2024-02-01",
    "2024-03-01",
    "2024-04-01",
    "2024-07-01",
  ]);
  assert.deepEqual([...m.close], [2, 3, 4, 5, 6]);
  // January's last bar closes at Feb 1 00:00, January's end: visible from that close on
  assert.deepEqual([...m.visible], [-1, 0, 0, 1, 2, 3]);
  const q = resample(bars(times), DAY, tf("3mo"));
  assert.deepEqual([...q.tsMs].map((t) => new Date(t).toISOString().slice(0, 10)), [
    "2024-01-01",
    "2024-04-01",
    "2024-07-01",
  ]);
  assert.deepEqual([...q.close], [4, 5, 6]);
  assert.deepEqual([...q.high], [5, 6, 7]);
});

Deno.test("parseTimeframe(): the forms it takes, and what it refuses", () => {
  for (const ok of ["30s", "5m", "1h", "24h", "1d", "1w", "1mo", "2mo", "3mo", "6mo", "12mo"]) {
    assert.ok(parseTimeframe(ok) !== null, ok);
  }
  for (const bad of ["", "0m", "1.5h", "25h", "2d", "2w", "5mo", "1y", "1M", "m"]) {
    assert.equal(parseTimeframe(bad), null, bad);
  }
  assert.equal(parseTimeframe("1mo")!.minMs, 28 * DAY);
});

Deno.test("resample(): with a calendar's trading day, after-hours bars stay in their New York day", async () => {
  // XNYS: days start at New York midnight (05:00Z in January). 2024-01-03 01:00Z is 20:00 on Jan 2 in New York.
  const times = ["2024-01-02T20:30:00Z", "2024-01-03T01:00:00Z", "2024-01-03T14:30:00Z"].map(Date.parse);
  const utc = resample(bars(times), H / 2, tf("1d"));
  assert.deepEqual([...utc.close], [1, 3]); // the UTC day puts 01:00Z with Jan 3's bar
  const ny = resample(bars(times), H / 2, tf("1d"), resolveTradingDay({}, builtinCalendarSpec("XNYS")));
  assert.deepEqual([...ny.tsMs].map((t) => new Date(t).toISOString()), [
    "2024-01-02T05:00:00.000Z",
    "2024-01-03T05:00:00.000Z",
  ]);
  assert.deepEqual([...ny.close], [2, 3]);
  // an overnight 17:00–16:00 Chicago calendar: the day starts at 17:00 Chicago (23:00Z in January)
  const cme = await loadCalendarSpec({ timeZone: "America/Chicago", open: "17:00", close: "16:00" });
  const night = resample(
    bars(["2024-01-07T23:30:00Z", "2024-01-08T21:30:00Z", "2024-01-08T23:00:00Z"].map(Date.parse)),
    H / 2,
    tf("1d"),
    resolveTradingDay({}, cme),
  );
  assert.deepEqual([...night.tsMs].map((t) => new Date(t).toISOString()), [
    "2024-01-07T23:00:00.000Z",
    "2024-01-08T23:00:00.000Z",
  ]);
  assert.deepEqual([...night.close], [2, 3]);
});
