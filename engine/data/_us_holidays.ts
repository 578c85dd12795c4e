/**
 * The New York Stock Exchange's closed days and early closes, computed by
 * rule for any range of years from 1970: the schedule of the built-in `XNYS`
 * and `XNAS` calendars (Nasdaq keeps NYSE's holidays).
 *
 * The rules follow exchange_calendars (gerrymanoim/exchange_calendars,
 * `exchange_calendars/exchange_calendar_xnys.py` and `us_holidays.py`, as of
 * commit 5308ce2, July 2026), itself built from the NYSE's list of historical
 * closings (nyse.com/pdfs/closings.pdf), and agree with the NYSE's published
 * holiday and early-close lists (nyse.com/markets/hours-calendars):
 *
 * | Holiday                        | Rule                                                                          |
 * | ------------------------------ | ----------------------------------------------------------------------------- |
 * | New Year's Day                 | Jan 1; a Sunday moves to Monday; a Saturday is not made up                    |
 * | Martin Luther King, Jr. Day    | third Monday of January, from 1998                                            |
 * | Washington's Birthday          | Feb 22 to the nearest weekday until 1970; third Monday of February from 1971  |
 * | Good Friday                    | two days before Western (Gregorian) Easter                                    |
 * | Memorial Day                   | last Monday of May, from 1971 (none in 1970: May 30 was a Saturday)           |
 * | Juneteenth                     | Jun 19 to the nearest weekday, from 2022                                      |
 * | Independence Day               | Jul 4 to the nearest weekday (Saturday → Friday, Sunday → Monday)             |
 * | Labor Day                      | first Monday of September                                                     |
 * | Election Day                   | 1972, 1976, 1980: the first Tuesday on or after Nov 2                         |
 * | Thanksgiving Day               | fourth Thursday of November                                                   |
 * | Christmas Day                  | Dec 25 to the nearest weekday                                                 |
 *
 * plus one-off closures (national days of mourning, the 1977 blackout,
 * hurricanes Gloria and Sandy, September 11, 2001). Early closes: 13:00 from
 * 1993 (14:00 before) on Christmas Eve when it is a Monday to Thursday and on
 * the day after Thanksgiving (from 1992); from 1995 on Jul 3 when it is a
 * Monday, Tuesday or Thursday, on Friday Jul 5 until 2012, and on Wednesday
 * Jul 3 from 2013; and on 1997-12-26, 1999-12-31 and 2003-12-26.
 *
 * @module
 */

const DAY_MS = 86_400_000;

/** Day number (days since 1970-01-01) of a calendar date; `month` 1–12. */
const dayOf = (year: number, month: number, day: number) => Math.floor(Date.UTC(year, month - 1, day) / DAY_MS);
/** Weekday of a day number, 0 = Sunday … 6 = Saturday. */
const weekday = (d: number) => (((d + 4) % 7) + 7) % 7;
const SUN = 0, MON = 1, TUE = 2, WED = 3, THU = 4, FRI = 5, SAT = 6;

/** The `n`-th (1-based) `wd` of a month; `n = -1` is the last. */
function nthWeekday(year: number, month: number, wd: number, n: number): number {
  if (n < 0) {
    const last = dayOf(year, month + 1, 0);
    return last - ((weekday(last) - wd + 7) % 7);
  }
  const first = dayOf(year, month, 1);
  return first + ((wd - weekday(first) + 7) % 7) + 7 * (n - 1);
}

/** Saturday → the Friday before, Sunday → the Monday after (pandas' `nearest_workday`). */
function nearestWeekday(d: number): number {
  const wd = weekday(d);
  return wd === SAT ? d - 1 : wd === SUN ? d + 1 : d;
}

/**
 * Western Easter Sunday of `year` as a day number: the Gregorian computus
 * (the anonymous algorithm of Nature, 1876; Meeus, *Astronomical Algorithms*, ch. 8).
 *
 * @example Easter 2024 was March 31; 2025, April 20
 * ```ts
 * import assert from "node:assert/strict";
 * import { easterSunday } from "./_us_holidays.ts";
 * assert.ok(easterSunday(2024) === Date.UTC(2024, 2, 31) / 86_400_000);
 * assert.ok(easterSunday(2025) === Date.UTC(2025, 3, 20) / 86_400_000);
 * ```
 */
export function easterSunday(year: number): number {
  const a = year % 19, b = Math.floor(year / 100), c = year % 100;
  const d = Math.floor(b / 4), e = b % 4, f = Math.floor((b + 8) / 25), g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30, i = Math.floor(c / 4), k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7, m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31), day = ((h + l - 7 * m + 114) % 31) + 1;
  return dayOf(year, month, day);
}

/** One-off closures since 1970 (exchange_calendars' `us_holidays.py`, from the NYSE's list of historical closings). */
const ADHOC_CLOSURES: readonly (readonly [string, string])[] = [
  ["1972-12-28", "National Day of Mourning: President Harry S. Truman"],
  ["1973-01-25", "National Day of Mourning: President Lyndon B. Johnson"],
  ["1977-07-14", "New York City blackout"],
  ["1985-09-27", "Hurricane Gloria"],
  ["1994-04-27", "National Day of Mourning: President Richard Nixon"],
  ["2001-09-11", "September 11 attacks"],
  ["2001-09-12", "September 11 attacks"],
  ["2001-09-13", "September 11 attacks"],
  ["2001-09-14", "September 11 attacks"],
  ["2004-06-11", "National Day of Mourning: President Ronald Reagan"],
  ["2007-01-02", "National Day of Mourning: President Gerald R. Ford"],
  ["2012-10-29", "Hurricane Sandy"],
  ["2012-10-30", "Hurricane Sandy"],
  ["2018-12-05", "National Day of Mourning: President George H. W. Bush"],
  ["2025-01-09", "National Day of Mourning: President Jimmy Carter"],
];

