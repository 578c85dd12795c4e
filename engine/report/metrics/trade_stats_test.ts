import assert from "node:assert/strict";
import { type ClosedTrade, tradeStats } from "./trade_stats.ts";
import { assertAlmostEqual } from "./_testing.ts";

const H = 3_600_000; // one hour in ms

function trade(
  pnl: number,
  fees: number,
  holdHours: number,
  initialRisk?: number,
): ClosedTrade {
  const t: ClosedTrade = {
    pnl,
    fees,
    entryTimeMs: 1_000 * H,
    exitTimeMs: 1_000 * H + holdHours * H,
    qty: 10,
    entryPrice: 50,
  };
  if (initialRisk !== undefined) t.initialRisk = initialRisk;
  return t;
}

Deno.test("tradeStats: hand-worked mixed book", () => {
  const trades = [
    trade(300, 10, 48, 100), // A: win,  R = 300/100 = +3
    trade(-100, 10, 24, 100), // B: loss, R = −100/100 = −1
    trade(100, 5, 6), // C: win,  no initialRisk
    trade(0, 5, 2), // D: break-even (neither win nor loss)
    trade(-200, 10, 40, 50), // E: loss, R = −200/50 = −4
  ];
  const s = tradeStats(trades);
  assert.equal(s.numTrades, 5);
  assert.equal(s.numWins, 2); // A, C
  assert.equal(s.numLosses, 2); // B, E
  assert.equal(s.numBreakEven, 1); // D
  assert.equal(s.winRate, 0.4); // 2/5
  assert.equal(s.lossRate, 0.4); // 2/5
  assert.equal(s.grossProfit, 400); // 300 + 100
  assert.equal(s.grossLoss, -300); // −100 − 200
  assert.equal(s.netPnl, 100); // 400 − 300 + 0
  assert.equal(s.avgWin, 200); // 400/2
  assert.equal(s.avgLoss, -150); // −300/2
  assert.equal(s.largestWin, 300);
  assert.equal(s.largestLoss, -200);
  // expectancy = 0.4·200 − 0.4·|−150| = 80 − 60 = 20 = netPnl/numTrades = 100/5
  assert.equal(s.expectancy, 20);
  assertAlmostEqual(s.winRate * s.avgWin - s.lossRate * Math.abs(s.avgLoss), s.expectancy, 12);
  // R over A, B, E only: (3 − 1 − 4)/3 = −2/3
  assert.equal(s.numRTrades, 3);
  assertAlmostEqual(s.expectancyR, -2 / 3, 15);
  // median R of −4, −1, 3: the middle one
  assert.equal(s.medianR, -1);
  // profit factor = 400 / |−300| = 4/3
  assertAlmostEqual(s.profitFactor, 4 / 3, 15);
  // holding: (48 + 24 + 6 + 2 + 40)/5 = 120/5 = 24 h
  assert.equal(s.avgHoldingMs, 24 * H);
  assert.equal(s.totalFees, 40); // 10 + 10 + 5 + 5 + 10
});

Deno.test("tradeStats: no trades", () => {
  const s = tradeStats([]);
  assert.equal(s.numTrades, 0);
  assert.equal(s.numWins, 0);
  assert.equal(s.numLosses, 0);
  assert.equal(s.numBreakEven, 0);
  assert.equal(s.grossProfit, 0);
  assert.equal(s.grossLoss, 0);
  assert.equal(s.netPnl, 0);
  assert.equal(s.totalFees, 0);
  assert.equal(s.numRTrades, 0);
  for (
    const k of [
      "winRate",
      "lossRate",
      "avgWin",
      "avgLoss",
      "largestWin",
      "largestLoss",
      "expectancy",
      "expectancyR",
      "medianR",
      "profitFactor",
      "avgHoldingMs",
    ] as const
  ) assert.ok(Number.isNaN(s[k]), k);
});

