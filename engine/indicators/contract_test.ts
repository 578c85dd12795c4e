/**
 * The contract every built-in indicator meets, run over the whole table
 * (`library.ts`) on seeded random bars:
 *
 * - one output array per declared output, of the input length;
 * - NaN before the declared warm-up and a finite value at it: the declared
 *   warm-up is exact, also when the input is another indicator that starts
 *   later;
 * - no look-ahead: computed on the bars cut short at several points, every
 *   value up to the cut is the same, bit for bit;
 * - inputs are never written, and an output computed into a garbage-filled
 *   array is bit-identical to one computed into a fresh array (the cache
 *   recycles arrays);
 * - params are validated by the schema, and the positional `args` name real
 *   params.
 */
import assert from "node:assert/strict";
import { type BarFrame, frameFromRows } from "../data/bar_frame.ts";
import { IndicatorCache, SeriesPool } from "./cache.ts";
import { type IndicatorDefinition, parseParams } from "./define_indicator.ts";
import { INDICATOR_LIST } from "./library.ts";
import { smaIndicator } from "./sma.ts";
import { tickWalk, uniform } from "./_test_helpers.ts";

/** Params for definitions whose defaults alone do not parse (a required input or period). */
const EXAMPLE_PARAMS: Record<string, unknown> = {
  crossover: { a: { use: smaIndicator, params: { period: 5 } }, b: { use: smaIndicator, params: { period: 12 } } },
};

/** Seeded OHLCV bars of one symbol: a tick walk with wicks and volume, hourly over trading hours of weekdays. */
function randomBars(seed: number, len: number): BarFrame {
  const close = tickWalk(seed, len, 10_000, 25);
  const u = uniform(seed + 1);
  const rows = [];
  let t = Date.UTC(2021, 0, 4, 14);
  for (let i = 0; i < len; i++) {
    const c = close[i]!, o = i === 0 ? c : close[i - 1]! + (u() - 0.5) * 0.1;
    const high = Math.max(o, c) + u() * 0.3, low = Math.min(o, c) - u() * 0.3;
    rows.push({ symbol: "X", tsMs: t, open: o, high, low, close: c, volume: Math.round(1000 + u() * 5000) });
    t += 3_600_000;
    if (new Date(t).getUTCHours() === 21) t += 17 * 3_600_000; // next day's 14:00
    while (new Date(t).getUTCDay() % 6 === 0) t += 86_400_000;
  }
  return frameFromRows(rows, 3_600_000);
}

/** The bars of `frame` up to bar `len` (exclusive). */
function prefix(frame: BarFrame, len: number): BarFrame {
  const rows = [];
  for (let i = 0; i < len; i++) {
    rows.push({
      symbol: "X",
      tsMs: frame.tsMs[i]!,
      open: frame.open[i]!,
      high: frame.high[i]!,
      low: frame.low[i]!,
      close: frame.close[i]!,
      volume: frame.volume[i]!,
    });
  }
  return frameFromRows(rows, frame.intervalMs[0]!);
}

function paramsFor(def: IndicatorDefinition): unknown {
  return EXAMPLE_PARAMS[def.name] ?? {};
}

const LEN = 400;

for (const def of INDICATOR_LIST as readonly IndicatorDefinition[]) {
  Deno.test(`indicator contract: ${def.name}`, () => {
    const params = paramsFor(def);
    assert.ok(parseParams(def, params).ok, `${def.name}: the contract test's params do not parse`);
    const shape = (def.params as unknown as { shape?: Record<string, unknown> }).shape;
    if (shape !== undefined) { for (const a of def.args) assert.ok(a in shape, `${def.name}: args names "${a}"`); }

    for (const seed of [1, 2, 3]) {
      const frame = randomBars(seed, LEN);
      const before = [frame.open, frame.high, frame.low, frame.close, frame.volume].map((c) => c.slice());
      const cache = new IndicatorCache(frame);
      const got = cache.get(def, 0, params);
      assert.equal(got.values.length, def.outputs.length, `${def.name}: one array per output`);
      got.values.forEach((v, o) => {
        const what = `${def.name}.${def.outputs[o]} (seed ${seed})`;
        assert.equal(v.length, LEN, `${what}: length`);
        const start = got.starts[o]!;
        for (let i = 0; i < Math.min(start, LEN); i++) assert.ok(Number.isNaN(v[i]), `${what}[${i}] before warm-up`);
        if (start < LEN) assert.ok(Number.isFinite(v[start]), `${what}: no value at its warm-up end, bar ${start}`);
      });
      [frame.open, frame.high, frame.low, frame.close, frame.volume].forEach((c, i) =>
        assert.deepEqual(c, before[i], `${def.name} wrote into an input`)
      );

      // no look-ahead: a cut-short dataset gives the same values up to the cut
      for (const cut of [1, 7, 60, 199, 333, LEN - 1]) {
        const part = new IndicatorCache(prefix(frame, cut)).get(def, 0, params);
        part.values.forEach((v, o) => {
          for (let i = 0; i < cut; i++) {
            if (!Object.is(v[i], got.values[o]![i])) {
              assert.fail(`${def.name}.${def.outputs[o]}[${i}] is ${got.values[o]![i]} on all bars, ${v[i]} on ${cut}`);
            }
          }
        });
      }

      // recycled, garbage-filled arrays give the same bits
      const pool = new SeriesPool(LEN, 64);
      const slots = [];
      for (let x = pool.take(); x !== undefined; x = pool.take()) slots.push(x.fill(-987.25));
      for (const x of slots) pool.give(x);
      const again = new IndicatorCache(frame, { pool }).get(def, 0, params);
      again.values.forEach((v, o) => {
        for (let i = 0; i < LEN; i++) {
          if (!Object.is(v[i], got.values[o]![i])) assert.fail(`${def.name}.${def.outputs[o]}[${i}] in a used slot`);
        }
      });
    }
  });
}

for (const def of INDICATOR_LIST as readonly IndicatorDefinition[]) {
  const shape = (def.params as unknown as { shape?: Record<string, unknown> }).shape;
  if (shape === undefined || !("source" in shape)) continue;
  Deno.test(`indicator contract: ${def.name} on another indicator starts where its input does`, () => {
    const frame = randomBars(9, LEN);
    const cache = new IndicatorCache(frame);
    const input = { use: smaIndicator, params: { period: 11 } };
    const base = paramsFor(def) as Record<string, unknown>;
    const got = cache.get(def, 0, { ...base, source: input });
    const alone = cache.get(def, 0, base);
    got.values.forEach((v, o) => {
      const start = got.starts[o]!;
      assert.equal(start, alone.starts[o]! + 10, `${def.name}.${def.outputs[o]}: start shifts by the input's warm-up`);
      for (let i = 0; i < Math.min(start, LEN); i++) assert.ok(Number.isNaN(v[i]), `${def.name}[${i}] before warm-up`);
      if (start < LEN) assert.ok(Number.isFinite(v[start]), `${def.name}.${def.outputs[o]}: no value at bar ${start}`);
    });
  });
}

Deno.test("the indicator table holds at least 45 indicators, each name once", () => {
  const names = INDICATOR_LIST.map((d) => d.name);
  assert.equal(new Set(names).size, names.length);
  assert.ok(names.length >= 45, `only ${names.length}`);
});
