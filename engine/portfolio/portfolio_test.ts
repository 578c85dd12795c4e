/**
 * Hand-worked accounting cases. Prices and fees are chosen so that every
 * intermediate value is exact in binary floating point: the assertions are
 * strict equalities, and the arithmetic is in the comments beside them.
 */
import assert from "node:assert/strict";
import type { Trade } from "../result.ts";
import { AT_OPEN, INTRABAR } from "./excursion.ts";
import { applyFill, chargeBorrow, createPortfolio, equityOf, type FillAt, openPositions } from "./portfolio.ts";

const DAY = 86_400_000;

Deno.test("a flat portfolio holds its cash, no marks and no positions", () => {
  const p = createPortfolio(10_000, 2);
  assert.equal(p.cash, 10_000);
  assert.equal(equityOf(p), 10_000);
  assert.deepEqual([...p.qty], [0, 0]);
  assert.ok(p.mark.every(Number.isNaN), "no symbol has a close yet");
  assert.equal(p.openCount, 0);
  assert.deepEqual(openPositions(p, ["A", "B"]), []);
});

Deno.test("a long opened, added to, reduced and closed: average price, realised P&L net of fees, one trade", () => {
  const p = createPortfolio(10_000, 1);
  const trades: Trade[] = [];

  applyFill(p, 0, 10, 100, 1, 1 * DAY, "A", trades); // buy 10 @ 100, fee 1
  assert.equal(p.cash, 8_999); // 10,000 − 10 × 100 − 1
  assert.equal(p.qty[0], 10);
  assert.equal(p.avgPrice[0], 100);
  assert.equal(p.openCount, 1);

  applyFill(p, 0, 30, 110, 3, 2 * DAY, "A", trades); // add: buy 30 @ 110, fee 3
  assert.equal(p.cash, 5_696); // 8,999 − 30 × 110 − 3
  assert.equal(p.qty[0], 40);
  assert.equal(p.avgPrice[0], 107.5); // (10 × 100 + 30 × 110) / 40 = 4,300 / 40
  assert.equal(p.realizedPnl, 0, "adding realises nothing");

  applyFill(p, 0, -20, 120, 2, 3 * DAY, "A", trades); // reduce: sell 20 @ 120, fee 2
  assert.equal(p.cash, 8_094); // 5,696 + 20 × 120 − 2
  assert.equal(p.qty[0], 20);
  assert.equal(p.avgPrice[0], 107.5, "reducing leaves the average price");
  assert.equal(p.realizedPnl, 250); // (120 − 107.5) × 20
  assert.equal(trades.length, 0, "the round trip is still open");

  applyFill(p, 0, -20, 100, 2, 4 * DAY, "A", trades); // close: sell 20 @ 100, fee 2
  assert.equal(p.cash, 10_092); // 8,094 + 20 × 100 − 2
  assert.equal(p.qty[0], 0);
  assert.equal(p.openCount, 0);
  assert.equal(p.realizedPnl, 100); // 250 + (100 − 107.5) × 20 = 250 − 150
  assert.equal(p.totalFees, 8); // 1 + 3 + 2 + 2
  assert.deepEqual(trades, [{
    symbol: "A",
    side: "long",
    qty: 40, // everything entered
    entryTimeMs: 1 * DAY, // the first entry fill
    entryPrice: 107.5, // 4,300 / 40
    exitTimeMs: 4 * DAY, // the fill that closed it
    exitPrice: 110, // (20 × 120 + 20 × 100) / 40 = 4,400 / 40
    pnl: 92, // realised 100 − fees 8
    fees: 8,
    initialRisk: NaN, // fills applied without a FillAt: nothing known
    mae: NaN, // a portfolio without bars
    mfe: NaN,
  }]);
  assert.equal(p.cash - 10_000, trades[0]!.pnl, "a closed round trip's P&L is the cash it made");
});

