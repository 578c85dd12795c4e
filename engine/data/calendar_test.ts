import assert from "node:assert/strict";
import { join } from "node:path";
import {
  builtinCalendarSpec,
  type Calendar,
  type CalendarSpec,
  createCalendar,
  loadCalendarSpec,
  resolveTradingDay,
} from "./calendar.ts";
import { CalendarConfigSchema } from "./config.ts";
import { openSqlEngine } from "./sql_engine.ts";
import { ConfigError, DataError } from "../errors.ts";

const DAY = 86_400_000;
const day = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16);
const xnys = createCalendar(builtinCalendarSpec("XNYS"));

/** Every date of `year` that is a weekday without a session, and every early close as `date HH:MM` (New York). */
function closures(cal: Calendar, year: number) {
  const closed: string[] = [], early: string[] = [];
  const ny = new Intl.DateTimeFormat("en-US", {
    timeZone: "America/New_York",
    hourCycle: "h23",
    hour: "2-digit",
    minute: "2-digit",
  });
  for (let d = day(`${year}-01-01`); d < day(`${year + 1}-01-01`); d++) {
    const date = new Date(d * DAY).toISOString().slice(0, 10);
    const why = cal.closedWhy(d);
    if (why === "weekend") continue;
    if (why !== undefined) closed.push(date);
    const s = cal.session(d);
    if (s?.early) early.push(`${date} ${ny.format(s.closeMs)}`);
  }
  return { closed, early };
}

// The NYSE's published holiday and early-close lists (nyse.com/markets/hours-calendars).
Deno.test("XNYS has the NYSE's published holidays and early closes of 2023, 2024, 2025 and 2026", () => {
  assert.deepEqual(closures(xnys, 2023), {
    closed: [
      "2023-01-02", // New Year's Day (Sunday) observed
      "2023-01-16",
      "2023-02-20",
      "2023-04-07",
      "2023-05-29",
      "2023-06-19",
      "2023-07-04",
      "2023-09-04",
      "2023-11-23",
      "2023-12-25",
    ],
    early: ["2023-07-03 13:00", "2023-11-24 13:00"], // Christmas Eve was a Sunday
  });
  assert.deepEqual(closures(xnys, 2024), {
    closed: [
      "2024-01-01",
      "2024-01-15",
      "2024-02-19",
      "2024-03-29",
      "2024-05-27",
      "2024-06-19",
      "2024-07-04",
      "2024-09-02",
      "2024-11-28",
      "2024-12-25",
    ],
    early: ["2024-07-03 13:00", "2024-11-29 13:00", "2024-12-24 13:00"],
  });
  assert.deepEqual(closures(xnys, 2025), {
    closed: [
      "2025-01-01",
      "2025-01-09", // National Day of Mourning for President Carter
      "2025-01-20",
      "2025-02-17",
      "2025-04-18",
      "2025-05-26",
      "2025-06-19",
      "2025-07-04",
      "2025-09-01",
      "2025-11-27",
      "2025-12-25",
    ],
    early: ["2025-07-03 13:00", "2025-11-28 13:00", "2025-12-24 13:00"],
  });
  assert.deepEqual(closures(xnys, 2026), {
    closed: [
      "2026-01-01",
      "2026-01-19",
      "2026-02-16",
      "2026-04-03",
      "2026-05-25",
      "2026-06-19",
      "2026-07-03", // Independence Day (Saturday) observed on Friday
      "2026-09-07",
      "2026-11-26",
      "2026-12-25",
    ],
    early: ["2026-11-27 13:00", "2026-12-24 13:00"], // no early close on Thursday Jul 2
  });
});

