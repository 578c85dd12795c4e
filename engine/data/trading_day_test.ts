import assert from "node:assert/strict";
import { createTradingDay, createZoneClock } from "./trading_day.ts";

const H = 3_600_000;
const utc = (y: number, mo: number, d: number, h = 0, mi = 0) => Date.UTC(y, mo - 1, d, h, mi);

Deno.test("createTradingDay() defaults to the UTC calendar day", () => {
  const day = createTradingDay();
  assert.equal(day.dayOf(utc(2024, 5, 7, 13, 30)), utc(2024, 5, 7));
  assert.equal(day.nextStartMs, utc(2024, 5, 8));
  assert.equal(day.dayOf(utc(2024, 5, 7, 23, 59)), utc(2024, 5, 7));
  assert.equal(day.dayOf(utc(2024, 5, 8)), utc(2024, 5, 8));
});

Deno.test("createTradingDay() with a UTC session boundary moves the day's start", () => {
  const day = createTradingDay("UTC", "22:00");
  assert.equal(day.dayOf(utc(2024, 5, 7, 21, 59)), utc(2024, 5, 6, 22));
  assert.equal(day.dayOf(utc(2024, 5, 7, 22)), utc(2024, 5, 7, 22));
  assert.equal(day.nextStartMs, utc(2024, 5, 8, 22));
});

Deno.test("createTradingDay() follows a time zone through daylight-saving changes", () => {
  const ny = createTradingDay("America/New_York", "00:00");
  // winter: midnight in New York is 05:00 UTC; summer: 04:00 UTC
  assert.equal(ny.dayOf(utc(2024, 1, 15, 12)), utc(2024, 1, 15, 5));
  assert.equal(ny.dayOf(utc(2024, 1, 15, 4)), utc(2024, 1, 14, 5));
  assert.equal(ny.dayOf(utc(2024, 7, 15, 12)), utc(2024, 7, 15, 4));
  // 2024-03-10 is 23 hours long in New York, 2024-11-03 is 25
  assert.equal(ny.dayOf(utc(2024, 3, 10, 12)), utc(2024, 3, 10, 5));
  assert.equal(ny.nextStartMs - utc(2024, 3, 10, 5), 23 * H);
  assert.equal(ny.dayOf(utc(2024, 11, 3, 12)), utc(2024, 11, 3, 4));
  assert.equal(ny.nextStartMs - utc(2024, 11, 3, 4), 25 * H);
  // an FX-style 17:00 New York session
  const fx = createTradingDay("America/New_York", "17:00");
  assert.equal(fx.dayOf(utc(2024, 7, 15, 20, 59)), utc(2024, 7, 14, 21));
  assert.equal(fx.dayOf(utc(2024, 7, 15, 21)), utc(2024, 7, 15, 21));
  // a zone east of UTC
  const tokyo = createTradingDay("Asia/Tokyo", "09:00");
  assert.equal(tokyo.dayOf(utc(2024, 7, 15, 0)), utc(2024, 7, 15, 0));
  assert.equal(tokyo.dayOf(utc(2024, 7, 14, 23, 59)), utc(2024, 7, 14, 0));
});

Deno.test("createTradingDay() starts every day of a year at the session time, whatever the offset", () => {
  const ny = createTradingDay("America/New_York", "17:00");
  const fmt = new Intl.DateTimeFormat("en-US", { timeZone: "America/New_York", hourCycle: "h23", hour: "numeric" });
  let last = NaN, changes = 0;
  for (let t = utc(2023, 1, 1); t < utc(2024, 1, 1); t += 15 * 60_000) {
    const start = ny.dayOf(t);
    assert.ok(start <= t && t < ny.nextStartMs);
    if (start !== last) {
      changes++;
      // every day starts at 17:00 New York time
      assert.equal(Number(fmt.format(start)), 17, new Date(start).toISOString());
      last = start;
    }
  }
  assert.equal(changes, 366); // 2022-12-31 17:00 … 2023-12-31 17:00
});

Deno.test("createZoneClock() converts wall times both ways, through the daylight-saving gap and overlap", () => {
  const ny = createZoneClock("America/New_York");
  assert.equal(ny.instant(utc(2024, 1, 2, 9, 30)), utc(2024, 1, 2, 14, 30)); // EST
  assert.equal(ny.instant(utc(2024, 7, 2, 9, 30)), utc(2024, 7, 2, 13, 30)); // EDT
  assert.equal(ny.wall(utc(2024, 7, 2, 13, 30)), utc(2024, 7, 2, 9, 30));
  // 02:30 does not exist on 2024-03-10 (02:00 EST → 03:00 EDT): moved forward by the gap, to 03:30 EDT
  assert.equal(ny.instant(utc(2024, 3, 10, 2, 30)), utc(2024, 3, 10, 7, 30));
  // 01:30 occurs twice on 2024-11-03: the earlier, EDT, instant
  assert.equal(ny.instant(utc(2024, 11, 3, 1, 30)), utc(2024, 11, 3, 5, 30));
  const tokyo = createZoneClock("Asia/Tokyo");
  assert.equal(tokyo.instant(utc(2024, 1, 2, 9)), utc(2024, 1, 2, 0));
  const u = createZoneClock("UTC");
  assert.equal(u.instant(utc(2024, 1, 2, 9)), utc(2024, 1, 2, 9));
});