Deno.test("a short opened, added to, partly covered and closed mirrors the long", () => {
  const p = createPortfolio(10_000, 1);
  const trades: Trade[] = [];

  applyFill(p, 0, -10, 50, 0.5, 1 * DAY, "A", trades); // short 10 @ 50, fee 0.5
  assert.equal(p.cash, 10_499.5); // 10,000 + 10 × 50 − 0.5: a short sale receives cash
  assert.equal(p.qty[0], -10);
  assert.equal(p.avgPrice[0], 50);

  applyFill(p, 0, -10, 60, 0.5, 2 * DAY, "A", trades); // add: short 10 @ 60, fee 0.5
  assert.equal(p.cash, 11_099); // 10,499.5 + 600 − 0.5
  assert.equal(p.qty[0], -20);
  assert.equal(p.avgPrice[0], 55); // (10 × 50 + 10 × 60) / 20

  applyFill(p, 0, 5, 45, 0.25, 3 * DAY, "A", trades); // cover 5 @ 45, fee 0.25
  assert.equal(p.cash, 10_873.75); // 11,099 − 5 × 45 − 0.25
  assert.equal(p.qty[0], -15);
  assert.equal(p.avgPrice[0], 55);
  assert.equal(p.realizedPnl, 50); // (55 − 45) × 5: a short gains as the price falls

  p.mark[0] = 40;
  assert.equal(equityOf(p), 10_273.75); // 10,873.75 + (−15) × 40
  assert.deepEqual(openPositions(p, ["A"]), [{
    symbol: "A",
    qty: -15,
    avgPrice: 55,
    entryTimeMs: 1 * DAY,
    lastClose: 40,
    unrealizedPnl: 225, // (40 − 55) × (−15)
    fees: 1.25, // 0.5 + 0.5 + 0.25: the open round trip's fees so far, the cover's included
  }]);

  applyFill(p, 0, 15, 40, 0.75, 4 * DAY, "A", trades); // cover the rest: 15 @ 40, fee 0.75
  assert.equal(p.cash, 10_273); // 10,873.75 − 15 × 40 − 0.75
  assert.equal(p.realizedPnl, 275); // 50 + (55 − 40) × 15
  assert.deepEqual(trades, [{
    symbol: "A",
    side: "short",
    qty: 20,
    entryTimeMs: 1 * DAY,
    entryPrice: 55, // (500 + 600) / 20
    exitTimeMs: 4 * DAY,
    exitPrice: 41.25, // (5 × 45 + 15 × 40) / 20 = 825 / 20
    pnl: 273, // realised 275 − fees 2
    fees: 2, // 0.5 + 0.5 + 0.25 + 0.75
    initialRisk: NaN,
    mae: NaN,
    mfe: NaN,
  }]);
  assert.equal(p.cash - 10_000, 273);
  assert.equal(equityOf(p), p.cash, "flat: equity is cash");
});

Deno.test("a fill that crosses zero closes the trade and opens the reverse one, its fee split by quantity", () => {
  const p = createPortfolio(10_000, 1);
  const trades: Trade[] = [];
  applyFill(p, 0, 10, 100, 1, 1 * DAY, "A", trades); // buy 10 @ 100, fee 1
  applyFill(p, 0, -30, 110, 3, 2 * DAY, "A", trades); // sell 30 @ 110, fee 3: 10 close the long, 20 open a short
  assert.equal(p.cash, 12_296); // 10,000 − 1,000 − 1 + 30 × 110 − 3
  assert.equal(p.realizedPnl, 100); // (110 − 100) × 10
  assert.deepEqual(trades, [{
    symbol: "A",
    side: "long",
    qty: 10,
    entryTimeMs: 1 * DAY,
    entryPrice: 100,
    exitTimeMs: 2 * DAY,
    exitPrice: 110,
    pnl: 98, // 100 − (1 + 1)
    fees: 2, // entry fee 1 + the closing third of the reversal's fee: 3 × 10 / 30 = 1
    initialRisk: NaN,
    mae: NaN,
    mfe: NaN,
  }]);
  // the new short: 20 @ 110, opened by the reversal, carrying the other two thirds of its fee
  assert.equal(p.qty[0], -20);
  assert.equal(p.avgPrice[0], 110);
  assert.equal(p.tradeEntryMs[0], 2 * DAY);
  assert.equal(p.tradeFees[0], 2); // 3 − 1
  assert.equal(p.openCount, 1);

  applyFill(p, 0, 20, 100, 2, 3 * DAY, "A", trades); // cover 20 @ 100, fee 2
  assert.equal(p.cash, 10_294); // 12,296 − 2,000 − 2
  assert.equal(p.realizedPnl, 300); // 100 + (110 − 100) × 20
  assert.equal(p.totalFees, 6); // 1 + 3 + 2
  assert.deepEqual(trades[1], {
    symbol: "A",
    side: "short",
    qty: 20,
    entryTimeMs: 2 * DAY,
    entryPrice: 110,
    exitTimeMs: 3 * DAY,
    exitPrice: 100,
    pnl: 196, // 200 − (2 + 2)
    fees: 4,
    initialRisk: NaN,
    mae: NaN,
    mfe: NaN,
  });
  assert.equal(p.cash - 10_000, 98 + 196, "the two round trips make the cash");
});

