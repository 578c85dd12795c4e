import assert from "node:assert/strict";
import { frameFromRows } from "../data/bar_frame.ts";
import { IndicatorCache } from "../indicators/cache.ts";
import { atrIndicator } from "../indicators/atr.ts";
import { SizingSchema } from "./config.ts";
import { createSizer, floorToLot } from "./sizing.ts";

const DAY = 86_400_000;

Deno.test("floorToLot() rounds down to whole lots and tolerates float noise", () => {
  assert.equal(floorToLot(149.99, 1), 149);
  assert.equal(floorToLot(150, 25), 150);
  assert.equal(floorToLot(174, 25), 150);
  assert.equal(floorToLot(24, 25), 0);
  assert.equal(floorToLot(0.3, 0.1), 0.3); // 0.3 / 0.1 = 2.9999999999999996
  assert.equal(floorToLot(-3, 1), 0);
});

Deno.test("fixedQty sizing gives its quantity", () => {
  const sizer = createSizer(SizingSchema.parse({ kind: "fixedQty", qty: 40 }));
  assert.equal(sizer.size(0, 0, 123, 1), 40);
});

Deno.test("percentEquity sizing: fraction × equity ÷ price, in whole lots, within min and max", () => {
  // 0.1 × 50,000 ÷ 37 = 135.13… → 135
  assert.equal(createSizer(SizingSchema.parse({ kind: "percentEquity", fraction: 0.1 })).size(0, 0, 37, 50_000), 135);
  // lots of 50 → 100
  assert.equal(
    createSizer(SizingSchema.parse({ kind: "percentEquity", fraction: 0.1, lotSize: 50 })).size(0, 0, 37, 50_000),
    100,
  );
  // capped at 120 → 120
  assert.equal(
    createSizer(SizingSchema.parse({ kind: "percentEquity", fraction: 0.1, maxQty: 120 })).size(0, 0, 37, 50_000),
    120,
  );
  // capped at 130 then lots of 50 → 100
  assert.equal(
    createSizer(SizingSchema.parse({ kind: "percentEquity", fraction: 0.1, maxQty: 130, lotSize: 50 })).size(
      0,
      0,
      37,
      50_000,
    ),
    100,
  );
  // below minQty 200 → nothing, with the reason
  const min = createSizer(SizingSchema.parse({ kind: "percentEquity", fraction: 0.1, minQty: 200 }));
  assert.equal(min.size(0, 0, 37, 50_000), 0);
  assert.match(min.explain(0, 0, 37, 50_000), /below minQty 200/);
  // no equity, nothing to size
  assert.equal(min.size(0, 0, 37, -5), 0);
});

/** Bars with a true range of exactly 2 every bar after the first: ATR(n) = 2 from bar n on. */
function flatRangeFrame(n: number) {
  return frameFromRows(
    Array.from({ length: n }, (_, i) => ({ symbol: "A", tsMs: i * DAY, open: 10, high: 11, low: 9, close: 10 })),
    DAY,
  );
}

Deno.test("atrVolatility sizing: floor(equity × riskFraction ÷ (atrMultiple × ATR)), NaN while the ATR warms up", () => {
  const cache = new IndicatorCache(flatRangeFrame(6));
  const sizer = createSizer(
    SizingSchema.parse({ kind: "atrVolatility", riskFraction: 0.01, atrPeriod: 3, atrMultiple: 1.5 }),
    cache,
  );
  for (const i of [0, 1, 2]) {
    assert.ok(Number.isNaN(sizer.size(0, i, 10, 100_000)), `bar ${i} warms up`);
    assert.match(sizer.explain(0, i, 10, 100_000), /ATR\(3\) is not defined until bar 3/);
  }
  // 100,000 × 0.01 ÷ (1.5 × 2) = 333.33… → 333
  assert.equal(sizer.size(0, 3, 10, 100_000), 333);
  assert.equal(sizer.atrAt(0, 3), 2);
});

Deno.test("atrVolatility sizing reads the cache's own ATR array: the one strategies read", () => {
  const frame = frameFromRows(
    [10, 12, 11, 15, 14, 13, 16, 18, 17, 19].map((c, i) => ({
      symbol: "A",
      tsMs: i * DAY,
      open: c - 0.5,
      high: c + 1 + (i % 3),
      low: c - 1 - (i % 2),
      close: c,
    })),
    DAY,
  );
  const cache = new IndicatorCache(frame);
  const sizer = createSizer(
    SizingSchema.parse({ kind: "atrVolatility", riskFraction: 0.02, atrPeriod: 4, atrMultiple: 2 }),
    cache,
  );
  const series = cache.series(atrIndicator, 0, { period: 4 });
  for (let i = 0; i < frame.length; i++) assert.ok(Object.is(sizer.atrAt(0, i), series[i]), `bar ${i}`);
  assert.equal(cache.stats().misses, 1, "computed once, shared");
});
