import assert from "node:assert/strict";
import { frameFromRows } from "../data/bar_frame.ts";
import { ConfigError } from "../errors.ts";
import { IndicatorCache } from "../indicators/cache.ts";
import { SlippageSchema } from "./config.ts";
import { slippageModel } from "./slippage.ts";

const near = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) < 1e-12, `${what}: ${a} ≠ ${b}`);

// four bars with high − low = 2 and no gaps: every true range is 2, so ATR(2) is 2 from bar 2 on
const frame = frameFromRows(
  [10, 10.5, 11, 11.5].map((c, i) => ({
    symbol: "A",
    tsMs: i * 60_000,
    open: c,
    high: c + 1,
    low: c - 1,
    close: c,
    volume: 1000,
  })),
  60_000,
);
const at = (row: number, price: number, qty = 100, side = 1) => ({ s: 0, row, price, qty, side });
const model = (input: unknown) =>
  slippageModel(SlippageSchema.parse(input), { frame, cache: new IndicatorCache(frame) });

Deno.test("slippage none is 0", () => {
  assert.equal(model({ kind: "none" }).slippage(at(1, 50)), 0);
});

Deno.test("slippage fixedBps is price × bps / 10,000", () => {
  near(model({ kind: "fixedBps", bps: 5 }).slippage(at(1, 40)), 0.02, "5 bps of 40");
});

Deno.test("slippage halfSpread is half the spread: price × spreadBps / 20,000", () => {
  near(model({ kind: "halfSpread", spreadBps: 10 }).slippage(at(1, 40)), 0.02, "half of 10 bps of 40");
});

Deno.test("slippage volumeShare is impact × (qty / volume)² × price, share capped at 1", () => {
  const m = model({ kind: "volumeShare", impact: 0.1 });
  // 250 of 1000: 0.1 × 0.0625 × 40 = 0.25
  near(m.slippage(at(1, 40, 250)), 0.25, "a quarter of the volume");
  // 4000 of 1000: share capped at 1: 0.1 × 40
  near(m.slippage(at(1, 40, 4000)), 4, "more than the bar's volume");
});

Deno.test("slippage atrFraction is fraction × the last completed bar's ATR, 0 in warm-up", () => {
  const m = model({ kind: "atrFraction", fraction: 0.25, period: 2 });
  assert.equal(m.slippage(at(1, 40)), 0, "bar 0 has no ATR(2)");
  assert.equal(m.slippage(at(2, 40)), 0, "bar 1 has no ATR(2)");
  near(m.slippage(at(3, 40)), 0.5, "ATR(2) of bar 2 is 2");
});

Deno.test("volumeShare on bars without volume is a ConfigError naming the field", () => {
  const noVolume = frameFromRows([{ symbol: "A", tsMs: 0, open: 1, high: 1, low: 1, close: 1 }], 60_000);
  assert.throws(
    () => slippageModel({ kind: "volumeShare", impact: 0.1 }, { frame: noVolume }),
    (e) => e instanceof ConfigError && e.message.includes("execution.slippage") && e.message.includes('"A"'),
  );
});
