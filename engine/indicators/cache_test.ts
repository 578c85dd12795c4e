import assert from "node:assert/strict";
import { type BarFrame, frameFromRows } from "../data/bar_frame.ts";
import { atr } from "./atr.ts";
import { bollinger } from "./bollinger.ts";
import { IndicatorCache, SeriesPool } from "./cache.ts";
import { ema } from "./ema.ts";
import { highest, lowest } from "./extremes.ts";
import { macd } from "./macd.ts";
import { rsi } from "./rsi.ts";
import { sma } from "./sma.ts";
import { stochastic } from "./stochastic.ts";
import { trueRange } from "./true_range.ts";
import { tickWalk } from "./_test_helpers.ts";
import { z } from "zod";
import { defineIndicator, type IndicatorDefinition } from "./define_indicator.ts";
import { indicators as I } from "./library.ts";
import { wma } from "./wma.ts";

/** Two symbols of different lengths (so a slot is longer than B's series), with a gap of NaN closes in A. */
function twoSymbols(): BarFrame {
  const rows = [];
  for (const [symbol, len, seed] of [["A", 300, 1], ["B", 180, 2]] as const) {
    const c = tickWalk(seed, len);
    for (let i = 0; i < len; i++) {
      const close = symbol === "A" && i >= 100 && i < 103 ? NaN : c[i]!;
      rows.push({ symbol, tsMs: i * 60_000, open: c[i]!, high: c[i]! + 0.05, low: c[i]! - 0.05, close });
    }
  }
  return frameFromRows(rows);
}

/** Bit-for-bit equality, NaN and -0 included. */
function sameBits(actual: Float64Array, expected: Float64Array, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i])) assert.fail(`${what}[${i}]: ${actual[i]} !== ${expected[i]}`);
  }
}

/** Fill every slot the pool can give with garbage, then give them back. */
function dirty(pool: SeriesPool): void {
  const taken: Float64Array[] = [];
  for (let slot = pool.take(); slot !== undefined; slot = pool.take()) taken.push(slot.fill(-1234.5));
  for (const slot of taken) pool.give(slot);
}

Deno.test("IndicatorCache: a pooled series is bit-identical to the kernel's, also in recycled slots", () => {
  const f = twoSymbols();
  const pool = new SeriesPool(300, 4); // fewer slots than series: nearly every request recycles a slot
  dirty(pool);
  using cache = new IndicatorCache(f, { pool });
  for (let s = 0; s < 2; s++) {
    const b = { h: cache.field(s, "high"), l: cache.field(s, "low") };
    const c = cache.field(s, "close");
    const get = (def: IndicatorDefinition, p: unknown) => [...cache.get(def, s, p).values];
    const checks: [string, () => Float64Array[], () => Float64Array[]][] = [
      ["sma", () => get(I.sma, { period: 7 }), () => [sma(c, 7)]],
      ["ema", () => get(I.ema, { period: 9 }), () => [ema(c, 9)]],
      ["wma", () => get(I.wma, { period: 5 }), () => [wma(c, 5)]],
      ["trueRange", () => get(I.trueRange, {}), () => [trueRange(b.h, b.l, c)]],
      ["atr", () => get(I.atr, { period: 14 }), () => [atr(b.h, b.l, c, 14)]],
      ["rsi", () => get(I.rsi, { period: 14 }), () => [rsi(c, 14)]],
      ["bollinger", () => get(I.bollinger, { period: 20, devfactor: 2 }), () => Object.values(bollinger(c, 20, 2))],
      ["macd", () => get(I.macd, {}), () => Object.values(macd(c))],
      ["stochastic", () => get(I.stochastic, {}), () => Object.values(stochastic(b.h, b.l, c))],
      ["highest", () => get(I.highest, { period: 10 }), () => [highest(b.h, 10)]],
      ["lowest", () => get(I.lowest, { period: 10 }), () => [lowest(b.l, 10)]],
    ];
    for (const [name, cached, fresh] of checks) {
      const got = cached(), want = fresh();
      want.forEach((w, i) => sameBits(got[i]!, w, `${name} of symbol ${s}, output ${i}`));
      cache.endRun();
      dirty(pool); // free slots hold garbage again before the next request
    }
  }
  assert.ok(pool.allocated <= 4);
  assert.ok(cache.stats().evictions > 0);
});