Deno.test("borrow charges come out of cash and into the open short's fees, so its P&L is net of them", () => {
  const p = createPortfolio(1_000, 1);
  const trades: Trade[] = [];
  applyFill(p, 0, -10, 50, 0, 0, "A", trades); // short 10 @ 50, no fee
  chargeBorrow(p, 0, 0.5);
  chargeBorrow(p, 0, 0.25);
  assert.equal(p.cash, 1_499.25); // 1,000 + 500 − 0.5 − 0.25
  assert.equal(p.borrowCost, 0.75);
  assert.equal(p.tradeFees[0], 0.75);
  assert.equal(p.totalFees, 0, "borrow is not a commission");

  applyFill(p, 0, 10, 50, 0, 2 * DAY, "A", trades); // cover 10 @ 50: no price gain
  assert.equal(trades[0]!.pnl, -0.75); // realised 0 − borrow 0.75
  assert.equal(trades[0]!.fees, 0.75);
  assert.equal(p.cash, 999.25); // 1,499.25 − 500

  // a charge while flat still costs cash, but belongs to no round trip: the next one starts with its own fee only
  chargeBorrow(p, 0, 0.25);
  assert.equal(p.cash, 999);
  assert.equal(p.borrowCost, 1);
  applyFill(p, 0, 1, 10, 0.5, 3 * DAY, "A", trades);
  assert.equal(p.tradeFees[0], 0.5);
});

Deno.test("equity is cash plus every open position at its latest close; flat symbols need no close", () => {
  const p = createPortfolio(1_000, 3);
  applyFill(p, 0, 10, 5, 1, 0, "A", []); // long A 10 @ 5, fee 1: cash 1,000 − 50 − 1 = 949
  applyFill(p, 2, -4, 20, 0, 0, "C", []); // short C 4 @ 20: cash 949 + 80 = 1,029
  p.mark[0] = 6;
  p.mark[2] = 25;
  // B never traded and has no close (NaN): it does not count
  assert.equal(equityOf(p), 989); // 1,029 + 10 × 6 + (−4) × 25 = 1,029 + 60 − 100
  p.mark[0] = 4;
  assert.equal(equityOf(p), 969); // 1,029 + 10 × 4 − 100: a new close moves equity, cash stays
  assert.equal(p.cash, 1_029);
});

Deno.test("open positions at the end are listed by symbol id with their unrealised P&L at the last close", () => {
  const p = createPortfolio(10_000, 3);
  const trades: Trade[] = [];
  applyFill(p, 2, -5, 40, 0.5, 1 * DAY, "C", trades); // short C 5 @ 40
  applyFill(p, 0, 10, 10, 1, 2 * DAY, "A", trades); // long A 10 @ 10
  applyFill(p, 0, 10, 13, 1, 3 * DAY, "A", trades); // add A 10 @ 13: average (100 + 130) / 20 = 11.5
  applyFill(p, 1, 3, 7, 0, 1 * DAY, "B", trades); // B opened and closed: not open at the end
  applyFill(p, 1, -3, 8, 0, 2 * DAY, "B", trades);
  p.mark.set([12, 8, 38]);
  assert.deepEqual(openPositions(p, ["A", "B", "C"]), [
    { symbol: "A", qty: 20, avgPrice: 11.5, entryTimeMs: 2 * DAY, lastClose: 12, unrealizedPnl: 10, fees: 2 }, // (12 − 11.5) × 20
    { symbol: "C", qty: -5, avgPrice: 40, entryTimeMs: 1 * DAY, lastClose: 38, unrealizedPnl: 10, fees: 0.5 }, // (38 − 40) × (−5)
  ]);
  assert.equal(p.openCount, 2);
  assert.equal(trades.length, 1);
  assert.equal(trades[0]!.pnl, 3); // B: (8 − 7) × 3
});

/** A fill context: frame row, where in the bar, risk per unit. */
const at = (row: number, when: number, riskPerUnit = NaN): FillAt => ({ row, when, riskPerUnit });

Deno.test("initialRisk sums qty × risk per unit over the fills that built the trade; partial exits leave it", () => {
  const p = createPortfolio(10_000, 1);
  const trades: Trade[] = [];
  applyFill(p, 0, 10, 100, 0, 1 * DAY, "A", trades, at(1, AT_OPEN, 5)); // 10 × 5 = 50 (a stop 5 away)
  applyFill(p, 0, 30, 110, 0, 2 * DAY, "A", trades, at(2, AT_OPEN, 4)); // + 30 × 4 = 120
  assert.equal(p.tradeRisk[0], 170);
  applyFill(p, 0, -20, 120, 0, 3 * DAY, "A", trades, at(3, AT_OPEN)); // a partial exit risks nothing new
  assert.equal(p.tradeRisk[0], 170);
  applyFill(p, 0, -20, 100, 0, 4 * DAY, "A", trades, at(4, AT_OPEN));
  assert.equal(trades[0]!.initialRisk, 170);
  assert.equal(trades[0]!.pnl, 100); // (120 − 107.5) × 20 + (100 − 107.5) × 20: R = 100 / 170
});

