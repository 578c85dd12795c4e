/**
 * Sizing: how a `buy()` / `sell()` without a quantity becomes one.
 *
 * - `fixedQty`: `qty`.
 * - `percentEquity`: `fraction × equity ÷ price`.
 * - `atrVolatility`: `equity × riskFraction ÷ (atrMultiple × ATR(atrPeriod))`.
 *
 * Then every method rounds down to a whole number of `lotSize`, cuts the
 * result to `maxQty`, and gives 0 when it is below `minQty` (or 0).
 *
 * **Inputs.** `price` is the close of the signal bar and `equity` the
 * mark-to-market equity at that close (cash plus every position at its latest
 * close). The ATR is the indicator cache's `atr(symbol, atrPeriod)` series,
 * the very array strategies read through `setup.indicators(s).atr(n)` (the `atr` indicator definition), taken
 * at the signal bar; it is NaN for the first `atrPeriod` bars, and the gate
 * then denies the intent with the rule `atr-warmup`.
 *
 * @module
 */
import type { IndicatorCache } from "../indicators/cache.ts";
import { atrIndicator } from "../indicators/atr.ts";
import type { SizingConfig } from "./config.ts";

/** Turns an intent into an unsigned quantity. */
export interface Sizer {
  /**
   * The quantity for symbol `s` at its bar `index`: > 0, or 0 when nothing
   * can be sized, or NaN while the ATR is not yet defined.
   */
  size(s: number, index: number, price: number, equity: number): number;
  /** Why {@linkcode Sizer.size} gave 0 or NaN, for a denial's detail. */
  explain(s: number, index: number, price: number, equity: number): string;
  /** The ATR `atrVolatility` sizing uses at that bar (NaN for the other methods). */
  atrAt(s: number, index: number): number;
  /**
   * The currency per unit a quantity sized at that bar puts at risk: `atrMultiple × ATR` for `atrVolatility` (the
   * stop distance its sizing assumes, so that `qty × riskPerUnit` is about `riskFraction × equity`); NaN for the
   * other methods, which assume no stop. A trade's `initialRisk` is built from it (docs/execution.md).
   */
  riskPerUnit(s: number, index: number): number;
}

/**
 * Round `x` down to a whole number of `lot`s (with a hair of tolerance for
 * float error); never below 0.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { floorToLot } from "./sizing.ts";
 * assert.ok(floorToLot(174, 25) === 150);
 * assert.ok(floorToLot(0.3, 0.1) === 0.3);
 * ```
 */
export function floorToLot(x: number, lot: number): number {
  const k = Math.floor(x / lot + 1e-9);
  if (k <= 0) return 0;
  const q = k * lot;
  return Number.isInteger(lot) ? q : Number(q.toPrecision(12));
}

const num = (x: number) => String(Number(x.toPrecision(6)));

/**
 * Build the sizer of a sizing config. `cache` is the run's indicator cache;
 * only `atrVolatility` reads it. With `pointValue` (the instruments' base
 * currency per price point per unit, per symbol), the ATR it reads is valued
 * in the base currency: `ATR × pointValue`, and callers pass valued prices.
 *
 * @example ATR sizing: floor(100,000 × 0.01 ÷ (2 × ATR))
 * ```ts
 * import assert from "node:assert/strict";
 * import { frameFromRows } from "../data/bar_frame.ts";
 * import { IndicatorCache } from "../indicators/cache.ts";
 * import { createSizer } from "./sizing.ts";
 * // every bar has a true range of 2, so ATR(3) = 2 from bar 3 on
 * const frame = frameFromRows([0, 1, 2, 3, 4].map((i) => ({ symbol: "A", tsMs: i * 86_400_000, open: 10, high: 11, low: 9, close: 10 })));
 * const sizer = createSizer(
 *   { kind: "atrVolatility", riskFraction: 0.01, atrPeriod: 3, atrMultiple: 2, lotSize: 1, minQty: 0 },
 *   new IndicatorCache(frame),
 * );
 * assert.ok(Number.isNaN(sizer.size(0, 1, 10, 100_000))); // warming up
 * assert.ok(sizer.size(0, 4, 10, 100_000) === 250); // 1000 ÷ (2 × 2)
 * assert.ok(sizer.riskPerUnit(0, 4) === 4); // 2 × ATR 2: 250 units risk 1000 = 1 % of equity
 * ```
 */
export function createSizer(
  config: SizingConfig,
  cache?: Pick<IndicatorCache, "series">,
  pointValue?: Float64Array,
): Sizer {
  const lot = config.lotSize, min = config.minQty, max = config.maxQty ?? Infinity;
  const bound = (raw: number): number => {
    const q = floorToLot(Math.min(raw, max), lot);
    return q > 0 && q >= min ? q : 0;
  };
  const boundsDetail = (raw: number, what: string): string => {
    const q = floorToLot(Math.min(raw, max), lot);
    if (q <= 0) return `${what} = ${num(raw)}, under one lot of ${lot}`;
    return `${what} = ${num(raw)}, below minQty ${min}`;
  };
  switch (config.kind) {
    case "fixedQty": {
      const q = config.qty;
      return {
        size: () => q,
        explain: () => `fixed qty ${q}`,
        atrAt: () => NaN,
        riskPerUnit: () => NaN,
      };
    }
    case "percentEquity": {
      const f = config.fraction;
      return {
        size: (_s, _i, price, equity) => (equity > 0 && price > 0 ? bound((equity * f) / price) : 0),
        explain: (_s, _i, price, equity) =>
          equity > 0 && price > 0
            ? boundsDetail((equity * f) / price, `equity ${num(equity)} * ${f} / price ${num(price)}`)
            : `equity ${num(equity)}: nothing to size`,
        atrAt: () => NaN,
        riskPerUnit: () => NaN,
      };
    }
    case "atrVolatility": {
      if (!cache) throw new Error("createSizer(): atrVolatility sizing needs the run's indicator cache");
      const { riskFraction: rf, atrPeriod: n, atrMultiple: m } = config;
      const series: (Float64Array | undefined)[] = [];
      const atrAt = (s: number, index: number): number => {
        const a = series[s] ?? (series[s] = cache.series(atrIndicator, s, { period: n }));
        const atr = index >= 0 && index < a.length ? a[index]! : NaN;
        // in the base currency per unit: an ATR of 4 points on a contract of 50 (USD) risks 200 per contract
        return pointValue === undefined ? atr : atr * pointValue[s]!;
      };
      return {
        size(s, index, _price, equity) {
          const atr = atrAt(s, index);
          if (atr !== atr) return NaN;
          return equity > 0 && atr > 0 ? bound((equity * rf) / (m * atr)) : 0;
        },
        explain(s, index, _price, equity) {
          const atr = atrAt(s, index);
          if (atr !== atr) return `ATR(${n}) is not defined until bar ${n} of the symbol (this is bar ${index})`;
          if (!(atr > 0)) return `ATR(${n}) is ${num(atr)}: no volatility to size by`;
          if (!(equity > 0)) return `equity ${num(equity)}: nothing to size`;
          // with instruments the ATR is valued: say so, with the points and the point value it comes from
          const what = pointValue === undefined
            ? `ATR ${num(atr)}`
            : `ATR ${num(atr / pointValue[s]!)} * point value ${num(pointValue[s]!)}`;
          return boundsDetail((equity * rf) / (m * atr), `equity ${num(equity)} * ${rf} / (${m} * ${what})`);
        },
        atrAt,
        riskPerUnit: (s, index) => m * atrAt(s, index),
      };
    }
  }
}
