/**
 * The timing rule on sessions (engine/data/sessions.ts, engine/execution/simulator.ts): daily bars under the XNYS
 * calendar open at 09:30 and close at 16:00 New York time (13:00 on an early close), so a latency shorter than the gap
 * to the next session's open fills there on every weekday, across weekends, holidays, early closes and daylight-saving
 * changes. Expected instants are worked out by hand from the NYSE schedule.
 */
import assert from "node:assert/strict";
import { z } from "zod";
import { defineStrategy, loadBars, loadConfig, parseConfig, runBacktest } from "../mod.ts";
import type { BarFrame } from "../engine/data/bar_frame.ts";

const H = 3_600_000;
const utc = (s: string) => Date.parse(s);

/** Buy one share at every bar's close. */
const buyEveryBar = defineStrategy({
  name: "buyEveryBar",
  params: z.strictObject({}),
  create: () => ({ onBar: (ctx) => void ctx.buy(1) }),
});

async function withCsv<T>(text: string, f: (path: string) => Promise<T>): Promise<T> {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/AAA.csv`, text);
    return await f(`${dir}/AAA.csv`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const DAYS = [
  "2024-03-07", // Thu
  "2024-03-08", // Fri; clocks go forward on Sunday the 10th
  "2024-03-11", // Mon, EDT
  "2024-03-12", // Tue
  "2024-11-26", // Tue, EST again (clocks went back on November 3)
  "2024-11-27", // Wed; Thursday the 28th is Thanksgiving
  "2024-11-29", // Fri, early close at 13:00
  "2024-12-02", // Mon
];
const dailyCsv = "Date,Open,High,Low,Close,Volume\n" +
  DAYS.map((d, i) => `${d},${10 + i},${10 + i},${10 + i},${10 + i},1000`).join("\n") + "\n";

function config(path: string, calendar: boolean, latencyMs: number) {
  return parseConfig({
    name: "sessions",
    data: { source: path, ...(calendar && { calendar: "XNYS" }) },
    capital: 1_000_000,
    strategy: { use: buyEveryBar, params: {} },
    risk: { sizing: { kind: "fixedQty", qty: 1 } },
    execution: { latency: latencyMs > 0 ? { kind: "fixed", ms: latencyMs } : { kind: "none" } },
  }, { file: "tests/sessions_timing_test.ts" });
}

/** For each bar's order, the index of the bar it filled in (-1: never). */
function filledAt(frame: BarFrame, path: string, calendar: boolean, latencyMs: number): number[] {
  const r = runBacktest(config(path, calendar, latencyMs), frame);
  const at = r.fills.map((f) => frame.tsMs.indexOf(f.tsMs));
  const out = DAYS.map(() => -1);
  r.fills.forEach((f, k) => (out[f.orderId] = at[k]!));
  return out.slice(0, DAYS.length - 1); // the last bar's order has no later bar
}

Deno.test("XNYS daily bars open at 09:30 and close at 16:00 New York time, in UTC, across DST changes and an early close", async () => {
  await withCsv(dailyCsv, async (path) => {
    const frame = await loadBars(config(path, true, 0).data);
    const times = DAYS.map((
      _,
      i,
    ) => [new Date(frame.tsMs[i]!).toISOString(), new Date(frame.closeMs[i]!).toISOString()]);
    assert.deepEqual(times, [
      ["2024-03-07T14:30:00.000Z", "2024-03-07T21:00:00.000Z"], // EST: UTC−5
      ["2024-03-08T14:30:00.000Z", "2024-03-08T21:00:00.000Z"],
      ["2024-03-11T13:30:00.000Z", "2024-03-11T20:00:00.000Z"], // EDT: UTC−4
      ["2024-03-12T13:30:00.000Z", "2024-03-12T20:00:00.000Z"],
      ["2024-11-26T14:30:00.000Z", "2024-11-26T21:00:00.000Z"],
      ["2024-11-27T14:30:00.000Z", "2024-11-27T21:00:00.000Z"],
      ["2024-11-29T14:30:00.000Z", "2024-11-29T18:00:00.000Z"], // early close, 13:00
      ["2024-12-02T14:30:00.000Z", "2024-12-02T21:00:00.000Z"],
    ]);
    assert.equal(frame.calendar?.name, "XNYS");
    // without a calendar: the bar's date at 00:00 UTC, its close known at 16:00 UTC
    const plain = await loadBars(config(path, false, 0).data);
    assert.equal(plain.tsMs[0], utc("2024-03-07T00:00:00Z"));
    assert.equal(plain.closeMs[0], utc("2024-03-07T16:00:00Z"));
    assert.equal(plain.calendar, undefined);
  });
});

Deno.test("a latency shorter than the overnight gap fills at the next session's open on every weekday; a longer one only across longer gaps", async () => {
  await withCsv(dailyCsv, async (path) => {
    const frame = await loadBars(config(path, true, 0).data);
    const next = [1, 2, 3, 4, 5, 6, 7];
    assert.deepEqual(filledAt(frame, path, true, 0), next);
    assert.deepEqual(filledAt(frame, path, true, 50), next, "50 ms: the next open, Friday or not");
    assert.deepEqual(filledAt(frame, path, true, 17.5 * H), next, "exactly the weekday gap still makes the open");
    // 18 h misses a weekday's next open (17.5 h away) but not the weekend's (64.5 h, one hour shorter for the DST
    // change), the long gap between March and November, Thanksgiving's (41.5 h) or the early close's weekend (68.5 h)
    assert.deepEqual(filledAt(frame, path, true, 18 * H), [2, 2, 4, 4, 6, 6, 7]);
    // 65 h: Thursday's order arrives on Sunday (Monday's open), Friday's at 10:00 Monday, after the 09:30 open (the
    // weekend is 64.5 h in the week clocks go forward), Tuesday the 26th's at 09:00 Friday, before the open; the early
    // close's weekend (68.5 h) is longer still
    assert.deepEqual(filledAt(frame, path, true, 65 * H), [2, 3, 4, 4, 6, 7, 7]);
  });
});

Deno.test("without a calendar a daily bar closes at 16:00 UTC: 8 h to the next weekday's 00:00 open, 56 h over a weekend", async () => {
  await withCsv(dailyCsv, async (path) => {
    const frame = await loadBars(config(path, false, 0).data);
    assert.deepEqual(filledAt(frame, path, false, 50), [1, 2, 3, 4, 5, 6, 7]);
    assert.deepEqual(filledAt(frame, path, false, 8 * H), [1, 2, 3, 4, 5, 6, 7]);
    // 9 h: misses Thu → Fri and Mon → Tue (8 h), Tue 26 → Wed 27 (8 h); makes Fri → Mon, the long gap, the holiday
    assert.deepEqual(filledAt(frame, path, false, 9 * H), [2, 2, 4, 4, 6, 6, 7]);
  });
});

Deno.test("intraday bars in exchange time: the session's last bar closes at the early close, and bars outside sessions are dropped or kept", async () => {
  // 2024-11-29: pre-market 09:00, the session 09:30-13:00, then bars a vendor kept to 14:00 (EST, UTC−5)
  const local = ["09:00", "09:30", "10:00", "12:30", "13:00", "13:30"];
  const csv = "Date,Open,High,Low,Close,Volume\n" +
    local.map((t, i) => `2024-11-29T${t}:00-05:00,${10 + i},${10 + i},${10 + i},${10 + i},100`).join("\n") + "\n";
  await withCsv(csv, async (path) => {
    const base = { source: path, calendar: "XNYS" as const };
    const dropped = await loadBars(
      parseConfig({
        name: "x",
        data: { ...base, outsideSession: "drop" },
        capital: 1,
        strategy: { use: buyEveryBar, params: {} },
        risk: { sizing: { kind: "fixedQty", qty: 1 } },
      }, { file: "t" }).data,
    );
    assert.deepEqual([...dropped.tsMs].map((t) => new Date(t).toISOString().slice(11, 16)), [
      "14:30",
      "15:00",
      "17:30",
    ]);
    assert.deepEqual([...dropped.closeMs].map((t) => new Date(t).toISOString().slice(11, 16)), [
      "15:00",
      "15:30",
      "18:00",
    ]);
    const kept = await loadBars({ source: { kind: "files", path }, calendar: "XNYS" });
    assert.equal(kept.length, 6);
    // outside the session a bar keeps its own end; the last bar inside closes at the early close
    assert.deepEqual([...kept.closeMs].map((t) => new Date(t).toISOString().slice(11, 16)), [
      "14:30",
      "15:00",
      "15:30",
      "18:00",
      "18:30",
      "19:00",
    ]);
  });
});

Deno.test("outsideSession without a calendar is a config error naming the field", () => {
  assert.throws(
    () =>
      parseConfig({
        name: "x",
        data: { source: "a.csv", outsideSession: "drop" },
        capital: 1,
        strategy: { use: buyEveryBar, params: {} },
        risk: { sizing: { kind: "fixedQty", qty: 1 } },
      }, { file: "cfg.ts" }),
    /data\.outsideSession.*expected data\.calendar/s,
  );
});

Deno.test("golden case 10: every order of the XNYS daily run fills at the next session's open, as with no latency", async () => {
  const withLatency = await loadConfig("golden/10_sessions_daily/config.ts");
  const frame = await loadBars(withLatency.data);
  const none = await loadConfig("golden/10_sessions_daily/config.ts", { set: ['execution.latency={"kind":"none"}'] });
  const a = runBacktest(withLatency, frame), b = runBacktest(none, frame);
  assert.ok(a.fills.length >= 8);
  assert.deepEqual(a.fills, b.fills);
  // fills at 09:30 New York time: 14:30Z in winter, 13:30Z in summer
  for (const f of a.fills.filter((f) => f.reason === "open")) {
    const hhmm = new Date(f.tsMs).toISOString().slice(11, 16);
    assert.ok(hhmm === "14:30" || hhmm === "13:30", hhmm);
  }
});

Deno.test("24-hour minute bars under XNYS: each bar's close and whether it is kept match a lookup of its own session", async () => {
  const { applySessions } = await import("../engine/data/sessions.ts");
  const { builtinCalendarSpec, createCalendar } = await import("../engine/data/calendar.ts");
  const cal = createCalendar(builtinCalendarSpec("XNYS"));
  // 2024-03-06 to 2024-03-14 (DST on the 10th) and 2024-11-25 to 2024-12-03 (Thanksgiving, the early close), every minute
  const spans = [[utc("2024-03-06T00:00:00Z"), utc("2024-03-14T00:00:00Z")], [
    utc("2024-11-25T00:00:00Z"),
    utc("2024-12-03T00:00:00Z"),
  ]];
  const times: number[] = [];
  for (const [a, b] of spans) for (let t = a!; t < b!; t += 60_000) times.push(t);
  const n = times.length, one = new Float64Array(n).fill(1);
  const part = () => ({
    symbol: "A",
    tsMs: Float64Array.from(times),
    open: one,
    high: one,
    low: one,
    close: one,
    volume: one,
    intervalMs: 60_000,
  });
  const kept = applySessions(part(), { daily: false, fixedInterval: false, calendar: cal, dropOutside: false });
  const dropped = applySessions(part(), { daily: false, fixedInterval: false, calendar: cal, dropOutside: true });
  const wantKept: number[] = [], wantClose: number[] = [];
  times.forEach((t) => {
    const d = cal.sessionDayOf(t), s = d >= 0 ? cal.session(d)! : undefined;
    wantClose.push(s === undefined ? t + 60_000 : Math.min(t + 60_000, s.closeMs));
    if (s !== undefined) wantKept.push(t);
  });
  assert.deepEqual([...kept.closeMs!], wantClose);
  assert.deepEqual([...dropped.tsMs], wantKept);
  // March 6-8 and 11-13: 6 sessions of 390 minutes; November 25-27 and December 2: 4, none on Thanksgiving, 210
  // minutes on the 29th (09:30-13:00)
  assert.equal(wantKept.length, 10 * 390 + 210);
});