Deno.test("XNYS moves weekend holidays: Sunday to Monday, Saturday to Friday, except New Year's Day", () => {
  // 2021: Jul 4 a Sunday, Christmas a Saturday; 2022: New Year's Day a Saturday (not made up), Juneteenth and Christmas Sundays
  assert.deepEqual(closures(xnys, 2021).closed, [
    "2021-01-01",
    "2021-01-18",
    "2021-02-15",
    "2021-04-02",
    "2021-05-31",
    "2021-07-05",
    "2021-09-06",
    "2021-11-25",
    "2021-12-24",
  ]);
  assert.deepEqual(closures(xnys, 2021).early, ["2021-11-26 13:00"]);
  assert.equal(xnys.closedWhy(day("2021-12-31")), undefined); // open, although Jan 1 2022 is a holiday
  assert.deepEqual(closures(xnys, 2022).closed, [
    "2022-01-17",
    "2022-02-21",
    "2022-04-15",
    "2022-05-30",
    "2022-06-20",
    "2022-07-04",
    "2022-09-05",
    "2022-11-24",
    "2022-12-26",
  ]);
  // 2027: Juneteenth and Christmas on Saturdays, Jul 4 on a Sunday
  assert.deepEqual(
    closures(xnys, 2027).closed.filter((d) => d > "2027-06-01"),
    ["2027-06-18", "2027-07-05", "2027-09-06", "2027-11-25", "2027-12-24"],
  );
  assert.equal(xnys.closedWhy(day("2027-12-24")), "holiday: Christmas Day");
});

Deno.test("XNYS has the one-off closures: September 11, Hurricane Sandy, days of mourning", () => {
  for (const d of ["2001-09-11", "2001-09-12", "2001-09-13", "2001-09-14"]) {
    assert.equal(xnys.closedWhy(day(d)), "holiday: September 11 attacks", d);
  }
  assert.ok(xnys.session(day("2001-09-10")) && xnys.session(day("2001-09-17")));
  assert.equal(xnys.closedWhy(day("2012-10-29")), "holiday: Hurricane Sandy");
  assert.equal(xnys.closedWhy(day("2012-10-30")), "holiday: Hurricane Sandy");
  assert.ok(xnys.session(day("2012-10-31")));
  for (const d of ["1994-04-27", "2004-06-11", "2007-01-02", "2018-12-05", "2025-01-09"]) {
    assert.match(xnys.closedWhy(day(d))!, /^holiday: National Day of Mourning/, d);
  }
});

Deno.test("XNYS follows the rules' year ranges: MLK Day from 1998, Juneteenth from 2022, 14:00 closes before 1993", () => {
  assert.ok(xnys.session(day("1997-01-20"))); // third Monday of January 1997: open
  assert.equal(xnys.closedWhy(day("1998-01-19")), "holiday: Martin Luther King, Jr. Day");
  assert.ok(xnys.session(day("2021-06-18")) && xnys.session(day("2021-06-21"))); // no Juneteenth yet
  assert.equal(xnys.closedWhy(day("1970-02-23")), "holiday: Washington's Birthday"); // Feb 22 1970, a Sunday
  assert.equal(xnys.closedWhy(day("1976-11-02")), "holiday: Election Day");
  assert.ok(xnys.session(day("1978-11-07"))); // Election Day closed only in presidential years until 1980
  // Christmas Eve 1990 (Monday) closed at 14:00 EST; 1996-07-05 (Friday) and 2013-07-03 (Wednesday) at 13:00 EDT
  assert.equal(iso(xnys.session(day("1990-12-24"))!.closeMs), "1990-12-24T19:00");
  assert.equal(iso(xnys.session(day("1996-07-05"))!.closeMs), "1996-07-05T17:00");
  assert.equal(xnys.session(day("2013-07-05"))!.early, false);
  assert.equal(iso(xnys.session(day("2013-07-03"))!.closeMs), "2013-07-03T17:00");
  assert.equal(iso(xnys.session(day("1999-12-31"))!.closeMs), "1999-12-31T18:00");
});