Deno.test("IndicatorCache: evicts the least recently used series, never one handed out in the current run", () => {
  const f = twoSymbols();
  const pool = new SeriesPool(300, 2);
  using cache = new IndicatorCache(f, { pool });
  const a = cache.series(I.sma, 0, { period: 2 });
  cache.series(I.sma, 0, { period: 3 });
  cache.endRun();
  assert.ok(cache.series(I.sma, 0, { period: 2 }) === a); // a is now the most recently used
  cache.series(I.sma, 0, { period: 4 }); // evicts sma 3
  assert.deepEqual(cache.stats(), { hits: 1, misses: 3, entries: 2, evictions: 1 });
  assert.ok(cache.series(I.sma, 0, { period: 2 }) === a);
  cache.endRun();

  // one run asking for more series than the pool holds: the extras get their own arrays, and all stay valid
  const run = [5, 6, 7, 8].map((n) => cache.series(I.sma, 0, { period: n }));
  run.forEach((x, i) => sameBits(x, sma(cache.field(0, "close"), i + 5), `sma ${i + 5}`));
  assert.equal(pool.allocated, 2);
  const evicted = cache.stats().evictions;
  cache.endRun();
  cache.series(I.sma, 0, { period: 9 });
  assert.equal(pool.allocated, 2, "the pool never grows past its capacity");
  assert.equal(cache.stats().evictions, evicted + 1, "a new run may evict the last run's series again");
});

Deno.test("IndicatorCache: without a pool it keeps every series and never evicts", () => {
  const cache = new IndicatorCache(twoSymbols());
  for (let n = 1; n <= 50; n++) {
    cache.series(I.sma, 1, { period: n });
    cache.endRun();
  }
  assert.deepEqual(cache.stats(), { hits: 0, misses: 50, entries: 50, evictions: 0 });
});

Deno.test("IndicatorCache: disposing returns the slots to the pool for the next cache", () => {
  const f = twoSymbols();
  const pool = new SeriesPool(300, 3);
  {
    using cache = new IndicatorCache(f, { pool });
    cache.get(I.bollinger, 0, { period: 20, devfactor: 2 });
    assert.equal(pool.take(), undefined);
  }
  using next = new IndicatorCache(f, { pool });
  next.get(I.macd, 1);
  assert.equal(pool.allocated, 3);
  assert.equal(next.stats().evictions, 0);
});

Deno.test("IndicatorCache: rejects a pool whose slots are shorter than a symbol", () => {
  assert.throws(() => new IndicatorCache(twoSymbols(), { pool: new SeriesPool(299, 4) }), RangeError);
  assert.throws(() => new SeriesPool(10, -1), RangeError);
  assert.throws(() => new SeriesPool(1.5, 1), RangeError);
});

Deno.test("IndicatorCache: an indicator that throws leaves the pool's slot free", () => {
  const pool = new SeriesPool(300, 1);
  using cache = new IndicatorCache(twoSymbols(), { pool });
  assert.throws(() => cache.get(I.sma, 0, { period: 0 }), /indicator "sma" has bad params: period: .*found 0/);
  const broken = defineIndicator({
    name: "broken",
    params: z.strictObject({}),
    inputs: () => ["close"],
    warmup: () => 0,
    compute: () => {
      throw new Error("boom");
    },
  });
  assert.throws(() => cache.get(broken, 0), /Indicator "broken" \(.*cache_test\.ts:\d+:\d+\) on A threw: boom/);
  assert.equal(cache.stats().entries, 0);
  assert.ok(pool.take() !== undefined);
});

Deno.test("SeriesPool: reserve allocates up to the count asked, never past capacity, and take hands those out first", () => {
  const pool = new SeriesPool(10, 3);
  pool.reserve(2);
  assert.equal(pool.allocated, 2);
  pool.reserve(99);
  assert.equal(pool.allocated, 3);
  const slots = [pool.take(), pool.take(), pool.take()];
  assert.ok(slots.every((s) => s !== undefined && s.length === 10));
  assert.equal(pool.take(), undefined);
  assert.equal(pool.allocated, 3);
});

Deno.test("SeriesPool: keep bounds the free slots it holds; slots given back past it are let go and replaced on need", () => {
  const pool = new SeriesPool(10, 4, 1);
  assert.equal(pool.keep, 1);
  const taken = [pool.take()!, pool.take()!, pool.take()!];
  assert.equal(pool.allocated, 3);
  for (const s of taken) pool.give(s);
  // one kept, two let go: the capacity they held is free again
  assert.equal(pool.allocated, 1);
  assert.ok(pool.take() === taken[0]);
  const fresh = [pool.take()!, pool.take()!, pool.take()!];
  assert.ok(fresh.every((s) => s.length === 10 && !taken.includes(s)));
  assert.equal(pool.allocated, 4);
  assert.equal(pool.take(), undefined, "never past capacity");
  // reserve fills no more free slots than keep
  const lean = new SeriesPool(10, 4, 2);
  lean.reserve();
  assert.equal(lean.allocated, 2);
  // keep is at most the capacity, and must be an integer ≥ 0
  assert.equal(new SeriesPool(10, 2, 5).keep, 2);
  assert.equal(new SeriesPool(10, 2).keep, 2);
  const none = new SeriesPool(10, 2, 0);
  const s = none.take()!;
  none.give(s);
  assert.ok(none.allocated === 0 && none.take() !== s);
  assert.throws(() => new SeriesPool(10, 2, -1), /keep must be an integer ≥ 0, found -1/);
  assert.throws(() => new SeriesPool(10, 2, 0.5), RangeError);
});
