/**
 * Slippage models: how far a fill's price moves against the order from its
 * reference price (the open, or the order's own limit or stop price).
 *
 * A model returns a non-negative amount per unit, in price units; the
 * simulator adds it to a buy's price and subtracts it from a sell's, then
 * keeps a limit-priced fill no worse than its limit. So every model except
 * `none` may put a market or stop fill outside the bar's low–high range, by at
 * most that amount.
 *
 * | kind          | slippage per unit                                                  |
 * | ------------- | ------------------------------------------------------------------ |
 * | `none`        | 0                                                                  |
 * | `fixedBps`    | `price × bps / 10,000`                                             |
 * | `halfSpread`  | `price × spreadBps / 2 / 10,000`                                   |
 * | `volumeShare` | `impact × share² × price`, `share = min(1, qty / bar volume)`      |
 * | `atrFraction` | `fraction × ATR(period)` of the last completed bar (0 in warm-up)  |
 *
 * `volumeShare` is zipline's `VolumeShareSlippage` (there `price_impact`,
 * default 0.1): the impact grows with the square of the fill's share of the
 * bar's volume. `share` is capped at 1, so with `impact` < 1 a sell price
 * stays positive.
 *
 * @module
 */
import type { BarFrame } from "../data/bar_frame.ts";
import { ConfigError } from "../errors.ts";
import type { IndicatorCache } from "../indicators/cache.ts";
import { atrIndicator } from "../indicators/atr.ts";
import type { SlippageConfig } from "./config.ts";

/**
 * What a slippage model sees about one fill. The simulator reuses one object.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import type { SlippageInput } from "./slippage.ts";
 * const x: SlippageInput = { s: 0, row: 3, price: 25, qty: 100, side: -1 };
 * assert.ok(x.side === -1);
 * ```
 */
export interface SlippageInput {
  /** Symbol id. */
  s: number;
  /** Frame row of the bar the fill happens in. */
  row: number;
  /** Reference price before slippage. */
  price: number;
  /** Units filled (unsigned). */
  qty: number;
  /** +1 buy, −1 sell. */
  side: number;
}

/**
 * A slippage model: the adverse price move of one fill, per unit, never negative.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { frameFromRows } from "../data/bar_frame.ts";
 * import { type SlippageModel, slippageModel } from "./slippage.ts";
 * const frame = frameFromRows([{ symbol: "A", tsMs: 0, open: 1, high: 1, low: 1, close: 1, volume: 100 }], 60_000);
 * const m: SlippageModel = slippageModel({ kind: "halfSpread", spreadBps: 20 }, { frame });
 * assert.ok(m.slippage({ s: 0, row: 0, price: 50, qty: 1, side: 1 }) === 0.05);
 * ```
 */
export interface SlippageModel {
  slippage(input: SlippageInput): number;
}

/**
 * What the bar-dependent models need.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { frameFromRows } from "../data/bar_frame.ts";
 * import type { SlippageContext } from "./slippage.ts";
 * const ctx: SlippageContext = { frame: frameFromRows([{ symbol: "A", tsMs: 0, open: 1, high: 1, low: 1, close: 1 }], 60_000) };
 * assert.ok(ctx.cache === undefined);
 * ```
 */
export interface SlippageContext {
  readonly frame: BarFrame;
  /** Shared indicator cache, for `atrFraction`. */
  readonly cache?: IndicatorCache;
}

/**
 * Build the slippage model of a config.
 *
 * @example Ten basis points on a 50.00 fill
 * ```ts
 * import assert from "node:assert/strict";
 * import { frameFromRows } from "../data/bar_frame.ts";
 * import { slippageModel } from "./slippage.ts";
 * const frame = frameFromRows([{ symbol: "A", tsMs: 0, open: 50, high: 51, low: 49, close: 50, volume: 1000 }], 60_000);
 * const m = slippageModel({ kind: "fixedBps", bps: 10 }, { frame });
 * assert.ok(m.slippage({ s: 0, row: 0, price: 50, qty: 100, side: 1 }) === 0.05);
 * ```
 *
 * @throws {ConfigError} when `volumeShare` is asked of bars without volume.
 */
export function slippageModel(c: SlippageConfig, ctx: SlippageContext): SlippageModel {
  switch (c.kind) {
    case "none":
      return { slippage: () => 0 };
    case "fixedBps": {
      const f = c.bps / 10_000;
      return { slippage: (x) => x.price * f };
    }
    case "halfSpread": {
      const f = c.spreadBps / 20_000;
      return { slippage: (x) => x.price * f };
    }
    case "volumeShare": {
      requireVolume(ctx.frame, "execution.slippage (volumeShare)");
      const impact = c.impact, volume = ctx.frame.volume;
      return {
        slippage: (x) => {
          const v = volume[x.row]!;
          const share = v > x.qty ? x.qty / v : 1;
          return impact * share * share * x.price;
        },
      };
    }
    case "atrFraction": {
      const { frame } = ctx;
      const cache = ctx.cache;
      if (!cache) throw new Error("slippageModel(): atrFraction needs the run's indicator cache");
      const atr = frame.symbols.map((_, s) => cache.series(atrIndicator, s, { period: c.period }));
      const segStart = frame.segStart, fraction = c.fraction;
      return {
        slippage: (x) => {
          // the last completed bar's ATR: the fill's own bar is not over yet
          const v = atr[x.s]![x.row - segStart[x.s]! - 1];
          return v !== undefined && v === v ? fraction * v : 0;
        },
      };
    }
  }
}

/**
 * Throw a ConfigError naming `field` when any symbol's bars carry no volume.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { frameFromRows } from "../data/bar_frame.ts";
 * import { requireVolume } from "./slippage.ts";
 * const f = frameFromRows([{ symbol: "A", tsMs: 0, open: 1, high: 1, low: 1, close: 1 }], 60_000);
 * let threw = false;
 * try { requireVolume(f, "execution.participation"); } catch { threw = true; }
 * assert.ok(threw);
 * ```
 */
export function requireVolume(frame: BarFrame, field: string): void {
  const { volume, segStart, segEnd, symbols } = frame;
  for (let s = 0; s < symbols.length; s++) {
    for (let r = segStart[s]!; r < segEnd[s]!; r++) {
      if (!(volume[r]! >= 0)) {
        throw new ConfigError(
          `${field}: needs bar volume, but "${symbols[s]}" has no volume at bar ${r - segStart[s]! + 1}`,
        );
      }
    }
  }
}
