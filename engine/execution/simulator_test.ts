import assert from "node:assert/strict";
import { hashString32 } from "../random.ts";
import { harness, minuteBars } from "./_test_harness.ts";
import { LANE_CANCEL, LANE_ORDER, latencyModel } from "./latency.ts";

const MIN = 60_000, DAY = 86_400_000;
const flat = (n: number, volume = 1000) =>
  minuteBars(Array.from({ length: n }, () => [100, 101, 99, 100, volume] as const));

Deno.test("with no latency a market order placed at a close fills at the next bar's open", () => {
  const h = harness(minuteBars([[10, 10, 10, 10], [11, 12, 10, 11], [12, 12, 12, 12]]));
  h.step(0);
  h.order(0, 5);
  assert.equal(h.sim.pendingQty[0], 5);
  h.step(1);
  assert.deepEqual(h.fills.map((f) => [f.row, f.qty, f.price, f.reason]), [[1, 5, 11, "open"]]);
  assert.equal(h.sim.pendingQty[0], 0);
});

Deno.test("an order fills from the first bar that starts at or after its arrival", () => {
  // fixed 90 s on minute bars: placed at bar 0's close (60 s), arrives at 150 s: bar 1 (60 s) and
  // bar 2 (120 s) started before it, bar 3 (180 s) is the first it can trade in
  const h = harness(minuteBars([[10, 10, 10, 10], [11, 11, 11, 11], [12, 12, 12, 12], [13, 13, 13, 13]]), {
    latency: { kind: "fixed", ms: 90_000 },
  });
  h.step(0);
  h.order(0, 1);
  h.run(1, 4);
  assert.deepEqual(h.fills.map((f) => [f.row, f.price, f.tsMs]), [[3, 13, 3 * MIN]]);
});

Deno.test("each order's delay is the latency model's keyed draw for (seed, symbol, sequence)", () => {
  const latency = { kind: "uniform", lowMs: 0, highMs: 300_000 } as const;
  const h = harness(flat(20), { latency }, 42);
  h.step(0);
  for (let i = 0; i < 5; i++) h.order(0, 1);
  h.run(1, 20);
  const m = latencyModel(latency, 42);
  assert.equal(h.fills.length, 5);
  for (const f of h.fills) {
    // ids are the symbol's order sequence numbers here: one symbol, orders 0..4
    const arrival = MIN + m.delayMs(hashString32("A"), f.id, LANE_ORDER);
    assert.equal(f.row, Math.ceil(arrival / MIN), `order ${f.id} arrives at ${arrival}`);
    assert.ok(f.tsMs >= arrival);
  }
});

Deno.test("a participation cap splits an order into one fill per bar, in order, until done", () => {
  // 10 % of 1000 = 100 a bar: 250 fills as 100, 100, 50
  const h = harness(flat(6), { participation: { maxVolumeFraction: 0.1 } });
  h.step(0);
  h.order(0, 250);
  h.step(1);
  assert.equal(h.sim.pendingQty[0], 150);
  h.run(2, 6);
  assert.deepEqual(h.fills.map((f) => [f.row, f.qty]), [[1, 100], [2, 100], [3, 50]]);
  assert.equal(h.sim.pendingQty[0], 0);
  assert.deepEqual(h.sim.unfilled(), []);
});

Deno.test("the participation cap is shared by a symbol's orders in a bar, first come first served", () => {
  const h = harness(flat(4), { participation: { maxVolumeFraction: 0.1 } });
  h.step(0);
  h.order(0, 80);
  h.order(0, -60);
  h.run(1, 4);
  // bar 1: 80 (first order), then 20 of the second; bar 2: the other 40
  assert.deepEqual(h.fills.map((f) => [f.row, f.qty]), [[1, 80], [1, -20], [2, -40]]);
});

Deno.test("time in force { bars: n } cancels the remainder after n bars", () => {
  const h = harness(flat(6), { participation: { maxVolumeFraction: 0.1 } });
  h.step(0);
  const id = h.order(0, 250, { timeInForce: { bars: 2 } });
  h.run(1, 6);
  assert.deepEqual(h.fills.map((f) => f.qty), [100, 100]);
  assert.equal(h.sim.pendingQty[0], 0);
  const [u] = h.sim.unfilled();
  assert.deepEqual(
    { id: u!.orderId, status: u!.status, filled: u!.filledQty, end: u!.endTsMs, reason: u!.reason },
    { id, status: "expired", filled: 200, end: 3 * MIN, reason: "time in force of 2 bars ended" },
  );
});