Deno.test("XNYS rules hold in every year from 1970 to 2099", () => {
  const spec = builtinCalendarSpec("XNYS");
  const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();
  for (let y = 1970; y <= 2099; y++) {
    const names = Object.entries(spec.holidays).filter(([d]) => d.startsWith(`${y}-`)).map(([, n]) => n);
    for (const n of ["Good Friday", "Independence Day", "Labor Day", "Thanksgiving Day", "Washington's Birthday"]) {
      assert.ok(names.includes(n), `${y} ${n}`);
    }
  }
  for (const [date, name] of Object.entries(spec.holidays)) {
    assert.ok(weekday(date) >= 1 && weekday(date) <= 5, `${date} ${name} is on a weekday`);
    if (name === "Good Friday") assert.equal(weekday(date), 5);
    if (name === "Thanksgiving Day") assert.equal(weekday(date), 4);
    if (name === "Memorial Day" || name === "Labor Day") assert.equal(weekday(date), 1);
  }
  for (const date of Object.keys(spec.earlyCloses)) {
    assert.ok(weekday(date) >= 1 && weekday(date) <= 5 && !(date in spec.holidays), date);
  }
  // Easter Sundays from the published tables: 2000-04-23, 2038-04-25 (the latest of the range), 2008-03-23 (an early one)
  assert.equal(spec.holidays["2000-04-21"], "Good Friday");
  assert.equal(spec.holidays["2038-04-23"], "Good Friday");
  assert.equal(spec.holidays["2008-03-21"], "Good Friday");
  assert.equal(createCalendar(builtinCalendarSpec("XNAS")).closedWhy(day("2024-03-29")), "holiday: Good Friday");
});

Deno.test("weekends have no session, and regular hours still exist on closed days", () => {
  assert.equal(xnys.session(day("2024-06-08")), undefined);
  assert.equal(xnys.closedWhy(day("2024-06-08")), "weekend");
  assert.equal(xnys.closedWhy(day("2024-06-09")), "weekend");
  assert.equal(xnys.closedWhy(day("2024-06-10")), undefined);
  const h = xnys.regularHours(day("2024-12-25"));
  assert.deepEqual([iso(h.openMs), iso(h.closeMs), h.early], ["2024-12-25T14:30", "2024-12-25T21:00", false]);
});

Deno.test("sessions follow daylight saving: the first sessions after the March and November changes", () => {
  const hours = (d: string) => {
    const s = xnys.session(day(d))!;
    return `${iso(s.openMs)}–${iso(s.closeMs).slice(11)}`;
  };
  // 2024: clocks forward on Sunday Mar 10, back on Sunday Nov 3
  assert.equal(hours("2024-03-08"), "2024-03-08T14:30–21:00");
  assert.equal(hours("2024-03-11"), "2024-03-11T13:30–20:00");
  assert.equal(hours("2024-11-01"), "2024-11-01T13:30–20:00");
  assert.equal(hours("2024-11-04"), "2024-11-04T14:30–21:00");
  // 2007 moved the change to the second Sunday of March: Monday Mar 12 was already on EDT
  assert.equal(hours("2007-03-12"), "2007-03-12T13:30–20:00");
  assert.equal(hours("2006-03-13"), "2006-03-13T14:30–21:00");
});

Deno.test("sessionDayOf() is open at the open and closed at the close", () => {
  const d = day("2024-03-11");
  assert.equal(xnys.sessionDayOf(Date.parse("2024-03-11T13:29:59.999Z")), -1);
  assert.equal(xnys.sessionDayOf(Date.parse("2024-03-11T13:30:00Z")), d);
  assert.equal(xnys.sessionDayOf(Date.parse("2024-03-11T19:59:00Z")), d);
  assert.equal(xnys.sessionDayOf(Date.parse("2024-03-11T20:00:00Z")), -1);
  // an early close, then the weekend after Black Friday, then Monday
  assert.equal(xnys.sessionDayOf(Date.parse("2024-11-29T17:59:00Z")), day("2024-11-29"));
  assert.equal(xnys.sessionDayOf(Date.parse("2024-11-29T18:00:00Z")), -1);
  assert.equal(xnys.sessionDayOf(Date.parse("2024-11-30T15:00:00Z")), -1);
  assert.equal(xnys.sessionDayOf(Date.parse("2024-12-02T14:30:00Z")), day("2024-12-02"));
  // a holiday
  assert.equal(xnys.sessionDayOf(Date.parse("2024-11-28T15:00:00Z")), -1);
});

