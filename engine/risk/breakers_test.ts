import assert from "node:assert/strict";
import { BreakersSchema } from "./config.ts";
import { type Breakers, createBreakers } from "./breakers.ts";
import { RiskConfigSchema } from "./config.ts";
import { createRiskGate } from "./gate.ts";
import { builtinCalendarSpec, type CalendarSpec } from "../data/calendar.ts";

const DAY = 86_400_000, H = 3_600_000;

/** Mark every equity in turn, as the engine does, passing the previous one along. */
function marker(b: Breakers) {
  let previous = NaN;
  return (t: number, equity: number) => {
    const flatten = b.onMark(t, equity, previous);
    previous = equity;
    return flatten;
  };
}

Deno.test("daily loss limit (percent): trips at the loss, records the values, resets at the day boundary", () => {
  const b = createBreakers(BreakersSchema.parse({ dailyLossLimit: { percent: 0.05 } }));
  const mark = marker(b);
  assert.equal(mark(0, 1000), false); // day 0 starts at the initial equity 1000
  assert.equal(b.startOfDayEquity, 1000);
  mark(DAY, 1100); // day 1 starts at the last close of day 0: 1000
  assert.equal(b.startOfDayEquity, 1000);
  assert.equal(b.dayTripped, false, "a gain");
  mark(2 * DAY, 1060); // day 2 starts at 1100; limit 55; loss 40
  assert.equal(b.dayTripped, false);
  mark(2 * DAY + H, 1045); // loss 55 ≥ 55
  assert.equal(b.dayTripped, true);
  assert.deepEqual(b.events.map((e) => [e.tsMs, e.breaker, e.values]), [
    [2 * DAY + H, "daily-loss", { startOfDayEquity: 1100, equity: 1045, loss: 55, limit: 55 }],
  ]);
  mark(2 * DAY + 2 * H, 1000); // still tripped, no second event
  assert.equal(b.events.length, 1);
  assert.match(
    b.explain(),
    /daily loss limit tripped at 1970-01-03T01:00:00.000Z.*until the next trading day \(1970-01-04/,
  );
  mark(3 * DAY, 990); // new day at 1000: reset
  assert.equal(b.dayTripped, false);
  assert.equal(b.startOfDayEquity, 1000);
  assert.equal(b.dayStartMs, 3 * DAY);
});

Deno.test("daily loss limit (amount) with flatten asks for a flatten once, on the trip", () => {
  const b = createBreakers(BreakersSchema.parse({ dailyLossLimit: { amount: 30, flatten: true } }));
  const mark = marker(b);
  mark(0, 1000);
  assert.equal(mark(H, 975), false);
  assert.equal(mark(2 * H, 970), true);
  assert.equal(mark(3 * H, 900), false);
  assert.equal(b.events[0]!.values.limit, 30);
});

Deno.test("daily loss limit follows the configured session: a 17:00 New York day", () => {
  const b = createBreakers(
    BreakersSchema.parse({ dailyLossLimit: { amount: 10, timeZone: "America/New_York", sessionStart: "17:00" } }),
  );
  const mark = marker(b);
  const t0 = Date.UTC(2024, 6, 15, 20); // 16:00 New York
  mark(t0, 1000);
  mark(t0 + H / 2, 985); // 16:30: same day, loss 15: trips
  assert.equal(b.dayTripped, true);
  mark(t0 + H, 985); // 17:00 New York: a new day
  assert.equal(b.dayTripped, false);
  assert.equal(b.dayStartMs, t0 + H);
  assert.equal(b.startOfDayEquity, 985);
});

Deno.test("daily loss limit counts the calendar's trading day: New York midnight for XNYS", () => {
  const xnys = builtinCalendarSpec("XNYS");
  const b = createBreakers(BreakersSchema.parse({ dailyLossLimit: { amount: 10 } }), { calendar: xnys });
  const mark = marker(b);
  // Tuesday 2024-01-02 15:55 New York (EST: 20:55Z), then the next session's open, 09:30 (14:30Z)
  mark(Date.UTC(2024, 0, 2, 20, 55), 1000);
  mark(Date.UTC(2024, 0, 2, 23, 30), 995); // 18:30 New York, 23:30Z: still Jan 2 there
  assert.equal(b.dayStartMs, Date.UTC(2024, 0, 2, 5)); // New York midnight, 05:00Z in winter
  mark(Date.UTC(2024, 0, 3, 1), 985); // 20:00 New York on Jan 2, although Jan 3 in UTC: loss 15 trips
  assert.equal(b.dayTripped, true);
  mark(Date.UTC(2024, 0, 3, 14, 30), 985); // Jan 3 09:30 New York: a new day
  assert.equal(b.dayTripped, false);
  assert.equal(b.dayStartMs, Date.UTC(2024, 0, 3, 5));
  // in summer New York midnight is 04:00Z
  mark(Date.UTC(2024, 6, 2, 13, 30), 985);
  assert.equal(b.dayStartMs, Date.UTC(2024, 6, 2, 4));
});

Deno.test("daily loss limit with an overnight calendar starts the day at the session open", () => {
  const cme: CalendarSpec = {
    ...builtinCalendarSpec("XNYS"),
    name: "custom",
    timeZone: "America/Chicago",
    open: "17:00",
    close: "16:00",
  };
  const b = createBreakers(BreakersSchema.parse({ dailyLossLimit: { amount: 10 } }), { calendar: cme });
  const mark = marker(b);
  mark(Date.UTC(2024, 0, 8, 21), 1000); // Monday 15:00 Chicago (CST): the day began Sunday 17:00 = 23:00Z
  assert.equal(b.dayStartMs, Date.UTC(2024, 0, 7, 23));
  mark(Date.UTC(2024, 0, 8, 23), 1000); // Monday 17:00 Chicago: Tuesday's session
  assert.equal(b.dayStartMs, Date.UTC(2024, 0, 8, 23));
});

Deno.test("an explicit timeZone or sessionStart wins over the calendar; without a calendar the day stays UTC", () => {
  const xnys = builtinCalendarSpec("XNYS");
  const utc = createBreakers(BreakersSchema.parse({ dailyLossLimit: { amount: 10, timeZone: "UTC" } }), {
    calendar: xnys,
  });
  utc.onMark(Date.UTC(2024, 0, 3, 1), 1000, NaN);
  assert.equal(utc.dayStartMs, Date.UTC(2024, 0, 3));
  const start = createBreakers(BreakersSchema.parse({ dailyLossLimit: { amount: 10, sessionStart: "09:30" } }), {
    calendar: xnys,
  });
  start.onMark(Date.UTC(2024, 0, 3, 14), 1000, NaN); // 09:00 New York: the day that began Jan 2 09:30
  assert.equal(start.dayStartMs, Date.UTC(2024, 0, 2, 14, 30));
  const none = createBreakers(BreakersSchema.parse({ dailyLossLimit: { amount: 10 } }));
  none.onMark(Date.UTC(2024, 0, 3, 1), 1000, NaN);
  assert.equal(none.dayStartMs, Date.UTC(2024, 0, 3));
});

Deno.test("the risk gate passes its calendar to the breakers", () => {
  const risk = RiskConfigSchema.parse({
    sizing: { kind: "fixedQty", qty: 1 },
    breakers: { dailyLossLimit: { amount: 10 } },
  });
  const gate = createRiskGate(risk, { symbols: ["A"], calendar: builtinCalendarSpec("XNYS") });
  gate.breakers.onMark(Date.UTC(2024, 0, 3, 1), 1000, NaN);
  assert.equal(gate.breakers.dayStartMs, Date.UTC(2024, 0, 2, 5));
});

Deno.test("max drawdown stop measures from the running peak and halts for good", () => {
  const b = createBreakers(BreakersSchema.parse({ maxDrawdownStop: { percent: 0.1, flatten: true } }));
  const mark = marker(b);
  mark(0, 1000);
  mark(DAY, 1200); // peak 1200; stop at 1080
  assert.equal(mark(2 * DAY, 1081), false);
  assert.equal(mark(3 * DAY, 1080), true);
  assert.equal(b.halted, true);
  const e = b.events[0]!;
  assert.equal(e.breaker, "max-drawdown");
  assert.equal(e.values.peakEquity, 1200);
  assert.ok(Math.abs(e.values.drawdown! - 0.1) < 1e-12);
  mark(30 * DAY, 5000);
  assert.equal(b.halted, true, "for the rest of the run");
  assert.match(b.explain(), /max drawdown stop tripped.*rest of the run/);
});

Deno.test("marking only outside the watch bounds gives the same trips as marking every bar", () => {
  const config = BreakersSchema.parse({
    dailyLossLimit: { percent: 0.01, timeZone: "America/New_York", sessionStart: "17:00" },
    maxDrawdownStop: { percent: 0.04 },
  });
  for (let seed = 1; seed <= 20; seed++) {
    const every = createBreakers(config), lazy = createBreakers(config);
    const markEvery = marker(every);
    let x = seed * 7919, equity = 10_000, previous = NaN;
    for (let i = 0; i < 5000; i++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      equity *= 1 + (x / 2147483648 - 0.5) * 0.004;
      const t = Date.UTC(2024, 0, 1) + i * 17 * 60_000;
      markEvery(t, equity);
      const w = lazy.watch;
      if (equity <= w[0]! || equity > w[1]! || t >= w[2]!) lazy.onMark(t, equity, previous);
      previous = equity;
      assert.equal(lazy.halted, every.halted);
      assert.equal(lazy.dayTripped, every.dayTripped, `seed ${seed}, mark ${i}`);
    }
    assert.deepEqual(lazy.events, every.events);
    assert.ok(every.events.length > 0);
  }
});
