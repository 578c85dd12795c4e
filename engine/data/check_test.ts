import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { type Calendar, createCalendar, loadCalendarSpec, type Session } from "./calendar.ts";
import { type DataCheckReport, type Finding, formatDataCheckReport, runDataChecks } from "./check.ts";
import { DataChecksSchema } from "./config.ts";
import { loadRawBars, type RawBars } from "./load_bars.ts";

const FIXTURES = fileURLToPath(new URL("../../tests/fixtures/data_check/", import.meta.url));
const CHECKS = DataChecksSchema.parse({});
const DAY = 86_400_000;
const MIN = 60_000;

/**
 * A calendar of our own, in UTC: Monday to Friday, 09:30–10:00, closed on
 * `holidays` (YYYY-MM-DD → name). Enough to test the checks against a
 * calendar without the built-in exchange lists.
 */
function fakeCalendar(holidays: Record<string, string> = {}): Calendar {
  const dateOf = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);
  const regularHours = (day: number): Session => ({
    openMs: day * DAY + 570 * MIN,
    closeMs: day * DAY + 600 * MIN,
    early: false,
  });
  const closedWhy = (day: number) => {
    const wd = (((day + 4) % 7) + 7) % 7;
    if (wd === 0 || wd === 6) return "weekend";
    const h = holidays[dateOf(day)];
    return h === undefined ? undefined : `holiday: ${h}`;
  };
  return {
    name: "FAKE",
    timeZone: "UTC",
    session: (day) => (closedWhy(day) === undefined ? regularHours(day) : undefined),
    regularHours,
    closedWhy,
    sessionDayOf: (ms) => {
      const day = Math.floor(ms / DAY);
      const s = regularHours(day);
      return closedWhy(day) === undefined && ms >= s.openMs && ms < s.closeMs ? day : -1;
    },
    nextOpenAfter: (ms) => {
      for (let day = Math.floor(ms / DAY);; day++) {
        if (closedWhy(day) === undefined && regularHours(day).openMs > ms) return regularHours(day).openMs;
      }
    },
  };
}

const load = (file: string) => loadRawBars({ source: { kind: "files", path: file } }, { baseDir: FIXTURES });

/** The findings as `kind count` and their places as `line time: value`, for one symbol. */
function summary(r: DataCheckReport, symbol?: string): Record<string, { count: number; places: string[] }> {
  const s = symbol === undefined ? r.symbols[0]! : r.symbols.find((x) => x.symbol === symbol)!;
  return Object.fromEntries(
    s.findings.map((f: Finding) => [
      f.kind,
      { count: f.count, places: f.places.map((p) => `${p.line ?? `row ${p.row}`} ${p.time}: ${p.value}`) },
    ]),
  );
}

Deno.test("runDataChecks() finds each error-level problem of a hand-made file at its line", async () => {
  const r = runDataChecks(await load("errors.csv"), { checks: CHECKS });
  assert.equal(r.errors, 6);
  assert.equal(r.warnings, 0);
  assert.deepEqual(summary(r), {
    unparsable_time: { count: 1, places: ["6 : time: missing or not a date-time"] },
    unparsable_value: { count: 1, places: ["7 2024-01-05: Close: missing or not a number"] },
    duplicate_time: { count: 1, places: ["4 2024-01-03: same time as row 2 (line 3)"] },
    out_of_order: { count: 1, places: ["10 2024-01-05: after 2024-01-09 at row 8 (line 9)"] },
    non_positive_price: { count: 1, places: ["8 2024-01-08: Low = 0"] },
    ohlc_inconsistent: {
      count: 2,
      places: ["5 2024-01-04: high 9 < low 11", "9 2024-01-09: close 13 outside [low 9, high 12]"],
    },
  });
  const s = r.symbols[0]!;
  assert.equal(s.rows, 10);
  assert.equal(s.first, "2024-01-02");
  assert.equal(s.last, "2024-01-10");
  assert.equal(s.intervalMs, DAY);
  assert.equal(s.session, "daily");
  assert.equal(s.files[0], "errors.csv");
});

