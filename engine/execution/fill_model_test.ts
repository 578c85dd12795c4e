import assert from "node:assert/strict";
import { FillSchema } from "./config.ts";
import {
  fillModel,
  LEG_STOP,
  LEG_TARGET,
  newFillQuery,
  REASON_GAP,
  REASON_INTRABAR,
  REASON_OPEN,
} from "./fill_model.ts";
import { ORDER_EXIT, ORDER_LIMIT, ORDER_MARKET, ORDER_STOP, ORDER_STOP_LIMIT } from "./order.ts";

const through = fillModel(FillSchema.parse({ kind: "nextOpen" }));
const touch = fillModel(FillSchema.parse({ kind: "nextOpen", limitFill: "touch" }));

interface Case {
  side?: number;
  type: number;
  limit?: number;
  stop?: number;
  triggered?: number;
  bar: [open: number, high: number, low: number];
}

const barOf = ([open, high, low]: Case["bar"]) => ({
  open: Float64Array.of(open),
  high: Float64Array.of(high),
  low: Float64Array.of(low),
});

/** Match one order against one bar: [price, reason, maker, leg, triggered], or null when it does not fill. */
function run(c: Case, model = through): [number, number, number, number, number] | null {
  const q = Object.assign(newFillQuery(), {
    side: c.side ?? 1,
    type: c.type,
    limit: c.limit ?? NaN,
    stop: c.stop ?? NaN,
    triggered: c.triggered ?? 0,
    bars: barOf(c.bar),
    row: 0,
  });
  return model.match(q) ? [q.price, q.reason, q.maker, q.leg, q.triggered] : null;
}

const price = (r: ReturnType<typeof run>) => r?.[0];

Deno.test("a market order fills at the open, as a taker", () => {
  assert.deepEqual(run({ type: ORDER_MARKET, bar: [100, 102, 99] })?.slice(0, 3), [100, REASON_OPEN, 0]);
  assert.deepEqual(run({ side: -1, type: ORDER_MARKET, bar: [100, 102, 99] })?.slice(0, 3), [100, REASON_OPEN, 0]);
});

Deno.test("a buy limit fills at its price when the bar trades through it, as a maker", () => {
  assert.deepEqual(run({ type: ORDER_LIMIT, limit: 99, bar: [100, 101, 98] })?.slice(0, 3), [99, REASON_INTRABAR, 1]);
  assert.equal(run({ type: ORDER_LIMIT, limit: 99, bar: [100, 101, 99.5] }), null, "never reached");
});

Deno.test("a limit only touched does not fill by default; with limitFill touch it does", () => {
  const c: Case = { type: ORDER_LIMIT, limit: 99, bar: [100, 101, 99] };
  assert.equal(run(c), null);
  assert.equal(price(run(c, touch)), 99);
  // a sell limit touched at the high
  const s: Case = { side: -1, type: ORDER_LIMIT, limit: 101, bar: [100, 101, 99] };
  assert.equal(run(s), null);
  assert.equal(price(run(s, touch)), 101);
});

Deno.test("a gap through a limit fills at the open, the better price", () => {
  assert.deepEqual(run({ type: ORDER_LIMIT, limit: 99, bar: [97, 98, 96] })?.slice(0, 3), [97, REASON_GAP, 0]);
  assert.deepEqual(run({ side: -1, type: ORDER_LIMIT, limit: 101, bar: [103, 104, 102] })?.slice(0, 2), [
    103,
    REASON_GAP,
  ]);
  // an open exactly at the limit is a touch
  assert.equal(price(run({ type: ORDER_LIMIT, limit: 99, bar: [99, 99.5, 98] })), 99, "then trades through");
  assert.deepEqual(run({ type: ORDER_LIMIT, limit: 99, bar: [99, 99.5, 98.5] }, touch)?.slice(0, 2), [99, REASON_GAP]);
});

Deno.test("a buy stop fills at its price when the high reaches it, and at the open on a gap", () => {
  assert.deepEqual(run({ type: ORDER_STOP, stop: 101, bar: [100, 101, 99] }), [101, REASON_INTRABAR, 0, LEG_STOP, 1]);
  assert.deepEqual(run({ type: ORDER_STOP, stop: 101, bar: [102.5, 103, 102] })?.slice(0, 2), [102.5, REASON_GAP]);
  assert.equal(run({ type: ORDER_STOP, stop: 101, bar: [100, 100.9, 99] }), null);
});

Deno.test("a sell stop mirrors a buy stop: the low triggers it, a gap down fills at the open", () => {
  assert.equal(price(run({ side: -1, type: ORDER_STOP, stop: 99, bar: [100, 101, 98] })), 99);
  assert.deepEqual(run({ side: -1, type: ORDER_STOP, stop: 99, bar: [97, 98, 96] })?.slice(0, 2), [97, REASON_GAP]);
});

Deno.test("a stop triggered on an earlier bar fills at the open", () => {
  assert.deepEqual(run({ type: ORDER_STOP, stop: 101, triggered: 1, bar: [99, 100, 98] })?.slice(0, 2), [
    99,
    REASON_OPEN,
  ]);
});

