import assert from "node:assert/strict";
import { z } from "zod";
import { type BarRow, defineStrategy, frameFromRows, parseConfig, runBacktest } from "../mod.ts";
import { sma } from "./indicators/sma.ts";

const MIN = 60_000;
/** A seeded tick walk of `n` one-minute bars of symbol A. */
function walk(n: number): BarRow[] {
  let s = 12_345, p = 10_000;
  return Array.from({ length: n }, (_, i) => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    p += (s % 41) - 20;
    const c = p / 100;
    return { symbol: "A", tsMs: i * MIN, open: c, high: c + 0.05, low: c - 0.05, close: c };
  });
}

/** A strategy that records, at every bar, what its SMA views read; it throws at bar `throwAt` if given. */
function recorder(seen: number[][], throwAt = -1) {
  return defineStrategy({
    name: "recorder",
    params: z.strictObject({ lengths: z.array(z.number().int()) }),
    create(p, setup) {
      const views = p.lengths.map((n) => setup.indicators(0).sma(n));
      const rows: number[][] = views.map(() => []);
      seen.push(...rows);
      return {
        onBar(ctx) {
          if (ctx.index === throwAt) throw new Error("boom");
          views.forEach((v, j) => rows[j]!.push(v.at(0)));
        },
      };
    },
  });
}

function config(use: ReturnType<typeof recorder>, lengths: number[]) {
  return parseConfig({
    name: "t",
    data: { source: "unused.csv" },
    capital: 100_000,
    strategy: { use, params: { lengths } },
    risk: { sizing: { kind: "fixedQty", qty: 1 } },
  }, { file: "inline" });
}

Deno.test("runs without a cache reuse the frame's indicator memory and still see exactly their own series", () => {
  const frame = frameFromRows(walk(500), MIN);
  const exact = (n: number) => [...sma(frame.close, n)];
  // run 1 fills two slots with SMA(5) and SMA(7); run 2 asks for SMA(3) and SMA(9) and gets those slots back
  const first: number[][] = [];
  runBacktest(config(recorder(first), [5, 7]), frame);
  assert.deepEqual(first, [exact(5), exact(7)]);
  const second: number[][] = [];
  runBacktest(config(recorder(second), [3, 9]), frame);
  assert.deepEqual(second, [exact(3), exact(9)]);
  // a run that throws gives its slots back too: the next run computes into them afresh
  assert.throws(() => runBacktest(config(recorder([], 100), [4, 6]), frame), /boom/);
  const third: number[][] = [];
  runBacktest(config(recorder(third), [4, 6, 8]), frame);
  assert.deepEqual(third, [exact(4), exact(6), exact(8)]);
});

Deno.test("equity times are the frame's distinct bar times: the same array for one symbol", () => {
  const frame = frameFromRows(walk(50), MIN);
  const r = runBacktest(config(recorder([]), [3]), frame);
  assert.ok(r.equity.tsMs === frame.tsMs);
  assert.equal(r.equity.equity.length, 50);
  assert.equal(r.equity.cash.length, 50);
  assert.ok(r.equity.cash.every((c) => c === 100_000));
});