Deno.test("initialRisk of a trade built partly by a fill of unknown risk is unknown (NaN)", () => {
  const p = createPortfolio(10_000, 1);
  const trades: Trade[] = [];
  applyFill(p, 0, 10, 100, 0, 1 * DAY, "A", trades, at(1, AT_OPEN, 5));
  applyFill(p, 0, 10, 100, 0, 2 * DAY, "A", trades, at(2, AT_OPEN)); // no stop, no ATR sizing
  applyFill(p, 0, -20, 100, 0, 3 * DAY, "A", trades, at(3, AT_OPEN));
  assert.ok(Number.isNaN(trades[0]!.initialRisk!));
});

Deno.test("a reversal: the closed trade keeps its risk; the new one risks only the part of the fill that opened it", () => {
  const p = createPortfolio(10_000, 1);
  const trades: Trade[] = [];
  applyFill(p, 0, 10, 100, 0, 1 * DAY, "A", trades, at(1, AT_OPEN, 2)); // long 10, risk 20
  applyFill(p, 0, -30, 110, 0, 2 * DAY, "A", trades, at(2, INTRABAR, 3)); // 10 close the long, 20 open a short
  assert.equal(trades[0]!.initialRisk, 20);
  assert.equal(p.tradeRisk[0], 60); // 20 × 3, not 30 × 3
  assert.equal(p.tradeEntryRow[0], 2, "the short starts at the reversing fill's bar");
  assert.equal(p.tradeEntryWhen[0], INTRABAR);
  applyFill(p, 0, 20, 100, 0, 3 * DAY, "A", trades, at(3, AT_OPEN));
  assert.equal(trades[1]!.initialRisk, 60);
  assert.equal(trades[1]!.pnl / trades[1]!.initialRisk!, 200 / 60);
});

Deno.test("mae and mfe of a scaled-in, partly closed long: from its average entry, over its first to its last fill", () => {
  // rows: [open, high, low, close]
  const rows = [[100, 101, 99, 100], [100, 104, 97, 102], [110, 112, 106, 111], [120, 125, 118, 121], [
    100,
    130,
    60,
    90,
  ]];
  const bars = {
    open: rows.map((r) => r[0]!),
    high: rows.map((r) => r[1]!),
    low: rows.map((r) => r[2]!),
    close: rows.map((r) => r[3]!),
  };
  const p = createPortfolio(10_000, 1, bars);
  const trades: Trade[] = [];
  applyFill(p, 0, 10, 100, 0, 1 * DAY, "A", trades, at(1, AT_OPEN)); // buy 10 at row 1's open
  applyFill(p, 0, 30, 110, 0, 2 * DAY, "A", trades, at(2, AT_OPEN)); // add 30 at row 2's open: average 107.5
  applyFill(p, 0, -20, 120, 0, 3 * DAY, "A", trades, at(3, AT_OPEN)); // sell 20 at row 3's open
  applyFill(p, 0, -20, 100, 0, 4 * DAY, "A", trades, at(4, AT_OPEN)); // sell 20 at row 4's open: exit average 110
  // counted: entry 107.5, exit 110, row 1 whole (104, 97), rows 2-3 whole (112, 106; 125, 118), row 4's open 100
  // lo 97, hi 125: MAE 107.5 − 97 = 10.5, MFE 125 − 107.5 = 17.5 (row 4's 60 and 130 came after the last fill)
  assert.equal(trades[0]!.entryPrice, 107.5);
  assert.equal(trades[0]!.mae, 10.5);
  assert.equal(trades[0]!.mfe, 17.5);
});

Deno.test("a reversing fill at the open starts the new trade's excursions at that bar, whole", () => {
  const rows = [[100, 100, 100, 100], [100, 103, 98, 101], [105, 109, 95, 100], [100, 100, 100, 100]];
  const bars = {
    open: rows.map((r) => r[0]!),
    high: rows.map((r) => r[1]!),
    low: rows.map((r) => r[2]!),
    close: rows.map((r) => r[3]!),
  };
  const p = createPortfolio(10_000, 1, bars);
  const trades: Trade[] = [];
  applyFill(p, 0, 10, 100, 0, 1 * DAY, "A", trades, at(1, AT_OPEN)); // long 10 at row 1's open
  applyFill(p, 0, -20, 105, 0, 2 * DAY, "A", trades, at(2, AT_OPEN)); // reverse at row 2's open, 105
  applyFill(p, 0, 10, 100, 0, 3 * DAY, "A", trades, at(3, AT_OPEN)); // cover at row 3's open, 100
  // the long: 100, 105, row 1 whole (103, 98), row 2's open 105 → MAE 2, MFE 5
  assert.deepEqual([trades[0]!.mae, trades[0]!.mfe], [2, 5]);
  // the short from 105: 105, 100, row 2 whole (109, 95), row 3's open 100 → MAE 109 − 105 = 4, MFE 105 − 95 = 10
  assert.deepEqual([trades[1]!.mae, trades[1]!.mfe], [4, 10]);
});