Deno.test("time in force day ends with the last bar of the UTC day it first could trade in", () => {
  // minute bars around midnight: 23:57, 23:58, 23:59, 00:00, 00:01
  const t0 = DAY - 3 * MIN;
  const rows = minuteBars(Array.from({ length: 5 }, () => [100, 101, 99, 100] as const), "A", t0);
  const h = harness(rows);
  h.step(0);
  h.order(0, 1, { type: "limit", limitPrice: 90, timeInForce: "day" });
  h.step(1);
  assert.equal(h.sim.pendingQty[0], 1, "still working at 23:58");
  h.step(2);
  assert.equal(h.sim.pendingQty[0], 0, "expired after the 23:59 bar");
  const [u] = h.sim.unfilled();
  assert.equal(u!.status, "expired");
  assert.equal(u!.endTsMs, DAY);
  assert.equal(u!.reason, "time in force day ended");
});

Deno.test("a cancel takes effect at its own arrival: an order can still fill in a bar that starts before it", () => {
  const bars = minuteBars([[100, 100, 100, 100], [100, 100, 100, 100], [100, 100, 100, 100], [95, 96, 94, 95], [
    94,
    95,
    93,
    94,
  ]]);
  // no latency: the cancel sent at bar 1's close is in force at bar 2
  const a = harness(bars);
  a.step(0);
  a.order(0, 1, { type: "limit", limitPrice: 96 });
  a.step(1);
  assert.equal(a.sim.cancel(0, "all", 2 * MIN), 1);
  assert.equal(a.sim.pendingQty[0], 0, "pending drops at once");
  a.run(2, 5);
  assert.deepEqual(a.fills, []);
  assert.equal(a.sim.unfilled()[0]!.status, "cancelled");
  // fixed 30 s: the order (sent at 60 s) arrives at 90 s and trades from bar 2 (120 s); the cancel sent at
  // bar 2's close (180 s) arrives at 210 s, after bar 3 (180 s) opened at 95 through the limit
  const b = harness(bars, { latency: { kind: "fixed", ms: 30_000 } });
  b.step(0);
  b.order(0, 1, { type: "limit", limitPrice: 96 });
  b.run(1, 3);
  b.sim.cancel(0, "all", 3 * MIN);
  b.run(3, 5);
  assert.deepEqual(b.fills.map((f) => [f.row, f.price, f.reason]), [[3, 95, "gap"]]);
  assert.deepEqual(b.sim.unfilled(), [], "it filled before the cancel arrived");
});

Deno.test("a cancel's delay is the latency model's draw on the cancel lane", () => {
  const latency = { kind: "exponential", meanMs: 200_000 } as const;
  const h = harness(flat(30), { latency }, 9);
  h.step(0);
  h.order(0, 1, { type: "limit", limitPrice: 50 });
  h.sim.cancel(0, "all", MIN);
  h.run(1, 30);
  const d = latencyModel(latency, 9).delayMs(hashString32("A"), 0, LANE_CANCEL);
  const [u] = h.sim.unfilled();
  assert.equal(u!.status, "cancelled");
  assert.equal(u!.endTsMs, MIN + d);
});

Deno.test("a bracket entry filled at the open protects the position in the same bar", () => {
  // buy at bar 1's open (100) with stop-loss 98 and take-profit 104; bar 1 trades down to 97
  const h = harness(minuteBars([[100, 100, 100, 100], [100, 101, 97, 98], [98, 99, 97, 98]]));
  h.step(0);
  h.order(0, 10, { stopLoss: 98, takeProfit: 104 });
  h.run(1, 3);
  assert.deepEqual(h.fills.map((f) => [f.row, f.qty, f.price, f.orderType, f.reason]), [
    [1, 10, 100, "market", "open"],
    [1, -10, 98, "stopLoss", "intrabar"],
  ]);
  assert.equal(h.position[0], 0);
  assert.deepEqual(h.sim.unfilled(), []);
});