/** One-off early closes at 13:00. */
const ADHOC_EARLY_CLOSES: readonly string[] = ["1997-12-26", "1999-12-31", "2003-12-26"];

/** `YYYY-MM-DD` of a day number. */
const isoDate = (d: number) => new Date(d * DAY_MS).toISOString().slice(0, 10);

/** NYSE closed days and early closes of a range of years, as the calendar spec lists them. */
export interface NyseSchedule {
  /** Closed weekdays `YYYY-MM-DD` → name, sorted. */
  readonly holidays: Record<string, string>;
  /** Early-close dates `YYYY-MM-DD` → local close `HH:MM`, sorted. */
  readonly earlyCloses: Record<string, string>;
}

/**
 * The NYSE's holidays and early closes from `fromYear` to `toYear`
 * (inclusive, 1970 or later), by the rules of this module's doc.
 *
 * @example 2024: ten holidays, three early closes
 * ```ts
 * import assert from "node:assert/strict";
 * import { nyseSchedule } from "./_us_holidays.ts";
 * const s = nyseSchedule(2024, 2024);
 * assert.ok(s.holidays["2024-03-29"] === "Good Friday" && Object.keys(s.holidays).length === 10);
 * assert.deepEqual(s.earlyCloses, { "2024-07-03": "13:00", "2024-11-29": "13:00", "2024-12-24": "13:00" });
 * ```
 */
export function nyseSchedule(fromYear: number, toYear: number): NyseSchedule {
  if (fromYear < 1970) throw new RangeError(`the NYSE rules here start in 1970, not ${fromYear}`);
  const closed = new Map<number, string>(), early = new Map<number, string>();
  const add = (d: number, name: string) => {
    const wd = weekday(d);
    if (wd !== SAT && wd !== SUN) closed.set(d, name);
  };
  for (let y = fromYear; y <= toYear; y++) {
    const jan1 = dayOf(y, 1, 1);
    if (weekday(jan1) !== SAT) add(weekday(jan1) === SUN ? jan1 + 1 : jan1, "New Year's Day");
    if (y >= 1998) add(nthWeekday(y, 1, MON, 3), "Martin Luther King, Jr. Day");
    add(y <= 1970 ? nearestWeekday(dayOf(y, 2, 22)) : nthWeekday(y, 2, MON, 3), "Washington's Birthday");
    add(easterSunday(y) - 2, "Good Friday");
    if (y >= 1971) add(nthWeekday(y, 5, MON, -1), "Memorial Day");
    if (y >= 2022) add(nearestWeekday(dayOf(y, 6, 19)), "Juneteenth National Independence Day");
    add(nearestWeekday(dayOf(y, 7, 4)), "Independence Day");
    add(nthWeekday(y, 9, MON, 1), "Labor Day");
    if (y <= 1980 && y % 4 === 0) add(dayOf(y, 11, 2) + ((TUE - weekday(dayOf(y, 11, 2)) + 7) % 7), "Election Day");
    const thanksgiving = nthWeekday(y, 11, THU, 4);
    add(thanksgiving, "Thanksgiving Day");
    add(nearestWeekday(dayOf(y, 12, 25)), "Christmas Day");

    const short = y >= 1993 ? "13:00" : "14:00";
    const eve = dayOf(y, 12, 24);
    if (weekday(eve) >= MON && weekday(eve) <= THU) early.set(eve, short);
    if (y >= 1992) early.set(thanksgiving + 1, short);
    if (y >= 1995) {
      const jul3 = dayOf(y, 7, 3), jul5 = dayOf(y, 7, 5);
      const wd3 = weekday(jul3);
      if (wd3 === MON || wd3 === TUE || wd3 === THU || (y >= 2013 && wd3 === WED)) early.set(jul3, "13:00");
      if (y <= 2012 && weekday(jul5) === FRI) early.set(jul5, "13:00");
    }
  }
  const inRange = (date: string) => {
    const y = Number(date.slice(0, 4));
    return y >= fromYear && y <= toYear;
  };
  for (const [date, name] of ADHOC_CLOSURES) {
    if (inRange(date)) add(dayOf(+date.slice(0, 4), +date.slice(5, 7), +date.slice(8)), name);
  }
  for (const date of ADHOC_EARLY_CLOSES) {
    if (inRange(date)) early.set(dayOf(+date.slice(0, 4), +date.slice(5, 7), +date.slice(8)), "13:00");
  }

  const holidays: Record<string, string> = {}, earlyCloses: Record<string, string> = {};
  for (const d of [...closed.keys()].sort((a, b) => a - b)) holidays[isoDate(d)] = closed.get(d)!;
  for (const d of [...early.keys()].sort((a, b) => a - b)) {
    if (!closed.has(d) && weekday(d) !== SAT && weekday(d) !== SUN) earlyCloses[isoDate(d)] = early.get(d)!;
  }
  return { holidays, earlyCloses };
}
