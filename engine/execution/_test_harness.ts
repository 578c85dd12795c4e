/**
 * A small driver for the fill simulator in tests: hand-made bars, a sink that
 * keeps positions, fills and costs, and a step function that does what the
 * backtest loop does at each bar (work the orders at the open, mark at the
 * close). Private to engine/execution tests.
 *
 * @module
 */
import { type BarRow, frameFromRows } from "../data/bar_frame.ts";
import { IndicatorCache } from "../indicators/cache.ts";
import { ExecutionConfigSchema } from "./config.ts";
import { type OrderSpecWriter, writeOrderSpec } from "./order.ts";
import { createFillSimulator, executionModels, type FillDetail, type FillSimulator } from "./simulator.ts";
import type { OrderOptions } from "../strategy/types.ts";

/** One recorded fill. */
export interface TestFill extends FillDetail {
  readonly id: number;
  readonly s: number;
  readonly row: number;
  readonly tsMs: number;
  readonly qty: number;
  readonly price: number;
  readonly fee: number;
}

/** A simulator over hand-made bars with a recording sink. */
export interface Harness {
  readonly sim: FillSimulator;
  readonly fills: TestFill[];
  readonly costs: { s: number; amount: number; tsMs: number }[];
  readonly position: Float64Array;
  readonly mark: Float64Array;
  readonly tsMs: Float64Array;
  /** Work bar `row` (its open), then mark its close. */
  step(row: number): void;
  /** Work every bar in clock order from `from` to `to` (exclusive). */
  run(from: number, to: number): void;
  /** Submit an order with options at the close of `row`. */
  order(row: number, signedQty: number, options?: OrderOptions): number;
}

/** Build a harness over `rows` with an `execution` config (raw, defaults applied). */
export function harness(rows: readonly BarRow[], execution: unknown = {}, seed = 1, intervalMs?: number): Harness {
  const frame = frameFromRows(rows, intervalMs);
  const k = frame.symbols.length;
  const position = new Float64Array(k), mark = new Float64Array(k).fill(NaN);
  const models = executionModels(ExecutionConfigSchema.parse(execution), {
    frame,
    seed,
    cache: new IndicatorCache(frame),
  });
  const sim = createFillSimulator(frame, models, { qty: position, mark });
  const fills: TestFill[] = [];
  const costs: { s: number; amount: number; tsMs: number }[] = [];
  let row = 0;
  const sink = {
    fill(id: number, s: number, q: number, price: number, fee: number, tsMs: number, d: Readonly<FillDetail>) {
      position[s] = position[s]! + q;
      fills.push({ id, s, row, tsMs, qty: q, price, fee, ...d });
    },
    cost(s: number, amount: number, tsMs: number) {
      costs.push({ s, amount, tsMs });
    },
  };
  const spec: OrderSpecWriter = {
    orderType: [],
    limitPrice: [],
    stopPrice: [],
    tif: [],
    tifBars: [],
    stopLoss: [],
    takeProfit: [],
    reduceOnly: [],
  };
  const h: Harness = {
    sim,
    fills,
    costs,
    position,
    mark,
    tsMs: frame.tsMs,
    step(r) {
      row = r;
      const s = frame.symbolId[r]!;
      sim.onBarOpen(s, r, sink);
      mark[s] = frame.close[r]!;
    },
    run(from, to) {
      for (let i = from; i < to; i++) h.step(frame.clock[i]!);
    },
    order(r, signedQty, options) {
      const problem = writeOrderSpec(options, Math.sign(signedQty), spec, 0);
      if (problem !== null) throw new Error(problem);
      const s = frame.symbolId[r]!;
      return sim.submit(s, signedQty, frame.closeMs[r]!, spec, 0);
    },
  };
  return h;
}

/** Minute bars of one symbol from [open, high, low, close, volume] tuples. */
export function minuteBars(
  bars: readonly (readonly [number, number, number, number, number?])[],
  symbol = "A",
  t0 = 0,
): BarRow[] {
  return bars.map(([open, high, low, close, volume], i) => ({
    symbol,
    tsMs: t0 + i * 60_000,
    open,
    high,
    low,
    close,
    volume: volume ?? 1_000_000,
  }));
}