Deno.test("a bracket entry filled inside a bar protects the position from the next bar", () => {
  // limit buy 99 fills inside bar 1, which also reaches 97: the exit starts at bar 2
  const h = harness(minuteBars([[100, 100, 100, 100], [100, 101, 97, 98], [98.5, 105, 98.5, 104]]));
  h.step(0);
  h.order(0, 10, { type: "limit", limitPrice: 99, stopLoss: 98, takeProfit: 104 });
  h.run(1, 3);
  assert.deepEqual(h.fills.map((f) => [f.row, f.qty, f.price, f.orderType, f.liquidity]), [
    [1, 10, 99, "limit", "maker"],
    [2, -10, 104, "takeProfit", "maker"],
  ]);
});

Deno.test("bracket exits are reduce-only and are cancelled once the position is closed", () => {
  // long 10 with a stop-loss at 90; the strategy closes at bar 2's open; the stop is then never used
  const h = harness(minuteBars([[100, 100, 100, 100], [100, 100, 100, 100], [100, 100, 100, 100], [85, 86, 84, 85]]));
  h.step(0);
  h.order(0, 10, { stopLoss: 90 });
  h.step(1);
  h.order(1, -10);
  h.run(2, 4);
  assert.deepEqual(h.fills.map((f) => [f.row, f.qty, f.orderType]), [[1, 10, "market"], [2, -10, "market"]]);
  const [u] = h.sim.unfilled();
  assert.deepEqual([u!.type, u!.status, u!.reason], [
    "bracketExit",
    "cancelled",
    "the position it protected was closed",
  ]);
});

Deno.test("a bracket exit follows partial entry fills and never sells more than is held", () => {
  // entry 250 in parts of 100 (10 % of 1000); take-profit 101 is reached (through) in every bar from bar 2
  const rows = minuteBars([
    [100, 100, 100, 100, 1000],
    [100, 100.5, 99.5, 100, 1000],
    [100, 102, 99, 101, 1000],
    [
      101,
      102,
      100,
      101,
      1000,
    ],
    [101, 102, 100, 101, 1000],
    [101, 102, 100, 101, 1000],
  ]);
  const h = harness(rows, { participation: { maxVolumeFraction: 0.1 } });
  h.step(0);
  h.order(0, 250, { takeProfit: 101.5 });
  h.run(1, 6);
  // bar 1: entry 100 (exit created, active at bar 1 since the entry filled at the open; 101.5 not reached)
  // bar 2: entry 100 more (cap used up), exit gets nothing; bar 3: entry 50, exit 50 of the 250
  // bar 4: exit 100; bar 5: exit 100
  assert.deepEqual(h.fills.map((f) => [f.row, f.qty, f.orderType]), [
    [1, 100, "market"],
    [2, 100, "market"],
    [3, 50, "market"],
    [3, -50, "takeProfit"],
    [4, -100, "takeProfit"],
    [5, -100, "takeProfit"],
  ]);
  assert.equal(h.position[0], 0);
});

Deno.test("a short sale fills like a buy, mirrored, and pays borrow per UTC midnight held", () => {
  // daily bars Fri 2024-01-05, Mon 01-08, Tue 01-09; short 100 at Friday's open... placed at Thursday's close
  const t = Date.UTC(2024, 0, 4);
  const rows = [
    { symbol: "A", tsMs: t, open: 50, high: 50, low: 50, close: 50 },
    { symbol: "A", tsMs: t + DAY, open: 50, high: 51, low: 49, close: 40 },
    { symbol: "A", tsMs: t + 4 * DAY, open: 42, high: 43, low: 41, close: 42 },
    { symbol: "A", tsMs: t + 5 * DAY, open: 44, high: 45, low: 43, close: 44 },
  ];
  const h = harness(rows, { borrow: { kind: "annualRate", rate: 0.036, daysPerYear: 360 } }, 1, DAY);
  h.step(0);
  h.order(0, -100);
  h.run(1, 4);
  assert.deepEqual(h.fills.map((f) => [f.row, f.qty, f.price]), [[1, -100, 50]]);
  // Mon open: 3 midnights (Sat, Sun, Mon) on 100 × Friday's close 40 at 0.01 % a day = 1.2
  // Tue open: 1 midnight on 100 × Monday's close 42 = 0.42
  assert.deepEqual(h.costs.map((c) => [c.tsMs, Math.round(c.amount * 1e9) / 1e9]), [[t + 4 * DAY, 1.2], [
    t + 5 * DAY,
    0.42,
  ]]);
});