Deno.test("sessionDayOf() over every minute of two months agrees with the sessions, in order and out of order", () => {
  const cal = createCalendar(builtinCalendarSpec("XNYS"));
  const from = Date.parse("2024-10-20T00:00:00Z"), to = Date.parse("2024-12-31T00:00:00Z");
  const expect = (t: number) => {
    for (let d = Math.floor(t / DAY) - 1; d <= Math.floor(t / DAY) + 1; d++) {
      const s = cal.session(d);
      if (s && t >= s.openMs && t < s.closeMs) return d;
    }
    return -1;
  };
  let inSession = 0;
  for (let t = from; t < to; t += 60_000) {
    const got = cal.sessionDayOf(t);
    assert.equal(got, expect(t), iso(t));
    if (got >= 0) inSession++;
  }
  // Oct 21–31: 9 sessions; November: 21 weekdays less Thanksgiving; December to the 30th: 21 less Christmas.
  // 49 sessions: 47 of 390 minutes and the early closes of Nov 29 and Dec 24 (210 minutes each)
  assert.equal(inSession, 47 * 390 + 2 * 210);
  const other = createCalendar(builtinCalendarSpec("XNYS"));
  for (let t = to; t > from; t -= 7 * 60_000 + 13_000) assert.equal(other.sessionDayOf(t), expect(t), iso(t));
});

Deno.test("an overnight session opens the evening before its trading date", async () => {
  const spec = await loadCalendarSpec(
    CalendarConfigSchema.parse({ timeZone: "America/Chicago", open: "17:00", close: "16:00" }),
  );
  const cme = createCalendar(spec);
  // Monday Jan 8 2024: Sunday 17:00 CST (23:00Z) to Monday 16:00 CST (22:00Z)
  const mon = cme.session(day("2024-01-08"))!;
  assert.deepEqual([iso(mon.openMs), iso(mon.closeMs)], ["2024-01-07T23:00", "2024-01-08T22:00"]);
  assert.equal(cme.sessionDayOf(Date.parse("2024-01-07T22:59:00Z")), -1);
  assert.equal(cme.sessionDayOf(Date.parse("2024-01-07T23:00:00Z")), day("2024-01-08"));
  assert.equal(cme.sessionDayOf(Date.parse("2024-01-08T21:59:00Z")), day("2024-01-08"));
  assert.equal(cme.sessionDayOf(Date.parse("2024-01-08T22:30:00Z")), -1); // the daily break
  assert.equal(cme.sessionDayOf(Date.parse("2024-01-08T23:00:00Z")), day("2024-01-09"));
  // Friday's session closes at 16:00; Saturday has none; Sunday evening is Monday's
  assert.equal(cme.sessionDayOf(Date.parse("2024-01-12T21:59:00Z")), day("2024-01-12"));
  assert.equal(cme.sessionDayOf(Date.parse("2024-01-12T23:00:00Z")), -1);
  assert.equal(cme.closedWhy(day("2024-01-13")), "weekend");
  assert.equal(cme.closedWhy(day("2024-01-14")), "weekend");
  // across the March change: Monday Mar 11 opens Sunday 17:00 CDT (22:00Z) and closes 16:00 CDT (21:00Z)
  const dst = cme.session(day("2024-03-11"))!;
  assert.deepEqual([iso(dst.openMs), iso(dst.closeMs)], ["2024-03-10T22:00", "2024-03-11T21:00"]);
  assert.deepEqual(resolveTradingDay({}, spec), { timeZone: "America/Chicago", sessionStart: "17:00" });
});

