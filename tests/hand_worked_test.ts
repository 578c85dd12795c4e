/**
 * A 24-bar SMA(2)/SMA(4) cross worked by hand: every fill, trade and equity
 * value below is computed in the comments, not taken from the engine.
 *
 * Bars (daily from 2024-01-01): close c[i] as listed; open[i] = c[i-1] + 0.5
 * (open[0] = 10). Capital 1000, fixed size 10, commission 0.1 % of notional.
 *
 *  i  close  SMA2   SMA4   diff   note
 *  3  10     10     10     0      tie, no sign yet
 *  4  11     10.5   10.25  +0.25  first sign (+): not a cross
 *  8  11     11.5   12     −0.5   cross down, flat: nothing
 * 11  9      9      9.75   −0.75
 * 12  10     9.5    9.5    0      exact tie: carries − forward
 * 13  11     10.5   9.75   +0.75  cross up (vs bar 11) → buy at close
 * 14  12                          fill: buy 10 @ open 11.5, fee 0.115
 * 18  12     12.5   13     −0.5   cross down, long → close
 * 19  11                          fill: sell 10 @ open 12.5, fee 0.125
 * 21  11     10.5   11     −0.5
 * 22  13     12     11.25  +0.75  cross up → buy
 * 23  14                          fill: buy 10 @ open 13.5, fee 0.135; still open at the end
 */
import assert from "node:assert/strict";
import { loadBars, loadConfig, runBacktest } from "../mod.ts";

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);
const near = (a: number, b: number, what: string) =>
  assert.ok(Math.abs(a - b) < 1e-9, `${what}: expected ${b}, found ${a}`);

Deno.test("hand-worked 24-bar SMA cross: fills, trades and equity match the arithmetic", async () => {
  const config = await loadConfig("tests/fixtures/hand_worked/config.ts");
  const frame = await loadBars(config.data);
  assert.equal(frame.length, 24);
  assert.equal(frame.intervalMs[0], DAY);
  const r = runBacktest(config, frame);

  // fills: [bar index, side, price, fee]
  const fills: [number, string, number, number][] = [
    [14, "buy", 11.5, 0.115],
    [19, "sell", 12.5, 0.125],
    [23, "buy", 13.5, 0.135],
  ];
  assert.equal(r.fills.length, fills.length);
  fills.forEach(([bar, side, price, fee], k) => {
    const f = r.fills[k]!;
    assert.equal(f.tsMs, T0 + bar * DAY, `fill ${k} time`);
    assert.equal(f.side, side);
    assert.equal(f.qty, 10);
    near(f.price, price, `fill ${k} price`);
    near(f.fee, fee, `fill ${k} fee`);
  });

  // one closed trade: pnl = (12.5 − 11.5) × 10 − (0.115 + 0.125) = 9.76
  assert.equal(r.trades.length, 1);
  const t = r.trades[0]!;
  assert.equal(t.side, "long");
  assert.equal(t.entryTimeMs, T0 + 14 * DAY);
  assert.equal(t.exitTimeMs, T0 + 19 * DAY);
  near(t.entryPrice, 11.5, "entry");
  near(t.exitPrice, 12.5, "exit");
  near(t.fees, 0.24, "trade fees");
  near(t.pnl, 9.76, "trade pnl");

  // equity at each close:
  //  0..13: 1000
  //  14: cash 1000 − 115 − 0.115 = 884.885, + 10 × 12 = 1004.885
  //  15: + 10 × 13 = 1014.885; 16: 1024.885; 17: 1014.885; 18: 1004.885
  //  19: cash 884.885 + 125 − 0.125 = 1009.76 (flat) ... 22: 1009.76
  //  23: cash 1009.76 − 135 − 0.135 = 874.625, + 10 × 14 = 1014.625
  const expected = [
    ...Array(14).fill(1000),
    1004.885,
    1014.885,
    1024.885,
    1014.885,
    1004.885,
    1009.76,
    1009.76,
    1009.76,
    1009.76,
    1014.625,
  ];
  assert.equal(r.equity.equity.length, 24);
  expected.forEach((e, i) => {
    near(r.equity.equity[i]!, e, `equity at bar ${i}`);
    assert.equal(r.equity.tsMs[i], T0 + i * DAY);
  });
  // cash at each close: 1000 until the buy fills at bar 14's open, 884.885 until the sell at bar 19's,
  // 1009.76 until the buy at bar 23's
  const cash = [...Array(14).fill(1000), ...Array(5).fill(884.885), ...Array(4).fill(1009.76), 874.625];
  assert.equal(r.equity.cash.length, 24);
  cash.forEach((c, i) => near(r.equity.cash[i]!, c, `cash at bar ${i}`));
  // the curve survives a structured clone (a worker's postMessage) whole
  const cloned = structuredClone(r.equity);
  assert.deepEqual([...cloned.cash], [...r.equity.cash]);
  assert.deepEqual([...cloned.equity], [...r.equity.equity]);

  // the open position is reported, marked at the last close
  assert.equal(r.openPositions.length, 1);
  const p = r.openPositions[0]!;
  assert.equal(p.qty, 10);
  near(p.avgPrice, 13.5, "avg price");
  near(p.lastClose, 14, "last close");
  near(p.unrealizedPnl, 5, "unrealized");
  near(r.summary.finalEquity, 1014.625, "final equity");
  near(r.summary.totalFees, 0.375, "total fees");
  near(r.summary.realizedPnl, 10, "realized (gross of fees)");
  assert.equal(r.denials.length, 0);
});

Deno.test("closeAtEnd sells the open position at the last close, paying commission", async () => {
  const config = await loadConfig("tests/fixtures/hand_worked/config.ts", { set: ["execution.closeAtEnd=true"] });
  const r = runBacktest(config, await loadBars(config.data));
  // sell 10 @ 14 at bar 23's close, fee 0.14: cash 874.625 + 140 − 0.14 = 1014.485
  assert.equal(r.trades.length, 2);
  assert.equal(r.openPositions.length, 0);
  const last = r.fills[r.fills.length - 1]!;
  assert.equal(last.tsMs, T0 + 23 * DAY + 16 * 3_600_000); // the close of bar 23: 16:00 UTC of its date (a session)
  near(last.price, 14, "close-out price");
  near(last.fee, 0.14, "close-out fee");
  near(r.trades[1]!.pnl, 5 - 0.135 - 0.14, "second trade pnl");
  near(r.summary.finalEquity, 1014.485, "final equity");
  near(r.equity.equity[23]!, 1014.485, "last equity point includes the close-out");
  near(r.equity.cash[23]!, 1014.485, "last cash point includes the close-out");
  near(r.equity.cash[22]!, 1009.76, "cash before the last bar");
});