Deno.test("a stop-limit: triggered inside the bar it fills at the stop if the limit is marketable there", () => {
  // buy stop 101 limit 102: triggered at 101, which is below the limit
  assert.deepEqual(run({ type: ORDER_STOP_LIMIT, stop: 101, limit: 102, bar: [100, 103, 99] }), [
    101,
    REASON_INTRABAR,
    0,
    LEG_STOP,
    1,
  ]);
  // limit 100.5 below the stop: triggered, but the bar does not say the price came back: rests, triggered
  assert.deepEqual(run({ type: ORDER_STOP_LIMIT, stop: 101, limit: 100.5, bar: [100, 103, 99] }), null);
  const q = Object.assign(newFillQuery(), {
    type: ORDER_STOP_LIMIT,
    stop: 101,
    limit: 100.5,
    bars: barOf([100, 103, 99]),
  });
  through.match(q);
  assert.equal(q.triggered, 1);
  // next bar, already triggered: a plain limit at 100.5
  assert.equal(
    price(run({ type: ORDER_STOP_LIMIT, stop: 101, limit: 100.5, triggered: 1, bar: [101, 102, 100] })),
    100.5,
  );
});

Deno.test("a stop-limit triggered by a gap works as a limit from the open", () => {
  // open 102 ≥ stop 101; limit 103 is marketable at the open
  assert.deepEqual(run({ type: ORDER_STOP_LIMIT, stop: 101, limit: 103, bar: [102, 104, 101.5] })?.slice(0, 2), [
    102,
    REASON_GAP,
  ]);
  // open 104 is above the limit 103: fills at 103 only if the bar trades below it
  assert.equal(price(run({ type: ORDER_STOP_LIMIT, stop: 101, limit: 103, bar: [104, 105, 102] })), 103);
  assert.equal(run({ type: ORDER_STOP_LIMIT, stop: 101, limit: 103, bar: [104, 105, 103.5] }), null);
});

// a long position's bracket exit: sell, stop-loss 95, take-profit 110
const exit = (bar: Case["bar"], triggered = 0): Case => ({
  side: -1,
  type: ORDER_EXIT,
  stop: 95,
  limit: 110,
  triggered,
  bar,
});

Deno.test("a bracket exit takes its stop-loss or its take-profit, whichever the bar reaches", () => {
  assert.deepEqual(run(exit([100, 101, 94])), [95, REASON_INTRABAR, 0, LEG_STOP, 1]);
  assert.deepEqual(run(exit([100, 111, 99])), [110, REASON_INTRABAR, 1, LEG_TARGET, 0]);
  assert.equal(run(exit([100, 110, 95.5])), null, "target only touched, stop not reached");
});

Deno.test("a bracket exit gapped through fills at the open on either leg", () => {
  assert.deepEqual(run(exit([93, 96, 92]))?.slice(0, 4), [93, REASON_GAP, 0, LEG_STOP]);
  assert.deepEqual(run(exit([112, 113, 94]))?.slice(0, 4), [112, REASON_GAP, 0, LEG_TARGET], "the open decides");
});

Deno.test("an ambiguous bar (both legs reached) goes by ambiguousBar: stopFirst by default", () => {
  const bar: Case["bar"] = [100, 111, 94];
  assert.equal(run(exit(bar))?.[3], LEG_STOP, "default: stop first");
  const model = (rule: string) => fillModel(FillSchema.parse({ kind: "nextOpen", ambiguousBar: rule }));
  assert.equal(run(exit(bar), model("stopFirst"))?.[0], 95);
  assert.equal(run(exit(bar), model("targetFirst"))?.[0], 110);
  // nearestFirst: open 100 is 11 from the high and 6 from the low → the low (the stop) came first
  assert.equal(run(exit(bar), model("nearestFirst"))?.[0], 95);
  // open 108: 3 from the high, 14 from the low → the high (the target) came first
  assert.equal(run(exit([108, 111, 94]), model("nearestFirst"))?.[0], 110);
  // a tie goes to the stop
  assert.equal(run(exit([102.5, 111, 94]), model("nearestFirst"))?.[0], 95);
});

Deno.test("a short's bracket exit mirrors a long's: stop above, target below", () => {
  const short = (bar: Case["bar"]): Case => ({ side: 1, type: ORDER_EXIT, stop: 105, limit: 90, bar });
  assert.deepEqual(run(short([100, 106, 99]))?.slice(0, 4), [105, REASON_INTRABAR, 0, LEG_STOP]);
  assert.deepEqual(run(short([100, 101, 89]))?.slice(0, 4), [90, REASON_INTRABAR, 1, LEG_TARGET]);
  assert.equal(run(short([100, 106, 89]))?.[3], LEG_STOP, "ambiguous: stop first");
});

Deno.test("a bracket with only a stop-loss, or only a take-profit", () => {
  assert.equal(price(run({ side: -1, type: ORDER_EXIT, stop: 95, bar: [100, 130, 94] })), 95);
  assert.equal(price(run({ side: -1, type: ORDER_EXIT, limit: 110, bar: [100, 111, 50] })), 110);
});
