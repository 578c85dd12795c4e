import assert from "node:assert/strict";
import { z } from "zod";
import { parseConfig } from "../config/parse_config.ts";
import { frameFromRows } from "../data/bar_frame.ts";
import { IndicatorCache } from "../indicators/cache.ts";
import { defineStrategy } from "../strategy/types.ts";
import { evaluate } from "./evaluate.ts";

const DAY = 86_400_000;
const frame = frameFromRows(
  [10, 11, 12, 13, 14, 15, 16, 17, 18, 19].map((c, i) => ({
    symbol: "A",
    tsMs: i * DAY,
    open: c,
    high: c,
    low: c,
    close: c,
  })),
  DAY,
);

Deno.test("evaluate() with tradeFromMs: onBar sees the warm-up bars, but no order before it, and equity is measured from it", () => {
  const seen: number[] = [];
  const buyEveryBar = defineStrategy({
    name: "eager",
    params: z.strictObject({ qty: z.number() }),
    create: (p, setup) => {
      const sma3 = setup.indicators(0).sma(3);
      return {
        onBar(ctx) {
          seen.push(ctx.index);
          if (ctx.position() + ctx.pending() === 0 && sma3.at(0) > 0) ctx.buy(p.qty);
        },
      };
    },
  });
  const config = parseConfig({
    name: "t",
    data: { source: "unused.csv" },
    capital: 1000,
    strategy: { use: buyEveryBar, params: { qty: 1 } },
    risk: { sizing: { kind: "fixedQty", qty: 1 } },
  }, { file: "inline" });
  const e = evaluate(config, frame, { qty: 2 }, {
    objective: "totalReturn",
    cache: new IndicatorCache(frame),
    tradeFromMs: 5 * DAY,
  });
  assert.deepEqual(seen, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]); // every bar reached the strategy
  assert.equal(e.result.fills.length, 1);
  assert.equal(e.result.fills[0]!.tsMs, 6 * DAY); // ordered at bar 5's close (the first test bar), filled at bar 6's open
  assert.equal(e.result.fills[0]!.qty, 2); // the params passed in, merged over the config's
  assert.deepEqual(Array.from(e.tsMs), [5, 6, 7, 8, 9].map((i) => i * DAY));
  assert.equal(e.equity[0], 1000); // flat at the first measured bar
  assert.equal(e.metrics.totalReturn, (1000 + 2 * (19 - 16)) / 1000 - 1);
  assert.equal(e.objective, e.metrics.totalReturn);
});