Deno.test("runDataChecks() finds each warning of a hand-made daily file, against Monday to Friday without a calendar", async () => {
  const r = runDataChecks(await load("warnings.csv"), { checks: CHECKS });
  assert.equal(r.errors, 0);
  assert.equal(r.warnings, 6);
  // the jump: ln(15/10) = 0.405465; the other 14 returns are ±ln(1.01) = ±0.00995033 (8), ±ln(15.1/15) (2) and 0 (4):
  // median 0, MAD ln(1.01), so z = 0.405465 / (1.482602 × 0.00995033) = 27.49
  assert.deepEqual(summary(r), {
    negative_volume: { count: 1, places: ["3 2024-01-09: Volume = -5"] },
    zero_volume_run: { count: 1, places: ["4 2024-01-10: 5 bars with volume 0, through 2024-01-15"] },
    stale_prices: { count: 1, places: ["10 2024-01-18: 5 bars with O/H/L/C 10/11/9/10, through 2024-01-24"] },
    jump: { count: 1, places: ["15 2024-01-25: close 15 after 10: log return +0.4055, z = 27.5"] },
    missing_session: { count: 1, places: ["10 2024-01-17: no bar (the row is the next bar's)"] },
    closed_day_bar: { count: 1, places: ["7 2024-01-13: Saturday: weekend (no calendar)"] },
  });
  assert.equal(r.calendar, null);
  assert.match(r.notes[0]!, /Monday to Friday.*--calendar XNYS/);
});

Deno.test("runDataChecks() thresholds: a shorter zero-volume run, a longer stale run, a higher jump z", async () => {
  const r = runDataChecks(await load("warnings.csv"), { checks: { jumpZ: 30, staleBars: 6, zeroVolumeBars: 6 } });
  const kinds = r.symbols[0]!.findings.map((f) => f.kind);
  assert.deepEqual(kinds, ["negative_volume", "missing_session", "closed_day_bar"]);
});

Deno.test("runDataChecks() checks daily bars against a calendar's sessions and names why a day is closed", async () => {
  const cal = fakeCalendar({ "2024-01-15": "Martin Luther King Jr. Day", "2024-01-17": "a closure" });
  const r = runDataChecks(await load("warnings.csv"), { checks: CHECKS, calendar: cal });
  const s = summary(r);
  assert.equal(s.missing_session, undefined, "2024-01-17 is closed: no gap");
  assert.deepEqual(s.closed_day_bar, {
    count: 2,
    places: ["7 2024-01-13: Saturday: weekend", "8 2024-01-15: Monday: holiday: Martin Luther King Jr. Day"],
  });
  assert.equal(r.calendar, "FAKE");
  assert.deepEqual(r.notes, []);
  assert.equal(r.symbols[0]!.sessionText, "daily sessions of FAKE");
});

Deno.test("runDataChecks() checks intraday bars against sessions: missing bars, a missing session, a bar outside", async () => {
  const r = runDataChecks(await load("intraday.csv"), { checks: CHECKS, calendar: fakeCalendar() });
  assert.equal(r.symbols[0]!.intervalMs, 5 * MIN);
  assert.equal(r.symbols[0]!.session, "intraday");
  // sessions 09:30–10:00 UTC with 5-minute bars: 09:40 missing on the 8th; none on the 9th; 09:30 and 09:35
  // missing on the 10th (before its first bar) and 09:55 (after its last, counted at the next session's first bar)
  assert.deepEqual(summary(r), {
    missing_session: { count: 1, places: ["8 2024-01-09: no bar (the row is the next bar's)"] },
    missing_bars: {
      count: 4,
      places: [
        "4 2024-01-08T09:45:00Z: 1 missing since 09:35 UTC",
        "8 2024-01-10T09:40:00Z: 2 missing since the open at 09:30 UTC",
        "11 2024-01-11T09:30:00Z: 1 missing after 09:50 UTC to the close of the session before",
      ],
    },
    outside_session: { count: 1, places: ["7 2024-01-08T10:05:00Z: no session at this time"] },
  });
});