Deno.test("a 00:00–24:00 calendar has one session per local day", async () => {
  const spec = await loadCalendarSpec({ timeZone: "UTC", weekdays: ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] });
  const cal = createCalendar(spec);
  assert.deepEqual([spec.open, spec.close], ["00:00", "24:00"]);
  const s = cal.session(day("2024-02-29"))!;
  assert.deepEqual([iso(s.openMs), iso(s.closeMs)], ["2024-02-29T00:00", "2024-03-01T00:00"]);
  for (
    const t of [
      Date.parse("2024-02-29T00:00:00Z"),
      Date.parse("2024-02-29T23:59:59Z"),
      Date.parse("2024-03-01T00:00:00Z"),
    ]
  ) {
    assert.equal(cal.sessionDayOf(t), Math.floor(t / DAY));
  }
});

Deno.test("a custom calendar adds holidays and early closes to its base, and replaces the base's entry for a date", async () => {
  const spec = await loadCalendarSpec({
    base: "XNYS",
    holidays: ["2024-05-01", "2024-12-24"],
    earlyCloses: { "2024-05-02": "12:00", "2024-11-28": "13:00" },
  });
  assert.equal(spec.name, "custom");
  const cal = createCalendar(spec);
  assert.equal(cal.closedWhy(day("2024-05-01")), "holiday");
  assert.equal(cal.closedWhy(day("2024-12-24")), "holiday"); // was an early close
  assert.equal(iso(cal.session(day("2024-05-02"))!.closeMs), "2024-05-02T16:00");
  assert.equal(iso(cal.session(day("2024-11-28"))!.closeMs), "2024-11-28T18:00"); // Thanksgiving reopened until 13:00
  assert.equal(cal.closedWhy(day("2024-03-29")), "holiday: Good Friday"); // the base's
  assert.deepEqual(Object.keys(spec.holidays), Object.keys(spec.holidays).toSorted());
  // JSON round trip: what a worker receives builds the same calendar
  const again = createCalendar(JSON.parse(JSON.stringify(spec)) as CalendarSpec);
  assert.deepEqual(again.session(day("2024-05-02")), cal.session(day("2024-05-02")));
});

Deno.test("a custom calendar rejects early closes outside its hours and dates given twice", async () => {
  await assert.rejects(
    () => loadCalendarSpec({ base: "XNYS", earlyCloses: { "2024-05-02": "17:00" } }),
    (e: Error) =>
      e instanceof ConfigError &&
      /data\.calendar\.earlyCloses\.2024-05-02: .*09:30–16:00, found "17:00"/.test(e.message),
  );
  await assert.rejects(
    () => loadCalendarSpec({ holidays: ["2024-05-02"], earlyCloses: { "2024-05-02": "12:00" } }),
    (e: Error) => e instanceof ConfigError && /2024-05-02 is given twice/.test(e.message),
  );
  // moving the base's hours so that its 13:00 early closes no longer fit
  await assert.rejects(
    () => loadCalendarSpec({ base: "XNYS", open: "14:00" }),
    (e: Error) =>
      e instanceof ConfigError &&
      /data\.calendar\.open: the XNYS early close of 1970-12-24 at 14:00 is not inside the regular hours 14:00–16:00/
        .test(e.message),
  );
  await assert.rejects(() => loadCalendarSpec({ open: "24:00" }), ConfigError);
  // a spec from elsewhere (a worker's message) is checked too
  assert.throws(
    () => createCalendar({ ...builtinCalendarSpec("XNYS"), timeZone: "Mars/Olympus" }),
    /calendar "XNYS": timeZone: expected an IANA time zone, found "Mars\/Olympus"/,
  );
  assert.throws(
    () => createCalendar({ ...builtinCalendarSpec("XNYS"), earlyCloses: { "2024-07-03": "08:00" } }),
    /earlyCloses\.2024-07-03: expected a time HH:MM inside the regular hours 09:30–16:00, found "08:00"/,
  );
});