Deno.test("orders past the table's first slots keep their own columns, and a reused slot starts fresh", () => {
  // a per-order minimum makes each fill's fee depend on what its order filled and paid before
  const h = harness(flat(6), { commission: { kind: "perShare", rate: 0.01, minimum: 1 } });
  h.step(0);
  h.order(0, 2); // id 0: fills 2 @ 100 at bar 1 and pays the minimum, 1; its slot is freed
  h.step(1);
  // id 1 reuses that slot: were its columns not fresh, it would count 2 filled and 1 paid already, and pay 0
  h.order(1, 1, { type: "limit", limitPrice: 100 });
  // ids 2..41: 40 buy limits below every low, so that 41 orders work at once
  for (let i = 0; i < 40; i++) h.order(1, i + 1, { type: "limit", limitPrice: 50 + i });
  h.step(2);
  assert.deepEqual(h.fills.map((f) => [f.id, f.qty, f.price, f.fee]), [[0, 2, 100, 1], [1, 1, 100, 1]]);
  const working = h.sim.unfilled();
  assert.deepEqual(
    working.map((u) => [u.orderId, u.type, u.side, u.qty, u.filledQty, u.tsMs, u.status]),
    Array.from({ length: 40 }, (_, i) => [i + 2, "limit", "buy", i + 1, 0, 2 * MIN, "working"]),
  );
  assert.equal(h.sim.pendingQty[0], 820); // 1 + 2 + … + 40
  assert.equal(h.sim.cancel(0, "all", 3 * MIN), 40);
  h.run(3, 6);
  assert.equal(h.sim.pendingQty[0], 0);
  assert.deepEqual(
    h.sim.unfilled().map((u) => [u.orderId, u.qty, u.status, u.endTsMs]),
    Array.from({ length: 40 }, (_, i) => [i + 2, i + 1, "cancelled", 3 * MIN]),
  );
  assert.equal(h.fills.length, 2);
});

Deno.test("pendingSymbols: ascending, once each, holding every symbol with a quantity in flight, through random orders, fills and cancels", () => {
  // six symbols on one clock, limit orders that may or may not fill, partial fills under a participation cap
  const names = ["A", "B", "C", "D", "E", "F"];
  const rows = names.flatMap((name) =>
    minuteBars(Array.from({ length: 40 }, (_, i) => [100 + (i % 7), 104 + (i % 7), 96 + (i % 7), 100, 500]), name)
  );
  let seed = 7;
  const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const h = harness(rows, { participation: { maxVolumeFraction: 0.3 } });
  const k = names.length, perStep = k;
  let emptied = 0;
  for (let step = 0; step < 40; step++) {
    for (let x = 0; x < perStep; x++) {
      const r = x * 40 + step; // symbol x's bar at this step
      h.step(r);
      const u = rand();
      if (u < 0.3) {
        h.order(r, Math.round(rand() * 400) - 200 || 1, rand() < 0.5 ? { type: "limit", limitPrice: 99 } : {});
      } else if (u < 0.4) h.sim.cancel(x, "all", h.tsMs[r]! + 60_000);
      const { symbols, size } = h.sim.pendingSymbols;
      const listed = [...symbols.subarray(0, size)];
      for (let i = 1; i < listed.length; i++) assert.ok(listed[i - 1]! < listed[i]!, `ascending: ${listed}`);
      for (let s = 0; s < k; s++) {
        if (h.sim.pendingQty[s] !== 0) {
          assert.ok(listed.includes(s), `symbol ${s} has ${h.sim.pendingQty[s]} in flight`);
        }
      }
      if (size === 0) emptied++;
    }
  }
  assert.ok(emptied > 0, "the set emptied at times");
  assert.ok(h.fills.length > 20, "orders filled");
});