Deno.test("runDataChecks() without a calendar checks intraday bars for gaps within each UTC day", async () => {
  const r = runDataChecks(await load("intraday.csv"), { checks: CHECKS });
  assert.equal(r.symbols[0]!.session, "24-hour");
  assert.deepEqual(summary(r), {
    missing_bars: {
      count: 2,
      places: [
        "4 2024-01-08T09:45:00Z: 1 missing since 09:35:00 UTC",
        "7 2024-01-08T10:05:00Z: 1 missing since 09:55:00 UTC",
      ],
    },
  });
});

Deno.test("runDataChecks() reports each symbol of a multi-symbol file at its source rows", async () => {
  const r = runDataChecks(await load("multi.csv"), { checks: CHECKS });
  assert.deepEqual(r.symbols.map((s) => [s.symbol, s.rows]), [["A", 2], ["B", 2]]);
  assert.deepEqual(summary(r, "A"), {});
  assert.deepEqual(summary(r, "B"), {
    duplicate_time: { count: 1, places: ["5 2024-01-08: same time as row 2 (line 3)"] },
  });
});

Deno.test("runDataChecks() merges one symbol's files in load order and keeps each bar's own file and row", () => {
  const f = (...x: number[]) => Float64Array.from(x);
  const piece = (origin: string, ts: number[]): RawBars => ({
    symbol: "A",
    origin,
    csv: false,
    hasVolume: true,
    dateOnly: true,
    tsMs: f(...ts),
    open: f(...ts.map(() => 10)),
    high: f(...ts.map(() => 11)),
    low: f(...ts.map(() => 9)),
    close: f(...ts.map((_, i) => 10 + i / 10)),
    volume: f(...ts.map(() => 1)),
  });
  const monday = 4 * DAY; // 1970-01-05
  const r = runDataChecks([piece("a.parquet", [monday, monday + DAY]), piece("b.parquet", [monday + DAY])], {
    checks: CHECKS,
  });
  assert.deepEqual(r.symbols[0]!.files, ["a.parquet", "b.parquet"]);
  assert.deepEqual(r.symbols[0]!.findings[0]!.places[0], {
    file: "b.parquet",
    row: 1,
    line: null,
    time: "1970-01-06",
    value: "same time as row 2",
  });
});

Deno.test("runDataChecks() checks only the bars of a range, at their source rows", async () => {
  const r = runDataChecks(await load("warnings.csv"), {
    checks: CHECKS,
    fromMs: Date.UTC(2024, 0, 18),
    toMs: Date.UTC(2024, 0, 25),
  });
  assert.equal(r.symbols[0]!.rows, 5);
  assert.deepEqual(summary(r), {
    stale_prices: { count: 1, places: ["10 2024-01-18: 5 bars with O/H/L/C 10/11/9/10, through 2024-01-24"] },
  });
});

Deno.test("runDataChecks() reports a clean file as clean; the text report ends with the summary line", async () => {
  const r = runDataChecks(await load("clean.csv"), { checks: CHECKS });
  assert.equal(r.errors + r.warnings, 0);
  const text = formatDataCheckReport(r);
  assert.match(text, /^clean {2}clean\.csv\n {2}10 rows, 2024-01-22 to 2024-02-02, interval 1d, daily/);
  assert.match(text, /\n1 symbol, 10 rows: no errors, no warnings$/);
});

Deno.test("runDataChecks() finds no jump in a random walk of 100,000 returns and no stale run of constant steps", () => {
  // a stale check must not fire on bars whose close alone repeats; a jump check must not fire without a jump
  const n = 100_000;
  const ts = new Float64Array(n), o = new Float64Array(n), h = new Float64Array(n), l = new Float64Array(n);
  const c = new Float64Array(n), v = new Float64Array(n).fill(1);
  let x = 100, seed = 1;
  for (let i = 0; i < n; i++) {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    const step = seed / 2_147_483_648 < 0.5 ? -0.01 : 0.01;
    ts[i] = i * MIN;
    o[i] = x;
    x = Math.round((x + step) * 100) / 100;
    c[i] = x;
    h[i] = Math.max(o[i]!, x) + 0.01;
    l[i] = Math.min(o[i]!, x) - 0.01;
  }
  const r = runDataChecks([{
    symbol: "W",
    origin: "walk",
    csv: false,
    hasVolume: true,
    dateOnly: false,
    tsMs: ts,
    open: o,
    high: h,
    low: l,
    close: c,
    volume: v,
  }], { checks: CHECKS });
  assert.deepEqual(r.symbols[0]!.findings, []);
});