Deno.test("tradeStats: all winners → profit factor ∞, loss stats NaN", () => {
  // wins 50 and 150: avgWin 100, expectancy = 1·100 − 0 = 100
  const s = tradeStats([trade(50, 1, 1, 25), trade(150, 1, 3, 50)]);
  assert.equal(s.winRate, 1);
  assert.equal(s.lossRate, 0);
  assert.equal(s.avgWin, 100);
  assert.ok(Number.isNaN(s.avgLoss));
  assert.ok(Number.isNaN(s.largestLoss));
  assert.equal(s.largestWin, 150);
  assert.equal(s.expectancy, 100);
  assert.equal(s.profitFactor, Infinity);
  // R: (50/25 + 150/50)/2 = (2 + 3)/2 = 2.5
  assert.equal(s.expectancyR, 2.5);
  assert.equal(s.avgHoldingMs, 2 * H);
});

Deno.test("tradeStats: all losers → profit factor 0, win stats NaN", () => {
  // losses −30 and −10: avgLoss −20, expectancy = 0 − 1·20 = −20
  const s = tradeStats([trade(-30, 2, 1), trade(-10, 2, 1)]);
  assert.equal(s.winRate, 0);
  assert.equal(s.profitFactor, 0);
  assert.ok(Number.isNaN(s.avgWin));
  assert.ok(Number.isNaN(s.largestWin));
  assert.equal(s.avgLoss, -20);
  assert.equal(s.largestLoss, -30);
  assert.equal(s.expectancy, -20);
  assert.ok(Number.isNaN(s.expectancyR)); // no initialRisk given
});

Deno.test("tradeStats: only break-even trades → rates 0, profit factor NaN, expectancy 0", () => {
  const s = tradeStats([trade(0, 3, 1), trade(0, 3, 5)]);
  assert.equal(s.numBreakEven, 2);
  assert.equal(s.winRate, 0);
  assert.equal(s.lossRate, 0);
  assert.equal(s.expectancy, 0);
  assert.ok(Number.isNaN(s.profitFactor)); // 0 wins and 0 losses
  assert.equal(s.totalFees, 6);
  assert.equal(s.avgHoldingMs, 3 * H); // (1 + 5)/2
});

Deno.test("tradeStats: unusable initialRisk values are excluded from R", () => {
  const s = tradeStats([
    trade(100, 0, 1, 50), // R = 2
    trade(100, 0, 1, 0), // excluded: zero risk
    trade(100, 0, 1, -50), // excluded: negative
    trade(100, 0, 1, NaN), // excluded: NaN
    trade(100, 0, 1, Infinity), // excluded: infinite
    trade(-25, 0, 1, 25), // R = −1
  ]);
  assert.equal(s.numRTrades, 2);
  assert.equal(s.expectancyR, 0.5); // (2 − 1)/2
});

Deno.test("tradeStats: a single trade", () => {
  const s = tradeStats([trade(-5, 1, 10)]);
  assert.equal(s.numTrades, 1);
  assert.equal(s.lossRate, 1);
  assert.equal(s.expectancy, -5);
  assert.equal(s.largestLoss, -5);
  assert.equal(s.avgHoldingMs, 10 * H);
});

Deno.test("tradeStats: median R of an even count is the mean of the two middle R-multiples; unusable risks are skipped", () => {
  const trades = [
    trade(200, 0, 1, 100), // R = 2
    trade(-50, 0, 1, 100), // R = −0.5
    trade(30, 0, 1, 10), // R = 3
    trade(-100, 0, 1, 50), // R = −2
    trade(10, 0, 1, NaN), // unknown risk: no R
    trade(10, 0, 1, 0), // zero risk: no R
    trade(10, 0, 1, Infinity), // no R
  ];
  const s = tradeStats(trades);
  assert.equal(s.numRTrades, 4);
  assert.equal(s.expectancyR, 0.625); // (2 − 0.5 + 3 − 2) / 4 = 2.5 / 4
  assert.equal(s.medianR, 0.75); // sorted −2, −0.5, 2, 3: (−0.5 + 2) / 2
  assert.ok(Number.isNaN(tradeStats([trade(5, 0, 1)]).medianR), "no trade with a risk: NaN");
});
