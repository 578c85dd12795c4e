/**
 * `RunOptions.overlays`: the indicator series a strategy asked for at setup,
 * recorded per symbol for the report's price pane, with the pane each belongs
 * in, copied out of the run's indicator cache.
 */
import assert from "node:assert/strict";
import { z } from "zod";
import { type BarRow, defineStrategy, frameFromRows, parseConfig, runBacktest } from "../mod.ts";
import { MAX_OVERLAYS_PER_SYMBOL } from "../engine/strategy/overlays.ts";

const MIN = 60_000;

function rows(symbol: string, closes: readonly number[]): BarRow[] {
  return closes.map((c, i) => ({ symbol, tsMs: i * MIN, open: c, high: c + 1, low: c - 1, close: c, volume: 100 }));
}

type Ind = Record<string, (...a: unknown[]) => unknown>;

/**
 * A strategy whose create() runs `ask` on each symbol's indicators, that runs `later` on the first symbol's at its
 * first bar, and that trades nothing.
 */
function asking(ask: (ind: Ind) => void, later?: (ind: Ind) => void) {
  return defineStrategy({
    name: "asking",
    params: z.strictObject({}),
    create(_p, setup) {
      for (const name of setup.symbols) ask(setup.indicators(name) as never);
      let once = true;
      return {
        onBar() {
          if (once && later) later(setup.indicators(0) as never), once = false;
        },
      };
    },
  });
}

function config(use: ReturnType<typeof asking>) {
  return parseConfig({
    name: "t",
    data: { source: "unused.csv" },
    capital: 100_000,
    strategy: { use, params: {} },
    risk: { sizing: { kind: "fixedQty", qty: 1 } },
  }, { file: "inline" });
}

Deno.test("overlays: recorded only when asked, named by indicator and params, with the pane of their unit", () => {
  const frame = frameFromRows([...rows("A", [10, 11, 12, 13, 14, 15]), ...rows("B", [20, 22, 24, 26, 28, 30])], MIN);
  const strategy = asking((ind) => {
    ind.sma!(3);
    ind.bollinger!(3, 2);
    ind.sma!(2, ind.rsi!(2)); // an average of an oscillator: in the oscillator's pane
    ind.sma!(3); // asked twice, recorded once
    ind.atr!(2);
    ind.sma!(2, "volume");
  });
  assert.equal(runBacktest(config(strategy), frame).overlays, undefined, "not asked: not recorded");
  const got = runBacktest(config(strategy), frame, { overlays: true }).overlays!;
  const names = got.map((o) => `${o.symbol} ${o.name} ${o.pane}`);
  const perSymbol = (s: string) => [
    `${s} sma(3) price`,
    `${s} bollinger(3,2).middle price`,
    `${s} bollinger(3,2).upper price`,
    `${s} bollinger(3,2).lower price`,
    `${s} rsi(2) own`,
    `${s} sma(2,rsi(2)) own`,
    `${s} atr(2) own`,
    `${s} sma(2,volume) own`,
  ];
  assert.deepEqual(names, [...perSymbol("A"), ...perSymbol("B")]);
  // one value per bar of the symbol: SMA(3) of B's closes 20, 22, 24, 26, 28, 30
  const smaB = got.find((o) => o.symbol === "B" && o.name === "sma(3)")!;
  assert.deepEqual([...smaB.values], [NaN, NaN, 22, 24, 26, 28]);
  // bands: middle ± 2 population standard deviations of 3 closes; for 20, 22, 24: 22 ± 2 × √(8/3)
  const upperB = got.find((o) => o.symbol === "B" && o.name === "bollinger(3,2).upper")!;
  assert.ok(Math.abs(upperB.values[2]! - (22 + 2 * Math.sqrt(8 / 3))) < 1e-12);
});

Deno.test(`overlays: at most ${MAX_OVERLAYS_PER_SYMBOL} series per symbol, the first asked`, () => {
  const frame = frameFromRows(rows("A", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]), MIN);
  const strategy = asking((ind) => {
    for (let n = 1; n <= 10; n++) ind.ema!(n);
  });
  const got = runBacktest(config(strategy), frame, { overlays: true }).overlays!;
  assert.deepEqual(got.map((o) => o.name), [
    "ema(1)",
    "ema(2)",
    "ema(3)",
    "ema(4)",
    "ema(5)",
    "ema(6)",
    "ema(7)",
    "ema(8)",
  ]);
});

Deno.test("overlays: copies that outlive the run's indicator memory; series asked for after setup are left out", () => {
  const frame = frameFromRows(rows("A", [5, 6, 7, 8, 9, 10]), MIN);
  let late: unknown;
  const first = runBacktest(
    config(asking((ind) => void ind.sma!(2), (ind) => late = ind.ema!(2))),
    frame,
    { overlays: true },
  ).overlays!;
  assert.ok(late !== undefined, "the hook did ask");
  assert.deepEqual(first.map((o) => o.name), ["sma(2)"]);
  // the next run on the frame reuses the scratch slots the first run's series lived in
  runBacktest(config(asking((ind) => void ind.wma!(3))), frame);
  assert.deepEqual([...first[0]!.values], [NaN, 5.5, 6.5, 7.5, 8.5, 9.5]);
});