Deno.test("a calendar file adds holidays and early closes, read through DuckDB", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(
      join(dir, "cal.csv"),
      "date,kind,close,name\n2024-05-01,holiday,,May Day\n2024-05-02,early_close,12:30,\n2024-12-24,holiday,,\n",
    );
    using engine = await openSqlEngine("native");
    const spec = await loadCalendarSpec({ base: "XNYS", file: "cal.csv" }, { baseDir: dir, engine });
    const cal = createCalendar(spec);
    assert.equal(cal.closedWhy(day("2024-05-01")), "holiday: May Day");
    assert.equal(iso(cal.session(day("2024-05-02"))!.closeMs), "2024-05-02T16:30");
    assert.equal(cal.closedWhy(day("2024-12-24")), "holiday");
    // header only, without the name column
    await Deno.writeTextFile(join(dir, "empty.csv"), "date,kind,close\n");
    const empty = await loadCalendarSpec({ file: join(dir, "empty.csv") }, { engine });
    assert.deepEqual(empty.holidays, {});
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a calendar file with a bad row is a DataError naming the file, the line and what was found", async () => {
  const dir = await Deno.makeTempDir();
  try {
    using engine = await openSqlEngine("native");
    const cases: [string, RegExp][] = [
      [
        "2024-05-01,holiday,,\n2024-02-30,holiday,,\n",
        /row 2 \(line 3\): expected a date YYYY-MM-DD, found "2024-02-30"/,
      ],
      ["2024-05-01,holiday,,\n\n2024-02-30,holiday,,\n", /row 2 \(line 4\): expected a date/], // a blank line counts
      ["2024-05-01,halfday,13:00,\n", /row 1 \(line 2\): expected kind holiday or early_close, found "halfday"/],
      ["2024-05-01,early_close,,\n", /row 1 \(line 2\): an early close needs its close time HH:MM, found none/],
      ["2024-05-01,early_close,1pm,\n", /row 1 \(line 2\): expected a close time HH:MM, found "1pm"/],
      [
        "2024-05-01,early_close,16:30,\n",
        /row 1 \(line 2\): expected an early close inside the regular hours 09:30–16:00, found 16:30/,
      ],
      ["2024-05-01,holiday,13:00,\n", /row 1 \(line 2\): a holiday has no close time, found "13:00"/],
      [
        "2024-05-01,holiday,,\n2024-05-02,holiday,,\n2024-05-01,early_close,13:00,\n",
        /line 4: 2024-05-01 is given twice: .*cal\.csv line 2 and .*cal\.csv line 4/,
      ],
    ];
    for (const [rows, expected] of cases) {
      const file = join(dir, "cal.csv");
      await Deno.writeTextFile(file, `date,kind,close,name\n${rows}`);
      await assert.rejects(
        () => loadCalendarSpec({ base: "XNYS", file: "cal.csv" }, { baseDir: dir, engine }),
        (e: Error) => {
          assert.ok(e instanceof DataError, e.message);
          assert.ok(e.message.startsWith(`Cannot read calendar file "${file}": `), e.message);
          assert.match(e.message, expected);
          return true;
        },
      );
    }
    await Deno.writeTextFile(join(dir, "bad_header.csv"), "day,kind,close\n2024-05-01,holiday,\n");
    await assert.rejects(
      () => loadCalendarSpec({ file: "bad_header.csv" }, { baseDir: dir, engine }),
      (e: Error) =>
        e instanceof DataError && /expected the header date,kind,close\[,name\]; found day,kind,close/.test(e.message),
    );
    await assert.rejects(
      () => loadCalendarSpec({ file: "missing.csv" }, { baseDir: dir, engine }),
      (e: Error) => e instanceof DataError && e.message.includes(`"${join(dir, "missing.csv")}"`),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("resolveTradingDay() takes each explicit field over the calendar's", () => {
  const nyse = builtinCalendarSpec("XNYS");
  assert.deepEqual(resolveTradingDay({}, undefined), { timeZone: "UTC", sessionStart: "00:00" });
  assert.deepEqual(resolveTradingDay({}, nyse), { timeZone: "America/New_York", sessionStart: "00:00" });
  assert.deepEqual(resolveTradingDay({ timeZone: "UTC" }, nyse), { timeZone: "UTC", sessionStart: "00:00" });
  assert.deepEqual(resolveTradingDay({ sessionStart: "17:00" }, nyse), {
    timeZone: "America/New_York",
    sessionStart: "17:00",
  });
});