/** Bars at `times` (ISO, UTC) for `symbol`, closes alternating 10 and 10.1 (no stale run, no jump). */
function barsAt(symbol: string, times: string[]): RawBars {
  const f = (g: (i: number) => number) => Float64Array.from(times, (_, i) => g(i));
  return {
    symbol,
    origin: `${symbol}.csv`,
    csv: true,
    hasVolume: true,
    dateOnly: false,
    tsMs: Float64Array.from(times, (t) => Date.parse(t)),
    open: f(() => 10),
    high: f(() => 10.2),
    low: f(() => 9.9),
    close: f((i) => (i % 2 ? 10.1 : 10)),
    volume: f(() => 1),
  };
}

/** Every `stepMin` minutes from `from` (inclusive) to `to` (exclusive), ISO UTC. */
function slots(from: string, to: string, stepMin: number): string[] {
  const out: string[] = [];
  for (let t = Date.parse(from); t < Date.parse(to); t += stepMin * MIN) out.push(new Date(t).toISOString());
  return out;
}

Deno.test("runDataChecks() with XNYS: a holiday is no gap, and daily bars on a holiday are named", async () => {
  const xnys = createCalendar(await loadCalendarSpec("XNYS"));
  // 2024-07-04 is Independence Day (NYSE Rule 7.2): without a calendar a missing Thursday, with XNYS nothing
  const none = runDataChecks(await load("holiday.csv"), { checks: CHECKS });
  assert.deepEqual(summary(none), {
    missing_session: { count: 1, places: ["5 2024-07-04: no bar (the row is the next bar's)"] },
  });
  const r = runDataChecks(await load("holiday.csv"), { checks: CHECKS, calendar: xnys });
  assert.deepEqual(r.symbols[0]!.findings, []);
  assert.equal(r.calendar, "XNYS");
  // 2024-01-15 is Martin Luther King, Jr. Day: the bar there is on a closed day; the missing 2024-01-17 stays a gap
  const w = summary(runDataChecks(await load("warnings.csv"), { checks: CHECKS, calendar: xnys }));
  assert.equal(w.closed_day_bar!.count, 2);
  assert.match(w.closed_day_bar!.places[1]!, /^8 2024-01-15: Monday: holiday: Martin Luther King/);
  assert.deepEqual(w.missing_session!.places, ["10 2024-01-17: no bar (the row is the next bar's)"]);
});

Deno.test("runDataChecks() with XNYS: intraday sessions follow daylight saving and early closes", async () => {
  const xnys = createCalendar(await loadCalendarSpec("XNYS"));
  // 09:30–16:00 New York: 14:30–21:00 UTC on Friday 2024-03-08 (EST), 13:30–20:00 UTC on Monday 2024-03-11 (EDT,
  // from 2024-03-10); 2024-07-03 closes early at 13:00 (17:00 UTC), 2024-07-04 is a holiday
  const dst = barsAt("D", [
    "2024-03-08T14:00:00Z", // 09:00 EST: before the open
    ...slots("2024-03-08T14:30:00Z", "2024-03-08T21:00:00Z", 30),
    ...slots("2024-03-11T13:30:00Z", "2024-03-11T20:00:00Z", 30),
  ]);
  const early = barsAt("E", [
    ...slots("2024-07-03T13:30:00Z", "2024-07-03T17:00:00Z", 30),
    "2024-07-03T17:00:00Z", // at the early close: outside
    ...slots("2024-07-05T13:30:00Z", "2024-07-05T20:00:00Z", 30),
  ]);
  const r = runDataChecks([dst, early], { checks: CHECKS, calendar: xnys });
  assert.equal(r.symbols[0]!.intervalMs, 30 * MIN);
  assert.deepEqual(summary(r, "D"), {
    outside_session: { count: 1, places: ["2 2024-03-08T14:00:00Z: no session at this time"] },
  });
  assert.deepEqual(summary(r, "E"), {
    outside_session: { count: 1, places: ["9 2024-07-03T17:00:00Z: no session at this time"] },
  });
});
